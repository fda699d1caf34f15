"""Annex A lists 5 to 7: section 47 enquiries and initial conferences, children in need,
and child protection.

Each list is one query for its rows, the dates it needs from other tables joined in as
subqueries, plus the children with a disability, their allocations and (list 5) the
enquiries and conferences before each row, or (list 6) the case status. No query per row.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import DateField, Exists, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Greatest, Least

from opencsc.returns.annex_common import (
    ALLOCATED,
    CATEGORY_OF_ABUSE,
    CHILD_FIELDS,
    LEADING_WITH_DISABILITY,
    PRIMARY_NEED,
    REASON_FOR_CLOSURE,
    Allocations,
    Children,
    Period,
    Row,
    annex_list,
    count_before,
    date,
    integer,
    text,
    yes_no,
)

__all__ = ["list_5_enquiries", "list_6_children_in_need", "list_7_child_protection"]


def _by_child(rows: Iterable[tuple[int, dt.date, int]]) -> dict[int, list[tuple[dt.date, int]]]:
    grouped: dict[int, list[tuple[dt.date, int]]] = defaultdict(list)
    for child_id, day, pk in rows:
        grouped[child_id].append((day, pk))
    return grouped


@annex_list(
    5,
    "Section 47 enquiries and initial child protection conferences",
    (
        *LEADING_WITH_DISABILITY,
        date("Strategy discussion initiating Section 47 Enquiry Start Date"),
        text("Was an Initial Child Protection Conference deemed unnecessary?"),
        date("Date of Initial Child Protection Conference"),
        text("Did the Initial Child Protection Conference Result in a Child Protection Plan"),
        integer("Number of Section 47 Enquiries in the last 12 months"),
        integer("Number of ICPCs in the last 12 months"),
        *ALLOCATED,
    ),
)
def list_5_enquiries(period: Period) -> list[Row]:
    """Every section 47 enquiry open at some time in the period, one row each, including
    those not yet decided (Ofsted: "all section 47 enquiries in the six months before the
    inspection; this includes open enquiries yet to reach a decision").

    The start date is the enquiry's, which is the day of the strategy discussion that
    started it. The two counts are the child's other enquiries, and initial (or
    transfer-in) conferences, in the 12 months before this enquiry started.
    """
    from opencsc.protection.models import Conference, ConferenceKind, Section47Enquiry

    as_of = period.as_of
    rows = list(
        Section47Enquiry.objects.filter(
            Q(completed_on__isnull=True) | Q(completed_on__gte=period.start),
            start_date__lte=as_of,
            child__merged_into__isnull=True,
        )
        .order_by("start_date", "id")
        .values(
            *CHILD_FIELDS,
            "id",
            "start_date",
            "completed_on",
            "conference_not_required",
            "conference__held_on",
            "conference__plan_required",
        )
    )
    child_ids = {row["child_id"] for row in rows}
    since = period.months_before(period.start, 12)
    enquiries = _by_child(
        Section47Enquiry.objects.filter(
            child_id__in=child_ids, start_date__gte=since, start_date__lte=as_of
        ).values_list("child_id", "start_date", "id")
    )
    conferences = _by_child(
        Conference.objects.filter(
            child_id__in=child_ids,
            kind__in=[ConferenceKind.INITIAL, ConferenceKind.TRANSFER_IN],
            held_on__gte=since,
            held_on__lte=as_of,
        ).values_list("child_id", "held_on", "id")
    )
    children = Children(rows, as_of, disability=True)
    allocations = Allocations(child_ids, as_of)
    out = []
    for row in rows:
        child_id, started = row["child_id"], row["start_date"]
        completed = row["completed_on"]
        if completed is not None and completed > as_of:
            completed = None
        held = row["conference__held_on"]
        if held is not None and held > as_of:
            held = None
        out.append(
            (
                *children.lead(row),
                started,
                # Blank until the enquiry has reached its decision.
                yes_no(row["conference_not_required"]) if completed else None,
                held,
                yes_no(row["conference__plan_required"]) if held else None,
                count_before(enquiries, child_id, started, row["id"]),
                # Conferences get their own ids: none of them is this enquiry.
                count_before(conferences, child_id, started, 0),
                *allocations.on(child_id, completed or as_of),
            )
        )
    return out


def _last_seen(as_of: dt.date) -> Greatest:
    """The last day the child was seen within the row's episode, up to the as-of date:
    a statutory visit at which the child was seen, a visit during an assessment, or the
    day seen in a section 47 enquiry."""
    from opencsc.assessments.models import ChildSeen
    from opencsc.plans.models import StatutoryVisit
    from opencsc.protection.models import Section47Enquiry

    episode = OuterRef("pk")
    visits = StatutoryVisit.objects.filter(
        episode=episode, child_seen=True, visited_on__lte=as_of
    ).values("episode").annotate(last=Max("visited_on")).values("last")
    assessed = ChildSeen.objects.filter(
        assessment__episode=episode, seen_on__lte=as_of
    ).values("assessment__episode").annotate(last=Max("seen_on")).values("last")
    enquired = Section47Enquiry.objects.filter(
        episode=episode, child_seen_on__lte=as_of
    ).values("episode").annotate(last=Max("child_seen_on")).values("last")
    # PostgreSQL's GREATEST ignores nulls: the latest of whichever were recorded.
    return Greatest(
        Subquery(visits, output_field=DateField()),
        Subquery(assessed, output_field=DateField()),
        Subquery(enquired, output_field=DateField()),
    )


@annex_list(
    6,
    "Children in need",
    (
        *LEADING_WITH_DISABILITY,
        date("CIN Start Date"),
        text("Primary Need Code"),
        date("Date Child Was Last Seen"),
        date("CIN Closure Date"),
        text("Reason for Closure"),
        text("Case Status"),
        *ALLOCATED,
    ),
)
def list_6_children_in_need(period: Period) -> list[Row]:
    """Every child receiving services as a child in need on the as-of date or in the
    period (Ofsted: "at the point of inspection or in the six months before"), one row
    per child, for their latest child in need episode open at some time in the period.

    Referrals closed with no further action are left out (Ofsted: not "children who are
    only the subject of a referral"). The start date is the referral date (the census's
    CINreferralDate). Case status is the child's on the as-of date.
    """
    from opencsc.casework.models import CINEpisode
    from opencsc.casework.status import ANNEX_A_CASE_STATUS, case_statuses_on

    as_of = period.as_of
    rows = list(
        CINEpisode.objects.filter(
            Q(closure_date__isnull=True) | Q(closure_date__gte=period.start),
            referral_date__lte=as_of,
            referral_nfa=False,
            child__merged_into__isnull=True,
        )
        # The latest episode of each child (PostgreSQL DISTINCT ON).
        .order_by("child_id", "-referral_date", "-id")
        .distinct("child_id")
        .annotate(last_seen=_last_seen(as_of))
        .values(
            *CHILD_FIELDS,
            "referral_date",
            "primary_need",
            "closure_date",
            "closure_reason",
            "last_seen",
        )
    )
    rows.sort(key=lambda row: (row["referral_date"], row["child__case_number"]))
    child_ids = [row["child_id"] for row in rows]
    statuses = case_statuses_on(child_ids, as_of)
    children = Children(rows, as_of, disability=True)
    allocations = Allocations(child_ids, as_of)
    out = []
    for row in rows:
        closed = row["closure_date"]
        if closed is not None and closed > as_of:
            closed = None
        out.append(
            (
                *children.lead(row),
                row["referral_date"],
                PRIMARY_NEED[row["primary_need"]],
                row["last_seen"],
                closed,
                REASON_FOR_CLOSURE[row["closure_reason"]] if closed else None,
                ANNEX_A_CASE_STATUS[statuses[row["child_id"]]],
                *allocations.on(row["child_id"], closed or as_of),
            )
        )
    return out


@annex_list(
    7,
    "Child protection",
    (
        *LEADING_WITH_DISABILITY,
        date("Child Protection Plan Start Date"),
        text("Initial Category of Abuse"),
        text("Latest Category of Abuse"),
        date("Date of the Last Statutory Visit"),
        text("Was the Child Seen Alone?"),
        date("Date of latest review conference"),
        date("Child Protection Plan End Date"),
        text(
            "Subject to Emergency Protection Order or Protected Under Police Powers in "
            "Last Six Months (Y/N)"
        ),
        integer("Number of Previous Child Protection Plans"),
        *ALLOCATED,
    ),
)
def list_7_child_protection(period: Period) -> list[Row]:
    """Every child on a child protection plan on the as-of date, and every child whose
    plan ended in the period (Ofsted: "include those who ceased to be the subject of a
    plan in the six months before the inspection"), one row per child for their latest
    plan.

    The last statutory visit is the last visit during the plan at which the child was
    seen (a visit without seeing the child is not a statutory visit done), with whether
    they were seen alone. Emergency powers count if in force at any time in the six months
    before the as-of date (the column's own period). Previous plans is the census's
    NumberOfPreviousCPP, recorded at the initial conference (it includes other
    authorities' plans).
    """
    from opencsc.plans.models import StatutoryVisit
    from opencsc.protection.models import (
        ChildProtectionPlan,
        Conference,
        ConferenceKind,
        EmergencyPower,
    )

    as_of = period.as_of
    on = Value(as_of, output_field=DateField())
    visit = StatutoryVisit.objects.filter(
        child=OuterRef("child"),
        child_seen=True,
        visited_on__gte=OuterRef("start_date"),
        visited_on__lte=Least(Coalesce(OuterRef("end_date"), on), on),
    ).order_by("-visited_on", "-seen_alone", "-id")
    reviews = Conference.objects.filter(plan=OuterRef("pk"), kind=ConferenceKind.REVIEW)
    review = reviews.filter(held_on__lte=as_of).order_by("-held_on", "-id")
    six_months = period.months_before(as_of, 6)
    emergency = EmergencyPower.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=six_months),
        child=OuterRef("child"),
        start_date__lte=as_of,
    )
    rows = list(
        ChildProtectionPlan.objects.filter(
            Q(end_date__isnull=True) | Q(end_date__gte=period.start),
            start_date__lte=as_of,
            child__merged_into__isnull=True,
        )
        .order_by("child_id", "-start_date", "-id")
        .distinct("child_id")
        .annotate(
            last_visit=Subquery(visit.values("visited_on")[:1]),
            seen_alone=Subquery(visit.values("seen_alone")[:1]),
            last_review=Subquery(review.values("held_on")[:1]),
            # Only a review conference changes the latest category: if one was held after
            # the as-of date, the category then was the last one set by the as-of date.
            reviewed_since=Exists(reviews.filter(held_on__gt=as_of)),
            category_then=Subquery(review.exclude(category="").values("category")[:1]),
            emergency=Exists(emergency),
        )
        .values(
            *CHILD_FIELDS,
            "start_date",
            "initial_category",
            "latest_category",
            "end_date",
            "previous_plans",
            "last_visit",
            "seen_alone",
            "last_review",
            "reviewed_since",
            "category_then",
            "emergency",
        )
    )
    rows.sort(key=lambda row: (row["start_date"], row["child__case_number"]))
    children = Children(rows, as_of, disability=True)
    allocations = Allocations({row["child_id"] for row in rows}, as_of)
    out = []
    for row in rows:
        ended = row["end_date"]
        if ended is not None and ended > as_of:
            ended = None
        latest = row["latest_category"]
        if row["reviewed_since"]:
            latest = row["category_then"] or row["initial_category"]
        out.append(
            (
                *children.lead(row),
                row["start_date"],
                CATEGORY_OF_ABUSE[row["initial_category"]],
                CATEGORY_OF_ABUSE[latest],
                row["last_visit"],
                yes_no(row["seen_alone"]) if row["last_visit"] else None,
                row["last_review"],
                ended,
                yes_no(row["emergency"]),
                row["previous_plans"],
                *allocations.on(row["child_id"], ended or as_of),
            )
        )
    return out
