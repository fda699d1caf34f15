"""The "Protection and plans" part of a child's record: strategy discussions, section 47
enquiries, conferences, child protection and child in need plans, statutory visits,
emergency powers and the case status today.

A fixed number of queries whatever the length of the record (nine; pinned in
tests/people/test_record_protection.py). The timescales come from the rules the
protection and plans apps own (WT2023 ch.3; the authority's visit and review standards),
never worked out twice: conference_due, review_due_after, core_group_due,
review_due_date and visit_deadlines_for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, Max, OuterRef, Q
from django.utils import timezone

from opencsc.casework.status import CaseStatus, case_status_on
from opencsc.core.working_days import core_group_due, working_days_remaining
from opencsc.plans.models import ChildInNeedPlan, StatutoryVisit, VisitKind
from opencsc.plans.selectors import VisitDue, review_due_date, visit_deadlines_for
from opencsc.protection.models import (
    ChildProtectionPlan,
    Conference,
    ConferenceKind,
    CoreGroupMeeting,
    EmergencyPower,
    EnquiryOutcome,
    Section47Enquiry,
    StrategyDiscussion,
)
from opencsc.protection.selectors import conference_due, conference_of, review_due_after

if TYPE_CHECKING:
    from opencsc.people.models import Person

#: Tag colours for the case status (GOV.UK tags).
STATUS_COLOURS = {
    CaseStatus.LOOKED_AFTER: "purple",
    CaseStatus.CP_PLAN: "red",
    CaseStatus.CIN_PLAN: "orange",
    CaseStatus.OPEN_ASSESSMENT: "blue",
    CaseStatus.OPEN: "green",
    CaseStatus.CLOSED: "grey",
}


@dataclass
class ProtectionRecord:
    """What the record page shows about child protection and plans. Each enquiry, plan
    and conference carries what the page needs as attributes set here (``url``,
    ``conference_due``, ``days_left``, ``review_due`` ...), so the template stays plain."""

    child: Person
    today: dt.date
    status: CaseStatus
    discussions: list[StrategyDiscussion]
    enquiries: list[Section47Enquiry]
    conferences: list[Conference]
    cp_plans: Sequence[ChildProtectionPlan]
    cin_plans: Sequence[ChildInNeedPlan]
    visit_due: VisitDue | None
    last_visit: StatutoryVisit | None
    emergency_powers: list[EmergencyPower]
    visit_days_left: int | None = field(default=None)

    @property
    def status_colour(self) -> str:
        return STATUS_COLOURS.get(self.status, "grey")

    @property
    def open_cp_plan(self) -> ChildProtectionPlan | None:
        return next((p for p in self.cp_plans if p.end_date is None), None)

    @property
    def open_cin_plan(self) -> ChildInNeedPlan | None:
        return next((p for p in self.cin_plans if p.end_date is None), None)

    @property
    def open_plan(self) -> ChildProtectionPlan | ChildInNeedPlan | None:
        return self.open_cp_plan or self.open_cin_plan

    @property
    def awaiting_conference(self) -> Section47Enquiry | None:
        """The enquiry concluded for an initial conference not yet held."""
        return next(
            (
                e
                for e in self.enquiries
                if e.outcome == EnquiryOutcome.ICPC and e.conference_due is not None  # type: ignore[attr-defined]
            ),
            None,
        )

    @property
    def visit_kind_label(self) -> str:
        """The kind of visit the open plan sets the standard for (CP or child in need)."""
        return str(VisitKind(self.visit_due.kind).label) if self.visit_due else ""

    @property
    def visit_overdue(self) -> bool:
        return self.visit_days_left is not None and self.visit_days_left < 0

    @property
    def is_empty(self) -> bool:
        return not (
            self.discussions
            or self.enquiries
            or self.conferences
            or self.cp_plans
            or self.cin_plans
            or self.last_visit
            or self.emergency_powers
        )

    @property
    def alerts(self) -> list[tuple[str, str]]:
        """(text, tag colour) for the top of the record: what a worker must know first."""
        alerts: list[tuple[str, str]] = []
        if self.open_cp_plan is not None:
            alerts.append(("Child protection plan", "red"))
        if any(
            e.days_left is not None and e.days_left < 0  # type: ignore[attr-defined]
            for e in self.enquiries
        ):
            alerts.append(("Initial conference overdue", "red"))
        if any(p.review_overdue for p in self.cp_plans):  # type: ignore[attr-defined]
            alerts.append(("Review conference overdue", "red"))
        if self.visit_overdue:
            alerts.append(("Statutory visit overdue", "red"))
        if any(p.end_date is None or p.end_date >= self.today for p in self.emergency_powers):
            alerts.append(("Emergency power in force", "red"))
        return alerts


def _days(due: dt.date | None, today: dt.date) -> int | None:
    return working_days_remaining(due, today) if due is not None else None


def protection_record(child: Person, today: dt.date | None = None) -> ProtectionRecord:
    """Everything of the child's protection and plans the record shows: nine queries."""
    today = today or timezone.localdate()
    discussions = list(StrategyDiscussion.objects.filter(child=child).order_by("-held_at", "-pk"))
    # The initial conference rides along (a LEFT JOIN), so conference_due needs no query.
    enquiries = list(
        Section47Enquiry.objects.filter(child=child)
        .select_related("conference")
        .order_by("-start_date", "-pk")
    )
    conferences = list(
        Conference.objects.filter(child=child).select_related("chair").order_by("-held_on", "-pk")
    )
    overdue_actions = Q(actions__completed_on__isnull=True, actions__by_when__lt=today)
    cp_plans = list(
        ChildProtectionPlan.objects.filter(child=child)
        .annotate(
            core_group_held=Exists(CoreGroupMeeting.objects.filter(plan=OuterRef("pk"))),
            overdue_actions=Count("actions", filter=overdue_actions, distinct=True),
        )
        .order_by("-start_date", "-pk")
    )
    cin_plans = list(
        ChildInNeedPlan.objects.filter(child=child)
        .annotate(
            last_review=Max("reviews__held_on"),
            overdue_actions=Count("actions", filter=overdue_actions, distinct=True),
        )
        .order_by("-start_date", "-pk")
    )
    visit_due = visit_deadlines_for([child.pk]).get(child.pk)
    last_visit = (
        StatutoryVisit.objects.filter(child=child)
        .select_related("visited_by")
        .order_by("-visited_on", "-recorded_at", "-pk")
        .first()
    )
    powers = list(EmergencyPower.objects.filter(child=child).order_by("-start_date", "-pk"))
    status = case_status_on(child, today)

    for e in enquiries:
        # WT2023 ch.3: the initial conference within 15 working days of the last strategy
        # discussion (stored on the enquiry); None once held or not needed.
        e.initial_conference = conference_of(e)  # type: ignore[attr-defined]
        e.conference_due = conference_due(e)  # type: ignore[attr-defined]
        e.days_left = _days(e.conference_due, today)  # type: ignore[attr-defined]
    reviews_of: dict[int, list[dt.date]] = {}
    for c in conferences:
        if c.kind == ConferenceKind.REVIEW and c.plan_id is not None:
            reviews_of.setdefault(c.plan_id, []).append(c.held_on)
    for p in cp_plans:
        reviews = reviews_of.get(p.pk, [])
        p.reviews_held = len(reviews)  # type: ignore[attr-defined]
        # WT2023 ch.3: first review within 3 months, then at most every 6 months.
        p.review_due = (  # type: ignore[attr-defined]
            review_due_after(p.start_date, max(reviews) if reviews else None)
            if p.end_date is None
            else None
        )
        p.review_days_left = _days(p.review_due, today)  # type: ignore[attr-defined]
        p.review_overdue = p.review_due is not None and p.review_due < today  # type: ignore[attr-defined]
        # WT2023 ch.3: the first core group within 10 working days of the conference.
        p.core_group_due = (  # type: ignore[attr-defined]
            core_group_due(p.start_date)
            if p.end_date is None and not p.core_group_held  # type: ignore[attr-defined]
            else None
        )
        p.core_group_days_left = _days(p.core_group_due, today)  # type: ignore[attr-defined]
    for plan in [*cp_plans, *cin_plans]:
        n = plan.overdue_actions  # type: ignore[attr-defined]
        plan.overdue_text = f"{n} action{'s' if n != 1 else ''} overdue" if n else ""  # type: ignore[attr-defined]
    for cin in cin_plans:
        cin.review_due = (  # type: ignore[attr-defined]
            review_due_date(cin, cin.last_review) if cin.end_date is None else None  # type: ignore[attr-defined]
        )
        cin.review_days_left = _days(cin.review_due, today)  # type: ignore[attr-defined]
    return ProtectionRecord(
        child=child,
        today=today,
        status=status,
        discussions=discussions,
        enquiries=enquiries,
        conferences=conferences,
        cp_plans=cp_plans,
        cin_plans=cin_plans,
        visit_due=visit_due,
        last_visit=last_visit,
        emergency_powers=powers,
        visit_days_left=_days(visit_due.due_date if visit_due else None, today),
    )
