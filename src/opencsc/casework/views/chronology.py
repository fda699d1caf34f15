"""The child's chronology page."""

from __future__ import annotations

from django import forms
from django.http import HttpResponse
from django.shortcuts import render

from opencsc.accounts.access import can_write_casework, is_manager_of_child
from opencsc.assessments.selectors import needs_updated_assessment
from opencsc.casework.chronology import EventKind, chronology_for
from opencsc.casework.views.common import child_seen_by
from opencsc.core.forms import GovUKForm
from opencsc.core.http import AuthenticatedRequest


class ChronologyFilterForm(GovUKForm, forms.Form):
    kind = forms.MultipleChoiceField(
        label="Show only",
        required=False,
        choices=EventKind.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "govuk-checkboxes--small"}),
    )
    label_sizes = {"kind": "s"}


def chronology(request: AuthenticatedRequest, child_id: int) -> HttpResponse:
    child = child_seen_by(request, child_id, "chronology")
    form = ChronologyFilterForm(request.GET or None)
    kinds = form.cleaned_data["kind"] if form.is_bound and form.is_valid() else []
    events = chronology_for(child, kinds=kinds)
    return render(
        request,
        "casework/chronology.html",
        {
            "child": child,
            "events": events,
            "form": form,
            "filtered": bool(kinds),
            "prompt": needs_updated_assessment(child),
            "can_write": can_write_casework(request.user),
            "is_manager": is_manager_of_child(request.user, child),
        },
    )
