"""Plan children's journeys through the front door, day by day, over several years.

The plan is made entirely in memory, with one seeded ``random.Random``, before anything
is written: so the same seed and as-of date always give the same authority, the rates
can be checked without a database (tests/synth/test_calibration.py), and the writer
(``writer.py``) only has to replay it through the services.

Each day brings contacts (a Poisson number, fewer at weekends). A contact either
becomes a referral (~22%: 4,150 referrals from ~19,000 contacts a year at Cheshire
East's size) or is decided as no further action, information and advice, or early
help. A referral is planned to its end at once: allocation, the assessment (mean 33
working days, 17% beyond the 45-day timescale), its outcome, a transfer to a child in
need team, visits, notes, supervision, and closure, with about 22.6% of referrals
coming back within 12 months of a previous one. What has not happened by the as-of
date is cut off, so open contacts, open assessments and open cases fill the worklists.
"""

from __future__ import annotations

import math
import random
import uuid
from collections import deque
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import bisect

from opencsc.core import working_days
from opencsc.core.working_days import LONDON, contact_decision_due
from opencsc.synth import calibration as cal
from opencsc.synth.organisation import (
    DISABLED_CHILDREN,
    FRONT_DOOR,
    OUT_OF_HOURS,
    OrgPlan,
    PlannedTeam,
    PlannedWorker,
)
from opencsc.synth.population import Family, PlannedPerson, Population

__all__ = [
    "PlannedInfo",
    "PlannedEarlyHelp",
    "PlannedAssessment",
    "PlannedReferral",
    "PlannedContact",
    "Plan",
    "plan_journeys",
    "poisson",
]

_FAR = date.max


def poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    if lam > 30:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def at(d: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(d, time(hour, minute), tzinfo=LONDON)


class WorkingCalendar:
    """``core.working_days`` answers, from a precomputed list of working days.

    The planner asks hundreds of thousands of working-day questions; counting day by day
    each time made planning Cheshire East take half a minute. The answers are the same
    (tests/synth/test_calibration.py checks them against core.working_days).
    """

    def __init__(self, first: date, last: date) -> None:
        days, d = [], first
        while d <= last:
            if working_days.is_working_day(d):
                days.append(d)
            d += timedelta(days=1)
        self.days = days
        self.first, self.last = days[0], days[-1]
        self._set = set(days)

    def is_working_day(self, d: date) -> bool:
        if self.first <= d <= self.last:
            return d in self._set
        return working_days.is_working_day(d)

    def add(self, start: date, n: int) -> date:
        """``add_working_days``: the n-th working day after ``start`` (day 0)."""
        if not (self.first <= start and start + timedelta(days=2 * n + 14) <= self.last):
            return working_days.add_working_days(start, n)
        i = bisect.bisect_right(self.days, start)  # first working day after start
        if n == 0:
            return start if start in self._set else self.days[i]
        return self.days[i + n - 1]

    def next(self, d: date) -> date:
        return self.add(d, 1)

    def on_or_after(self, d: date) -> date:
        return self.add(d, 0)

    def before(self, d: date, n: int) -> date:
        """The n-th working day before ``d`` (``d`` itself when n == 0)."""
        if n == 0:
            return d
        if not (self.first + timedelta(days=2 * n + 14) <= d <= self.last):
            while n > 0:
                d -= timedelta(days=1)
                if working_days.is_working_day(d):
                    n -= 1
            return d
        i = bisect.bisect_left(self.days, d)  # working days strictly before d: [0, i)
        return self.days[i - n]


_CAL: WorkingCalendar | None = None


def add_working_days(start: date, n: int) -> date:
    return _CAL.add(start, n) if _CAL else working_days.add_working_days(start, n)


def is_working_day(d: date) -> bool:
    return _CAL.is_working_day(d) if _CAL else working_days.is_working_day(d)


def next_working_day(d: date) -> date:
    return add_working_days(d, 1)


def working_day_on_or_after(d: date) -> date:
    return add_working_days(d, 0)


# --------------------------------------------------------------------------
# What is planned
# --------------------------------------------------------------------------


@dataclass(slots=True, eq=False)
class PlannedInfo:
    agency: str
    requested_at: datetime
    received_at: datetime | None


@dataclass(slots=True, eq=False)
class PlannedEarlyHelp:
    start_date: date
    assessment_start: date | None
    assessment_completed: date | None
    end_date: date | None
    end_reason: str
    #: Opened by a closure (step-down) rather than by a contact decision.
    stepped_down: bool = False
    #: Ended by a referral (step-up): the referral's episode_open closes it.
    stepped_up: bool = False


@dataclass(slots=True, eq=False)
class PlannedAssessment:
    worker: PlannedWorker
    start_date: date
    due_date: date
    seen: list[tuple[date, bool]]
    outcome: str
    factors: list[str]
    #: Dates of each submission; a return (with comments) sits between two submissions.
    submitted_on: list[date]
    returned_on: list[date]
    authorised_on: date | None
    authoriser: PlannedWorker


@dataclass(slots=True, eq=False)
class PlannedReferral:
    referral_date: date
    team: PlannedTeam
    primary_need: str
    nfa: bool
    #: (start date, team, worker, reason): the first is the allocation to a worker in
    #: the team the front door chose; later ones are transfers.
    allocations: list[tuple[date, PlannedTeam, PlannedWorker, str]] = field(default_factory=list)
    assessment: PlannedAssessment | None = None
    notes: list[tuple[date, str, PlannedWorker]] = field(default_factory=list)
    oversights: list[tuple[date, str, PlannedWorker]] = field(default_factory=list)
    supervisions: list[tuple[date, PlannedWorker, PlannedWorker]] = field(default_factory=list)
    closure_date: date | None = None
    closure_reason: str = ""
    step_down: PlannedEarlyHelp | None = None


@dataclass(slots=True, eq=False)
class PlannedContact:
    key: int
    child: PlannedPerson
    received_at: datetime
    source: str
    via: str
    out_of_hours: bool
    taker: PlannedWorker
    consent: str
    group_ref: uuid.UUID | None
    info: list[PlannedInfo] = field(default_factory=list)
    handover_at: datetime | None = None
    handover_by: PlannedWorker | None = None
    #: None while the contact is still awaiting a decision at the as-of date.
    decision: str | None = None
    threshold: str = ""
    decided_at: datetime | None = None
    decider: PlannedWorker | None = None
    primary_need: str = ""
    allocate_team: PlannedTeam | None = None
    referral: PlannedReferral | None = None
    early_help: PlannedEarlyHelp | None = None
    #: Early help closed because this referral stepped the child up (end date = referral).
    steps_up: PlannedEarlyHelp | None = None
    #: A contact about a child whose case is open: passed to the allocated worker.
    open_case: bool = False
    #: Decided before every required agency answered (the decider says why).
    without_info: bool = False


@dataclass(slots=True)
class Plan:
    first_day: date
    as_of: date
    cutoff: datetime
    org: OrgPlan
    families: list[Family]
    contacts: list[PlannedContact]

    @property
    def children(self) -> list[PlannedPerson]:
        return [c for f in self.families for c in f.children if c.needed]


# --------------------------------------------------------------------------
# Child state while planning
# --------------------------------------------------------------------------


@dataclass(slots=True)
class _State:
    episode_end: date | None = None  # closure date of the last episode (_FAR if open)
    last_referral: date | None = None
    eh: PlannedEarlyHelp | None = None
    busy_until: datetime | None = None  # a contact awaiting decision


class _Caseloads:
    """Open allocations per worker, to allocate to whoever has the fewest (per FTE)."""

    def __init__(self) -> None:
        self.intervals: dict[int, list[tuple[date, date]]] = {}
        self.pruned: dict[int, date] = {}
        self.today = date.min

    def advance(self, today: date) -> None:
        self.today = today

    def load(self, worker: PlannedWorker, on: date) -> int:
        spans = self.intervals.get(worker.key)
        if not spans:
            return 0
        if self.pruned.get(worker.key) != self.today:
            # Every later question is about today or after: ended cases can go.
            today = self.today
            spans[:] = [(s, e) for s, e in spans if e >= today]
            self.pruned[worker.key] = today
        return sum(1 for s, e in spans if s <= on < e)

    def choose(self, team: PlannedTeam, on: date, rng: random.Random) -> PlannedWorker:
        return min(
            team.workers,
            key=lambda w: (self.load(w, on) + rng.random() * 1.5) / w.capacity,
        )

    def add(self, worker: PlannedWorker, start: date, end: date | None) -> None:
        self.intervals.setdefault(worker.key, []).append((start, end or _FAR))


# --------------------------------------------------------------------------
# The planner
# --------------------------------------------------------------------------

_VIA = {
    "6": cal.Weighted({"email": 50, "portal": 20, "api": 20, "phone": 10}),
    "2": cal.Weighted({"portal": 60, "phone": 30, "email": 10}),
    "3": cal.Weighted({"portal": 50, "phone": 30, "email": 20}),
    "1": cal.Weighted({"phone": 85, "in_person": 10, "portal": 5}),
    "other": cal.Weighted({"email": 40, "phone": 40, "portal": 20}),
}
_CONSENT_PROFESSIONAL = cal.Weighted(
    {"given": 52, "not_required_professional": 25, "refused": 5, "not_sought_risk": 8,
     "unable_to_contact": 6, "not_sought_crime": 2, "not_sought_delay": 2}
)
_CONSENT_INDIVIDUAL = cal.Weighted({"given": 40, "not_yet_asked": 50, "refused": 10})
# The checks the front door's decision waits for (frontdoor.services.REQUIRED_AGENCIES).
_REQUIRED_AGENCIES = ("police", "health", "education", "csc_history")
_CLOSURE_AFTER_PLAN = cal.Weighted({"RC7": 90, "RC5": 5, "RC3": 2, "RC4": 1.5, "RC1": 0.3,
                                    "RC6": 1.2})
_EH_END = cal.Weighted({"Outcomes achieved": 70, "Family declined further support": 15,
                        "Moved out of the area": 5, "Needs met by universal services": 10})


class _Planner:
    def __init__(self, *, profile: cal.SizeProfile, seed: int, as_of: date, now: datetime,
                 org: OrgPlan, rng: random.Random) -> None:
        self.profile = profile
        self.rng = rng
        self.as_of = as_of
        self.first_day = _years_before(as_of, profile.years) + timedelta(days=1)
        # Nothing happens after the as-of date, nor after the real clock (services refuse
        # the future): a few minutes' margin for the time the run itself takes.
        self.cutoff = min(at(as_of, 23, 59), now - timedelta(minutes=2))
        self.org = org
        self.population = Population(rng, first_day=self.first_day, last_day=as_of)
        self.state: dict[int, _State] = {}
        self.known: list[PlannedPerson] = []
        self.recent_referrals: deque[tuple[date, PlannedPerson]] = deque()
        self.contacts: list[PlannedContact] = []
        self.caseloads = _Caseloads()
        self.front_door = org.named(FRONT_DOOR)
        self.ooh = org.named(OUT_OF_HOURS)
        self.disabled = org.named(DISABLED_CHILDREN)
        self.assessment_teams = org.by_kind("assessment")
        self.cin_teams = org.by_kind("cin_cp")
        # Roughly a fifth of workers fall behind on recording supervision.
        self.behind = {w.key for t in org.teams for w in t.workers if rng.random() < 0.2}

    # -- helpers -------------------------------------------------------------

    def _st(self, child: PlannedPerson) -> _State:
        st = self.state.get(child.key)
        if st is None:
            st = self.state[child.key] = _State()
        return st

    def _age(self, child: PlannedPerson, on: date) -> float:
        born = child.date_of_birth or child.expected_date_of_birth
        assert born is not None
        return (on - born).days / 365.25

    def _area_team(self, teams: list[PlannedTeam], family: Family) -> PlannedTeam:
        matching = [t for t in teams if t.locality == family.locality % min(4, len(teams))]
        if not matching:
            matching = teams
        return matching[family.key % len(matching)]

    def _new_child(self, d: date, *, referral: bool) -> list[PlannedPerson]:
        """A child (or siblings) not known before: a new family."""
        rng = self.rng
        pop = self.population
        if referral and rng.random() < 0.025:
            family = pop.new_family(eldest_age_on=d, eldest_age=rng.uniform(1.5, 12))
            child = pop.unborn_child(family, expected=d + timedelta(days=rng.randint(20, 150)))
            return [child]
        family = pop.new_family(eldest_age_on=d, eldest_age=cal.sample_age_at_contact(rng))
        born = [c for c in family.children if c.date_of_birth and c.date_of_birth <= d]
        if len(born) > 1 and rng.random() < (0.35 if referral else 0.2):
            return born
        return [born[0]]

    def _known_child(self, d: date, *, referral: bool) -> PlannedPerson | None:
        rng = self.rng
        if not self.known:
            return None
        for _ in range(6):
            child = self.known[rng.randrange(len(self.known))]
            if self._age(child, d) >= (17.5 if referral else 17.9):
                continue
            st = self._st(child)
            if referral:
                if st.episode_end is not None and st.episode_end >= d:
                    continue
                if st.last_referral is not None and st.last_referral > _years_before(d, 1):
                    continue  # that would be a re-referral, drawn separately
                if st.busy_until is not None and st.busy_until >= at(d, 0):
                    continue
            return child
        return None

    def _re_referral_child(self, d: date) -> PlannedPerson | None:
        rng = self.rng
        year_ago = _years_before(d, 1)
        while self.recent_referrals and self.recent_referrals[0][0] <= year_ago:
            self.recent_referrals.popleft()
        if not self.recent_referrals:
            return None
        for _ in range(10):
            when, child = self.recent_referrals[rng.randrange(len(self.recent_referrals))]
            st = self._st(child)
            if st.last_referral != when or st.episode_end is None or st.episode_end >= d:
                continue
            if st.busy_until is not None and st.busy_until >= at(d, 0):
                continue
            if self._age(child, d) >= 17.5:
                continue
            return child
        return None

    # -- a day -----------------------------------------------------------------

    def run(self) -> Plan:
        scale = self.profile.children
        referrals_a_day = cal.REFERRALS_PER_CHILD_YEAR * scale / 365.25
        others_a_day = (cal.CONTACTS_PER_CHILD_YEAR - cal.REFERRALS_PER_CHILD_YEAR) * scale / 365.25
        # Weekends and bank holidays bring about a quarter of a working day's contacts.
        working = 5 / 7
        norm = 1 / (working + (1 - working) * 0.25)
        d = self.first_day
        while d <= self.as_of:
            self.caseloads.advance(d)
            factor = norm * (1.0 if is_working_day(d) else 0.25)
            if d.month == 8:
                factor *= 0.85  # school holidays: fewer contacts from schools
            for _ in range(poisson(self.rng, referrals_a_day * factor)):
                self._contact_event(d, referral=True)
            for _ in range(poisson(self.rng, others_a_day * factor)):
                self._contact_event(d, referral=False)
            d += timedelta(days=1)
        self.contacts.sort(key=lambda c: (c.received_at, c.key))
        families = [f for f in self.population.families if any(c.needed for c in f.children)]
        return Plan(
            first_day=self.first_day,
            as_of=self.as_of,
            cutoff=self.cutoff,
            org=self.org,
            families=families,
            contacts=self.contacts,
        )

    def _contact_event(self, d: date, *, referral: bool) -> None:
        rng = self.rng
        children: list[PlannedPerson] | None = None
        if referral and rng.random() < cal.RE_REFERRAL_RATE:
            child = self._re_referral_child(d)
            children = [child] if child else None
        if children is None and rng.random() < (0.25 if referral else 0.45):
            child = self._known_child(d, referral=referral)
            children = [child] if child else None
        if children is None:
            children = self._new_child(d, referral=referral)
        source = (cal.REFERRAL_SOURCES if referral else cal.NON_REFERRAL_SOURCES).draw(rng)
        ooh = not is_working_day(d) or rng.random() < 0.035
        if ooh:
            hour = cal.sample_hour(rng, out_of_hours=True)
            if is_working_day(d) and 9 <= hour < 17:
                hour = 18
        else:
            hour = cal.sample_hour(rng, out_of_hours=False)
        received_at = at(d, hour, rng.randrange(60))
        if received_at > self.cutoff:
            return
        group_ref = uuid.UUID(int=rng.getrandbits(128), version=4) if len(children) > 1 else None
        # Siblings' contacts share one decision time, decider and (for referrals) need.
        shared = _Shared(rng, self, received_at, ooh, source)
        for child in children:
            self._contact(child, d, received_at, source, ooh, group_ref, referral, shared)

    def _contact(self, child: PlannedPerson, d: date, received_at: datetime, source: str,
                 ooh: bool, group_ref: uuid.UUID | None, referral: bool,
                 shared: _Shared) -> None:
        rng = self.rng
        if not child.needed:
            first_of_family = not any(c.needed for c in child.family.children)  # type: ignore[union-attr]
            self.population.mark_needed(child, on=d)
            if first_of_family:
                self.population.parent_identifiers(child.family)  # type: ignore[arg-type]
            self.known.append(child)
        st = self._st(child)
        group = source if source in ("6",) else (source[:1] if source[:1] in "123" else "other")
        consent = (_CONSENT_INDIVIDUAL if group == "1" else _CONSENT_PROFESSIONAL).draw(rng)
        contact = PlannedContact(
            key=len(self.contacts) + 1,
            child=child,
            received_at=received_at,
            source=source,
            via=_VIA[group].draw(rng),
            out_of_hours=ooh,
            taker=shared.taker,
            consent=consent,
            group_ref=group_ref,
        )
        self.contacts.append(contact)
        child.contacts.append(contact)
        if ooh:
            contact.handover_at = shared.handover_at
            contact.handover_by = shared.taker
        decided_at = shared.decided_at
        self._checks(contact, referral, shared)
        if decided_at is None or decided_at > self.cutoff:
            # Still awaiting a decision at the as-of date: on the front door's worklist.
            st.busy_until = _max_dt(st.busy_until, decided_at or self.cutoff)
            return
        contact.decided_at = decided_at
        contact.decider = shared.decider
        decided_on = decided_at.astimezone(LONDON).date()
        open_case = st.episode_end is not None and st.episode_end >= decided_on
        if referral and not open_case:
            self._decide_referral(contact, decided_on, shared)
        else:
            self._decide_other(contact, decided_on, open_case)

    def _checks(self, contact: PlannedContact, referral: bool, shared: _Shared) -> None:
        """Checks with partner agencies (WT2023 ch.2-3). Before a referral the front door
        asks police, health, education and its own records; most other contacts are
        decided on what the referrer said, the decider recording why checks were not
        proportionate. A strategy discussion does not wait for them."""
        rng = self.rng
        decided_at = shared.decided_at
        start = contact.handover_at or contact.received_at
        if referral:
            agencies = list(_REQUIRED_AGENCIES)
            if shared.strategy or rng.random() < 0.15:
                agencies = rng.sample(agencies, rng.randint(1, 3))
            if rng.random() < 0.2:
                agencies.append(rng.choice(["gp", "health_visitor", "housing", "probation"]))
        elif rng.random() < 0.25:
            agencies = rng.sample(_REQUIRED_AGENCIES, rng.choice([1, 1, 2]))
        else:
            agencies = []
        end = decided_at if decided_at is not None else self.cutoff
        window = max(60.0, (end - start).total_seconds() / 60)
        answered = set()
        for agency in agencies:
            requested = start + timedelta(minutes=rng.uniform(5, max(6, window * 0.3)))
            if requested > self.cutoff:
                continue
            back: datetime | None = requested + timedelta(
                minutes=rng.uniform(10, max(11, window * 0.6))
            )
            if decided_at is not None and back >= decided_at:  # type: ignore[operator]
                back = None if referral and shared.strategy else decided_at - timedelta(minutes=1)
            if back is not None and (back > self.cutoff or back < requested):
                back = None
            if back is not None:
                answered.add(agency)
            contact.info.append(PlannedInfo(agency, requested, back))
        contact.without_info = not set(_REQUIRED_AGENCIES) <= answered

    # -- decisions -----------------------------------------------------------------

    def _decide_other(self, contact: PlannedContact, decided_on: date, open_case: bool) -> None:
        rng = self.rng
        st = self._st(contact.child)
        decision = cal.NON_REFERRAL_DECISIONS.draw(rng)
        if open_case:
            decision = "information_advice"
            contact.open_case = True
        elif decision == "early_help" and st.eh is not None and (
            st.eh.end_date is None or st.eh.end_date >= decided_on
        ):
            decision = "information_advice"
        contact.decision = decision
        # A contact on an open case is passed to the allocated team and closed with advice;
        # "universal" keeps that decision valid whether or not the case is still open by
        # the time the contact is recorded.
        contact.threshold = "early_help" if decision == "early_help" else "universal"
        if decision == "early_help":
            eh = self._early_help(decided_on)
            contact.early_help = eh
            st.eh = eh

    def _early_help(self, start: date, *, stepped_down: bool = False) -> PlannedEarlyHelp:
        rng = self.rng
        a_start = start + timedelta(days=rng.randint(3, 15))
        a_done = a_start + timedelta(days=rng.randint(10, 40))
        end = start + timedelta(days=max(40, round(rng.lognormvariate(math.log(150), 0.45))))
        eh = PlannedEarlyHelp(
            start_date=start,
            assessment_start=a_start if a_start <= self.as_of else None,
            assessment_completed=a_done if a_done <= self.as_of else None,
            end_date=end if end <= self.as_of else None,
            end_reason=_EH_END.draw(rng) if end <= self.as_of else "",
            stepped_down=stepped_down,
        )
        if eh.end_date is not None:
            # The early help assessment is done by the time early help ends.
            eh.assessment_start = min(a_start, eh.end_date)
            eh.assessment_completed = min(a_done, eh.end_date)
        return eh

    def _decide_referral(self, contact: PlannedContact, referral_date: date,
                         shared: _Shared) -> None:
        rng = self.rng
        child = contact.child
        st = self._st(child)
        family = child.family
        assert family is not None
        strategy = shared.strategy
        contact.decision = "strategy_discussion" if strategy else "referral"
        contact.threshold = "child_protection" if strategy else "child_in_need"
        need = shared.need
        if child.disabilities and rng.random() < 0.5:
            need = "N2"
        if need == "N2" and not child.disabilities and child.date_of_birth is not None:
            child.disabilities = cal.sample_disabilities(rng)
        elif not child.disabilities and child.date_of_birth is not None and (
            rng.random() < cal.DISABILITY_RATE_CIN * 0.9
        ):
            child.disabilities = cal.sample_disabilities(rng)
        contact.primary_need = need
        team = self.disabled if need == "N2" else self._area_team(self.assessment_teams, family)
        contact.allocate_team = team
        # An open early help episode ends when the child is stepped up.
        if st.eh is not None and (st.eh.end_date is None or st.eh.end_date >= referral_date):
            st.eh.end_date = referral_date
            st.eh.end_reason = "Stepped up to children's social care"
            if st.eh.assessment_completed and st.eh.assessment_completed > referral_date:
                st.eh.assessment_completed = referral_date
            if st.eh.assessment_start and st.eh.assessment_start > referral_date:
                st.eh.assessment_start = st.eh.assessment_completed = None
            st.eh.stepped_up = True
            contact.steps_up = st.eh
            st.eh = None
        nfa = not strategy and rng.random() < cal.REFERRAL_NFA_RATE / (
            1 - cal.STRATEGY_AT_FRONT_DOOR_RATE
        )
        ref = PlannedReferral(referral_date=referral_date, team=team, primary_need=need, nfa=nfa)
        contact.referral = ref
        if nfa:
            # No assessment, so not RC8 (which needs an authorised one): services ended.
            closure = add_working_days(referral_date, rng.choice([0, 0, 1, 2]))
            ref.closure_date, ref.closure_reason = closure, "RC7"
        else:
            self._plan_episode(ref, child, strategy=strategy)
        st.last_referral = referral_date
        st.episode_end = ref.closure_date or _FAR
        self.recent_referrals.append((referral_date, child))
        self._truncate(ref)
        if ref.step_down is not None:
            st.eh = ref.step_down

    def _plan_episode(self, ref: PlannedReferral, child: PlannedPerson, *, strategy: bool) -> None:
        rng = self.rng
        family = child.family
        assert family is not None
        team = ref.team
        alloc_on = add_working_days(ref.referral_date, rng.choice([0, 0, 0, 1, 1, 2]))
        worker = self.caseloads.choose(team, alloc_on, rng)
        ref.allocations.append((alloc_on, team, worker, "Allocated for assessment"))
        ref.oversights.append((alloc_on, "allocation", team.manager))  # type: ignore[arg-type]
        # The assessment.
        total_wd = cal.assessment_working_days(rng)
        start_wd = min(cal.assessment_start_delay(rng), total_wd - 2)
        start = max(add_working_days(ref.referral_date, start_wd), alloc_on)
        authorise = add_working_days(ref.referral_date, total_wd)
        if strategy:
            outcome = cal.Weighted(
                {"nfa": 18, "early_help": 7, "cin_plan": 40, "strategy_discussion": 35}
            ).draw(rng)
        else:
            outcome = cal.ASSESSMENT_OUTCOMES.draw(rng)
        age = self._age(child, start)
        seen = [(add_working_days(start, rng.randint(0, 4)), age >= 4 and rng.random() < 0.75)]
        if total_wd > 20 and rng.random() < 0.5:
            seen.append((add_working_days(seen[0][0], rng.randint(5, 15)), age >= 4))
        last_submit = max(start, _working_days_before(authorise, rng.choice([0, 1, 1, 2, 3])))
        seen = [(s, alone) for s, alone in seen if s <= last_submit] or [(start, False)]
        submitted = [last_submit]
        returned: list[date] = []
        if rng.random() < 0.12:
            first = _working_days_before(last_submit, rng.randint(3, 6))
            if first > seen[0][0] and next_working_day(first) <= last_submit:
                returned = [next_working_day(first)]
                submitted = [first, last_submit]
        assessment = PlannedAssessment(
            worker=worker,
            start_date=start,
            due_date=add_working_days(ref.referral_date, working_days.ASSESSMENT_WORKING_DAYS),
            seen=seen,
            outcome=outcome,
            factors=cal.sample_factors(rng, need=ref.primary_need, outcome=outcome),
            submitted_on=submitted,
            returned_on=returned,
            authorised_on=authorise,
            authoriser=team.manager,  # type: ignore[arg-type]
        )
        ref.assessment = assessment
        for s, _ in seen:
            ref.notes.append((s, "home_visit", worker))
        if rng.random() < 0.35:
            ref.notes.append((add_working_days(start, rng.randint(1, 10)), "phone_call", worker))
        if rng.random() < 0.25:
            ref.notes.append((add_working_days(start, 1), "case_note", worker))
        ref.oversights.append((authorise, "outcome", team.manager))  # type: ignore[arg-type]
        self._supervise(ref, worker, team, alloc_on, authorise)
        if outcome in ("nfa", "early_help"):
            close = add_working_days(authorise, rng.choice([0, 0, 1, 2, 3]))
            ref.notes = [n for n in ref.notes if n[0] <= close]
            ref.closure_date = close
            ref.closure_reason = "RC8" if outcome == "nfa" else "RC9"
            if rng.random() < 0.4:
                ref.notes.append((close, "correspondence", worker))
            if outcome == "early_help":
                ref.step_down = self._early_help(close, stepped_down=True)
            self.caseloads.add(worker, alloc_on, close)
            return
        # A child in need plan or child protection: the case moves to a long-term team
        # (disabled children's cases stay with their own team).
        disabled = team.name == DISABLED_CHILDREN
        days = cal.cin_plan_days(rng, disabled=disabled)
        if outcome == "strategy_discussion":
            days = round(days * 1.5)
        end = authorise + timedelta(days=days)
        eighteen = _years_after(child.date_of_birth or child.expected_date_of_birth, 18)
        reason = _CLOSURE_AFTER_PLAN.draw(rng)
        if reason == "RC6" and not disabled:
            reason = "RC7"
        if end >= eighteen:
            end = eighteen - timedelta(days=1)
            reason = "RC6" if disabled else "RC7"
        end = max(end, authorise)
        if disabled:
            cin_team, cin_worker, transfer = team, worker, authorise
            self.caseloads.add(worker, alloc_on, end)
        else:
            cin_team = self._area_team(self.cin_teams, family)
            transfer = add_working_days(authorise, rng.randint(2, 12))
            if transfer >= end:
                transfer = authorise
            cin_worker = self.caseloads.choose(cin_team, transfer, rng)
            ref.allocations.append((transfer, cin_team, cin_worker, "Transfer to long-term team"))
            ref.oversights.append((transfer, "allocation", cin_team.manager))  # type: ignore[arg-type]
            self.caseloads.add(worker, alloc_on, transfer)
            self.caseloads.add(cin_worker, transfer, end)
        # Visits and meetings while the plan lasts.
        d = add_working_days(transfer, rng.randint(5, 15))
        last_meeting = transfer
        while d < end:
            ref.notes.append((d, "home_visit", cin_worker))
            if (d - last_meeting).days > 110:
                ref.notes.append((d, "meeting", cin_worker))
                ref.oversights.append((d, "review", cin_team.manager))  # type: ignore[arg-type]
                last_meeting = d
            d = add_working_days(d, rng.randint(35, 60))
        self._supervise(ref, cin_worker, cin_team, transfer, end)
        ref.closure_date, ref.closure_reason = end, reason
        ref.notes = [n for n in ref.notes if n[0] <= end]
        if rng.random() < 0.5:
            ref.notes.append((end, "correspondence", cin_worker))
        if reason == "RC7" and rng.random() < 0.2:
            # Services ended, with early help to keep things on track (a step-down).
            ref.step_down = self._early_help(end, stepped_down=True)

    def _supervise(self, ref: PlannedReferral, worker: PlannedWorker, team: PlannedTeam,
                   start: date, end: date) -> None:
        """Case supervision every seven to thirteen weeks; some workers fall behind, so
        some cases' last supervision is months old."""
        rng = self.rng
        gap = (90, 150) if worker.key in self.behind else (50, 90)
        d = start + timedelta(days=rng.randint(*gap))
        while d < end:
            held = working_day_on_or_after(d)
            if held < end:
                ref.supervisions.append((held, team.manager, worker))  # type: ignore[arg-type]
            d += timedelta(days=rng.randint(*gap))

    def _truncate(self, ref: PlannedReferral) -> None:
        """Cut off what has not happened by the as-of date."""
        as_of = self.as_of
        ref.allocations = [a for a in ref.allocations if a[0] <= as_of]
        ref.notes = sorted((n for n in ref.notes if n[0] <= as_of), key=lambda n: n[0])
        ref.oversights = [o for o in ref.oversights if o[0] <= as_of]
        ref.supervisions = [s for s in ref.supervisions if s[0] <= as_of]
        if ref.closure_date is not None and ref.closure_date > as_of:
            ref.closure_date, ref.closure_reason = None, ""
        if ref.step_down is not None and ref.closure_date is None:
            ref.step_down = None
        a = ref.assessment
        if a is None:
            return
        if a.start_date > as_of:
            ref.assessment = None
            return
        a.seen = [s for s in a.seen if s[0] <= as_of]
        if a.authorised_on is not None and a.authorised_on > as_of:
            a.authorised_on = None
            a.submitted_on = [s for s in a.submitted_on if s <= as_of]
            a.returned_on = [r for r in a.returned_on if r <= as_of]
            # A return always comes after its submission.
            a.returned_on = a.returned_on[: len(a.submitted_on)]


class _Shared:
    """What sibling contacts received together have in common."""

    def __init__(self, rng: random.Random, planner: _Planner, received_at: datetime, ooh: bool,
                 source: str) -> None:
        self.taker = rng.choice(planner.ooh.workers if ooh else planner.front_door.workers)
        fd = planner.front_door
        self.decider = fd.manager if rng.random() < 0.3 else rng.choice(fd.workers)
        self.handover_at: datetime | None = None
        start = received_at
        if ooh:
            day = received_at.date()
            if received_at.hour < 9 and is_working_day(day):
                handover_day = day
            else:
                handover_day = next_working_day(day)
            self.handover_at = max(
                at(handover_day, 8, rng.randint(30, 59)),
                received_at + timedelta(minutes=rng.randint(5, 20)),
            )
            start = self.handover_at
        self.decided_at: datetime | None = _decision_time(rng, received_at, start)
        self.strategy = rng.random() < cal.STRATEGY_AT_FRONT_DOOR_RATE
        self.need = cal.PRIMARY_NEEDS.draw(rng)
        if self.handover_at is not None and self.handover_at > planner.cutoff:
            self.handover_at = None
            self.decided_at = None


def _decision_time(rng: random.Random, received_at: datetime, start: datetime) -> datetime:
    """When the front door decides: mostly the same or next working day; ~10% late."""
    due = contact_decision_due(received_at)
    if rng.random() < cal.LATE_DECISION_RATE:
        late_day = add_working_days(due.date(), rng.choice([1, 1, 1, 2, 2, 3, 4]))
        return at(late_day, rng.randint(9, 16), rng.randrange(60))
    day = start.astimezone(LONDON).date()
    if is_working_day(day) and start.hour < 16 and rng.random() < 0.6:
        earliest = start + timedelta(minutes=30)
        latest = at(day, 17, 30)
        span = max(0, int((latest - earliest).total_seconds() // 60))
        return earliest + timedelta(minutes=rng.randint(0, span))
    next_day = due.date()
    candidate = at(next_day, rng.randint(9, 16), rng.randrange(60))
    return min(max(candidate, start + timedelta(minutes=30)), due - timedelta(minutes=1))


def _max_dt(a: datetime | None, b: datetime) -> datetime:
    return b if a is None or b > a else a


def _years_before(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year - years)
    except ValueError:  # 29 February
        return d.replace(year=d.year - years, day=28)


def _years_after(d: date | None, years: int) -> date:
    if d is None:
        return _FAR
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)


def _working_days_before(d: date, n: int) -> date:
    """The n-th working day before ``d`` (``d`` itself when n == 0)."""
    if _CAL is not None:
        return _CAL.before(d, n)
    while n > 0:
        d -= timedelta(days=1)
        if is_working_day(d):
            n -= 1
    return d


def plan_journeys(*, profile: cal.SizeProfile, seed: int, as_of: date, now: datetime,
                  org: OrgPlan, rng: random.Random) -> Plan:
    global _CAL
    first = _years_before(as_of, profile.years + 1)
    _CAL = WorkingCalendar(first, as_of + timedelta(days=6 * 366))
    try:
        return _Planner(profile=profile, seed=seed, as_of=as_of, now=now, org=org,
                        rng=rng).run()
    finally:
        _CAL = None
