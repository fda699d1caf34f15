"""Annex A lists 8 to 11 in the workbook: Ofsted's headings in order, a fixed number of
queries per list, every code we write one liiatools' checker reads, and the whole
eleven-list workbook of the hand-made authorities through the checker.

One thing the checker cannot read: "LA of Placement" for a placement in England. Ofsted
asks for the authority's name there (its codes NIR, WAL, SCO, NUK and CON are for
placements outside England and confidential ones), and liiatools' newer Annex A schema
(liia-tools-pipeline, Annex_A_schema.yml) lists every English authority's name; but the
checker's liiatools 0.2.0 data-map knows only the five codes, so it counts each English
name as a formatting error (it does the same to its own sample workbook's "Home Town").
The tests below allow exactly those cells and no other error.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from opencsc.returns import annex_care_codes as codes
from opencsc.returns.annex_a import annex_lists, build_annex_a, write_workbook
from opencsc.returns.annex_common import Period
from tests.returns.test_annex_a_authority import build_authority, run_checker
from tests.returns.test_annex_care_authority import AS_OF, build_care
from tests.returns.test_annex_care_lists import rows_of

REPO = Path(__file__).resolve().parents[2]
LISTS = {annex.number: annex for annex in annex_lists()}
ALL_LISTS = [f"List {n}" for n in range(1, 12)]
LA_OF_PLACEMENT = "LA of Placement"


def _ofsted_headings() -> dict[int, list[str]]:
    """The headings validators/annexa_columns.md gives each list, in order."""
    found = {}
    for line in (REPO / "validators/annexa_columns.md").read_text().splitlines():
        match = re.match(r"- \*\*List (\d+)\*\* \(\d+ cols\): (.*)", line)
        if match:
            cells = match.group(2).split("; ")
            found[int(match.group(1))] = [re.sub(r"( \[\w+\])?( \*)?$", "", c) for c in cells]
    return found


def test_lists_8_to_11_have_ofsteds_headings_in_order():
    ofsted = _ofsted_headings()
    for number in (8, 9, 10, 11):
        assert [c.heading for c in LISTS[number].columns] == ofsted[number], number
    assert [len(LISTS[n].columns) for n in (8, 9, 10, 11)] == [34, 13, 16, 19]


@pytest.mark.parametrize(("number", "queries"), [(8, 5), (9, 3), (10, 2), (11, 1)])
def test_each_list_takes_a_fixed_number_of_queries(db, django_assert_num_queries, number, queries):
    build_care()
    annex = LISTS[number]
    with django_assert_num_queries(queries):
        first = annex.build(Period(AS_OF, annex.months))
    build_care_more()  # more children of every kind: the same number of queries
    with django_assert_num_queries(queries):
        assert len(annex.build(Period(AS_OF, annex.months))) > len(first)


def build_care_more():
    """A second authority's worth of the same records (new case numbers and references)."""
    from opencsc.adoption.models import Adopter, AdoptiveFamily
    from opencsc.people.models import Person

    for model, key in (
        (AdoptiveFamily, "reference"),
        (Adopter, "reference"),
        (Person, "case_number"),
    ):
        for record in model.objects.all():
            setattr(record, key, f"{getattr(record, key)}-old")
            record.save()
    build_care()


def _english(rows: list[dict]) -> int:
    outside = set(codes.OUTSIDE_ENGLAND.values())
    return sum(1 for r in rows if r[LA_OF_PLACEMENT] and r[LA_OF_PLACEMENT] not in outside)


def test_the_eleven_list_workbook_passes_liiatools_checker(db, tmp_path):
    build_authority()
    build_care()
    verdict = run_checker(build_annex_a(as_of=AS_OF), tmp_path)
    assert verdict["lists_found"] == ALL_LISTS and verdict["lists_missing"] == []
    # Every list has rows, so every column was read.
    assert set(verdict["rows"]) == set(ALL_LISTS)
    assert verdict["unmatched_sheets"] == [] and verdict["extra_columns"] == {}
    assert verdict["n_blank_errors"] == 0, verdict["blank_errors"]
    english = _english([r for rows in rows_of(8).values() for r in rows])
    assert english > 0
    # The one error the checker's liiatools 0.2.0 cannot help (see the module docstring).
    assert verdict["formatting_errors"] == {"List 8": {LA_OF_PLACEMENT: english}}


def _valid_row(annex, heading: str, value: object) -> list:
    """A row of ``annex`` every cell of which the checker reads, ``value`` under
    ``heading``."""
    import datetime as dt

    cells = []
    for column in annex.columns:
        if column.heading == heading:
            cells.append(value)
        elif column.kind == "date":
            cells.append(dt.date(2025, 6, 1))
        elif column.kind == "int":
            cells.append(1)
        else:
            cells.append(SAMPLE.get(column.heading, "a) Yes"))
    return cells


#: Every coded column of lists 8 to 11 and every value OpenCSC can write in it.
CODED = {
    8: {
        "Child's Legal Status": codes.LEGAL_STATUS.values(),
        "What is the permanence plan for this child?": codes.PERMANENCE_PLAN.values(),
        "Reason Ceased to be Looked After": codes.REASON_CEASED.values(),
        "Placement Type": codes.PLACEMENT_TYPE.values(),
        "Placement Provider": codes.PLACEMENT_PROVIDER.values(),
        "Placement Location": codes.PLACEMENT_LOCATION.values(),
        LA_OF_PLACEMENT: codes.OUTSIDE_ENGLAND.values(),
        "Did the child accept a Return Interview after their last missing episode (Y/N)?": (
            "a) Yes",
            "b) No",
        ),
    },
    9: {
        "Eligibility Category": codes.ELIGIBILITY.values(),
        "LA in Touch": codes.IN_TOUCH.values(),
        "Type of Accommodation": codes.ACCOMMODATION.values(),
        "Suitability of Accommodation": codes.SUITABILITY.values(),
        "Activity Status": codes.ACTIVITY.values(),
    },
    10: {"Reason Why Child No Longer Placed for Adoption": codes.NO_LONGER_PLACED.values()},
    11: {
        "Reason for leaving adoption process": [v for v in codes.LEFT_ADOPTION.values() if v],
        "Disability": (codes.UNKNOWN,),
    },
}
SAMPLE = {
    "Child Unique ID": "C1",
    "Individual adopter identifier": "A1",
    "Family identifier": "F1",
    "Gender": "a) Male",
    "Ethnicity": "a) WBRI",
    "Child's Category of Need": "N1 - Abuse or neglect",
    "Child's Legal Status": "C2: FCO",
    "Placement Type": "k) P1: Placed with parents",
    "Placement Provider": "a) PR0: Parents/Parental responsibility",
    "Placement postcode": "CW1 2AB",
    "URN of Placement": "SC100001",
    "Placement Location": "b) Out",
    LA_OF_PLACEMENT: "WAL - Child placed in Wales",
    "Reason Ceased to be Looked After": "t) E8: Care ceased for any other reason",
    "What is the permanence plan for this child?": "g) other",
    "Allocated Team": "Team",
    "Allocated Worker": "Worker",
    "Eligibility Category": "a) Relevant child",
    "Type of Accommodation": "U: Independent living",
    "Suitability of Accommodation": "a) Suitable",
    "Activity Status": codes.ACTIVITY["G5"],
    "Reason Why Child No Longer Placed for Adoption": codes.NO_LONGER_PLACED["RD4"],
    "Reason for leaving adoption process": codes.LEFT_ADOPTION["withdrew"],
}


def test_every_code_lists_8_to_11_write_is_one_the_checker_accepts(tmp_path):
    sheets = []
    for number in range(1, 12):
        annex = LISTS[number]
        rows = [
            _valid_row(annex, heading, value)
            for heading, values in CODED.get(number, {}).items()
            for value in values
        ]
        sheets.append((annex, rows))
    verdict = run_checker(write_workbook(sheets), tmp_path)
    assert verdict["n_formatting_errors"] == 0, verdict["formatting_errors"]
    assert verdict["n_blank_errors"] == 0, verdict["blank_errors"]
    assert verdict["rows"]["List 8"] == sum(len(list(v)) for v in CODED[8].values())


def test_an_english_authority_is_the_one_value_the_checker_cannot_read(tmp_path):
    annex = LISTS[8]
    rows = [_valid_row(annex, LA_OF_PLACEMENT, name) for name in ("Cheshire East", "Stockport")]
    verdict = run_checker(write_workbook([(annex, rows)]), tmp_path)
    assert verdict["formatting_errors"] == {"List 8": {LA_OF_PLACEMENT: 2}}


def test_every_code_opencsc_records_has_ofsteds_code():
    from opencsc.adoption.models import AdoptiveFamily, NoLongerPlacedReason
    from opencsc.care import codes as care
    from opencsc.leaving.models import AccommodationType, Activity, Eligibility, InTouch

    for choices, table in (
        (care.LegalStatus, codes.LEGAL_STATUS),
        (care.Placement, codes.PLACEMENT_TYPE),
        (care.PlacementProvider, codes.PLACEMENT_PROVIDER),
        (care.PermanenceOption, codes.PERMANENCE_PLAN),
        (Eligibility, codes.ELIGIBILITY),
        (InTouch, codes.IN_TOUCH),
        (AccommodationType, codes.ACCOMMODATION),
        (Activity, codes.ACTIVITY),
        (NoLongerPlacedReason, codes.NO_LONGER_PLACED),
        (AdoptiveFamily.LeftReason, codes.LEFT_ADOPTION),
    ):
        assert set(choices.values) == set(table), choices
    # X1 ends an episode, never a period of care (903 rule 148; care_period_end_has_reason).
    assert set(care.ReasonEpisodeCeased.values) - {"X1"} == set(codes.REASON_CEASED)
