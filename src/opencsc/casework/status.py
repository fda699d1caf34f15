"""A child's case status on any date (Ofsted Annex A list 6 "Case Status"), for every child.

The status is the highest step of the child's journey that was open on the date:
looked after, then a child protection plan, then a child in need plan, then an open
assessment, then an open child in need episode with none of these, else closed.

Periods run from their start date up to, but not including, their end date: on the day a
child protection plan ends and a child in need plan starts, the child is on the child in
need plan; on the day an episode closes, the case is closed.

A child is looked after from the first day of a period of care up to, but not including,
the day it ends (care/models: CarePeriod).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Exists, OuterRef, Q

if TYPE_CHECKING:
    from opencsc.people.models import Person


class CaseStatus(models.TextChoices):
    LOOKED_AFTER = "looked_after", "Looked after child"
    CP_PLAN = "cp_plan", "Child protection plan"
    CIN_PLAN = "cin_plan", "Child in need plan"
    OPEN_ASSESSMENT = "open_assessment", "Open assessment"
    OPEN = "open", "Open case (no plan or assessment open)"
    CLOSED = "closed", "Closed episode"


#: Ofsted Annex A list 6 "Case Status" codes (liiatools spec/annex_a/data-map.yml).
#: Ofsted's list has no code for an open episode with neither a plan nor an open
#: assessment (a referral awaiting its assessment, or an authorised assessment awaiting
#: its plan): it is an open child in need case, so it is reported with children in need.
ANNEX_A_CASE_STATUS: dict[str, str] = {
    CaseStatus.LOOKED_AFTER: "a) Looked after child",
    CaseStatus.CP_PLAN: "b) Child Protection plan",
    CaseStatus.CIN_PLAN: "c) Child in need plan",
    CaseStatus.OPEN_ASSESSMENT: "d) Open assessment",
    CaseStatus.OPEN: "c) Child in need plan",
    CaseStatus.CLOSED: "e) Closed episode",
}


def looked_after_child_ids_on(child_ids: list[int], on: dt.date) -> set[int]:
    """The children of ``child_ids`` looked after on ``on``: one query."""
    from opencsc.care.models import CarePeriod

    if not child_ids:
        return set()
    return set(
        CarePeriod.objects.filter(
            _open_on("start_date", "end_date", on), child_id__in=child_ids
        ).values_list("child_id", flat=True)
    )


def _open_on(start: str, end: str, on: dt.date) -> Q:
    """Started on or before ``on`` and not yet ended on it."""
    return Q(**{f"{start}__lte": on}) & (Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gt": on}))


def case_statuses_on(child_ids: Iterable[int], on: dt.date) -> dict[int, CaseStatus]:
    """The case status of each child of ``child_ids`` on ``on``: one query, whatever the
    number of children. Every id given that exists gets a status; a child never referred
    is CLOSED."""
    from opencsc.assessments.models import Assessment
    from opencsc.care.models import CarePeriod
    from opencsc.casework.models import CINEpisode
    from opencsc.people.models import Person
    from opencsc.plans.models import ChildInNeedPlan
    from opencsc.protection.models import ChildProtectionPlan

    ids = list(child_ids)
    if not ids:
        return {}
    child = OuterRef("pk")
    rows = (
        Person.objects.filter(pk__in=ids)
        .annotate(
            # The same test as looked_after_child_ids_on, folded into this one query.
            looked_after=Exists(
                CarePeriod.objects.filter(_open_on("start_date", "end_date", on), child=child)
            ),
            on_cp=Exists(
                ChildProtectionPlan.objects.filter(
                    _open_on("start_date", "end_date", on), child=child
                )
            ),
            on_cin=Exists(
                ChildInNeedPlan.objects.filter(_open_on("start_date", "end_date", on), child=child)
            ),
            # An assessment is open from its start until it is authorised.
            assessing=Exists(
                Assessment.objects.filter(_open_on("start_date", "authorised_on", on), child=child)
            ),
            episode_open=Exists(
                CINEpisode.objects.filter(
                    _open_on("referral_date", "closure_date", on), child=child
                )
            ),
        )
        .values_list("pk", "looked_after", "on_cp", "on_cin", "assessing", "episode_open")
    )
    result: dict[int, CaseStatus] = {}
    for pk, looked_after, on_cp, on_cin, assessing, episode_open in rows:
        if looked_after:
            result[pk] = CaseStatus.LOOKED_AFTER
        elif on_cp:
            result[pk] = CaseStatus.CP_PLAN
        elif on_cin:
            result[pk] = CaseStatus.CIN_PLAN
        elif assessing:
            result[pk] = CaseStatus.OPEN_ASSESSMENT
        elif episode_open:
            result[pk] = CaseStatus.OPEN
        else:
            result[pk] = CaseStatus.CLOSED
    return result


def case_status_on(child: Person | int, on: dt.date) -> CaseStatus:
    """The child's case status on ``on`` (one query)."""
    child_id = child if isinstance(child, int) else child.pk
    return case_statuses_on([child_id], on).get(child_id, CaseStatus.CLOSED)
