"""The front door worklist: every contact awaiting a decision, oldest first."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from opencsc.audit.models import AccessAction
from opencsc.audit.services import access_record
from opencsc.core.http import AuthenticatedRequest
from opencsc.frontdoor.selectors import (
    contacts_awaiting_decision,
    contacts_awaiting_handover,
    front_door_teams,
)


def worklist(request: AuthenticatedRequest) -> HttpResponse:
    teams = list(front_door_teams())
    team = None
    wanted = request.GET.get("team", "")
    if wanted.isdigit():
        team = next((t for t in teams if t.pk == int(wanted)), None)
    rows = contacts_awaiting_decision(request.user, team=team)
    handovers = contacts_awaiting_handover(request.user, team=team)
    access_record(
        user=request.user,
        action=AccessAction.LIST,
        what="Front door worklist",
        detail=f"team={team.pk}" if team else "",
        request=request,
    )
    return render(
        request,
        "frontdoor/worklist.html",
        {
            "rows": rows,
            "handovers": handovers,
            "teams": teams,
            "team": team,
            "overdue_count": sum(1 for r in rows if r.overdue),
            "due_today_count": sum(1 for r in rows if r.due_today),
        },
    )
