"""A section 47 enquiry: its page, recording when the child was seen and the findings,
and completing it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from opencsc.accounts.access import can_write_casework
from opencsc.core.concurrency import StaleEditError
from opencsc.core.http import AuthenticatedRequest
from opencsc.core.working_days import working_days_remaining
from opencsc.protection.forms import EnquiryCompleteForm, EnquiryEditForm
from opencsc.protection.models import EnquiryOutcome, Section47Enquiry
from opencsc.protection.selectors import conference_due, conference_of, enquiry_for_user
from opencsc.protection.services import enquiry_complete, enquiry_update, missing_agencies
from opencsc.protection.views._common import record_view, service_errors, stale_form


def remaining_text(days: int) -> str:
    if days >= 0:
        return f"{days} working day{'s' if days != 1 else ''}"
    return f"None: overdue by {-days} working day{'s' if days != -1 else ''}"


def enquiry_detail(request: AuthenticatedRequest, enquiry_id: int) -> HttpResponse:
    enquiry = enquiry_for_user(request.user, enquiry_id)
    child = enquiry.child
    record_view(request, child, "section 47 enquiry")
    today = timezone.localdate()
    due = conference_due(enquiry)
    discussions = list(enquiry.strategy_discussions.prefetch_related("participants"))
    for d in discussions:
        d.missing = missing_agencies(p.agency for p in d.participants.all())  # type: ignore[attr-defined]
    can_write = can_write_casework(request.user)
    conference = conference_of(enquiry)
    return render(
        request,
        "protection/enquiry_detail.html",
        {
            "enquiry": enquiry,
            "child": child,
            "discussions": discussions,
            "conference": conference,
            "due": due,
            "remaining": remaining_text(working_days_remaining(due, today)) if due else "",
            "overdue": due is not None and today > due,
            "can_edit": can_write and enquiry.is_open,
            "can_record_conference": can_write
            and conference is None
            and enquiry.outcome == EnquiryOutcome.ICPC,
        },
    )


def _closed(request: AuthenticatedRequest, enquiry: Section47Enquiry) -> HttpResponse | None:
    if enquiry.is_open:
        return None
    messages.info(request, "This enquiry is completed: it cannot be changed now.")
    return redirect("protection:enquiry-detail", enquiry_id=enquiry.pk)


def enquiry_edit(request: AuthenticatedRequest, enquiry_id: int) -> HttpResponse:
    enquiry = enquiry_for_user(request.user, enquiry_id, write=True)
    child = enquiry.child
    record_view(request, child, "section 47 enquiry")
    current = None
    if request.method == "POST":
        form = EnquiryEditForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                enquiry_update(
                    actor=request.user,
                    enquiry=enquiry,
                    expected_version=data["version"],
                    child_seen_on=data["child_seen_on"],
                    seen_alone=data["seen_alone"],
                    findings=data["findings"],
                )
            except StaleEditError as exc:
                current = exc.current
                form = stale_form(EnquiryEditForm, request, exc)
            except ValidationError as exc:
                service_errors(form, exc)
            else:
                messages.success(request, "Enquiry saved")
                return redirect("protection:enquiry-detail", enquiry_id=enquiry.pk)
    else:
        if closed := _closed(request, enquiry):
            return closed
        form = EnquiryEditForm(
            initial={
                "version": enquiry.version,
                "child_seen_on": enquiry.child_seen_on,
                "seen_alone": {True: "yes", False: "no"}.get(enquiry.seen_alone, ""),  # type: ignore[arg-type]
                "findings": enquiry.findings,
            }
        )
    return render(
        request,
        "protection/enquiry_edit.html",
        {"form": form, "enquiry": enquiry, "child": child, "current": current},
    )


def enquiry_complete_view(request: AuthenticatedRequest, enquiry_id: int) -> HttpResponse:
    enquiry = enquiry_for_user(request.user, enquiry_id, write=True)
    child = enquiry.child
    record_view(request, child, "section 47 enquiry")
    current = None
    if request.method == "POST":
        form = EnquiryCompleteForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                done = enquiry_complete(
                    actor=request.user,
                    enquiry=enquiry,
                    expected_version=data["version"],
                    completed_on=data["completed_on"],
                    outcome=data["outcome"],
                    reason=data["reason"],
                )
            except StaleEditError as exc:
                current = exc.current
                form = stale_form(EnquiryCompleteForm, request, exc)
            except ValidationError as exc:
                service_errors(form, exc)
            else:
                messages.success(request, "Enquiry completed")
                if done.outcome == EnquiryOutcome.ICPC:
                    messages.info(request, "Record the initial conference when it has been held")
                return redirect("protection:enquiry-detail", enquiry_id=enquiry.pk)
    else:
        if closed := _closed(request, enquiry):
            return closed
        form = EnquiryCompleteForm(
            initial={"version": enquiry.version, "completed_on": timezone.localdate()}
        )
    return render(
        request,
        "protection/enquiry_complete.html",
        {"form": form, "enquiry": enquiry, "child": child, "current": current},
    )
