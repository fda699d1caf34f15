"""The child protection and plan timescales a worklist row shows, for a whole page of
children at once: five queries whatever the number of children (two for conferences and
core groups, three for visits, child in need plan reviews and overdue plan actions).

The due dates come from the apps that own the rules (``protection.selectors`` for
WT2023 ch.3 conferences and core groups; ``plans.selectors`` for the authority's visit
and review standards), so the worklist, the record and the plan pages agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from opencsc.core.working_days import working_days_remaining
from opencsc.insight.rows import RowDeadline
from opencsc.plans.selectors import plan_deadlines_for
from opencsc.protection.selectors import protection_deadlines_for

#: Queries deadlines_for runs for a non-empty page (pinned in tests/insight).
QUERIES = 5


def deadlines_for(child_ids: Iterable[int], today: dt.date) -> dict[int, tuple[RowDeadline, ...]]:
    """Each child's conferences, core groups, visits, reviews and overdue plan actions
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
    return {
        child_id: tuple(sorted(items, key=lambda d: (d.due_date, d.label)))
        for child_id, items in found.items()
    }
