"""Closing a child in need episode (``casework:episode-close``), with step-down to early help."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from opencsc.accounts.access import can_write_casework, children_visible_to
from opencsc.casework.episodes import episode_close as close_episode
from opencsc.casework.models import CINEpisode
from opencsc.core.codes import ReasonForClosure
from opencsc.core.concurrency import StaleEditError
from opencsc.core.forms import GovUKDateField
from opencsc.core.http import AuthenticatedRequest
from opencsc.frontdoor.forms import VersionForm, add_service_errors
from opencsc.frontdoor.models import EarlyHelpEpisode
from opencsc.frontdoor.views.common import record_view, stale_form


class EpisodeCloseForm(VersionForm):
    label_sizes = {"closure_date": "m", "reason": "m"}

    closure_date = GovUKDateField(label="Closure date", allow_future=False)
    reason = forms.ChoiceField(
        label="Reason for closure",
        choices=[(value, f"{label} ({value})") for value, label in ReasonForClosure.choices],
        widget=forms.RadioSelect,
    )
    step_down_lead_professional = forms.CharField(
        label="Early help lead professional",
        help_text="Needed for a step-down to early help (RC9)",
        max_length=200,
        required=False,
    )
    step_down_organisation = forms.CharField(
        label="Early help organisation", max_length=200, required=False
    )


def episode_for_user(user, pk: int, *, write: bool = False) -> CINEpisode:  # type: ignore[no-untyped-def]
    """The episode, or 404 for missing and not-yours alike (``child_for_user``'s rule)."""
    if write and not can_write_casework(user):
        raise Http404("No such record")
    episode = (
        CINEpisode.objects.filter(child__in=children_visible_to(user).values("pk"), pk=pk)
        .select_related("child")
        .first()
    )
    if episode is None:
        raise Http404("No such record")
    return episode


def episode_close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    episode = episode_for_user(request.user, pk, write=True)
    child = episode.child
    record_view(request, child, f"Child in need episode {episode.pk}: closure")
    current = None
    form = None
    if request.method == "POST":
        form = EpisodeCloseForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                close_episode(
                    actor=request.user,
                    episode=episode,
                    expected_version=data["version"],
                    closure_date=data["closure_date"],
                    reason=data["reason"],
                    step_down_lead_professional=data["step_down_lead_professional"],
                    step_down_organisation=data["step_down_organisation"],
                )
            except StaleEditError as exc:
                current = exc.current
                form = stale_form(form, exc)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    f"Case closed for {episode.child.full_name}. Its allocations have ended, "
                    "so it has left the worklists and caseloads.",
                )
                return redirect("casework:episode-close", pk=episode.pk)
    elif episode.is_open:
        form = EpisodeCloseForm(initial={"version": episode.version})
    return render(
        request,
        "casework/episode_close.html",
        {
            "episode": episode,
            "child": child,
            "form": form,
            "current": current,
            "stepped_down_to": (
                None
                if episode.is_open
                else EarlyHelpEpisode.objects.filter(stepped_down_from=episode).first()
            ),
        },
    )
