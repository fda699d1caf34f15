"""When things are due for a child looked after: reviews (CPPCR Regulations 2010 reg 33),
visits (reg 28), the permanence plan (by the second review: Children Act 1989 Guidance
vol. 2), the end of an emergency legal status (903 rules 361-364), the eighteenth
birthday, and the review of a care order at home.

Pure functions of dates, so the worklist, the record and the period page all agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from opencsc.care.codes import STATUS_DAY_LIMITS
from opencsc.core.working_days import add_months, add_working_days

#: CPPCR reg 33: the first review within 20 working days of becoming looked after, the
#: second within 3 months of the first, later ones at most 6 months apart.
FIRST_REVIEW_WORKING_DAYS = 20
SECOND_REVIEW_MONTHS = 3
LATER_REVIEW_MONTHS = 6
#: CPPCR reg 28: within a week of a placement, then at most every 6 weeks in its first
#: year; then at most every 3 months when the placement is to last until 18.
FIRST_VISIT_DAYS = 7
VISIT_DAYS = 42
LONG_TERM_VISIT_MONTHS = 3
#: Long-term foster placements (903 U1, U4): the placement is to last until 18.
LONG_TERM_PLACEMENTS = frozenset({"U1", "U4"})
#: The review of a care order at home when none has been held (local standard).
PWP_REVIEW_MONTHS = 6


@dataclass(frozen=True)
class Deadline:
    """One dated thing a worklist shows: what, when, where to go."""

    child_id: int
    kind: str
    label: str
    due_date: dt.date
    url: str


def review_due(start: dt.date, reviews: Sequence[dt.date]) -> dt.date:
    """When the next looked-after review is due, given the reviews held (oldest first)."""
    if not reviews:
        return add_working_days(start, FIRST_REVIEW_WORKING_DAYS)
    if len(reviews) == 1:
        return add_months(reviews[0], SECOND_REVIEW_MONTHS)
    return add_months(reviews[-1], LATER_REVIEW_MONTHS)


def review_schedule(
    start: dt.date, reviews: Sequence[dt.date]
) -> list[tuple[dt.date, dt.date | None]]:
    """Each review as (due, held), oldest first, and the next one due (held None)."""
    rows: list[tuple[dt.date, dt.date | None]] = []
    for i, held in enumerate(reviews):
        rows.append((review_due(start, reviews[:i]), held))
    rows.append((review_due(start, reviews), None))
    return rows


def placement_start(episodes: Sequence[tuple[dt.date, str]]) -> dt.date:
    """When the current placement began: the latest episode (start, RNE) that was not a
    change of legal status only (oldest first)."""
    start = episodes[0][0]
    for began, rne in episodes:
        if rne != "L":
            start = began
    return start


def visit_due(placement_began: dt.date, last_seen: dt.date | None, *, long_term: bool) -> dt.date:
    """When the next statutory visit is due (CPPCR reg 28): a visit counts when the child
    was seen."""
    if last_seen is None or last_seen < placement_began:
        return placement_began + dt.timedelta(days=FIRST_VISIT_DAYS)
    if long_term and last_seen >= add_months(placement_began, 12):
        return add_months(last_seen, LONG_TERM_VISIT_MONTHS)
    return last_seen + dt.timedelta(days=VISIT_DAYS)


def is_long_term(placement: str, permanence_option: str) -> bool:
    return placement in LONG_TERM_PLACEMENTS or permanence_option == "long_term_fostering"


def permanence_due(start: dt.date, reviews: Sequence[dt.date], has_option: bool) -> dt.date | None:
    """By the second review the care plan names the permanence option; None once it does."""
    if has_option:
        return None
    if len(reviews) >= 2:
        return reviews[1]
    return (
        review_due(start, reviews)
        if reviews
        else add_months(review_due(start, []), SECOND_REVIEW_MONTHS)
    )


def status_ends(status: str, began: dt.date) -> dt.date | None:
    """The last day an emergency legal status may run (903 rules 361-364)."""
    days = STATUS_DAY_LIMITS.get(status)
    return began + dt.timedelta(days=days) if days is not None else None


def status_run_start(episodes: Sequence[tuple[dt.date, str]]) -> dt.date:
    """When the current legal status began: episodes as (start, legal status), oldest
    first."""
    start, status = episodes[-1]
    for began, ls in reversed(episodes):
        if ls != status:
            break
        start = began
    return start


def pwp_review_due(
    run_began: dt.date, last_review: tuple[dt.date, dt.date | None] | None
) -> dt.date | None:
    """When a care order at home is next reviewed: the date the last review set, else 6
    months after the child went home on the order."""
    if last_review is None:
        return add_months(run_began, PWP_REVIEW_MONTHS)
    return last_review[1]
