"""Child protection and child in need plans in the planned ``small`` authority (a tenth of
Cheshire East), checked against the national rates of DOMAIN.md section 6 and the rules
the services (and the CIN census) enforce, without the database."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, datetime, timedelta
from itertools import pairwise

import pytest

from opencsc.core import working_days
from opencsc.synth import calibration as cal
from opencsc.synth.journeys import LONDON
from opencsc.synth.runner import make_plan

AS_OF = date(2025, 3, 31)
NOW = datetime(2025, 6, 1, 12, tzinfo=LONDON)
YEAR_START = AS_OF - timedelta(days=365)


@pytest.fixture(scope="module")
def small_plan():
    return make_plan(size="small", seed=7, as_of=AS_OF, now=NOW)


@pytest.fixture(scope="module")
def referrals(small_plan):
    return [c.referral for c in small_plan.contacts if c.referral]


@pytest.fixture(scope="module")
def journeys(referrals):
    return [r.protection for r in referrals if r.protection is not None]


def _in_year(d: date | None) -> bool:
    return d is not None and YEAR_START < d <= AS_OF


def _plans(journeys):
    return [p for j in journeys for p in j.cp_plans]


def test_section_47s_conferences_and_plans_per_year_match_a_tenth_of_cheshire_east(journeys):
    # DOMAIN.md section 6 scaled to 8,000 children: ~150 enquiries, ~50 initial
    # conferences and ~42 plans starting a year (small numbers: generous bounds).
    enquiries = [e for j in journeys for e in j.enquiries if _in_year(e.start)]
    conferences = [e.conference for j in journeys for e in j.enquiries
                   if e.conference and _in_year(e.conference.held_on)]
    starts = [p for p in _plans(journeys) if _in_year(p.start)]
    assert 110 <= len(enquiries) <= 200
    assert 33 <= len(conferences) <= 70
    assert 28 <= len(starts) <= 60
    # About a third of enquiries go to conference; 83% of conferences make a plan.
    assert 0.25 <= len(conferences) / len(enquiries) <= 0.45
    made = sum(c.plan_required for c in conferences) / len(conferences)
    assert made == pytest.approx(cal.ICPC_PLAN_RATE, abs=0.15)


def test_most_children_in_an_enquiry_are_not_made_subject_to_a_plan(journeys):
    done = [e for j in journeys for e in j.enquiries if e.outcome]
    planned = sum(bool(e.conference and e.conference.plan_required) for e in done)
    # 1,500 enquiries and ~415 plans a year: about seven in ten end without a plan.
    assert 0.55 <= 1 - planned / len(done) <= 0.85
    outcomes = Counter(e.outcome for e in done)
    assert set(outcomes) == {"icpc", "cin_plan", "nfa"}


def test_plans_and_children_in_need_open_at_the_as_of_date(referrals, journeys):
    open_plans = [p for p in _plans(journeys) if p.ended_on is None]
    # ~330 plans and ~2,650 children in need at 31 March in Cheshire East (the latter
    # with ~540 looked after children, not generated yet).
    assert 20 <= len(open_plans) <= 50
    open_episodes = [r for r in referrals if r.closure_date is None]
    assert 150 <= len(open_episodes) <= 290
    open_cin = [c for j in journeys for c in j.cin_plans if c.end_date is None]
    assert len(open_plans) < len(open_cin) < len(open_episodes)


def test_a_realistic_share_of_initial_conferences_is_late(journeys):
    held = [e for j in journeys for e in j.enquiries if e.conference]
    late = [e for e in held
            if e.conference.held_on > working_days.icpc_due(e.strategies[-1].held_at.date())]
    # DfE: ~78-80% within 15 working days of the (last) strategy discussion.
    assert 0.1 <= len(late) / len(held) <= 0.35
    assert all(e.conference.held_on.weekday() < 5 for e in held)  # CIN census 8875


def test_reviews_first_within_three_months_then_six_some_late(journeys):
    plans = [p for p in _plans(journeys) if p.reviews]
    late_first = sum(p.reviews[0].held_on > working_days.add_months(p.start, 3) for p in plans)
    assert 0 < late_first / len(plans) <= 0.25
    for p in plans:
        dates = [p.start] + [r.held_on for r in p.reviews]
        assert dates == sorted(set(dates))  # CIN census 8841: after the start, in order
        assert all(r.plan_required for r in p.reviews[:-1])
        if p.ended_on is not None and p.end_date is None:
            assert not p.reviews[-1].plan_required  # ended by its last review
        assert all(r.category for r in p.reviews if r.plan_required)


def test_statutory_visits_every_ten_working_days_with_some_late_or_missed(journeys):
    gaps = []
    for j in journeys:
        cp = sorted(v.visited_on for v in j.visits if v.kind == "cp")
        gaps += [working_days.working_days_between(a, b) for a, b in pairwise(cp)
                 if working_days.working_days_between(a, b) < 60]  # same plan
    on_time = sum(g <= 10 for g in gaps) / len(gaps)
    assert 0.65 <= on_time <= 0.9
    assert sum(g > 15 for g in gaps) / len(gaps) >= 0.02  # missed visits


def test_every_plan_open_at_the_as_of_date_has_visits(journeys):
    for j in journeys:
        for p in j.cp_plans:
            if p.ended_on is None and working_days.add_working_days(p.start, 5) <= AS_OF:
                assert any(v.kind == "cp" and v.visited_on >= p.start for v in j.visits)
                assert p.core_groups or working_days.add_working_days(p.start, 18) > AS_OF


def test_repeat_and_long_plans(small_plan, journeys):
    plans = _plans(journeys)
    seen: set[int] = set()
    repeat = 0
    for c in small_plan.contacts:
        for p in c.referral.protection.cp_plans if c.referral and c.referral.protection else ():
            repeat += bool(p.previous_plans) or c.child.key in seen
            seen.add(c.child.key)
    # DfE: about a quarter of plans are second or later plans (here or elsewhere).
    assert 0.1 <= repeat / len(plans) <= 0.35
    # ~5% of plans are planned to run beyond two years (five reviews or more).
    long_share = sum(w for n, w in zip(cal.REVIEWS_TO_END.values, cal.REVIEWS_TO_END.weights,
                                       strict=True) if n >= 5)
    assert 0.03 <= long_share / sum(cal.REVIEWS_TO_END.weights) <= 0.1
    assert any((p.ended_on or AS_OF) - p.start > timedelta(days=540) for p in plans)
    categories = Counter(p.conference.category for p in plans)
    assert categories.most_common(2)[0][0] in ("NEG", "EMO")


def test_plans_never_overlap_and_the_case_closes_after_everything(referrals):
    for ref in referrals:
        j = ref.protection
        if j is None:
            continue
        periods = sorted(
            [(p.start, p.ended_on or date.max, "cp") for p in j.cp_plans]
            + [(c.start, c.end_date or date.max, "cin") for c in j.cin_plans]
        )
        for (_s1, e1, _), (s2, _e2, _) in pairwise(periods):
            # CIN census 4001/4014/4016/4017/8940: one after the other (a plan may start
            # the day another ends).
            assert e1 <= s2
        for e in j.enquiries:
            assert e.seen_on is None or e.start <= e.seen_on
            if e.completed_on:
                assert e.seen_on and e.seen_on <= e.completed_on
            if e.conference:
                assert e.completed_on and e.completed_on <= e.conference.held_on
        for v in j.visits:
            covering = [k for s, e, k in periods if s <= v.visited_on < e]
            assert v.kind in covering
        if ref.closure_date is not None:
            last = max([e for _, e, _ in periods] + [v.visited_on for v in j.visits]
                       + [e.completed_on or date.max for e in j.enquiries], default=date.min)
            assert last <= ref.closure_date  # CIN census 8565, 8868
            if j.enquiries or j.cp_plans or j.cin_plans:
                assert ref.closure_reason not in ("RC8", "RC9")  # CIN census 2990
            a = ref.assessment
            # episode_close refuses while the assessment is open.
            assert a is None or (a.authorised_on and a.authorised_on <= ref.closure_date)


def test_nothing_in_the_plans_is_after_the_as_of_date(small_plan, journeys):
    for j in journeys:
        for e in j.enquiries:
            assert all(s.held_at <= small_plan.cutoff for s in e.strategies)
            assert (e.completed_on or AS_OF) <= AS_OF
        for p in j.cp_plans:
            assert p.start <= AS_OF and all(r.held_on <= AS_OF for r in p.reviews)
            assert all(d <= AS_OF for d in p.core_groups)
            assert all((a.completed_on or AS_OF) <= AS_OF for a in p.actions)
        assert all(v.visited_on <= AS_OF for v in j.visits)
        assert all(c.start <= AS_OF and (c.end_date or AS_OF) <= AS_OF for c in j.cin_plans)


def test_visit_gaps_follow_the_authority_standards():
    rng = random.Random(9)
    cp = [cal.cp_visit_gap(rng) for _ in range(10_000)]
    cin = [cal.cin_visit_gap(rng) for _ in range(10_000)]
    assert sum(g <= 10 for g in cp) / len(cp) == pytest.approx(0.78, abs=0.02)
    assert sum(g <= 20 for g in cin) / len(cin) == pytest.approx(0.72, abs=0.02)


def test_the_protection_plan_is_the_same_for_the_same_seed():
    def fingerprint(plan):
        return [
            (e.start, e.completed_on, e.outcome, e.conference.held_on if e.conference else None)
            for c in plan.contacts if c.referral and c.referral.protection
            for e in c.referral.protection.enquiries
        ] + [
            (v.visited_on, v.child_seen)
            for c in plan.contacts if c.referral and c.referral.protection
            for v in c.referral.protection.visits
        ]

    a = make_plan(size="tiny", seed=9, as_of=AS_OF, now=NOW)
    b = make_plan(size="tiny", seed=9, as_of=AS_OF, now=NOW)
    assert fingerprint(a) and fingerprint(a) == fingerprint(b)
