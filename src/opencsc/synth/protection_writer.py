"""Replay a referral's planned child protection and child in need work through the
protection and plans services (the same ones the forms call).

Called by ``writer.Writer._referral`` with its ``add(on, order, fn)``: every record
becomes a dated step, sorted with the referral's other steps (allocations, the
assessment, closure). Within a day, steps run in the order added here: emergency powers,
strategy discussions and enquiries with their initial conferences, then child protection
plans, then child in need plans, then visits. A refusal is a bug in the plan
(``WriteError``), never a reason to bend a rule.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from opencsc.plans import services as plans
from opencsc.protection import services as protection
from opencsc.protection.models import ChildProtectionPlan
from opencsc.synth import protection_texts as words
from opencsc.synth.protection import holder_on
from opencsc.synth.protection_plan import (
    PlannedAction,
    PlannedCINPlan,
    PlannedConference,
    PlannedCPPlan,
    PlannedEmergency,
    PlannedEnquiry,
    PlannedProtection,
    PlannedStrategy,
    PlannedVisit,
)

if TYPE_CHECKING:
    from opencsc.accounts.models import User
    from opencsc.people.models import Person
    from opencsc.synth.organisation import PlannedWorker
    from opencsc.synth.plan import PlannedReferral
    from opencsc.synth.texts import TextContext

__all__ = ["protection_steps"]

Add = Callable[[date | None, int, Callable[..., object]], None]

#: After the assessment's own steps of the day (allocation 0, start 1, seen 2, notes 3),
#: and after its authorisation (5, added earlier so run first); before transfers (7),
#: oversight (8) and closure (9).
ORDER = 5
_MINIMUM = ["social_care", "police", "health"]
_OTHERS = ["education", "probation", "housing", "other"]


def protection_steps(*, ref: PlannedReferral, child: Person, episode: Callable[[], Any],
                     add: Add, user: Callable[[PlannedWorker], User],
                     text_at: Callable[[date], TextContext], rng: random.Random,
                     name: Callable[[random.Random], tuple[str, str]]) -> None:
    """Add a step for every planned protection and plan record of ``ref``. ``episode()``
    gives the referral's episode as the writer holds it (for its version)."""
    journey: PlannedProtection | None = ref.protection
    if journey is None:
        return
    _Replay(ref, journey, child, episode, add, user, text_at, rng, name).add_all()


class _Replay:
    def __init__(self, ref: PlannedReferral, journey: PlannedProtection, child: Person,
                 episode: Callable[[], Any], add: Add, user: Callable[[PlannedWorker], User],
                 text_at: Callable[[date], TextContext], rng: random.Random,
                 name: Callable[[random.Random], tuple[str, str]]) -> None:
        self.journey = journey
        self.child = child
        self.episode = episode
        self.add = add
        self.u = user
        self.worker_at = holder_on(ref)
        self.text_at = text_at
        self.rng = rng
        self.name = name
        self.made: dict[int, Any] = {}  # id(planned record) -> the model instance written

    def add_all(self) -> None:
        j = self.journey
        for power in j.emergencies:
            self.add(power.start, ORDER, lambda p=power: self._emergency(p))
        for s in j.discussions:
            self.add(s.held_at.date(), ORDER, lambda s=s: self._discuss(s, None))
        for enquiry in j.enquiries:
            self._enquiry(enquiry)
        for plan in j.cp_plans:
            self._cp_plan(plan)
        for cin in j.cin_plans:
            self._cin_plan(cin)
        for visit in j.visits:
            self.add(visit.visited_on, ORDER, lambda v=visit: self._visit(v))

    # -- helpers ---------------------------------------------------------------------------

    def _actor(self, on: date) -> User:
        return self.u(self.worker_at(on))

    def _people(self, agencies: list[str]) -> list[tuple[str, str, str]]:
        rows = []
        for agency in agencies:
            first, last = self.name(self.rng)
            role = self.rng.choice(words.PARTICIPANT_ROLES[agency])
            rows.append((agency, f"{first} {last}", role))
        return rows

    # -- emergency powers, strategy discussions, enquiries -------------------------------------

    def _emergency(self, power: PlannedEmergency) -> None:
        protection.emergency_power_record(
            actor=self._actor(power.start), child=self.child, kind=power.kind,
            start_date=power.start, end_date=power.end,
            notes=words.emergency_notes(power.kind, self.text_at(power.start)),
        )

    def _discuss(self, s: PlannedStrategy, enquiry: PlannedEnquiry | None) -> None:
        rng = self.rng
        on = s.held_at.date()
        ctx = self.text_at(on)
        # WT2023 ch.3: social care, police and health at least; those held without one
        # (usually health, not reached in time) are stored as not quorate.
        agencies = list(_MINIMUM) if s.quorate else ["social_care", "police"]
        if rng.random() < 0.4:
            agencies.append(rng.choice(_OTHERS))
        first = enquiry is not None and s is enquiry.strategies[0]
        discussion = protection.strategy_discussion_record(
            actor=self.u(s.chair), episode=self.episode(), held_at=s.held_at, kind=s.kind,
            participants=self._people(agencies),
            information_shared=words.strategy_information(rng, ctx),
            decision=s.decision,
            rationale=words.strategy_rationale(rng, ctx, decision=s.decision),
            actions=[(a, o, on + timedelta(days=rng.randint(1, 5)))
                     for a, o in words.strategy_actions(rng, ctx)] if first else (),
        )
        if first:
            self.made[id(enquiry)] = discussion.enquiry

    def _enquiry(self, e: PlannedEnquiry) -> None:
        for s in e.strategies:
            self.add(s.held_at.date(), ORDER, lambda s=s: self._discuss(s, e))
        if e.seen_on is not None:
            self.add(e.seen_on, ORDER, lambda: self._seen(e))
        if e.completed_on is not None:
            self.add(e.completed_on, ORDER, lambda: self._complete(e))
        if e.conference is not None:
            self.add(e.conference.held_on, ORDER, lambda: self._initial(e))

    def _seen(self, e: PlannedEnquiry) -> None:
        assert e.seen_on is not None
        row = self.made[id(e)]
        self.made[id(e)] = protection.enquiry_update(
            actor=self.u(e.worker), enquiry=row, expected_version=row.version,
            child_seen_on=e.seen_on, seen_alone=e.seen_alone,
            findings=words.enquiry_findings(self.rng, self.text_at(e.seen_on)),
        )

    def _complete(self, e: PlannedEnquiry) -> None:
        assert e.completed_on is not None
        row = self.made[id(e)]
        reason = "" if e.outcome == "icpc" else words.no_conference_reason(
            self.rng, self.text_at(e.completed_on), outcome=e.outcome)
        self.made[id(e)] = protection.enquiry_complete(
            actor=self.u(e.worker), enquiry=row, expected_version=row.version,
            completed_on=e.completed_on, outcome=e.outcome, reason=reason,
        )

    def _attendees(self) -> list[tuple[str, str, str, bool, bool]]:
        rng = self.rng
        rows = self._people(["social_care", "police", "health", "education"])
        return [(a, n, r, rng.random() < 0.85, rng.random() < 0.5) for a, n, r in rows]

    def _initial(self, e: PlannedEnquiry) -> None:
        conf = e.conference
        assert conf is not None
        plan = next((p for p in self.journey.cp_plans if p.conference is conf), None)
        conference = protection.conference_record(
            actor=self.u(conf.chair), episode=self.episode(), kind=conf.kind,
            held_on=conf.held_on, chair=self.u(conf.chair), plan_required=conf.plan_required,
            category=conf.category, attendees=self._attendees(),
            summary=words.conference_summary(
                self.rng, self.text_at(conf.held_on),
                kind="initial" if conf.plan_required else "initial_no_plan"),
            enquiry=self.made[id(e)],
            previous_plans=plan.previous_plans if plan is not None else None,
        )
        if plan is not None:
            self.made[id(plan)] = ChildProtectionPlan.objects.get(conference=conference)

    # -- child protection plans ------------------------------------------------------------

    def _cp_plan(self, plan: PlannedCPPlan) -> None:
        self._actions(plan, plan.actions)
        for held in plan.core_groups:
            self.add(held, ORDER, lambda held=held: self._core_group(plan, held))
        for review in plan.reviews:
            self.add(review.held_on, ORDER, lambda r=review: self._review(plan, r))
        if plan.end_date is not None:
            self.add(plan.end_date, ORDER, lambda: self._plan_end(plan))

    def _core_group(self, plan: PlannedCPPlan, held: date) -> None:
        rows = self._people(["social_care", "health", "education"])
        protection.core_group_record(
            actor=self._actor(held), plan=self.made[id(plan)], held_on=held,
            attendees=[f"{n} ({r}, {a.replace('_', ' ')})" for a, n, r in rows]
            + ["Parent"],
            progress=words.core_group_progress(self.rng, self.text_at(held)),
        )

    def _review(self, plan: PlannedCPPlan, review: PlannedConference) -> None:
        protection.conference_record(
            actor=self.u(review.chair), episode=self.episode(), kind="review",
            held_on=review.held_on, chair=self.u(review.chair),
            plan_required=review.plan_required, category=review.category,
            attendees=self._attendees(),
            summary=words.conference_summary(
                self.rng, self.text_at(review.held_on),
                kind="review" if review.plan_required else "review_end"),
            plan=self.made[id(plan)], end_reason=review.end_reason,
        )

    def _plan_end(self, plan: PlannedCPPlan) -> None:
        assert plan.end_date is not None
        row = self.made[id(plan)]
        protection.plan_end(actor=self._actor(plan.end_date), plan=row,
                            expected_version=row.version, end_date=plan.end_date,
                            reason=plan.end_reason)

    def _actions(self, plan: PlannedCPPlan | PlannedCINPlan,
                 actions: list[PlannedAction]) -> None:
        for action in actions:
            self.add(action.added_on, ORDER, lambda a=action: self._action_add(plan, a))
            if action.completed_on is not None:
                self.add(action.completed_on, ORDER, lambda a=action: self._action_done(a))

    def _action_add(self, plan: PlannedCPPlan | PlannedCINPlan, action: PlannedAction) -> None:
        what, who, measure = words.plan_action(action.text, self.text_at(action.added_on))
        self.made[id(action)] = plans.plan_action_add(
            actor=self._actor(action.added_on), plan=self.made[id(plan)], what=what, who=who,
            by_when=action.by_when, measure=measure,
        )

    def _action_done(self, action: PlannedAction) -> None:
        assert action.completed_on is not None
        row = self.made[id(action)]
        self.made[id(action)] = plans.plan_action_complete(
            actor=self._actor(action.completed_on), action=row, expected_version=row.version,
            completed_on=action.completed_on,
            outcome_note=words.action_outcome(self.rng, self.text_at(action.completed_on)),
        )

    # -- child in need plans, visits ----------------------------------------------------------

    def _cin_plan(self, cin: PlannedCINPlan) -> None:
        self.add(cin.start, ORDER, lambda: self._cin_start(cin))
        self._actions(cin, cin.actions)
        for held in cin.reviews:
            self.add(held, ORDER, lambda held=held: self._cin_review(cin, held))
        if cin.end_date is not None and cin.end_reason != "cp_plan":
            # (One ended by an initial conference is ended by conference_record.)
            self.add(cin.end_date, ORDER, lambda: self._cin_end(cin))

    def _cin_start(self, cin: PlannedCINPlan) -> None:
        self.made[id(cin)] = plans.cin_plan_start(
            actor=self._actor(cin.start), episode=self.episode(), start_date=cin.start,
            review_every_months=cin.review_every_months,
            visit_every_working_days=cin.visit_every_working_days)

    def _cin_review(self, cin: PlannedCINPlan, held: date) -> None:
        progress, decision = words.cin_review(self.rng, self.text_at(held))
        plans.cin_plan_review_record(actor=self._actor(held), plan=self.made[id(cin)],
                                     held_on=held, progress=progress, decision=decision)

    def _cin_end(self, cin: PlannedCINPlan) -> None:
        assert cin.end_date is not None
        row = self.made[id(cin)]
        plans.cin_plan_end(actor=self._actor(cin.end_date), plan=row,
                           expected_version=row.version, end_date=cin.end_date,
                           reason=cin.end_reason)

    def _visit(self, v: PlannedVisit) -> None:
        plans.visit_record(
            actor=self.u(v.worker), child=self.child, visited_on=v.visited_on,
            child_seen=v.child_seen, seen_alone=v.seen_alone, bedroom_seen=v.bedroom_seen,
            observations=words.visit_observations(self.rng, self.text_at(v.visited_on),
                                                  seen=v.child_seen, unborn=v.unborn),
        )
