"""A manager's oversight of the case: directions with reasons, and supervision."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from opencsc.accounts.access import child_for_user, is_manager_of_child
from opencsc.accounts.middleware import forbidden
from opencsc.casework.forms import OversightForm, SupervisionForm, add_service_errors
from opencsc.casework.selectors import oversight_dates
from opencsc.casework.services import oversight_add, supervision_record
from opencsc.casework.views.common import record_view
from opencsc.core.http import AuthenticatedRequest

NOT_MANAGER = "Only a manager of the child's team can record this."


def oversight_new(request: AuthenticatedRequest, child_id: int) -> HttpResponse:
    child = child_for_user(request.user, child_id, write=True)
    if not is_manager_of_child(request.user, child):
        return forbidden(request, NOT_MANAGER)
    record_view(request, child, "management oversight")
    if request.method == "POST":
        form = OversightForm(request.POST)
        if form.is_valid():
            try:
                oversight_add(actor=request.user, child=child, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Management oversight recorded")
                return redirect("casework:chronology", child_id=child.pk)
    else:
        form = OversightForm()
    return render(
        request,
        "casework/oversight_new.html",
        {"form": form, "child": child, "dates": oversight_dates(child)},
    )


def supervision_new(request: AuthenticatedRequest, child_id: int) -> HttpResponse:
    child = child_for_user(request.user, child_id, write=True)
    if not is_manager_of_child(request.user, child):
        return forbidden(request, NOT_MANAGER)
    record_view(request, child, "supervision")
    if request.method == "POST":
        form = SupervisionForm(request.POST, child=child)
        if form.is_valid():
            data = form.cleaned_data
            try:
                supervision_record(
                    actor=request.user,
                    child=child,
                    worker=data["worker"],
                    held_on=data["held_on"],
                    reflection=data["reflection"],
                    actions=data["actions"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Supervision recorded")
                return redirect("casework:chronology", child_id=child.pk)
    else:
        form = SupervisionForm(child=child, initial={"held_on": timezone.localdate()})
    return render(
        request,
        "casework/supervision_new.html",
        {"form": form, "child": child, "dates": oversight_dates(child)},
    )
