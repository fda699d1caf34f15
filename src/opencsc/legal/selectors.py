"""Reads of the legal record: one record for a user (404 when not theirs), and the
tracker of every open pre-proceedings and care proceedings a user may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.http import Http404

from opencsc.accounts.access import child_for_user, children_visible_to
from opencsc.legal.deadlines import (
    OVERDUE,
    Clock,
    manager_review_overdue,
    plo_clock,
    proceedings_clock,
)
from opencsc.legal.models import CareProceedings, PreProceedings

if TYPE_CHECKING:
    from opencsc.accounts.models import User
    from opencsc.people.models import Person


def plo_for_user(user: User, plo_id: int, *, write: bool = False) -> PreProceedings:
    """Pre-proceedings whose child this user may see (or change); else 404."""
    plo = PreProceedings.objects.filter(pk=plo_id).first()
    if plo is None:
        raise Http404("No such record")
    plo.child = child_for_user(user, plo.child_id, write=write)
    return plo


def proceedings_for_user(
    user: User, proceedings_id: int, *, write: bool = False
) -> CareProceedings:
    """Care proceedings whose child this user may see (or change); else 404."""
    proceedings = CareProceedings.objects.filter(pk=proceedings_id).first()
    if proceedings is None:
        raise Http404("No such record")
    proceedings.child = child_for_user(user, proceedings.child_id, write=write)
    return proceedings


@dataclass(frozen=True)
class TrackerRow:
    kind: str  # "plo" or "proceedings"
    pk: int
    child: Person
    clock: Clock
    next_review_due: dt.date | None
    review_overdue: bool
    team: str
    worker: str

    @property
    def overdue(self) -> bool:
        return self.clock.status == OVERDUE or self.review_overdue

    @property
    def label(self) -> str:
        return "Pre-proceedings" if self.kind == "plo" else "Care proceedings"


#: Queries tracker_rows runs whatever the number of rows (tests pin it).
TRACKER_QUERIES = 3


def tracker_rows(user: User, today: dt.date) -> list[TrackerRow]:
    """Every open pre-proceedings and care proceedings of the children this user may see
    (a head of service all, a manager their teams'), overdue first (past 16 or 26 weeks,
    or the manager's review missed), then the longest running. Three queries."""
    from opencsc.casework.models import Allocation, AllocationRole

    visible = children_visible_to(user).values("pk")
    plos = list(
        PreProceedings.objects.filter(ended_on__isnull=True, child_id__in=visible).select_related(
            "child"
        )
    )
    proceedings = list(
        CareProceedings.objects.filter(
            concluded_on__isnull=True, child_id__in=visible
        ).select_related("child")
    )
    child_ids = {p.child_id for p in plos} | {p.child_id for p in proceedings}
    holders: dict[int, tuple[str, str]] = {}
    if child_ids:
        for child_id, team, first, last in Allocation.objects.filter(
            child_id__in=child_ids, end_date__isnull=True, role=AllocationRole.PRIMARY
        ).values_list("child_id", "team__name", "worker__first_name", "worker__last_name"):
            holders[child_id] = (team or "", f"{first or ''} {last or ''}".strip())
    rows = [
        TrackerRow(
            kind="plo",
            pk=p.pk,
            child=p.child,
            clock=plo_clock(p.start_date, None, today),
            next_review_due=p.next_review_due,
            review_overdue=manager_review_overdue(p.next_review_due, today),
            team=holders.get(p.child_id, ("", ""))[0],
            worker=holders.get(p.child_id, ("", ""))[1],
        )
        for p in plos
    ] + [
        TrackerRow(
            kind="proceedings",
            pk=p.pk,
            child=p.child,
            clock=proceedings_clock(p.issued_on, None, today),
            next_review_due=None,
            review_overdue=False,
            team=holders.get(p.child_id, ("", ""))[0],
            worker=holders.get(p.child_id, ("", ""))[1],
        )
        for p in proceedings
    ]
    return sorted(rows, key=lambda r: (not r.overdue, -r.clock.days, r.child.full_name))
