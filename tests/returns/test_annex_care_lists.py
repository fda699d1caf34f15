"""Annex A lists 8 to 11 on the hand-made care authority: who is in each list's period,
who is just outside it, and the value of every column."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest

from opencsc.returns.annex_a import annex_lists
from opencsc.returns.annex_common import Period
from tests.returns.test_annex_care_authority import AS_OF, build_care

D = dt.date.fromisoformat
LISTS = {annex.number: annex for annex in annex_lists()}


@pytest.fixture
def care(db):
    return build_care()


def rows_of(number: int, key: str = "Child Unique ID") -> dict[str, list[dict]]:
    annex = LISTS[number]
    grouped: dict[str, list[dict]] = defaultdict(list)
    for row in annex.build(Period(AS_OF, annex.months)):
        cells = dict(zip([c.heading for c in annex.columns], row, strict=True))
        grouped[cells[key]].append(cells)
    return dict(grouped)


def test_lists_8_to_11_look_back_as_ofsted_asks():
    # Ofsted: lists 8 and 9 at the point of inspection and the six months before; lists
    # 10 and 11 the twelve months before.
    assert [LISTS[n].months for n in (8, 9, 10, 11)] == [6, 6, 12, 12]


# --------------------------------------------------------------------------- list 8


def test_list_8_has_children_in_care_and_those_who_left_in_the_six_months(care):
    rows = rows_of(8)
    assert set(rows) == {"LAC-1", "LAC-LEFT", "LAC-AGAIN", "AD-1", "AD-REVERSED", "AD-FUTURE"}
    # Left before 30 March, short breaks only, came into care after the day: not listed.
    assert all(len(r) == 1 for r in rows.values())


def test_list_8_columns_for_a_child_who_moved_and_is_in_hospital(care):
    (row,) = rows_of(8)["LAC-1"]
    assert row["Gender"] == "a) Male" and row["Age of Child (Years)"] == 13
    assert row["Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)"] == (
        "b) No"
    )
    assert row["Does the Child have a Disability"] == "a) Yes"
    assert row["Date Started to be Looked After"] == D("2024-01-10")
    assert row["Child's Category of Need"] == "N1 - Abuse or neglect"
    assert (
        row[
            "Is this a second or subsequent period of being a Looked After Child within the "
            "last 12 months (Y/N)"
        ]
        == "b) No"
    )
    # The care order began with the episode that changed only the legal status.
    assert row["Start date of current legal status"] == D("2025-02-01")
    assert row["Child's Legal Status"] == "C2: FCO"
    assert row["Date of Latest Statutory Review"] == D("2025-08-01")  # not the one after
    assert row["Date of Last Social Work Visit"] == D("2025-09-10")  # seen; not after the day
    assert row["What is the permanence plan for this child?"] == "f) Long-term fostering"
    assert row["Date of Last IRO Visit / Contact to the Child"] == D("2025-07-15")
    assert row["Date of Last Health Assessment"] == D("2025-01-20")
    assert row["Date of Last Dental Check"] == D("2025-04-04")
    # In the foster home on 30 September 2024, then the children's home, then hospital:
    # the change of legal status in between is not a placement.
    assert row["Number of Placements in the Last 12 months"] == 3
    assert row["Date Ceased to be Looked After"] is None
    assert row["Reason Ceased to be Looked After"] is None
    assert row["Start Date of Most Recent Placement"] == D("2025-08-20")
    assert row["Placement Type"] == "x) T1: Temporary placement - hospital"
    # 903 rule 213: a temporary placement has no provider; the home it interrupts does.
    assert row["Placement Provider"] == "e) PR4: Private provision"
    assert row["Placement postcode"] == "ST1 1DU" and row["URN of Placement"] is None
    assert row["Placement Location"] == "b) Out" and row["LA of Placement"] == "Stoke-on-Trent"
    missing = (
        "Number of Episodes the Child has been '{}' from their Placement in the last 12 months"
    )
    assert row[missing.format("Missing")] == 2 and row[missing.format("Absent")] == 1
    assert (
        row["Was the child offered a Return Interview after their last missing episode (Y/N)?"]
        == "a) Yes"
    )
    assert (
        row["Did the child accept a Return Interview after their last missing episode (Y/N)?"]
        == "b) No"
    )
    assert (row["Allocated Team"], row["Allocated Worker"]) == (
        "Children in care team 1",
        "Cara Carer",
    )


def test_list_8_child_who_left_care_in_the_six_months(care):
    (row,) = rows_of(8)["LAC-LEFT"]
    assert row["Date Ceased to be Looked After"] == D("2025-05-15")
    assert row["Reason Ceased to be Looked After"] == (
        "e) E4A: Returned home to live with parents or relatives - part of planning"
    )
    # Their first period ended before the 12 months began.
    assert (
        row[
            "Is this a second or subsequent period of being a Looked After Child within the "
            "last 12 months (Y/N)"
        ]
        == "b) No"
    )
    assert row["Child's Legal Status"] == "V2: Single period under S20"
    assert row["Start date of current legal status"] == D("2024-06-01")
    # A postcode in Wales: out of area, Ofsted's code for Wales.
    assert row["Placement Location"] == "b) Out"
    assert row["LA of Placement"] == "WAL - Child placed in Wales"
    assert row["Placement Provider"] == "c) PR2: Other LA provision"
    assert row["Number of Placements in the Last 12 months"] == 1
    # The allocation held on the day they left care.
    assert row["Allocated Worker"] == "Cara Carer"
    assert row["Date of Latest Statutory Review"] is None
    assert row["What is the permanence plan for this child?"] is None


def test_list_8_second_period_uasc_and_a_child_still_missing(care):
    (row,) = rows_of(8)["LAC-AGAIN"]
    assert (
        row[
            "Is this a second or subsequent period of being a Looked After Child within the "
            "last 12 months (Y/N)"
        ]
        == "a) Yes"
    )
    # UASC status ceased on 1 January 2025, within the 12 months.
    assert row["Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)"] == (
        "a) Yes"
    )
    assert row["Child's Category of Need"] == "N4 - Family in acute stress"
    assert row["Child's Legal Status"] == "C1: ICO"
    assert row["Placement Location"] == "a) In" and row["LA of Placement"] == "Cheshire East"
    assert row["Number of Placements in the Last 12 months"] == 2  # one in each period
    # Missing since the day before: no return interview is due yet.
    assert (
        row["Was the child offered a Return Interview after their last missing episode (Y/N)?"]
        is None
    )


def test_list_8_uasc_status_ended_over_a_year_ago_is_no(care):
    child = care.children["LAC-AGAIN"]
    child.uasc_ceased = D("2024-09-29")
    child.save()
    (row,) = rows_of(8)["LAC-AGAIN"]
    assert row["Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)"] == (
        "b) No"
    )


# --------------------------------------------------------------------------- list 9


def test_list_9_has_young_people_entitled_to_leaving_care_services(care):
    rows = rows_of(9)
    assert set(rows) == {"CL-1", "CL-ELIGIBLE"}  # CL-ENDED's support ended in June


def test_list_9_columns(care):
    rows = rows_of(9)
    (leaver,) = rows["CL-1"]
    # No allocation of the case: the personal adviser holds it.
    assert (leaver["Allocated Team"], leaver["Allocated Worker"]) == (
        "Leaving care team",
        "Pat Adviser",
    )
    assert leaver["Eligibility Category"] == "b) Former relevant child"
    assert leaver["LA in Touch"] == "a) Yes"
    # The latest accommodation by the day (bed and breakfast), not the move after it.
    assert leaver["Type of Accommodation"] == "W: Bed and breakfast"
    assert leaver["Suitability of Accommodation"] == "b) Unsuitable"
    assert leaver["Activity Status"] == "F3: Full time in training or employment (903 F4)"
    assert leaver["Age of Child (Years)"] == 19
    (eligible,) = rows["CL-ELIGIBLE"]
    assert (eligible["Allocated Team"], eligible["Allocated Worker"]) == (
        "Children in care team 1",
        "Cara Carer",
    )
    assert eligible["Eligibility Category"] == "d) Eligible child"
    assert eligible["LA in Touch"] == "b) No"
    assert eligible["Type of Accommodation"] is None
    assert eligible["Suitability of Accommodation"] is None
    assert eligible["Activity Status"] is None


# --------------------------------------------------------------------------- list 10


def test_list_10_has_adoption_decisions_open_or_ended_in_the_twelve_months(care):
    assert set(rows_of(10)) == {"AD-1", "AD-ADOPTED", "AD-REVERSED"}


def test_list_10_columns(care):
    rows = rows_of(10)
    (placed,) = rows["AD-1"]
    assert placed["Family identifier"] == "F-1"
    assert placed["Date the Child Entered Care"] == D("2024-09-01")
    assert placed["Date of Decision that Child Should be Placed for Adoption"] == D("2025-01-10")
    assert placed["Date of Placement Order"] == D("2025-03-01")
    assert placed["Date of Matching Child and Prospective Adopters"] == D("2025-06-01")
    assert placed["Date Placed for Adoption"] == D("2025-07-01")
    assert placed["Date of Adoption Order"] is None
    assert placed[
        "Date the child was placed for fostering in FFA or concurrent planning placement"
    ] == D("2025-02-01")
    assert placed["Does the Child have a Disability"] == "b) No"
    (adopted,) = rows["AD-ADOPTED"]
    assert adopted["Date of Adoption Order"] == D("2025-02-01")
    (reversed_,) = rows["AD-REVERSED"]
    assert reversed_["Family identifier"] is None
    assert reversed_["Date of Decision that Child Should No Longer be Placed for Adoption"] == D(
        "2025-04-01"
    )
    assert reversed_["Reason Why Child No Longer Placed for Adoption"] == (
        "RD3 - Prospective adopters could not be found"
    )


# --------------------------------------------------------------------------- list 11


def test_list_11_has_one_row_per_adopter_in_touch_in_the_twelve_months(care):
    rows = rows_of(11, key="Individual adopter identifier")
    # F-GONE left before the 12 months, F-DONE's child was adopted before them, F-FUTURE
    # enquired after the day.
    assert set(rows) == {"F-1-A1", "F-1-A2", "F-LEFT-A1", "F-ADOPTED-A1", "F-ADOPTED-A2"}


def test_list_11_columns(care):
    rows = rows_of(11, key="Individual adopter identifier")
    (first,) = rows["F-1-A1"]
    assert first["Family identifier"] == "F-1" and first["Gender"] == "a) Male"
    assert first["Ethnicity"] == "a) WBRI"
    assert rows["F-1-A2"][0]["Ethnicity"] == "s) NOBT"  # not recorded
    # OpenCSC does not record adopters' disabilities.
    assert first["Disability"] == "c) Unknown"
    assert first["Is the (prospective) adopter fostering for adoption?"] == "a) Yes"
    assert [
        first[h]
        for h in (
            "Date enquiry received",
            "Date Stage 1 started",
            "Date Stage 1 ended",
            "Date Stage 2 started",
            "Date Stage 2 ended",
            "Date application submitted",
            "Date application approved",
            "Date adopter matched with child(ren)",
            "Date child/children placed with adopter(s)",
        )
    ] == [
        D("2024-11-01"),
        D("2024-11-20"),
        D("2025-01-20"),
        D("2025-01-21"),
        D("2025-04-20"),
        D("2025-01-21"),
        D("2025-05-01"),
        D("2025-06-01"),
        D("2025-07-01"),
    ]
    assert first["No. of children placed"] == 1
    assert first["Date of Adoption Order"] is None
    assert first["Date of leaving adoption process"] is None
    (left,) = rows["F-LEFT-A1"]
    assert left["Date of leaving adoption process"] == D("2025-02-01")
    assert left["Reason for leaving adoption process"] == "1 - Adopter withdrew from process"
    assert left["No. of children placed"] == 0
    assert left["Is the (prospective) adopter fostering for adoption?"] == "b) No"
    adopted = rows["F-ADOPTED-A2"][0]
    assert adopted["Date of Adoption Order"] == D("2025-02-01")
    assert adopted["No. of children placed"] == 1
