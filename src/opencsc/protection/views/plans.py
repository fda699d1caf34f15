"""A child protection plan: its page, ending it, its core groups; and emergency powers."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from opencsc.accounts.access import can_write_casework, child_for_user
from opencsc.core.concurrency import StaleEditError
from opencsc.core.http import AuthenticatedRequest
from opencsc.core.working_days import working_days_remaining
from opencsc.protection.forms import CoreGroupForm, EmergencyPowerForm, PlanEndForm
from opencsc.protection.models import ChildProtectionPlan, Conference, ConferenceKind
from opencsc.protection.selectors import first_core_group_due, next_review_due, plan_for_user
from opencsc.protection.services import core_group_record, emergency_power_record, plan_end
from opencsc.protection.views._common import record_view, service_errors, stale_form
from opencsc.protection.views.enquiries import remaining_text


def _action_new_url(plan: ChildProtectionPlan) -> str | None:
    """The plans app's page for a new plan action (None until that app has it)."""
    try:
        return reverse("plans:action-new", kwargs={"kind": "cp", "plan_id": plan.pk})
    except NoReverseMatch:
        return None


def plan_detail(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    plan = plan_for_user(request.user, plan_id)
    child = plan.child
    record_view(request, child, "child protection plan")
    today = timezone.localdate()
    # Prefetched, so next_review_due reads these rows without another query.
    prefetch_related_objects(
        [plan],
        Prefetch(
            "reviews",
            queryset=Conference.objects.filter(kind=ConferenceKind.REVIEW)
            .select_related("chair")
            .order_by("held_on"),
        ),
    )
    reviews = list(plan.reviews.all())
    core_groups = list(plan.core_groups.select_related("recorded_by"))
    review_due = next_review_due(plan)
    core_group_due = first_core_group_due(plan)
    first_core_group = core_groups[0] if core_groups else None
    can_write = can_write_casework(request.user)
    return render(
        request,
        "protection/plan_detail.html",
        {
            "plan": plan,
            "child": child,
            "reviews": reviews,
            "review_due": review_due,
            "review_remaining": remaining_text(working_days_remaining(review_due, today))
            if review_due
            else "",
            "review_overdue": review_due is not None and today > review_due,
            "core_groups": core_groups,
            "core_group_due": core_group_due,
            "first_core_group_late": (
                first_core_group.held_on > core_group_due
                if first_core_group
                else plan.is_open and today > core_group_due
            ),
            "actions": list(plan.actions.all()),
            "other_plans": list(
                ChildProtectionPlan.objects.filter(child=child)
                .exclude(pk=plan.pk)
                .order_by("-start_date")
            ),
            "can_write": can_write and plan.is_open,
            "action_new_url": _action_new_url(plan) if can_write and plan.is_open else None,
        },
    )


def plan_end_view(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    plan = plan_for_user(request.user, plan_id, write=True)
    child = plan.child
    record_view(request, child, "child protection plan")
    current = None
    if request.method == "POST":
        form = PlanEndForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                plan_end(
                    actor=request.user,
                    plan=plan,
                    expected_version=data["version"],
                    end_date=data["end_date"],
                    reason=data["reason"],
                )
            except StaleEditError as exc:
                current = exc.current
                form = stale_form(PlanEndForm, request, exc)
            except ValidationError as exc:
                service_errors(form, exc)
            else:
                messages.success(request, "Child protection plan ended")
                return redirect("protection:plan-detail", plan_id=plan.pk)
    else:
        if not plan.is_open:
            messages.info(request, "This plan has already ended.")
            return redirect("protection:plan-detail", plan_id=plan.pk)
        form = PlanEndForm(initial={"version": plan.version, "end_date": timezone.localdate()})
    return render(
        request,
        "protection/plan_end.html",
        {"form": form, "plan": plan, "child": child, "current": current},
    )


def core_group_new(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    plan = plan_for_user(request.user, plan_id, write=True)
    child = plan.child
    record_view(request, child, "core group (new)")
    if request.method == "POST":
        form = CoreGroupForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                core_group_record(
                    actor=request.user,
                    plan=plan,
                    held_on=data["held_on"],
                    attendees=data["attendees"],
                    progress=data["progress"],
                )
            except ValidationError as exc:
                service_errors(form, exc)
            else:
                messages.success(request, "Core group meeting recorded")
                return redirect("protection:plan-detail", plan_id=plan.pk)
    else:
        form = CoreGroupForm(initial={"held_on": timezone.localdate()})
    return render(
        request,
        "protection/core_group_new.html",
        {"form": form, "plan": plan, "child": child, "due": first_core_group_due(plan)},
    )


def emergency_power_new(request: AuthenticatedRequest, child_id: int) -> HttpResponse:
    child = child_for_user(request.user, child_id, write=True)
    record_view(request, child, "emergency power (new)")
    if request.method == "POST":
        form = EmergencyPowerForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                power = emergency_power_record(
                    actor=request.user,
                    child=child,
                    kind=data["kind"],
                    start_date=data["start_date"],
                    end_date=data["end_date"],
                    notes=data["notes"],
                )
            except ValidationError as exc:
                service_errors(form, exc)
            else:
                messages.success(request, f"{power.get_kind_display()} recorded")
                return redirect("protection:emergency-power-new", child_id=child.pk)
    else:
        form = EmergencyPowerForm()
    return render(
        request,
        "protection/emergency_power_new.html",
        {"form": form, "child": child, "powers": child.emergency_powers.all()},
    )
