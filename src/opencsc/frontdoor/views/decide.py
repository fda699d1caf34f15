"""The threshold decision on a contact (WT2023 ch.3: within one working day)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from opencsc.core.concurrency import StaleEditError
from opencsc.core.http import AuthenticatedRequest
from opencsc.frontdoor import services
from opencsc.frontdoor.forms import DecideForm, add_service_errors
from opencsc.frontdoor.selectors import contact_for_user
from opencsc.frontdoor.services import (
    agency_labels,
    contact_missing_information,
    default_allocation_team,
)
from opencsc.frontdoor.views.common import record_view, stale_form, still_visible


def contact_decide(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    contact = contact_for_user(request.user, pk, write=True)
    record_view(request, contact.child, f"Contact {contact.pk}: decision")
    if request.method != "POST" and contact.is_decided:
        messages.info(request, "The decision on this contact has already been made")
        return redirect("frontdoor:contact-detail", pk=contact.pk)
    current = None
    if request.method == "POST":
        form = DecideForm(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version")
            try:
                services.contact_decide(
                    actor=request.user, contact=contact, expected_version=version, **data
                )
            except StaleEditError as exc:
                current = exc.current
                form = stale_form(form, exc)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request, f"Decision recorded: {contact.get_decision_display().lower()}"
                )
                if still_visible(request, contact.child):
                    return redirect("frontdoor:contact-detail", pk=contact.pk)
                return redirect("frontdoor:worklist")
    else:
        team = default_allocation_team()
        form = DecideForm(
            initial={
                "version": contact.version,
                "decided_at": timezone.now().replace(second=0, microsecond=0),
                "allocate_team": team.pk if team else None,
            }
        )
    return render(
        request,
        "frontdoor/contact_decide.html",
        {
            "contact": contact,
            "child": contact.child,
            "form": form,
            "current": current,
            "missing": agency_labels(contact_missing_information(contact)),
        },
    )
