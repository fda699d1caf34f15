"""Recording a child protection conference (initial, review or transfer-in), and reading
one back."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from opencsc.accounts.access import child_for_user
from opencsc.core.http import AuthenticatedRequest
from opencsc.protection import selectors
from opencsc.protection.forms import ConferenceForm, KindChoiceForm
from opencsc.protection.models import ConferenceKind
from opencsc.protection.services import conference_record
from opencsc.protection.views._common import record_view, service_errors


def _subject(child: Any, kind: str, query: Any) -> tuple[Any, Any, str]:
    """The enquiry or plan the conference is about: (enquiry, plan, what is missing)."""
    if kind == ConferenceKind.INITIAL:
        enquiry = (
            selectors.enquiry_of_child(child, query["enquiry"])
            if query.get("enquiry")
            else selectors.enquiry_awaiting_conference(child)
        )
        if enquiry is None:
            return (
                None,
                None,
                (
                    "There is no section 47 enquiry awaiting an initial conference. Complete the "
                    "enquiry, with the outcome of an initial conference, first."
                ),
            )
        return enquiry, None, ""
    if kind == ConferenceKind.REVIEW:
        plan = (
            selectors.plan_of_child(child, query["plan"])
            if query.get("plan")
            else selectors.open_plan(child)
        )
        if plan is None:
            return None, None, "The child has no child protection plan to review."
        return None, plan, ""
    return None, None, ""


def conference_new(request: AuthenticatedRequest, child_id: int) -> HttpResponse:
    child = child_for_user(request.user, child_id, write=True)
    record_view(request, child, "conference (new)")
    kind = request.GET.get("kind", "")
    if kind not in ConferenceKind.values:
        chooser = KindChoiceForm(request.GET if "kind" in request.GET else None)
        if chooser.is_bound:
            chooser.is_valid()
        return render(request, "protection/conference_kind.html", {"form": chooser, "child": child})
    enquiry, plan, missing = _subject(child, kind, request.GET)
    if enquiry is not None:
        episode = enquiry.episode
    elif plan is not None:
        episode = plan.episode
    else:
        episode = selectors.open_episode(child)
        if episode is None and not missing:
            return render(request, "protection/no_episode.html", {"child": child})
    context: dict[str, Any] = {
        "child": child,
        "kind": kind,
        "kind_label": ConferenceKind(kind).label,
        "enquiry": enquiry,
        "plan": plan,
        "missing": missing,
    }
    if missing:
        return render(request, "protection/conference_new.html", context)
    if request.method == "POST":
        form = ConferenceForm(request.POST, kind=kind)
        if form.is_valid():
            data = form.cleaned_data
            try:
                conference = conference_record(
                    actor=request.user,
                    episode=episode,
                    kind=kind,
                    held_on=data["held_on"],
                    chair=data["chair"],
                    plan_required=data["plan_required"],
                    category=data["category"],
                    attendees=data["attendees"],
                    summary=data["summary"],
                    enquiry=enquiry,
                    plan=plan,
                    previous_plans=data.get("previous_plans"),
                    end_reason=data.get("end_reason") or "",
                )
            except ValidationError as exc:
                service_errors(form, exc)
            else:
                messages.success(request, _done(conference))
                return redirect("protection:conference-detail", conference_id=conference.pk)
    else:
        form = ConferenceForm(kind=kind, initial={"held_on": timezone.localdate()})
    context["form"] = form
    return render(request, "protection/conference_new.html", context)


def _done(conference: Any) -> str:
    if conference.kind == ConferenceKind.REVIEW:
        if conference.plan_required:
            return "Review conference recorded: the plan continues"
        return "Review conference recorded: the child protection plan has ended"
    if conference.plan_required:
        return "Conference recorded: the child protection plan has started"
    return "Conference recorded: no child protection plan"


def conference_detail(request: AuthenticatedRequest, conference_id: int) -> HttpResponse:
    conference = selectors.conference_for_user(request.user, conference_id)
    child = conference.child
    record_view(request, child, "child protection conference")
    try:
        started = conference.started_plan
    except conference._meta.model.started_plan.RelatedObjectDoesNotExist:  # type: ignore[attr-defined]
        started = None
    return render(
        request,
        "protection/conference_detail.html",
        {
            "conference": conference,
            "child": child,
            "attendees": conference.attendees.all(),
            "started_plan": started,
        },
    )
