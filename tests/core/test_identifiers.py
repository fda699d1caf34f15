"""NHS number and UPN validation and synthetic generation."""

import random

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from opencsc.core import identifiers as ids

# --- NHS number ---------------------------------------------------------------


def test_known_valid_nhs_number():
    # Worked example: 9 4 3 4 7 6 5 9 1 weighted 10..2 =
    # 90+36+24+28+42+30+20+27+2 = 299; 299 mod 11 = 2; 11 - 2 = 9 = last digit.
    assert ids.nhs_check_digit("943476591") == 9
    assert ids.nhs_number_is_valid("9434765919")


def test_wrong_check_digit_is_invalid():
    assert not ids.nhs_number_is_valid("9434765918")


@pytest.mark.parametrize("s", ["943 476 5919", " 943-476-5919 ", "943 4765919"])
def test_nhs_number_spacing_is_accepted_and_normalised(s):
    assert ids.nhs_number_is_valid(s)
    assert ids.normalise_nhs_number(s) == "9434765919"


def test_format_nhs_number():
    assert ids.format_nhs_number("9434765919") == "943 476 5919"
    assert ids.format_nhs_number("12345") == "12345"


def test_check_digit_ten_is_never_valid():
    # 100000001: 1x10 + 1x2 = 12; 12 mod 11 = 1; 11 - 1 = 10 -> no valid check digit.
    assert ids.nhs_check_digit("100000001") is None
    for last in "0123456789":
        assert not ids.nhs_number_is_valid("100000001" + last)


def test_check_digit_eleven_becomes_zero():
    # 200000001: 2x10 + 1x2 = 22; 22 mod 11 = 0; 11 - 0 = 11 -> check digit 0.
    assert ids.nhs_check_digit("200000001") == 0
    assert ids.nhs_number_is_valid("2000000010")


@pytest.mark.parametrize(
    ("first9", "check"),
    [
        ("000000011", 6),  # 1x3 + 1x2 = 5; 11 - 5 = 6
        ("020000000", 4),  # 2x9 = 18; 18 mod 11 = 7; 11 - 7 = 4
        ("110000000", 3),  # 10 + 9 = 19; 19 mod 11 = 8; 11 - 8 = 3
    ],
)
def test_check_digit_worked_examples(first9, check):
    assert ids.nhs_check_digit(first9) == check


def test_nhs_check_digit_needs_nine_digits():
    with pytest.raises(ValueError):
        ids.nhs_check_digit("12345678")


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("", "empty"),
        ("943 476 591", "You entered 9 digits"),
        ("94347659190", "You entered 11 digits"),
        ("943A765919", "numbers only"),
        ("0000000000", "placeholder"),
        ("1111111111", "placeholder"),
        ("9434765918", "check digit"),
    ],
)
def test_validate_nhs_number_messages_say_what_to_fix(value, fragment):
    with pytest.raises(ValidationError) as exc:
        ids.validate_nhs_number(value)
    message = exc.value.messages[0]
    assert message.startswith("Enter a valid NHS number: 10 digits, like 943 476 5919.")
    assert fragment in message
    assert exc.value.code == "invalid_nhs_number"


def test_validate_nhs_number_accepts_valid():
    ids.validate_nhs_number("943 476 5919")


def test_check_digit_mismatch_message_exactly():
    with pytest.raises(ValidationError) as exc:
        ids.validate_nhs_number("9434765918")
    assert exc.value.messages == [
        "Enter a valid NHS number: 10 digits, like 943 476 5919. "
        "The last digit does not match the others (check digit)."
    ]


@given(seed=st.integers(min_value=0, max_value=2**32))
def test_make_nhs_number_is_valid_and_synthetic(seed):
    n = ids.make_nhs_number(random.Random(seed))
    assert len(n) == 10
    assert n.startswith("999")
    assert ids.nhs_number_is_valid(n)
    assert ids.is_synthetic_nhs_number(n)


def test_make_nhs_number_is_reproducible():
    assert ids.make_nhs_number(random.Random(7)) == ids.make_nhs_number(random.Random(7))


# --- UPN ------------------------------------------------------------------------

# Independent reference implementation written straight from the DfE definition.
_TABLE = {
    0: "A", 1: "B", 2: "C", 3: "D", 4: "E", 5: "F", 6: "G", 7: "H", 8: "J", 9: "K",
    10: "L", 11: "M", 12: "N", 13: "P", 14: "Q", 15: "R", 16: "T", 17: "U", 18: "V",
    19: "W", 20: "X", 21: "Y", 22: "Z",
}  # fmt: skip
_LETTER_VALUE = {letter: value for value, letter in _TABLE.items()}


def _reference_check_letter(chars_2_to_13: str) -> str:
    total = 0
    for position in range(2, 14):
        ch = chars_2_to_13[position - 2]
        value = int(ch) if ch.isdigit() else _LETTER_VALUE[ch]
        total += value * position
    return _TABLE[total % 23]


def test_upn_worked_example_permanent():
    # UPN ?895400123017 (LA 895, establishment 4001, year 23, serial 017):
    # 8x2 + 9x3 + 5x4 + 4x5 + 0x6 + 0x7 + 1x8 + 2x9 + 3x10 + 0x11 + 1x12 + 7x13
    # = 16 + 27 + 20 + 20 + 0 + 0 + 8 + 18 + 30 + 0 + 12 + 91 = 242
    # 242 mod 23 = 12 -> N, so the UPN is N895400123017.
    assert _reference_check_letter("895400123017") == "N"
    assert ids.upn_check_letter("895400123017") == "N"
    assert ids.upn_is_valid("N895400123017")
    assert not ids.upn_is_temporary("N895400123017")
    assert not ids.upn_is_valid("M895400123017")


def test_upn_worked_example_temporary():
    # Temporary UPN: letter K (value 9) in position 13: 242 - 91 + 9x13 = 268;
    # 268 mod 23 = 15 -> R, so the UPN is R89540012301K.
    assert _reference_check_letter("89540012301K") == "R"
    assert ids.upn_is_valid("R89540012301K")
    assert ids.upn_is_temporary("R89540012301K")
    assert not ids.upn_is_valid("N89540012301K")


def test_upn_examples_from_other_implementations():
    # python-stdnum's doctest example and D2I CIN validator rule 1510 test data.
    assert ids.upn_is_valid("B801200005001")
    assert not ids.upn_is_valid("A801200005001")
    assert ids.upn_is_valid("A950000178301")
    assert ids.upn_is_valid("H243278544154")
    assert not ids.upn_is_valid("R247962919251")
    assert not ids.upn_is_valid("X428558133462")


def test_upn_is_normalised():
    assert ids.normalise_upn(" n895 4001 23017 ") == "N895400123017"
    assert ids.upn_is_valid("n895400123017")


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("", "empty"),
        ("UN1", "reason the UPN is unknown"),
        ("N89540012301", "13 characters; you entered 12"),
        ("1895400123017", "first character must be a letter"),
        ("I895400123017", "first character must be a letter"),
        ("N8954001230A7", "Characters 2 to 12 must all be numbers"),
        ("N89540012301I", "last character"),
        ("N89540012301S", "last character"),
        ("M895400123017", "check letter"),
    ],
)
def test_validate_upn_messages(value, fragment):
    with pytest.raises(ValidationError) as exc:
        ids.validate_upn(value)
    assert fragment in exc.value.messages[0]
    assert exc.value.code == "invalid_upn"


def test_upn_check_letter_rejects_bad_input():
    with pytest.raises(ValueError):
        ids.upn_check_letter("8954001230")
    with pytest.raises(ValueError):
        ids.upn_check_letter("89540012301O")


@given(seed=st.integers(min_value=0, max_value=2**32), temporary=st.booleans())
def test_make_upn_matches_reference(seed, temporary):
    upn = ids.make_upn(random.Random(seed), "895", temporary=temporary)
    assert len(upn) == 13
    assert upn[1:4] == "895"
    assert upn[0] == _reference_check_letter(upn[1:])
    assert ids.upn_is_valid(upn)
    assert ids.upn_is_temporary(upn) is temporary


@given(
    rest=st.text(alphabet="0123456789", min_size=11, max_size=11),
    last=st.sampled_from(list("0123456789" + "".join(_TABLE.values()))),
)
def test_check_letter_matches_reference(rest, last):
    assert ids.upn_check_letter(rest + last) == _reference_check_letter(rest + last)


def test_make_upn_rejects_bad_la_code():
    with pytest.raises(ValueError):
        ids.make_upn(random.Random(1), "89")
