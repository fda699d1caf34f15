"""Looked-after reviews, IRO contacts, care plans, the review of a care order at home,
and an IRO's (or a manager's) list of reviews due."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from opencsc.accounts.models import Role
from opencsc.care import services
from opencsc.care.forms import (
    CarePlanForm,
    IROContactForm,
    PlacedWithParentsReviewForm,
    ReviewForm,
)
from opencsc.care.selectors import period_for_user, reviews_due_for
from opencsc.casework.forms import add_service_errors
from opencsc.core.http import AuthenticatedRequest
from opencsc.core.working_days import working_days_remaining
from opencsc.plans.views.common import record_view


def _record_page(
    request: AuthenticatedRequest,
    period_id: int,
    *,
    form_class: type[forms.Form],
    initial: Callable[[AuthenticatedRequest], dict[str, Any]],
    save: Callable[[AuthenticatedRequest, Any, dict[str, Any]], object],
    template: str,
    what: str,
    done: str,
) -> HttpResponse:
    """The pattern every page here follows: a form for something recorded in a period."""
    period = period_for_user(request.user, period_id, write=True)
    record_view(request, period.child, what)
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            try:
                save(request, period, form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, done)
                return redirect("care:period-detail", period_id=period.pk)
    else:
        form = form_class(initial={"today": timezone.localdate(), **initial(request)})
    return render(request, template, {"form": form, "child": period.child, "period": period})


def _me_if_iro(request: AuthenticatedRequest, field: str) -> dict[str, Any]:
    user = request.user
    return {field: user.pk} if user.role == Role.REVIEWING_OFFICER else {}


def review_new(request: AuthenticatedRequest, period_id: int) -> HttpResponse:
    return _record_page(
        request,
        period_id,
        form_class=ReviewForm,
        initial=lambda r: {"held_on": timezone.localdate(), **_me_if_iro(r, "chair")},
        save=lambda r, period, d: services.review_record(
            actor=r.user,
            period=period,
            held_on=d["held_on"],
            participation=d["participation"],
            chair=d["chair"],
            decisions=d["decisions"],
            permanence_confirmed=d["permanence_confirmed"],
        ),
        template="care/review_new.html",
        what="looked-after review",
        done="Review recorded",
    )


def iro_contact_new(request: AuthenticatedRequest, period_id: int) -> HttpResponse:
    return _record_page(
        request,
        period_id,
        form_class=IROContactForm,
        initial=lambda r: {"contact_on": timezone.localdate(), **_me_if_iro(r, "iro")},
        save=lambda r, period, d: services.iro_contact_record(
            actor=r.user,
            period=period,
            iro=d["iro"],
            contact_on=d["contact_on"],
            kind=d["kind"],
            summary=d["summary"],
        ),
        template="care/iro_contact_new.html",
        what="IRO contact",
        done="Contact recorded",
    )


def care_plan_new(request: AuthenticatedRequest, period_id: int) -> HttpResponse:
    return _record_page(
        request,
        period_id,
        form_class=CarePlanForm,
        initial=lambda r: {"agreed_on": timezone.localdate()},
        save=lambda r, period, d: services.care_plan_agree(
            actor=r.user,
            period=period,
            agreed_on=d["agreed_on"],
            summary=d["summary"],
            permanence_option=d["permanence_option"],
        ),
        template="care/care_plan_new.html",
        what="care plan",
        done="Care plan recorded",
    )


def pwp_review_new(request: AuthenticatedRequest, period_id: int) -> HttpResponse:
    return _record_page(
        request,
        period_id,
        form_class=PlacedWithParentsReviewForm,
        initial=lambda r: {"reviewed_on": timezone.localdate()},
        save=lambda r, period, d: services.placed_with_parents_review_record(
            actor=r.user,
            period=period,
            reviewed_on=d["reviewed_on"],
            decision=d["decision"],
            rationale=d["rationale"],
            next_review_due=d["next_review_due"],
        ),
        template="care/pwp_review_new.html",
        what="care order at home review",
        done="Review of the care order recorded",
    )


def reviews_due(request: AuthenticatedRequest) -> HttpResponse:
    today = timezone.localdate()
    rows = reviews_due_for(request.user)
    for row in rows:
        row.days_left = working_days_remaining(row.due_date, today)
    return render(
        request,
        "care/reviews_due.html",
        {
            "rows": rows,
            "today": today,
            "overdue": sum(1 for r in rows if r.due_date < today),
            "is_iro": request.user.role == Role.REVIEWING_OFFICER,
        },
    )
