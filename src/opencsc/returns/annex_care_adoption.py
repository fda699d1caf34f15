"""Annex A lists 10 (children with an adoption decision) and 11 (adopters). Each list's
period is the 12 months before the as-of date, as Ofsted asks. List 10 is two queries
(the plans, and who has a disability); list 11 one (the adopters, with what their family's
children reached as subqueries). No query per row."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import (
    Count,
    DateField,
    Exists,
    Field,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import Coalesce

from opencsc.returns.annex_care_codes import LEFT_ADOPTION, NO_LONGER_PLACED, UNKNOWN
from opencsc.returns.annex_common import (
    CHILD_FIELDS,
    ETHNICITY,
    GENDER,
    LEADING_WITH_DISABILITY,
    Children,
    Period,
    Row,
    annex_list,
    date,
    integer,
    text,
    yes_no,
)

__all__ = ["list_10_adoption", "list_11_adopters"]


def _by(day: dt.date | None, as_of: dt.date) -> dt.date | None:
    """A date recorded for after the as-of day had not happened on it."""
    return day if day is not None and day <= as_of else None


@annex_list(
    10,
    "Adoption",
    (
        LEADING_WITH_DISABILITY[0],
        text("Family identifier"),
        *LEADING_WITH_DISABILITY[1:],
        date("Date the Child Entered Care"),
        date("Date of Decision that Child Should be Placed for Adoption"),
        date("Date of Placement Order"),
        date("Date of Matching Child and Prospective Adopters"),
        date("Date Placed for Adoption"),
        date("Date of Adoption Order"),
        date("Date of Decision that Child Should No Longer be Placed for Adoption"),
        text("Reason Why Child No Longer Placed for Adoption"),
        date("Date the child was placed for fostering in FFA or concurrent planning placement"),
    ),
    months=12,
)
def list_10_adoption(period: Period) -> list[Row]:
    """Every child who, in the 12 months before the as-of date, was adopted, or had the
    decision that they should be placed for adoption and is not yet adopted, or had that
    decision reversed (Ofsted's list 10, as D2I's SSD Annex A script quotes it), one row
    per adoption plan (the agency decision, Adoption Agencies Regulations 2005 reg 19).

    The family identifier is the adoptive family the child is matched or placed with,
    the one list 11 gives its adopters. The FFA date is the day the child was placed with
    foster carers approved as adopters (fostering for adoption) or on concurrent planning.
    """
    from opencsc.adoption.models import AdoptionPlan

    as_of, since = period.as_of, period.start
    still_open = (Q(adoption_order_on__isnull=True) | Q(adoption_order_on__gt=as_of)) & (
        Q(no_longer_placed_on__isnull=True) | Q(no_longer_placed_on__gt=as_of)
    )
    rows = list(
        AdoptionPlan.objects.filter(
            still_open
            | Q(adoption_order_on__range=(since, as_of))
            | Q(no_longer_placed_on__range=(since, as_of)),
            decided_on__lte=as_of,
            child__merged_into__isnull=True,
        )
        .order_by("decided_on", "child__case_number", "id")
        .values(
            *CHILD_FIELDS,
            "family__reference",
            "period__start_date",
            "decided_on",
            "placement_order_on",
            "matched_on",
            "placed_on",
            "adoption_order_on",
            "no_longer_placed_on",
            "no_longer_placed_reason",
            "ffa_placed_on",
        )
    )
    children = Children(rows, as_of, disability=True)
    out = []
    for row in rows:
        lead = children.lead(row)
        matched = _by(row["matched_on"], as_of)
        reversed_on = _by(row["no_longer_placed_on"], as_of)
        out.append(
            (
                lead[0],
                # Matched or placed with a family by the as-of day (else blank).
                row["family__reference"] if matched or _by(row["placed_on"], as_of) else None,
                *lead[1:],
                row["period__start_date"],
                row["decided_on"],
                _by(row["placement_order_on"], as_of),
                matched,
                _by(row["placed_on"], as_of),
                _by(row["adoption_order_on"], as_of),
                reversed_on,
                NO_LONGER_PLACED[row["no_longer_placed_reason"]] if reversed_on else None,
                _by(row["ffa_placed_on"], as_of),
            )
        )
    return out


def _children_of_family(as_of: dt.date, field: str, aggregate: Any) -> Subquery:
    """An aggregate over the family's children's adoption plans, up to the as-of day."""
    from opencsc.adoption.models import AdoptionPlan

    plans = (
        AdoptionPlan.objects.filter(family=OuterRef("family_id"), **{f"{field}__lte": as_of})
        .values("family")
        .annotate(value=aggregate(field))
        .values("value")
    )
    output: Field[Any, Any] = IntegerField() if aggregate is Count else DateField()
    return Subquery(plans, output_field=output)


@annex_list(
    11,
    "Adopters",
    (
        text("Individual adopter identifier"),
        text("Family identifier"),
        text("Gender"),
        text("Ethnicity"),
        text("Disability"),
        text("Is the (prospective) adopter fostering for adoption?"),
        date("Date enquiry received"),
        date("Date Stage 1 started"),
        date("Date Stage 1 ended"),
        date("Date Stage 2 started"),
        date("Date Stage 2 ended"),
        date("Date application submitted"),
        date("Date application approved"),
        date("Date adopter matched with child(ren)"),
        date("Date child/children placed with adopter(s)"),
        integer("No. of children placed"),
        date("Date of Adoption Order"),
        date("Date of leaving adoption process"),
        text("Reason for leaving adoption process"),
    ),
    months=12,
)
def list_11_adopters(period: Period) -> list[Row]:
    """Every prospective adopter who had contact with the adoption agency in the 12 months
    before the as-of date (Ofsted's list 11), one row per adopter: their household
    enquired by the as-of date, had not left the process before the 12 months, and had
    not finished it before them (every child placed with them adopted earlier, none
    still placed).

    Stages are the Adoption Agencies Regulations 2005 as amended in 2013 (stage 1
    pre-assessment, stage 2 assessment, then approval). Matching and placement are the
    first of the family's children; the adoption order the latest. OpenCSC does not
    record adopters' disabilities: that column says unknown.
    """
    from opencsc.adoption.models import Adopter, AdoptionPlan

    as_of, since = period.as_of, period.start
    placed_now = AdoptionPlan.objects.filter(
        Q(adoption_order_on__isnull=True) | Q(adoption_order_on__gt=as_of),
        Q(no_longer_placed_on__isnull=True) | Q(no_longer_placed_on__gt=as_of),
        family=OuterRef("family_id"),
    )
    rows = list(
        Adopter.objects.filter(
            Q(family__left_on__isnull=True) | Q(family__left_on__gte=since),
            family__enquiry_on__lte=as_of,
        )
        .annotate(
            matched=_children_of_family(as_of, "matched_on", Min),
            placed=_children_of_family(as_of, "placed_on", Min),
            children_placed=Coalesce(_children_of_family(as_of, "placed_on", Count), 0),
            adopted=_children_of_family(as_of, "adoption_order_on", Max),
            has_open=Exists(placed_now),
        )
        # Finished before the 12 months: every child placed adopted before them.
        .filter(Q(adopted__isnull=True) | Q(adopted__gte=since) | Q(has_open=True))
        .order_by("family__enquiry_on", "family__reference", "reference")
        .values(
            "reference",
            "sex",
            "ethnicity",
            "family__reference",
            "family__fostering_for_adoption",
            "family__enquiry_on",
            "family__stage_one_started_on",
            "family__stage_one_ended_on",
            "family__stage_two_started_on",
            "family__stage_two_ended_on",
            "family__application_on",
            "family__approved_on",
            "family__left_on",
            "family__left_reason",
            "matched",
            "placed",
            "children_placed",
            "adopted",
        )
    )
    out = []
    for row in rows:
        left = _by(row["family__left_on"], as_of)
        out.append(
            (
                row["reference"],
                row["family__reference"],
                GENDER.get(row["sex"], GENDER["U"]),
                ETHNICITY.get(row["ethnicity"] or "NOBT", ETHNICITY["NOBT"]),
                UNKNOWN,
                yes_no(row["family__fostering_for_adoption"]),
                row["family__enquiry_on"],
                *(
                    _by(row[f"family__{field}"], as_of)
                    for field in (
                        "stage_one_started_on",
                        "stage_one_ended_on",
                        "stage_two_started_on",
                        "stage_two_ended_on",
                        "application_on",
                        "approved_on",
                    )
                ),
                row["matched"],
                row["placed"],
                row["children_placed"],
                row["adopted"],
                left,
                LEFT_ADOPTION[row["family__left_reason"]] if left else None,
            )
        )
    return out
