"""Reads of plans and visits: scoped fetches for the pages, when the next statutory visit
and plan review are due, and the bulk versions the worklists use (a fixed number of
queries whatever the number of children).

The visit standard: a child on a child protection plan is visited at least every
``OPENCSC_STANDARDS["cp_visit_working_days"]`` working days (local procedures, typically
10; DOMAIN.md section 1); a child on a child in need plan at the plan's own frequency
(defaulting to ``cin_visit_working_days``). The clock runs from the last visit at which
the child was SEEN, or from the start of the current plan if that is later: a visit
where the child was not seen does not meet the standard (WT2023 ch.3: the child is seen,
and seen alone where appropriate), and a new plan starts a new clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Count, Max, Min, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from opencsc.accounts.access import child_for_user
from opencsc.core.working_days import add_months, add_working_days, working_days_remaining
from opencsc.plans.models import ChildInNeedPlan, PlanAction, StatutoryVisit, VisitKind

if TYPE_CHECKING:
    from opencsc.accounts.models import User
    from opencsc.people.models import Person
    from opencsc.protection.models import ChildProtectionPlan


# --- scoped fetches -----------------------------------------------------------------------


def cin_plan_for_user(user: User, plan_id: int, *, write: bool = False) -> ChildInNeedPlan:
    """A child in need plan whose child this user may see (or change); else 404."""
    plan = (
        ChildInNeedPlan.objects.select_related("episode", "recorded_by").filter(pk=plan_id).first()
    )
    if plan is None:
        raise Http404("No such record")
    plan.child = child_for_user(user, plan.child_id, write=write)
    return plan


def cp_plan_for_user(user: User, plan_id: int, *, write: bool = False) -> ChildProtectionPlan:
    """A child protection plan whose child this user may see (or change); else 404."""
    from opencsc.protection.models import ChildProtectionPlan

    plan = ChildProtectionPlan.objects.filter(pk=plan_id).first()
    if plan is None:
        raise Http404("No such record")
    plan.child = child_for_user(user, plan.child_id, write=write)
    return plan


def action_for_user(user: User, action_id: int, *, write: bool = False) -> PlanAction:
    """A plan action whose child this user may see (or change); else 404."""
    action = PlanAction.objects.select_related("cp_plan", "cin_plan").filter(pk=action_id).first()
    if action is None:
        raise Http404("No such record")
    plan = action.cp_plan or action.cin_plan
    assert plan is not None  # the plan_action_one_plan constraint
    plan.child = child_for_user(user, plan.child_id, write=write)
    return action


# --- due dates ----------------------------------------------------------------------------


def cp_visit_standard() -> int:
    return int(settings.OPENCSC_STANDARDS["cp_visit_working_days"])


def visit_due_date(plan_start: dt.date, last_seen_on: dt.date | None, standard: int) -> dt.date:
    """The next visit is due ``standard`` working days after the later of the plan's start
    and the last visit at which the child was seen."""
    since = plan_start if last_seen_on is None else max(plan_start, last_seen_on)
    return add_working_days(since, standard)


def review_due_date(plan: ChildInNeedPlan, last_review_on: dt.date | None) -> dt.date:
    """The plan's first review is due ``review_every_months`` after its start, then that
    long after each review (the authority's standard, settings.OPENCSC_STANDARDS)."""
    since = plan.start_date if last_review_on is None else max(plan.start_date, last_review_on)
    return add_months(since, plan.review_every_months)


def next_cin_review_due(plan: ChildInNeedPlan) -> dt.date | None:
    """When the plan's next review is due; None once it has ended. One query."""
    if not plan.is_open:
        return None
    last = plan.reviews.aggregate(last=Max("held_on"))["last"]
    return review_due_date(plan, last)


@dataclass(frozen=True)
class Deadline:
    """One dated thing a worklist shows: what, when, where to go."""

    child_id: int
    label: str
    due_date: dt.date
    url: str


@dataclass(frozen=True)
class VisitDue:
    """When a child on a plan must next be visited."""

    child_id: int
    kind: str  # VisitKind
    plan_id: int
    standard_working_days: int
    plan_start: dt.date
    last_seen_on: dt.date | None
    due_date: dt.date

    @property
    def label(self) -> str:
        return f"{VisitKind(self.kind).label} due"

    @property
    def url(self) -> str:
        return reverse("plans:visit-list", kwargs={"child_id": self.child_id})

    def deadline(self) -> Deadline:
        return Deadline(self.child_id, self.label, self.due_date, self.url)


def visit_deadlines_for(child_ids: Iterable[int]) -> dict[int, VisitDue]:
    """For each child (of ``child_ids``) on an open plan, when the next statutory visit is
    due. One query whatever the number of children."""
    from opencsc.people.models import Person
    from opencsc.protection.models import ChildProtectionPlan

    ids = list(child_ids)
    if not ids:
        return {}
    cp = ChildProtectionPlan.objects.filter(child=OuterRef("pk"), end_date__isnull=True)
    cin = ChildInNeedPlan.objects.filter(child=OuterRef("pk"), end_date__isnull=True)
    seen = StatutoryVisit.objects.filter(child=OuterRef("pk"), child_seen=True).order_by(
        "-visited_on"
    )
    rows = (
        Person.objects.filter(pk__in=ids)
        .annotate(
            cp_id=Subquery(cp.values("pk")[:1]),
            cp_start=Subquery(cp.values("start_date")[:1]),
            cin_id=Subquery(cin.values("pk")[:1]),
            cin_start=Subquery(cin.values("start_date")[:1]),
            cin_every=Subquery(cin.values("visit_every_working_days")[:1]),
            last_seen=Subquery(seen.values("visited_on")[:1]),
        )
        .filter(Q(cp_id__isnull=False) | Q(cin_id__isnull=False))
        .values_list("pk", "cp_id", "cp_start", "cin_id", "cin_start", "cin_every", "last_seen")
    )
    cp_standard = cp_visit_standard()
    result: dict[int, VisitDue] = {}
    for pk, cp_id, cp_start, cin_id, cin_start, cin_every, last_seen in rows:
        if cp_id is not None:
            kind, plan_id, start, standard = (
                VisitKind.CHILD_PROTECTION,
                cp_id,
                cp_start,
                cp_standard,
            )
        else:
            kind, plan_id, start, standard = VisitKind.CHILD_IN_NEED, cin_id, cin_start, cin_every
        result[pk] = VisitDue(
            child_id=pk,
            kind=kind.value,
            plan_id=plan_id,
            standard_working_days=standard,
            plan_start=start,
            last_seen_on=last_seen,
            due_date=visit_due_date(start, last_seen, standard),
        )
    return result


def next_visit_due(child: Person | int) -> dt.date | None:
    """When the child's next statutory visit is due; None when no plan is open. One query."""
    child_id = child if isinstance(child, int) else child.pk
    due = visit_deadlines_for([child_id]).get(child_id)
    return due.due_date if due else None


def cin_review_deadlines_for(child_ids: Iterable[int]) -> dict[int, Deadline]:
    """For each child (of ``child_ids``) with an open child in need plan, when its next
    review is due. One query."""
    ids = list(child_ids)
    if not ids:
        return {}
    plans = ChildInNeedPlan.objects.filter(child_id__in=ids, end_date__isnull=True).annotate(
        last_review=Max("reviews__held_on")
    )
    return {
        plan.child_id: Deadline(
            plan.child_id,
            "Child in need plan review due",
            review_due_date(plan, plan.last_review),  # type: ignore[attr-defined]
            reverse("plans:cin-plan-detail", kwargs={"plan_id": plan.pk}),
        )
        for plan in plans
    }


def overdue_actions_for(
    child_ids: Iterable[int], today: dt.date | None = None
) -> dict[int, tuple[int, dt.date]]:
    """For each child (of ``child_ids``), the number of actions of their open plans past
    their "by when" date and not done, with the earliest such date. One query."""
    ids = list(child_ids)
    if not ids:
        return {}
    today = today or timezone.localdate()
    rows = (
        PlanAction.objects.filter(completed_on__isnull=True, by_when__lt=today)
        .filter(
            Q(cp_plan__child_id__in=ids, cp_plan__end_date__isnull=True)
            | Q(cin_plan__child_id__in=ids, cin_plan__end_date__isnull=True)
        )
        .annotate(child=Coalesce("cp_plan__child_id", "cin_plan__child_id"))
        .values("child")
        .annotate(n=Count("pk"), earliest=Min("by_when"))
        .order_by()
        .values_list("child", "n", "earliest")
    )
    return {child: (n, earliest) for child, n, earliest in rows}


def plan_deadlines_for(
    child_ids: Iterable[int], today: dt.date | None = None
) -> dict[int, list[Deadline]]:
    """Everything about plans a worklist shows, by child: the next statutory visit, the
    next child in need plan review, and overdue plan actions. Three queries."""
    ids = list(child_ids)
    result: dict[int, list[Deadline]] = {}
    for pk, visit in visit_deadlines_for(ids).items():
        result.setdefault(pk, []).append(visit.deadline())
    for pk, review in cin_review_deadlines_for(ids).items():
        result.setdefault(pk, []).append(review)
    for pk, (n, earliest) in overdue_actions_for(ids, today).items():
        label = f"{n} plan action{'s' if n != 1 else ''} overdue"
        # Links to the child's visits page, which links every open plan.
        url = reverse("plans:visit-list", kwargs={"child_id": pk})
        result.setdefault(pk, []).append(Deadline(pk, label, earliest, url))
    for deadlines in result.values():
        deadlines.sort(key=lambda d: d.due_date)
    return result


# --- the child's visits -------------------------------------------------------------------


@dataclass(frozen=True)
class PlanPeriod:
    kind: str  # VisitKind
    plan_id: int
    start: dt.date
    end: dt.date | None
    standard: int

    def covers(self, on: dt.date) -> bool:
        return self.start <= on and (self.end is None or on <= self.end)


@dataclass(frozen=True)
class VisitRow:
    visit: StatutoryVisit
    plan_id: int | None
    standard: int | None
    due_date: dt.date | None  # when it was due: the standard after the previous one
    late: bool  # a gap longer than the standard


@dataclass
class VisitHistory:
    rows: list[VisitRow]  # newest first
    periods: list[PlanPeriod]
    current: VisitDue | None
    days_left: int | None = None  # working days to the next visit; negative when overdue
    overdue: bool = False
    late_count: int = field(default=0)


def plan_periods(child_id: int) -> list[PlanPeriod]:
    """Every plan of the child, either kind, oldest first: one query."""
    from opencsc.protection.models import ChildProtectionPlan

    cp = (
        ChildProtectionPlan.objects.filter(child_id=child_id)
        .annotate(kind=Value(VisitKind.CHILD_PROTECTION.value), every=Value(0))
        .values_list("kind", "pk", "start_date", "end_date", "every")
    )
    cin = (
        ChildInNeedPlan.objects.filter(child_id=child_id)
        .annotate(kind=Value(VisitKind.CHILD_IN_NEED.value))
        .values_list("kind", "pk", "start_date", "end_date", "visit_every_working_days")
    )
    cp_standard = cp_visit_standard()
    periods = [
        PlanPeriod(kind, pk, start, end, cp_standard if kind == "cp" else every)
        for kind, pk, start, end, every in cp.union(cin, all=True)
    ]
    periods.sort(key=lambda p: (p.start, p.kind != VisitKind.CHILD_IN_NEED))
    return periods


def visit_history(child: Person, today: dt.date | None = None) -> VisitHistory:
    """The child's statutory visits, each flagged late when the gap since the last visit
    at which the child was seen (or the plan's start) was longer than the standard, and
    when the next one is due. Two queries."""
    today = today or timezone.localdate()
    periods = plan_periods(child.pk)
    visits = list(
        StatutoryVisit.objects.filter(child_id=child.pk)
        .select_related("visited_by")
        .order_by("visited_on", "recorded_at", "pk")
    )
    rows: list[VisitRow] = []
    last_seen: dt.date | None = None
    for visit in visits:
        period = next(
            (p for p in periods if p.kind == visit.kind and p.covers(visit.visited_on)), None
        )
        if period is None:  # not possible through visit_record; shown without a standard
            rows.append(VisitRow(visit, None, None, None, False))
        else:
            due = visit_due_date(period.start, last_seen, period.standard)
            rows.append(
                VisitRow(visit, period.plan_id, period.standard, due, visit.visited_on > due)
            )
        if visit.child_seen:
            last_seen = visit.visited_on
    rows.reverse()
    open_periods = [p for p in periods if p.end is None]
    current_period = next(
        (p for p in open_periods if p.kind == VisitKind.CHILD_PROTECTION),
        open_periods[0] if open_periods else None,
    )
    history = VisitHistory(
        rows=rows, periods=periods, current=None, late_count=sum(r.late for r in rows)
    )
    if current_period is not None:
        due = visit_due_date(current_period.start, last_seen, current_period.standard)
        history.current = VisitDue(
            child_id=child.pk,
            kind=current_period.kind,
            plan_id=current_period.plan_id,
            standard_working_days=current_period.standard,
            plan_start=current_period.start,
            last_seen_on=last_seen,
            due_date=due,
        )
        history.days_left = working_days_remaining(due, today)
        history.overdue = today > due
    return history


def action_is_overdue(action: PlanAction, today: dt.date) -> bool:
    return action.completed_on is None and action.by_when < today
