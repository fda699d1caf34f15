"""Plan actions, for child protection and child in need plans alike: what will be done,
who will do it, by when, and how we will know it has worked."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from opencsc.core.concurrency import save_versioned
from opencsc.plans.models import ChildInNeedPlan, PlanAction
from opencsc.plans.services.common import PLACEHOLDERS, long_date, today

if TYPE_CHECKING:
    from opencsc.accounts.models import User
    from opencsc.protection.models import ChildProtectionPlan


def _specific(value: str, missing: str, vague: str) -> tuple[str, str]:
    """The stripped value, or the message saying what to write instead."""
    value = (value or "").strip()
    if not value:
        return value, missing
    if value.lower().rstrip(".") in PLACEHOLDERS:
        return value, vague
    return value, ""


@transaction.atomic
def plan_action_add(
    *,
    actor: User,
    plan: ChildProtectionPlan | ChildInNeedPlan,
    what: str,
    who: str,
    by_when: dt.date,
    measure: str,
) -> PlanAction:
    """Add an action to a child protection or child in need plan.

    Every part is required and must be specific (what will be done, who will do it, by
    when, and how we will know it has worked): Ofsted's inspections keep finding plans
    that lack specificity. One query (the insert).
    """
    from opencsc.protection.models import ChildProtectionPlan

    errors: dict[str, str] = {}
    what, errors["what"] = _specific(
        what,
        "Enter what will be done",
        "Say exactly what will be done: a placeholder is not an action",
    )
    who, errors["who"] = _specific(
        who,
        "Enter who will do it",
        "Name the person or service who will do it, not a placeholder",
    )
    measure, errors["measure"] = _specific(
        measure,
        "Enter how we will know it has worked",
        "Say what will be different for the child when it has worked",
    )
    if len(who) > PlanAction._meta.get_field("who").max_length:  # type: ignore[operator]
        errors["who"] = "Who will do it must be 200 characters or fewer"
    if by_when is None:
        errors["by_when"] = "Enter the date it will be done by"
    elif by_when < plan.start_date:
        errors["by_when"] = (
            "The date it will be done by must be the same as or after the plan started, "
            f"{long_date(plan.start_date)}"
        )
    errors = {k: v for k, v in errors.items() if v}
    if not plan.is_open:
        errors["__all__"] = (
            f"This plan ended on {long_date(plan.end_date)}: actions cannot be added to it"  # type: ignore[arg-type]
        )
    if errors:
        raise ValidationError(errors)
    action = PlanAction(what=what, who=who, by_when=by_when, measure=measure)
    if isinstance(plan, ChildProtectionPlan):
        action.cp_plan = plan
    else:
        action.cin_plan = plan
    action.save(force_insert=True)
    return action


def _action_plan_start(action: PlanAction) -> dt.date:
    """The start of the action's plan: no query when the plan is already loaded."""
    from opencsc.protection.models import ChildProtectionPlan

    if action.cin_plan_id is not None:
        if PlanAction.cin_plan.is_cached(action):  # type: ignore[attr-defined]
            return action.cin_plan.start_date  # type: ignore[union-attr]
        return ChildInNeedPlan.objects.values_list("start_date", flat=True).get(
            pk=action.cin_plan_id
        )
    if PlanAction.cp_plan.is_cached(action):  # type: ignore[attr-defined]
        return action.cp_plan.start_date  # type: ignore[union-attr]
    assert action.cp_plan_id is not None  # the plan_action_one_plan constraint
    return ChildProtectionPlan.objects.values_list("start_date", flat=True).get(
        pk=action.cp_plan_id
    )


@transaction.atomic
def plan_action_complete(
    *,
    actor: User,
    action: PlanAction,
    expected_version: int,
    completed_on: dt.date,
    outcome_note: str = "",
) -> PlanAction:
    """Mark a plan action done, with what it achieved.

    Raises ``StaleEditError`` if the action was saved since ``expected_version``.
    """
    errors: dict[str, str] = {}
    if action.version == expected_version and action.completed_on is not None:
        raise ValidationError(
            f"This action was already completed on {long_date(action.completed_on)}"
        )
    if completed_on is None:
        errors["completed_on"] = "Enter the date it was done"
    elif completed_on > today():
        errors["completed_on"] = "Date it was done must be today or in the past"
    else:
        start = _action_plan_start(action)
        if completed_on < start:
            errors["completed_on"] = (
                "Date it was done must be the same as or after the plan started, "
                f"{long_date(start)}"
            )
    if errors:
        raise ValidationError(errors)
    return save_versioned(
        action,
        expected_version=expected_version,
        fields={"completed_on": completed_on, "outcome_note": (outcome_note or "").strip()},
    )
