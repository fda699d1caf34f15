"""Looked-after reviews, the IRO's contact with the child, care plans and the review of
a care order at home (CPPCR Regulations 2010 regs 4, 33, 36, 45-47; 903 Reviews)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from opencsc.accounts.models import Role
from opencsc.care.codes import PermanenceOption, ReviewParticipation
from opencsc.care.models import (
    CareEpisode,
    CarePeriod,
    CarePlan,
    IROContact,
    LookedAfterReview,
    PlacedWithParentsReview,
)
from opencsc.care.services._common import birthday, long_date, today
from opencsc.core.working_days import add_months

if TYPE_CHECKING:
    from opencsc.accounts.models import User

#: How soon a care order at home is looked at again when it is kept (local standard:
#: at each looked-after review, at most every 6 months).
PWP_REVIEW_MONTHS = 6


def _date_in_period(
    period: CarePeriod, on: dt.date | None, field: str, what: str
) -> dict[str, str]:
    if on is None:
        return {field: f"Enter the date of the {what}"}
    if on > today():
        return {field: f"The date of the {what} must be today or in the past"}
    if on < period.start_date:
        return {
            field: f"The {what} must be on or after {long_date(period.start_date)}, when the "
            "child started to be looked after"
        }
    if period.end_date is not None and on > period.end_date:
        return {
            field: f"The {what} must be on or before {long_date(period.end_date)}, when the "
            "child stopped being looked after"
        }
    return {}


def _episode_on(period: CarePeriod, on: dt.date) -> CareEpisode | None:
    """The episode in force on ``on`` (the later one on a day of change)."""
    return (
        CareEpisode.objects.filter(period=period, start_date__lte=on)
        .order_by("-start_date", "-pk")
        .first()
    )


@transaction.atomic
def review_record(
    *,
    actor: User,
    period: CarePeriod,
    held_on: dt.date,
    participation: str,
    chair: User,
    decisions: str,
    permanence_confirmed: bool = False,
) -> LookedAfterReview:
    child = period.child
    decisions = (decisions or "").strip()
    errors = _date_in_period(period, held_on, "held_on", "review")
    if participation not in ReviewParticipation.values:
        errors["participation"] = "Select how the child took part (903 rule 167)"
    elif not errors:
        four = birthday(child, 4)
        if four is not None:
            # 903 rules 440, 441: PN0 exactly when the child is under 4 (either on the day).
            if participation == "PN0" and held_on > four:
                errors["participation"] = (
                    f"{child.full_name} was 4 or over on {long_date(held_on)}: select how they "
                    "took part (903 rule 440)"
                )
            elif participation != "PN0" and held_on < four:
                errors["participation"] = (
                    f"{child.full_name} was under 4 on {long_date(held_on)}: select 'Child under "
                    "4 at the time of the review' (903 rule 441)"
                )
    if chair is None or chair.role != Role.REVIEWING_OFFICER:
        errors["chair"] = "Select the independent reviewing officer who chaired the review"
    if not decisions:
        errors["decisions"] = "Enter the review's decisions and recommendations"
    if errors:
        raise ValidationError(errors)
    episode = _episode_on(period, held_on)
    if episode is not None and episode.legal_status in {"V3", "V4"}:
        # 903 rule 399: children on short breaks are not reviewed in the return.
        raise ValidationError(
            {
                "held_on": "Children on short breaks (V3, V4) have no looked-after reviews "
                "(903 rule 399)"
            }
        )
    if LookedAfterReview.objects.filter(child=child, held_on=held_on).exists():
        raise ValidationError(
            {"held_on": f"A review held on {long_date(held_on)} is already recorded"}
        )
    return LookedAfterReview.objects.create(
        period=period,
        child=child,
        held_on=held_on,
        participation=participation,
        chair=chair,
        permanence_confirmed=bool(permanence_confirmed),
        decisions=decisions,
        recorded_by=actor,
    )


@transaction.atomic
def iro_contact_record(
    *, actor: User, period: CarePeriod, iro: User, contact_on: dt.date, kind: str, summary: str
) -> IROContact:
    summary = (summary or "").strip()
    errors = _date_in_period(period, contact_on, "contact_on", "contact")
    if iro is None or iro.role != Role.REVIEWING_OFFICER:
        errors["iro"] = "Select the independent reviewing officer"
    if kind not in IROContact.Kind.values:
        errors["kind"] = "Select how the IRO was in touch"
    if not summary:
        errors["summary"] = "Enter what the child said and what the IRO will do"
    if errors:
        raise ValidationError(errors)
    return IROContact.objects.create(
        period=period,
        child=period.child,
        iro=iro,
        contact_on=contact_on,
        kind=kind,
        summary=summary,
    )


@transaction.atomic
def care_plan_agree(
    *,
    actor: User,
    period: CarePeriod,
    agreed_on: dt.date,
    summary: str,
    permanence_option: str = "",
) -> CarePlan:
    summary = (summary or "").strip()
    errors = _date_in_period(period, agreed_on, "agreed_on", "care plan")
    if permanence_option and permanence_option not in PermanenceOption.values:
        errors["permanence_option"] = "Select the permanence option"
    if not summary:
        errors["summary"] = "Enter the plan: the child's needs and how they will be met"
    if errors:
        raise ValidationError(errors)
    return CarePlan.objects.create(
        period=period,
        agreed_on=agreed_on,
        summary=summary,
        permanence_option=permanence_option or "",
        agreed_by=actor,
    )


@transaction.atomic
def placed_with_parents_review_record(
    *,
    actor: User,
    period: CarePeriod,
    reviewed_on: dt.date,
    decision: str,
    rationale: str,
    next_review_due: dt.date | None = None,
) -> PlacedWithParentsReview:
    """Is the care order of a child placed at home still needed? Only while the child is
    on a full care order (C2) placed with parents (P1)."""
    rationale = (rationale or "").strip()
    errors = _date_in_period(period, reviewed_on, "reviewed_on", "review")
    if decision not in PlacedWithParentsReview.Decision.values:
        errors["decision"] = "Select the decision"
    if not rationale:
        errors["rationale"] = "Enter why: what the order still does for the child, or why not"
    if errors:
        raise ValidationError(errors)
    episode = _episode_on(period, reviewed_on)
    if episode is None or episode.legal_status != "C2" or episode.placement != "P1":
        raise ValidationError(
            {
                "reviewed_on": f"On {long_date(reviewed_on)} the child was not on a care order "
                "placed with parents"
            }
        )
    if decision == PlacedWithParentsReview.Decision.KEEP and next_review_due is None:
        next_review_due = add_months(reviewed_on, PWP_REVIEW_MONTHS)
    if next_review_due is not None and next_review_due <= reviewed_on:
        raise ValidationError({"next_review_due": "The next review must be after this one"})
    return PlacedWithParentsReview.objects.create(
        period=period,
        reviewed_on=reviewed_on,
        decision=decision,
        rationale=rationale,
        next_review_due=next_review_due,
        reviewed_by=actor,
    )
