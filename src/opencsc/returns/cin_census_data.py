"""What the Children in Need census reports, read from the case records in a fixed number
of queries and cut to the census year "as at" its reference date (31 March).

The census year ``year`` runs from 1 April ``year - 1`` to 31 March ``year`` (2026 is the
2025-26 census). A child is in it if referred in the year or open at its start: every
episode (CINdetails) overlapping the year is reported, with what had happened on it by
31 March. Anything recorded later (a closure in April, a conference after the year end) is
left out, so a past year's census comes out the same whenever it is run. Which modules of
an episode are reported follows the DfE's rules on dates, cited where they decide it.

Eight queries whatever the size of the authority: the episodes, the children, their
disabilities, then assessments, child in need plans, section 47 enquiries, child
protection plans and conferences of those episodes (filtered by sub-query, so no list of
thousands of ids travels to the database).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q

from opencsc.assessments.models import Assessment
from opencsc.casework.models import CINEpisode
from opencsc.core.codes import Disability
from opencsc.people.models import Person, PersonDisability
from opencsc.plans.models import ChildInNeedPlan
from opencsc.protection.models import (
    ChildProtectionPlan,
    Conference,
    ConferenceKind,
    Section47Enquiry,
)

__all__ = ["CensusChild", "CensusEpisode", "CensusPeriod", "load_census", "QUERY_STAGES"]

Progress = Callable[[str, int, int], None]

#: The reading stage reports one step per query.
QUERY_STAGES = 8
READING = "Reading the case records"

_DISABILITY_ORDER = {code: i for i, code in enumerate(Disability.values)}


@dataclass(frozen=True, slots=True)
class CensusPeriod:
    """1 April ``year - 1`` to 31 March ``year`` (the reference date), both included."""

    year: int
    start: dt.date
    end: dt.date

    @classmethod
    def for_year(cls, year: int) -> CensusPeriod:
        return cls(year=year, start=dt.date(year - 1, 4, 1), end=dt.date(year, 3, 31))

    def within(self, d: dt.date | None) -> bool:
        return d is not None and self.start <= d <= self.end

    def by_end(self, d: dt.date | None) -> dt.date | None:
        """``d`` if it had happened by the reference date, else None (not yet, as at 31 March)."""
        return d if d is not None and d <= self.end else None


@dataclass(slots=True)
class CensusAssessment:
    start: dt.date
    authorised: dt.date | None
    factors: list[str]


@dataclass(slots=True)
class CensusCINPlan:
    start: dt.date
    end: dt.date | None


@dataclass(slots=True)
class CensusSection47:
    start: dt.date
    target: dt.date
    icpc: dt.date | None
    not_required: bool


@dataclass(slots=True)
class CensusCPP:
    start: dt.date
    end: dt.date | None
    initial_category: str
    latest_category: str
    previous: int
    reviews: list[dt.date] = field(default_factory=list)


@dataclass(slots=True)
class CensusEpisode:
    referral_date: dt.date
    source: str
    primary_need: str
    closure_date: dt.date | None
    closure_reason: str
    referral_nfa: bool
    # An initial conference with no section 47 enquiry on this episode (a transfer-in).
    icpc: dt.date | None = None
    assessments: list[CensusAssessment] = field(default_factory=list)
    cin_plans: list[CensusCINPlan] = field(default_factory=list)
    section47s: list[CensusSection47] = field(default_factory=list)
    cp_plans: list[CensusCPP] = field(default_factory=list)


@dataclass(slots=True)
class CensusChild:
    la_child_id: str
    upn: str
    upn_unknown: str
    birth_date: dt.date | None
    expected_birth_date: dt.date | None
    sex: str
    death_date: dt.date | None
    ethnicity: str
    disabilities: list[str]
    episodes: list[CensusEpisode] = field(default_factory=list)

    @property
    def unborn(self) -> bool:
        return self.birth_date is None and self.expected_birth_date is not None


def _episodes_in(period: CensusPeriod):  # -> QuerySet[CINEpisode]
    """Episodes open at any time in the year: referred by its end and not closed before it
    began. A referral with no further action is done on the day: it counts in the year of
    its referral only (CIN census 8569Q), unless a closure date says otherwise."""
    return CINEpisode.objects.filter(referral_date__lte=period.end).filter(
        Q(closure_date__gte=period.start)
        | Q(closure_date__isnull=True, referral_nfa=False)
        | Q(closure_date__isnull=True, referral_date__gte=period.start)
    )


def _child_key(child: CensusChild) -> tuple[str | int, ...]:
    """Natural order of case numbers: "99" before "100", "A9" before "A10"."""
    parts = re.split(r"(\d+)", child.la_child_id)
    # re.split alternates text and digits, so the types line up between keys.
    return tuple(int(p) if i % 2 else p for i, p in enumerate(parts))


def load_census(period: CensusPeriod, progress: Progress | None = None) -> list[CensusChild]:
    """Every child in the census, ordered by LAchildID, each with the episodes to report."""
    report = progress or (lambda stage, done, total: None)
    step = 0

    def read() -> None:
        nonlocal step
        step += 1
        report(READING, step, QUERY_STAGES)

    report(READING, 0, QUERY_STAGES)
    episode_qs = _episodes_in(period)
    episode_ids = episode_qs.values("pk")
    end = period.end

    episodes: dict[int, CensusEpisode] = {}
    episodes_of: dict[int, list[CensusEpisode]] = defaultdict(list)
    for pk, child_id, referral, source, need, closed, reason, nfa in episode_qs.order_by(
        "referral_date", "pk"
    ).values_list(
        "pk",
        "child_id",
        "referral_date",
        "referral_source",
        "primary_need",
        "closure_date",
        "closure_reason",
        "referral_nfa",
    ):
        closure = period.by_end(closed)
        episode = CensusEpisode(
            referral_date=referral,
            source=source,
            primary_need=need,
            closure_date=closure,
            # CIN census 8805/8810: a reason with its date, never one without the other.
            closure_reason=reason if closure else "",
            referral_nfa=nfa,
        )
        episodes[pk] = episode
        episodes_of[child_id].append(episode)
    read()

    children: list[CensusChild] = []
    by_id: dict[int, CensusChild] = {}
    for (
        pk,
        case_number,
        upn,
        upn_unknown,
        born,
        expected,
        sex,
        died,
        ethnicity,
    ) in Person.objects.filter(pk__in=episode_qs.values("child_id")).values_list(
        "pk",
        "case_number",
        "upn",
        "upn_unknown_reason",
        "date_of_birth",
        "expected_date_of_birth",
        "sex",
        "date_of_death",
        "ethnicity",
    ):
        if born is not None and born > end:
            # Born after 31 March: unborn as at the reference date (CIN census 8520). The
            # date the child was born stands in for the date they were expected.
            born, expected = None, born
        child = CensusChild(
            la_child_id=case_number,
            upn=upn.upper(),
            upn_unknown="" if upn else upn_unknown,
            birth_date=born,
            expected_birth_date=None if born else expected,
            sex=sex,
            death_date=period.by_end(died),
            ethnicity=ethnicity,
            disabilities=[],
            episodes=episodes_of[pk],
        )
        children.append(child)
        by_id[pk] = child
    read()

    codes: dict[int, set[str]] = defaultdict(set)
    for person_id, code in PersonDisability.objects.filter(
        person_id__in=episode_qs.values("child_id")
    ).values_list("person_id", "code"):
        codes[person_id].add(code)
    for pk, child in by_id.items():
        found = codes.get(pk, set())
        if len(found) > 1:
            found.discard(Disability.NONE)  # CIN census 8790: NONE stands alone
        child.disabilities = sorted(found, key=lambda c: _DISABILITY_ORDER.get(c, 99))
    read()

    for episode_id, start, authorised, factors in (
        Assessment.objects.filter(episode_id__in=episode_ids, start_date__lte=end)
        .order_by("start_date", "pk")
        .values_list("episode_id", "start_date", "authorised_on", "factors")
    ):
        done = period.by_end(authorised)
        # CIN census 8696: a completed assessment is reported in the year it was authorised;
        # 8736: one still open at 31 March, in the year it started.
        if (done is None and start < period.start) or (done is not None and done < period.start):
            continue
        episodes[episode_id].assessments.append(
            CensusAssessment(
                start=start,
                authorised=done,
                # CIN census 8614: factors only on a completed assessment; 8898: each once.
                factors=list(dict.fromkeys(factors)) if done else [],
            )
        )
    read()

    for episode_id, start, ended in (
        ChildInNeedPlan.objects.filter(episode_id__in=episode_ids, start_date__lte=end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=period.start))
        .order_by("start_date", "pk")
        .values_list("episode_id", "start_date", "end_date")
    ):
        # CIN census 4010/4013: started by 31 March; an end date only within the year.
        episodes[episode_id].cin_plans.append(CensusCINPlan(start=start, end=period.by_end(ended)))
    read()

    for episode_id, start, target, completed, not_required, conference_on in (
        Section47Enquiry.objects.filter(episode_id__in=episode_ids, start_date__lte=end)
        .order_by("start_date", "pk")
        .values_list(
            "episode_id",
            "start_date",
            "conference_target_date",
            "completed_on",
            "conference_not_required",
            "conference__held_on",
        )
    ):
        icpc = period.by_end(conference_on)
        # CIN census 8715: an enquiry's conference is reported in the year it was held;
        # 8740: an enquiry with no conference by 31 March, in the year it started.
        if not (period.within(icpc) or (icpc is None and start >= period.start)):
            continue
        episodes[episode_id].section47s.append(
            CensusSection47(
                start=start,
                target=target,
                icpc=icpc,
                not_required=bool(not_required and period.by_end(completed) and icpc is None),
            )
        )
    read()

    plans: dict[int, CensusCPP] = {}
    for pk, episode_id, start, ended, initial, latest, previous in (
        ChildProtectionPlan.objects.filter(episode_id__in=episode_ids, start_date__lte=end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=period.start))
        .order_by("start_date", "pk")
        .values_list(
            "pk",
            "episode_id",
            "start_date",
            "end_date",
            "initial_category",
            "latest_category",
            "previous_plans",
        )
    ):
        plan = CensusCPP(
            start=start,
            # CIN census 8930: an end date only within the year.
            end=period.by_end(ended),
            initial_category=initial,
            latest_category=latest or initial,
            previous=previous,
        )
        plans[pk] = plan
        episodes[episode_id].cp_plans.append(plan)
    read()

    # Review conferences set the latest category; initial conferences with no enquiry
    # (a transfer-in) give the episode's own DateOfInitialCPC.
    later_reviews: set[int] = set()
    category_by_end: dict[int, str] = {}
    for episode_id, kind, plan_id, held_on, category in (
        Conference.objects.filter(episode_id__in=episode_ids)
        .filter(
            Q(kind=ConferenceKind.REVIEW)
            | Q(
                kind__in=[ConferenceKind.INITIAL, ConferenceKind.TRANSFER_IN],
                enquiry__isnull=True,
            )
        )
        .order_by("held_on", "pk")
        .values_list("episode_id", "kind", "plan_id", "held_on", "category")
    ):
        if kind == ConferenceKind.REVIEW:
            reviewed = plans.get(plan_id)
            if reviewed is None:
                continue
            if held_on > end:
                later_reviews.add(plan_id)
                continue
            if category:
                category_by_end[plan_id] = category
            if held_on >= period.start:
                reviewed.reviews.append(held_on)
        elif period.within(held_on):
            # CIN census 2883/2885: the conference the transfer-in plan started at, in year.
            episodes[episode_id].icpc = held_on
    for plan_id in later_reviews:
        # A review after 31 March may have changed the category since: the latest one as
        # at the reference date is the last review's by then, or else the initial one.
        plan = plans[plan_id]
        plan.latest_category = category_by_end.get(plan_id, plan.initial_category)
    read()

    for episode in episodes.values():
        _no_initial_conference_during_a_plan(episode)
    children.sort(key=_child_key)
    return children


def _no_initial_conference_during_a_plan(episode: CensusEpisode) -> None:
    """An enquiry begun while the child is already subject to a protection plan cannot
    lead to an initial conference (the plan's review conference hears it): its ICPC is
    not required from the start. Validator 2885 otherwise takes it for the enquiry that
    should have started the plan (a transfer-in's, say) and rejects the plan's start."""
    if not episode.cp_plans:
        return
    for enquiry in episode.section47s:
        if enquiry.icpc is not None or enquiry.not_required:
            continue
        if any(
            plan.start <= enquiry.start and (plan.end is None or enquiry.start < plan.end)
            for plan in episode.cp_plans
        ):
            enquiry.not_required = True
