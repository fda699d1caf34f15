"""The statutory timescales a worklist row shows, for a whole page of children at once,
in a fixed number of queries whatever the number of children: five for child protection
and plans (two for conferences and core groups, three for visits, child in need plan
reviews and overdue plan actions), two for pre-proceedings and care proceedings, one to
find the children looked after, and, when the page has any, ten more for their reviews,
visits, permanence plans and health.

The due dates come from the apps that own the rules (``protection.selectors`` for
WT2023 ch.3 conferences and core groups; ``plans.selectors`` for the authority's visit
and review standards; ``care.selectors`` and ``care.health_selectors`` for CPPCR 2010 and
the health guidance; ``legal.deadlines`` for the PLO's 16 weeks, the manager's review
and the 26 weeks of proceedings), so the worklist, the record and the plan pages agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from opencsc.care.health_selectors import health_deadlines_for
from opencsc.care.models import CarePeriod
from opencsc.care.selectors import QUERIES as CARE_QUERIES
from opencsc.care.selectors import care_deadlines_for
from opencsc.core.working_days import working_days_remaining
from opencsc.insight.rows import RowDeadline
from opencsc.legal.deadlines import legal_deadlines_for
from opencsc.plans.selectors import plan_deadlines_for
from opencsc.protection.selectors import protection_deadlines_for

#: Queries deadlines_for runs for a non-empty page with no child looked after, and with
#: some (pinned in tests/insight).
QUERIES = 8
HEALTH_QUERIES = 4
QUERIES_LOOKED_AFTER = QUERIES + CARE_QUERIES + HEALTH_QUERIES


def deadlines_for(child_ids: Iterable[int], today: dt.date) -> dict[int, tuple[RowDeadline, ...]]:
    """Each child's conferences, core groups, visits, reviews, overdue plan actions and,
    for children looked after, their reviews, visits, permanence plan and health checks
    due, soonest first. No queries for an empty page."""
    ids = list(child_ids)
    if not ids:
        return {}
    found: dict[int, list[RowDeadline]] = {}
    for child_id, items in protection_deadlines_for(ids).items():
        found.setdefault(child_id, []).extend(
            RowDeadline(
                kind=d.kind,
                label=f"{d.label} due",
                due_date=d.due_date,
                url=d.url,
                days_remaining=working_days_remaining(d.due_date, today),
            )
            for d in items
        )
    for child_id, plan_items in plan_deadlines_for(ids, today).items():
        found.setdefault(child_id, []).extend(
            RowDeadline(
                kind="plan",
                label=d.label,
                due_date=d.due_date,
                url=d.url,
                days_remaining=working_days_remaining(d.due_date, today),
            )
            for d in plan_items
        )
    for child_id, legal_items in legal_deadlines_for(ids, today).items():
        found.setdefault(child_id, []).extend(
            RowDeadline(
                kind=d.kind,
                label=d.label,
                due_date=d.due_date,
                url=d.url,
                days_remaining=working_days_remaining(d.due_date, today),
            )
            for d in legal_items
        )
    looked_after = list(
        CarePeriod.objects.filter(child_id__in=ids, end_date__isnull=True).values_list(
            "child_id", flat=True
        )
    )
    if looked_after:
        for by_child in (
            care_deadlines_for(looked_after, today),
            health_deadlines_for(looked_after, today),
        ):
            for child_id, care_items in by_child.items():
                found.setdefault(child_id, []).extend(
                    RowDeadline(
                        kind=d.kind,
                        label=f"{d.label} due",
                        due_date=d.due_date,
                        url=d.url,
                        days_remaining=working_days_remaining(d.due_date, today),
                    )
                    for d in care_items
                )
    return {
        child_id: tuple(sorted(items, key=lambda d: (d.due_date, d.label)))
        for child_id, items in found.items()
    }
