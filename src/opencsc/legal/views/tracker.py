"""The legal tracker: every open pre-proceedings and care proceedings the user may see,
against 16 and 26 weeks, with the manager's review date, overdue first."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from opencsc.audit.models import AccessAction
from opencsc.audit.services import access_record
from opencsc.core.http import AuthenticatedRequest
from opencsc.legal.deadlines import (
    PLO_EXPECTED_WEEKS,
    PLO_FLAG_WEEK,
    PROCEEDINGS_FLAG_WEEK,
    PROCEEDINGS_WEEKS,
)
from opencsc.legal.selectors import tracker_rows


def tracker(request: AuthenticatedRequest) -> HttpResponse:
    today = timezone.localdate()
    rows = tracker_rows(request.user, today)
    # A list of children: one access event for the list.
    access_record(
        user=request.user,
        action=AccessAction.LIST,
        what="legal tracker",
        request=request,
    )
    return render(
        request,
        "legal/tracker.html",
        {
            "rows": rows,
            "today": today,
            "plos": [r for r in rows if r.kind == "plo"],
            "proceedings": [r for r in rows if r.kind == "proceedings"],
            "overdue": sum(1 for r in rows if r.overdue),
            "plo_weeks": PLO_EXPECTED_WEEKS,
            "plo_flag": PLO_FLAG_WEEK,
            "proceedings_weeks": PROCEEDINGS_WEEKS,
            "proceedings_flag": PROCEEDINGS_FLAG_WEEK,
            "nav_section": "legal:tracker",
        },
    )
