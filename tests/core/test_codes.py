"""Code lists: values are the exact DfE codes; labels are plain English."""

import re

import pytest
from django.db import models

from opencsc.core import codes

DFE_LISTS = {
    codes.ReferralSource: [
        "1A", "1B", "1C", "1D", "2A", "2B", "3A", "3B", "3C", "3D", "3E", "3F",
        "4", "5A", "5B", "5C", "5D", "6", "7", "8", "9", "10",
    ],
    codes.PrimaryNeed: [f"N{i}" for i in range(10)],
    codes.ReasonForClosure: [f"RC{i}" for i in range(1, 10)],
    codes.CategoryOfAbuse: ["NEG", "PHY", "EMO", "SAB", "MUL"],
    codes.Disability: [
        "NONE", "MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS", "BEH", "CON",
        "AUT", "DDA",
    ],
    codes.UPNUnknown: [f"UN{i}" for i in range(1, 8)],
    codes.Ethnicity: [
        "WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND",
        "APKN", "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT",
    ],
    codes.AssessmentFactor: [
        "1A", "1B", "1C", "2A", "2B", "2C", "3A", "3B", "3C", "4A", "4B", "4C",
        "5A", "5B", "5C", "6A", "6B", "6C", "7A", "8B", "8C", "8D", "8E", "8F", "9A",
        "10A", "11A", "12A", "13A", "14A", "15A", "16A", "17A", "18B", "18C", "19B",
        "19C", "20", "21", "22A", "23A", "24A",
    ],
    codes.Sex: ["M", "F", "U"],
}  # fmt: skip

ALL_LISTS = [
    *DFE_LISTS,
    codes.ThresholdLevel,
    codes.ContactDecision,
    codes.ConsentStatus,
    codes.AssessmentOutcome,
    codes.Agency,
    codes.RelationshipType,
]


@pytest.mark.parametrize("cls", list(DFE_LISTS), ids=lambda c: c.__name__)
def test_dfe_values_are_exactly_the_dfe_codes(cls):
    assert sorted(cls.values) == sorted(DFE_LISTS[cls])
    assert len(set(cls.values)) == len(cls.values)


def test_every_assessment_factor_code_has_the_dfe_shape():
    for value in codes.AssessmentFactor.values:
        assert re.fullmatch(r"\d{1,2}[A-F]?", value), value


def test_deprecated_assessment_factors_are_not_offered():
    # CIN queries 8945Q / 8950Q: 18A and 19A should no longer be used.
    assert "18A" not in codes.AssessmentFactor.values
    assert "19A" not in codes.AssessmentFactor.values


def test_ethnicity_has_18_groups_plus_refused_and_not_obtained():
    assert len(codes.Ethnicity.values) == 20


@pytest.mark.parametrize("cls", ALL_LISTS, ids=lambda c: c.__name__)
def test_every_list_is_text_choices_with_labels_and_a_docstring(cls):
    assert issubclass(cls, models.TextChoices)
    assert cls.__doc__ and "\n" not in cls.__doc__.strip()
    for value, label in cls.choices:
        assert label and label != value, (cls.__name__, value)
        assert len(value) <= 32


@pytest.mark.parametrize(
    "cls",
    [
        codes.ThresholdLevel,
        codes.ContactDecision,
        codes.ConsentStatus,
        codes.AssessmentOutcome,
        codes.Agency,
        codes.RelationshipType,
    ],
    ids=lambda c: c.__name__,
)
def test_own_lists_use_snake_case_values(cls):
    for value in cls.values:
        assert re.fullmatch(r"[a-z][a-z_]*", value), value


def test_own_lists_contain_the_agreed_values():
    assert codes.ThresholdLevel.values == [
        "universal",
        "early_help",
        "child_in_need",
        "child_protection",
    ]
    assert codes.ContactDecision.values == [
        "nfa",
        "information_advice",
        "early_help",
        "referral",
        "strategy_discussion",
    ]
    assert codes.AssessmentOutcome.values == [
        "nfa",
        "early_help",
        "cin_plan",
        "strategy_discussion",
    ]
    assert set(codes.Agency.values) == {
        "police",
        "health",
        "education",
        "housing",
        "probation",
        "other_la",
        "csc_history",
        "gp",
        "health_visitor",
        "other",
    }
    assert set(codes.RelationshipType.values) == {
        "mother",
        "father",
        "step_parent",
        "carer",
        "sibling",
        "half_sibling",
        "grandparent",
        "other_relative",
        "household_member",
        "partner_of_parent",
        "other",
    }
    assert {"given", "refused", "not_sought_risk", "not_required_professional"} <= set(
        codes.ConsentStatus.values
    )
    assert codes.PersonRole is codes.RelationshipType


def test_codes_round_trip_through_the_enum():
    assert codes.ReferralSource("6") is codes.ReferralSource.POLICE
    assert codes.ReasonForClosure.NFA_AFTER_ASSESSMENT == "RC8"
    assert codes.AssessmentFactor.NO_FACTORS.label == "No factors identified"
    assert codes.Sex.UNKNOWN == "U"
