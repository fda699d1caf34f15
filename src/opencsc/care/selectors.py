"""Reads of periods of care: scoped fetches for the pages, when reviews, visits and the
permanence plan are due, and the bulk version the worklists use (a fixed number of
queries whatever the number of children)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Max, Prefetch
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from opencsc.accounts.access import child_for_user, children_visible_to, team_ids_for
from opencsc.accounts.models import Role
from opencsc.care import deadlines as due
from opencsc.care.codes import LegalStatus
from opencsc.care.models import (
    CareEpisode,
    CarePeriod,
    CarePlan,
    LookedAfterReview,
    PlacedWithParentsReview,
)
from opencsc.care.services._common import years_after

if TYPE_CHECKING:
    from opencsc.accounts.models import User
    from opencsc.people.models import Person

Deadline = due.Deadline
#: Queries care_deadlines_for runs when some child is looked after (pinned in tests).
QUERIES = 6


def period_for_user(user: User, period_id: int, *, write: bool = False) -> CarePeriod:
    """A period of care whose child this user may see (or change); else 404."""
    period = CarePeriod.objects.select_related("episode").filter(pk=period_id).first()
    if period is None:
        raise Http404("No such record")
    period.child = child_for_user(user, period.child_id, write=write)
    return period


def open_period(child: Person | int) -> CarePeriod | None:
    child_id = child if isinstance(child, int) else child.pk
    return CarePeriod.objects.filter(child_id=child_id, end_date__isnull=True).first()


def periods_for(child: Person | int) -> list[CarePeriod]:
    """Every period of the child, newest first, with its episodes oldest first: two
    queries."""
    child_id = child if isinstance(child, int) else child.pk
    episodes = CareEpisode.objects.order_by("start_date", "pk")
    return list(
        CarePeriod.objects.filter(child_id=child_id)
        .order_by("-start_date")
        .prefetch_related(Prefetch("episodes", queryset=episodes))
    )


def _review_dates(period: CarePeriod) -> list[dt.date]:
    return list(
        LookedAfterReview.objects.filter(period=period)
        .order_by("held_on")
        .values_list("held_on", flat=True)
    )


def review_due(period: CarePeriod, today: dt.date | None = None) -> dt.date | None:
    """CPPCR reg 33: the next review's due date; None once the period has ended."""
    if period.end_date is not None:
        return None
    return due.review_due(period.start_date, _review_dates(period))


def visit_due(period: CarePeriod, today: dt.date | None = None) -> dt.date | None:
    """CPPCR reg 28: the next statutory visit's due date; None once the period ended."""
    from opencsc.plans.models import StatutoryVisit, VisitKind

    if period.end_date is not None:
        return None
    episodes = list(
        CareEpisode.objects.filter(period=period)
        .order_by("start_date", "pk")
        .values_list("start_date", "reason_new_episode", "placement")
    )
    plan = CarePlan.objects.filter(period=period).exclude(permanence_option="").first()
    last_seen = StatutoryVisit.objects.filter(
        child_id=period.child_id, kind=VisitKind.LOOKED_AFTER, child_seen=True
    ).aggregate(last=Max("visited_on"))["last"]
    began = due.placement_start([(s, r) for s, r, _p in episodes])
    option = plan.permanence_option if plan else ""
    return due.visit_due(began, last_seen, long_term=due.is_long_term(episodes[-1][2], option))


def permanence_due(period: CarePeriod, today: dt.date | None = None) -> dt.date | None:
    """When the permanence option must be in the care plan; None once it is."""
    if period.end_date is not None:
        return None
    has = CarePlan.objects.filter(period=period).exclude(permanence_option="").exists()
    return due.permanence_due(period.start_date, _review_dates(period), has)


def care_deadlines_for(
    child_ids: Iterable[int], today: dt.date | None = None
) -> dict[int, list[Deadline]]:
    """Everything about being looked after a worklist shows, by child, soonest first:
    the next review and visit, the permanence plan, an emergency status running out, the
    eighteenth birthday and the review of a care order at home. Six queries (one when no
    child is looked after)."""
    from opencsc.plans.models import StatutoryVisit, VisitKind

    ids = list(child_ids)
    if not ids:
        return {}
    periods = list(
        CarePeriod.objects.filter(child_id__in=ids, end_date__isnull=True).values_list(
            "pk", "child_id", "start_date", "child__date_of_birth"
        )
    )
    if not periods:
        return {}
    period_ids = [p[0] for p in periods]
    episodes: dict[int, list[tuple[dt.date, str, str, str]]] = defaultdict(list)
    for pid, start, rne, ls, place in (
        CareEpisode.objects.filter(period_id__in=period_ids)
        .order_by("start_date", "pk")
        .values_list("period_id", "start_date", "reason_new_episode", "legal_status", "placement")
    ):
        episodes[pid].append((start, rne, ls, place))
    reviews: dict[int, list[dt.date]] = defaultdict(list)
    for pid, held_on in (
        LookedAfterReview.objects.filter(period_id__in=period_ids)
        .order_by("held_on")
        .values_list("period_id", "held_on")
    ):
        reviews[pid].append(held_on)
    options: dict[int, str] = {}
    for pid, option in (
        CarePlan.objects.filter(period_id__in=period_ids)
        .exclude(permanence_option="")
        .order_by("agreed_on", "pk")
        .values_list("period_id", "permanence_option")
    ):
        options[pid] = option  # the newest wins
    seen = dict(
        StatutoryVisit.objects.filter(
            child_id__in=[p[1] for p in periods], kind=VisitKind.LOOKED_AFTER, child_seen=True
        )
        .values("child_id")
        .annotate(last=Max("visited_on"))
        .order_by()
        .values_list("child_id", "last")
    )
    pwp: dict[int, tuple[dt.date, dt.date | None]] = {}
    for pid, on, next_due in (
        PlacedWithParentsReview.objects.filter(period_id__in=period_ids)
        .order_by("reviewed_on", "pk")
        .values_list("period_id", "reviewed_on", "next_review_due")
    ):
        pwp[pid] = (on, next_due)

    # The eighteenth birthday shows six months ahead, for planning the move out of care.
    soon = (today or timezone.localdate()) + dt.timedelta(days=183)
    result: dict[int, list[Deadline]] = {}
    for pid, child_id, start, born in periods:
        eps = episodes[pid]
        if not eps:
            continue
        url = reverse("care:period-detail", kwargs={"period_id": pid})
        items = result.setdefault(child_id, [])

        def add(
            kind: str,
            label: str,
            on: dt.date | None,
            url: str = url,
            items: list[Deadline] = items,
            child_id: int = child_id,
        ) -> None:
            if on is not None:
                items.append(Deadline(child_id, kind, label, on, url))

        held = reviews[pid]
        add("cla_review", "Looked-after review", due.review_due(start, held))
        _start, _rne, ls, place = eps[-1]
        began = due.placement_start([(s, r) for s, r, _l, _p in eps])
        add(
            "cla_visit",
            "Looked-after child visit",
            due.visit_due(
                began, seen.get(child_id), long_term=due.is_long_term(place, options.get(pid, ""))
            ),
        )
        add("permanence", "Permanence plan", due.permanence_due(start, held, pid in options))
        run = due.status_run_start([(s, status) for s, _r, status, _p in eps])
        ends = due.status_ends(ls, run)
        if ends is not None:
            add("emergency_status", f"{LegalStatus(ls).label} ends", ends)
        if ls == "C2" and place == "P1":
            home = max((s for s, _r, status, p in eps if status != "C2" or p != "P1"), default=None)
            went_home = min(
                (
                    s
                    for s, _r, status, p in eps
                    if status == "C2" and p == "P1" and (home is None or s > home)
                ),
                default=eps[-1][0],
            )
            add(
                "pwp_review",
                "Care order at home review",
                due.pwp_review_due(went_home, pwp.get(pid)),
            )
        if born is not None and years_after(born, 18) <= soon:
            add("turns_18", "Turns 18: care ends", years_after(born, 18))
    for items in result.values():
        items.sort(key=lambda d: d.due_date)
    return {k: v for k, v in result.items() if v}


@dataclass
class ReviewDue:
    period_id: int
    child: Person
    start_date: dt.date
    last_review: dt.date | None
    reviews_held: int
    due_date: dt.date
    iro_name: str
    days_left: int | None = None


def reviews_due_for(user: User, limit: int = 500) -> list[ReviewDue]:
    """The next looked-after review of the children an IRO reviews (allocated to them);
    for managers, their teams' children; heads of service, every child. Overdue first
    (the earliest due first). Two queries (three for a manager: their teams)."""
    from opencsc.casework.models import Allocation, AllocationRole

    periods = CarePeriod.objects.filter(end_date__isnull=True)
    if user.role == Role.REVIEWING_OFFICER:
        mine = Allocation.objects.filter(
            worker=user, role=AllocationRole.REVIEWING_OFFICER, end_date__isnull=True
        ).values("child_id")
        periods = periods.filter(child_id__in=mine)
    elif user.role == Role.TEAM_MANAGER:
        teams = Allocation.objects.filter(
            team_id__in=team_ids_for(user), end_date__isnull=True
        ).values("child_id")
        periods = periods.filter(child_id__in=teams)
    periods = periods.filter(child__in=children_visible_to(user))
    iro = Allocation.objects.filter(
        role=AllocationRole.REVIEWING_OFFICER, end_date__isnull=True, worker__isnull=False
    )
    rows = list(periods.select_related("child").order_by("start_date")[:limit])
    if not rows:
        return []
    held: dict[int, list[dt.date]] = defaultdict(list)
    for pid, on in (
        LookedAfterReview.objects.filter(period_id__in=[p.pk for p in rows])
        .order_by("held_on")
        .values_list("period_id", "held_on")
    ):
        held[pid].append(on)
    names = {
        child_id: f"{first} {last}"
        for child_id, first, last in iro.filter(child_id__in=[p.child_id for p in rows])
        .order_by("start_date")
        .values_list("child_id", "worker__first_name", "worker__last_name")
    }
    result = [
        ReviewDue(
            period_id=p.pk,
            child=p.child,
            start_date=p.start_date,
            last_review=held[p.pk][-1] if held[p.pk] else None,
            reviews_held=len(held[p.pk]),
            due_date=due.review_due(p.start_date, held[p.pk]),
            iro_name=names.get(p.child_id, ""),
        )
        for p in rows
    ]
    result.sort(key=lambda r: (r.due_date, r.child.last_name))
    return result
