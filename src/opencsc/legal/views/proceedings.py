"""Care proceedings: issue, the proceedings page, hearings and orders."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from opencsc.accounts.access import can_write_casework, child_for_user
from opencsc.casework.forms import add_service_errors
from opencsc.core.concurrency import StaleEditError
from opencsc.core.http import AuthenticatedRequest
from opencsc.legal import services
from opencsc.legal.deadlines import proceedings_clock
from opencsc.legal.forms import HearingForm, OrderForm, ProceedingsForm
from opencsc.legal.models import CareProceedings, CourtOrder, PreProceedings
from opencsc.legal.selectors import proceedings_for_user
from opencsc.plans.views.common import record_view


def proceedings_new(request: AuthenticatedRequest, child_id: int) -> HttpResponse:
    child = child_for_user(request.user, child_id, write=True)
    record_view(request, child, "care proceedings (new)")
    open_now = CareProceedings.objects.filter(child=child, concluded_on__isnull=True).first()
    if open_now is not None:
        messages.info(request, "Care proceedings are already open for this child")
        return redirect("legal:proceedings-detail", proceedings_id=open_now.pk)
    plo = PreProceedings.objects.filter(child=child, ended_on__isnull=True).first()
    if request.method == "POST":
        form = ProceedingsForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                proceedings = services.proceedings_issue(
                    actor=request.user,
                    child=child,
                    issued_on=data["issued_on"],
                    court=data["court"],
                    court_case_number=data["court_case_number"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Care proceedings recorded")
                return redirect("legal:proceedings-detail", proceedings_id=proceedings.pk)
    else:
        form = ProceedingsForm(initial={"issued_on": timezone.localdate()})
    return render(
        request,
        "legal/proceedings_new.html",
        {
            "form": form,
            "child": child,
            "open_plo": plo,
            "heading": "Record care proceedings",
            "button": "Record proceedings",
        },
    )


def proceedings_detail(request: AuthenticatedRequest, proceedings_id: int) -> HttpResponse:
    proceedings = proceedings_for_user(request.user, proceedings_id)
    record_view(request, proceedings.child, "care proceedings")
    today = timezone.localdate()
    hearings = list(proceedings.hearings.all())
    return render(
        request,
        "legal/proceedings_detail.html",
        {
            "proceedings": proceedings,
            "child": proceedings.child,
            "clock": proceedings_clock(proceedings.issued_on, proceedings.concluded_on, today),
            "hearings": hearings,
            "next_hearing": next((h for h in hearings if h.held_on >= today), None),
            "orders": list(proceedings.orders.all()),
            "can_write": can_write_casework(request.user),
            "is_open": proceedings.concluded_on is None,
        },
    )


def hearing_new(request: AuthenticatedRequest, proceedings_id: int) -> HttpResponse:
    proceedings = proceedings_for_user(request.user, proceedings_id, write=True)
    record_view(request, proceedings.child, "hearing (new)")
    if request.method == "POST":
        form = HearingForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.hearing_record(
                    actor=request.user,
                    proceedings=proceedings,
                    kind=data["kind"],
                    held_on=data["held_on"],
                    outcome=data["outcome"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Hearing recorded")
                return redirect("legal:proceedings-detail", proceedings_id=proceedings.pk)
    else:
        form = HearingForm(initial={"held_on": timezone.localdate()})
    return render(
        request,
        "legal/hearing_new.html",
        {
            "form": form,
            "proceedings": proceedings,
            "child": proceedings.child,
            "heading": "Record a hearing",
            "button": "Record hearing",
        },
    )


def order_new(request: AuthenticatedRequest, child_id: int) -> HttpResponse:
    child = child_for_user(request.user, child_id, write=True)
    record_view(request, child, "court order (new)")
    if request.method == "POST":
        form = OrderForm(request.POST, child_id=child.pk)
        if form.is_valid():
            data = form.cleaned_data
            try:
                # The order and the end of the proceedings stand or fall together.
                with transaction.atomic():
                    order = services.order_record(
                        actor=request.user,
                        child=child,
                        kind=data["kind"],
                        made_on=data["made_on"],
                        proceedings=data["proceedings"],
                        ends_on=data["ends_on"],
                    )
                    if data["concludes"]:
                        _conclude(request, order)
            except StaleEditError as exc:
                form.add_error(None, str(exc))
            except ValidationError as exc:
                add_service_errors(form, exc, aliases={"concluded_on": "concludes"})
            else:
                messages.success(request, f"{order.get_kind_display()} recorded")
                if order.proceedings_id:
                    return redirect("legal:proceedings-detail", proceedings_id=order.proceedings_id)
                return redirect("people:person-detail", child.pk)
    else:
        form = OrderForm(child_id=child.pk, initial={"made_on": timezone.localdate()})
    return render(
        request,
        "legal/order_new.html",
        {
            "form": form,
            "child": child,
            "orders": list(CourtOrder.objects.filter(child=child)),
            "heading": "Record a court order",
            "button": "Record order",
        },
    )


def _conclude(request: AuthenticatedRequest, order: CourtOrder) -> None:
    if order.proceedings_id is None:
        raise ValidationError({"concludes": "This order was not made in care proceedings"})
    proceedings = CareProceedings.objects.get(pk=order.proceedings_id)
    services.proceedings_conclude(
        actor=request.user,
        proceedings=proceedings,
        expected_version=proceedings.version,
        concluded_on=order.made_on,
    )
