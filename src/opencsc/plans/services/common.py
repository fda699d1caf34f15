"""What the plans services share: dates in messages, today, the authority's standards,
reading a child's plans and locking the child while their plans change."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Value
from django.utils import timezone

from opencsc.plans.models import ChildInNeedPlan

# The ranges a plan's own standards may take. Reviews: monthly to yearly. Visits: at least
# every 65 working days (about three months), or a child in need is not being seen.
REVIEW_MONTHS_RANGE = (1, 12)
VISIT_WORKING_DAYS_RANGE = (1, 65)

# Words that say nobody has decided yet: the inspectors found plans lacking specificity
# (what, who, by when, how we will know), so a placeholder is not an answer.
PLACEHOLDERS = frozenset(
    {
        "tbc",
        "tba",
        "tbd",
        "n/a",
        "na",
        "none",
        "all",
        "everyone",
        "various",
        "ongoing",
        "as needed",
        "as required",
        "-",
        "--",
        "?",
        "x",
        ".",
    }
)


def long_date(value: dt.date) -> str:
    """3 March 2026, as GOV.UK writes dates in messages."""
    return f"{value.day} {value:%B %Y}"


def today() -> dt.date:
    return timezone.localdate()


def standards() -> dict[str, int]:
    """The authority's standards (settings.OPENCSC_STANDARDS), read at call time."""
    return settings.OPENCSC_STANDARDS


def check_range(value: int | None, label: str, bounds: tuple[int, int]) -> str:
    low, high = bounds
    if value is None or isinstance(value, bool) or not isinstance(value, int):
        return f"Enter {label} as a whole number"
    if not low <= value <= high:
        return f"{label[:1].upper()}{label[1:]} must be between {low} and {high}"
    return ""


def plan_periods(child_id: int) -> list[tuple[str, dt.date, dt.date | None]]:
    """Every child protection and child in need plan of the child, any episode, as
    (kind, start, end): one query. The census rules compare plans across episodes."""
    from opencsc.protection.models import ChildProtectionPlan

    cp = (
        ChildProtectionPlan.objects.filter(child_id=child_id)
        .annotate(kind=Value("cp"))
        .values_list("kind", "start_date", "end_date")
    )
    cin = (
        ChildInNeedPlan.objects.filter(child_id=child_id)
        .annotate(kind=Value("cin"))
        .values_list("kind", "start_date", "end_date")
    )
    return list(cp.union(cin, all=True))


def lock_child(child_id: int) -> dt.date | None:
    """Lock the child's row for the rest of the transaction (plans of one child are
    started and ended one at a time, so two people cannot start overlapping plans), and
    return the date of death."""
    from opencsc.people.models import Person

    return (
        Person.objects.select_for_update()
        .filter(pk=child_id)
        .values_list("date_of_death", flat=True)
        .get()
    )
