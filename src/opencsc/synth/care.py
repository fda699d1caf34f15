"""Planning a period of care: from the day a child starts to be looked after to the day
they stop, with the legal statuses, placements and moves, reviews, visits, health, missing
episodes, adoption and leaving care in between.

A mixin of the planner (``journeys._Planner``), like ``protection.ProtectionPlanning``.
A child comes into care from a child protection plan, a child in need plan, or straight
after an assessment (``protection._run``'s "care" step); children who came into care
before the window and are still looked after at its start are made by ``_stock`` with
the same process, so the number looked after at any time is that of a real authority
(~540 at Cheshire East's size). The rates are in ``care_rates`` (DOMAIN.md section 6).
Care has its own random generator so the rest of the authority's plan does not shift
with every change made here. Everything stays inside the 903 rules the care services
enforce: one change a day, episodes of at least a day, placements for adoption only under
a placement order (903 rule 408), special guardianship to former foster carers only from
a foster placement (516), supported accommodation only from 16 (371).
"""

from __future__ import annotations

import importlib.util
import random
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from opencsc.care.areas import _table as placement_table
from opencsc.care.codes import CIN_CLOSURE_FOR_REC, FOSTER_PLACEMENTS
from opencsc.core.working_days import add_months
from opencsc.synth import calibration as cal
from opencsc.synth import care_rates as rates
from opencsc.synth.calendar import add_working_days, at, poisson, years_after
from opencsc.synth.care_leavers import LeaverPlanning
from opencsc.synth.care_plan import (
    PlannedAdoption,
    PlannedCare,
    PlannedCareChange,
    PlannedMissing,
    PlannedPlacement,
)
from opencsc.synth.organisation import CHILDREN_IN_CARE, FRONT_DOOR, REVIEWING

if TYPE_CHECKING:
    from opencsc.synth.journeys import _Caseloads
    from opencsc.synth.organisation import OrgPlan, PlannedTeam, PlannedWorker
    from opencsc.synth.plan import PlannedContact, PlannedReferral
    from opencsc.synth.population import PlannedPerson, Population

__all__ = ["CarePlanning"]

_OWN_LA = "E06000049"
#: Adoption is planned only when its services exist to record the plan and the order
#: (903 rules 551, 553 need the decision behind every placement order and placement).
_ADOPTION_WRITTEN = importlib.util.find_spec("opencsc.adoption.services") is not None
#: Supported accommodation is a placement code from the 2025-26 return (903 rule 146).
K3_FROM = date(2025, 4, 1)  # Cheshire East (settings.OPENCSC_LA_ONS_CODE)
_PERMANENCE = {"home": "return_home", "adoption": "adoption", "sgo": "sgo_cao",
               "cao": "sgo_cao", "moved": "other", "other": "other"}


class CarePlanning(LeaverPlanning):
    """The care half of the planner (mixed into journeys._Planner)."""

    if TYPE_CHECKING:
        rng: random.Random
        as_of: date
        cutoff: datetime
        first_day: date
        org: OrgPlan
        caseloads: _Caseloads
        population: Population
        profile: cal.SizeProfile

        def _supervise(self, ref: PlannedReferral, worker: PlannedWorker, team: PlannedTeam,
                       start: date, end: date) -> None: ...

    def _care_init(self) -> None:
        self.care_rng = random.Random(self.rng.getrandbits(64))
        self.cic = self.org.named(CHILDREN_IN_CARE)
        self.iros = self.org.named(REVIEWING).workers
        table = placement_table()
        self.in_area = sorted(p for p, la in table.items() if la == _OWN_LA)
        self.out_of_area = sorted(p for p, la in table.items() if la != _OWN_LA)
        self.care_periods: list[PlannedCare] = []
        self._carers = 0
        r = self.care_rng
        self._homes = [f"SC{r.randrange(100000, 999999)}" for _ in range(40)]
        self._agencies = [f"SC{r.randrange(100000, 999999)}" for _ in range(8)]
        self._own_fostering = f"SC{r.randrange(100000, 999999)}"
        self._supported = [f"SC{r.randrange(100000, 999999)}" for _ in range(10)]
        self._leaver_init()

    # -- placements -------------------------------------------------------------------

    def _placement(self, age: float, home: str, kind: str | None = None) -> PlannedPlacement:
        r = self.care_rng
        if kind is None:
            if age < 10:
                table = {"U6": 68, "U3": 30, "K2": 2 if age >= 8 else 0}
            elif age < 16:
                table = {"U6": 55, "U3": 12, "K2": 33}
            else:
                table = {"U6": 35, "U3": 5, "K2": 30, "K3": 30}
            kind = cal.Weighted(table).draw(r)
        self._carers += 1
        n = self._carers
        if kind in ("U3", "U1"):
            provider, local, urn = "PR1", r.random() < 0.8, self._own_fostering
            carer = f"Family and friends carers {n}"
        elif kind in ("U6", "U4", "U5"):
            own = r.random() < 0.6
            provider = "PR1" if own else "PR4"
            local = own or r.random() < 0.5
            urn = self._own_fostering if own else r.choice(self._agencies)
            carer = f"Foster household {n}"
        elif kind == "K2":
            own = r.random() < 0.15
            provider, local = ("PR1", True) if own else ("PR4", r.random() < 0.35)
            urn = r.choice(self._homes)
            carer = f"Children's home {urn}"
        elif kind == "K3":
            # In the area: the DfE validator checks a K3 placement's authority against the
            # URN lookup, and without one against the authority itself (903 rule 241).
            provider, local, urn = "PR4", True, r.choice(self._supported)
            carer = f"Supported accommodation {urn}"
        else:  # A5, A6: placed for adoption through the regional adoption agency
            provider, local, urn = "PR1", r.random() < 0.5, "XXXXXXX"
            carer = f"Adoptive family {n}"
        pool = self.in_area if local else self.out_of_area
        postcode = r.choice(pool)
        while postcode == home:
            postcode = r.choice(pool)
        return PlannedPlacement(kind, provider, carer, postcode, urn)

    # -- a period of care ------------------------------------------------------------------

    def _care_route(self, born: date, start: date, route: str | None = None) -> tuple[str, date]:
        """The planned exit and its date (which may lie past the as-of date)."""
        r = self.care_rng
        eighteen = years_after(born, 18)
        age = (start - born).days / 365.25
        route = route or rates.exit_route(r, age)
        if route == "adoption" and not _ADOPTION_WRITTEN:
            route = "sgo"  # until the adoption services can record the order (see below)
        end = eighteen if route == "long" else start + timedelta(days=rates.exit_days(r, route))
        if end >= eighteen:
            route, end = "long", eighteen
        return route, end

    def _care(self, ref: PlannedReferral, child: PlannedPerson, start: date, *,
              route: str | None = None, end: date | None = None, stock: bool = False,
              worker: PlannedWorker | None = None) -> tuple[date | None, str]:
        """Plan the period of care starting on ``start``; returns the day it ends (None if
        it runs past the as-of date) and the CIN closure reason for that day."""
        r = self.care_rng
        born = child.date_of_birth
        assert born is not None, "only a born child is looked after"
        if route is None or end is None:
            route, end = self._care_route(born, start, route)
        age = (start - born).days / 365.25
        home = child.family.postcode.postcode  # type: ignore[union-attr]
        team = self.cic
        worker = worker or self.caseloads.choose(team, start, r)
        legal = "V2" if rates.s20_at_entry(r, age, route) else "C1"
        ffa = route == "adoption" and r.random() < 0.15
        first = self._placement(age, home, "U5" if ffa else None)
        if first.placement == "K3" and start < K3_FROM:
            first = self._placement(age, home, "K2")
        need = ref.primary_need if ref.primary_need not in ("", "N0", "N9") else "N1"
        care = PlannedCare(start=start, legal_status=legal, placement=first, worker=worker,
                           iro=r.choice(self.iros), route=route, category_of_need=need,
                           stock=stock)
        adoption = self._adoption(care, start, end) if route == "adoption" else None
        if adoption is not None and adoption.order_on is not None:
            end = adoption.order_on
        elif adoption is not None:
            route, end = care.route, self._care_route(born, start, care.route)[1]
        self._changes(care, born, home, end, adoption)
        care.end = end if end <= self.as_of else None
        care.changes = [c for c in care.changes if c.on <= self.as_of and c.on < end]
        reason = ""
        if care.end is not None:
            reason = self._end_reason(care)
            care.end_reason = reason
        stop = care.end or self.as_of + timedelta(days=1)
        self._reviews(care, born, stop)
        self._visits_cla(care, stop)
        self._health(care, born, stop)
        self._missing(care, born, stop)
        self._leaver(care, child, born)
        ref.care = care
        self.care_periods.append(care)
        if not stock:
            self.caseloads.add(worker, start, care.end)
        if not stock:
            last = max((a[0] for a in ref.allocations), default=start - timedelta(days=1))
            ref.allocations.append((start if last < start else last + timedelta(days=1), team,
                                    worker, "Transfer to the children in care team"))
        if team.manager is not None:
            self._supervise(ref, worker, team, max(start, self.first_day),
                            min(stop, self.as_of + timedelta(days=1)))
        if care.end is None:
            return None, ""
        return care.end, CIN_CLOSURE_FOR_REC.get(reason, "RC7")

    def _adoption(self, care: PlannedCare, start: date, end: date) -> PlannedAdoption:
        r = self.care_rng
        decided = start + timedelta(days=r.randint(80, 200))
        plan = PlannedAdoption(decided_on=decided, ffa=care.placement.placement == "U5")
        plan.placement_order_on = start + timedelta(days=r.randint(230, 330))
        if r.random() < 0.1:
            # The plan changes: the agency decides the child should no longer be placed.
            plan.no_longer_on = plan.placement_order_on + timedelta(days=r.randint(150, 400))
            plan.no_longer_reason = cal.Weighted({"RD1": 40, "RD2": 20, "RD3": 20,
                                                  "RD4": 20}).draw(r)
            care.route = "long" if r.random() < 0.6 else "sgo"
            care.adoption = plan
            return plan
        plan.matched_on = plan.placement_order_on + timedelta(days=r.randint(60, 240))
        plan.placed_on = plan.matched_on + timedelta(days=r.randint(10, 45))
        plan.order_on = plan.placed_on + timedelta(days=r.randint(170, 330))
        plan.adopters = cal.Weighted({("F", "M"): 80, ("F", "F"): 6, ("M", "M"): 5,
                                      ("F",): 9}).draw(r)
        care.adoption = plan
        return plan

    def _changes(self, care: PlannedCare, born: date, home: str, end: date,
                 adoption: PlannedAdoption | None) -> None:
        """Legal status changes, moves and the switch to long-term fostering, one a day."""
        r = self.care_rng
        start = care.start
        events: list[tuple[date, str]] = []
        legal = care.legal_status
        younger = (start - born).days / 365.25 < 12
        if legal == "V2" and (care.route in ("adoption", "sgo", "cao") or
                              (care.route == "long" and younger)):
            events.append((start + timedelta(days=r.randint(30, 150)), "C1"))
            legal = "C1"
        if legal == "C1":
            if adoption is not None:
                events.append((adoption.placement_order_on, "E1"))  # type: ignore[arg-type]
            elif care.route in ("long", "sgo") or (end - start).days > 300:
                events.append((start + timedelta(days=r.randint(190, 300)), "C2"))
        if adoption is not None and adoption.placed_on is not None:
            events.append((adoption.placed_on, "adopt"))
        if care.route in ("long", "sgo") and (end - start).days > 500:
            events.append((start + timedelta(days=r.randint(365, 600)), "long_term"))
        moving_until = adoption.placed_on if adoption and adoption.placed_on else end
        d = start
        while True:
            age = (d - born).days / 365.25
            d += timedelta(days=max(1, int(r.expovariate(rates.moves_a_year(age)) * 365)))
            if d >= moving_until or d > self.as_of:
                break
            events.append((d, "move"))
        events.sort(key=lambda e: e[0])
        used = {start}
        placement = care.placement
        for on, what in events:
            while on in used:
                on += timedelta(days=1)
            if on >= end or on > self.as_of:
                continue
            age = (on - born).days / 365.25
            change: PlannedCareChange | None = None
            if what in ("C1", "C2", "E1"):
                change = PlannedCareChange(on, legal_status=what)
            elif what == "adopt":
                kind = "A5" if placement.placement == "U5" else "A6"
                new = self._placement(age, home, kind)
                if kind == "A5":
                    new.carer, new.postcode, new.urn = (placement.carer, placement.postcode,
                                                       placement.urn)
                    new.provider = placement.provider
                change = PlannedCareChange(on, placement=new, reason="CARPL")
            elif what == "long_term":
                target = {"U6": "U4", "U3": "U1"}.get(placement.placement)
                if target is None:
                    continue
                new = PlannedPlacement(target, placement.provider, placement.carer,
                                       placement.postcode, placement.urn)
                change = PlannedCareChange(on, placement=new, reason="PLACE")
            else:  # move
                if placement.placement in ("A5", "A6"):
                    continue
                kind = None
                if placement.placement in ("U5",):
                    kind = "U5"  # a fostering for adoption placement moves to another
                new = self._placement(age, home, kind)
                if new.placement == "K3" and (age < 16.02 or on < K3_FROM):
                    new = self._placement(age, home, "U6")
                change = PlannedCareChange(on, placement=new,
                                           reason=rates.MOVE_REASONS.draw(r))
            used.add(on)
            if change.placement is not None:
                placement = change.placement
            care.changes.append(change)

    def _current(self, care: PlannedCare, on: date) -> tuple[str, PlannedPlacement]:
        legal, placement = care.legal_status, care.placement
        for c in care.changes:
            if c.on > on:
                break
            legal = c.legal_status or legal
            placement = c.placement or placement
        return legal, placement

    def _end_reason(self, care: PlannedCare) -> str:
        r = self.care_rng
        assert care.end is not None
        _legal, placement = self._current(care, care.end)
        route = care.route
        if route == "adoption":
            return "E11" if r.random() < 0.85 else "E12"
        if route == "sgo":
            if placement.placement in ("U1", "U2", "U3"):
                return "E45"
            if placement.placement in FOSTER_PLACEMENTS:
                return "E46"
            return "E47"
        if route == "cao":
            return "E41"
        if route == "home":
            return "E4A" if r.random() < 0.85 else "E4B"
        if route == "moved":
            return "E3"
        if route == "other":
            return "E13" if r.random() < 0.5 else "E8"
        reason = rates.LEAVING_AT_18.draw(r)
        if reason == "E17" and placement.placement not in FOSTER_PLACEMENTS:
            reason = "E5"
        return reason

    # -- reviews, visits, health, missing ------------------------------------------------

    def _in_window(self, care: PlannedCare, on: date, stop: date) -> bool:
        earliest = self.first_day if care.stock else care.start
        return earliest <= on < stop and on <= self.as_of and on > care.start

    def _reviews(self, care: PlannedCare, born: date, stop: date) -> None:
        """CPPCR 2010 reg 33: within 20 working days, then 3 months, then every 6."""
        r = self.care_rng
        four = years_after(born, 4)
        due = add_working_days(care.start, 20)
        n = 0
        while True:
            late = r.random() < rates.REVIEW_LATE_RATE
            held = due + timedelta(days=r.randint(3, 30)) if late else \
                due - timedelta(days=r.randint(0, 12 if n else 6))
            if held <= care.start:
                held = care.start + timedelta(days=1)
            if held >= stop or held > self.as_of:
                break
            if self._in_window(care, held, stop):
                code = "PN0" if held < four else rates.PARTICIPATION.draw(r)
                if held == four:
                    code = "PN0"
                care.reviews.append((held, code))
                if n == 1 or (care.stock and len(care.reviews) == 1):
                    care.care_plans.append((held, self._permanence(care, held)))
            n += 1
            due = add_months(held, 3 if n == 1 else 6)
        agreed = add_working_days(care.start, r.randint(0, 10))
        if not care.stock and agreed < stop and agreed <= self.as_of and agreed > care.start:
            care.care_plans.insert(0, (agreed, ""))

    def _permanence(self, care: PlannedCare, on: date) -> str:
        if care.route != "long":
            return _PERMANENCE[care.route]
        _legal, placement = self._current(care, on)
        if placement.placement == "K2":
            return "long_term_residential"
        if placement.placement == "K3":
            return "supported_living"
        return "long_term_fostering"

    def _visits_cla(self, care: PlannedCare, stop: date) -> None:
        """CPPCR 2010 reg 28: within a week of each placement, then at most six-weekly in
        the first year, then three-monthly once the placement is long term."""
        r = self.care_rng
        moves = [c.on for c in care.changes if c.placement is not None]
        d = care.start + timedelta(days=r.randint(1, 7) if r.random() > rates.VISIT_LATE_RATE
                                   else r.randint(8, 14))
        while d < stop and d <= self.as_of:
            if self._in_window(care, d, stop):
                care.visits.append(d)
            _legal, placement = self._current(care, d)
            settled = (d - care.start).days > 365 and placement.placement in ("U1", "U4")
            late = r.random() < rates.VISIT_LATE_RATE
            gap = (r.randint(91, 120) if late else r.randint(60, 90)) if settled else \
                (r.randint(43, 60) if late else r.randint(25, 42))
            nxt = d + timedelta(days=gap)
            moved = [m for m in moves if d < m < nxt]
            if moved:
                nxt = min(nxt, moved[0] + timedelta(days=r.randint(1, 7)))
            d = nxt

    def _health(self, care: PlannedCare, born: date, stop: date) -> None:
        r = self.care_rng
        if not care.stock:
            d = add_working_days(care.start, r.randint(5, 20) if r.random() < 0.7 else
                                 r.randint(21, 45))
            if d < stop and d <= self.as_of:
                care.health.append(("initial", d, None))
        year = 1
        while True:
            anniversary = years_after(care.start, year)
            if anniversary >= stop or anniversary > self.as_of:
                break
            on = anniversary - timedelta(days=r.randint(0, 40))
            if self._in_window(care, on, stop):
                age = (on - born).days / 365.25
                care.health.append(("review", on, None))
                care.health.append(("immunisations", on,
                                    r.random() < rates.IMMUNISATIONS_UP_TO_DATE))
                dental = on - timedelta(days=r.randint(10, 120))
                if self._in_window(care, dental, stop):
                    care.health.append(("dental", dental, None))
                if age < 5:
                    half = on - timedelta(days=r.randint(170, 190))
                    if self._in_window(care, half, stop):
                        care.health.append(("review", half, None))
                if age >= 10:
                    if r.random() < rates.CONVICTION_RATE:
                        care.convictions.append(on)
                    if r.random() < rates.SUBSTANCE_RATE:
                        care.substance.append(on)
            year += 1
        self._sdqs(care, born, stop)

    def _sdqs(self, care: PlannedCare, born: date, stop: date) -> None:
        """903 rules 186, 197B: a score, or the reason there is none, in every return year
        (1 April to 31 March) for a child looked after; SDQ1 under 4 or over 16."""
        r = self.care_rng
        # The care services judge the SDQ1 reason by whole years: under 4, or 17 and over.
        year = care.start.year - (1 if (care.start.month, care.start.day) < (4, 1) else 0)
        while True:
            first = max(date(year, 4, 1), care.start + timedelta(days=1))
            last = min(date(year + 1, 3, 31), stop - timedelta(days=1), self.as_of)
            if first > self.as_of or first >= stop:
                break
            year += 1
            if care.stock:
                first = max(first, self.first_day)
            if last < first:
                continue
            on = first + timedelta(days=r.randint(0, (last - first).days))
            if on < years_after(born, 3):
                continue
            if on < years_after(born, 4) or on >= years_after(born, 17):
                care.sdqs.append((on, None, "SDQ1"))
            elif r.random() < 0.88:
                care.sdqs.append((on, r.randint(3, 30), ""))
            else:
                care.sdqs.append((on, None, r.choice(["SDQ2", "SDQ4", "SDQ5"])))

    def _missing(self, care: PlannedCare, born: date, stop: date) -> None:
        """Missing and away episodes, each with its return home interview (offered
        within 72 hours for most: Statutory guidance on children who run away, 2014)."""
        r = self.care_rng
        eleven = years_after(born, 11)
        begin = max(care.start + timedelta(days=1), eleven,
                    self.first_day if care.stock else care.start)
        if begin >= stop or r.random() >= rates.MISSING_CHILD_RATE * 2:
            return
        d = begin
        while True:
            d += timedelta(days=max(1, int(r.expovariate(2.5) * 365)))
            end = d + timedelta(days=r.choice([0, 0, 1, 1, 2, 3]))
            if end >= stop or end > self.as_of:
                break
            if (d.month, d.day) <= (3, 31) < (end.month, end.day) or d.year != end.year:
                # Not across 31 March: the DfE validator reads an episode the return shows
                # open at the year end as never ended (903 rules 575, 577 fail wrongly).
                end = d
            if any(d < c.on <= end for c in care.changes if c.placement is not None):
                end = d  # 903 rule 575: back before the placement they left ends
            kind = "M" if r.random() < 0.8 else "A"
            offered: date | None = None
            accepted: bool | None = None
            if kind == "M":
                offered = end + timedelta(days=r.randint(0, 2) if r.random() <
                                          rates.RHI_IN_72_HOURS else r.randint(4, 9))
                if offered > self.as_of:
                    offered = None
                else:
                    accepted = r.random() < rates.RHI_ACCEPTED
            care.missing.append(PlannedMissing(kind, d, end, offered, accepted))
            d = end + timedelta(days=1)

    # -- children looked after before the window ------------------------------------------

    def _stock(self) -> None:
        """Children who came into care in the years before the window and are still
        looked after on its first day, each with the referral that brought them in."""
        r = self.care_rng
        # At least one every two years, so that even the smallest test authority has
        # children looked after.
        per_year = max(0.5, rates.STARTS_PER_CHILD_YEAR * self.profile.children)
        first = self.first_day
        for years_back in range(rates.STOCK_YEARS, 0, -1):
            for _ in range(poisson(r, per_year)):
                entry = first - timedelta(days=r.randint(1, 365) + 365 * (years_back - 1))
                age = rates.sample_entry_age(r)
                born = entry - timedelta(days=round(age * 365.25))
                route, end = self._care_route(born, entry)
                if end <= first:
                    continue
                self._stock_child(entry, age, route, end)

    def _stock_child(self, entry: date, age: float, route: str, end: date) -> None:
        from opencsc.synth.plan import PlannedContact, PlannedReferral

        r = self.care_rng
        family = self.population.new_family(eldest_age_on=entry, eldest_age=age)
        child = family.children[0]
        assert child.date_of_birth is not None
        referral = max(child.date_of_birth, entry - timedelta(days=r.randint(0, 20)))
        self.population.mark_needed(child, on=referral)
        self.population.parent_identifiers(family)
        fd = self.org.named(FRONT_DOOR)
        worker = self.caseloads.choose(self.cic, referral, r)
        self.caseloads.add(worker, referral, end if end <= self.as_of else None)
        need = cal.PRIMARY_NEEDS.draw(r)
        if need == "N2":
            need = "N1"
        ref = PlannedReferral(referral_date=referral, team=self.cic, primary_need=need,
                              nfa=False)
        ref.allocations.append((referral, self.cic, worker, "Allocated"))
        contact: PlannedContact = PlannedContact(
            key=10_000_000 + len(self.care_periods), child=child,
            received_at=at(referral, 10, r.randrange(60)), source="6", via="phone",
            out_of_hours=False, taker=r.choice(fd.workers), consent="not_sought_risk",
            group_ref=None, decision="referral", threshold="child_in_need",
            decided_at=at(referral, 15, r.randrange(60)), decider=fd.manager or fd.workers[0],
            primary_need=need, allocate_team=self.cic, referral=ref, without_info=True,
        )
        child.contacts.append(contact)
        closure, reason = self._care(ref, child, entry, route=route, end=end, stock=True,
                                     worker=worker)
        ref.closure_date, ref.closure_reason = closure, reason

    def _into_care(self, child: PlannedPerson, on: date, *, chance: float) -> bool:
        """Whether the child starts to be looked after on ``on`` (a born child under 17
        with time left before 18)."""
        born = child.date_of_birth
        if born is None or on <= born or (on - born).days > 17 * 365:
            return False
        return self.care_rng.random() < chance

    def _care_tidy(self, ref: PlannedReferral) -> None:
        """Once the children in care team holds the case, the records are theirs: their
        manager's supervision and oversight, their worker's notes."""
        care = ref.care
        if care is None:
            return
        manager = self.cic.manager
        start = care.start
        ref.supervisions = [s for s in ref.supervisions if s[0] < start or s[1] is manager]
        ref.oversights = [o for o in ref.oversights if o[0] < start or o[2] is manager]
        ref.notes = [(d, k, care.worker if d >= start else a) for d, k, a in ref.notes]

