"""Planning a referral past the front door and the assessment: strategy discussions,
section 47 enquiries, conferences, child protection and child in need plans, visits,
emergency powers, and the closure that comes after them all.

A mixin of the planner (``journeys._Planner``), like ``referrals.ReferralPlanning``: it
uses the planner's random generator, teams and caseloads; the plans themselves are
planned by its base, ``protection_plans.PlansPlanning``. Rates are in ``calibration``
(DOMAIN.md section 6). The journey follows WT2023 ch.3: a strategy discussion decides on
an enquiry; an enquiry that substantiates continuing risk goes to an initial conference
(15 working days from the last discussion, some late); a plan is reviewed within 3
months, then at most every 6; core groups within 10 working days, then monthly; visits at
the authority's standard, a share late or missed. Plans end at a review, often stepping
down to a child in need plan; the episode closes only when every plan and enquiry has
ended (CIN census 8565, 8868; never RC8/RC9 after an enquiry or a plan, 2990).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from opencsc.synth import calibration as cal
from opencsc.synth import care_rates
from opencsc.synth.calendar import (
    FAR,
    add_working_days,
    at,
    working_days_before,
    years_after,
)
from opencsc.synth.organisation import DISABLED_CHILDREN, PlannedTeam, PlannedWorker
from opencsc.synth.protection_plan import (
    PlannedConference,
    PlannedEmergency,
    PlannedEnquiry,
    PlannedProtection,
    PlannedStrategy,
)
from opencsc.synth.protection_plans import S47, Next, PlansPlanning, WorkerAt, born_by

if TYPE_CHECKING:
    import random

    from opencsc.synth.journeys import _Caseloads
    from opencsc.synth.organisation import OrgPlan
    from opencsc.synth.plan import PlannedEarlyHelp, PlannedReferral
    from opencsc.synth.population import Family, PlannedPerson

__all__ = ["ProtectionPlanning", "holder_on"]


_CLOSURE_AFTER_PLAN = cal.Weighted({"RC7": 90, "RC5": 5, "RC3": 2, "RC4": 1.5, "RC1": 0.3,
                                    "RC6": 1.2})
#: Working days between the last plan ending and the case closing (the closing summary,
#: the manager's sign-off): a few weeks for some.
_CLOSURE_LAG = (0, 0, 1, 2, 3, 5, 8, 10, 15, 20)


def holder_on(ref: PlannedReferral) -> WorkerAt:
    """Who holds the case on a day: the latest allocation started by then."""

    def worker_at(d: date) -> PlannedWorker:
        worker = ref.allocations[0][2]
        for start, _team, w, _reason in ref.allocations:
            if start <= d:
                worker = w
        return worker

    return worker_at


class ProtectionPlanning(PlansPlanning):
    """The protection half of the planner (mixed into journeys._Planner)."""

    if TYPE_CHECKING:
        rng: random.Random
        as_of: date
        cutoff: datetime
        org: OrgPlan
        caseloads: _Caseloads
        cin_teams: list[PlannedTeam]

        def _age(self, child: PlannedPerson, on: date) -> float: ...
        def _area_team(self, teams: list[PlannedTeam], family: Family) -> PlannedTeam: ...
        def _early_help(self, start: date, *, stepped_down: bool = False) -> PlannedEarlyHelp: ...
        def _supervise(self, ref: PlannedReferral, worker: PlannedWorker, team: PlannedTeam,
                       start: date, end: date) -> None: ...
        def _into_care(self, child: PlannedPerson, on: date, *, chance: float) -> bool: ...
        def _care(self, ref: PlannedReferral, child: PlannedPerson, start: date, *,
                  route: str | None = None, end: date | None = None, stock: bool = False,
                  worker: PlannedWorker | None = None) -> tuple[date | None, str]: ...

    # -- state kept across a child's episodes ------------------------------------------

    def _chairs(self, team: PlannedTeam) -> list[PlannedWorker]:
        """Conference chairs: independent of the case's line management, so the managers
        of the other child in need and child protection teams, and the head of service."""
        chairs = [t.manager for t in self.cin_teams if t.manager is not None and t is not team]
        return chairs or [self.org.head_of_service]

    # -- the front door's strategy decision --------------------------------------------

    def _front_door_strategy(self, ref: PlannedReferral, child: PlannedPerson, *,
                             decided_at: datetime, worker: PlannedWorker) -> tuple[
                                 PlannedProtection, str]:
        """A strategy discussion soon after the front door's decision (urgent: the same
        day if there is time, else the next morning), and the enquiry it opens. Returns
        the journey and an assessment outcome that agrees with it."""
        rng = self.rng
        journey = PlannedProtection()
        ref.protection = journey
        held = decided_at + timedelta(minutes=rng.randint(30, 240))
        if held.hour >= 19 or held.date() != decided_at.date():
            held = at(add_working_days(decided_at.date(), 1), rng.randint(9, 12), rng.randrange(60))
        if rng.random() < cal.POLICE_PROTECTION_RATE and born_by(child, ref.referral_date):
            # CA 1989 s46: up to 72 hours, ending as the enquiry begins.
            start = ref.referral_date
            end = start + timedelta(days=rng.randint(0, 3))
            journey.emergencies.append(
                PlannedEmergency("police_protection", start, end if end <= self.as_of else None)
            )
        if held > self.cutoff:
            return journey, cal.ASSESSMENT_OUTCOMES.draw(rng)
        strategy = self._strategy(held, chair=worker.team.manager or worker)
        if strategy.decision not in S47:
            journey.discussions.append(strategy)
            return journey, cal.ASSESSMENT_OUTCOMES.draw(rng)
        journey.pending = self._enquiry(journey, child, strategy, worker=worker)
        step = journey.pending[0]
        if step == "cp":
            return journey, "strategy_discussion"
        if step == "cin":
            return journey, "cin_plan"
        # Concerns not substantiated: most need nothing more from social care.
        return journey, cal.Weighted({"nfa": 60, "early_help": 25, "cin_plan": 15}).draw(rng)

    def _strategy(self, held_at: datetime, *, chair: PlannedWorker,
                  decision: str | None = None) -> PlannedStrategy:
        rng = self.rng
        return PlannedStrategy(
            held_at=held_at,
            kind="meeting" if rng.random() < cal.STRATEGY_MEETING_SHARE else "discussion",
            decision=decision or cal.STRATEGY_DECISIONS.draw(rng),
            quorate=rng.random() >= cal.STRATEGY_NOT_QUORATE_RATE,
            chair=chair,
        )

    def _enquiry(self, journey: PlannedProtection, child: PlannedPerson,
                 first: PlannedStrategy, *, worker: PlannedWorker) -> Next:
        """A section 47 enquiry opened by ``first``, to its outcome and conference."""
        rng = self.rng
        as_of = self.as_of
        start = first.held_at.date()
        enquiry = PlannedEnquiry([first], worker)
        journey.enquiries.append(enquiry)
        if rng.random() < cal.SECOND_STRATEGY_RATE:
            again = at(add_working_days(start, rng.randint(2, 8)), rng.randint(9, 16),
                       rng.randrange(60))
            if again <= self.cutoff:
                enquiry.strategies.append(
                    self._strategy(again, chair=first.chair, decision=first.decision)
                )
        last = enquiry.strategies[-1].held_at.date()
        seen = add_working_days(start, cal.Weighted({0: 45, 1: 30, 2: 15, 4: 7, 6: 3}).draw(rng))
        outcome = cal.ENQUIRY_OUTCOMES.draw(rng)
        conference = None
        if outcome == "icpc":
            # WT2023 ch.3: within 15 working days of the last strategy discussion.
            late = rng.random() < cal.ICPC_LATE_RATE
            held = add_working_days(last, rng.randint(16, 30) if late else rng.randint(7, 15))
            completed = max(working_days_before(held, rng.randint(1, 4)), seen, last)
            plan = rng.random() < cal.ICPC_PLAN_RATE
            conference = PlannedConference(
                "initial", held, rng.choice(self._chairs(worker.team)), plan,
                cal.CATEGORIES.draw(rng) if plan else "",
            )
            epo = add_working_days(start, rng.randint(0, 3))
            if rng.random() < cal.EPO_RATE and born_by(child, epo):
                end = epo + timedelta(days=rng.randint(1, 8))  # CA 1989 s45: up to 8 days
                if epo <= as_of:
                    journey.emergencies.append(
                        PlannedEmergency("epo", epo, end if end <= as_of else None)
                    )
        else:
            days = rng.randint(2, 10) if rng.random() < 0.85 else rng.randint(11, 35)
            completed = add_working_days(max(seen, last), days)
        if seen <= as_of:
            enquiry.seen_on = seen
            enquiry.seen_alone = self._age(child, seen) >= 5 and rng.random() < 0.7
        if completed > as_of:
            return ("open", None, None)
        enquiry.completed_on, enquiry.outcome = completed, outcome
        if conference is not None:
            if conference.held_on > as_of:
                return ("open", None, None)
            enquiry.conference = conference
            if conference.plan_required:
                return ("cp", conference.held_on, conference)
            return ("cin" if rng.random() < 0.6 else "close", conference.held_on, None)
        return ("cin" if outcome == "cin_plan" else "close", completed, None)

    # -- after the assessment ------------------------------------------------------------

    def _after_assessment(self, ref: PlannedReferral, child: PlannedPerson, *,
                          worker: PlannedWorker, team: PlannedTeam, alloc_on: date,
                          authorise: date, outcome: str) -> None:
        """Plan the case from the assessment's authorisation to its closure."""
        rng = self.rng
        journey = ref.protection
        pending = journey.pending if journey is not None else None
        if journey is not None and journey.enquiries and pending is not None:
            step, on, conference = pending
            if step == "close" and outcome == "cin_plan":
                step = "cin"
            if step == "cin" and on is not None:
                on = add_working_days(max(on, authorise), rng.randint(0, 5))
            elif step == "close" and on is not None:
                on = max(on, authorise)
        elif outcome in ("nfa", "early_help"):
            # Closed after the assessment (RC8/RC9), as before any plan.
            self._close_after_assessment(ref, worker, alloc_on, authorise, outcome)
            return
        elif outcome == "cin_plan" and self._into_care(
            child, authorise, chance=care_rates.direct_entry(self._age(child, authorise))
        ):
            # Accommodated straight after the assessment (mostly adolescents, section 20).
            step, on, conference = "care", add_working_days(authorise, rng.randint(1, 3)), None
        elif outcome == "cin_plan":
            step, on, conference = "cin", add_working_days(authorise, rng.randint(0, 10)), None
        else:
            step, on, conference = "strategy", authorise, None
        if journey is None:
            journey = ref.protection = PlannedProtection()
        journey.pending = None

        family = child.family
        assert family is not None
        disabled = team.name == DISABLED_CHILDREN
        transfer: date | None = None
        holder, holder_team = worker, team
        if not disabled and step not in ("close", "care"):
            # The case moves to a long-term team (disabled children's stay with their own).
            holder_team = self._area_team(self.cin_teams, family)
            transfer = add_working_days(authorise, rng.randint(2, 12))
            holder = self.caseloads.choose(holder_team, transfer, rng)
            ref.allocations.append((transfer, holder_team, holder, "Transfer to long-term team"))
        worker_at = holder_on(ref)
        born = child.date_of_birth or child.expected_date_of_birth
        limit = years_after(born, 18) - timedelta(days=1)
        closure, reason, step_down = self._run(journey, child, ref, step, on, conference,
                                               limit=limit, disabled=disabled,
                                               worker_at=worker_at,
                                               early_help=outcome == "early_help")
        if closure is not None and closure < authorise:
            # A plan can end before a drifting assessment is authorised: the case stays
            # open until it is (episode_close refuses an open assessment).
            closure = authorise if authorise <= self.as_of else None
        if transfer is not None and (closure is None or closure > transfer):
            ref.oversights.append((transfer, "allocation", holder_team.manager))  # type: ignore[arg-type]
            self.caseloads.add(worker, alloc_on, transfer)
            self.caseloads.add(holder, transfer, closure)
            self._supervise(ref, holder, holder_team, transfer,
                            min(closure or FAR, self.as_of + timedelta(days=1)))
        else:
            if transfer is not None:
                ref.allocations.pop()
            self.caseloads.add(worker, alloc_on, closure)
        if closure is None:
            ref.closure_date, ref.closure_reason = None, ""
            return
        ref.closure_date, ref.closure_reason = closure, reason
        ref.notes = [n for n in ref.notes if n[0] <= closure]
        if rng.random() < 0.5:
            ref.notes.append((closure, "correspondence", worker_at(closure)))
        if step_down:
            ref.step_down = self._early_help(closure, stepped_down=True)

    def _close_after_assessment(self, ref: PlannedReferral, worker: PlannedWorker,
                                alloc_on: date, authorise: date, outcome: str) -> None:
        rng = self.rng
        close = add_working_days(authorise, rng.choice([0, 0, 1, 2, 3]))
        ref.notes = [n for n in ref.notes if n[0] <= close]
        ref.closure_date = close
        ref.closure_reason = "RC8" if outcome == "nfa" else "RC9"
        if rng.random() < 0.4:
            ref.notes.append((close, "correspondence", worker))
        if outcome == "early_help":
            ref.step_down = self._early_help(close, stepped_down=True)
        self.caseloads.add(worker, alloc_on, close)

    def _run(self, journey: PlannedProtection, child: PlannedPerson, ref: PlannedReferral,
             step: str, on: date | None, conference: PlannedConference | None, *, limit: date,
             disabled: bool, worker_at: WorkerAt,
             early_help: bool = False) -> tuple[date | None, str, bool]:
        """Step through the case until it closes (returns the closure date, reason and
        whether it steps down to early help) or the as-of date comes (closure None)."""
        rng = self.rng
        while True:
            if on is None or on > self.as_of:
                return None, "", False
            if step == "strategy":
                held = at(on, rng.randint(10, 16), rng.randrange(60))
                if held > self.cutoff:
                    return None, "", False
                holder = worker_at(on)
                strategy = self._strategy(held, chair=holder.team.manager or holder)
                if strategy.decision in S47:
                    step, on, conference = self._enquiry(journey, child, strategy, worker=holder)
                else:
                    journey.discussions.append(strategy)
                    step = "cin"
                    on = add_working_days(on, rng.randint(1, 5))
            elif step == "cp":
                assert conference is not None
                plan = self._cp_plan(journey, child, conference, limit=limit, worker_at=worker_at,
                                     ref=ref)
                end = plan.ended_on
                if end is None:
                    return None, "", False
                if plan.end_reason == "moved_la":
                    return end, "RC5", False
                if self._into_care(child, end, chance=care_rates.CARE_AFTER_CP):
                    # The review conference ends the plan as the child becomes looked after.
                    plan.end_reason = "looked_after"
                    step, on = "care", end
                    continue
                if end < limit - timedelta(days=60) and rng.random() < cal.CP_STEP_DOWN_TO_CIN:
                    step, on = "cin", end
                else:
                    return self._closure(end, limit, after_cp=True)
            elif step == "cin":
                if on >= limit - timedelta(days=30):
                    step = "close"
                    continue
                plan_end, conference = self._cin_journey(journey, child, ref, on, limit=limit,
                                                         disabled=disabled, worker_at=worker_at)
                if plan_end is None:
                    return None, "", False
                if conference is not None:
                    step, on = "cp", conference.held_on
                    continue
                cin = journey.cin_plans[-1]
                if cin.end_reason == "moved_la":
                    return plan_end, "RC5", False
                if self._into_care(child, plan_end, chance=care_rates.CARE_AFTER_CIN):
                    step, on = "care", plan_end
                    continue
                return self._closure(plan_end, limit, after_cp=False,
                                     step_down=cin.end_reason == "step_down")
            elif step == "care":
                closure, reason = self._care(ref, child, on)
                return closure, reason, False
            else:  # close
                # An enquiry makes RC8/RC9 wrong (CIN census 2990): services ended (RC7),
                # with early help if the assessment said so.
                return self._closure(on, limit, after_cp=False, step_down=early_help)

    def _closure(self, end: date, limit: date, *, after_cp: bool,
                 step_down: bool = False) -> tuple[date | None, str, bool]:
        rng = self.rng
        closure = min(max(end, add_working_days(end, rng.choice(_CLOSURE_LAG))), max(end, limit))
        if closure > self.as_of:
            return None, "", False
        if step_down:
            return closure, "RC7", True
        reason = _CLOSURE_AFTER_PLAN.draw(rng)
        if reason in ("RC6", "RC1"):
            reason = "RC7"  # adults' services and adoption need what is not modelled here
        return closure, reason, reason == "RC7" and rng.random() < (0.15 if after_cp else 0.2)
