"""Planning a referral to its end: allocation, the assessment, its outcome, the child in
need plan or child protection, visits, notes, supervision, and closure.

A mixin of the planner (``journeys._Planner``): it uses the planner's random generator,
teams, caseloads and child state.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import TYPE_CHECKING

from opencsc.core.working_days import ASSESSMENT_WORKING_DAYS
from opencsc.synth import calibration as cal
from opencsc.synth.calendar import (
    FAR,
    add_working_days,
    next_working_day,
    working_day_on_or_after,
    working_days_before,
    years_after,
)
from opencsc.synth.organisation import DISABLED_CHILDREN, PlannedTeam, PlannedWorker
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

_CLOSURE_AFTER_PLAN = cal.Weighted({"RC7": 90, "RC5": 5, "RC3": 2, "RC4": 1.5, "RC1": 0.3,
                                    "RC6": 1.2})
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
            # No assessment, so not RC8 (which needs an authorised one): services ended.
            closure = add_working_days(referral_date, rng.choice([0, 0, 1, 2]))
            ref.closure_date, ref.closure_reason = closure, "RC7"
        else:
            self._plan_episode(ref, child, strategy=strategy)
        st.last_referral = referral_date
        st.episode_end = ref.closure_date or FAR
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
            days = round(days * 1.4)  # child protection plans last longer
        end = authorise + timedelta(days=days)
        eighteen = years_after(child.date_of_birth or child.expected_date_of_birth, 18)
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
