"""Child protection conferences and the plans they make, review and end (WT2023 ch.3;
CIN census ChildProtectionPlans)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone

from opencsc.core.codes import CategoryOfAbuse
from opencsc.protection.models import (
    ChildProtectionPlan,
    Conference,
    ConferenceAttendee,
    ConferenceKind,
    EnquiryOutcome,
    PlanEndReason,
    Section47Enquiry,
)
from opencsc.protection.services._common import (
    clean_people,
    clean_text,
    format_date,
    refuse_unless_episode_open,
    today,
)

if TYPE_CHECKING:
    from opencsc.accounts.models import User
    from opencsc.casework.models import CINEpisode

_SATURDAY = 5
PLAN_MAKING = frozenset({ConferenceKind.INITIAL, ConferenceKind.TRANSFER_IN})


def _held_on_errors(held_on: Any, episode: CINEpisode) -> str | None:
    if not isinstance(held_on, dt.date):
        return "Enter the date of the conference"
    if held_on > today():
        return "Date of the conference must be today or in the past"
    if held_on.weekday() >= _SATURDAY:
        # CIN census 8875: a conference is never held on a Saturday or Sunday.
        return "Date of the conference cannot be a Saturday or Sunday (CIN census 8875)"
    if held_on < episode.referral_date:
        # CIN census 1104: not before the referral.
        return (
            "Date of the conference must be the same as or after the referral date "
            f"({format_date(episode.referral_date)}) (CIN census 1104)"
        )
    return None


def _clean_attendees(attendees: Iterable[Sequence[Any]]) -> tuple[list[tuple[Any, ...]], str]:
    rows, messages = clean_people(attendees, what="Attendee", width=5)
    cleaned = [
        (agency, name, role, True if attended in (None, "") else bool(attended), bool(report))
        for agency, name, role, attended, report in rows
    ]
    return cleaned, "; ".join(messages)


def _check_initial(enquiry: Section47Enquiry | None, held_on: dt.date, episode: CINEpisode) -> str:
    if enquiry is None:
        return "Select the section 47 enquiry that led to this conference"
    if enquiry.child_id != episode.child_id or enquiry.episode_id != episode.pk:
        return "The enquiry is about a different child or referral"
    if enquiry.completed_on is None:
        return "Complete the section 47 enquiry, with the outcome of an initial conference, first"
    if enquiry.outcome != EnquiryOutcome.ICPC:
        return (
            "The enquiry concluded that no initial conference was needed "
            f"({enquiry.get_outcome_display().lower()})"
        )
    if held_on < enquiry.start_date:
        # CIN census 8615: the enquiry starts on or before its initial conference.
        return (
            "Date of the conference must be the same as or after the start of the enquiry "
            f"({format_date(enquiry.start_date)}) (CIN census 8615)"
        )
    if held_on < enquiry.completed_on:
        return (
            "Date of the conference must be the same as or after the enquiry was completed "
            f"({format_date(enquiry.completed_on)})"
        )
    return ""


def _check_earlier_conferences(
    kind: str, held_on: dt.date, enquiry: Section47Enquiry | None, episode: CINEpisode
) -> str:
    """CIN census 2884: an initial conference is recorded once, either on the enquiry or
    (with no enquiry: a transfer-in) on the episode, never both on the same day."""
    earlier = Conference.objects.filter(child_id=episode.child_id).exclude(
        kind=ConferenceKind.REVIEW
    )
    for other_kind, other_on, enquiry_id, episode_id in earlier.values_list(
        "kind", "held_on", "enquiry_id", "episode_id"
    ):
        if enquiry is not None and enquiry_id == enquiry.pk:
            return (
                "The initial conference of this enquiry was already recorded, on "
                f"{format_date(other_on)} (CIN census 2884)"
            )
        if kind == ConferenceKind.TRANSFER_IN and other_kind == kind and episode_id == episode.pk:
            return (
                "A transfer-in conference was already recorded for this referral, on "
                f"{format_date(other_on)}: record a review conference instead"
            )
        if other_kind != kind and other_on == held_on:
            return (
                "An initial and a transfer-in conference cannot both be recorded on "
                f"{format_date(held_on)} (CIN census 2884)"
            )
    return ""


def _check_plans(
    held_on: dt.date, child_id: int, previous_plans: int | None
) -> tuple[dict[str, str] | str, int]:
    """No open plan (8935), no overlap with an earlier one (8940); the previous plans count
    (NumberOfPreviousCPP, 8730). Returns (problem, number of previous plans)."""
    plans = list(
        ChildProtectionPlan.objects.filter(child_id=child_id).values_list("start_date", "end_date")
    )
    for start, end in plans:
        if end is None:
            return (
                f"The child already has a child protection plan, started {format_date(start)}: "
                "record a review conference for it instead (CIN census 8935)",
                0,
            )
        if end >= held_on:
            return (
                "A new plan must start after the previous one ended "
                f"({format_date(end)}) (CIN census 8940)",
                0,
            )
    if previous_plans is None:
        return "", len(plans)
    if previous_plans < len(plans):
        return (
            {
                "previous_plans": f"Number of previous plans must be at least {len(plans)}: "
                f"the child has {len(plans)} earlier plan{'s' if len(plans) != 1 else ''} "
                "on this record"
            },
            0,
        )
    return "", previous_plans


def _cin_plan_to_end(held_on: dt.date, child_id: int) -> tuple[str, int | None]:
    """A child in need plan never runs alongside a child protection plan (CIN census 4001,
    4016, 4017). The open one ends ON the plan's start date: 4017 accepts a CP plan
    starting the day a CIN plan ends; ending it the day before would end it before it
    began when both start on one day. Returns (problem, id of the CIN plan to end)."""
    from opencsc.plans.models import ChildInNeedPlan

    to_end = None
    for pk, start, end in ChildInNeedPlan.objects.filter(child_id=child_id).values_list(
        "pk", "start_date", "end_date"
    ):
        if start >= held_on:
            return (
                f"The child has a child in need plan starting {format_date(start)}, on or "
                "after this conference: a child in need plan cannot start while a child "
                "protection plan runs (CIN census 4016). Correct that plan first.",
                None,
            )
        if end is None:
            to_end = pk
        elif end > held_on:
            return (
                f"The child's child in need plan ran until {format_date(end)}, after this "
                "conference: the plans cannot overlap (CIN census 4017)",
                None,
            )
    return "", to_end


@transaction.atomic
def conference_record(
    *,
    actor: User,
    episode: CINEpisode,
    kind: str,
    held_on: dt.date,
    chair: User | None,
    plan_required: bool,
    category: str = "",
    attendees: Iterable[Sequence[Any]] = (),
    summary: str = "",
    enquiry: Section47Enquiry | None = None,
    plan: ChildProtectionPlan | None = None,
    previous_plans: int | None = None,
    end_reason: str = "",
) -> Conference:
    """Record an initial, transfer-in or review child protection conference.

    An initial or transfer-in conference that makes a plan starts it on the day of the
    conference (CIN census 2885) and ends the child's open child in need plan. A review
    may change the latest category, and ends the plan when it is no longer needed.
    """
    if kind not in ConferenceKind.values:
        raise ValidationError({"kind": "Select the kind of conference"})
    refuse_unless_episode_open(episode)
    errors: dict[str, str] = {}
    if problem := _held_on_errors(held_on, episode):
        errors["held_on"] = problem
    if chair is None:
        errors["chair"] = "Select who chaired the conference"
    category = clean_text(category)
    if category and category not in CategoryOfAbuse.values:
        # CIN census 8905/8910: a category on the list.
        errors["category"] = "Select the category of abuse from the list (CIN census 8905)"
    elif plan_required and kind in PLAN_MAKING and not category:
        errors["category"] = "Select the category of abuse of the plan (CIN census 8905)"
    people, people_errors = _clean_attendees(attendees)
    if people_errors:
        errors["attendees"] = people_errors
    if previous_plans is not None and not 0 <= previous_plans <= 99:
        errors["previous_plans"] = "Number of previous plans must be between 0 and 99"
    end_reason = clean_text(end_reason)
    if end_reason and end_reason not in PlanEndReason.values:
        errors["end_reason"] = "Select why the plan ends"
    initial_problem = (
        _check_initial(enquiry, held_on, episode)
        if kind == ConferenceKind.INITIAL and "held_on" not in errors
        else ""
    )
    if initial_problem:
        errors["__all__"] = initial_problem
    if kind == ConferenceKind.REVIEW:
        if plan is None or plan.episode_id != episode.pk:
            errors["__all__"] = "Select the child protection plan this conference reviews"
    elif plan is not None:
        errors["__all__"] = "Only a review conference reviews an existing plan"
    if kind == ConferenceKind.TRANSFER_IN and enquiry is not None:
        errors["__all__"] = (
            "A transfer-in conference follows a plan made elsewhere, not an enquiry here: "
            "record an initial conference for the enquiry"
        )
    if errors:
        raise ValidationError(errors)

    if kind == ConferenceKind.REVIEW:
        assert plan is not None
        return _review(
            actor=actor,
            episode=episode,
            plan=plan,
            held_on=held_on,
            chair=chair,
            plan_required=plan_required,
            category=category,
            attendees=people,
            summary=clean_text(summary),
            end_reason=end_reason,
        )

    if earlier_problem := _check_earlier_conferences(kind, held_on, enquiry, episode):
        raise ValidationError(earlier_problem)
    count, cin_plan_id = 0, None
    if plan_required:
        plan_problem, count = _check_plans(held_on, episode.child_id, previous_plans)
        if plan_problem:
            raise ValidationError(plan_problem)
        if kind == ConferenceKind.TRANSFER_IN and (
            Section47Enquiry.objects.filter(episode=episode, conference_not_required=False).exists()
        ):
            # CIN census 2885: with an enquiry in the episode, a plan starts on the day of
            # that enquiry's initial conference.
            raise ValidationError(
                "This referral has a section 47 enquiry leading to an initial conference: "
                "record the plan at that enquiry's initial conference (CIN census 2885)"
            )
        cin_problem, cin_plan_id = _cin_plan_to_end(held_on, episode.child_id)
        if cin_problem:
            raise ValidationError(cin_problem)

    conference = _create_conference(
        actor=actor,
        episode=episode,
        kind=kind,
        held_on=held_on,
        chair=chair,
        plan_required=plan_required,
        # A category is the plan's: a conference that makes no plan records none.
        category=category if plan_required else "",
        summary=clean_text(summary),
        enquiry=enquiry,
        plan=None,
        attendees=people,
    )
    if plan_required:
        # Cached on the conference, so callers read conference.started_plan without a query.
        conference.started_plan = ChildProtectionPlan.objects.create(
            child_id=episode.child_id,
            episode=episode,
            conference=conference,
            start_date=held_on,  # CIN census 2885: the plan starts on the conference day
            initial_category=category,
            latest_category=category,
            previous_plans=count,
        )
        if cin_plan_id is not None:
            from opencsc.plans.models import ChildInNeedPlan, CINPlanEndReason

            ChildInNeedPlan.objects.filter(pk=cin_plan_id).update(
                end_date=held_on,
                end_reason=CINPlanEndReason.CP_PLAN,
                version=F("version") + 1,
                updated_at=timezone.now(),
            )
    return conference


def _create_conference(
    *, actor: User, episode: CINEpisode, attendees: list[tuple[Any, ...]], **fields: Any
) -> Conference:
    conference = Conference.objects.create(
        child_id=episode.child_id, episode=episode, recorded_by=actor, **fields
    )
    if attendees:
        ConferenceAttendee.objects.bulk_create(
            ConferenceAttendee(
                conference=conference,
                agency=agency,
                name=name,
                role=role,
                attended=attended,
                report_submitted=report,
            )
            for agency, name, role, attended, report in attendees
        )
    return conference


def _review(
    *,
    actor: User,
    episode: CINEpisode,
    plan: ChildProtectionPlan,
    held_on: dt.date,
    chair: User | None,
    plan_required: bool,
    category: str,
    attendees: list[tuple[Any, ...]],
    summary: str,
    end_reason: str,
) -> Conference:
    last_review = (
        Conference.objects.filter(plan=OuterRef("pk"), kind=ConferenceKind.REVIEW)
        .order_by("-held_on")
        .values("held_on")[:1]
    )
    # Locked, so two reviews recorded at once are put in order.
    current = (
        ChildProtectionPlan.objects.select_for_update(of=("self",))
        .annotate(last_review=Subquery(last_review))
        .get(pk=plan.pk)
    )
    if current.end_date is not None:
        raise ValidationError(
            f"This plan ended on {format_date(current.end_date)}: it cannot be reviewed now."
        )
    if held_on <= current.start_date:
        # CIN census 8841: a review is after the day the plan started.
        raise ValidationError(
            {
                "held_on": "Date of the review must be after the plan started "
                f"({format_date(current.start_date)}) (CIN census 8841)"
            }
        )
    last = current.last_review  # type: ignore[attr-defined]
    if last is not None and held_on <= last:
        raise ValidationError(
            {
                "held_on": "Date of the review must be after the last review conference "
                f"({format_date(last)})"
            }
        )
    latest = category or current.latest_category
    conference = _create_conference(
        actor=actor,
        episode=episode,
        kind=ConferenceKind.REVIEW,
        held_on=held_on,
        chair=chair,
        plan_required=plan_required,
        category=latest,
        summary=summary,
        enquiry=None,
        plan=current,
        attendees=attendees,
    )
    fields: dict[str, Any] = {"latest_category": latest}
    if not plan_required:
        # The plan ends on the day of the review that ends it (CIN census 4003 accepts a
        # review on the plan's end date; 8840 holds, the review being after the start).
        fields["end_date"] = held_on
        fields["end_reason"] = end_reason or PlanEndReason.NO_LONGER_AT_RISK
    ChildProtectionPlan.objects.filter(pk=current.pk).update(
        version=F("version") + 1, updated_at=timezone.now(), **fields
    )
    for name, value in fields.items():
        setattr(plan, name, value)
    plan.version = current.version + 1
    return conference
