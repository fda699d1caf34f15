"""Child in need plan pages: start one, the plan itself, record a review, end it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from opencsc.accounts.access import can_write_casework
from opencsc.assessments.selectors import episode_for_user
from opencsc.casework.forms import add_service_errors
from opencsc.core.concurrency import StaleEditError
from opencsc.core.http import AuthenticatedRequest
from opencsc.core.working_days import working_days_remaining
from opencsc.plans.forms import CINPlanEndForm, CINPlanReviewForm, CINPlanStartForm
from opencsc.plans.selectors import (
    action_is_overdue,
    cin_plan_for_user,
    review_due_date,
    visit_history,
)
from opencsc.plans.services import cin_plan_end, cin_plan_review_record, cin_plan_start
from opencsc.plans.views.common import record_view, stale_form


def days_text(days: int | None) -> str:
    """'3 working days', 'Due today', 'Overdue by 2 working days'."""
    if days is None:
        return ""
    if days == 0:
        return "Due today"
    plural = "s" if abs(days) != 1 else ""
    if days > 0:
        return f"{days} working day{plural}"
    return f"Overdue by {-days} working day{plural}"


def cin_plan_new(request: AuthenticatedRequest, episode_id: int) -> HttpResponse:
    episode = episode_for_user(request.user, episode_id, write=True)
    child = episode.child
    record_view(request, child, "child in need plan start")
    if request.method == "POST":
        form = CINPlanStartForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                plan = cin_plan_start(
                    actor=request.user,
                    episode=episode,
                    start_date=data["start_date"],
                    review_every_months=data["review_every_months"],
                    visit_every_working_days=data["visit_every_working_days"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Child in need plan started")
                return redirect("plans:cin-plan-detail", plan_id=plan.pk)
    else:
        form = CINPlanStartForm()
    return render(
        request, "plans/cin_plan_new.html", {"form": form, "episode": episode, "child": child}
    )


def cin_plan_detail(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    plan = cin_plan_for_user(request.user, plan_id)
    child = plan.child
    record_view(request, child, "child in need plan")
    today = timezone.localdate()
    actions = list(plan.actions.all())
    reviews = list(plan.reviews.select_related("recorded_by"))
    review_due = review_due_date(plan, reviews[-1].held_on if reviews else None)
    history = visit_history(child, today)
    visit_due = history.current if history.current and history.current.plan_id == plan.pk else None
    can_write = can_write_casework(request.user)
    context = {
        "plan": plan,
        "child": child,
        "episode": plan.episode,
        "today": today,
        "actions": actions,
        "overdue_actions": sum(1 for a in actions if action_is_overdue(a, today)),
        "reviews": reviews,
        "review_due": review_due if plan.is_open else None,
        "review_overdue": plan.is_open and today > review_due,
        "review_days_text": days_text(working_days_remaining(review_due, today))
        if plan.is_open
        else "",
        "visits": [r for r in history.rows if r.plan_id == plan.pk],
        "visit_due": visit_due,
        "visit_days_text": days_text(history.days_left) if visit_due else "",
        "visit_overdue": bool(visit_due) and history.overdue,
        "can_write": can_write and plan.is_open,
    }
    return render(request, "plans/cin_plan_detail.html", context)


def cin_plan_end_view(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    plan = cin_plan_for_user(request.user, plan_id, write=True)
    child = plan.child
    record_view(request, child, "child in need plan end")
    current = None  # the plan as it is now, shown when this person's save was stale
    if request.method == "POST":
        form = CINPlanEndForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                cin_plan_end(
                    actor=request.user,
                    plan=plan,
                    expected_version=data["version"],
                    end_date=data["end_date"],
                    reason=data["reason"],
                )
            except StaleEditError as exc:
                current = exc.current
                form = stale_form(CINPlanEndForm, request, exc)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Child in need plan ended")
                return redirect("plans:cin-plan-detail", plan_id=plan.pk)
    else:
        if not plan.is_open:
            messages.info(request, "This plan has already ended.")
            return redirect("plans:cin-plan-detail", plan_id=plan.pk)
        form = CINPlanEndForm(initial={"version": plan.version})
    return render(
        request,
        "plans/cin_plan_end.html",
        {"form": form, "plan": plan, "child": child, "current": current},
    )


def cin_plan_review_new(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    plan = cin_plan_for_user(request.user, plan_id, write=True)
    child = plan.child
    record_view(request, child, "child in need plan review")
    if request.method == "POST":
        form = CINPlanReviewForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                cin_plan_review_record(
                    actor=request.user,
                    plan=plan,
                    held_on=data["held_on"],
                    progress=data["progress"],
                    decision=data["decision"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Review recorded")
                return redirect("plans:cin-plan-detail", plan_id=plan.pk)
    else:
        form = CINPlanReviewForm()
    return render(
        request, "plans/cin_plan_review_new.html", {"form": form, "plan": plan, "child": child}
    )
