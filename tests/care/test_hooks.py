"""Looked after comes first: a statutory visit to a child looked after is a looked-after
child visit (CPPCR reg 28), whatever plan was open before."""

from __future__ import annotations

from opencsc.plans.services import visit_record
from tests.care.helpers import START, D, start
from tests.factories import ChildInNeedPlanFactory


def visit(child, actor, on):  # type: ignore[no-untyped-def]
    return visit_record(
        actor=actor, child=child, visited_on=on, child_seen=True, observations="Settled."
    )


def test_a_visit_while_looked_after_is_a_looked_after_visit(child, episode, social_worker):
    ChildInNeedPlanFactory(child=child, episode=episode, start_date=START - D(days=5))
    assert visit(child, social_worker, START - D(days=1)).kind == "cin"
    period = start(child, social_worker)
    found = visit(child, social_worker, START + D(days=3))
    assert (found.kind, found.episode_id) == ("cla", period.episode_id)


def test_the_last_day_of_care_is_still_looked_after(child, episode, social_worker):
    from opencsc.care import services

    period = start(child, social_worker)
    services.period_end(
        actor=social_worker, period=period, end_date=START + D(days=10), reason="E4A"
    )
    assert visit(child, social_worker, START + D(days=10)).kind == "cla"  # its last day
