"""Annex A list 9: care leavers. Three queries whatever the number of young people: the
care leavers with their latest accommodation and activity as subqueries, who has a
disability, and their allocations."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, Q, Subquery

from opencsc.returns.annex_care_codes import (
    ACCOMMODATION,
    ACTIVITY,
    ELIGIBILITY,
    IN_TOUCH,
    SUITABILITY,
)
from opencsc.returns.annex_common import (
    ALLOCATED,
    CHILD_FIELDS,
    LEADING_WITH_DISABILITY,
    NOT_ALLOCATED,
    Allocations,
    Children,
    Period,
    Row,
    annex_list,
    text,
)

__all__ = ["list_9_care_leavers"]


def _adviser(row: dict[str, Any]) -> tuple[str, str] | None:
    """The personal adviser as (team, worker), when there is one."""
    if row["personal_adviser_id"] is None:
        return None
    first, last = row["personal_adviser__first_name"], row["personal_adviser__last_name"]
    worker = f"{first} {last}".strip() or row["personal_adviser__username"]
    return row["personal_adviser__team__name"] or NOT_ALLOCATED, worker


@annex_list(
    9,
    "Care leavers",
    (
        *LEADING_WITH_DISABILITY,
        *ALLOCATED,
        text("Eligibility Category"),
        text("LA in Touch"),
        text("Type of Accommodation"),
        text("Suitability of Accommodation"),
        text("Activity Status"),
    ),
)
def list_9_care_leavers(period: Period) -> list[Row]:
    """Every young person entitled to leaving care services on the as-of date (D2I's SSD
    Annex A script quoting Ofsted: "all those who have reached the threshold for receiving
    leaving care services at the point of inspection": relevant, former relevant and
    qualifying care leavers, and eligible children), one row each: support not ended by
    then (Children and Social Work Act 2017 s.3: up to 25).

    Accommodation and activity are the latest recorded on or before the as-of date (903
    OC3 ACCOM, with its suitability, and ACTIV). The allocated team and worker are the
    case's allocation on the as-of date or, once that has ended (at 18 the case usually
    passes to the leaving care service), the personal adviser and their team.
    """
    from opencsc.leaving.models import CareLeaver, LeaverAccommodation, LeaverActivity

    as_of = period.as_of
    accommodation = LeaverAccommodation.objects.filter(
        care_leaver=OuterRef("pk"), from_date__lte=as_of
    ).order_by("-from_date", "-id")
    activity = LeaverActivity.objects.filter(
        care_leaver=OuterRef("pk"), from_date__lte=as_of
    ).order_by("-from_date", "-id")
    rows = list(
        CareLeaver.objects.filter(
            Q(support_ended_on__isnull=True) | Q(support_ended_on__gt=as_of),
            child__merged_into__isnull=True,
        )
        .annotate(
            latest_kind=Subquery(accommodation.values("kind")[:1]),
            latest_suitable=Subquery(accommodation.values("suitable")[:1]),
            latest_activity=Subquery(activity.values("activity")[:1]),
        )
        .order_by("child__case_number")
        .values(
            *CHILD_FIELDS,
            "eligibility",
            "in_touch",
            "personal_adviser_id",
            "personal_adviser__first_name",
            "personal_adviser__last_name",
            "personal_adviser__username",
            "personal_adviser__team__name",
            "latest_kind",
            "latest_suitable",
            "latest_activity",
        )
    )
    children = Children(rows, as_of, disability=True)
    allocations = Allocations({row["child_id"] for row in rows}, as_of)
    out = []
    for row in rows:
        held = allocations.on(row["child_id"], as_of)
        if held == (NOT_ALLOCATED, NOT_ALLOCATED):
            held = _adviser(row) or held
        kind = row["latest_kind"]
        out.append(
            (
                *children.lead(row),
                *held,
                ELIGIBILITY[row["eligibility"]],
                IN_TOUCH[row["in_touch"]],
                ACCOMMODATION[kind] if kind else None,
                SUITABILITY[row["latest_suitable"]] if kind else None,
                ACTIVITY.get(row["latest_activity"] or ""),
            )
        )
    return out
