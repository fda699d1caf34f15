"""When reviews, visits and the permanence plan are due (CPPCR regs 28 and 33), and the
worklist's bulk read in a fixed number of queries."""

from __future__ import annotations

import datetime as dt

from opencsc.care import deadlines as due
from opencsc.care import selectors, services
from opencsc.plans.services import visit_record
from tests.care.conftest import TODAY
from tests.care.helpers import START, D, change, start
from tests.factories import AllocationFactory, CINEpisodeFactory, PersonFactory


def test_reviews_first_within_20_working_days_then_3_then_6_months():
    # Thursday 26 March 2026 + 20 working days crosses Good Friday and Easter Monday.
    start_on = dt.date(2026, 3, 26)
    assert due.review_due(start_on, []) == dt.date(2026, 4, 27)
    assert due.review_due(start_on, [dt.date(2026, 4, 20)]) == dt.date(2026, 7, 20)
    assert due.review_due(start_on, [dt.date(2026, 4, 20), dt.date(2026, 7, 1)]) == dt.date(
        2027, 1, 1
    )


def test_visits_within_a_week_then_six_weekly_then_three_monthly_when_long_term():
    began = dt.date(2025, 1, 6)
    assert due.visit_due(began, None, long_term=False) == dt.date(2025, 1, 13)
    assert due.visit_due(began, dt.date(2025, 2, 1), long_term=True) == dt.date(2025, 3, 15)
    assert due.visit_due(began, dt.date(2026, 2, 1), long_term=True) == dt.date(2026, 5, 1)
    assert due.visit_due(began, dt.date(2026, 2, 1), long_term=False) == dt.date(2026, 3, 15)


def test_the_permanence_plan_is_due_by_the_second_review():
    start_on = dt.date(2026, 1, 5)
    assert due.permanence_due(start_on, [dt.date(2026, 2, 1)], False) == dt.date(2026, 5, 1)
    assert due.permanence_due(start_on, [dt.date(2026, 2, 1), dt.date(2026, 4, 1)], False) == (
        dt.date(2026, 4, 1)
    )
    assert due.permanence_due(start_on, [], True) is None


def test_a_placement_starts_at_the_last_move_not_a_status_change():
    eps = [(dt.date(2026, 1, 1), "S"), (dt.date(2026, 2, 1), "P"), (dt.date(2026, 3, 1), "L")]
    assert due.placement_start(eps) == dt.date(2026, 2, 1)


def test_care_deadlines_for_a_page_of_children_in_fixed_queries(
    child, episode, social_worker, iro, team, django_assert_num_queries
):
    period = start(child, social_worker)
    change(
        period,
        social_worker,
        START + D(days=40),
        placement="P1",
        provider="PR0",
        carer="Mother",
        placement_postcode="CW1 1AA",
        urn="",
        legal_status="C2",
        reason_place_change="CARPL",
    )
    visit_record(
        actor=social_worker,
        child=child,
        visited_on=TODAY - D(days=3),
        child_seen=True,
        observations="Settled.",
    )
    others = []
    for _ in range(3):
        other = PersonFactory(date_of_birth=dt.date(2010, 5, 1), postcode="CW1 1AA")
        AllocationFactory(child=other, team=team)
        CINEpisodeFactory(child=other, referral_date=START - D(days=3))
        start(other, social_worker, placement="K2")
        others.append(other.pk)
    with django_assert_num_queries(selectors.QUERIES):
        found = selectors.care_deadlines_for([child.pk, *others], TODAY)
    kinds = {d.kind: d.due_date for d in found[child.pk]}
    assert kinds["cla_review"] == dt.date(2026, 2, 12)  # 20 working days: overdue
    assert kinds["cla_visit"] == TODAY - D(days=3) + D(days=42)
    assert "pwp_review" in kinds and "permanence" in kinds
    assert set(found) == {child.pk, *others}
    services.review_record(
        actor=iro,
        period=period,
        held_on=START + D(days=20),
        participation="PN1",
        chair=iro,
        decisions="Go home.",
    )
    assert selectors.review_due(period) == dt.date(2026, 5, 4)


def test_an_emergency_status_shows_when_it_must_end(child, episode, social_worker):
    start(child, social_worker, on=TODAY - D(days=1), legal_status="L2")
    found = selectors.care_deadlines_for([child.pk], TODAY)[child.pk]
    assert ("emergency_status", TODAY + D(days=14)) in {(d.kind, d.due_date) for d in found}


def test_no_looked_after_child_costs_one_query(child, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert selectors.care_deadlines_for([child.pk], TODAY) == {}
