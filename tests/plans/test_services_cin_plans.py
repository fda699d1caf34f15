"""The child in need plan services: every rule, valid and refused, nothing half-saved.
The CIN census rule each answers is named in the test."""

from __future__ import annotations

import pytest

from opencsc.core.concurrency import StaleEditError
from opencsc.plans import services
from opencsc.plans.models import ChildInNeedPlan, ChildInNeedPlanReview
from tests.factories import ChildInNeedPlanFactory
from tests.plans.conftest import REFERRAL, TODAY, make_cp_plan
from tests.plans.helpers import D, end, messages, refused, start

# --- cin_plan_start -----------------------------------------------------------------------


def test_cin_plan_starts_with_the_authority_standards(episode, social_worker):
    plan = start(episode, social_worker)
    assert (plan.child_id, plan.episode, plan.start_date) == (
        episode.child_id,
        episode,
        REFERRAL + D(days=14),
    )
    assert (plan.review_every_months, plan.visit_every_working_days) == (3, 20)
    assert plan.recorded_by == social_worker and plan.is_open


def test_cin_plan_defaults_follow_settings(episode, social_worker, settings):
    settings.OPENCSC_STANDARDS = {
        "cp_visit_working_days": 10,
        "cin_visit_working_days": 15,
        "cin_review_months": 2,
    }
    plan = start(episode, social_worker)
    assert (plan.review_every_months, plan.visit_every_working_days) == (2, 15)


def test_cin_plan_takes_its_own_frequencies(episode, social_worker):
    plan = start(episode, social_worker, review_every_months=6, visit_every_working_days=10)
    assert (plan.review_every_months, plan.visit_every_working_days) == (6, 10)


def test_cin_plan_start_runs_a_fixed_number_of_queries(
    episode, social_worker, django_assert_max_num_queries
):
    # Lock the child, read their plans, insert; plus the savepoint pair.
    with django_assert_max_num_queries(5):
        start(episode, social_worker)


@pytest.mark.parametrize(
    ("kwargs", "field", "text"),
    [
        ({"review_every_months": 0}, "review_every_months", "between 1 and 12"),
        ({"review_every_months": 13}, "review_every_months", "between 1 and 12"),
        ({"visit_every_working_days": 0}, "visit_every_working_days", "between 1 and 65"),
        ({"visit_every_working_days": 66}, "visit_every_working_days", "between 1 and 65"),
    ],
)
def test_cin_plan_frequencies_must_be_sensible(episode, social_worker, kwargs, field, text):
    exc = refused(start, episode=episode, actor=social_worker, **kwargs)
    assert text in exc.message_dict[field][0]
    assert not ChildInNeedPlan.objects.exists()


def test_cin_plan_refused_before_the_referral_4015(episode, social_worker):
    exc = refused(start, episode=episode, actor=social_worker, on=REFERRAL - D(days=1))
    assert "CIN census 4015" in exc.message_dict["start_date"][0]
    assert "2 March 2026" in exc.message_dict["start_date"][0]
    assert not ChildInNeedPlan.objects.exists()


def test_cin_plan_may_start_on_the_referral_date(episode, social_worker):
    assert start(episode, social_worker, on=REFERRAL).start_date == REFERRAL


def test_cin_plan_refused_in_the_future_4010(episode, social_worker):
    exc = refused(start, episode=episode, actor=social_worker, on=TODAY + D(days=1))
    assert "today or in the past" in exc.message_dict["start_date"][0]


def test_cin_plan_refused_after_the_childs_death_4008(episode, social_worker, child):
    child.date_of_death = REFERRAL + D(days=3)
    child.save()
    exc = refused(start, episode=episode, actor=social_worker, on=REFERRAL + D(days=4))
    assert "CIN census 4008" in exc.message_dict["start_date"][0]


def test_cin_plan_refused_on_a_closed_episode_8565(episode, social_worker):
    episode.closure_date, episode.closure_reason = REFERRAL + D(days=20), "RC7"
    episode.save()
    exc = refused(start, episode=episode, actor=social_worker)
    assert "CIN census 8565" in messages(exc)


def test_cin_plan_refused_on_a_referral_with_no_further_action_4000(episode, social_worker):
    episode.referral_nfa = True
    episode.save()
    exc = refused(start, episode=episode, actor=social_worker)
    assert "CIN census 4000" in messages(exc)
    assert not ChildInNeedPlan.objects.exists()


def test_cin_plan_refused_while_a_cp_plan_is_open_4001(episode, social_worker):
    make_cp_plan(episode, REFERRAL + D(days=10))
    exc = refused(start, episode=episode, actor=social_worker, on=TODAY)
    assert "CIN census 4001" in messages(exc)
    assert "child protection plan open since 12 March 2026" in messages(exc)
    assert not ChildInNeedPlan.objects.exists()


def test_cin_plan_refused_before_a_cp_plan_ended_4016(episode, social_worker):
    make_cp_plan(episode, REFERRAL + D(days=10), REFERRAL + D(days=30))
    exc = refused(start, episode=episode, actor=social_worker, on=REFERRAL + D(days=20))
    assert "CIN census 4016" in exc.message_dict["start_date"][0]
    # Backdated before the CP plan started, it would be open when the CP plan started.
    exc = refused(start, episode=episode, actor=social_worker, on=REFERRAL + D(days=5))
    assert "4017" in exc.message_dict["start_date"][0]


def test_cin_plan_may_start_on_the_day_the_cp_plan_ended(episode, social_worker):
    # CIN census 4016: "unless CINPlanStartDate is equal to CPPendDate" (step down).
    make_cp_plan(episode, REFERRAL + D(days=10), REFERRAL + D(days=30))
    assert start(episode, social_worker, on=REFERRAL + D(days=30)).is_open


def test_cin_plan_refused_while_another_is_open_4004(episode, social_worker):
    start(episode, social_worker, on=REFERRAL + D(days=3))
    exc = refused(start, episode=episode, actor=social_worker, on=TODAY)
    assert "CIN census 4004" in messages(exc)
    assert ChildInNeedPlan.objects.count() == 1


def test_cin_plan_refused_on_or_before_the_previous_plans_end_4014(episode, social_worker):
    ChildInNeedPlanFactory(
        episode=episode,
        start_date=REFERRAL,
        end_date=REFERRAL + D(days=20),
        end_reason="outcomes_met",
    )
    exc = refused(start, episode=episode, actor=social_worker, on=REFERRAL + D(days=20))
    assert "CIN census 4014" in exc.message_dict["start_date"][0]
    assert start(episode, social_worker, on=REFERRAL + D(days=21)).is_open


# --- cin_plan_end -------------------------------------------------------------------------


def test_cin_plan_ends_with_its_reason(plan, social_worker):
    ended = end(plan, social_worker)
    assert (ended.end_date, ended.end_reason, ended.version) == (TODAY, "outcomes_met", 2)


def test_cin_plan_end_needs_a_reason(plan, social_worker):
    exc = refused(end, plan=plan, actor=social_worker, reason="")
    assert exc.message_dict["reason"] == ["Select why the plan is ending"]


def test_cin_plan_end_refused_before_its_start_4011(plan, social_worker):
    exc = refused(end, plan=plan, actor=social_worker, on=plan.start_date - D(days=1))
    assert "CIN census 4011" in exc.message_dict["end_date"][0]
    plan.refresh_from_db()
    assert plan.is_open


def test_cin_plan_end_refused_on_the_day_it_started_4012q(plan, social_worker):
    exc = refused(end, plan=plan, actor=social_worker, on=plan.start_date)
    assert "CIN census 4012Q" in exc.message_dict["end_date"][0]


def test_cin_plan_end_refused_in_the_future(plan, social_worker):
    exc = refused(end, plan=plan, actor=social_worker, on=TODAY + D(days=1))
    assert "today or in the past" in exc.message_dict["end_date"][0]


def test_cin_plan_end_refused_after_the_childs_death_4009q(plan, social_worker, child):
    child.date_of_death = TODAY - D(days=5)
    child.save()
    exc = refused(end, plan=plan, actor=social_worker)
    assert "CIN census 4009Q" in exc.message_dict["end_date"][0]


def test_cin_plan_end_refused_after_the_episode_closed_8565(plan, social_worker, episode):
    # Only data written around the services could leave a closed episode with an open plan.
    episode.closure_date, episode.closure_reason = TODAY - D(days=5), "RC7"
    episode.save()
    exc = refused(end, plan=plan, actor=social_worker)
    assert "CIN census 8565" in exc.message_dict["end_date"][0]


def test_cin_plan_end_refused_after_a_cp_plan_started_4017(plan, social_worker, episode):
    make_cp_plan(episode, TODAY - D(days=3))  # written around the services
    exc = refused(end, plan=plan, actor=social_worker)
    assert "CIN census 4017" in exc.message_dict["end_date"][0]
    assert end(plan, social_worker, on=TODAY - D(days=3)).end_date == TODAY - D(days=3)


def test_cin_plan_end_refuses_a_stale_version(plan, social_worker):
    with pytest.raises(StaleEditError) as info:
        end(plan, social_worker, version=plan.version - 1 if plan.version > 1 else 99)
    assert info.value.current.is_open
    plan.refresh_from_db()
    assert plan.is_open


def test_cin_plan_end_refused_when_already_ended(plan, social_worker):
    end(plan, social_worker)
    exc = refused(end, plan=plan, actor=social_worker)
    assert "already ended on 20 April 2026" in messages(exc)


# --- cin_plan_review_record ---------------------------------------------------------------


def review(plan, actor, on=TODAY, progress="Going well", decision="Plan continues"):  # type: ignore[no-untyped-def]
    return services.cin_plan_review_record(
        actor=actor, plan=plan, held_on=on, progress=progress, decision=decision
    )


def test_cin_plan_review_recorded(plan, social_worker):
    r = review(plan, social_worker)
    assert (r.plan, r.held_on, r.progress, r.recorded_by) == (
        plan,
        TODAY,
        "Going well",
        social_worker,
    )


@pytest.mark.parametrize(
    ("kwargs", "field", "text"),
    [
        ({"on": TODAY + D(days=1)}, "held_on", "today or in the past"),
        ({"on": REFERRAL}, "held_on", "after the plan started, 9 March 2026"),
        ({"progress": "  "}, "progress", "Enter the progress"),
        ({"decision": ""}, "decision", "Enter the review's decision"),
    ],
)
def test_cin_plan_review_rules(plan, social_worker, kwargs, field, text):
    exc = refused(review, plan=plan, actor=social_worker, **kwargs)
    assert text in exc.message_dict[field][0]
    assert not ChildInNeedPlanReview.objects.exists()


def test_cin_plan_review_not_after_the_plan_ended(plan, social_worker):
    end(plan, social_worker, on=TODAY - D(days=2))
    plan.refresh_from_db()
    exc = refused(review, plan=plan, actor=social_worker)
    assert "before the plan ended, 18 April 2026" in exc.message_dict["held_on"][0]
    assert review(plan, social_worker, on=TODAY - D(days=2)).pk
