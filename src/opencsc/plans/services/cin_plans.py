"""Child in need plans: start, review and end.

CIN census CINPlanDates rules enforced here: 4000, 4001, 4004, 4008, 4009Q, 4010, 4011,
4012Q, 4014, 4015, 4016, 4017 and 8565.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from opencsc.core.concurrency import save_versioned
from opencsc.plans.models import ChildInNeedPlan, ChildInNeedPlanReview, CINPlanEndReason
from opencsc.plans.services.common import (
    REVIEW_MONTHS_RANGE,
    VISIT_WORKING_DAYS_RANGE,
    check_range,
    lock_child,
    long_date,
    plan_periods,
    standards,
    today,
)

if TYPE_CHECKING:
    from opencsc.accounts.models import User
    from opencsc.casework.models import CINEpisode


def cin_plan_start_errors(
    *,
    episode: CINEpisode,
    start_date: dt.date | None,
    date_of_death: dt.date | None,
    periods: list[tuple[str, dt.date, dt.date | None]],
) -> dict[str, str]:
    """Why a child in need plan cannot start on ``start_date`` on ``episode`` (pure)."""
    if not episode.is_open:
        # CIN census 8565: nothing on an episode after it closed.
        return {
            "__all__": f"This episode closed on {long_date(episode.closure_date)}: a child in "  # type: ignore[arg-type]
            "need plan needs an open episode, so record a new referral first (CIN census 8565)"
        }
    if episode.referral_nfa:
        # CIN census 4000 / 8831: a referral with no further action carries no plan.
        return {
            "__all__": "This referral was closed with no further action, so it cannot have a "
            "child in need plan (CIN census 4000). Record a new referral if the child now "
            "needs a plan"
        }
    if start_date is None:
        return {"start_date": "Enter the date the plan started"}
    if start_date > today():
        # CIN census 4010: the start is on or before the reference date.
        return {"start_date": "Start date must be today or in the past"}
    if start_date < episode.referral_date:
        return {
            "start_date": "Start date must be the same as or after the referral date, "
            f"{long_date(episode.referral_date)} (CIN census 4015)"
        }
    if date_of_death is not None and start_date > date_of_death:
        return {
            "start_date": "Start date must be the same as or before the child's date of "
            f"death, {long_date(date_of_death)} (CIN census 4008)"
        }
    for kind, start, end in periods:
        if kind == "cp" and end is None:
            return {
                "__all__": f"The child has a child protection plan open since "
                f"{long_date(start)}: a child in need plan cannot run at the same time "
                "(CIN census 4001, 4016). End the child protection plan at a review "
                "conference first; the child in need plan can start on the day it ends"
            }
    for kind, start, end in periods:
        if kind == "cin" and end is None:
            return {
                "__all__": f"The child already has a child in need plan open since "
                f"{long_date(start)}: one plan at a time (CIN census 4004). Review or end "
                "that plan instead"
            }
    cp_ends = [end for kind, _s, end in periods if kind == "cp" and end is not None]
    if cp_ends and start_date < max(cp_ends):
        # CIN census 4016/4017: a CIN plan cannot start inside a child protection plan,
        # nor be open when one starts; starting on the day the CP plan ended is accepted.
        return {
            "start_date": "Start date must be the same as or after "
            f"{long_date(max(cp_ends))}, when the child's last child protection plan "
            "ended: the plans cannot overlap (CIN census 4016, 4017)"
        }
    cin_ends = [end for kind, _s, end in periods if kind == "cin" and end is not None]
    if cin_ends and start_date <= max(cin_ends):
        # CIN census 4014: a plan's start cannot fall within another plan, end day included.
        return {
            "start_date": "Start date must be after "
            f"{long_date(max(cin_ends))}, when the child's previous child in need plan "
            "ended: plans cannot overlap (CIN census 4014)"
        }
    return {}


@transaction.atomic
def cin_plan_start(
    *,
    actor: User,
    episode: CINEpisode,
    start_date: dt.date,
    review_every_months: int | None = None,
    visit_every_working_days: int | None = None,
) -> ChildInNeedPlan:
    """Start a child in need plan on the child's open episode.

    The review and visit frequencies default to the authority's standards
    (settings.OPENCSC_STANDARDS). Three queries: lock the child, read their plans, insert.
    """
    std = standards()
    review = std["cin_review_months"] if review_every_months is None else review_every_months
    visits = (
        std["cin_visit_working_days"]
        if visit_every_working_days is None
        else visit_every_working_days
    )
    errors: dict[str, str] = {}
    if message := check_range(
        review, "how often the plan is reviewed (months)", REVIEW_MONTHS_RANGE
    ):
        errors["review_every_months"] = message
    if message := check_range(
        visits, "how often the child is visited (working days)", VISIT_WORKING_DAYS_RANGE
    ):
        errors["visit_every_working_days"] = message
    if errors:
        raise ValidationError(errors)
    date_of_death = lock_child(episode.child_id)
    errors = cin_plan_start_errors(
        episode=episode,
        start_date=start_date,
        date_of_death=date_of_death,
        periods=plan_periods(episode.child_id),
    )
    if errors:
        raise ValidationError(errors)
    return ChildInNeedPlan.objects.create(
        child_id=episode.child_id,
        episode=episode,
        start_date=start_date,
        review_every_months=review,
        visit_every_working_days=visits,
        recorded_by=actor,
    )


@transaction.atomic
def cin_plan_end(
    *,
    actor: User,
    plan: ChildInNeedPlan,
    expected_version: int,
    end_date: dt.date,
    reason: str,
) -> ChildInNeedPlan:
    """End a child in need plan, with the reason.

    Raises ``StaleEditError`` if the plan was saved (or ended) since ``expected_version``.
    """
    from opencsc.casework.models import CINEpisode
    from opencsc.protection.models import ChildProtectionPlan

    errors: dict[str, str] = {}
    if reason not in CINPlanEndReason.values:
        errors["reason"] = "Select why the plan is ending"
    if end_date is None:
        errors["end_date"] = "Enter the date the plan ended"
    elif end_date > today():
        errors["end_date"] = "End date must be today or in the past"
    elif end_date < plan.start_date:
        errors["end_date"] = (
            "End date must be the same as or after the start date, "
            f"{long_date(plan.start_date)} (CIN census 4011)"
        )
    elif end_date == plan.start_date:
        # CIN census 4012Q queries a plan that starts and ends on the same day.
        errors["end_date"] = (
            f"End date must be after the start date, {long_date(plan.start_date)}: a plan "
            "cannot end on the day it started (CIN census 4012Q)"
        )
    if errors:
        raise ValidationError(errors)
    if plan.version == expected_version and not plan.is_open:
        raise ValidationError(f"This plan already ended on {long_date(plan.end_date)}")  # type: ignore[arg-type]
    closure_date, date_of_death = (
        CINEpisode.objects.filter(pk=plan.episode_id)
        .values_list("closure_date", "child__date_of_death")
        .get()
    )
    if closure_date is not None and end_date > closure_date:
        errors["end_date"] = (
            f"End date must be the same as or before {long_date(closure_date)}, when the "
            "episode closed (CIN census 8565)"
        )
    elif date_of_death is not None and end_date > date_of_death:
        errors["end_date"] = (
            "End date must be the same as or before the child's date of death, "
            f"{long_date(date_of_death)} (CIN census 4009Q)"
        )
    else:
        # CIN census 4017: a child protection plan that started while this plan was open
        # must find it ended on or before its start date.
        cp_start = (
            ChildProtectionPlan.objects.filter(
                child_id=plan.child_id, start_date__gte=plan.start_date
            )
            .order_by("start_date")
            .values_list("start_date", flat=True)
            .first()
        )
        if cp_start is not None and end_date > cp_start:
            errors["end_date"] = (
                f"End date must be the same as or before {long_date(cp_start)}, when the "
                "child protection plan started: the plans cannot overlap (CIN census 4017)"
            )
    if errors:
        raise ValidationError(errors)
    return save_versioned(
        plan,
        expected_version=expected_version,
        fields={"end_date": end_date, "end_reason": reason},
    )


@transaction.atomic
def cin_plan_review_record(
    *,
    actor: User,
    plan: ChildInNeedPlan,
    held_on: dt.date,
    progress: str,
    decision: str,
) -> ChildInNeedPlanReview:
    """Record a review of a child in need plan: progress against the plan and what changes.

    One query (the insert).
    """
    progress = (progress or "").strip()
    decision = (decision or "").strip()
    errors: dict[str, str] = {}
    if held_on is None:
        errors["held_on"] = "Enter the date of the review"
    elif held_on > today():
        errors["held_on"] = "Date of the review must be today or in the past"
    elif held_on < plan.start_date:
        errors["held_on"] = (
            "Date of the review must be the same as or after the plan started, "
            f"{long_date(plan.start_date)}"
        )
    elif plan.end_date is not None and held_on > plan.end_date:
        errors["held_on"] = (
            "Date of the review must be the same as or before the plan ended, "
            f"{long_date(plan.end_date)}"
        )
    if not progress:
        errors["progress"] = "Enter the progress made against the plan"
    if not decision:
        errors["decision"] = (
            "Enter the review's decision: what changes, and whether the plan continues"
        )
    if errors:
        raise ValidationError(errors)
    return ChildInNeedPlanReview.objects.create(
        plan=plan, held_on=held_on, progress=progress, decision=decision, recorded_by=actor
    )
