"""Legal planning meetings and pre-proceedings under the Public Law Outline.

The rules: the Public Law Outline (PD12A) and the Public Law Working Group's best practice
guidance (2021, relaunched 2023: PLWG 2021). The pre-proceedings clock starts at the legal
planning decision; a letter before proceedings invites the parents to the initial
meeting; family group decision-making is offered before it is held; the expected length
is 16 weeks; a manager reviews progress and the date of their next review is always set
(the inspectors found children left in pre-proceedings too long without oversight).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max

from opencsc.core.concurrency import StaleEditError, save_versioned
from opencsc.legal.deadlines import FIRST_MANAGER_REVIEW
from opencsc.legal.models import (
    CareProceedings,
    LegalPlanningDecision,
    LegalPlanningMeeting,
    PreProceedings,
    PreProceedingsOutcome,
    PreProceedingsReview,
)
from opencsc.legal.services._common import (
    clean_text,
    format_date,
    is_manager,
    past_date_error,
    today,
)

if TYPE_CHECKING:
    from opencsc.accounts.models import User
    from opencsc.people.models import Person

#: Marks an argument not given (None clears a date).
UNSET: Any = object()
DATE_FIELDS = {
    "letter_sent_on": "date the letter before proceedings was sent",
    "initial_meeting_on": "date of the initial pre-proceedings meeting",
    "fgdm_offered_on": "date family group decision-making was offered",
    "fgdm_held_on": "date the family group conference was held",
}


@transaction.atomic
def legal_meeting_record(
    *,
    actor: User,
    child: Person,
    held_on: dt.date,
    chair: User,
    decision: str,
    rationale: str,
) -> LegalPlanningMeeting:
    """Record a legal planning (gateway) meeting. A decision to start pre-proceedings
    opens them the same day: the PLO clock starts at this decision (PLWG 2021)."""
    from opencsc.casework.models import CINEpisode

    rationale = clean_text(rationale)
    errors: dict[str, str] = {}
    episode = CINEpisode.objects.filter(child=child, closure_date__isnull=True).first()
    if episode is None:
        # CIN census: pre-proceedings are reported inside the child in need episode.
        raise ValidationError(
            f"{child.full_name} has no open referral: record the referral first, then the "
            "legal planning meeting."
        )
    if decision not in LegalPlanningDecision.values:
        errors["decision"] = "Select the meeting's decision"
    if not rationale:
        errors["rationale"] = "Enter the reasons for the decision"
    if chair is None or not is_manager(chair):
        # PLWG 2021: the legal gateway is chaired by a manager who can commit the
        # authority to proceedings.
        errors["chair"] = "Select the manager who chaired the meeting"
    problem = past_date_error(held_on, "date of the meeting")
    if problem:
        errors["held_on"] = problem
    elif held_on < episode.referral_date:
        # CIN census 8565 family: nothing in an episode before its referral date.
        errors["held_on"] = (
            "The date of the meeting must be the same as or after the referral "
            f"({format_date(episode.referral_date)})"
        )
    if decision == LegalPlanningDecision.PRE_PROCEEDINGS and not errors:
        if PreProceedings.objects.filter(child=child, ended_on__isnull=True).exists():
            errors["decision"] = (
                "Pre-proceedings are already open for this child: review them instead"
            )
        elif CareProceedings.objects.filter(child=child, concluded_on__isnull=True).exists():
            errors["decision"] = (
                "Care proceedings are already open for this child: pre-proceedings come "
                "before proceedings"
            )
    if errors:
        raise ValidationError(errors)
    meeting = LegalPlanningMeeting.objects.create(
        child=child,
        episode=episode,
        held_on=held_on,
        chair=chair,
        decision=decision,
        rationale=rationale,
        recorded_by=actor,
    )
    if decision == LegalPlanningDecision.PRE_PROCEEDINGS:
        PreProceedings.objects.create(
            child=child,
            episode=episode,
            meeting=meeting,
            start_date=held_on,  # PPStartDate: the legal planning decision
            next_review_due=held_on + FIRST_MANAGER_REVIEW,
            recorded_by=actor,
        )
    return meeting


def _check_dates(plo: PreProceedings, values: dict[str, dt.date | None]) -> dict[str, str]:
    errors: dict[str, str] = {}
    for name, value in values.items():
        what = DATE_FIELDS[name]
        if value is None:
            continue
        problem = past_date_error(value, what)
        if problem:
            errors[name] = problem
        elif value < plo.start_date:
            errors[name] = (
                f"The {what} must be the same as or after pre-proceedings started "
                f"({format_date(plo.start_date)})"
            )
        elif plo.ended_on is not None and value > plo.ended_on:
            errors[name] = (
                f"The {what} must be the same as or before pre-proceedings ended "
                f"({format_date(plo.ended_on)})"
            )
    letter, initial = values["letter_sent_on"], values["initial_meeting_on"]
    if initial is not None and "initial_meeting_on" not in errors:
        if letter is None:
            # PD12A / PLWG 2021: the letter before proceedings invites the parents to
            # the initial meeting, so it comes first.
            errors["initial_meeting_on"] = (
                "Record the date the letter before proceedings was sent first: it invites "
                "the parents to the initial meeting"
            )
        elif initial <= letter:
            errors["initial_meeting_on"] = (
                "The initial meeting must be after the letter before proceedings was sent "
                f"({format_date(letter)})"
            )
    offered, held = values["fgdm_offered_on"], values["fgdm_held_on"]
    if held is not None and "fgdm_held_on" not in errors:
        if offered is None:
            # PLWG 2021: family group decision-making is offered before it is held.
            errors["fgdm_held_on"] = (
                "Record when family group decision-making was offered before when it was held"
            )
        elif held < offered:
            errors["fgdm_held_on"] = (
                "The family group conference must be the same as or after it was offered "
                f"({format_date(offered)})"
            )
    return errors


@transaction.atomic
def pre_proceedings_update(
    *,
    actor: User,
    plo: PreProceedings,
    expected_version: int,
    letter_sent_on: dt.date | None = UNSET,
    initial_meeting_on: dt.date | None = UNSET,
    fgdm_offered_on: dt.date | None = UNSET,
    fgdm_held_on: dt.date | None = UNSET,
) -> PreProceedings:
    """Record the letter before proceedings, the initial meeting and family group
    decision-making. Arguments not given keep their value; None clears one."""
    current = PreProceedings.objects.get(pk=plo.pk)
    if current.version != expected_version:
        raise StaleEditError(current=current)
    given = {
        "letter_sent_on": letter_sent_on,
        "initial_meeting_on": initial_meeting_on,
        "fgdm_offered_on": fgdm_offered_on,
        "fgdm_held_on": fgdm_held_on,
    }
    values = {
        name: getattr(current, name) if value is UNSET else value for name, value in given.items()
    }
    errors = _check_dates(current, values)
    if errors:
        raise ValidationError(errors)
    changed = {n: v for n, v in values.items() if getattr(current, n) != v}
    if not changed:
        return current
    return save_versioned(plo, expected_version=expected_version, fields=changed)


@transaction.atomic
def pre_proceedings_review_record(
    *,
    actor: User,
    plo: PreProceedings,
    kind: str,
    held_on: dt.date,
    progress: str,
    next_review_due: dt.date | None = None,
) -> PreProceedingsReview:
    """A review meeting with the family, or a manager's review of progress. Only a
    manager records a manager's review, and it always sets the date of the next one."""
    progress = clean_text(progress)
    errors: dict[str, str] = {}
    manager_review = kind == PreProceedingsReview.Kind.MANAGER
    if kind not in PreProceedingsReview.Kind.values:
        errors["kind"] = "Select the kind of review"
    elif manager_review and not is_manager(actor):
        # The inspectors' finding: oversight of pre-proceedings is the manager's.
        errors["kind"] = "Only a team manager or head of service can record a manager's review"
    if not progress:
        errors["progress"] = "Enter the progress made against the plan"
    if plo.ended_on is not None:
        raise ValidationError(
            f"These pre-proceedings ended on {format_date(plo.ended_on)}: reviews are "
            "recorded while they are open."
        )
    problem = past_date_error(held_on, "date of the review")
    if problem:
        errors["held_on"] = problem
    elif held_on < plo.start_date:
        errors["held_on"] = (
            "The date of the review must be the same as or after pre-proceedings started "
            f"({format_date(plo.start_date)})"
        )
    if next_review_due is None:
        if manager_review:
            errors["next_review_due"] = "Enter the date of the next manager's review"
    elif not isinstance(next_review_due, dt.date):
        errors["next_review_due"] = "Enter the date of the next review"
    elif isinstance(held_on, dt.date) and next_review_due <= held_on:
        errors["next_review_due"] = "The next review must be after this one"
    elif manager_review and next_review_due < today():
        errors["next_review_due"] = "The next manager's review must be today or in the future"
    if errors:
        raise ValidationError(errors)
    review = PreProceedingsReview.objects.create(
        pre_proceedings=plo,
        kind=kind,
        held_on=held_on,
        progress=progress,
        next_review_due=next_review_due,
        recorded_by=actor,
    )
    if manager_review:
        # The manager's next review date lives on the pre-proceedings record (always set);
        # a concurrent edit of its dates is not stale for this, so no version check.
        PreProceedings.objects.filter(pk=plo.pk).update(
            next_review_due=next_review_due, version=F("version") + 1
        )
        plo.next_review_due = next_review_due  # type: ignore[assignment]
        plo.version += 1
    return review


@transaction.atomic
def pre_proceedings_end(
    *,
    actor: User,
    plo: PreProceedings,
    expected_version: int,
    ended_on: dt.date,
    outcome: str,
) -> PreProceedings:
    """End pre-proceedings with the step decision (StepDecisionDate): a manager's
    decision. Issuing care proceedings ends them itself (proceedings_issue)."""
    current = PreProceedings.objects.annotate(last_review=Max("reviews__held_on")).get(pk=plo.pk)
    if current.version != expected_version:
        raise StaleEditError(current=current)
    if current.ended_on is not None:
        raise ValidationError(
            f"These pre-proceedings already ended on {format_date(current.ended_on)}."
        )
    if not is_manager(actor):
        raise ValidationError("Only a team manager or head of service can end pre-proceedings.")
    errors: dict[str, str] = {}
    if outcome == PreProceedingsOutcome.PROCEEDINGS:
        errors["outcome"] = "Record the care proceedings instead: issuing them ends pre-proceedings"
    elif outcome not in PreProceedingsOutcome.values:
        errors["outcome"] = "Select the outcome"
    problem = past_date_error(ended_on, "date pre-proceedings ended")
    if problem:
        errors["ended_on"] = problem
    else:
        dates = [
            (current.start_date, "pre-proceedings started"),
            (current.letter_sent_on, "the letter before proceedings"),
            (current.initial_meeting_on, "the initial meeting"),
            (current.fgdm_held_on, "the family group conference"),
            (current.last_review, "the last review"),  # type: ignore[attr-defined]
        ]
        for when, what in dates:
            if when is not None and ended_on < when:
                errors["ended_on"] = (
                    f"The date pre-proceedings ended must be the same as or after {what} "
                    f"({format_date(when)})"
                )
                break
    if errors:
        raise ValidationError(errors)
    return save_versioned(
        plo, expected_version=expected_version, fields={"ended_on": ended_on, "outcome": outcome}
    )
