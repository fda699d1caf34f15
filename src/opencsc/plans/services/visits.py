"""Statutory visits: their kind and episode come from the plan open on the day."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Value

from opencsc.plans.models import ChildInNeedPlan, StatutoryVisit, VisitKind
from opencsc.plans.services.common import long_date, today

if TYPE_CHECKING:
    from opencsc.accounts.models import User
    from opencsc.people.models import Person


def plan_open_on(child_id: int, on: dt.date) -> tuple[str, int] | None:
    """The kind of plan the child was on on ``on`` and its episode id, or None: one query.

    A child protection plan wins on the day one plan hands over to the other.
    """
    from opencsc.protection.models import ChildProtectionPlan

    covering = Q(start_date__lte=on) & (Q(end_date__isnull=True) | Q(end_date__gte=on))
    cp = (
        ChildProtectionPlan.objects.filter(covering, child_id=child_id)
        .annotate(kind=Value(VisitKind.CHILD_PROTECTION.value))
        .values_list("kind", "episode_id")
    )
    cin = (
        ChildInNeedPlan.objects.filter(covering, child_id=child_id)
        .annotate(kind=Value(VisitKind.CHILD_IN_NEED.value))
        .values_list("kind", "episode_id")
    )
    rows = list(cp.union(cin, all=True))
    for kind in (VisitKind.CHILD_PROTECTION, VisitKind.CHILD_IN_NEED):
        for row_kind, episode_id in rows:
            if row_kind == kind:
                return kind.value, episode_id
    return None


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
    """Record a statutory visit. Its kind (child protection or child in need) and episode
    come from the plan the child was on that day. Two queries: the plan, the insert."""
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
    found = plan_open_on(child.pk, visited_on)
    if found is None:
        raise ValidationError(
            {
                "visited_on": f"{child.full_name} was not on a child protection or child in "
                f"need plan on {long_date(visited_on)}: statutory visits are recorded while "
                "a plan is open. Record other visits as a case note"
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
