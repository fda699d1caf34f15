"""Plan actions, for child protection and child in need plans alike: add one, complete one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from opencsc.casework.forms import add_service_errors
from opencsc.core.concurrency import StaleEditError
from opencsc.core.http import AuthenticatedRequest
from opencsc.plans.forms import ActionCompleteForm, PlanActionForm
from opencsc.plans.selectors import action_for_user, cin_plan_for_user, cp_plan_for_user
from opencsc.plans.services import plan_action_add, plan_action_complete
from opencsc.plans.views.common import plan_kind, plan_page_url, record_view, stale_form

KINDS = {"cp": "child protection plan", "cin": "child in need plan"}


def action_new(request: AuthenticatedRequest, kind: str, plan_id: int) -> HttpResponse:
    if kind not in KINDS:
        raise Http404("No such record")
    plan: object
    plan = (
        cp_plan_for_user(request.user, plan_id, write=True)
        if kind == "cp"
        else cin_plan_for_user(request.user, plan_id, write=True)
    )
    child = plan.child  # type: ignore[attr-defined]
    record_view(request, child, f"{KINDS[kind]} action")
    back_url = plan_page_url(kind, plan_id, child)
    if not plan.is_open:  # type: ignore[attr-defined]
        messages.info(request, f"This {KINDS[kind]} has ended: actions cannot be added to it.")
        return redirect(back_url)
    if request.method == "POST":
        form = PlanActionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                plan_action_add(
                    actor=request.user,
                    plan=plan,  # type: ignore[arg-type]
                    what=data["what"],
                    who=data["who"],
                    by_when=data["by_when"],
                    measure=data["measure"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Action added to the plan")
                return redirect(back_url)
    else:
        form = PlanActionForm()
    return render(
        request,
        "plans/action_new.html",
        {
            "form": form,
            "plan": plan,
            "child": child,
            "kind_label": KINDS[kind],
            "back_url": back_url,
        },
    )


def action_complete(request: AuthenticatedRequest, action_id: int) -> HttpResponse:
    action = action_for_user(request.user, action_id, write=True)
    plan = action.cp_plan or action.cin_plan
    assert plan is not None
    child = plan.child  # type: ignore[attr-defined]
    kind = plan_kind(plan)
    kind_label = KINDS[kind]
    record_view(request, child, f"{kind_label} action")
    back_url = plan_page_url(kind, plan.pk, child)
    current = None
    if request.method == "POST":
        form = ActionCompleteForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                plan_action_complete(
                    actor=request.user,
                    action=action,
                    expected_version=data["version"],
                    completed_on=data["completed_on"],
                    outcome_note=data["outcome_note"],
                )
            except StaleEditError as exc:
                current = exc.current
                form = stale_form(ActionCompleteForm, request, exc)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Action marked as done")
                return redirect(back_url)
    else:
        if action.completed_on is not None:
            messages.info(request, "This action has already been marked as done.")
            return redirect(back_url)
        form = ActionCompleteForm(initial={"version": action.version})
    return render(
        request,
        "plans/action_complete.html",
        {
            "form": form,
            "action": action,
            "plan": plan,
            "child": child,
            "current": current,
            "kind_label": kind_label,
            "back_url": back_url,
        },
    )
