"""Recording a strategy discussion or meeting, and reading one back."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from opencsc.accounts.access import can_write_casework, child_for_user
from opencsc.core.http import AuthenticatedRequest
from opencsc.protection.forms import StrategyForm
from opencsc.protection.selectors import discussion_for_user, open_episode
from opencsc.protection.services import missing_agencies, strategy_discussion_record
from opencsc.protection.views._common import record_view, service_errors


def strategy_new(request: AuthenticatedRequest, child_id: int) -> HttpResponse:
    child = child_for_user(request.user, child_id, write=True)
    record_view(request, child, "strategy discussion (new)")
    episode = open_episode(child)
    if episode is None:
        return render(request, "protection/no_episode.html", {"child": child}, status=200)
    if request.method == "POST":
        form = StrategyForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                discussion = strategy_discussion_record(
                    actor=request.user,
                    episode=episode,
                    held_at=data["held_at"],
                    kind=data["kind"],
                    participants=data["participants"],
                    information_shared=data["information_shared"],
                    decision=data["decision"],
                    rationale=data["rationale"],
                    actions=data["actions"],
                )
            except ValidationError as exc:
                service_errors(form, exc)
            else:
                text = f"{discussion.get_kind_display()} recorded"
                if discussion.enquiry_id:
                    text += ": the section 47 enquiry is on the case"
                messages.success(request, text)
                return redirect("protection:strategy-detail", discussion_id=discussion.pk)
    else:
        form = StrategyForm()
    return render(
        request,
        "protection/strategy_new.html",
        {"form": form, "child": child, "episode": episode},
    )


def strategy_detail(request: AuthenticatedRequest, discussion_id: int) -> HttpResponse:
    discussion = discussion_for_user(request.user, discussion_id)
    child = discussion.child
    record_view(request, child, "strategy discussion")
    participants = list(discussion.participants.all())
    return render(
        request,
        "protection/strategy_detail.html",
        {
            "discussion": discussion,
            "child": child,
            "participants": participants,
            "actions": discussion.actions.all(),
            # WT2023 ch.3: social care, police and health at least; flagged, not refused.
            "missing": missing_agencies(p.agency for p in participants),
            "can_write": can_write_casework(request.user),
        },
    )
