"""Record IDs as people type them.

The ID shown on a record is the authority's case number (``Person.case_number``, the
returns' LAchildID: at most 20 letters and digits, CIN census 1520). Records printed
before case numbers carried "C0000123", built from the database key; that form is still
found on letters and in notes, so it still finds its record when no case number is
written that way.
"""

from __future__ import annotations

import re

from django.db.models import Q

#: CIN census 1520: LAchildID is at most 20 letters and digits.
CASE_NUMBER = re.compile(r"^[A-Za-z0-9]{1,20}$")
LEGACY_RECORD_ID = re.compile(r"^C0*(\d{1,12})$", re.IGNORECASE)


def normalise(text: str) -> str:
    return (text or "").strip()


def looks_like_record_id(text: str) -> bool:
    """A single word of letters and digits with at least one digit: names have none."""
    value = normalise(text)
    return bool(CASE_NUMBER.match(value)) and any(ch.isdigit() for ch in value)


def legacy_pk(text: str) -> int | None:
    match = LEGACY_RECORD_ID.match(normalise(text))
    return int(match.group(1)) if match else None


def record_id_q(text: str) -> Q:
    """People whose case number is ``text`` (as typed, or in capitals: the numbers an
    authority brings with it may carry letters), or whose old "C0000123" ID it is."""
    value = normalise(text)
    condition = Q(case_number__in=sorted({value, value.upper()}))
    old = legacy_pk(value)
    if old is not None:
        condition |= Q(pk=old)
    return condition
