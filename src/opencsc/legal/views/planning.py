"""Legal planning meetings and pre-proceedings: record the meeting, the pre-proceedings
page, its dates, reviews and ending."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from opencsc.accounts.access import can_write_casework, child_for_user
from opencsc.casework.forms import add_service_errors
from opencsc.core.concurrency import StaleEditError
from opencsc.core.http import AuthenticatedRequest
from opencsc.legal import services
from opencsc.legal.deadlines import manager_review_overdue, plo_clock
from opencsc.legal.forms import EndForm, MeetingForm, PreProceedingsForm, ReviewForm
from opencsc.legal.models import CareProceedings, LegalPlanningMeeting, PreProceedings
from opencsc.legal.selectors import plo_for_user
from opencsc.legal.services._common import is_manager
from opencsc.plans.views.common import record_view, stale_form


def meeting_new(request: AuthenticatedRequest, child_id: int) -> HttpResponse:
    child = child_for_user(request.user, child_id, write=True)
    record_view(request, child, "legal planning meeting (new)")
    if request.method == "POST":
        form = MeetingForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                meeting = services.legal_meeting_record(
                    actor=request.user,
                    child=child,
                    held_on=data["held_on"],
                    chair=data["chair"],
                    decision=data["decision"],
                    rationale=data["rationale"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Legal planning meeting recorded")
                plo = PreProceedings.objects.filter(meeting=meeting).first()
                if plo is not None:
                    return redirect("legal:plo-detail", plo_id=plo.pk)
                return redirect("people:person-detail", child.pk)
    else:
        initial: dict[str, object] = {"held_on": timezone.localdate()}
        if is_manager(request.user):
            initial["chair"] = request.user.pk
        form = MeetingForm(initial=initial)
    meetings = LegalPlanningMeeting.objects.filter(child=child).select_related("chair")
    return render(
        request,
        "legal/meeting_new.html",
        {
            "form": form,
            "child": child,
            "meetings": list(meetings),
            "heading": "Record a legal planning meeting",
            "button": "Record meeting",
        },
    )


def plo_detail(request: AuthenticatedRequest, plo_id: int) -> HttpResponse:
    plo = plo_for_user(request.user, plo_id)
    record_view(request, plo.child, "pre-proceedings")
    today = timezone.localdate()
    reviews = list(plo.reviews.select_related("recorded_by"))
    proceedings = CareProceedings.objects.filter(pre_proceedings=plo).first()
    meeting = (
        LegalPlanningMeeting.objects.select_related("chair").filter(pk=plo.meeting_id).first()
        if plo.meeting_id
        else None
    )
    can_write = can_write_casework(request.user)
    return render(
        request,
        "legal/plo_detail.html",
        {
            "plo": plo,
            "child": plo.child,
            "meeting": meeting,
            "clock": plo_clock(plo.start_date, plo.ended_on, today),
            "review_overdue": plo.ended_on is None
            and manager_review_overdue(plo.next_review_due, today),
            "reviews": reviews,
            "review_meetings": sum(1 for r in reviews if r.kind == "meeting"),
            "proceedings": proceedings,
            "can_write": can_write and plo.ended_on is None,
            "can_end": is_manager(request.user) and plo.ended_on is None,
        },
    )


def plo_edit(request: AuthenticatedRequest, plo_id: int) -> HttpResponse:
    plo = plo_for_user(request.user, plo_id, write=True)
    record_view(request, plo.child, "pre-proceedings (edit)")
    current = None
    if request.method == "POST":
        form = PreProceedingsForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.pre_proceedings_update(
                    actor=request.user,
                    plo=plo,
                    expected_version=data["version"],
                    letter_sent_on=data["letter_sent_on"],
                    initial_meeting_on=data["initial_meeting_on"],
                    fgdm_offered_on=data["fgdm_offered_on"],
                    fgdm_held_on=data["fgdm_held_on"],
                )
            except StaleEditError as exc:
                current = exc.current
                form = stale_form(PreProceedingsForm, request, exc)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Pre-proceedings updated")
                return redirect("legal:plo-detail", plo_id=plo.pk)
    else:
        form = PreProceedingsForm(
            initial={
                "version": plo.version,
                "letter_sent_on": plo.letter_sent_on,
                "initial_meeting_on": plo.initial_meeting_on,
                "fgdm_offered_on": plo.fgdm_offered_on,
                "fgdm_held_on": plo.fgdm_held_on,
            }
        )
    return render(
        request,
        "legal/plo_edit.html",
        {
            "form": form,
            "plo": plo,
            "child": plo.child,
            "current": current,
            "heading": "Pre-proceedings: letter, meetings and family group decision-making",
            "button": "Save",
        },
    )


def plo_review_new(request: AuthenticatedRequest, plo_id: int) -> HttpResponse:
    plo = plo_for_user(request.user, plo_id, write=True)
    record_view(request, plo.child, "pre-proceedings review (new)")
    if plo.ended_on is not None:
        messages.info(request, "These pre-proceedings have ended")
        return redirect("legal:plo-detail", plo_id=plo.pk)
    manager = is_manager(request.user)
    if request.method == "POST":
        form = ReviewForm(request.POST, manager=manager)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.pre_proceedings_review_record(
                    actor=request.user,
                    plo=plo,
                    kind=data["kind"],
                    held_on=data["held_on"],
                    progress=data["progress"],
                    next_review_due=data["next_review_due"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Review recorded")
                return redirect("legal:plo-detail", plo_id=plo.pk)
    else:
        form = ReviewForm(
            manager=manager,
            initial={
                "held_on": timezone.localdate(),
                "kind": "manager" if manager else "meeting",
            },
        )
    return render(
        request,
        "legal/plo_review_new.html",
        {
            "form": form,
            "plo": plo,
            "child": plo.child,
            "heading": "Record a pre-proceedings review",
            "button": "Record review",
        },
    )


def plo_end(request: AuthenticatedRequest, plo_id: int) -> HttpResponse:
    plo = plo_for_user(request.user, plo_id, write=True)
    record_view(request, plo.child, "end pre-proceedings")
    current = None
    if request.method == "POST":
        form = EndForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.pre_proceedings_end(
                    actor=request.user,
                    plo=plo,
                    expected_version=data["version"],
                    ended_on=data["ended_on"],
                    outcome=data["outcome"],
                )
            except StaleEditError as exc:
                current = exc.current
                form = stale_form(EndForm, request, exc)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Pre-proceedings ended")
                return redirect("legal:plo-detail", plo_id=plo.pk)
    else:
        if plo.ended_on is not None:
            messages.info(request, "These pre-proceedings have already ended")
            return redirect("legal:plo-detail", plo_id=plo.pk)
        form = EndForm(initial={"version": plo.version, "ended_on": timezone.localdate()})
    return render(
        request,
        "legal/plo_end.html",
        {
            "form": form,
            "plo": plo,
            "child": plo.child,
            "current": current,
            "heading": "End pre-proceedings",
            "button": "End pre-proceedings",
        },
    )
