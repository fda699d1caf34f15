"""Annex A lists 1 to 7 on the hand-made authority: who is in each list's period, who is
just outside it, and the value of every column."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest

from opencsc.returns.annex_a import annex_lists
from opencsc.returns.annex_common import Period
from tests.returns.test_annex_a_authority import AS_OF, build_authority

D = dt.date.fromisoformat
LISTS = {annex.number: annex for annex in annex_lists()}


@pytest.fixture
def authority(db):
    return build_authority()


def rows_of(number: int, as_of: dt.date = AS_OF) -> dict[str, list[dict]]:
    """List ``number``'s rows as dicts by heading, grouped by Child Unique ID."""
    annex = LISTS[number]
    grouped: dict[str, list[dict]] = defaultdict(list)
    for row in annex.build(Period(as_of, annex.months)):
        cells = dict(zip([c.heading for c in annex.columns], row, strict=True))
        grouped[cells["Child Unique ID"]].append(cells)
    return dict(grouped)


def test_lists_1_to_7_have_ofsteds_headings_in_order():
    headings = {n: [c.heading for c in LISTS[n].columns] for n in range(1, 8)}
    assert headings[1] == ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth",
                           "Age of Child (Years)", "Date of Contact", "Contact Source"]
    assert [len(headings[n]) for n in range(1, 8)] == [7, 8, 11, 12, 14, 14, 17]
    assert headings[7][-4:] == [
        "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six "
        "Months (Y/N)",
        "Number of Previous Child Protection Plans", "Allocated Team", "Allocated Worker"]
    assert all(LISTS[n].months == 6 for n in range(1, 8))


def test_period_runs_from_the_same_day_six_months_before():
    assert Period(AS_OF).start == D("2025-03-30")
    assert Period(D("2025-08-31")).start == D("2025-02-28")  # clamped to the month's end


# --------------------------------------------------------------------------- list 1


def test_list_1_has_each_contact_received_in_the_six_months(authority):
    rows = rows_of(1)
    contacts = sorted(rows["CON-1"], key=lambda r: r["Date of Contact"])
    # London days: 00:10 on 30 March is in, 23:30 on 29 March and 00:05 on 1 October not.
    assert [r["Date of Contact"] for r in contacts] == [
        D("2025-03-30"), D("2025-06-02"), D("2025-09-30")]
    assert [r["Contact Source"] for r in contacts] == [
        "q) 6: Police", "e) 2A: Schools", "o) 5B: LA services"]  # 5D reported as 5B
    first = contacts[0]
    assert (first["Gender"], first["Ethnicity"], first["Date of Birth"]) == (
        "a) Male", "k) APKN", D("2015-10-01"))
    assert first["Age of Child (Years)"] == 9  # ten the day after the as-of date


def test_list_1_unborn_child_has_no_birth_date_or_age(authority):
    (row,) = rows_of(1)["CON-UNBORN"]
    assert row["Date of Birth"] is None and row["Age of Child (Years)"] is None
    assert row["Gender"] == "c) Not stated/recorded"
    assert row["Ethnicity"] == "s) NOBT"  # not yet obtained: the column may not be blank
    assert row["Contact Source"] == "h) 3B: Health services"


def test_list_1_is_empty_before_anything_happened(authority):
    assert rows_of(1, D("2023-01-01")) == {}


# --------------------------------------------------------------------------- list 2


def test_list_2_has_assessments_in_the_period_and_current_interventions(authority):
    rows = rows_of(2)
    assert set(rows) == {"EH-DONE", "EH-LONG", "EH-NEW"}  # not EH-OLD
    (done,) = rows["EH-DONE"]
    assert (done["Assessment start date"], done["Assessment completion date"]) == (
        D("2025-04-02"), D("2025-05-01"))
    assert done["Organisation completing assessment"] == "Synthetic Family Hub"
    (long,) = rows["EH-LONG"]
    # Completed after the as-of date: not yet completed then.
    assert (long["Assessment start date"], long["Assessment completion date"]) == (
        D("2024-12-02"), None)
    (new,) = rows["EH-NEW"]
    # No assessment recorded yet: the intervention's start stands in.
    assert (new["Assessment start date"], new["Assessment completion date"]) == (
        D("2025-09-01"), None)


# --------------------------------------------------------------------------- list 3


def test_list_3_has_each_referral_in_the_period(authority):
    rows = rows_of(3)
    assert "REF-OLD" not in rows and "REF-LATE" not in rows
    (ref,) = rows["REF-1"]  # the 2024 referrals are before the period
    assert ref["Date of referral"] == D("2025-06-10")
    assert ref["Referral Source"] == "q) 6: Police"
    assert ref["Referral NFA?"] == "b) No"
    # Referred 13 and 11 months before: one in the 12 months before this referral.
    assert ref["Number of Referrals in Last 12 Months"] == 1
    # The team the referral was allocated to, not the one it was transferred to later.
    assert (ref["Allocated Team"], ref["Allocated Worker"]) == ("Assessment team 1", "Sam Worker")
    assert ref["Age of Child (Years)"] == 15


def test_list_3_referral_with_no_further_action_and_nobody_allocated(authority):
    (nfa,) = rows_of(3)["REF-NFA"]
    assert nfa["Referral NFA?"] == "a) Yes"
    assert nfa["Number of Referrals in Last 12 Months"] == 0
    assert (nfa["Allocated Team"], nfa["Allocated Worker"]) == ("Unallocated", "Unallocated")


# --------------------------------------------------------------------------- list 4


def test_list_4_has_assessments_open_in_the_period(authority):
    rows = rows_of(4)
    assert "ASM-GONE" not in rows  # authorised before the period
    (open_,) = rows["ASM-OPEN"]
    assert open_["Does the Child have a Disability"] == "a) Yes"
    assert open_["Continuous Assessment Start Date"] == D("2025-09-01")
    assert open_["Child Seen During Continuous Assessment"] == "a) Yes"
    assert open_["Continuous Assessment Date of Authorisation"] is None
    assert open_["Was the child assessed as requiring LA children's social care support?"] is None
    assert (open_["Allocated Team"], open_["Allocated Worker"]) == (
        "Assessment team 1", "Sam Worker")


def test_list_4_authorised_assessment_says_whether_support_was_needed(authority):
    (done,) = rows_of(4)["ASM-DONE"]
    assert done["Does the Child have a Disability"] == "b) No"  # NONE is no disability
    assert done["Continuous Assessment Date of Authorisation"] == D("2025-04-20")
    assert done["Was the child assessed as requiring LA children's social care support?"] == (
        "b) No")
    assert done["Child Seen During Continuous Assessment"] == "b) No"
    # Closed case: who held it when the assessment was authorised.
    assert done["Allocated Team"] == "Assessment team 1"


def test_list_4_authorisation_after_the_as_of_date_is_not_reported(authority):
    (late,) = rows_of(4)["ASM-LATE"]
    assert late["Continuous Assessment Date of Authorisation"] is None
    assert late["Was the child assessed as requiring LA children's social care support?"] is None


# --------------------------------------------------------------------------- list 5


def test_list_5_has_each_enquiry_open_in_the_period(authority):
    rows = rows_of(5)
    assert "S47-OLD" not in rows
    (row,) = rows["S47-1"]  # the 2024 enquiries finished before the period
    assert row["Strategy discussion initiating Section 47 Enquiry Start Date"] == D("2025-07-01")
    assert row["Was an Initial Child Protection Conference deemed unnecessary?"] == "b) No"
    assert row["Date of Initial Child Protection Conference"] == D("2025-07-21")
    assert row["Did the Initial Child Protection Conference Result in a Child Protection Plan"] == (
        "a) Yes")
    # Enquiries of 5 October and 1 November 2024, and the 20 November conference.
    assert row["Number of Section 47 Enquiries in the last 12 months"] == 2
    assert row["Number of ICPCs in the last 12 months"] == 1
    assert row["Allocated Team"] == "Assessment team 1"


def test_list_5_open_enquiry_has_no_decision_yet(authority):
    (row,) = rows_of(5)["S47-OPEN"]
    assert row["Was an Initial Child Protection Conference deemed unnecessary?"] is None
    assert row["Date of Initial Child Protection Conference"] is None
    assert row[
        "Did the Initial Child Protection Conference Result in a Child Protection Plan"] is None
    assert row["Number of Section 47 Enquiries in the last 12 months"] == 0
    assert row["Number of ICPCs in the last 12 months"] == 0


def test_list_5_conference_not_needed_or_not_yet_held(authority):
    rows = rows_of(5)
    (nfa,) = rows["S47-NFA"]
    assert nfa["Was an Initial Child Protection Conference deemed unnecessary?"] == "a) Yes"
    assert nfa["Date of Initial Child Protection Conference"] is None
    (late,) = rows["S47-ICPC-LATE"]
    assert late["Was an Initial Child Protection Conference deemed unnecessary?"] == "b) No"
    # The conference came after the as-of date.
    assert late["Date of Initial Child Protection Conference"] is None
    assert late[
        "Did the Initial Child Protection Conference Result in a Child Protection Plan"] is None


# --------------------------------------------------------------------------- list 6


def test_list_6_has_children_in_need_in_the_period_once_each(authority):
    rows = rows_of(6)
    assert {"CIN-GONE", "CIN-REOPENS", "REF-NFA", "REF-LATE", "CON-1"}.isdisjoint(rows)
    assert all(len(child_rows) == 1 for child_rows in rows.values())
    (twice,) = rows["CIN-TWICE"]  # the latest of the two episodes in the period
    assert (twice["CIN Start Date"], twice["Primary Need Code"]) == (
        D("2025-06-01"), "N8 - Absent parenting")
    assert twice["Case Status"] == "c) Child in need plan"  # open, no plan: Ofsted's nearest
    # REF-OLD was referred the day before the period and closed in it.
    assert rows["REF-OLD"][0]["CIN Closure Date"] == D("2025-04-02")


def test_list_6_child_in_need_plan_and_last_seen(authority):
    (row,) = rows_of(6)["CIN-PLAN"]
    assert row["Ethnicity"] == "s) NOBT"
    assert row["CIN Start Date"] == D("2025-01-10")
    assert row["Primary Need Code"] == "N3 - Parental disability or illness"
    assert row["Date Child Was Last Seen"] == D("2025-08-01")  # not the visit without seeing
    assert (row["CIN Closure Date"], row["Reason for Closure"]) == (None, None)
    assert row["Case Status"] == "c) Child in need plan"
    assert row["Allocated Worker"] == "Sam Worker"


def test_list_6_closed_case_and_last_seen_in_an_enquiry(authority):
    (row,) = rows_of(6)["CIN-CLOSED"]
    assert row["CIN Closure Date"] == D("2025-06-30")
    assert row["Reason for Closure"] == (
        "RC9 - Case closed after assessment, referred to early help")
    assert row["Case Status"] == "e) Closed episode"
    # Seen in the assessment on 5 December and in the enquiry on 3 February.
    assert row["Date Child Was Last Seen"] == D("2025-02-03")
    assert (row["Allocated Team"], row["Allocated Worker"]) == ("Assessment team 1", "Sam Worker")


def test_list_6_case_status_of_assessment_and_protection(authority):
    rows = rows_of(6)
    assert rows["ASM-OPEN"][0]["Case Status"] == "d) Open assessment"
    assert rows["ASM-OPEN"][0]["Date Child Was Last Seen"] == D("2025-09-03")
    cp = rows["S47-1"][0]
    assert cp["Case Status"] == "b) Child Protection plan"
    # Visits of 1 and 20 September; not the one without seeing, nor 5 October.
    assert cp["Date Child Was Last Seen"] == D("2025-09-20")


# --------------------------------------------------------------------------- list 7


def test_list_7_has_current_plans_and_those_ended_in_the_period(authority):
    rows = rows_of(7)
    assert set(rows) == {"S47-1", "CP-ENDED"}  # CP-GONE's plan ended before the period
    (ended,) = rows["CP-ENDED"]
    assert ended["Child Protection Plan Start Date"] == D("2024-09-20")
    assert ended["Child Protection Plan End Date"] == D("2025-05-31")
    assert ended["Initial Category of Abuse"] == ended["Latest Category of Abuse"] == (
        "c) Sexual abuse")
    assert ended["Number of Previous Child Protection Plans"] == 2
    assert ended["Date of the Last Statutory Visit"] is None
    assert ended["Was the Child Seen Alone?"] is None
    assert ended["Date of latest review conference"] is None
    assert ended[
        "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six "
        "Months (Y/N)"] == "b) No"
    assert ended["Allocated Team"] == "Assessment team 1"


def test_list_7_current_plan_as_it_stood_on_the_as_of_date(authority):
    (row,) = rows_of(7)["S47-1"]  # the latest of the child's two plans
    assert row["Child Protection Plan Start Date"] == D("2025-07-21")
    assert row["Initial Category of Abuse"] == "b) Physical abuse"
    # The review of 15 September set emotional abuse; the one of 20 October is later.
    assert row["Latest Category of Abuse"] == "d) Emotional abuse"
    assert row["Date of latest review conference"] == D("2025-09-15")
    assert row["Date of the Last Statutory Visit"] == D("2025-09-20")
    assert row["Was the Child Seen Alone?"] == "b) No"
    assert row["Child Protection Plan End Date"] is None
    assert row[
        "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six "
        "Months (Y/N)"] == "a) Yes"  # police protection in April
    assert row["Number of Previous Child Protection Plans"] == 1


EMERGENCY = (
    "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six "
    "Months (Y/N)"
)


def test_list_7_emergency_power_counts_for_six_months_after_it_ended(authority):
    # Police protection ended on 12 April 2025.
    assert rows_of(7, D("2025-10-12"))["S47-1"][0][EMERGENCY] == "a) Yes"
    assert rows_of(7, D("2025-10-13"))["S47-1"][0][EMERGENCY] == "b) No"


def test_list_7_after_the_last_review_reports_the_plan_as_recorded(authority):
    (row,) = rows_of(7, D("2025-10-21"))["S47-1"]
    assert row["Latest Category of Abuse"] == "e) Multiple/not recommended"
    assert row["Date of latest review conference"] == D("2025-10-20")
    assert row["Date of the Last Statutory Visit"] == D("2025-10-05")
    assert row["Was the Child Seen Alone?"] == "a) Yes"


def test_allocation_on_a_day_transfer_gap_and_no_worker(db):
    from opencsc.returns.annex_common import Allocations
    from tests.factories import AllocationFactory, PersonFactory, TeamFactory, UserFactory

    first, second = TeamFactory(name="Front door (MASH)"), TeamFactory(name="Assessment team 9")
    worker = UserFactory(first_name="Ada", last_name="Ng", team=second)
    child = PersonFactory()
    AllocationFactory(child=child, team=first, start_date=D("2025-01-01"), end_date=D("2025-01-05"))
    AllocationFactory(child=child, team=second, worker=worker, start_date=D("2025-01-05"),
                      end_date=D("2025-02-01"))
    AllocationFactory(child=child, team=first, start_date=D("2025-06-01"))
    held = Allocations([child.pk], AS_OF)
    assert held.on(child.pk, D("2025-01-02")) == ("Front door (MASH)", "Unallocated")
    assert held.on(child.pk, D("2025-01-05")) == ("Assessment team 9", "Ada Ng")  # transfer day
    # Nothing in force between February and June: the next allocation, not the old one.
    assert held.on(child.pk, D("2025-03-01")) == ("Front door (MASH)", "Unallocated")
    assert held.on(child.pk, D("2024-12-01")) == ("Front door (MASH)", "Unallocated")
    assert Allocations([child.pk], D("2025-05-01")).on(child.pk, D("2025-03-01")) == (
        "Unallocated", "Unallocated")  # the June allocation is after the as-of date
