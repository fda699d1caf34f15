"""Replay a referral's planned period of care through the care services (the same ones
the forms call): the period and its changes, the IRO's allocation and reviews, care
plans, visits, health, missing episodes, the OC2 items, adoption and leaving care.

Called by ``writer.Writer._referral`` with its ``add(on, order, fn)``, like
``protection_writer``. Care steps run at order 8: after the day's plan endings (5) and
the transfer to the children in care team (7), before the episode's closure (9), which
the period's end makes possible. Adoption and care leavers are written through their
own services (``adoption_writer``, ``leaver_writer``).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from opencsc.care import services as care_services
from opencsc.care.models import CarePeriod
from opencsc.care.services import health
from opencsc.casework import services as casework
from opencsc.casework.models import AllocationRole
from opencsc.plans import services as plans
from opencsc.synth.care_plan import PlannedCare, PlannedCareChange, PlannedMissing

if TYPE_CHECKING:
    from opencsc.accounts.models import User
    from opencsc.people.models import Person
    from opencsc.synth.organisation import PlannedWorker
    from opencsc.synth.plan import PlannedReferral

__all__ = ["care_steps"]

Add = Callable[[date | None, int, Callable[..., object]], None]
ORDER = 8

_REVIEW = (
    "The plan for {child} to remain in the placement is endorsed. Contact with family to "
    "continue as agreed. Health and education needs reviewed: the personal education plan "
    "is up to date.",
    "{child}'s wishes were heard and recorded. The care plan continues; the social worker to "
    "update the permanence report before the next review.",
    "The placement meets {child}'s needs. Actions: life story work to start, a referral to "
    "the emotional health service, and the contact plan reviewed with the family.",
)
_VISIT = (
    "Visited {child} in placement. {child} was seen alone and spoke about school and "
    "friends; the carers report things are settled.",
    "Visited {child} with the carers. Bedroom seen; {child} shared their wishes about "
    "family time. No concerns raised.",
    "Statutory visit. {child} was happy to talk and showed their room; the carers raised "
    "a request for respite, which will go to the fostering team.",
)
_PLAN = (
    "Placement with foster carers while the assessment of the parents continues. Contact "
    "three times a week, supervised. Health assessment and school place arranged.",
    "{child} to stay in the placement; the plan for permanence is to be confirmed at the "
    "second review. Education, health and family time set out in the plan.",
)


def care_steps(*, ref: PlannedReferral, child: Person, add: Add,
               user: Callable[[PlannedWorker], User], rng: random.Random,
               episode: Callable[[], Any]) -> None:
    """Add a step for every planned care record of ``ref``."""
    planned: PlannedCare | None = ref.care
    if planned is None:
        return
    _Replay(planned, child, add, user, rng).add_all()


class _Replay:
    def __init__(self, planned: PlannedCare, child: Person, add: Add,
                 user: Callable[[PlannedWorker], User], rng: random.Random) -> None:
        self.p = planned
        self.child = child
        self.add = add
        self.u = user
        self.rng = rng
        self.period: CarePeriod | None = None
        self.worker = user(planned.worker)
        self.iro = user(planned.iro)

    def _words(self, options: tuple[str, ...]) -> str:
        return self.rng.choice(options).format(child=self.child.first_name)

    def add_all(self) -> None:
        p = self.p
        self.add(p.start, ORDER, self._start)
        for change in p.changes:
            self.add(change.on, ORDER, lambda c=change: self._change(c))
        for held, code in p.reviews:
            self.add(held, ORDER, lambda h=held, c=code: self._review(h, c))
        for agreed, permanence in p.care_plans:
            self.add(agreed, ORDER, lambda a=agreed, o=permanence: self._plan(a, o))
        for visited in p.visits:
            self.add(visited, ORDER, lambda v=visited: self._visit(v))
        for kind, done, up_to_date in p.health:
            self.add(done, ORDER, lambda k=kind, d=done, u=up_to_date: health.health_check_record(
                actor=self.worker, child=self.child, kind=k, done_on=d, up_to_date=u))
        for done, score, reason in p.sdqs:
            self.add(done, ORDER, lambda d=done, s=score, r=reason: health.sdq_record(
                actor=self.worker, child=self.child, completed_on=d, score=s, reason=r))
        for m in p.missing:
            self.add(m.ended_on, ORDER, lambda m=m: self._missing(m))
        for on in p.convictions:
            self.add(on, ORDER, lambda on=on: health.conviction_record(
                actor=self.worker, child=self.child, convicted_on=on,
                description="Caution for criminal damage (youth diversion)."))
        for on in p.substance:
            self.add(on, ORDER, lambda on=on: health.substance_misuse_record(
                actor=self.worker, child=self.child, identified_on=on,
                intervention_offered=True, intervention_received=self.rng.random() < 0.6))
        if p.end is not None and p.end_reason not in ("E11", "E12"):
            self.add(p.end, ORDER, self._end)

    def _start(self) -> None:
        p = self.p
        place = p.placement
        self.period = care_services.period_start(
            actor=self.worker, child=self.child, start_date=p.start,
            legal_status=p.legal_status, placement=place.placement, provider=place.provider,
            carer=place.carer, placement_postcode=place.postcode, urn=place.urn,
            category_of_need=p.category_of_need,
        )
        # The child's independent reviewing officer (CPPCR 2010 reg 45), allocated by name.
        casework.allocation_add_coworker(
            actor=self.worker, child=self.child, team=self.iro.team, worker=self.iro,  # type: ignore[arg-type]
            start_date=p.start, role=AllocationRole.REVIEWING_OFFICER,
        )

    def _change(self, c: PlannedCareChange) -> None:
        assert self.period is not None
        kwargs: dict[str, Any] = {}
        if c.legal_status:
            kwargs["legal_status"] = c.legal_status
        if c.placement is not None:
            place = c.placement
            kwargs.update(placement=place.placement, provider=place.provider,
                          carer=place.carer, placement_postcode=place.postcode, urn=place.urn,
                          reason_place_change=c.reason)
        care_services.care_change(actor=self.worker, period=self.period, on=c.on, **kwargs)

    def _review(self, held: date, code: str) -> None:
        assert self.period is not None
        care_services.review_record(
            actor=self.iro, period=self.period, held_on=held, participation=code,
            chair=self.iro, decisions=self._words(_REVIEW),
            permanence_confirmed=bool(self.p.care_plans and held >= self.p.care_plans[-1][0]),
        )

    def _plan(self, agreed: date, permanence: str) -> None:
        assert self.period is not None
        care_services.care_plan_agree(
            actor=self.worker, period=self.period, agreed_on=agreed,
            summary=self._words(_PLAN), permanence_option=permanence,
        )

    def _visit(self, visited: date) -> None:
        seen = self.rng.random() < 0.96
        plans.visit_record(
            actor=self.worker, child=self.child, visited_on=visited, child_seen=seen,
            seen_alone=seen and self.rng.random() < 0.6, bedroom_seen=self.rng.random() < 0.4,
            observations=self._words(_VISIT),
        )

    def _missing(self, m: PlannedMissing) -> None:
        episode = health.missing_record(
            actor=self.worker, child=self.child, kind=m.kind, started_on=m.started_on,
        )
        health.missing_return(
            actor=self.worker, episode=episode, ended_on=m.ended_on,
            rhi_offered_on=m.rhi_offered_on, rhi_accepted=m.rhi_accepted,
        )

    def _end(self) -> None:
        assert self.period is not None and self.p.end is not None
        # The writer's closure step closes the child in need episode the same day.
        care_services.period_end(
            actor=self.worker, period=self.period, end_date=self.p.end,
            reason=self.p.end_reason, close_cin_episode=False,
        )
