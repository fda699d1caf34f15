"""The "Health and missing" part of a looked-after child's record, and the child's health
summary page: health items due, health checks, SDQs, missing and away episodes with their
return home interviews, convictions and substance misuse.

A fixed number of queries whatever the length of the record (six; pinned in
tests/care/test_health_views.py). The due dates come from ``health_selectors.due_items``,
the one place the timescales are worked out.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils import timezone

from opencsc.accounts.policy import may_use
from opencsc.care.health_selectors import Deadline, due_items
from opencsc.care.models import (
    CarePeriod,
    Conviction,
    HealthCheck,
    MissingEpisode,
    SDQScore,
    SubstanceMisuse,
)
from opencsc.care.services.health import RHI_DAYS, rhi_offered_late

if TYPE_CHECKING:
    from opencsc.accounts.models import User
    from opencsc.people.models import Person

#: How many of each kind of record the child's record page lists (the summary page, all).
RECORD_ROWS = 5
#: Items due within this many days are shown as due soon.
SOON_DAYS = 28


def _links(child: Person, user: User) -> dict[str, str]:
    """The pages this user's role may open, keyed by their short name."""
    names = {
        "health_new": "care:health-new",
        "sdq_new": "care:sdq-new",
        "missing_new": "care:missing-new",
        "conviction_new": "care:conviction-new",
        "substance_new": "care:substance-new",
        "summary": "care:health-summary",
    }
    role = getattr(user, "role", "")
    return {
        key: reverse(name, kwargs={"child_id": child.pk})
        for key, name in names.items()
        if may_use(role, name)
    }


def health_record_section(
    child: Person, user: User, *, today: dt.date | None = None, limit: int | None = RECORD_ROWS
) -> dict[str, Any]:
    """Everything the record's health section shows: six queries. ``limit`` rows of each
    list (None: every row, for the summary page)."""
    today = today or timezone.localdate()
    period = (
        CarePeriod.objects.filter(child=child, end_date__isnull=True)
        .only("pk", "start_date")
        .first()
    )
    checks = list(HealthCheck.objects.filter(child=child).order_by("-done_on", "-pk"))
    sdqs = list(SDQScore.objects.filter(child=child).order_by("-completed_on", "-pk"))
    missing = list(MissingEpisode.objects.filter(child=child).order_by("-started_on", "-pk"))
    convictions = list(Conviction.objects.filter(child=child).order_by("-convicted_on", "-pk"))
    misuse = list(SubstanceMisuse.objects.filter(child=child).order_by("-identified_on", "-pk"))

    due: list[Deadline] = []
    if period is not None:
        url = reverse("care:health-summary", kwargs={"child_id": child.pk})
        last: dict[str, dt.date] = {}
        for c in checks:  # newest first: the first of each kind is the latest
            last.setdefault(c.kind, c.done_on)
        last_sdq = sdqs[0].completed_on if sdqs else None
        due = [
            Deadline(child.pk, kind, label, on, url)
            for kind, label, on in due_items(child.date_of_birth, period.start_date, last, last_sdq)
        ]
        due.sort(key=lambda d: (d.due_date, d.label))
    rows = [
        {
            "deadline": d,
            "overdue": d.due_date < today,
            "soon": today <= d.due_date <= today + dt.timedelta(days=SOON_DAYS),
        }
        for d in due
    ]
    can_return = may_use(getattr(user, "role", ""), "care:missing-return")
    for m in missing:
        # DfE guidance (2014): the return home interview offered within 72 hours.
        m.rhi_due = m.ended_on + dt.timedelta(days=RHI_DAYS) if m.ended_on else None  # type: ignore[attr-defined]
        m.rhi_late = rhi_offered_late(m, today)  # type: ignore[attr-defined]
        m.return_url = (  # type: ignore[attr-defined]
            reverse("care:missing-return", kwargs={"missing_id": m.pk}) if can_return else ""
        )
    open_missing = next((m for m in missing if m.ended_on is None), None)
    alerts: list[tuple[str, str]] = []
    if open_missing is not None:
        alerts.append((f"{open_missing.get_kind_display()} now", "red"))
    if any(r["overdue"] for r in rows):
        alerts.append(("Health item overdue", "red"))
    if any(m.rhi_late and m.rhi_offered_on is None for m in missing):  # type: ignore[attr-defined]
        alerts.append(("Return home interview not offered", "red"))

    def cut(items: list[Any]) -> list[Any]:
        return items if limit is None else items[:limit]

    return {
        "child": child,
        "looked_after": period is not None,
        "period": period,
        "due": rows,
        "checks": cut(checks),
        "sdqs": cut(sdqs),
        "missing": cut(missing),
        "missing_count": len(missing),
        "open_missing": open_missing,
        "convictions": cut(convictions),
        "substance_misuse": cut(misuse),
        "alerts": alerts,
        "links": _links(child, user),
        "is_empty": not (period or checks or sdqs or missing or convictions or misuse),
    }
