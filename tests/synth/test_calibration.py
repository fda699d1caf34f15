"""The rates the synthetic authority is calibrated to (DOMAIN.md section 6), checked on the
sampling functions and on a planned ``small`` authority, without the database."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, datetime, timedelta

import pytest

from opencsc.core import working_days
from opencsc.core.codes import AssessmentFactor, Disability
from opencsc.core.identifiers import nhs_number_is_valid, upn_is_valid
from opencsc.synth import calibration as cal
from opencsc.synth.journeys import LONDON, WorkingCalendar
from opencsc.synth.population import load_postcodes
from opencsc.synth.runner import make_plan

AS_OF = date(2025, 3, 31)
NOW = datetime(2025, 6, 1, 12, tzinfo=LONDON)


@pytest.fixture(scope="module")
def small_plan():
    return make_plan(size="small", seed=7, as_of=AS_OF, now=NOW)


def _last_year(plan):
    since = datetime.combine(AS_OF - timedelta(days=365), datetime.min.time(), tzinfo=LONDON)
    return [c for c in plan.contacts if c.received_at > since]


def test_weighted_draws_follow_their_weights():
    rng = random.Random(1)
    table = cal.Weighted({"a": 3, "b": 1})
    draws = Counter(table.draw(rng) for _ in range(20_000))
    assert draws["a"] / 20_000 == pytest.approx(0.75, abs=0.02)


def test_assessment_durations_average_33_working_days_with_a_late_tail():
    rng = random.Random(2)
    days = [cal.assessment_working_days(rng) for _ in range(20_000)]
    assert sum(days) / len(days) == pytest.approx(33.5, abs=2)
    # WT2023: 45 working days; nationally ~15-20% of assessments take longer.
    late = sum(d > 45 for d in days) / len(days)
    assert 0.15 <= late <= 0.22
    assert min(days) >= 4


def test_no_factors_identified_is_always_alone_and_only_for_closures():
    rng = random.Random(3)
    valid = set(AssessmentFactor.values)
    for _ in range(3_000):
        need = cal.PRIMARY_NEEDS.draw(rng)
        outcome = cal.ASSESSMENT_OUTCOMES.draw(rng)
        factors = cal.sample_factors(rng, need=need, outcome=outcome)
        assert factors and set(factors) <= valid
        assert len(set(factors)) == len(factors)  # CIN census 8898
        if "21" in factors:
            assert factors == ["21"]  # 8869
            assert outcome in ("nfa", "early_help")  # 8873Q: RC8/RC9


def test_disabilities_are_distinct_codes_never_none():
    rng = random.Random(4)
    for _ in range(2_000):
        codes = cal.sample_disabilities(rng)
        assert codes and len(set(codes)) == len(codes)
        assert set(codes) <= set(Disability.values) - {"NONE"}


def test_primary_need_is_never_one_a_referral_cannot_have():
    # casework.episodes.primary_need_error refuses N0 and N9 for a referral.
    assert not {"N0", "N9"} & set(cal.PRIMARY_NEEDS.values)
    assert cal.PRIMARY_NEEDS.share("N1") == pytest.approx(0.55, abs=0.01)


def test_working_calendar_agrees_with_core_working_days():
    calendar = WorkingCalendar(date(2022, 1, 1), date(2027, 12, 31))
    rng = random.Random(5)
    for _ in range(2_000):
        d = date(2022, 6, 1) + timedelta(days=rng.randrange(1_500))
        n = rng.randrange(0, 80)
        assert calendar.add(d, n) == working_days.add_working_days(d, n)
        assert calendar.is_working_day(d) == working_days.is_working_day(d)
        back = calendar.before(d, n)
        assert back <= d
        assert n == 0 or working_days.working_days_between(back, d) == n - (
            0 if working_days.is_working_day(d) else 1
        ) or not working_days.is_working_day(back)


def test_postcodes_are_cheshire_east_districts():
    postcodes = load_postcodes()
    assert 2_500 <= len(postcodes) <= 3_000
    districts = Counter(p.postcode.split()[0] for p in postcodes)
    assert {"CW1", "SK10", "SK9", "WA16", "CW12"} <= set(districts)
    assert districts.most_common(1)[0][1] < 0.2 * len(postcodes)


def test_contacts_and_referrals_per_year_match_the_authority_size(small_plan):
    contacts = _last_year(small_plan)
    referrals = [c for c in contacts if c.referral]
    # small = a tenth of Cheshire East: ~1,900 contacts and ~415 referrals a year.
    assert 1_700 <= len(contacts) <= 2_150
    assert 360 <= len(referrals) <= 480
    # Contacts are about 4.5 times referrals: ~22% convert.
    assert 0.19 <= len(referrals) / len(contacts) <= 0.25


def test_referral_sources_match_national_shares(small_plan):
    # One source per referral event: siblings referred together share it, so counting
    # their contacts one by one only adds noise (a school's referral of three siblings).
    events = {(c.group_ref or c.key): c for c in _last_year(small_plan) if c.referral}
    refs = list(events.values())
    share = Counter(
        "police" if c.source == "6" else "schools" if c.source[:1] == "2" else
        "health" if c.source[:1] == "3" else "la" if c.source[:1] == "5" else
        "individual" if c.source[:1] == "1" else "other"
        for c in refs
    )
    n = len(refs)
    # ~360 referral events a year: a share of 0.2-0.3 has a standard error of ~0.022, so
    # three of them either side.
    assert share["police"] / n == pytest.approx(0.28, abs=0.065)
    assert share["schools"] / n == pytest.approx(0.21, abs=0.065)
    assert share["health"] / n == pytest.approx(0.14, abs=0.04)
    assert share["la"] / n == pytest.approx(0.11, abs=0.04)


def test_re_referrals_within_12_months_are_about_22_percent(small_plan):
    refs = [c for c in small_plan.contacts if c.referral]
    previous: dict[int, list[date]] = {}
    re_referrals = counted = 0
    start = AS_OF - timedelta(days=365)
    for c in sorted(refs, key=lambda c: c.referral.referral_date):
        d = c.referral.referral_date
        earlier = previous.setdefault(c.child.key, [])
        if d > start:
            counted += 1
            re_referrals += any(d - timedelta(days=365) <= e for e in earlier)
        earlier.append(d)
    assert re_referrals / counted == pytest.approx(cal.RE_REFERRAL_RATE, abs=0.05)


def test_assessment_outcomes_and_nfa_rates(small_plan):
    refs = [c.referral for c in small_plan.contacts if c.referral]
    assert sum(r.nfa for r in refs) / len(refs) == pytest.approx(0.07, abs=0.03)
    done = [r.assessment for r in refs if r.assessment and r.assessment.authorised_on]
    outcomes = Counter(a.outcome for a in done)
    not_in_need = (outcomes["nfa"] + outcomes["early_help"]) / len(done)
    assert not_in_need == pytest.approx(0.33, abs=0.06)


def test_referrals_nfa_carry_nothing_and_close_the_day_they_are_made(small_plan):
    nfa = [c.referral for c in small_plan.contacts if c.referral and c.referral.nfa]
    assert nfa
    for ref in nfa:
        # CIN census 8831: no assessment (nor S47 or conference) on a referral NFA. Not
        # RC8, which episode_close keeps for a closure after an authorised assessment.
        assert ref.assessment is None
        assert not (ref.allocations or ref.notes or ref.oversights or ref.supervisions)
        assert ref.step_down is None
        assert ref.closure_reason == "RC7"
        assert ref.closure_date == ref.referral_date


def test_decisions_are_mostly_on_time_with_about_a_tenth_late(small_plan):
    decided = [c for c in small_plan.contacts if c.decided_at]
    late = sum(c.decided_at > working_days.contact_decision_due(c.received_at) for c in decided)
    assert 0.07 <= late / len(decided) <= 0.13
    ooh = sum(c.out_of_hours for c in small_plan.contacts) / len(small_plan.contacts)
    assert 0.08 <= ooh <= 0.16
    handed_over = [c for c in small_plan.contacts if c.out_of_hours and c.handover_at]
    assert handed_over and all(c.handover_at > c.received_at for c in handed_over)


def test_children_look_like_cheshire_east(small_plan):
    children = small_plan.children
    wbri = sum(c.ethnicity == "WBRI" for c in children) / len(children)
    assert wbri == pytest.approx(0.885, abs=0.04)
    referred = {c.child.key: c.child for c in small_plan.contacts if c.referral}
    disabled = sum(bool(c.disabilities) for c in referred.values()) / len(referred)
    assert 0.06 <= disabled <= 0.16
    for child in children:
        assert not child.nhs_number or nhs_number_is_valid(child.nhs_number)
        assert child.nhs_number == "" or child.nhs_number.startswith("999")
        if child.upn:
            assert upn_is_valid(child.upn) and child.upn[1:4] == "895"
        assert not (child.upn and child.upn_unknown_reason)


def test_nothing_is_planned_after_the_as_of_date(small_plan):
    for c in small_plan.contacts:
        assert c.received_at <= small_plan.cutoff
        assert c.decided_at is None or c.decided_at <= small_plan.cutoff
        ref = c.referral
        if ref:
            assert ref.closure_date is None or ref.closure_date <= AS_OF
            assert all(n[0] <= AS_OF for n in ref.notes)
            a = ref.assessment
            if a and a.authorised_on:
                assert a.start_date <= a.authorised_on <= AS_OF


def test_the_plan_is_the_same_for_the_same_seed():
    def fingerprint(plan):
        return [
            (c.child.first_name, c.child.last_name, c.child.date_of_birth, c.child.nhs_number,
             c.received_at, c.source, c.decision, c.decided_at,
             c.referral.closure_date if c.referral else None)
            for c in plan.contacts
        ]

    a = make_plan(size="tiny", seed=3, as_of=AS_OF, now=NOW)
    b = make_plan(size="tiny", seed=3, as_of=AS_OF, now=NOW)
    c = make_plan(size="tiny", seed=4, as_of=AS_OF, now=NOW)
    assert fingerprint(a) == fingerprint(b)
    assert fingerprint(a) != fingerprint(c)


def test_staffing_gives_about_125_fte_for_cheshire_east():
    from opencsc.synth.organisation import plan_organisation

    org = plan_organisation(cal.size_profile("la"), random.Random(1))
    # Case-holding practitioners (the DfE workforce count); IROs and adoption social
    # workers hold no caseload of their own.
    practitioners = [
        w for t in org.teams if t.kind not in ("reviewing", "adoption") for w in t.workers
    ]
    fte = float(sum(w.fte for w in practitioners))
    assert 100 <= fte <= 135
    agency = sum(w.employment == "agency" for w in practitioners) / len(practitioners)
    assert agency == pytest.approx(0.18, abs=0.07)
    names = {t.name for t in org.teams}
    assert {"Front door (MASH)", "Out-of-hours", "Assessment team 1",
            "Child in need and child protection team 1"} <= names
