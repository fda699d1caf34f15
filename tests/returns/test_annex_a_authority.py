"""A hand-made authority for Ofsted's Annex A, and liiatools' checker as the judge.

``build_authority()`` makes children inside and just outside each list's period, built
record by record (the protection and plans models directly, as their services would leave
them), so the list tests (test_annex_a_lists.py) can say who is in and every column's
value. ``run_checker()`` runs liiatools' Annex A checker (validators/annexa_check.py) in
its own virtual environment, found without the Makefile: ``$OPENCSC_ANNEXA_PYTHON``, else
``.venv-annexa/bin/python`` in the repository. Without it the checker tests are skipped
with the command that builds it, unless ``OPENCSC_REQUIRE_VALIDATORS=1`` (then they fail).

The as-of date is Tuesday 30 September 2025; the six months run from 30 March 2025.
Synthetic people only.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from opencsc.assessments.models import AssessmentStatus, ChildSeen
from opencsc.people.models import PersonDisability
from opencsc.plans.models import ChildInNeedPlan, StatutoryVisit
from opencsc.protection.models import (
    ChildProtectionPlan,
    Conference,
    ConferenceKind,
    EmergencyPower,
    EnquiryOutcome,
    Section47Enquiry,
)
from opencsc.returns.annex_a import build_annex_a
from tests.factories import (
    AllocationFactory,
    AssessmentFactory,
    CINEpisodeFactory,
    ContactFactory,
    EarlyHelpEpisodeFactory,
    PersonFactory,
    TeamFactory,
    UserFactory,
)

AS_OF = dt.date(2025, 9, 30)
D = dt.date.fromisoformat
LONDON = ZoneInfo("Europe/London")
REPO = Path(__file__).resolve().parents[2]
LISTS_1_TO_7 = [f"List {n}" for n in range(1, 8)]
#: Every list of the workbook: 8 to 11 (children in care, care leavers, adoption,
#: adopters) are tested with their own authority in tests/returns/test_annex_care_*.
ALL_LISTS = [f"List {n}" for n in range(1, 12)]


# --------------------------------------------------------------------------- the checker


def checker() -> tuple[Path, Path] | None:
    """(python, annexa_check.py) of liiatools' checker, or None if it is not built."""
    python = Path(os.environ.get("OPENCSC_ANNEXA_PYTHON", REPO / ".venv-annexa/bin/python"))
    scripts = (REPO / "validators", REPO.parent / "shared/validators")
    for script in (folder / "annexa_check.py" for folder in scripts):
        if python.exists() and script.exists():
            return python, script
    return None


def run_checker(workbook: bytes, tmp_path: Path) -> dict:
    """liiatools' verdict on the workbook (annexa_check.py's JSON summary)."""
    found = checker()
    if found is None:
        message = (
            "liiatools' Annex A checker is not built: run `make validators`, or "
            "python3 -m venv .venv-annexa && .venv-annexa/bin/pip install --no-deps "
            "liiatools==0.2.0 && .venv-annexa/bin/pip install -r validators/requirements-annexa.txt"
        )
        if os.environ.get("OPENCSC_REQUIRE_VALIDATORS") == "1":
            pytest.fail(message)
        pytest.skip(message)
    python, script = found
    path = tmp_path / "Annex_A.xlsx"
    path.write_bytes(workbook)
    done = subprocess.run(  # noqa: S603 - our own venv and script, a file we wrote
        [str(python), str(script), str(path)], capture_output=True, text=True, timeout=300
    )
    assert done.returncode in (0, 1), f"the checker could not run: {done.stdout}{done.stderr}"
    return json.loads(done.stdout)


# --------------------------------------------------------------------------- the authority


@dataclass
class Authority:
    worker: object
    chair: object
    team: object
    other_team: object
    children: dict[str, object] = field(default_factory=dict)


def _at(day: str, time: str = "10:00") -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=LONDON)


def build_authority() -> Authority:
    team = TeamFactory(name="Assessment team 1", kind="assessment")
    other = TeamFactory(name="Child in need and child protection team 1", kind="cin_cp")
    worker = UserFactory(first_name="Sam", last_name="Worker", team=team)
    chair = UserFactory(first_name="Chris", last_name="Chair", team=other)
    auth = Authority(worker=worker, chair=chair, team=team, other_team=other)

    def child(case_number, *, born="2015-10-01", expected=None, sex="F", ethnicity="WBRI",
              disabilities=()):
        person = PersonFactory(
            case_number=case_number, first_name="Test", last_name=case_number,
            date_of_birth=D(born) if born else None,
            expected_date_of_birth=D(expected) if expected else None,
            sex=sex, ethnicity=ethnicity,
        )
        for code in disabilities:
            PersonDisability.objects.create(person=person, code=code)
        auth.children[case_number] = person
        return person

    def allocate(person, start, end=None, *, team=team, worker=worker):
        AllocationFactory(child=person, team=team, worker=worker, start_date=D(start),
                          end_date=D(end) if end else None)

    def episode(person, referral, *, closed=None, reason="", nfa=False, source="2A", need="N1"):
        return CINEpisodeFactory(
            child=person, referral_date=D(referral), closure_date=D(closed) if closed else None,
            closure_reason=reason, referral_nfa=nfa, referral_source=source, primary_need=need,
        )

    def assessment(ep, start, *, authorised=None, outcome="cin_plan"):
        extra = {}
        if authorised:
            extra = dict(status=AssessmentStatus.AUTHORISED, authorised_on=D(authorised),
                         authorised_by=worker, outcome=outcome, analysis="Analysis.",
                         factors=["3B"])
        return AssessmentFactory(episode=ep, start_date=D(start), worker=worker, **extra)

    def enquiry(ep, start, *, completed=None, outcome="", not_required=False, seen=None):
        return Section47Enquiry.objects.create(
            child=ep.child, episode=ep, start_date=D(start), conference_target_date=D(start),
            completed_on=D(completed) if completed else None, outcome=outcome,
            conference_not_required=not_required,
            conference_not_required_reason="Not at continuing risk." if not_required else "",
            child_seen_on=D(seen) if seen else None, worker=worker,
        )

    def conference(ep, held, *, kind=ConferenceKind.INITIAL, enquiry=None, plan=None,
                   plan_required=True, category="NEG"):
        return Conference.objects.create(
            child=ep.child, episode=ep, kind=kind, enquiry=enquiry, plan=plan, held_on=D(held),
            chair=chair, plan_required=plan_required,
            category=category if plan_required or kind == ConferenceKind.REVIEW else "",
            recorded_by=chair,
        )

    def cp_plan(ep, start, *, category="NEG", latest=None, previous=0, ended=None):
        icpc = conference(ep, start, category=category)
        return ChildProtectionPlan.objects.create(
            child=ep.child, episode=ep, conference=icpc, start_date=D(start),
            initial_category=category, latest_category=latest or category,
            previous_plans=previous, end_date=D(ended) if ended else None,
            end_reason="no_risk" if ended else "",
        )

    def visit(ep, on, *, seen=True, alone=False, kind="cp"):
        StatutoryVisit.objects.create(
            child=ep.child, episode=ep, kind=kind, visited_on=D(on), visited_by=worker,
            child_seen=seen, seen_alone=alone, observations="Seen at home.",
        )

    # List 1: contacts. Period days run from 30 March (London time) to 30 September.
    c = child("CON-1", born="2015-10-01", sex="M", ethnicity="APKN")
    ContactFactory(child=c, received_at=_at("2025-06-02"), source="2A")
    ContactFactory(child=c, received_at=_at("2025-03-30", "00:10"), source="6")
    ContactFactory(child=c, received_at=_at("2025-09-30", "23:59"), source="5D")
    ContactFactory(child=c, received_at=_at("2025-03-29", "23:30"), source="6")  # before
    ContactFactory(child=c, received_at=_at("2025-10-01", "00:05"), source="6")  # after
    unborn = child("CON-UNBORN", born=None, expected="2025-12-01", sex="U", ethnicity="")
    ContactFactory(child=unborn, received_at=_at("2025-08-01"), source="3B")

    # List 2: early help.
    EarlyHelpEpisodeFactory(
        child=child("EH-DONE"), start_date=D("2025-04-01"), end_date=D("2025-08-01"),
        end_reason="Outcomes met", assessment_start=D("2025-04-02"),
        assessment_completed=D("2025-05-01"), lead_organisation="Synthetic Family Hub",
    )
    EarlyHelpEpisodeFactory(
        child=child("EH-LONG"), start_date=D("2024-12-01"), assessment_start=D("2024-12-02"),
        assessment_completed=D("2025-10-02"), lead_organisation="Synthetic Primary School",
    )
    EarlyHelpEpisodeFactory(child=child("EH-NEW"), start_date=D("2025-09-01"),
                            lead_organisation="Synthetic Family Hub")
    EarlyHelpEpisodeFactory(  # ended, and assessed, before the period
        child=child("EH-OLD"), start_date=D("2024-06-01"), end_date=D("2025-01-10"),
        end_reason="Outcomes met", assessment_start=D("2024-06-02"),
        assessment_completed=D("2024-07-01"),
    )

    # List 3: referrals. REF-1 was referred 13 and 11 months before this referral.
    r = child("REF-1", born="2010-03-15", sex="M")
    episode(r, "2024-05-01", closed="2024-05-20", reason="RC8")
    episode(r, "2024-08-01", closed="2024-09-01", reason="RC8")
    allocate(r, "2025-06-10", "2025-07-01")
    allocate(r, "2025-07-01", team=other)
    episode(r, "2025-06-10", source="6")
    episode(child("REF-NFA"), "2025-04-15", closed="2025-04-15", reason="RC8", nfa=True)
    episode(child("REF-OLD"), "2025-03-29", closed="2025-04-02", reason="RC8")
    episode(child("REF-LATE"), "2025-10-01")

    # List 4: assessments.
    a = child("ASM-OPEN", disabilities=["MOB"])
    allocate(a, "2025-09-01")
    asm = assessment(episode(a, "2025-09-01"), "2025-09-01")
    ChildSeen.objects.create(assessment=asm, seen_on=D("2025-09-03"), seen_alone=True,
                             recorded_by=worker)
    ChildSeen.objects.create(assessment=asm, seen_on=D("2025-10-03"), seen_alone=True,
                             recorded_by=worker)
    b = child("ASM-DONE", disabilities=["NONE"])
    allocate(b, "2025-02-01", "2025-05-01")
    assessment(episode(b, "2025-02-01", closed="2025-05-01", reason="RC8"), "2025-02-01",
               authorised="2025-04-20", outcome="nfa")
    late = child("ASM-LATE")
    assessment(episode(late, "2025-08-20"), "2025-08-20", authorised="2025-10-03")
    gone = child("ASM-GONE")
    assessment(episode(gone, "2024-11-01", closed="2025-01-01", reason="RC7"), "2024-11-01",
               authorised="2024-12-01")

    # List 5: section 47 enquiries and initial conferences.
    s = child("S47-1")
    allocate(s, "2024-10-01")
    ep = episode(s, "2024-10-01", need="N1")
    enquiry(ep, "2024-10-05", completed="2024-10-20", outcome=EnquiryOutcome.NFA,
            not_required=True)
    first = enquiry(ep, "2024-11-01", completed="2024-11-15", outcome=EnquiryOutcome.ICPC)
    earlier_plan = cp_plan(ep, "2024-11-20", ended="2025-03-01")
    earlier_plan.conference.enquiry = first
    earlier_plan.conference.save()
    icpc_enquiry = enquiry(ep, "2025-07-01", completed="2025-07-10", outcome=EnquiryOutcome.ICPC,
                           seen="2025-07-02")
    # As the services leave it: the latest review (20 October) set the latest category.
    plan = cp_plan(ep, "2025-07-21", category="PHY", latest="MUL", previous=1)
    plan.conference.enquiry = icpc_enquiry
    plan.conference.save()
    conference(ep, "2025-09-15", kind=ConferenceKind.REVIEW, plan=plan, category="EMO")
    conference(ep, "2025-10-20", kind=ConferenceKind.REVIEW, plan=plan, category="MUL")
    visit(ep, "2025-09-01", alone=True)
    visit(ep, "2025-09-20", alone=False)
    visit(ep, "2025-09-25", seen=False)  # the child was not seen
    visit(ep, "2025-10-05", alone=True)  # after the as-of date
    EmergencyPower.objects.create(child=s, kind="police_protection", start_date=D("2025-04-10"),
                                  end_date=D("2025-04-12"), recorded_by=worker)

    o = child("S47-OPEN")
    allocate(o, "2025-09-10")
    enquiry(episode(o, "2025-09-10"), "2025-09-12")
    n = child("S47-NFA")
    enquiry(episode(n, "2025-05-01", closed="2025-06-01", reason="RC7"), "2025-05-02",
            completed="2025-05-20", outcome=EnquiryOutcome.CIN_PLAN, not_required=True)
    old = child("S47-OLD")
    enquiry(episode(old, "2024-12-01", closed="2025-02-01", reason="RC7"), "2024-12-02",
            completed="2025-01-05", outcome=EnquiryOutcome.NFA, not_required=True)
    icpc_late = child("S47-ICPC-LATE")
    ep_late = episode(icpc_late, "2025-09-01")
    late_enquiry = enquiry(ep_late, "2025-09-02", completed="2025-09-20",
                           outcome=EnquiryOutcome.ICPC)
    conference(ep_late, "2025-10-06", enquiry=late_enquiry)  # after the as-of date

    # List 6: children in need (S47-1, S47-OPEN, ASM-* and REF-* are in it too).
    cin = child("CIN-PLAN", ethnicity="")
    allocate(cin, "2025-01-10")
    ep = episode(cin, "2025-01-10", need="N3")
    ChildInNeedPlan.objects.create(child=cin, episode=ep, start_date=D("2025-02-20"),
                                   review_every_months=3, visit_every_working_days=20,
                                   recorded_by=worker)
    visit(ep, "2025-08-01", kind="cin")
    visit(ep, "2025-09-10", kind="cin", seen=False)
    twice = child("CIN-TWICE")
    episode(twice, "2025-01-01", closed="2025-04-30", reason="RC7", need="N5")
    allocate(twice, "2025-06-01")
    episode(twice, "2025-06-01", need="N8")
    shut = child("CIN-CLOSED")
    allocate(shut, "2024-12-01", "2025-06-30")
    shut_ep = episode(shut, "2024-12-01", closed="2025-06-30", reason="RC9", need="N4")
    shut_asm = assessment(shut_ep, "2024-12-01", authorised="2025-01-15")
    ChildSeen.objects.create(assessment=shut_asm, seen_on=D("2024-12-05"), seen_alone=False,
                             recorded_by=worker)
    enquiry(shut_ep, "2025-02-01", completed="2025-02-20", outcome=EnquiryOutcome.CIN_PLAN,
            not_required=True, seen="2025-02-03")
    episode(child("CIN-GONE"), "2024-06-01", closed="2025-03-29", reason="RC7")
    episode(child("CIN-REOPENS"), "2025-10-01")  # referred after the as-of date

    # List 7: child protection (S47-1 holds the current plan).
    ended = child("CP-ENDED")
    allocate(ended, "2024-09-01", "2025-06-01")
    ep = episode(ended, "2024-09-01", closed="2025-06-01", reason="RC7")
    cp_plan(ep, "2024-09-20", category="SAB", ended="2025-05-31", previous=2)
    gone = child("CP-GONE")
    ep = episode(gone, "2024-01-01", closed="2025-03-01", reason="RC7")
    cp_plan(ep, "2024-01-20", ended="2025-02-28")
    return auth


def test_the_authority_passes_liiatools_checker(db, tmp_path):
    build_authority()
    verdict = run_checker(build_annex_a(as_of=AS_OF), tmp_path)
    assert verdict["lists_found"] == ALL_LISTS
    assert verdict["n_formatting_errors"] == 0, verdict["formatting_errors"]
    assert verdict["n_blank_errors"] == 0, verdict["blank_errors"]
    assert verdict["unmatched_sheets"] == [] and verdict["extra_columns"] == {}
    assert verdict["ok"] is True
    # Lists 1 to 7 all have rows, so every column was read (this authority has no
    # children in care, care leavers or adopters).
    assert set(verdict["rows"]) == set(LISTS_1_TO_7)
