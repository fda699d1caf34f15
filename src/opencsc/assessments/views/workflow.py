"""Moving an assessment on: the worker submits, the manager returns or authorises, and a
change of circumstances after authorisation starts an updated assessment."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from opencsc.accounts.access import is_manager_of_child
from opencsc.accounts.middleware import forbidden
from opencsc.assessments.forms import ReviewForm, UpdateStartForm
from opencsc.assessments.models import AssessmentStatus
from opencsc.assessments.selectors import (
    assessment_for_user,
    needs_updated_assessment,
    prompt_change,
)
from opencsc.assessments.services import (
    assessment_authorise,
    assessment_return,
    assessment_start_update,
    assessment_submit,
    missing_for_submission,
)
from opencsc.assessments.views.pages import factor_labels, outcome_label, record_view
from opencsc.casework.forms import add_service_errors
from opencsc.core.http import AuthenticatedRequest


def assessment_submit_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment = assessment_for_user(request.user, pk, write=True)
    child = assessment.child
    record_view(request, child, "assessment submit")
    errors: list[str] = []
    if request.method == "POST":
        try:
            assessment_submit(actor=request.user, assessment=assessment)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, "Assessment submitted to your manager for authorisation")
            return redirect("assessments:assessment-detail", pk=assessment.pk)
    elif assessment.status not in (AssessmentStatus.IN_PROGRESS, AssessmentStatus.RETURNED):
        errors = [
            f"This assessment is {assessment.get_status_display().lower()}: it cannot be submitted."
        ]
    else:
        errors = missing_for_submission(assessment)
    return render(
        request,
        "assessments/assessment_submit.html",
        {
            "assessment": assessment,
            "child": child,
            "errors": errors,
            "factors": factor_labels(assessment.factors),
            "outcome": outcome_label(assessment.outcome),
        },
    )


def assessment_review(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment = assessment_for_user(request.user, pk, write=True)
    child = assessment.child
    if not is_manager_of_child(request.user, child):
        return forbidden(request, "Only a manager of the child's team can review this assessment.")
    record_view(request, child, "assessment review")
    if request.method == "POST":
        form = ReviewForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["decision"] == ReviewForm.AUTHORISE:
                    assessment_authorise(
                        actor=request.user,
                        assessment=assessment,
                        authorised_on=data["authorised_on"],
                        comments=data["comments"],
                    )
                    done = "Assessment authorised"
                else:
                    assessment_return(
                        actor=request.user, assessment=assessment, comments=data["comments"]
                    )
                    done = "Assessment returned to the worker"
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, done)
                return redirect("assessments:assessment-detail", pk=assessment.pk)
    else:
        form = ReviewForm()
    return render(
        request,
        "assessments/assessment_review.html",
        {
            "form": form,
            "assessment": assessment,
            "child": child,
            "factors": factor_labels(assessment.factors),
            "outcome": outcome_label(assessment.outcome),
            "visits": assessment.visits.all(),
            "transitions": assessment.transitions.select_related("by"),
            "submittable": assessment.status == AssessmentStatus.SUBMITTED,
        },
    )


def assessment_update_start(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Start the updated assessment the child's record prompts for (``pk``: the authorised
    assessment to update)."""
    previous = assessment_for_user(request.user, pk, write=True)
    child = previous.child
    record_view(request, child, "updated assessment start")
    prompt = needs_updated_assessment(child)
    if prompt is None or prompt.previous_id != previous.pk:
        messages.info(
            request,
            "No updated assessment is needed: there is no change of circumstances recorded "
            "since this assessment was authorised.",
        )
        return redirect("assessments:assessment-detail", pk=previous.pk)
    change = prompt_change(prompt)
    if request.method == "POST":
        form = UpdateStartForm(request.POST)
        if form.is_valid():
            try:
                assessment = assessment_start_update(
                    actor=request.user,
                    previous=previous,
                    change=change,
                    start_date=form.cleaned_data["start_date"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Updated assessment started")
                return redirect("assessments:assessment-detail", pk=assessment.pk)
    else:
        form = UpdateStartForm()
    return render(
        request,
        "assessments/assessment_update_start.html",
        {"form": form, "previous": previous, "child": child, "change": change},
    )
