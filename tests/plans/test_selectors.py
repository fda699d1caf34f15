"""When the next visit and review are due, late visits, and the bulk reads for worklists."""

from __future__ import annotations

import datetime as dt

from opencsc.plans import selectors, services
from tests.factories import (
    ChildInNeedPlanFactory,
    CINEpisodeFactory,
    PersonFactory,
    PlanActionFactory,
    StatutoryVisitFactory,
)
from tests.plans.conftest import REFERRAL, TODAY, make_cp_plan

D = dt.timedelta


def visit(child, actor, on, seen=True):  # type: ignore[no-untyped-def]
    return services.visit_record(
        actor=actor,
        child=child,
        visited_on=on,
        child_seen=seen,
        seen_alone=seen,
        observations="Synthetic observations",
    )


# --- the next visit -----------------------------------------------------------------------


def test_cp_visit_due_ten_working_days_after_the_plan_starts_skipping_easter(episode, child):
    # Monday 30 March 2026 + 10 working days, over Good Friday (3 April) and Easter Monday
    # (6 April): Wednesday 15 April, not Monday 13 April.
    make_cp_plan(episode, dt.date(2026, 3, 30))
    assert selectors.next_visit_due(child) == dt.date(2026, 4, 15)


def test_cp_visit_due_counts_from_the_last_visit_the_child_was_seen(episode, child, social_worker):
    make_cp_plan(episode, dt.date(2026, 3, 30))
    visit(child, social_worker, dt.date(2026, 4, 2))  # Thursday before Good Friday
    # 10 working days from Thursday 2 April: Monday 20 April (two bank holidays skipped).
    assert selectors.next_visit_due(child) == dt.date(2026, 4, 20)


def test_a_visit_where_the_child_was_not_seen_does_not_reset_the_clock(
    episode, child, social_worker
):
    make_cp_plan(episode, dt.date(2026, 3, 30))
    visit(child, social_worker, dt.date(2026, 4, 14), seen=False)
    assert selectors.next_visit_due(child) == dt.date(2026, 4, 15)


def test_cin_visit_due_at_the_plans_own_frequency(episode, child):
    ChildInNeedPlanFactory(
        episode=episode, start_date=dt.date(2026, 3, 30), visit_every_working_days=5
    )
    # 5 working days from Monday 30 March: 31, 1, 2, (3 and 6 bank holidays), 7, 8.
    assert selectors.next_visit_due(child) == dt.date(2026, 4, 8)


def test_cp_visit_standard_follows_settings(episode, child, settings):
    settings.OPENCSC_STANDARDS = {**settings.OPENCSC_STANDARDS, "cp_visit_working_days": 5}
    make_cp_plan(episode, dt.date(2026, 3, 30))
    assert selectors.next_visit_due(child) == dt.date(2026, 4, 8)


def test_no_visit_due_without_an_open_plan(episode, child):
    make_cp_plan(episode, REFERRAL, REFERRAL + D(days=20))
    assert selectors.next_visit_due(child) is None


def test_a_new_plan_starts_a_new_visit_clock(episode, child, social_worker):
    make_cp_plan(episode, dt.date(2026, 3, 9), dt.date(2026, 4, 13))
    visit(child, social_worker, dt.date(2026, 4, 9))
    services.cin_plan_start(actor=social_worker, episode=episode, start_date=dt.date(2026, 4, 13))
    # 20 working days from the CIN plan's start (later than the last visit): 12 May.
    assert selectors.next_visit_due(child) == dt.date(2026, 5, 12)


def test_visit_deadlines_for_many_children_is_one_query(db, django_assert_num_queries):
    ids = []
    for n in range(5):
        episode = CINEpisodeFactory(referral_date=REFERRAL)
        if n % 2:
            make_cp_plan(episode, dt.date(2026, 3, 30))
        else:
            ChildInNeedPlanFactory(episode=episode, start_date=dt.date(2026, 3, 30))
        StatutoryVisitFactory(
            episode=episode, visited_on=dt.date(2026, 4, 1), kind="cp" if n % 2 else "cin"
        )
        ids.append(episode.child_id)
    ids.append(PersonFactory().pk)  # no plan: absent from the result
    with django_assert_num_queries(1):
        due = selectors.visit_deadlines_for(ids)
    assert set(due) == set(ids[:5])
    cp = due[ids[1]]
    # 10 working days from Wednesday 1 April: 17 April.
    assert (cp.kind, cp.due_date, cp.standard_working_days) == ("cp", dt.date(2026, 4, 17), 10)
    assert cp.deadline().url == f"/plans/visits/{ids[1]}/"
    assert due[ids[0]].kind == "cin"


# --- reviews ------------------------------------------------------------------------------


def test_first_cin_review_due_three_months_after_the_start(episode):
    plan = ChildInNeedPlanFactory(episode=episode, start_date=dt.date(2026, 1, 30))
    assert selectors.next_cin_review_due(plan) == dt.date(2026, 4, 30)


def test_next_cin_review_due_counts_from_the_last_review(episode, social_worker):
    plan = ChildInNeedPlanFactory(episode=episode, start_date=REFERRAL, review_every_months=2)
    services.cin_plan_review_record(
        actor=social_worker, plan=plan, held_on=dt.date(2026, 3, 31), progress="P", decision="D"
    )
    # 31 March + 2 months, clamped to the end of May: 31 May.
    assert selectors.next_cin_review_due(plan) == dt.date(2026, 5, 31)


def test_no_review_due_once_the_plan_has_ended(episode):
    plan = ChildInNeedPlanFactory(
        episode=episode, start_date=REFERRAL, end_date=TODAY, end_reason="outcomes_met"
    )
    assert selectors.next_cin_review_due(plan) is None


# --- worklist bulk reads ------------------------------------------------------------------


def test_plan_deadlines_for_children_in_three_queries(db, django_assert_num_queries):
    plans = [
        ChildInNeedPlanFactory(episode=CINEpisodeFactory(referral_date=REFERRAL)) for _ in range(3)
    ]
    PlanActionFactory(cin_plan=plans[0], by_when=TODAY - D(days=2))
    PlanActionFactory(cin_plan=plans[0], by_when=TODAY - D(days=9))
    PlanActionFactory(cin_plan=plans[0], by_when=TODAY - D(days=9), completed_on=TODAY)
    PlanActionFactory(cin_plan=plans[1], by_when=TODAY + D(days=9))
    ids = [p.child_id for p in plans]
    with django_assert_num_queries(3):
        deadlines = selectors.plan_deadlines_for(ids)
    labels = {d.label for d in deadlines[ids[0]]}
    assert labels == {
        "Child in need visit due",
        "Child in need plan review due",
        "2 plan actions overdue",
    }
    overdue = next(d for d in deadlines[ids[0]] if "overdue" in d.label)
    assert overdue.due_date == TODAY - D(days=9)
    assert {d.label for d in deadlines[ids[1]]} == {
        "Child in need visit due",
        "Child in need plan review due",
    }
    review = next(d for d in deadlines[ids[2]] if "review" in d.label)
    assert review.due_date == dt.date(2026, 6, 2)  # referral 2 March + 3 months
    assert review.url == f"/plans/cin/{plans[2].pk}/"


def test_overdue_actions_ignore_ended_plans(db):
    plan = ChildInNeedPlanFactory(
        episode=CINEpisodeFactory(referral_date=REFERRAL),
        end_date=TODAY,
        end_reason="outcomes_met",
    )
    PlanActionFactory(cin_plan=plan, by_when=TODAY - D(days=2))
    assert selectors.overdue_actions_for([plan.child_id]) == {}


# --- the child's visits -------------------------------------------------------------------


def test_visit_history_flags_a_gap_longer_than_the_standard(episode, child, social_worker):
    make_cp_plan(episode, dt.date(2026, 3, 2))
    visit(child, social_worker, dt.date(2026, 3, 16))  # exactly 10 working days: on time
    visit(child, social_worker, dt.date(2026, 4, 1))  # 12 working days after: late
    visit(child, social_worker, dt.date(2026, 4, 2), seen=False)
    history = selectors.visit_history(child, TODAY)
    rows = {r.visit.visited_on: r for r in history.rows}
    assert not rows[dt.date(2026, 3, 16)].late
    assert rows[dt.date(2026, 4, 1)].late
    assert rows[dt.date(2026, 4, 1)].due_date == dt.date(2026, 3, 30)
    assert history.late_count == 1
    # Next due 10 working days after 1 April (the last seen): 17 April; today is the 20th.
    assert history.current is not None and history.current.due_date == dt.date(2026, 4, 17)
    assert (history.overdue, history.days_left) == (True, -1)
    assert [r.visit.visited_on for r in history.rows][0] == dt.date(2026, 4, 2)  # newest first


def test_visit_history_on_time(episode, child, social_worker):
    ChildInNeedPlanFactory(episode=episode, start_date=dt.date(2026, 4, 1))
    visit(child, social_worker, dt.date(2026, 4, 14))
    history = selectors.visit_history(child, TODAY)
    assert not history.rows[0].late and not history.overdue
    assert history.current is not None and history.current.kind == "cin"
    # 20 working days from 14 April, over the early May bank holiday (4 May): 13 May.
    assert history.current.due_date == dt.date(2026, 5, 13)
    assert history.days_left == 16


def test_scoped_fetch_of_a_plan_is_404_for_an_outsider(episode, outsider, social_worker):
    import pytest
    from django.http import Http404

    plan = ChildInNeedPlanFactory(episode=episode)
    assert selectors.cin_plan_for_user(social_worker, plan.pk).child.pk == episode.child_id
    with pytest.raises(Http404):
        selectors.cin_plan_for_user(outsider, plan.pk)
