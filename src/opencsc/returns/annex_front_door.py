"""Annex A lists 1 to 4: contacts, early help, referrals and assessments.

Each list is one query for its rows (the child's columns come through the row's foreign
key), plus at most three more: the children with a disability, their allocations and,
for referrals, the referrals before them. No query per row.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from opencsc.returns.annex_common import (
    ALLOCATED,
    CHILD_FIELDS,
    CONTACT_SOURCE,
    LEADING,
    LEADING_WITH_DISABILITY,
    Allocations,
    Children,
    Period,
    Row,
    annex_list,
    count_before,
    date,
    day_bounds,
    integer,
    text,
    yes_no,
)

__all__ = ["list_1_contacts", "list_2_early_help", "list_3_referrals", "list_4_assessments"]


@annex_list(
    1,
    "Contacts",
    (*LEADING, date("Date of Contact"), text("Contact Source")),
)
def list_1_contacts(period: Period) -> list[Row]:
    """Every contact received in the period, one row per child per contact (Ofsted: "where
    a contact refers to multiple children, include an entry for each child")."""
    from opencsc.frontdoor.models import Contact

    start, end = day_bounds(period.start, period.as_of)
    rows = list(
        Contact.objects.filter(
            received_at__gte=start, received_at__lt=end, child__merged_into__isnull=True
        )
        .order_by("received_at", "id")
        .values(*CHILD_FIELDS, "received_at", "source")
    )
    children = Children(rows, period.as_of, disability=False)
    tz = timezone.get_current_timezone()
    return [
        (
            *children.lead(row),
            row["received_at"].astimezone(tz).date(),
            CONTACT_SOURCE[row["source"]],
        )
        for row in rows
    ]


@annex_list(
    2,
    "Early help",
    (
        *LEADING,
        date("Assessment start date"),
        date("Assessment completion date"),
        text("Organisation completing assessment"),
    ),
)
def list_2_early_help(period: Period) -> list[Row]:
    """Early help assessments started or completed in the period, and the early help
    episodes open on the as-of date (Ofsted: "also, current early help interventions
    coordinated through the local authority")."""
    from opencsc.frontdoor.models import EarlyHelpEpisode

    as_of = period.as_of
    in_period = Q(assessment_start__gte=period.start, assessment_start__lte=as_of) | Q(
        assessment_completed__gte=period.start, assessment_completed__lte=as_of
    )
    current = Q(start_date__lte=as_of) & (Q(end_date__isnull=True) | Q(end_date__gte=as_of))
    rows = list(
        EarlyHelpEpisode.objects.filter(in_period | current, child__merged_into__isnull=True)
        .order_by("start_date", "id")
        .values(
            *CHILD_FIELDS,
            "start_date",
            "assessment_start",
            "assessment_completed",
            "lead_organisation",
        )
    )
    children = Children(rows, as_of, disability=False)
    out = []
    for row in rows:
        started = row["assessment_start"]
        if started is None or started > as_of:
            # A current intervention whose assessment is not yet recorded: the column may
            # not be blank, so it gives the intervention's start (as D2I's SSD script does).
            started = row["start_date"]
        completed = row["assessment_completed"]
        out.append(
            (
                *children.lead(row),
                started,
                completed if completed and completed <= as_of else None,
                row["lead_organisation"],
            )
        )
    return out


@annex_list(
    3,
    "Referrals",
    (
        *LEADING,
        date("Date of referral"),
        text("Referral Source"),
        text("Referral NFA?"),
        integer("Number of Referrals in Last 12 Months"),
        *ALLOCATED,
    ),
)
def list_3_referrals(period: Period) -> list[Row]:
    """Every referral received in the period; a child referred twice has two rows.

    "Number of referrals in last 12 months" counts the child's other referrals in the 12
    months before this one (the DfE re-referral measure; D2I's script counts the same
    way, leaving the referral itself out). The team and worker are those the referral was
    allocated to.
    """
    from opencsc.casework.models import CINEpisode

    as_of = period.as_of
    rows = list(
        CINEpisode.objects.filter(
            referral_date__gte=period.start,
            referral_date__lte=as_of,
            child__merged_into__isnull=True,
        )
        .order_by("referral_date", "id")
        .values(*CHILD_FIELDS, "id", "referral_date", "referral_source", "referral_nfa")
    )
    child_ids = {row["child_id"] for row in rows}
    earlier: dict[int, list[tuple[dt.date, int]]] = defaultdict(list)
    for child_id, referred, pk in CINEpisode.objects.filter(
        child_id__in=child_ids,
        referral_date__gte=period.months_before(period.start, 12),
        referral_date__lte=as_of,
    ).values_list("child_id", "referral_date", "id"):
        earlier[child_id].append((referred, pk))
    children = Children(rows, as_of, disability=False)
    allocations = Allocations(child_ids, as_of)
    return [
        (
            *children.lead(row),
            row["referral_date"],
            CONTACT_SOURCE[row["referral_source"]],
            yes_no(row["referral_nfa"]),
            count_before(earlier, row["child_id"], row["referral_date"], row["id"]),
            *allocations.on(row["child_id"], row["referral_date"]),
        )
        for row in rows
    ]


#: Assessment outcomes meaning the child needs children's social care support.
_NEEDS_SUPPORT = {"cin_plan", "strategy_discussion"}


@annex_list(
    4,
    "Assessments",
    (
        *LEADING_WITH_DISABILITY,
        date("Continuous Assessment Start Date"),
        text("Child Seen During Continuous Assessment"),
        date("Continuous Assessment Date of Authorisation"),
        text("Was the child assessed as requiring LA children's social care support?"),
        *ALLOCATED,
    ),
)
def list_4_assessments(period: Period) -> list[Row]:
    """Every assessment open at some time in the period: started by the as-of date and
    not authorised before the period began (Ofsted: "children with assessments in the
    previous six months"; D2I counts those completed in the period too). What happened
    after the as-of date is not reported: an assessment authorised later is open."""
    from opencsc.assessments.models import Assessment, ChildSeen

    as_of = period.as_of
    rows = list(
        Assessment.objects.filter(
            Q(authorised_on__isnull=True) | Q(authorised_on__gte=period.start),
            start_date__lte=as_of,
            child__merged_into__isnull=True,
        )
        .annotate(
            seen=Exists(
                ChildSeen.objects.filter(assessment=OuterRef("pk"), seen_on__lte=as_of)
            )
        )
        .order_by("start_date", "id")
        .values(*CHILD_FIELDS, "start_date", "authorised_on", "outcome", "seen")
    )
    children = Children(rows, as_of, disability=True)
    allocations = Allocations({row["child_id"] for row in rows}, as_of)
    out = []
    for row in rows:
        authorised = row["authorised_on"]
        if authorised is not None and authorised > as_of:
            authorised = None
        out.append(
            (
                *children.lead(row),
                row["start_date"],
                yes_no(row["seen"]),
                authorised,
                yes_no(row["outcome"] in _NEEDS_SUPPORT) if authorised else None,
                *allocations.on(row["child_id"], authorised or as_of),
            )
        )
    return out
