"""Start a period of care, change an episode, end the period, and the period's page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from opencsc.accounts.access import can_write_casework, child_for_user, is_manager_of_child
from opencsc.care import services
from opencsc.care.forms import ChangeForm, PeriodEndForm, PeriodStartForm
from opencsc.care.selectors import open_period, period_for_user
from opencsc.care.views.common import period_page
from opencsc.casework.forms import add_service_errors
from opencsc.casework.models import CINEpisode
from opencsc.core.http import AuthenticatedRequest
from opencsc.plans.views.common import record_view


def period_start(request: AuthenticatedRequest, child_id: int) -> HttpResponse:
    child = child_for_user(request.user, child_id, write=True)
    record_view(request, child, "start a period of care")
    current = open_period(child)
    if current is not None:
        messages.info(request, f"{child.full_name} is already looked after")
        return redirect("care:period-detail", period_id=current.pk)
    episode = CINEpisode.objects.filter(child=child, closure_date__isnull=True).first()
    if request.method == "POST":
        form = PeriodStartForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                period = services.period_start(
                    actor=request.user,
                    child=child,
                    start_date=data["start_date"],
                    legal_status=data["legal_status"],
                    placement=data["placement"],
                    provider=data["provider"],
                    carer=data["carer"],
                    placement_postcode=data["placement_postcode"],
                    urn=data["urn"],
                    category_of_need=data["category_of_need"],
                    home_postcode=data["home_postcode"],
                    previous_permanence=data["previous_permanence"],
                    previous_permanence_date=data["previous_permanence_date"],
                    previous_permanence_la=data["previous_permanence_la"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Period of care started")
                return redirect("care:period-detail", period_id=period.pk)
    else:
        initial = {
            "start_date": timezone.localdate(),
            "home_postcode": child.postcode,
            "previous_permanence": "Z1",
        }
        if episode is not None and episode.primary_need not in ("N0", "N9"):
            initial["category_of_need"] = episode.primary_need
        form = PeriodStartForm(initial=initial)
    return render(
        request, "care/period_start.html", {"form": form, "child": child, "episode": episode}
    )


def period_detail(request: AuthenticatedRequest, period_id: int) -> HttpResponse:
    period = period_for_user(request.user, period_id)
    record_view(request, period.child, "period of care")
    context = period_page(period)
    context["can_write"] = can_write_casework(request.user) and period.end_date is None
    context["is_manager"] = is_manager_of_child(request.user, period.child_id)
    return render(request, "care/period_detail.html", context)


def change(request: AuthenticatedRequest, period_id: int) -> HttpResponse:
    period = period_for_user(request.user, period_id, write=True)
    record_view(request, period.child, "change of legal status or placement")
    current = period.episodes.filter(end_date__isnull=True).first()
    if current is None:
        messages.info(request, "This period of care has ended")
        return redirect("care:period-detail", period_id=period.pk)
    if request.method == "POST":
        form = ChangeForm(request.POST, current_carer=current.carer)
        if form.is_valid():
            try:
                services.care_change(actor=request.user, period=period, **form.service_kwargs())
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Change recorded")
                return redirect("care:period-detail", period_id=period.pk)
    else:
        form = ChangeForm(
            current_carer=current.carer,
            initial={
                "on": timezone.localdate(),
                "legal_status": current.legal_status,
                "placement": current.placement,
                "provider": current.provider,
                "placement_postcode": current.placement_postcode,
                "urn": current.urn,
            },
        )
    return render(
        request,
        "care/change.html",
        {"form": form, "child": period.child, "period": period, "current": current},
    )


def period_end(request: AuthenticatedRequest, period_id: int) -> HttpResponse:
    period = period_for_user(request.user, period_id, write=True)
    record_view(request, period.child, "end a period of care")
    if period.end_date is not None:
        messages.info(request, "This period of care has ended")
        return redirect("care:period-detail", period_id=period.pk)
    if request.method == "POST":
        form = PeriodEndForm(request.POST)
        if form.is_valid():
            try:
                services.period_end(
                    actor=request.user,
                    period=period,
                    end_date=form.cleaned_data["end_date"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Period of care ended")
                return redirect("care:period-detail", period_id=period.pk)
    else:
        form = PeriodEndForm(initial={"end_date": timezone.localdate()})
    return render(
        request, "care/period_end.html", {"form": form, "child": period.child, "period": period}
    )
