"""Read the records the SSDA903 return needs, in a fixed number of queries.

``load_903(year)`` makes the same queries whatever the number of children (pinned in
tests/returns/test_ssda903.py): one per table, each filtered to the children the return
can cover, read as plain values. ``returns.ssda903`` works the cohorts out from them.

Who can be in the return (903 guide): every child looked after at any time in the year
(an episode overlapping 1 April to 31 March), and care leavers whose 17th to 21st
birthday falls in the year (903 rule 391). For the care leavers the whole care history
is read, as rule 1001 judges eligibility from care since the 14th birthday.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from opencsc.adoption.models import Adopter, AdoptionPlan
from opencsc.care.health_selectors import oc2_for
from opencsc.care.models import CareEpisode, CarePeriod, LookedAfterReview, MissingEpisode
from opencsc.casework.models import Allocation, AllocationRole
from opencsc.core.codes import RelationshipType
from opencsc.leaving.models import CareLeaver, LeaverAccommodation, LeaverActivity, LeaverContact
from opencsc.people.models import Person, Relationship

__all__ = ["Year903", "Records903", "load_903"]

Row = dict[str, Any]


@dataclass(frozen=True)
class Year903:
    """The 903 collection year ending 31 March ``year`` (2026 = 2025-26)."""

    year: int

    @property
    def start(self) -> dt.date:
        return dt.date(self.year - 1, 4, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year, 3, 31)


@dataclass
class Records903:
    period: Year903
    people: dict[int, Row] = field(default_factory=dict)
    #: Every episode (starting on or before 31 March) of the children read, by child.
    episodes: dict[int, list[Row]] = field(default_factory=lambda: defaultdict(list))
    periods: dict[int, list[Row]] = field(default_factory=lambda: defaultdict(list))
    #: The date of birth of each child's first child (Header MC_DOB), for mothers.
    first_child_born: dict[int, dt.date] = field(default_factory=dict)
    reviews: dict[int, list[Row]] = field(default_factory=lambda: defaultdict(list))
    missing: dict[int, list[Row]] = field(default_factory=lambda: defaultdict(list))
    adoption_plans: dict[int, list[Row]] = field(default_factory=lambda: defaultdict(list))
    adopters: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    leavers: dict[int, Row] = field(default_factory=dict)
    leaver_contacts: dict[int, list[dt.date]] = field(default_factory=lambda: defaultdict(list))
    leaver_accommodation: dict[int, list[Row]] = field(default_factory=lambda: defaultdict(list))
    leaver_activity: dict[int, list[Row]] = field(default_factory=lambda: defaultdict(list))
    allocations: dict[int, list[Row]] = field(default_factory=lambda: defaultdict(list))
    oc2: dict[int, dict[str, str]] = field(default_factory=dict)


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def load_903(year: int) -> Records903:
    """Everything the return for the year ending 31 March ``year`` reads: 18 queries,
    13 here and 5 in oc2_for."""
    p = Year903(year)
    rec = Records903(period=p)
    row: Any  # plain values() rows, one shape per query
    in_year = Q(start_date__lte=p.end) & (Q(end_date__isnull=True) | Q(end_date__gte=p.start))
    # 903 rule 391: care leavers are reported around their 17th to 21st birthdays.
    oldest_leaver = _years_before(p.start, 22) + dt.timedelta(days=1)
    youngest_leaver = _years_before(p.end, 17)
    looked_after = CareEpisode.objects.filter(in_year).values("child_id")
    leavers = Person.objects.filter(
        care_episodes__isnull=False,
        date_of_birth__gte=oldest_leaver,
        date_of_birth__lte=youngest_leaver,
        merged_into__isnull=True,
    ).values("pk")
    children = Q(child_id__in=looked_after) | Q(child_id__in=leavers)

    for row in (
        CareEpisode.objects.filter(children, start_date__lte=p.end)
        .order_by("child_id", "start_date", "pk")
        .values(
            "pk",
            "child_id",
            "period_id",
            "start_date",
            "end_date",
            "reason_new_episode",
            "legal_status",
            "category_of_need",
            "placement",
            "provider",
            "end_reason",
            "reason_place_change",
            "home_postcode",
            "placement_postcode",
            "urn",
        )
    ):
        rec.episodes[row["child_id"]].append(row)
    ids = list(rec.episodes)
    if not ids:
        return rec
    for row in Person.objects.filter(pk__in=ids).values(
        "pk",
        "case_number",
        "sex",
        "date_of_birth",
        "ethnicity",
        "upn",
        "upn_unknown_reason",
        "uasc",
        "uasc_ceased",
        "date_of_death",
    ):
        rec.people[row["pk"]] = row
    for row in (
        CarePeriod.objects.filter(child_id__in=ids, start_date__lte=p.end)
        .order_by("child_id", "start_date")
        .values(
            "pk",
            "child_id",
            "start_date",
            "end_date",
            "end_reason",
            "previous_permanence",
            "previous_permanence_date",
            "previous_permanence_la",
        )
    ):
        rec.periods[row["child_id"]].append(row)
    # Header MOTHER/MC_DOB: ``person`` is the mother of ``relative``.
    for mother_id, born in (
        Relationship.objects.filter(
            person_id__in=ids,
            kind=RelationshipType.MOTHER,
            relative__date_of_birth__isnull=False,
            relative__date_of_birth__lte=p.end,
        )
        .order_by("person_id", "relative__date_of_birth")
        .values_list("person_id", "relative__date_of_birth")
    ):
        if born is not None:
            rec.first_child_born.setdefault(mother_id, born)
    for row in (
        LookedAfterReview.objects.filter(child_id__in=ids, held_on__range=(p.start, p.end))
        .order_by("child_id", "held_on")
        .values("child_id", "held_on", "participation")
    ):
        rec.reviews[row["child_id"]].append(row)
    for row in (
        MissingEpisode.objects.filter(child_id__in=ids, started_on__lte=p.end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=p.start))
        .order_by("child_id", "started_on")
        .values("child_id", "kind", "started_on", "ended_on")
    ):
        rec.missing[row["child_id"]].append(row)
    for row in (
        AdoptionPlan.objects.filter(child_id__in=ids, decided_on__lte=p.end)
        .order_by("child_id", "decided_on")
        .values(
            "child_id",
            "period_id",
            "decided_on",
            "matched_on",
            "placed_on",
            "placed_with_own_foster_carer",
            "adoption_order_on",
            "no_longer_placed_on",
            "no_longer_placed_reason",
            "family_id",
            "family__legal_status",
        )
    ):
        rec.adoption_plans[row["child_id"]].append(row)
    for family_id, sex in (
        Adopter.objects.filter(family__children__child_id__in=ids)
        .distinct()
        .order_by("family_id", "pk")
        .values_list("family_id", "sex")
    ):
        rec.adopters[family_id].append(sex)
    _load_leavers(rec, ids)
    for row in (
        Allocation.objects.filter(
            child_id__in=ids,
            role=AllocationRole.PRIMARY,
            worker__isnull=False,
            start_date__lte=p.end,
        )
        # 903 rule SW16b: the first episode reported is the one open at the end of last
        # year's return, so workers whose episode ended before 1 April are not repeated.
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=p.start))
        .order_by("child_id", "start_date", "pk")
        .values("child_id", "worker_id", "start_date", "end_date", "change_reason")
    ):
        rec.allocations[row["child_id"]].append(row)
    # Helper B's OC2 selector (care/health_selectors.py): five queries.
    rec.oc2 = oc2_for(ids, year)
    return rec


def _load_leavers(rec: Records903, ids: list[int]) -> None:
    row: Any
    for row in CareLeaver.objects.filter(child_id__in=ids).values(
        "pk", "child_id", "eligibility", "in_touch", "support_ended_on"
    ):
        rec.leavers[row["child_id"]] = row
    for child_id, on in LeaverContact.objects.filter(care_leaver__child_id__in=ids).values_list(
        "care_leaver__child_id", "contact_on"
    ):
        rec.leaver_contacts[child_id].append(on)
    for row in (
        LeaverAccommodation.objects.filter(care_leaver__child_id__in=ids)
        .order_by("from_date", "pk")
        .values("care_leaver__child_id", "from_date", "kind", "suitable")
    ):
        rec.leaver_accommodation[row["care_leaver__child_id"]].append(row)
    for row in (
        LeaverActivity.objects.filter(care_leaver__child_id__in=ids)
        .order_by("from_date", "pk")
        .values("care_leaver__child_id", "from_date", "activity")
    ):
        rec.leaver_activity[row["care_leaver__child_id"]].append(row)
