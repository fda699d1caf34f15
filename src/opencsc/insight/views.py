"""My work and team work: the worklists practitioners start their day with."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse

from opencsc.audit.models import AccessAction
from opencsc.audit.services import access_record
from opencsc.core.http import AuthenticatedRequest
from opencsc.insight import selectors
from opencsc.insight.pagination import pagination


def _front_door_worklist_url() -> str | None:
    try:
        return reverse("frontdoor:worklist")
    except NoReverseMatch:
        return None


def my_worklist(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if user.role in selectors.FRONT_DOOR_ROLES:
        # The front door works from its own worklist of contacts awaiting decision.
        url = _front_door_worklist_url()
        if url:
            return redirect(url)
    worklist = selectors.my_worklist(user, page=request.GET.get("page"))
    # Written in the request's transaction: if it fails, nothing is served.
    access_record(user=user, action=AccessAction.LIST, what="my worklist", request=request)
    return render(
        request,
        "insight/my_worklist.html",
        {"worklist": worklist, "pagination": pagination(request, worklist.page)},
    )


def team_worklist(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    worklist = selectors.team_worklist(
        user,
        request.GET.get("team"),
        page=request.GET.get("page"),
    )
    detail = ", ".join(t.name for t in worklist.teams)
    access_record(
        user=user,
        action=AccessAction.LIST,
        what="team worklist",
        detail=detail,
        request=request,
    )
    return render(
        request,
        "insight/team_worklist.html",
        {"worklist": worklist, "pagination": pagination(request, worklist.page)},
    )
