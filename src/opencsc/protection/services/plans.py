"""Ending a child protection plan, and its core group meetings (WT2023 ch.3)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from opencsc.core.concurrency import StaleEditError, save_versioned
from opencsc.protection.models import ChildProtectionPlan, CoreGroupMeeting, PlanEndReason
from opencsc.protection.services._common import clean_text, format_date, today

if TYPE_CHECKING:
    from opencsc.accounts.models import User


@transaction.atomic
def plan_end(
    *,
    actor: User,
    plan: ChildProtectionPlan,
    expected_version: int,
    end_date: dt.date,
    reason: str,
) -> ChildProtectionPlan:
    """End a plan outside a review conference: the child moved away, became looked after,
    reached 18 or died. (A review deciding the plan is no longer needed ends it itself.)"""
    current = (
        ChildProtectionPlan.objects.annotate(last_review=Max("reviews__held_on"))
        .select_related("child")
        .get(pk=plan.pk)
    )
    if current.version != expected_version:
        raise StaleEditError(current=current)
    if current.end_date is not None:
        raise ValidationError(f"This plan already ended on {format_date(current.end_date)}.")
    errors: dict[str, str] = {}
    if reason not in PlanEndReason.values:
        errors["reason"] = "Select why the plan ended"
    last = current.last_review  # type: ignore[attr-defined]
    died = current.child.date_of_death
    if not isinstance(end_date, dt.date):
        errors["end_date"] = "Enter the date the plan ended"
    elif end_date > today():
        errors["end_date"] = "Date the plan ended must be today or in the past"
    elif end_date <= current.start_date:
        # CIN census 8840: a plan cannot start and end on the same day.
        errors["end_date"] = (
            "Date the plan ended must be after the day it started "
            f"({format_date(current.start_date)}) (CIN census 8840)"
        )
    elif last is not None and end_date < last:
        errors["end_date"] = (
            "Date the plan ended must be the same as or after its last review conference "
            f"({format_date(last)})"
        )
    elif died is not None and end_date > died:
        # CIN census 8920: a plan cannot end after the child's death.
        errors["end_date"] = (
            f"Date the plan ended must be on or before the child's date of death "
            f"({format_date(died)}) (CIN census 8920)"
        )
    if errors:
        raise ValidationError(errors)
    return save_versioned(
        plan, expected_version=expected_version, fields={"end_date": end_date, "end_reason": reason}
    )


@transaction.atomic
def core_group_record(
    *,
    actor: User,
    plan: ChildProtectionPlan,
    held_on: dt.date,
    attendees: str | Iterable[str],
    progress: str,
) -> CoreGroupMeeting:
    """Record a core group meeting (WT2023 ch.3: the first within 10 working days of the
    conference, then as the plan needs)."""
    if not isinstance(attendees, str):
        attendees = "\n".join(clean_text(a) for a in attendees if clean_text(a))
    attendees, progress = clean_text(attendees), clean_text(progress)
    errors: dict[str, str] = {}
    if not attendees:
        errors["attendees"] = "Enter who attended, by agency"
    if not progress:
        errors["progress"] = "Enter the progress against the plan's actions"
    if not isinstance(held_on, dt.date):
        errors["held_on"] = "Enter the date of the core group meeting"
    elif held_on > today():
        errors["held_on"] = "Date of the core group meeting must be today or in the past"
    elif held_on < plan.start_date:
        errors["held_on"] = (
            "Date of the core group meeting must be the same as or after the plan started "
            f"({format_date(plan.start_date)})"
        )
    elif plan.end_date is not None and held_on > plan.end_date:
        errors["held_on"] = (
            "Date of the core group meeting must be the same as or before the plan ended "
            f"({format_date(plan.end_date)})"
        )
    if errors:
        raise ValidationError(errors)
    return CoreGroupMeeting.objects.create(
        plan=plan, held_on=held_on, attendees=attendees, progress=progress, recorded_by=actor
    )
