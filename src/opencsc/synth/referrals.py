"""Planning a referral to its assessment: allocation, the assessment and its outcome,
notes and supervision. What follows (enquiries, conferences, plans, visits, closure) is
planned by ``protection.ProtectionPlanning``.

A mixin of the planner (``journeys._Planner``): it uses the planner's random generator,
teams, caseloads and child state.
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from opencsc.core.working_days import ASSESSMENT_WORKING_DAYS
from opencsc.synth import calibration as cal
from opencsc.synth.calendar import (
    FAR,
    add_working_days,
    next_working_day,
    working_day_on_or_after,
    working_days_before,
)
from opencsc.synth.organisation import PlannedTeam, PlannedWorker
from opencsc.synth.plan import (
    PlannedAssessment,
    PlannedContact,
    PlannedEarlyHelp,
    PlannedReferral,
)
from opencsc.synth.population import PlannedPerson

if TYPE_CHECKING:
    import random
    from collections import deque

    from opencsc.synth.journeys import _Caseloads, _Shared, _State
    from opencsc.synth.population import Family
    from opencsc.synth.protection_plan import PlannedProtection

_EH_END = cal.Weighted({"Outcomes achieved": 70, "Family declined further support": 15,
                        "Moved out of the area": 5, "Needs met by universal services": 10})


class ReferralPlanning:
    """The referral half of the planner (mixed into journeys._Planner, which sets these)."""

    if TYPE_CHECKING:
        rng: random.Random
        as_of: date
        caseloads: _Caseloads
        recent_referrals: deque[tuple[date, PlannedPerson]]
        disabled: PlannedTeam
        assessment_teams: list[PlannedTeam]
        cin_teams: list[PlannedTeam]
        behind: set[int]

        def _st(self, child: PlannedPerson) -> _State: ...
        def _age(self, child: PlannedPerson, on: date) -> float: ...
        def _area_team(self, teams: list[PlannedTeam], family: Family) -> PlannedTeam: ...
        def _front_door_strategy(self, ref: PlannedReferral, child: PlannedPerson, *,
                                 decided_at: datetime, worker: PlannedWorker
                                 ) -> tuple[PlannedProtection, str]: ...
        def _after_assessment(self, ref: PlannedReferral, child: PlannedPerson, *,
                              worker: PlannedWorker, team: PlannedTeam, alloc_on: date,
                              authorise: date, outcome: str) -> None: ...

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
        elif st.last_referral is None and child.date_of_birth is not None and (
            rng.random() < cal.DISABILITY_RATE_CIN - cal.PRIMARY_NEEDS.share("N2")
        ):
            # ~10% of children in need have a disability: those referred for it (N2) and
            # some referred for other reasons.
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
            # A referral with no further action (CIN census ReferralNFA): no assessment
            # (8831), closed the day it was made. Not RC8, which needs an authorised
            # assessment (episode_close): services ended.
            ref.closure_date, ref.closure_reason = referral_date, "RC7"
        else:
            self._plan_episode(ref, child, strategy=strategy, decided_at=contact.decided_at)
        st.last_referral = referral_date
        st.episode_end = ref.closure_date or FAR
        self.recent_referrals.append((referral_date, child))
        self._care_tidy(ref)  # type: ignore[attr-defined]
        self._truncate(ref)
        if ref.step_down is not None:
            st.eh = ref.step_down

    def _plan_episode(self, ref: PlannedReferral, child: PlannedPerson, *, strategy: bool,
                      decided_at: datetime | None = None) -> None:
        rng = self.rng
        family = child.family
        assert family is not None
        team = ref.team
        # A strategy discussion is urgent: the case is allocated the day it is referred.
        alloc_on = ref.referral_date if strategy else add_working_days(
            ref.referral_date, rng.choice([0, 0, 0, 1, 1, 2]))
        worker = self.caseloads.choose(team, alloc_on, rng)
        ref.allocations.append((alloc_on, team, worker, "Allocated for assessment"))
        ref.oversights.append((alloc_on, "allocation", team.manager))  # type: ignore[arg-type]
        # The assessment.
        total_wd = cal.assessment_working_days(rng)
        start_wd = min(cal.assessment_start_delay(rng), total_wd - 2)
        start = max(add_working_days(ref.referral_date, start_wd), alloc_on)
        authorise = add_working_days(ref.referral_date, total_wd)
        if strategy and decided_at is not None:
            # The strategy discussion and enquiry run alongside the assessment, whose
            # outcome agrees with what the enquiry found (protection.py).
            _, outcome = self._front_door_strategy(ref, child, decided_at=decided_at,
                                                   worker=worker)
        else:
            outcome = cal.ASSESSMENT_OUTCOMES.draw(rng)
        # "No factors" (21) goes with a closure after assessment (8873Q), never after an
        # enquiry (2990): an enquiry found something.
        enquired = ref.protection is not None and bool(ref.protection.enquiries)
        age = self._age(child, start)
        seen = [(add_working_days(start, rng.randint(0, 4)), age >= 4 and rng.random() < 0.75)]
        if total_wd > 20 and rng.random() < 0.5:
            seen.append((add_working_days(seen[0][0], rng.randint(5, 15)), age >= 4))
        last_submit = max(start, working_days_before(authorise, rng.choice([0, 1, 1, 2, 3])))
        seen = [(s, alone) for s, alone in seen if s <= last_submit] or [(start, False)]
        submitted = [last_submit]
        returned: list[date] = []
        if rng.random() < 0.12:
            first = working_days_before(last_submit, rng.randint(3, 6))
            if first > seen[0][0] and next_working_day(first) <= last_submit:
                returned = [next_working_day(first)]
                submitted = [first, last_submit]
        assessment = PlannedAssessment(
            worker=worker,
            start_date=start,
            due_date=add_working_days(ref.referral_date, ASSESSMENT_WORKING_DAYS),
            seen=seen,
            outcome=outcome,
            factors=cal.sample_factors(rng, need=ref.primary_need,
                                       outcome="cin_plan" if enquired else outcome),
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
        # Closure after the assessment, or the plans and enquiries that follow it.
        self._after_assessment(ref, child, worker=worker, team=team, alloc_on=alloc_on,
                               authorise=authorise, outcome=outcome)

    def _supervise(self, ref: PlannedReferral, worker: PlannedWorker, team: PlannedTeam,
                   start: date, end: date) -> None:
        """Case supervision every eight to fourteen weeks; some workers fall behind, so
        some cases' last supervision is months old."""
        rng = self.rng
        gap = (100, 170) if worker.key in self.behind else (56, 98)
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
