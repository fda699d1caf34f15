"""Assessment pages the worker uses: the assessment itself, starting it, editing it, and
recording when the child was seen."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from opencsc.accounts.access import can_write_casework, is_manager_of_child
from opencsc.assessments.forms import (
    NO_FACTORS_FIELD,
    AssessmentEditForm,
    AssessmentStartForm,
    ChildSeenForm,
)
from opencsc.assessments.models import AssessmentStatus, ReviewAction
from opencsc.assessments.selectors import (
    assessment_for_user,
    days_remaining,
    episode_for_user,
    is_overdue,
    needs_updated_assessment,
)
from opencsc.assessments.services import (
    EDITABLE,
    assessment_child_seen,
    assessment_start,
    assessment_update,
    format_date,
    missing_for_submission,
)
from opencsc.audit.models import AccessAction
from opencsc.audit.services import access_record
from opencsc.casework.forms import add_service_errors
from opencsc.core.codes import AssessmentFactor, AssessmentOutcome
from opencsc.core.concurrency import StaleEditError
from opencsc.core.http import AuthenticatedRequest


def record_view(request: AuthenticatedRequest, child, what: str) -> None:  # type: ignore[no-untyped-def]
    access_record(
        user=request.user,
        action=AccessAction.VIEW_RECORD,
        what=what,
        person=child,
        request=request,
    )


def factor_labels(codes: list[str]) -> list[str]:
    labels = []
    for code in codes:
        try:
            labels.append(f"{AssessmentFactor(code).label} ({code})")
        except ValueError:
            labels.append(code)
    return labels


def outcome_label(code: str) -> str:
    return str(AssessmentOutcome(code).label) if code in AssessmentOutcome.values else ""


def assessment_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment = assessment_for_user(request.user, pk)
    child = assessment.child
    record_view(request, child, "assessment")
    today = timezone.localdate()
    prompt = None
    if assessment.status == AssessmentStatus.AUTHORISED:
        prompt = needs_updated_assessment(child)
        if prompt and prompt.previous_id != assessment.pk:
            prompt = None
    can_write = can_write_casework(request.user)
    remaining = days_remaining(assessment, today)
    if remaining is None:
        remaining_text = ""
    elif remaining >= 0:
        remaining_text = f"{remaining} working day{'s' if remaining != 1 else ''}"
    else:
        remaining_text = (
            f"None: overdue by {-remaining} working day{'s' if remaining != -1 else ''}"
        )
    previous_text = ""
    if assessment.updates is not None:  # no query when there is none
        previous_text = f"The assessment started {format_date(assessment.updates.start_date)}"
    context = {
        "assessment": assessment,
        "child": child,
        "episode": assessment.episode,
        "today": today,
        "days_remaining": remaining,
        "remaining_text": remaining_text,
        "previous_text": previous_text,
        "overdue": is_overdue(assessment, today),
        "factors": factor_labels(assessment.factors),
        "outcome": outcome_label(assessment.outcome),
        "visits": assessment.visits.select_related("recorded_by"),
        "transitions": assessment.transitions.select_related("by"),
        "updated_by": assessment.updated_by.order_by("-start_date"),
        "can_edit": can_write and assessment.status in EDITABLE,
        "can_submit": can_write and assessment.status in EDITABLE,
        "missing": missing_for_submission(assessment) if assessment.status in EDITABLE else [],
        "can_review": assessment.status == AssessmentStatus.SUBMITTED
        and is_manager_of_child(request.user, child),
        "prompt": prompt,
        "returned": assessment.transitions.filter(action=ReviewAction.RETURNED).last()
        if assessment.status == AssessmentStatus.RETURNED
        else None,
    }
    return render(request, "assessments/assessment_detail.html", context)


def assessment_start_view(request: AuthenticatedRequest, episode_id: int) -> HttpResponse:
    episode = episode_for_user(request.user, episode_id, write=True)
    child = episode.child
    record_view(request, child, "assessment start")
    if request.method == "POST":
        form = AssessmentStartForm(request.POST, child=child)
        if form.is_valid():
            try:
                assessment = assessment_start(
                    actor=request.user,
                    episode=episode,
                    start_date=form.cleaned_data["start_date"],
                    worker=form.cleaned_data["worker"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Assessment started")
                return redirect("assessments:assessment-detail", pk=assessment.pk)
    else:
        form = AssessmentStartForm(child=child, initial={"start_date": timezone.localdate()})
    return render(
        request,
        "assessments/assessment_start.html",
        {"form": form, "episode": episode, "child": child},
    )


def assessment_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment = assessment_for_user(request.user, pk, write=True)
    child = assessment.child
    record_view(request, child, "assessment")
    current = None  # the latest saved version, shown when this person's save was stale
    if request.method == "POST":
        form = AssessmentEditForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                assessment_update(
                    actor=request.user,
                    assessment=assessment,
                    expected_version=data["version"],
                    factors=data["factors"],
                    analysis=data["analysis"],
                    outcome=data["outcome"],
                )
            except StaleEditError as exc:
                current = exc.current
                # Keep everything typed; the next save is made knowingly over the latest version.
                posted = request.POST.copy()
                posted["version"] = str(current.version)
                form = AssessmentEditForm(posted)
                form.is_valid()
                form.add_error(None, str(exc))
            except ValidationError as exc:
                add_service_errors(form, exc, {"factors": NO_FACTORS_FIELD})
            else:
                messages.success(request, "Assessment saved")
                return redirect("assessments:assessment-detail", pk=assessment.pk)
    else:
        if assessment.status not in EDITABLE:
            messages.info(
                request,
                f"This assessment is {assessment.get_status_display().lower()}: "
                "it cannot be changed now.",
            )
            return redirect("assessments:assessment-detail", pk=assessment.pk)
        form = AssessmentEditForm(initial=AssessmentEditForm.initial_for(assessment))
    context = {
        "form": form,
        "assessment": assessment,
        "child": child,
        "current": current,
        "current_factors": factor_labels(current.factors) if current else [],
        "current_outcome": outcome_label(current.outcome) if current else "",
    }
    return render(request, "assessments/assessment_edit.html", context)


def assessment_child_seen_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment = assessment_for_user(request.user, pk, write=True)
    child = assessment.child
    record_view(request, child, "assessment child seen")
    if request.method == "POST":
        form = ChildSeenForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                assessment_child_seen(
                    actor=request.user,
                    assessment=assessment,
                    seen_on=data["seen_on"],
                    seen_alone=data["seen_alone"],
                    note=data["note"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Visit recorded")
                return redirect("assessments:assessment-detail", pk=assessment.pk)
    else:
        if assessment.status == AssessmentStatus.AUTHORISED:
            messages.info(request, "This assessment is authorised: its visits cannot change now.")
            return redirect("assessments:assessment-detail", pk=assessment.pk)
        form = ChildSeenForm()
    return render(
        request,
        "assessments/assessment_child_seen.html",
        {
            "form": form,
            "assessment": assessment,
            "child": child,
            "visits": assessment.visits.select_related("recorded_by"),
        },
    )
