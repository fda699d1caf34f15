"""Allocation: who holds the child's case. Allocate or transfer, add or end co-working."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from opencsc.accounts.access import child_for_user, children_visible_to, is_manager_of_child
from opencsc.accounts.middleware import forbidden
from opencsc.casework.forms import (
    AllocateForm,
    CoworkerForm,
    EndCoworkerForm,
    add_service_errors,
)
from opencsc.casework.models import AllocationRole
from opencsc.casework.selectors import open_allocations
from opencsc.casework.services import (
    allocation_add_coworker,
    allocation_assign,
    allocation_end_coworker,
)
from opencsc.casework.views.common import record_view
from opencsc.core.http import AuthenticatedRequest

ALLOCATE, COWORK, END = "allocate", "cowork", "end"


def allocation_new(request: AuthenticatedRequest, child_id: int) -> HttpResponse:
    child = child_for_user(request.user, child_id, write=True)
    if not is_manager_of_child(request.user, child):
        return forbidden(request, "Only a manager of the child's team can allocate the case.")
    record_view(request, child, "allocation")
    allocations = open_allocations(child)
    primary = next((a for a in allocations if a.role == AllocationRole.PRIMARY), None)
    coworkers = [a for a in allocations if a.role == AllocationRole.CO_WORKER]
    today = timezone.localdate()
    action = request.POST.get("action") if request.method == "POST" else None

    def bound(name, form_class, **kwargs):  # type: ignore[no-untyped-def]
        if action == name:
            return form_class(request.POST, prefix=name, **kwargs)
        return form_class(prefix=name, initial={"start_date": today}, **kwargs)

    allocate = bound(ALLOCATE, AllocateForm, transfer=primary is not None)
    cowork = bound(COWORK, CoworkerForm)
    end_forms = [
        (a, EndCoworkerForm(request.POST, prefix=f"{END}{a.pk}"))
        if action == END and request.POST.get("allocation") == str(a.pk)
        else (a, EndCoworkerForm(prefix=f"{END}{a.pk}", initial={"end_date": today}))
        for a in coworkers
    ]
    end = next((form for _a, form in end_forms if form.is_bound), None)
    done = ""
    if action == ALLOCATE and allocate.is_valid():
        data = allocate.cleaned_data
        try:
            allocation_assign(
                actor=request.user,
                child=child,
                team=data["team"],
                worker=data["worker"],
                start_date=data["start_date"],
                reason=data["reason"],
            )
            done = "Case transferred" if primary else "Case allocated"
        except ValidationError as exc:
            add_service_errors(allocate, exc)
    elif action == COWORK and cowork.is_valid():
        data = cowork.cleaned_data
        try:
            allocation_add_coworker(
                actor=request.user,
                child=child,
                team=data["team"],
                worker=data["worker"],
                start_date=data["start_date"],
            )
            done = "Co-worker added"
        except ValidationError as exc:
            add_service_errors(cowork, exc)
    elif action == END and end is None:
        messages.info(request, "That co-working has already ended")
        return redirect("casework:allocation-new", child_id=child.pk)
    elif action == END and end is not None and end.is_valid():
        allocation = next(a for a, form in end_forms if form is end)
        try:
            allocation_end_coworker(
                actor=request.user, allocation=allocation, end_date=end.cleaned_data["end_date"]
            )
            done = "Co-working ended"
        except ValidationError as exc:
            add_service_errors(end, exc)
    if done:
        messages.success(request, done)
        # After a transfer to another team the manager may no longer see the child.
        if children_visible_to(request.user).filter(pk=child.pk).exists():
            return redirect("casework:allocation-new", child_id=child.pk)
        return redirect("insight:team-worklist")
    return render(
        request,
        "casework/allocation_new.html",
        {
            "child": child,
            "primary": primary,
            "coworkers": coworkers,
            "allocate": allocate,
            "cowork": cowork,
            "end": end,
            "end_forms": end_forms,
        },
    )
