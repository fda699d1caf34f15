"""Property: whatever the services accept, the DfE CIN validator accepts.

Hypothesis draws random journeys (referrals, assessments, strategy discussions,
enquiries, conferences, plans, reviews, visits, closures, re-referrals, in random order
and at random intervals) and drives them through the same services the pages call. A
step the services refuse is simply not recorded, as for a user. The census of what was
recorded is then judged by the DfE's own validator: zero errors, every time. This is how
"what the census rejects cannot be entered" is tested, rather than asserted.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from opencsc.accounts.models import Role
from opencsc.assessments import services as assessments
from opencsc.casework.episodes import episode_close, episode_open
from opencsc.casework.services import allocation_assign
from opencsc.core.codes import AssessmentFactor, CategoryOfAbuse, ReasonForClosure
from opencsc.core.identifiers import make_upn
from opencsc.people.services import person_create
from opencsc.plans import services as plans
from opencsc.protection import services as protection
from opencsc.protection.models import StrategyDecision
from opencsc.returns.cin_census import build_cin_census
from tests.factories import TeamFactory, UserFactory
from tests.returns.test_cin_validator import dfe_python, errors_of, validate  # noqa: F401, F811

LONDON = ZoneInfo("Europe/London")
YEAR = 2026  # the 2025-26 census: 1 April 2025 to 31 March 2026
LAST_DAY = dt.date(2026, 3, 31)

STEPS = [
    "refer",
    "assess",
    "authorise",
    "strategy",
    "see_child",
    "complete_enquiry",
    "icpc",
    "transfer_in",
    "review",
    "end_cp_plan",
    "cin_plan",
    "cin_review",
    "end_cin_plan",
    "visit",
    "close",
]
FACTORS = [c for c in AssessmentFactor.values if c not in {"21", "18A", "19A"}]


@dataclass
class Journey:
    child: object
    day: dt.date
    rng: random.Random
    staff: dict
    episode: object = None
    recorded: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    def weekday(self) -> dt.date:
        d = self.day
        while d.weekday() >= 5:
            d += dt.timedelta(days=1)
        return d


class Skip(Exception):
    """The step needs a record the journey does not have (no open plan to review...)."""


def _open(journey: Journey, model_attr: str):
    """The child's open record of a kind, read fresh (the services changed it)."""
    child = journey.child
    manager = getattr(child, model_attr)
    found = manager.filter(
        **(
            {"completed_on__isnull": True}
            if model_attr == "enquiries"
            else {"end_date__isnull": True}
        )
    ).first()
    if found is None:
        raise Skip(model_attr)
    return found


def step(journey: Journey, name: str) -> None:  # noqa: C901 - one branch per kind of step
    s, rng, child = journey.staff, journey.rng, journey.child
    day = journey.day
    ep = child.episodes.filter(closure_date__isnull=True).first()
    if name == "refer":
        ep = episode_open(
            actor=s["manager"],
            child=child,
            referral_date=day,
            source=rng.choice(["2A", "6", "3A", "1A"]),
            primary_need=rng.choice(["N1", "N2", "N4", "N5"]),
            allocate_team=s["team"],
            referral_nfa=rng.random() < 0.1,
        )
        allocation_assign(
            actor=s["manager"], child=child, team=s["team"], worker=s["worker"], start_date=day
        )
        return
    if ep is None:
        raise Skip("no open episode")
    if name == "assess":
        assessments.assessment_start(actor=s["worker"], episode=ep, start_date=day)
    elif name == "authorise":
        a = ep.assessments.exclude(status="authorised").first()
        if a is None:
            raise Skip("no open assessment")
        assessments.assessment_child_seen(
            actor=s["worker"], assessment=a, seen_on=day, seen_alone=True
        )
        a.refresh_from_db()
        assessments.assessment_update(
            actor=s["worker"],
            assessment=a,
            expected_version=a.version,
            factors=rng.sample(FACTORS, rng.randint(1, 3)),
            analysis="What we found and why.",
            outcome=rng.choice(["nfa", "cin_plan", "strategy_discussion", "early_help"]),
        )
        a.refresh_from_db()
        at = dt.datetime.combine(day, dt.time(15), tzinfo=LONDON)
        assessments.assessment_submit(actor=s["worker"], assessment=a, submitted_at=at)
        assessments.assessment_authorise(actor=s["manager"], assessment=a, authorised_on=day)
    elif name == "strategy":
        protection.strategy_discussion_record(
            actor=s["worker"],
            episode=ep,
            held_at=dt.datetime.combine(day, dt.time(10), tzinfo=LONDON),
            kind="discussion",
            participants=[
                ("social_care", "A Worker", "Social worker"),
                ("police", "P Officer", "DS"),
                ("health", "H Nurse", "Safeguarding nurse"),
            ][: rng.randint(1, 3)],
            information_shared="Police and health checks shared.",
            decision=rng.choice(list(StrategyDecision.values)),
            rationale="Reasonable cause to suspect.",
        )
    elif name == "see_child":
        e = _open(journey, "enquiries")
        protection.enquiry_update(
            actor=s["worker"],
            enquiry=e,
            expected_version=e.version,
            child_seen_on=day,
            seen_alone=rng.random() < 0.7,
        )
    elif name == "complete_enquiry":
        e = _open(journey, "enquiries")
        protection.enquiry_complete(
            actor=s["worker"],
            enquiry=e,
            expected_version=e.version,
            completed_on=day,
            outcome=rng.choice(["icpc", "cin_plan", "nfa"]),
            reason="Not at continuing risk of significant harm.",
        )
    elif name in ("icpc", "transfer_in"):
        e = child.enquiries.filter(outcome="icpc", conference__isnull=True).first()
        protection.conference_record(
            actor=s["chair"],
            episode=ep,
            kind="initial" if name == "icpc" else "transfer_in",
            held_on=journey.weekday(),
            chair=s["chair"],
            plan_required=rng.random() < 0.8,
            category=rng.choice(list(CategoryOfAbuse.values)),
            enquiry=e if name == "icpc" else None,
        )
    elif name == "review":
        plan = _open(journey, "protection_plans")
        ends = rng.random() < 0.4
        protection.conference_record(
            actor=s["chair"],
            episode=ep,
            kind="review",
            held_on=journey.weekday(),
            chair=s["chair"],
            plan_required=not ends,
            category=rng.choice(list(CategoryOfAbuse.values)),
            plan=plan,
            end_reason="no_risk" if ends else "",
        )
    elif name == "end_cp_plan":
        plan = _open(journey, "protection_plans")
        protection.plan_end(
            actor=s["worker"],
            plan=plan,
            expected_version=plan.version,
            end_date=day,
            reason=rng.choice(["no_risk", "moved_la", "other"]),
        )
    elif name == "cin_plan":
        plans.cin_plan_start(actor=s["worker"], episode=ep, start_date=day)
    elif name == "cin_review":
        plan = _open(journey, "cin_plans")
        plans.cin_plan_review_record(
            actor=s["worker"],
            plan=plan,
            held_on=day,
            progress="Attendance up.",
            decision="Continue.",
        )
    elif name == "end_cin_plan":
        plan = _open(journey, "cin_plans")
        plans.cin_plan_end(
            actor=s["worker"],
            plan=plan,
            expected_version=plan.version,
            end_date=day,
            reason=rng.choice(["outcomes_met", "step_down"]),
        )
    elif name == "visit":
        plans.visit_record(
            actor=s["worker"],
            child=child,
            visited_on=day,
            child_seen=True,
            seen_alone=rng.random() < 0.6,
            observations="Seen at home.",
        )
    elif name == "close":
        ep.refresh_from_db()
        episode_close(
            actor=s["worker"],
            episode=ep,
            expected_version=ep.version,
            closure_date=day,
            reason=rng.choice(list(ReasonForClosure.values)),
        )


def attempt(journey: Journey, name: str) -> None:
    try:
        with transaction.atomic():
            step(journey, name)
    except (ValidationError, Skip):
        # Refused (nothing saved) or not applicable: anything else is a bug and fails.
        journey.refused.append(name)
    else:
        journey.recorded.append(name)


journeys = st.lists(
    st.tuples(
        st.integers(0, 420),  # the first referral: days after 1 January 2025
        st.lists(st.tuples(st.sampled_from(STEPS), st.integers(0, 25)), min_size=3, max_size=30),
    ),
    min_size=1,
    max_size=4,
)


@pytest.fixture
def staff(db):
    team = TeamFactory(kind="cin_cp", name="Child in need and protection")
    manager = UserFactory(role=Role.TEAM_MANAGER, team=team)
    team.manager = manager
    team.save()
    return {
        "team": team,
        "manager": manager,
        "worker": UserFactory(role=Role.SOCIAL_WORKER, team=team),
        "chair": manager,
    }


@settings(
    max_examples=12,
    # The same examples on every run: CI judges the code, not the luck of the draw. Turn
    # this off locally to explore new journeys (it found the 2885 transfer-in gap).
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=journeys, seed=st.integers(0, 2**16))
def test_whatever_the_services_accept_the_dfe_validator_accepts(
    staff, dfe_python, tmp_path, plan, seed  # noqa: F811
):
    rng = random.Random(seed)
    recorded = 0
    with transaction.atomic():
        for i, (start, steps) in enumerate(plan):
            born = dt.date(2014, 1, 1) + dt.timedelta(days=rng.randint(0, 3000))
            school_age = born <= dt.date(2021, 8, 31)
            child = person_create(
                actor=staff["manager"],
                first_name="Test",
                last_name=f"Child{i}",
                sex=rng.choice("MF"),
                date_of_birth=born,
                ethnicity="WBRI",
                upn=make_upn(rng, "895") if school_age else "",
                upn_unknown_reason="" if school_age else "UN1",
            )
            journey = Journey(
                child=child,
                day=dt.date(2025, 1, 1) + dt.timedelta(days=start),
                rng=rng,
                staff=staff,
            )
            attempt(journey, "refer")
            for name, gap in steps:
                journey.day += dt.timedelta(days=gap)
                if journey.day > LAST_DAY:
                    break
                attempt(journey, name)
            recorded += len(journey.recorded)
        content = build_cin_census(year=YEAR)
        transaction.set_rollback(True)
    # A journey that ended before the year began leaves nothing to judge.
    assume(b"<Child>" in content)
    summary = validate(dfe_python, content, YEAR, tmp_path)
    errors = errors_of(summary)
    assert errors == {}, (
        f"recorded {recorded} steps; the census is in {tmp_path}: "
        + str({code: rule.get("rows", rule) for code, rule in errors.items()})[:3000]
    )
