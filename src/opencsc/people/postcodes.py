"""UK postcodes: one stored form ("CW1 2AB") so a search can match them by index."""

from __future__ import annotations

import re

# Outward code (area, district, optional sub-district) and inward code (sector, unit).
# ONS/Royal Mail format; GIR 0AA is Girobank's historic special case.
_POSTCODE = re.compile(r"^(?:[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}|GIR0AA)$")
_OUTWARD = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")


def normalise_postcode(value: str) -> str:
    """Upper case, one space before the inward code: " cw12ab " -> "CW1 2AB"."""
    compact = re.sub(r"\s+", "", value or "").upper()
    if len(compact) > 3:
        return f"{compact[:-3]} {compact[-3:]}"
    return compact


def postcode_problem(value: str) -> str | None:
    """Why ``value`` is not a full UK postcode (a sentence for the user), or None."""
    compact = re.sub(r"\s+", "", value or "").upper()
    if not _POSTCODE.fullmatch(compact):
        return "Enter a real postcode, like CW1 2AB"
    return None


def is_outward_code(value: str) -> bool:
    """True for the first half of a postcode only ("CW1"), for searching a district."""
    return bool(_OUTWARD.fullmatch(re.sub(r"\s+", "", value or "").upper()))
