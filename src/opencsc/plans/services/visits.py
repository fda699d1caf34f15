"""Statutory visits: their kind and episode come from what the child was on that day.

Looked after comes first (CPPCR Regulations 2010 reg 28 sets the visits of a child looked
after, whatever plan they were on before), then a child protection plan, then a child in
need plan."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction

from opencsc.plans.models import ChildInNeedPlan, StatutoryVisit, VisitKind
from opencsc.plans.services.common import long_date, today

if TYPE_CHECKING:
    from opencsc.accounts.models import User
    from opencsc.people.models import Person


def plan_open_on(
    child_id: int, on: dt.date, *, looked_after: bool = False
) -> tuple[str, int] | None:
    """The kind of plan the child was on on ``on`` and its episode id, or None: one query.

    A child protection plan wins on the day one plan hands over to the other. With
    ``looked_after``, a period of care open that day (its last day included) wins over
    both: the visit is a looked-after child visit.
    """
    from opencsc.care.models import CarePeriod
    from opencsc.protection.models import ChildProtectionPlan

    # Written as SQL: every statutory visit asks this, and building the ORM's union cost
    # several times the query itself (the synthetic authority records ~50,000 visits).
    cp = connection.ops.quote_name(ChildProtectionPlan._meta.db_table)
    cin = connection.ops.quote_name(ChildInNeedPlan._meta.db_table)
    # Table names from the models' metadata; every value is a parameter.
    care = connection.ops.quote_name(CarePeriod._meta.db_table)
    looked_after_sql = (
        f"SELECT -1 AS rank, %s AS kind, episode_id FROM {care} WHERE child_id = %s AND "  # noqa: S608
        "start_date <= %s AND (end_date IS NULL OR end_date >= %s) UNION ALL "
        if looked_after
        else ""
    )
    sql = (
        "SELECT kind, episode_id FROM ("  # noqa: S608
        f"{looked_after_sql}"
        f"SELECT 0 AS rank, %s AS kind, episode_id FROM {cp} WHERE child_id = %s AND "
        "start_date <= %s AND (end_date IS NULL OR end_date >= %s) UNION ALL "
        f"SELECT 1, %s, episode_id FROM {cin} WHERE child_id = %s AND "
        "start_date <= %s AND (end_date IS NULL OR end_date >= %s)"
        ") plans ORDER BY rank LIMIT 1"
    )
    params: list[Any] = [VisitKind.LOOKED_AFTER.value, child_id, on, on] if looked_after else []
    params += [VisitKind.CHILD_PROTECTION.value, child_id, on, on]
    params += [VisitKind.CHILD_IN_NEED.value, child_id, on, on]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return (row[0], row[1]) if row else None


@transaction.atomic
def visit_record(
    *,
    actor: User,
    child: Person,
    visited_on: dt.date,
    child_seen: bool,
    seen_alone: bool = False,
    bedroom_seen: bool = False,
    observations: str,
) -> StatutoryVisit:
    """Record a statutory visit. Its kind (looked after, child protection or child in
    need) and episode come from what the child was on that day. Two queries: the kind,
    the insert."""
    observations = (observations or "").strip()
    errors: dict[str, str] = {}
    if visited_on is None:
        errors["visited_on"] = "Enter the date of the visit"
    elif visited_on > today():
        errors["visited_on"] = "Date of the visit must be today or in the past"
    elif child.date_of_death is not None and visited_on > child.date_of_death:
        errors["visited_on"] = (
            "Date of the visit must be the same as or before the child's date of death, "
            f"{long_date(child.date_of_death)}"
        )
    if child_seen is None:
        errors["child_seen"] = "Select whether the child was seen"
    elif seen_alone and not child_seen:
        errors["seen_alone"] = (
            "The child cannot have been seen alone if they were not seen: change one answer"
        )
    if not observations:
        errors["observations"] = (
            "Enter what the child said and did, and what you saw"
            if child_seen
            else "Enter why the child was not seen, and what you saw"
        )
    if errors:
        raise ValidationError(errors)
    found = plan_open_on(child.pk, visited_on, looked_after=True)
    if found is None:
        raise ValidationError(
            {
                "visited_on": f"{child.full_name} was not on a child protection or child in "
                f"need plan on {long_date(visited_on)}, nor looked after: statutory visits "
                "are recorded while a plan is open or the child is looked after. Record "
                "other visits as a case note"
            }
        )
    kind, episode_id = found
    return StatutoryVisit.objects.create(
        child=child,
        episode_id=episode_id,
        kind=kind,
        visited_on=visited_on,
        visited_by=actor,
        child_seen=bool(child_seen),
        seen_alone=bool(seen_alone),
        bedroom_seen=bool(bedroom_seen),
        observations=observations,
    )
