"""Statutory visits: record one, and the child's visits against the standard."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from opencsc.accounts.access import can_write_casework, child_for_user
from opencsc.casework.forms import add_service_errors
from opencsc.core.http import AuthenticatedRequest
from opencsc.plans.forms import VisitForm
from opencsc.plans.selectors import visit_history
from opencsc.plans.services import visit_record
from opencsc.plans.views.cin_plans import days_text
from opencsc.plans.views.common import plan_page_url, record_view


def visit_new(request: AuthenticatedRequest, child_id: int) -> HttpResponse:
    child = child_for_user(request.user, child_id, write=True)
    record_view(request, child, "statutory visit")
    if request.method == "POST":
        form = VisitForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                visit_record(
                    actor=request.user,
                    child=child,
                    visited_on=data["visited_on"],
                    child_seen=data["child_seen"],
                    seen_alone=data["seen_alone"],
                    bedroom_seen=data["bedroom_seen"],
                    observations=data["observations"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Visit recorded")
                return redirect("plans:visit-list", child_id=child.pk)
    else:
        form = VisitForm(initial={"visited_on": timezone.localdate()})
    history = visit_history(child)
    return render(
        request,
        "plans/visit_new.html",
        {"form": form, "child": child, "current": history.current},
    )


def visit_list(request: AuthenticatedRequest, child_id: int) -> HttpResponse:
    child = child_for_user(request.user, child_id)
    record_view(request, child, "statutory visits")
    history = visit_history(child)
    current = history.current
    current_plan_url = (
        plan_page_url(current.kind, current.plan_id, child) if current is not None else ""
    )
    return render(
        request,
        "plans/visit_list.html",
        {
            "child": child,
            "history": history,
            "current": current,
            "current_plan_url": current_plan_url,
            "days_text": days_text(history.days_left) if current else "",
            "can_write": can_write_casework(request.user) and current is not None,
        },
    )
