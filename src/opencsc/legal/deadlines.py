"""The legal clocks: pre-proceedings against the expected 16 weeks (PLWG 2021; flagged
from week 12, overdue after 16), the manager's review date, and care proceedings against
the 26-week limit from issue (Children Act 1989 s.32(1)(a), as amended by the Children
and Families Act 2014 s.14; PD12A).

Pure functions of dates, and ``legal_deadlines_for`` for a page of children in two
queries, so the record, the tracker and the worklist agree.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import reverse

from opencsc.care.deadlines import Deadline

#: PLWG 2021: pre-proceedings are expected to conclude within 16 weeks; the tracker
#: flags them from week 12 so that a decision is made in time.
PLO_EXPECTED_WEEKS = 16
PLO_FLAG_WEEK = 12
#: CA 1989 s.32(1)(a): proceedings are to be disposed of within 26 weeks of issue.
PROCEEDINGS_WEEKS = 26
#: Local practice: proceedings are flagged from week 20 (the issues resolution hearing
#: should have been listed by then).
PROCEEDINGS_FLAG_WEEK = 20
#: The first manager's review of pre-proceedings, four weeks after the decision.
FIRST_MANAGER_REVIEW = dt.timedelta(weeks=4)

ON_TRACK, FLAGGED, OVERDUE = "on_track", "flagged", "overdue"
STATUS_LABELS = {ON_TRACK: "On track", FLAGGED: "Due soon", OVERDUE: "Overdue"}
STATUS_COLOURS = {ON_TRACK: "green", FLAGGED: "orange", OVERDUE: "red"}


@dataclass(frozen=True)
class Clock:
    """How far a pre-proceedings or proceedings record is against its limit."""

    started: dt.date
    limit_weeks: int
    flag_week: int
    stopped: dt.date | None
    today: dt.date

    @property
    def days(self) -> int:
        return ((self.stopped or self.today) - self.started).days

    @property
    def weeks(self) -> int:
        """Whole weeks elapsed (week 0 is the first seven days)."""
        return max(self.days, 0) // 7

    @property
    def due(self) -> dt.date:
        return self.started + dt.timedelta(weeks=self.limit_weeks)

    @property
    def status(self) -> str:
        if self.days > self.limit_weeks * 7:
            return OVERDUE
        if self.weeks >= self.flag_week:
            return FLAGGED
        return ON_TRACK

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def colour(self) -> str:
        return STATUS_COLOURS[self.status]


def plo_clock(start: dt.date, ended_on: dt.date | None, today: dt.date) -> Clock:
    return Clock(start, PLO_EXPECTED_WEEKS, PLO_FLAG_WEEK, ended_on, today)


def proceedings_clock(issued: dt.date, concluded: dt.date | None, today: dt.date) -> Clock:
    return Clock(issued, PROCEEDINGS_WEEKS, PROCEEDINGS_FLAG_WEEK, concluded, today)


def plo_weeks(plo, today: dt.date) -> int:  # type: ignore[no-untyped-def]
    """Weeks since the legal planning decision (to the end, once ended)."""
    return plo_clock(plo.start_date, plo.ended_on, today).weeks


def proceedings_weeks(proceedings, today: dt.date) -> int:  # type: ignore[no-untyped-def]
    """Weeks since issue (to the conclusion, once concluded)."""
    return proceedings_clock(proceedings.issued_on, proceedings.concluded_on, today).weeks


def manager_review_overdue(next_review_due: dt.date | None, today: dt.date) -> bool:
    return next_review_due is not None and next_review_due < today


#: Queries legal_deadlines_for runs for a non-empty page (pinned in tests/legal).
QUERIES = 2


def legal_deadlines_for(child_ids: Iterable[int], today: dt.date) -> dict[int, list[Deadline]]:
    """Each child's open pre-proceedings (the manager's review and the 16 weeks) and
    open care proceedings (the 26 weeks), soonest first. Two queries; none for an
    empty page."""
    from opencsc.legal.models import CareProceedings, PreProceedings

    ids = list(child_ids)
    if not ids:
        return {}
    found: dict[int, list[Deadline]] = defaultdict(list)
    for pk, child_id, start, review in PreProceedings.objects.filter(
        child_id__in=ids, ended_on__isnull=True
    ).values_list("pk", "child_id", "start_date", "next_review_due"):
        url = reverse("legal:plo-detail", kwargs={"plo_id": pk})
        found[child_id].append(
            Deadline(child_id, "plo_review", "Manager's review of pre-proceedings", review, url)
        )
        found[child_id].append(
            Deadline(
                child_id,
                "plo",
                "Pre-proceedings decision (16 weeks)",
                plo_clock(start, None, today).due,
                url,
            )
        )
    for pk, child_id, issued in CareProceedings.objects.filter(
        child_id__in=ids, concluded_on__isnull=True
    ).values_list("pk", "child_id", "issued_on"):
        found[child_id].append(
            Deadline(
                child_id,
                "proceedings",
                "Care proceedings final hearing (26 weeks)",
                proceedings_clock(issued, None, today).due,
                reverse("legal:proceedings-detail", kwargs={"proceedings_id": pk}),
            )
        )
    return {
        child_id: sorted(items, key=lambda d: (d.due_date, d.label))
        for child_id, items in found.items()
    }
