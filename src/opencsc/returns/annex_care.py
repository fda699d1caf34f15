"""Annex A list 8: children in care. Lists 9 (care leavers), 10 (adoption) and 11
(adopters) are in ``annex_care_leavers`` and ``annex_care_adoption``, imported here so
importing this module registers all four.

List 8 is five queries whatever the number of children: the periods of care with the
dates it needs from other tables as subqueries, every care episode of those children, their
missing episodes in the last 12 months, who has a disability, and their allocations.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from django.db.models import DateField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Least

# Importing them registers lists 9, 10 and 11.
from opencsc.returns import annex_care_adoption, annex_care_leavers  # noqa: F401
from opencsc.returns.annex_care_codes import (
    LEGAL_STATUS,
    PERMANENCE_PLAN,
    PLACEMENT_PROVIDER,
    PLACEMENT_TYPE,
    REASON_CEASED,
)
from opencsc.returns.annex_care_episodes import (
    SAME_PLACEMENT,
    Episode,
    episodes_of,
    placement_authority_cell,
    placements_in,
    run_start,
)
from opencsc.returns.annex_common import (
    ALLOCATED,
    CHILD_FIELDS,
    LEADING,
    PRIMARY_NEED,
    Allocations,
    Children,
    Period,
    Row,
    annex_list,
    date,
    integer,
    text,
    yes_no,
)

__all__ = ["list_8_children_in_care"]

#: 903 rules 365-367: short breaks (V3, V4) are not care in the sense of list 8.
_SHORT_BREAKS = frozenset({"V3", "V4"})


def _latest_before(model: Any, as_of: dt.date, field: str, **filters: Any) -> Subquery:
    """The latest ``field`` of ``model`` rows within the row's period, up to the as-of day."""
    on = Value(as_of, output_field=DateField())
    rows = model.objects.filter(
        **filters,
        **{
            f"{field}__gte": OuterRef("start_date"),
            f"{field}__lte": Least(Coalesce(OuterRef("end_date"), on), on),
        },
    ).order_by(f"-{field}")
    return Subquery(rows.values(field)[:1], output_field=DateField())


def _periods(period: Period) -> list[dict[str, Any]]:
    """Query 1: every period of care open at some time in the six months (a child may
    have two), with the dates list 8 reads from reviews, visits, plans and health."""
    from opencsc.care.models import (
        CarePeriod,
        CarePlan,
        HealthCheck,
        HealthCheckKind,
        IROContact,
        LookedAfterReview,
    )
    from opencsc.plans.models import StatutoryVisit

    as_of = period.as_of
    plan = CarePlan.objects.filter(period=OuterRef("pk"), agreed_on__lte=as_of).order_by(
        "-agreed_on", "-id"
    )
    assessments = [HealthCheckKind.INITIAL_ASSESSMENT, HealthCheckKind.REVIEW_ASSESSMENT]
    return list(
        CarePeriod.objects.filter(
            Q(end_date__isnull=True) | Q(end_date__gte=period.start),
            start_date__lte=as_of,
            child__merged_into__isnull=True,
        )
        .annotate(
            # CPPCR 2010 reg 33: the looked-after review chaired by the IRO.
            last_review=_latest_before(LookedAfterReview, as_of, "held_on", period=OuterRef("pk")),
            # CPPCR 2010 reg 28: a visit counts when the child was seen.
            last_visit=_latest_before(
                StatutoryVisit, as_of, "visited_on", child=OuterRef("child"), child_seen=True
            ),
            permanence=Subquery(plan.exclude(permanence_option="").values("permanence_option")[:1]),
            last_iro=_latest_before(IROContact, as_of, "contact_on", period=OuterRef("pk")),
            # Promoting the health of looked-after children (2015): the initial health
            # assessment and its reviews, and the yearly dental check.
            last_health=_latest_before(
                HealthCheck, as_of, "done_on", child=OuterRef("child"), kind__in=assessments
            ),
            last_dental=_latest_before(
                HealthCheck, as_of, "done_on", child=OuterRef("child"), kind=HealthCheckKind.DENTAL
            ),
        )
        .order_by("child_id", "-start_date", "-id")
        .values(
            *CHILD_FIELDS,
            "id",
            "start_date",
            "end_date",
            "end_reason",
            "child__uasc",
            "child__uasc_ceased",
            "last_review",
            "last_visit",
            "permanence",
            "last_iro",
            "last_health",
            "last_dental",
        )
    )


def _missing(child_ids: set[int], since: dt.date, as_of: dt.date) -> dict[int, list[Any]]:
    """Query 3: missing and away episodes that began in the 12 months, oldest first."""
    from opencsc.care.models import MissingEpisode

    by_child: dict[int, list[Any]] = defaultdict(list)
    rows = (
        MissingEpisode.objects.filter(
            child_id__in=child_ids, started_on__gte=since, started_on__lte=as_of
        )
        .order_by("child_id", "started_on", "id")
        .values_list("child_id", "kind", "ended_on", "rhi_offered_on", "rhi_accepted")
    )
    for child_id, *rest in rows:
        by_child[child_id].append(rest)
    return by_child


def _rhi(missing: Sequence[Any], as_of: dt.date) -> tuple[str | None, str | None]:
    """Return interview offered / accepted after the last missing (not away) episode.
    Blank while the child is still missing, or when they were not missing in the year."""
    last = next((m for m in reversed(missing) if m[0] == "M"), None)
    if last is None:
        return None, None
    _, ended, offered_on, accepted = last
    if offered_on is not None and offered_on <= as_of:
        return yes_no(True), yes_no(accepted)
    if ended is not None and ended <= as_of:
        return yes_no(False), None
    return None, None


def _uasc(row: Mapping[str, Any], since: dt.date) -> str | None:
    """UASC at any time in the 12 months: still one, or status ceased within them."""
    ceased = row["child__uasc_ceased"]
    return yes_no(bool(row["child__uasc"]) and (ceased is None or ceased >= since))


@annex_list(
    8,
    "Children in care",
    (
        *LEADING,
        text("Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)"),
        text("Does the Child have a Disability"),
        date("Date Started to be Looked After"),
        text("Child's Category of Need"),
        text(
            "Is this a second or subsequent period of being a Looked After Child within the "
            "last 12 months (Y/N)"
        ),
        date("Start date of current legal status"),
        text("Child's Legal Status"),
        date("Date of Latest Statutory Review"),
        date("Date of Last Social Work Visit"),
        text("What is the permanence plan for this child?"),
        date("Date of Last IRO Visit / Contact to the Child"),
        date("Date of Last Health Assessment"),
        date("Date of Last Dental Check"),
        integer("Number of Placements in the Last 12 months"),
        date("Date Ceased to be Looked After"),
        text("Reason Ceased to be Looked After"),
        date("Start Date of Most Recent Placement"),
        text("Placement Type"),
        text("Placement Provider"),
        text("Placement postcode"),
        text("URN of Placement"),
        text("Placement Location"),
        text("LA of Placement"),
        integer(
            "Number of Episodes the Child has been 'Missing' from their Placement in the "
            "last 12 months"
        ),
        integer(
            "Number of Episodes the Child has been 'Absent' from their Placement in the "
            "last 12 months"
        ),
        text("Was the child offered a Return Interview after their last missing episode (Y/N)?"),
        text("Did the child accept a Return Interview after their last missing episode (Y/N)?"),
        *ALLOCATED,
    ),
)
def list_8_children_in_care(period: Period) -> list[Row]:
    """Every child looked after on the as-of date, and every child who ceased to be looked
    after in the six months before it (Ofsted: "all children in care at the point of
    inspection; include all those children who ceased to be looked after in the six months
    before the inspection"), one row per child for their latest period of care.

    Short breaks (V3, V4) are left out, as Ofsted's and D2I's list 8 leave them out: a
    child whose latest period is short breaks is reported for an earlier period of care
    that ended in the six months, if they had one.

    The columns headed "last 12 months" look back 12 months from the as-of date: UASC at
    any time in them; another period of care (not short breaks) open at some time in them
    before this one; placements (see ``_placements_in``); missing (903 MISSING "M") and
    away without authorisation ("A", Ofsted's "absent") episodes that began in them.
    The legal status and placement are the child's on the as-of date (or the day they
    left care), each with the day the run of episodes with that status, or that placement
    (episodes after a change of legal status only, 903 RNE L), began.
    """
    as_of = period.as_of
    year_ago = period.months_before(as_of, 12)
    periods = _periods(period)
    child_ids = {row["child_id"] for row in periods}
    episodes = episodes_of(child_ids, as_of)
    missing = _missing(child_ids, year_ago, as_of)

    chosen: dict[int, tuple[dict[str, Any], list[Episode]]] = {}
    for row in periods:  # latest period first for each child
        child_id = row["child_id"]
        own = [ep for ep in episodes.get(child_id, ()) if ep.period_id == row["id"]]
        if child_id in chosen or not own or own[-1].legal_status in _SHORT_BREAKS:
            continue
        chosen[child_id] = (row, own)

    rows = sorted(
        (row for row, _ in chosen.values()),
        key=lambda row: (row["start_date"], row["child__case_number"]),
    )
    children = Children(rows, as_of, disability=True)
    allocations = Allocations(chosen, as_of)
    out = []
    for row in rows:
        child_id = row["child_id"]
        own = chosen[child_id][1]
        history = episodes[child_id]
        current = own[-1]
        ended = row["end_date"] if row["end_date"] and row["end_date"] <= as_of else None
        # Another period of care (not only short breaks) open at some time in the 12
        # months, before this one.
        earlier = {
            ep.period_id
            for ep in history
            if ep.period_id != row["id"]
            and ep.start < row["start_date"]
            and (ep.end is None or ep.end >= year_ago)
            and ep.legal_status not in _SHORT_BREAKS
        }
        status_from = run_start(own, lambda a, b: a.legal_status == b.legal_status)
        placed_from = run_start(own, lambda a, b: b.rne == SAME_PLACEMENT)
        # 903 rule 213: temporary (T0-T4) and other (Z11-Z14) placements have no provider;
        # list 8 needs one, so report the provider of the placement they interrupt.
        provider = next((ep.provider for ep in reversed(own) if ep.provider), "")
        location, authority = placement_authority_cell(current)
        kinds = [m[0] for m in missing.get(child_id, ())]
        offered, accepted = _rhi(missing.get(child_id, ()), as_of)
        lead = children.lead(row)
        out.append(
            (
                *lead[:5],
                _uasc(row, year_ago),
                lead[5],
                row["start_date"],
                PRIMARY_NEED[current.need],
                yes_no(bool(earlier)),
                status_from,
                LEGAL_STATUS[current.legal_status],
                row["last_review"],
                row["last_visit"],
                PERMANENCE_PLAN.get(row["permanence"] or ""),
                row["last_iro"],
                row["last_health"],
                row["last_dental"],
                placements_in(history, year_ago),
                ended,
                REASON_CEASED.get(row["end_reason"]) if ended else None,
                placed_from,
                PLACEMENT_TYPE[current.placement],
                PLACEMENT_PROVIDER.get(provider),
                current.postcode or None,
                current.urn or None,
                location,
                authority,
                kinds.count("M"),
                kinds.count("A"),
                offered,
                accepted,
                *allocations.on(child_id, ended or as_of),
            )
        )
    return out
