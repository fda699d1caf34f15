"""NHS numbers and Unique Pupil Numbers (UPNs): validation and synthetic generation.

NHS number (NHS Data Dictionary, "NHS Number"): 10 digits; the 10th is a
modulus 11 check digit. Multiply digits 1-9 by weights 10, 9, ..., 2, sum,
take the remainder mod 11; check = 11 - remainder, where 11 -> 0 and 10 means
the number is invalid (no such NHS number is ever issued).

UPN (DfE "Unique Pupil Numbers (UPN): guidance for schools and LAs"; CIN
census rules 1510, 1540, 1550): 13 characters.

* character 1: check letter
* characters 2-4: LA number, 5-8: DfE establishment number, 9-10: year
  of allocation, 11-13: serial number
* a *temporary* UPN has a letter in position 13 instead of a digit.

Check letter: multiply characters 2..13 by weights 2..13, sum, take mod 23
and map 0..22 to ``A B C D E F G H J K L M N P Q R T U V W X Y Z`` (no I, O,
S). A letter in position 13 takes its value from the same table (A=0 ... Z=22).

Decision: ``upn_is_valid`` checks format and the check letter but not that
characters 2-4 are a currently recognised LA code (rule 1530): that list
changes with local government reorganisation and is checked at return time.
"""

from __future__ import annotations

import random
import re

from django.core.exceptions import ValidationError

__all__ = [
    "UPN_LETTERS",
    "normalise_nhs_number",
    "format_nhs_number",
    "nhs_check_digit",
    "nhs_number_is_valid",
    "nhs_number_problem",
    "validate_nhs_number",
    "SYNTHETIC_NHS_PREFIX",
    "make_nhs_number",
    "is_synthetic_nhs_number",
    "normalise_upn",
    "upn_check_letter",
    "upn_is_valid",
    "upn_is_temporary",
    "upn_problem",
    "validate_upn",
    "make_upn",
]

# ---------------------------------------------------------------------------
# NHS number
# ---------------------------------------------------------------------------

_NHS_EXAMPLE = "943 476 5919"
_NHS_PREFIX = f"Enter a valid NHS number: 10 digits, like {_NHS_EXAMPLE}."
_NHS_SEPARATORS = re.compile(r"[\s\-]+")
_TEN_DIGITS = re.compile(r"\d{10}")

#: NHS England reserves numbers starting 999 for testing; they are never issued
#: to patients, so synthetic people can never collide with a real person.
SYNTHETIC_NHS_PREFIX = "999"


def normalise_nhs_number(s: str) -> str:
    """Strip spaces and hyphens: ``"943 476 5919"`` -> ``"9434765919"``. Does not validate."""
    return _NHS_SEPARATORS.sub("", s or "")


def format_nhs_number(s: str) -> str:
    """Display form ``"943 476 5919"`` (3-3-4); returns the input unchanged if not 10 digits."""
    digits = normalise_nhs_number(s)
    if not _TEN_DIGITS.fullmatch(digits):
        return s
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}"


def nhs_check_digit(first9: str) -> int | None:
    """The modulus 11 check digit for 9 digits, or None when it would be 10 (invalid)."""
    if not re.fullmatch(r"\d{9}", first9 or ""):
        raise ValueError("first9 must be exactly 9 digits")
    total = sum(int(ch) * weight for ch, weight in zip(first9, range(10, 1, -1), strict=True))
    check = 11 - (total % 11)
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def nhs_number_problem(s: str) -> str | None:
    """Why ``s`` is not a valid NHS number (a sentence for the user), or None if it is valid.

    Decision: numbers made of one repeated digit (``0000000000``,
    ``1111111111``...) pass modulus 11 but are placeholders typed when the
    real number is unknown, so they are rejected.
    """
    digits = normalise_nhs_number(s)
    if not digits:
        return f"{_NHS_PREFIX} The NHS number is empty."
    if not digits.isdigit() or not digits.isascii():
        return f"{_NHS_PREFIX} Use numbers only (spaces are fine)."
    if len(digits) != 10:
        return f"{_NHS_PREFIX} You entered {len(digits)} digits."
    if len(set(digits)) == 1:
        return (
            f"{_NHS_PREFIX} A number made of one repeated digit is a placeholder, not an "
            "NHS number; leave it blank if it is not known."
        )
    if nhs_check_digit(digits[:9]) != int(digits[9]):
        return f"{_NHS_PREFIX} The last digit does not match the others (check digit)."
    return None


def nhs_number_is_valid(s: str) -> bool:
    """True for a 10-digit NHS number (spaces/hyphens allowed) with a correct check digit."""
    return nhs_number_problem(s) is None


def validate_nhs_number(value: str) -> None:
    """Django validator; raises ValidationError(code="invalid_nhs_number")."""
    problem = nhs_number_problem(value)
    if problem:
        raise ValidationError(problem, code="invalid_nhs_number")


def is_synthetic_nhs_number(s: str) -> bool:
    """True if ``s`` is in the 999 test range used for synthetic people."""
    return normalise_nhs_number(s).startswith(SYNTHETIC_NHS_PREFIX)


def make_nhs_number(rng: random.Random) -> str:
    """A valid NHS number in the 999 test range (never issued to a real patient).

    Synthetic people must not be confusable with real ones: NHS England keeps
    numbers beginning 999 for testing, so a leaked demo record cannot point at
    a real patient. About 1 in 11 draws gives check digit 10 and is redrawn.
    """
    while True:
        first9 = SYNTHETIC_NHS_PREFIX + "".join(str(rng.randrange(10)) for _ in range(6))
        check = nhs_check_digit(first9)
        digits = f"{first9}{check}"
        if check is not None and len(set(digits)) > 1:
            return digits


# ---------------------------------------------------------------------------
# UPN
# ---------------------------------------------------------------------------

#: DfE check-letter alphabet: value 0..22 <-> letter (I, O and S are never used).
UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
_UPN_VALUES = {letter: value for value, letter in enumerate(UPN_LETTERS)}
_UPN_PREFIX = "Enter a valid UPN: a letter then 12 characters, like B801200005001."
_UPN_UNKNOWN = re.compile(r"UN\d")


def normalise_upn(s: str) -> str:
    """Remove spaces and upper-case: ``" a801 2000 05001"`` -> ``"A801200005001"``."""
    return re.sub(r"\s+", "", s or "").upper()


def _char_value(ch: str) -> int:
    if ch.isdigit() and ch.isascii():
        return int(ch)
    return _UPN_VALUES[ch]


def upn_check_letter(rest12: str) -> str:
    """Check letter for UPN characters 2-13 (11 digits then a digit or a DfE letter).

    CIN census rule 1510: sum of character value x weight (weights 2..13),
    mod 23, mapped to ``UPN_LETTERS``.
    """
    rest12 = normalise_upn(rest12)
    if not re.fullmatch(rf"[0-9]{{11}}[0-9{UPN_LETTERS}]", rest12):
        raise ValueError("rest12 must be 11 digits then a digit or one of " + UPN_LETTERS)
    total = sum(_char_value(ch) * weight for weight, ch in enumerate(rest12, start=2))
    return UPN_LETTERS[total % 23]


def upn_problem(s: str) -> str | None:
    """Why ``s`` is not a valid UPN (a sentence for the user), or None if it is valid."""
    upn = normalise_upn(s)
    if not upn:
        return f"{_UPN_PREFIX} The UPN is empty."
    if _UPN_UNKNOWN.fullmatch(upn):
        return (
            f"{_UPN_PREFIX} {upn} is a reason the UPN is unknown, not a UPN: "
            "record it as the reason instead."
        )
    if len(upn) != 13:
        return f"{_UPN_PREFIX} It must be 13 characters; you entered {len(upn)}."
    if upn[0] not in UPN_LETTERS:
        return f"{_UPN_PREFIX} The first character must be a letter (not I, O or S)."
    if not (upn[1:12].isascii() and upn[1:12].isdigit()):
        # Rule 1540: characters 2-12 (5-12 in DfE's wording, 2-4 being the LA code) numeric.
        return f"{_UPN_PREFIX} Characters 2 to 12 must all be numbers."
    if not ((upn[12].isascii() and upn[12].isdigit()) or upn[12] in UPN_LETTERS):
        # Rule 1550: character 13 numeric or A-Z omitting I, O and S.
        return f"{_UPN_PREFIX} The last character must be a number or a letter (not I, O or S)."
    if upn_check_letter(upn[1:]) != upn[0]:
        # Rule 1510: wrong check letter at character 1.
        return f"{_UPN_PREFIX} The first letter does not match the rest (check letter)."
    return None


def upn_is_valid(s: str) -> bool:
    """True for a permanent or temporary UPN with the right format and check letter."""
    return upn_problem(s) is None


def upn_is_temporary(s: str) -> bool:
    """True for a valid UPN with a letter in position 13 (a temporary UPN)."""
    upn = normalise_upn(s)
    return upn_is_valid(upn) and upn[12].isalpha()


def validate_upn(value: str) -> None:
    """Django validator; raises ValidationError(code="invalid_upn")."""
    problem = upn_problem(value)
    if problem:
        raise ValidationError(problem, code="invalid_upn")


def make_upn(rng: random.Random, la_code: str, *, temporary: bool = False) -> str:
    """A valid synthetic UPN issued in LA ``la_code`` (3 digits, e.g. "895").

    Layout per DfE guidance: check letter, LA number, 4-digit establishment
    number, 2-digit year of allocation, 3-digit serial (or 2 digits and a letter
    when ``temporary``).
    """
    if not re.fullmatch(r"\d{3}", la_code or ""):
        raise ValueError("la_code must be 3 digits, e.g. '895'")
    establishment = f"{rng.randrange(1000, 8000):04d}"
    year = f"{rng.randrange(100):02d}"
    if temporary:
        serial = f"{rng.randrange(100):02d}{rng.choice(UPN_LETTERS)}"
    else:
        serial = f"{rng.randrange(1000):03d}"
    rest12 = la_code + establishment + year + serial
    return upn_check_letter(rest12) + rest12
