"""The looked-after child's health pages: record a health check, an SDQ, a conviction,
substance misuse, a time missing or away and the return; and the health summary."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from opencsc.accounts.access import child_for_user
from opencsc.audit.models import AccessAction
from opencsc.audit.services import access_record
from opencsc.care import health_forms as f
from opencsc.care.health_record import health_record_section
from opencsc.care.health_selectors import missing_for_user
from opencsc.care.services import health as services
from opencsc.casework.forms import add_service_errors
from opencsc.core.http import AuthenticatedRequest
from opencsc.people.models import Person


def _record_view(request: AuthenticatedRequest, child: Person, what: str) -> None:
    """Every view of a child's record writes an access event in the same transaction."""
    access_record(
        user=request.user,
        action=AccessAction.VIEW_RECORD,
        what=what,
        person=child,
        request=request,
    )


def _form_page(
    request: AuthenticatedRequest,
    child_id: int,
    *,
    form_class: type[forms.Form],
    save: Callable[..., Any],
    title: str,
    done: str,
    initial_date: str,
    intro: str = "",
) -> HttpResponse:
    """A one-form page: the form, the service, the child's health summary after."""
    child = child_for_user(request.user, child_id, write=True)
    _record_view(request, child, title)
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            try:
                save(actor=request.user, child=child, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, done)
                return redirect("care:health-summary", child_id=child.pk)
    else:
        form = form_class(initial={initial_date: timezone.localdate()})
    return render(
        request,
        "care/health_form.html",
        {"form": form, "child": child, "title": title, "intro": intro},
    )


def health_new(request: AuthenticatedRequest, child_id: int) -> HttpResponse:
    return _form_page(
        request,
        child_id,
        form_class=f.HealthCheckForm,
        save=services.health_check_record,
        title="Record a health check",
        done="Health check recorded",
        initial_date="done_on",
        intro="Health assessments, dental and development checks and immunisation reviews.",
    )


def sdq_new(request: AuthenticatedRequest, child_id: int) -> HttpResponse:
    return _form_page(
        request,
        child_id,
        form_class=f.SDQForm,
        save=services.sdq_record,
        title="Record a strengths and difficulties questionnaire",
        done="SDQ recorded",
        initial_date="completed_on",
        intro="Every year for children aged 4 to 16. Give the total score, or why there is none.",
    )


def conviction_new(request: AuthenticatedRequest, child_id: int) -> HttpResponse:
    return _form_page(
        request,
        child_id,
        form_class=f.ConvictionForm,
        save=services.conviction_record,
        title="Record a conviction or youth caution",
        done="Conviction recorded",
        initial_date="convicted_on",
    )


def substance_new(request: AuthenticatedRequest, child_id: int) -> HttpResponse:
    return _form_page(
        request,
        child_id,
        form_class=f.SubstanceMisuseForm,
        save=services.substance_misuse_record,
        title="Record a substance misuse problem",
        done="Substance misuse recorded",
        initial_date="identified_on",
    )


def missing_new(request: AuthenticatedRequest, child_id: int) -> HttpResponse:
    return _form_page(
        request,
        child_id,
        form_class=f.MissingForm,
        save=services.missing_record,
        title="Record a time missing or away",
        done="Missing episode recorded",
        initial_date="started_on",
        intro="Missing: whereabouts not known. Away: whereabouts known, but away from the "
        "placement without permission.",
    )


def missing_return(request: AuthenticatedRequest, missing_id: int) -> HttpResponse:
    episode = missing_for_user(request.user, missing_id, write=True)
    child = episode.child
    _record_view(request, child, "Missing episode")
    if request.method == "POST":
        form = f.MissingReturnForm(request.POST)
        if form.is_valid():
            try:
                episode = services.missing_return(
                    actor=request.user, episode=episode, **form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Return recorded")
                if episode.rhi_late:  # type: ignore[attr-defined]
                    # DfE guidance (2014): offered within 72 hours; recorded, and flagged.
                    messages.warning(
                        request,
                        "The return home interview was not offered within 72 hours "
                        "of the child's return",
                    )
                return redirect("care:health-summary", child_id=child.pk)
    else:
        form = f.MissingReturnForm(
            initial={
                "ended_on": episode.ended_on or timezone.localdate(),
                "rhi_offered_on": episode.rhi_offered_on,
                "rhi_accepted": (
                    None
                    if episode.rhi_accepted is None
                    else ("yes" if episode.rhi_accepted else "no")
                ),
            }
        )
    return render(
        request,
        "care/missing_return.html",
        {"form": form, "child": child, "episode": episode},
    )


def health_summary(request: AuthenticatedRequest, child_id: int) -> HttpResponse:
    child = child_for_user(request.user, child_id)
    _record_view(request, child, "Health and missing")
    health = health_record_section(child, request.user, limit=None)
    return render(request, "care/health_summary.html", {"child": child, "health": health})
