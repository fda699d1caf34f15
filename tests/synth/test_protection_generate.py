"""The synthetic authority's child protection and child in need work, written end to end
through the protection and plans services on the ``tiny`` size."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.db import transaction

from opencsc.core.working_days import add_working_days
from opencsc.plans.models import ChildInNeedPlan, PlanAction, StatutoryVisit
from opencsc.protection.models import (
    ChildProtectionPlan,
    Conference,
    CoreGroupMeeting,
    EmergencyPower,
    Section47Enquiry,
    StrategyDiscussion,
)
from opencsc.synth.journeys import LONDON
from opencsc.synth.runner import generate, make_plan

AS_OF = date(2025, 3, 31)
# Seed 10 of ``tiny`` has enquiries, plans of both kinds, discussions without an enquiry,
# emergency powers and a child protection plan open at the as-of date. (A change to the
# planner changes every draw: if these asserts then fail for want of such records, pick a
# seed that has them: tests/synth/test_protection_plan.py checks the rates on ``small``.)
SEED = 48


pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def tiny(django_db_setup, django_db_blocker):
    """Written once for the module, inside a transaction rolled back at its end (each
    test's own transaction nests inside it)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield generate(size="tiny", seed=SEED, as_of=AS_OF)
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def planned():
    plan = make_plan(size="tiny", seed=SEED, as_of=AS_OF,
                     now=datetime(2025, 6, 1, 12, tzinfo=LONDON))
    return [c.referral.protection for c in plan.contacts
            if c.referral and c.referral.protection]


def test_every_planned_record_is_written_through_the_services(tiny, planned):
    enquiries = [e for j in planned for e in j.enquiries]
    strategies = sum(len(e.strategies) for e in enquiries) + sum(
        len(j.discussions) for j in planned)
    plans = [p for j in planned for p in j.cp_plans]
    cin_plans = [c for j in planned for c in j.cin_plans]
    assert plans and cin_plans and any(j.discussions for j in planned), "pick another seed"
    assert StrategyDiscussion.objects.count() == strategies == tiny.strategy_discussions
    assert Section47Enquiry.objects.count() == len(enquiries) == tiny.enquiries
    assert Conference.objects.filter(kind="initial").count() == sum(
        bool(e.conference) for e in enquiries) == tiny.initial_conferences
    assert Conference.objects.filter(kind="review").count() == sum(len(p.reviews) for p in plans)
    assert ChildProtectionPlan.objects.count() == len(plans) == tiny.cp_plans
    assert CoreGroupMeeting.objects.count() == sum(len(p.core_groups) for p in plans)
    assert ChildInNeedPlan.objects.count() == len(cin_plans)
    assert PlanAction.objects.count() == sum(len(p.actions) for p in plans + cin_plans)
    # Visits to children looked after are the care journey's (tests/synth/test_care_generate.py).
    protection_visits = StatutoryVisit.objects.exclude(kind="cla").count()
    assert protection_visits == sum(len(j.visits) for j in planned)
    assert StatutoryVisit.objects.count() == tiny.visits
    assert tiny.open_cp_plans == sum(p.ended_on is None for p in plans)
    assert EmergencyPower.objects.count() == sum(len(j.emergencies) for j in planned) > 0
    assert tiny.open_cin_plans == sum(c.end_date is None for c in cin_plans)


def test_the_records_keep_the_model_rules(tiny):
    for model in (StrategyDiscussion, Section47Enquiry, Conference, ChildProtectionPlan,
                  ChildInNeedPlan, PlanAction, StatutoryVisit):
        for obj in model.objects.all():
            obj.full_clean()


def test_every_open_plan_at_the_as_of_date_has_visits(tiny):
    open_plans = ChildProtectionPlan.objects.filter(end_date__isnull=True)
    assert open_plans.exists()
    for plan in open_plans:
        if add_working_days(plan.start_date, 5) <= AS_OF:
            assert StatutoryVisit.objects.filter(
                child=plan.child, kind="cp", visited_on__gte=plan.start_date
            ).exists()


def test_closed_episodes_have_nothing_open(tiny):
    from opencsc.casework.models import CINEpisode

    for episode in CINEpisode.objects.filter(closure_date__isnull=False):
        assert not episode.protection_plans.filter(end_date__isnull=True).exists()
        assert not episode.cin_plans.filter(end_date__isnull=True).exists()
        assert not episode.enquiries.filter(completed_on__isnull=True).exists()
        if episode.enquiries.exists() or episode.cin_plans.exists():
            assert episode.closure_reason not in ("RC8", "RC9")  # CIN census 2990
