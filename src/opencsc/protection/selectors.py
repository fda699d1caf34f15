"""Reads of child protection records: scoped fetches for the pages, and the timescales
(WT2023 ch.3) for the record and the worklists."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Exists, Max, OuterRef, Q, Subquery
from django.http import Http404
from django.urls import reverse

from opencsc.accounts.access import child_for_user
from opencsc.core.working_days import add_months, core_group_due
from opencsc.protection.models import (
    ChildProtectionPlan,
    Conference,
    ConferenceKind,
    CoreGroupMeeting,
    EnquiryOutcome,
    Section47Enquiry,
    StrategyDiscussion,
)

if TYPE_CHECKING:
    from django.db.models import Model

    from opencsc.accounts.models import User
    from opencsc.casework.models import CINEpisode
    from opencsc.people.models import Person

# WT2023 ch.3: the first review conference within 3 months of the initial conference,
# then at intervals of no more than 6 months.
FIRST_REVIEW_MONTHS = 3
LATER_REVIEW_MONTHS = 6


# --- scoped fetches: the record, then its child through the access function -------------


def _with_child(record: Model | None, user: User, *, write: bool) -> Model:
    if record is None:
        raise Http404("No such record")
    record.child = child_for_user(user, record.child_id, write=write)  # type: ignore[attr-defined]
    return record


def discussion_for_user(user: User, pk: int, *, write: bool = False) -> StrategyDiscussion:
    record = (
        StrategyDiscussion.objects.select_related("episode", "enquiry", "recorded_by")
        .filter(pk=pk)
        .first()
    )
    return _with_child(record, user, write=write)  # type: ignore[return-value]


def enquiry_for_user(user: User, pk: int, *, write: bool = False) -> Section47Enquiry:
    record = (
        Section47Enquiry.objects.select_related("episode", "worker", "conference")
        .filter(pk=pk)
        .first()
    )
    return _with_child(record, user, write=write)  # type: ignore[return-value]


def conference_for_user(user: User, pk: int, *, write: bool = False) -> Conference:
    record = (
        Conference.objects.select_related(
            "episode", "enquiry", "plan", "chair", "recorded_by", "started_plan"
        )
        .filter(pk=pk)
        .first()
    )
    return _with_child(record, user, write=write)  # type: ignore[return-value]


def plan_for_user(user: User, pk: int, *, write: bool = False) -> ChildProtectionPlan:
    record = (
        ChildProtectionPlan.objects.select_related("episode", "conference", "conference__chair")
        .filter(pk=pk)
        .first()
    )
    return _with_child(record, user, write=write)  # type: ignore[return-value]


def open_episode(child: Person | int) -> CINEpisode | None:
    from opencsc.casework.models import CINEpisode

    child_id = child if isinstance(child, int) else child.pk
    return CINEpisode.objects.filter(child_id=child_id, closure_date__isnull=True).first()


def enquiry_awaiting_conference(child: Person | int) -> Section47Enquiry | None:
    """The child's enquiry concluded for an initial conference not yet held (one query)."""
    child_id = child if isinstance(child, int) else child.pk
    return (
        Section47Enquiry.objects.filter(
            child_id=child_id, outcome=EnquiryOutcome.ICPC, conference__isnull=True
        )
        .order_by("-start_date")
        .first()
    )


def enquiry_of_child(child: Person, pk: object) -> Section47Enquiry | None:
    """One of this (already authorised) child's enquiries, by an id from a query string."""
    try:
        return Section47Enquiry.objects.filter(child=child, pk=int(str(pk))).first()
    except ValueError:
        return None


def plan_of_child(child: Person, pk: object) -> ChildProtectionPlan | None:
    """One of this (already authorised) child's plans, by an id from a query string."""
    try:
        return ChildProtectionPlan.objects.filter(child=child, pk=int(str(pk))).first()
    except ValueError:
        return None


def open_plan(child: Person | int) -> ChildProtectionPlan | None:
    child_id = child if isinstance(child, int) else child.pk
    return ChildProtectionPlan.objects.filter(child_id=child_id, end_date__isnull=True).first()


# --- timescales --------------------------------------------------------------------------


def conference_of(enquiry: Section47Enquiry) -> Conference | None:
    """The initial conference the enquiry led to, if held (no query when select_related)."""
    try:
        return enquiry.conference
    except Section47Enquiry.conference.RelatedObjectDoesNotExist:  # type: ignore[attr-defined]
        return None


def conference_due(enquiry: Section47Enquiry) -> dt.date | None:
    """When the initial conference is due: 15 working days from the last strategy
    discussion (stored on the enquiry). None once held or found not to be needed."""
    if enquiry.conference_not_required or conference_of(enquiry) is not None:
        return None
    return enquiry.conference_target_date


def review_due_after(start_date: dt.date, last_review: dt.date | None) -> dt.date:
    """WT2023 ch.3: first review 3 months from the plan's start, then within 6 months of
    the last review."""
    if last_review is None:
        return add_months(start_date, FIRST_REVIEW_MONTHS)
    return add_months(last_review, LATER_REVIEW_MONTHS)


def next_review_due(plan: ChildProtectionPlan) -> dt.date | None:
    """The next review conference's due date; None once the plan has ended. Uses the
    plan's prefetched reviews when there are (no query then)."""
    if plan.end_date is not None:
        return None
    dates = [r.held_on for r in plan.reviews.all()]
    return review_due_after(plan.start_date, max(dates) if dates else None)


def first_core_group_due(plan: ChildProtectionPlan) -> dt.date:
    """WT2023 ch.3: the first core group within 10 working days of the conference."""
    return core_group_due(plan.start_date)


@dataclass(frozen=True)
class Deadline:
    """A child protection timescale for a worklist."""

    child_id: int
    kind: str  # "icpc", "cp_review" or "core_group"
    label: str
    due_date: dt.date
    url: str


def protection_deadlines_for(child_ids: Iterable[int]) -> dict[int, list[Deadline]]:
    """The conferences, reviews and first core groups due for these children, soonest
    first. Two queries whatever the number of children."""
    ids = list(child_ids)
    found: dict[int, list[Deadline]] = defaultdict(list)
    if not ids:
        return {}
    enquiries = (
        Section47Enquiry.objects.filter(child_id__in=ids, conference__isnull=True)
        .filter(Q(completed_on__isnull=True) | Q(outcome=EnquiryOutcome.ICPC))
        .values_list("pk", "child_id", "conference_target_date")
    )
    for pk, child_id, due in enquiries:
        found[child_id].append(
            Deadline(
                child_id=child_id,
                kind="icpc",
                label="Initial child protection conference",
                due_date=due,
                url=reverse("protection:enquiry-detail", kwargs={"enquiry_id": pk}),
            )
        )
    last_review = (
        Conference.objects.filter(plan=OuterRef("pk"), kind=ConferenceKind.REVIEW)
        .order_by()
        .values("plan")
        .annotate(last=Max("held_on"))
        .values("last")
    )
    plans = (
        ChildProtectionPlan.objects.filter(child_id__in=ids, end_date__isnull=True)
        .annotate(
            last_review=Subquery(last_review),
            core_group_held=Exists(CoreGroupMeeting.objects.filter(plan=OuterRef("pk"))),
        )
        .values_list("pk", "child_id", "start_date", "last_review", "core_group_held")
    )
    for pk, child_id, start, last, core_group_held in plans:
        url = reverse("protection:plan-detail", kwargs={"plan_id": pk})
        found[child_id].append(
            Deadline(
                child_id=child_id,
                kind="cp_review",
                label="Child protection review conference",
                due_date=review_due_after(start, last),
                url=url,
            )
        )
        if not core_group_held:
            found[child_id].append(
                Deadline(
                    child_id=child_id,
                    kind="core_group",
                    label="First core group meeting",
                    due_date=core_group_due(start),
                    url=url,
                )
            )
    return {child_id: sorted(items, key=lambda d: d.due_date) for child_id, items in found.items()}
