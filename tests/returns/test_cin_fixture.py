"""A hand-made authority for the CIN census: every module of the return, built record by
record (the protection and plans models directly, as their services would leave them).

``build_authority()`` is shared with the validator test (test_cin_validator.py), which
runs the DfE's own rules on its census; the tests here check what the XML says.

The census year 2025-26 runs from 1 April 2025 to 31 March 2026. Synthetic people only.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

import pytest
from lxml import etree

from opencsc.core.identifiers import make_upn
from opencsc.core.working_days import icpc_due
from opencsc.people.models import Person, PersonDisability
from opencsc.plans.models import ChildInNeedPlan
from opencsc.protection.models import (
    ChildProtectionPlan,
    Conference,
    ConferenceKind,
    EnquiryOutcome,
    Section47Enquiry,
)
from opencsc.returns.cin_census import build_cin_census
from tests.factories import AssessmentFactory, CINEpisodeFactory, PersonFactory, UserFactory

D = dt.date.fromisoformat
_upns = random.Random(2026)


@dataclass
class Staff:
    worker: object
    chair: object


def person(case_number, *, born=None, expected=None, sex="F", school_age=True, died=None,
           ethnicity="WBRI", disabilities=(), upn_unknown=""):
    upn = "" if upn_unknown or not school_age else make_upn(_upns, "895")
    child = PersonFactory(
        case_number=case_number, first_name="Test", last_name=case_number,
        date_of_birth=born, expected_date_of_birth=expected, sex=sex, upn=upn,
        upn_unknown_reason=upn_unknown, date_of_death=died, ethnicity=ethnicity,
    )
    for code in disabilities:
        PersonDisability.objects.create(person=child, code=code)
    return child


def episode(child, referral, *, source="2A", need="N1", closed=None, reason="", nfa=False):
    return CINEpisodeFactory(
        child=child, referral_date=D(referral), referral_source=source, primary_need=need,
        closure_date=D(closed) if closed else None, closure_reason=reason, referral_nfa=nfa,
    )


def assessment(staff, ep, start, authorised=None, factors=("16A",)):
    done = D(authorised) if authorised else None
    return AssessmentFactory(
        episode=ep, start_date=D(start), worker=staff.worker,
        status="authorised" if done else "in_progress", authorised_on=done,
        authorised_by=staff.chair if done else None, outcome="cin_plan" if done else "",
        analysis="Analysis of the child's needs." if done else "",
        factors=list(factors) if done else [],
    )


def enquiry(staff, ep, start, *, completed=None, outcome=""):
    start = D(start)
    return Section47Enquiry.objects.create(
        child=ep.child, episode=ep, start_date=start, conference_target_date=icpc_due(start),
        child_seen_on=start, seen_alone=True, worker=staff.worker,
        completed_on=D(completed) if completed else None, outcome=outcome,
        conference_not_required=bool(outcome) and outcome != EnquiryOutcome.ICPC,
        conference_not_required_reason="Concerns not substantiated"
        if outcome and outcome != EnquiryOutcome.ICPC else "",
    )


def conference(staff, ep, kind, held_on, *, enquiry=None, plan=None, plan_required=True,
               category="NEG"):
    held_on = D(held_on)
    assert held_on.weekday() < 5, "CIN census 8875: never at a weekend"
    return Conference.objects.create(
        child=ep.child, episode=ep, kind=kind, held_on=held_on, enquiry=enquiry, plan=plan,
        chair=staff.chair, plan_required=plan_required,
        category=category if plan_required else "", recorded_by=staff.chair,
    )


def cp_plan(conf, *, previous=0):
    return ChildProtectionPlan.objects.create(
        child=conf.child, episode=conf.episode, conference=conf, start_date=conf.held_on,
        initial_category=conf.category, latest_category=conf.category,
        previous_plans=previous,
    )


def review(staff, plan, held_on, *, category=None, ends=False):
    conf = conference(
        staff, plan.episode, ConferenceKind.REVIEW, held_on, plan=plan,
        plan_required=not ends, category=category or plan.latest_category,
    )
    if category:
        plan.latest_category = category
    if ends:
        plan.end_date, plan.end_reason = conf.held_on, "no_risk"
    plan.save()
    return conf


def cin_plan(staff, ep, start, end=None, reason="outcomes_met"):
    return ChildInNeedPlan.objects.create(
        child=ep.child, episode=ep, start_date=D(start), end_date=D(end) if end else None,
        end_reason=reason if end else "", review_every_months=3, visit_every_working_days=20,
        recorded_by=staff.worker,
    )


def icpc(staff, s47, held_on, *, category="NEG", previous=0):
    """The enquiry ends in an initial conference that makes a plan."""
    s47.completed_on, s47.outcome = D(held_on), EnquiryOutcome.ICPC
    s47.save()
    conf = conference(
        staff, s47.episode, ConferenceKind.INITIAL, held_on, enquiry=s47, category=category
    )
    return cp_plan(conf, previous=previous)


def build_authority() -> Staff:
    """Eleven children: a child protection journey with reviews, a child in need plan that
    became a protection plan and back, an enquiry that needed no conference, a referral
    with no further action, an unborn baby, a plan transferred in from another authority,
    a closure and re-referral, a death, a step-down to early help, and cases at both ends
    of the year."""
    staff = Staff(worker=UserFactory(), chair=UserFactory())

    # Ava: assessment, strategy, enquiry, conference, plan, two reviews; open at year end.
    ava = person("A1001", born=D("2016-02-03"))
    ep = episode(ava, "2025-05-06", source="2A")
    assessment(staff, ep, "2025-05-07", "2025-06-20", factors=("3B", "16A", "4B"))
    plan = icpc(staff, enquiry(staff, ep, "2025-05-12"), "2025-05-30", category="NEG")
    review(staff, plan, "2025-08-28", category="EMO")
    review(staff, plan, "2026-02-26")

    # Ben: child in need plan, then a protection plan (the CIN plan ends the day it
    # starts: 4017), ended at review, then a child in need plan again (4016).
    ben = person("A1002", born=D("2013-07-21"), sex="M", ethnicity="MWBC",
                 disabilities=("LD", "COMM"))
    ep = episode(ben, "2025-04-10", source="3A", need="N5")
    assessment(staff, ep, "2025-04-11", "2025-05-16", factors=("2B", "3C"))
    cin_plan(staff, ep, "2025-05-20", "2025-09-19", reason="cp_plan")
    s47 = enquiry(staff, ep, "2025-09-01")
    plan = icpc(staff, s47, "2025-09-19", category="PHY", previous=1)
    review(staff, plan, "2026-01-15", ends=True)
    cin_plan(staff, ep, "2026-01-15")

    # Cara: an enquiry that found no need for a conference; case closed.
    cara = person("A1003", born=D("2010-01-30"))
    ep = episode(cara, "2025-07-01", need="N4", closed="2025-08-15", reason="RC7")
    assessment(staff, ep, "2025-07-02", "2025-08-14", factors=("1B",))
    enquiry(staff, ep, "2025-07-03", completed="2025-07-18", outcome=EnquiryOutcome.NFA)

    # Dan: a referral with no further action; no UPN because of it (UN7, 8772).
    dan = person("A1004", born=D("2012-03-14"), sex="M", upn_unknown="UN7")
    episode(dan, "2025-06-02", source="1A", need="", nfa=True)

    # Ella: unborn, referred before birth by the health visitor; assessment under way.
    ella = person("A1005", expected=D("2026-05-10"), sex="U", ethnicity="",
                  school_age=False)
    ep = episode(ella, "2026-01-12", source="3B")
    assessment(staff, ep, "2026-02-16")

    # Finn: moved here on a protection plan; transfer-in conference, no enquiry here.
    finn = person("A1006", born=D("2019-06-01"), sex="M", school_age=True)
    ep = episode(finn, "2025-10-01", source="5C")
    cp_plan(conference(staff, ep, ConferenceKind.TRANSFER_IN, "2025-10-09", category="PHY"),
            previous=1)
    assessment(staff, ep, "2025-10-02", "2025-11-14", factors=("18C",))
    # New concerns while on the plan: an enquiry its review conference will hear.
    enquiry(staff, ep, "2026-03-09")

    # Grace: open at the start of the year, closed; re-referred, closed after assessment.
    grace = person("A1007", born=D("2015-11-11"))
    ep = episode(grace, "2024-11-04", closed="2025-06-30", reason="RC7")
    assessment(staff, ep, "2024-11-05", "2025-01-10")
    cin_plan(staff, ep, "2025-01-20", "2025-06-30")
    ep = episode(grace, "2025-11-03", need="N4", closed="2025-12-01", reason="RC8")
    assessment(staff, ep, "2025-11-04", "2025-12-01", factors=("21",))

    # Harry: closed on the last day of the 2024-25 year: not in 2025-26.
    harry = person("A1008", born=D("2011-04-04"), sex="M")
    ep = episode(harry, "2025-01-06", closed="2025-03-31", reason="RC8")
    assessment(staff, ep, "2025-01-07", "2025-02-14", factors=("20",))

    # Jack: closed after the year end, so open as at 31 March; assessment late in the year.
    jack = person("A1009", born=D("2018-09-09"), sex="M")
    ep = episode(jack, "2026-03-02", closed="2026-05-01", reason="RC8")
    assessment(staff, ep, "2026-03-02", "2026-04-20")

    # Kai: died; the case closed with the reason "died" (8585Q).
    kai = person("A1010", born=D("2009-05-05"), sex="M", died=D("2025-12-01"))
    ep = episode(kai, "2025-09-08", need="N2", closed="2025-12-05", reason="RC2")
    assessment(staff, ep, "2025-09-09", "2025-10-31", factors=("6A",))

    # Lily: assessed, then stepped down to early help (RC9).
    lily = person("A1011", born=D("2017-12-24"), ethnicity="AIND")
    ep = episode(lily, "2025-10-20", source="5D", need="N4", closed="2025-11-28", reason="RC9")
    assessment(staff, ep, "2025-10-21", "2025-11-28", factors=("4B", "7A"))
    return staff


@pytest.fixture
def authority(db):
    return build_authority()


def census(year=2026):
    return etree.fromstring(build_cin_census(year=year))


def child_el(root, case_number):
    found = root.xpath(f"Children/Child[ChildIdentifiers/LAchildID='{case_number}']")
    return found[0] if found else None


def texts(el, path):
    return [e.text for e in el.findall(path)]


def test_the_census_holds_the_children_of_the_year_in_case_number_order(authority):
    root = census()
    ids = texts(root, "Children/Child/ChildIdentifiers/LAchildID")
    assert ids == ["A1001", "A1002", "A1003", "A1004", "A1005", "A1006", "A1007", "A1009",
                   "A1010", "A1011"]  # Harry (A1008) closed on 31 March 2025
    assert [c.tag for c in root] == ["Header", "Children"]


def test_a_child_protection_journey_is_reported_whole(authority):
    ava = child_el(census(), "A1001")
    (cin,) = ava.findall("CINdetails")
    assert [c.tag for c in cin] == [
        "CINreferralDate", "ReferralSource", "PrimaryNeedCode", "Assessments", "Section47",
        "ReferralNFA", "ChildProtectionPlans",
    ]
    assert texts(cin, "Assessments/FactorsIdentifiedAtAssessment/AssessmentFactors") == [
        "3B", "16A", "4B"
    ]
    s47 = cin.find("Section47")
    assert [(e.tag, e.text) for e in s47] == [
        ("S47ActualStartDate", "2025-05-12"),
        ("InitialCPCtarget", icpc_due(D("2025-05-12")).isoformat()),
        ("DateOfInitialCPC", "2025-05-30"),
        ("ICPCnotRequired", "0"),
    ]
    cpp = cin.find("ChildProtectionPlans")
    assert [(e.tag, e.text) for e in cpp][:4] == [
        ("CPPstartDate", "2025-05-30"),  # the conference's date (2885); open: no end date
        ("InitialCategoryOfAbuse", "NEG"),
        ("LatestCategoryOfAbuse", "EMO"),  # from the first review
        ("NumberOfPreviousCPP", "0"),
    ]
    # One Reviews block with every review date (the schema allows one per plan).
    assert [e.tag for e in cpp][4:] == ["Reviews"]
    assert texts(cpp, "Reviews/CPPreviewDate") == ["2025-08-28", "2026-02-26"]


def test_plans_follow_each_other_without_overlapping(authority):
    cin = child_el(census(), "A1002").find("CINdetails")
    plans = [(p.findtext("CINPlanStartDate"), p.findtext("CINPlanEndDate"))
             for p in cin.findall("CINPlanDates")]
    assert plans == [("2025-05-20", "2025-09-19"), ("2026-01-15", None)]
    cpp = cin.find("ChildProtectionPlans")
    assert (cpp.findtext("CPPstartDate"), cpp.findtext("CPPendDate")) == (
        "2025-09-19", "2026-01-15"
    )
    assert cpp.findtext("NumberOfPreviousCPP") == "1"
    # The review that ended the plan is a review held in the year.
    assert texts(cpp, "Reviews/CPPreviewDate") == ["2026-01-15"]


def test_an_enquiry_needing_no_conference_says_so(authority):
    s47 = child_el(census(), "A1003").find("CINdetails/Section47")
    assert s47.findtext("ICPCnotRequired") == "1"
    assert s47.find("DateOfInitialCPC") is None


def test_a_referral_with_no_further_action_is_flagged(authority):
    dan = child_el(census(), "A1004")
    cin = dan.find("CINdetails")
    assert cin.findtext("ReferralNFA") == "1"
    assert cin.find("PrimaryNeedCode") is None and cin.find("Assessments") is None
    assert dan.findtext("ChildIdentifiers/UPNunknown") == "UN7"
    assert dan.find("ChildIdentifiers/UPN") is None


def test_an_unborn_child_has_an_expected_date_sex_unknown_and_no_disability_yet(authority):
    ella = child_el(census(), "A1005")
    ids = ella.find("ChildIdentifiers")
    assert [e.tag for e in ids] == ["LAchildID", "ExpectedPersonBirthDate", "Sex"]
    assert ids.findtext("Sex") == "U"
    # No ethnicity recorded yet: "information not yet obtained" (4220 needs one).
    assert ella.findtext("ChildCharacteristics/Ethnicity") == "NOBT"
    assert ella.find("ChildCharacteristics/Disabilities") is None
    (assessment_el,) = ella.findall("CINdetails/Assessments")
    assert [e.tag for e in assessment_el] == ["AssessmentActualStartDate"]


def test_a_transfer_in_conference_is_the_episodes_initial_conference(authority):
    cin = child_el(census(), "A1006").find("CINdetails")
    assert cin.findtext("DateOfInitialCPC") == "2025-10-09"
    # An enquiry while the child is on a plan never leads to an initial conference.
    s47 = cin.find("Section47")
    assert s47.find("DateOfInitialCPC") is None and s47.findtext("ICPCnotRequired") == "1"
    assert cin.findtext("ChildProtectionPlans/CPPstartDate") == "2025-10-09"
    assert cin.find("ChildProtectionPlans/Reviews") is None


def test_closures_and_re_referrals_are_separate_episodes(authority):
    grace = child_el(census(), "A1007")
    episodes = grace.findall("CINdetails")
    assert [(e.findtext("CINreferralDate"), e.findtext("CINclosureDate"),
             e.findtext("ReasonForClosure")) for e in episodes] == [
        ("2024-11-04", "2025-06-30", "RC7"),
        ("2025-11-03", "2025-12-01", "RC8"),
    ]
    # The first episode's assessment was authorised in 2024-25: reported then, not now
    # (8696); its plan ran into this year and is reported.
    assert episodes[0].find("Assessments") is None
    assert texts(episodes[0], "CINPlanDates/CINPlanEndDate") == ["2025-06-30"]
    assert texts(episodes[1], "Assessments/FactorsIdentifiedAtAssessment/AssessmentFactors") \
        == ["21"]


def test_what_happened_after_31_march_is_not_yet_known(authority):
    cin = child_el(census(), "A1009").find("CINdetails")
    assert cin.find("CINclosureDate") is None and cin.find("ReasonForClosure") is None
    (assessment_el,) = cin.findall("Assessments")
    assert assessment_el.find("AssessmentAuthorisationDate") is None
    assert assessment_el.find("FactorsIdentifiedAtAssessment") is None


def test_a_death_is_reported_with_its_date(authority):
    kai = child_el(census(), "A1010")
    assert kai.findtext("ChildIdentifiers/PersonDeathDate") == "2025-12-01"
    assert kai.findtext("CINdetails/ReasonForClosure") == "RC2"


def test_disabilities_are_listed_or_none(authority):
    root = census()
    assert texts(child_el(root, "A1002"), "ChildCharacteristics/Disabilities/Disability") == [
        "COMM", "LD"
    ]
    assert texts(child_el(root, "A1001"), "ChildCharacteristics/Disabilities/Disability") == [
        "NONE"
    ]


def test_the_previous_year_has_its_own_children(authority):
    root = census(2025)
    assert texts(root, "Children/Child/ChildIdentifiers/LAchildID") == ["A1007", "A1008"]
    grace = child_el(root, "A1007").find("CINdetails")
    # As at 31 March 2025: still open, plan still running, assessment done that year.
    assert grace.find("CINclosureDate") is None
    assert texts(grace, "CINPlanDates/CINPlanStartDate") == ["2025-01-20"]
    assert grace.find("CINPlanDates/CINPlanEndDate") is None
    assert grace.findtext("Assessments/AssessmentAuthorisationDate") == "2025-01-10"
    assert Person.objects.count() == 11
