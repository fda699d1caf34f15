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
need team, strategy discussions, enquiries, conferences, child protection and child in
need plans with their visits (``protection.py``), notes, supervision, and closure, with
about 22.6% of referrals coming back within 12 months of a previous one. What has not
happened by the as-of date is cut off, so open contacts, open assessments and open cases
fill the worklists.
"""

from __future__ import annotations

import random
import uuid
from collections import deque
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from opencsc.core.working_days import contact_decision_due
from opencsc.synth import calibration as cal
from opencsc.synth.calendar import (
    FAR,
    LONDON,
    WorkingCalendar,
    add_working_days,
    at,
    is_working_day,
    next_working_day,
    poisson,
    use_calendar,
    years_before,
)
from opencsc.synth.care import CarePlanning
from opencsc.synth.organisation import (
    DISABLED_CHILDREN,
    FRONT_DOOR,
    OUT_OF_HOURS,
    OrgPlan,
    PlannedTeam,
    PlannedWorker,
)
from opencsc.synth.plan import (
    Plan,
    PlannedAssessment,
    PlannedContact,
    PlannedEarlyHelp,
    PlannedInfo,
    PlannedReferral,
)
from opencsc.synth.population import Family, PlannedPerson, Population
from opencsc.synth.protection import ProtectionPlanning
from opencsc.synth.referrals import ReferralPlanning

__all__ = [
    "LONDON",
    "Plan",
    "PlannedAssessment",
    "PlannedContact",
    "PlannedEarlyHelp",
    "PlannedInfo",
    "PlannedReferral",
    "WorkingCalendar",
    "at",
    "plan_journeys",
    "poisson",
]


# --------------------------------------------------------------------------
# Child state while planning
# --------------------------------------------------------------------------


@dataclass(slots=True)
class _State:
    episode_end: date | None = None  # closure date of the last episode (FAR if open)
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
        self.intervals.setdefault(worker.key, []).append((start, end or FAR))


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
# A re-referral is one child; other referrals are sometimes siblings together, so a little
# over a quarter of referral events give ~22.6% of referrals (DfE) back within 12 months.
_RE_REFERRAL_ATTEMPT = 0.26


class _Planner(ReferralPlanning, ProtectionPlanning, CarePlanning):
    def __init__(self, *, profile: cal.SizeProfile, seed: int, as_of: date, now: datetime,
                 org: OrgPlan, rng: random.Random) -> None:
        self.profile = profile
        self.rng = rng
        self.as_of = as_of
        self.first_day = years_before(as_of, profile.years) + timedelta(days=1)
        # Nothing happens after the as-of date, nor after the real clock (services refuse
        # the future). When the as-of date is today, the authority is as it stood at the
        # start of the day, so that two runs on the same day give the same records.
        today = now.astimezone(LONDON).date()
        self.cutoff = at(as_of, 0, 0) if as_of >= today else at(as_of, 23, 59)
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
        self._care_init()

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
        """The area team for the family's locality: with four or more teams, those covering
        the locality; with fewer, the fourth locality is shared out between them."""
        loc = family.locality
        if len(teams) < 4:
            return teams[loc] if loc < len(teams) else teams[family.key % len(teams)]
        matching = [t for t in teams if t.locality == loc]
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
                if st.last_referral is not None and st.last_referral > years_before(d, 1):
                    continue  # that would be a re-referral, drawn separately
                if st.busy_until is not None and st.busy_until >= at(d, 0):
                    continue
            return child
        return None

    def _re_referral_child(self, d: date) -> PlannedPerson | None:
        rng = self.rng
        year_ago = years_before(d, 1)
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
        # Weekends and bank holidays bring about a quarter of a working day's contacts, and
        # August (school holidays) fewer; the weights average 1 over the window, so the
        # yearly totals stay those of DOMAIN.md section 6.
        days: list[tuple[date, float]] = []
        d = self.first_day
        while d <= self.as_of:
            weight = 1.0 if is_working_day(d) else 0.25
            days.append((d, weight * (0.85 if d.month == 8 else 1.0)))
            d += timedelta(days=1)
        norm = len(days) / sum(w for _, w in days)
        self._stock()
        over_referrals = over_others = 0
        for d, weight in days:
            self.caseloads.advance(d)
            factor = norm * weight
            # The day's number of contacts (not of events: a contact about three siblings
            # is three contacts).
            # A contact about siblings can take the day past its draw: the excess comes off
            # the next day's, or sibling groups would add ~10% to the yearly totals.
            budget = poisson(self.rng, referrals_a_day * factor) - over_referrals
            while budget > 0:
                budget -= self._contact_event(d, referral=True)
            over_referrals = -budget
            budget = poisson(self.rng, others_a_day * factor) - over_others
            while budget > 0:
                budget -= self._contact_event(d, referral=False)
            over_others = -budget
        self.contacts.sort(key=lambda c: (c.received_at, c.key))
        families = [f for f in self.population.families if any(c.needed for c in f.children)]
        return Plan(
            first_day=self.first_day,
            as_of=self.as_of,
            cutoff=self.cutoff,
            org=self.org,
            families=families,
            contacts=self.contacts,
            care_periods=self.care_periods,
        )

    def _contact_event(self, d: date, *, referral: bool) -> int:
        """One contact, about one child or several siblings; returns how many contacts."""
        rng = self.rng
        children: list[PlannedPerson] | None = None
        if referral and rng.random() < _RE_REFERRAL_ATTEMPT:
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
            return len(children)
        group_ref = uuid.UUID(int=rng.getrandbits(128), version=4) if len(children) > 1 else None
        # Siblings' contacts share one decision time, decider and (for referrals) need.
        shared = _Shared(rng, self, received_at, ooh, source)
        for child in children:
            self._contact(child, d, received_at, source, ooh, group_ref, referral, shared)
        return len(children)

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
        elif rng.random() < 0.15:
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


def plan_journeys(*, profile: cal.SizeProfile, seed: int, as_of: date, now: datetime,
                  org: OrgPlan, rng: random.Random) -> Plan:
    # Working days are asked of a calendar from a year before the window to well after
    # the as-of date (assessments and plans run on past it before being cut off).
    with use_calendar(years_before(as_of, profile.years + 1), as_of + timedelta(days=6 * 366)):
        return _Planner(profile=profile, seed=seed, as_of=as_of, now=now, org=org,
                        rng=rng).run()
