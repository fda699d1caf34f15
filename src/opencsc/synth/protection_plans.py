"""Planning the plans: child protection plans (reviews, core groups, actions, visits,
their end) and child in need plans (reviews, actions, visits, a strategy discussion when
things worsen). Mixed into the planner through ``protection.ProtectionPlanning``.

WT2023 ch.3: reviews within 3 months of the initial conference, then at most every 6;
the first core group within 10 working days, then about monthly; visits at the
authority's standard (settings.OPENCSC_STANDARDS: 10 working days for a child protection
plan, 20 for a child in need plan), a share late or missed. Child in need plans are
reviewed every 3 months (disabled children's every 6, with visits every 8 weeks).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from opencsc.core.working_days import add_months
from opencsc.synth import calibration as cal
from opencsc.synth.calendar import (
    FAR,
    add_working_days,
    at,
    working_day_on_or_after,
    working_days_before,
)
from opencsc.synth.organisation import PlannedTeam, PlannedWorker
from opencsc.synth.protection_plan import (
    PlannedAction,
    PlannedCINPlan,
    PlannedConference,
    PlannedCPPlan,
    PlannedProtection,
    PlannedStrategy,
    PlannedVisit,
)

if TYPE_CHECKING:
    import random

    from opencsc.synth.plan import PlannedReferral
    from opencsc.synth.population import PlannedPerson

__all__ = ["Next", "PlansPlanning", "S47", "WorkerAt", "born_by"]

S47 = ("s47_single", "s47_joint")
# What the case does next: ("cp", date, the conference that made the plan), ("cin", date,
# None), ("close", date, None), or ("open", None, None) when the as-of date comes first.
Next = tuple[str, date | None, PlannedConference | None]
WorkerAt = Callable[[date], PlannedWorker]

_CIN_END = cal.Weighted({"outcomes_met": 72, "step_down": 15, "moved_la": 4, "case_closed": 9})


def born_by(child: PlannedPerson, on: date) -> bool:
    """Born on or before ``on`` (an unborn child's birth, if it comes by the as-of date)."""
    born = child.date_of_birth or (child.birth[0] if child.birth else None)
    return born is not None and born <= on


class PlansPlanning:
    """Child protection and child in need plans (a base of protection.ProtectionPlanning)."""

    if TYPE_CHECKING:
        rng: random.Random
        as_of: date
        cutoff: datetime

        def _age(self, child: PlannedPerson, on: date) -> float: ...
        def _chairs(self, team: PlannedTeam) -> list[PlannedWorker]: ...
        def _strategy(self, held_at: datetime, *, chair: PlannedWorker,
                      decision: str | None = None) -> PlannedStrategy: ...
        def _enquiry(self, journey: PlannedProtection, child: PlannedPerson,
                     first: PlannedStrategy, *, worker: PlannedWorker) -> Next: ...

    @property
    def _cp_history(self) -> dict[int, list[int]]:
        """Per child: [plans planned here, plans elsewhere or before the records]."""
        history = self.__dict__.get("_cp_history_")
        if history is None:
            history = self.__dict__["_cp_history_"] = {}
        return history

    # -- a child protection plan ----------------------------------------------------------

    def _cp_plan(self, journey: PlannedProtection, child: PlannedPerson,
                 conference: PlannedConference, *, limit: date, worker_at: WorkerAt,
                 ref: PlannedReferral) -> PlannedCPPlan:
        rng = self.rng
        as_of = self.as_of
        start = conference.held_on
        history = self._cp_history.get(child.key)
        if history is None:
            elsewhere = 0
            if rng.random() < cal.PREVIOUS_PLANS_ELSEWHERE:
                elsewhere = 1 if rng.random() < 0.8 else 2
            history = self._cp_history[child.key] = [0, elsewhere]
        here, elsewhere = history
        plan = PlannedCPPlan(conference, here + elsewhere if elsewhere else None)
        history[0] += 1
        journey.cp_plans.append(plan)
        category = conference.category
        to_end = cal.REVIEWS_TO_END.draw(rng)
        due = add_months(start, 3)
        moved = start + timedelta(days=rng.randint(20, 150)) if (
            rng.random() < cal.CP_MOVED_AWAY_RATE) else None
        end: date | None = None
        for k in range(1, to_end + 1):
            held = self._meeting_on(due, cal.REVIEW_LATE_RATE)
            if moved is not None and moved < held:
                plan.end_date, plan.end_reason, end = moved, "moved_la", moved
                break
            if held > limit:
                plan.end_date, plan.end_reason = max(limit, start + timedelta(days=1)), "age_18"
                end = plan.end_date
                break
            ending = k == to_end
            if not ending and rng.random() < cal.CATEGORY_CHANGE_RATE:
                category = cal.Weighted(
                    {c: w for c, w in zip(cal.CATEGORIES.values, cal.CATEGORIES.weights,
                                          strict=True) if c != category}
                ).draw(rng)
            chair = rng.choice(self._chairs(worker_at(held).team))
            plan.reviews.append(PlannedConference(
                "review", held, chair, plan_required=not ending,
                category="" if ending else category, end_reason="no_risk" if ending else "",
            ))
            if ending:
                end = held
                break
            if held > as_of:
                break
            # WT2023 ch.3: later reviews at intervals of no more than six months.
            due = add_months(held, 6)
            oversee = worker_at(held).team.manager
            if oversee is not None and held <= as_of:
                ref.oversights.append((held, "review", oversee))
        if end is not None and end > as_of:
            end = None
        plan.reviews = [r for r in plan.reviews if r.held_on <= as_of]
        if plan.end_date is not None and plan.end_date > as_of:
            plan.end_date, plan.end_reason = None, ""
        stop = end or as_of + timedelta(days=1)  # records strictly before the plan ends
        # WT2023 ch.3: the first core group within 10 working days, then about monthly.
        late = rng.random() < cal.CORE_GROUP_LATE_RATE
        d = add_working_days(start, rng.randint(11, 18) if late else rng.randint(3, 10))
        while d < stop and d <= as_of:
            plan.core_groups.append(d)
            d = add_working_days(d, rng.randint(18, 28))
        plan.actions = self._actions(start, stop, rng.choice([3, 3, 4, 4, 5]))
        self._visits(journey, "cp", start, stop, child, worker_at, first=rng.randint(0, 4))
        return plan

    def _meeting_on(self, due: date, late_rate: float) -> date:
        """A working day on or a little before ``due``; late ones up to four weeks after."""
        rng = self.rng
        if rng.random() < late_rate:
            return add_working_days(due, rng.randint(1, 20))
        return working_days_before(due + timedelta(days=1), rng.randint(1, 8))

    def _actions(self, start: date, stop: date, n: int) -> list[PlannedAction]:
        """The plan's actions, set when it starts: what, who, by when, and how we will know
        (the writer draws the words). Most are done on time; some late; some never."""
        rng = self.rng
        actions = []
        for i in range(n):
            by_when = add_working_days(start, rng.randint(10, 60))
            band = rng.random()
            done: date | None = None
            if band < 0.6:
                done = max(add_working_days(start, 1),
                           working_days_before(by_when, rng.randint(0, 8)))
            elif band < 0.8:
                done = add_working_days(by_when, rng.randint(3, 30))
            if done is not None and (done >= stop or done > self.as_of):
                done = None
            actions.append(PlannedAction(start, by_when, done, rng.randrange(1_000) * 8 + i))
        return actions

    def _visits(self, journey: PlannedProtection, kind: str, start: date, stop: date,
                child: PlannedPerson, worker_at: WorkerAt, *, first: int,
                scale: float = 1.0) -> None:
        """Statutory visits from ``start`` until before ``stop`` (never on a day a plan
        starts or ends under another kind), at the authority's standard with a share late."""
        rng = self.rng
        gap = cal.cp_visit_gap if kind == "cp" else cal.cin_visit_gap
        d = add_working_days(start, first)
        if kind == "cin" and d == start:
            d = add_working_days(start, 1)
        last = min(stop - timedelta(days=1), self.as_of)
        while d <= last:
            # A pre-birth plan: the visits are to the parents, before the baby is born.
            unborn = not born_by(child, d)
            seen = not unborn and rng.random() < (0.94 if kind == "cp" else 0.9)
            alone = seen and self._age(child, d) >= 5 and rng.random() < 0.65
            bedroom = rng.random() < (0.6 if kind == "cp" else 0.3)
            journey.visits.append(
                PlannedVisit(d, worker_at(d), seen, alone, bedroom, kind, unborn=unborn)
            )
            d = add_working_days(d, round(gap(rng) * scale))

    # -- a child in need plan --------------------------------------------------------------

    def _cin_journey(self, journey: PlannedProtection, child: PlannedPerson,
                     ref: PlannedReferral, start: date, *, limit: date, disabled: bool,
                     worker_at: WorkerAt) -> tuple[date | None, PlannedConference | None]:
        """A child in need plan from ``start``; returns its end (None: open at the as-of
        date) and, if a strategy discussion during it led to a child protection plan, the
        initial conference that ended it."""
        rng = self.rng
        as_of = self.as_of
        days = cal.cin_plan_days(rng, disabled=disabled)
        end = min(working_day_on_or_after(start + timedelta(days=days)), limit)
        end = max(end, start + timedelta(days=1))  # CIN census 4012Q: not the same day
        plan = PlannedCINPlan(start)
        if disabled:
            # Disabled children's plans (short breaks, care packages) are reviewed
            # six-monthly with visits every eight weeks, set on the plan.
            plan.review_every_months, plan.visit_every_working_days = 6, 40
        journey.cin_plans.append(plan)
        conference = None
        if rng.random() < cal.CIN_ESCALATION_RATE and days > 40:
            when = add_working_days(start, rng.randint(10, max(11, days * 5 // 7 * 3 // 5)))
            if when < end:
                held_at = at(when, rng.randint(10, 16), rng.randrange(60))
                if held_at <= self.cutoff:
                    holder = worker_at(when)
                    strategy = self._strategy(held_at, chair=holder.team.manager or holder)
                    if strategy.decision in S47:
                        step, on, conf = self._enquiry(journey, child, strategy, worker=holder)
                        if step == "open":
                            end = FAR  # the enquiry is still open at the as-of date
                        elif step == "cp":
                            assert on is not None
                            conference, end = conf, on
                        elif on is not None and on >= end:
                            end = add_working_days(on, rng.randint(5, 15))
                    else:
                        journey.discussions.append(strategy)
        stop = end
        if conference is not None:
            plan.end_date, plan.end_reason = end, "cp_plan"
        elif end <= as_of:
            plan.end_date, plan.end_reason = end, _CIN_END.draw(rng)
        # Reviews at the plan's standard (the authority's: every 3 months), some late.
        every = plan.review_every_months or 3
        due = add_months(start, every)
        while True:
            held = self._meeting_on(due, 0.15)
            if held >= stop or held > as_of:
                break
            plan.reviews.append(held)
            manager = worker_at(held).team.manager
            if manager is not None:
                ref.oversights.append((held, "review", manager))
            due = add_months(held, every)
        stop_records = min(stop, as_of + timedelta(days=1))
        plan.actions = self._actions(start, stop_records, rng.choice([2, 3, 3]))
        self._visits(journey, "cin", start, stop_records, child, worker_at,
                     first=rng.randint(3, 10),
                     scale=(plan.visit_every_working_days or 20) / 20)
        if plan.end_date is None:
            return None, None
        return plan.end_date, conference
