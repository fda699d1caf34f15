"""Early help: see it, update it or close it, step it up to children's social care."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from opencsc.core.concurrency import StaleEditError
from opencsc.core.http import AuthenticatedRequest
from opencsc.frontdoor import services
from opencsc.frontdoor.forms import EarlyHelpUpdateForm, StepUpForm, add_service_errors
from opencsc.frontdoor.selectors import earlyhelp_for_user
from opencsc.frontdoor.services import default_allocation_team
from opencsc.frontdoor.views.common import record_view, stale_form, still_visible


def earlyhelp_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    episode = earlyhelp_for_user(request.user, pk)
    record_view(request, episode.child, f"Early help {episode.pk}")
    return render(
        request, "frontdoor/earlyhelp_detail.html", {"episode": episode, "child": episode.child}
    )


def _closed(request: AuthenticatedRequest, episode) -> HttpResponse:  # type: ignore[no-untyped-def]
    messages.info(request, "This early help episode has ended and can no longer be changed")
    return redirect("frontdoor:earlyhelp-detail", pk=episode.pk)


def earlyhelp_update(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    episode = earlyhelp_for_user(request.user, pk, write=True)
    record_view(request, episode.child, f"Early help {episode.pk}: update")
    if request.method != "POST" and episode.end_date is not None:
        return _closed(request, episode)
    current = None
    if request.method == "POST":
        form = EarlyHelpUpdateForm(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version")
            try:
                services.earlyhelp_update(
                    actor=request.user, episode=episode, expected_version=version, **data
                )
            except StaleEditError as exc:
                current = exc.current
                form = stale_form(form, exc)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request, "Early help closed" if data["end_date"] else "Early help updated"
                )
                return redirect("frontdoor:earlyhelp-detail", pk=episode.pk)
    else:
        form = EarlyHelpUpdateForm(
            initial={
                "version": episode.version,
                "lead_professional": episode.lead_professional,
                "lead_organisation": episode.lead_organisation,
                "assessment_start": episode.assessment_start,
                "assessment_completed": episode.assessment_completed,
            }
        )
    return render(
        request,
        "frontdoor/earlyhelp_update.html",
        {"episode": episode, "child": episode.child, "form": form, "current": current},
    )


def earlyhelp_step_up(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    episode = earlyhelp_for_user(request.user, pk, write=True)
    record_view(request, episode.child, f"Early help {episode.pk}: step up")
    if request.method != "POST" and episode.end_date is not None:
        return _closed(request, episode)
    current = None
    if request.method == "POST":
        form = StepUpForm(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                services.earlyhelp_step_up(
                    actor=request.user,
                    episode=episode,
                    expected_version=data["version"],
                    referral_date=data["referral_date"],
                    primary_need=data["primary_need"],
                    allocate_team=data["allocate_team"],
                )
            except StaleEditError as exc:
                current = exc.current
                form = stale_form(form, exc)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    f"Stepped up to children's social care: referred to {data['allocate_team']}",
                )
                if still_visible(request, episode.child):
                    try:
                        return redirect(reverse("casework:chronology", args=[episode.child.pk]))
                    except NoReverseMatch:
                        pass
                return redirect("frontdoor:earlyhelp-detail", pk=episode.pk)
    else:
        team = default_allocation_team()
        form = StepUpForm(
            initial={
                "version": episode.version,
                "referral_date": timezone.localdate(),
                "allocate_team": team.pk if team else None,
            }
        )
    return render(
        request,
        "frontdoor/earlyhelp_step_up.html",
        {"episode": episode, "child": episode.child, "form": form, "current": current},
    )
