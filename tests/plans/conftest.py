"""Fixtures for plans: time frozen after Easter 2026, so visit due dates cross bank holidays."""

from __future__ import annotations

import datetime as dt

import pytest

from opencsc.protection.models import ChildProtectionPlan, Conference
from tests.factories import CINEpisodeFactory, UserFactory

# Monday 20 April 2026, 10:00 in London. Good Friday is 3 April 2026 and Easter Monday
# 6 April 2026: two bank holidays inside the weeks the tests count over.
TODAY = dt.date(2026, 4, 20)
REFERRAL = dt.date(2026, 3, 2)  # a Monday


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(dt.datetime(2026, 4, 20, 9, 0, tzinfo=dt.UTC), tick=True)
    return time_machine


@pytest.fixture
def episode(child):
    return CINEpisodeFactory(child=child, referral_date=REFERRAL)


def make_cp_plan(
    episode, start: dt.date, end: dt.date | None = None, *, category: str = "NEG"
) -> ChildProtectionPlan:  # type: ignore[no-untyped-def]
    """A child protection plan made directly (the protection services are written
    elsewhere): its initial conference, then the plan from the conference date."""
    chair = UserFactory()
    conference = Conference.objects.create(
        child_id=episode.child_id,
        episode=episode,
        kind="initial",
        held_on=start,
        chair=chair,
        plan_required=True,
        category=category,
        recorded_by=chair,
    )
    return ChildProtectionPlan.objects.create(
        child_id=episode.child_id,
        episode=episode,
        conference=conference,
        start_date=start,
        initial_category=category,
        latest_category=category,
        end_date=end,
        end_reason="no_risk" if end else "",
    )


@pytest.fixture
def plan(episode, social_worker):
    """An open child in need plan, started a week after the referral."""
    from opencsc.plans import services

    return services.cin_plan_start(
        actor=social_worker, episode=episode, start_date=REFERRAL + dt.timedelta(days=7)
    )


@pytest.fixture
def action(plan, social_worker):
    """An action of ``plan``, due yesterday and not done: overdue."""
    from opencsc.plans import services

    return services.plan_action_add(
        actor=social_worker,
        plan=plan,
        what="Parenting course",
        who="Family hub worker",
        by_when=TODAY - dt.timedelta(days=1),
        measure="Calm bedtimes",
    )


@pytest.fixture
def cp_plan(child):
    """A child protection plan of ``child`` (held by the team), from the referral."""
    return make_cp_plan(CINEpisodeFactory(child=child, referral_date=REFERRAL), REFERRAL)
