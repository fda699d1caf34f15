"""Children looked after in the planned ``small`` authority (a tenth of Cheshire East),
against the national rates (DOMAIN.md section 6) and the 903 rules the care services
enforce, without the database."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import pairwise

import pytest

from opencsc.synth.journeys import LONDON
from opencsc.synth.runner import make_plan

AS_OF = date(2026, 11, 22)


@pytest.fixture(scope="module")
def periods():
    plan = make_plan(size="small", seed=3, as_of=AS_OF, now=datetime(2026, 11, 23, tzinfo=LONDON))
    return plan.care_periods


def looked_after_on(periods, day: date) -> int:
    return sum(1 for p in periods if p.start <= day and (p.end is None or p.end > day))


def test_about_540_looked_after_at_cheshire_easts_size(periods):
    # ~70 in 10,000 children: ~54 for a tenth of Cheshire East, at each year end.
    for day in (date(2024, 3, 31), date(2025, 3, 31), date(2026, 3, 31)):
        assert 38 <= looked_after_on(periods, day) <= 75, day


def test_entries_at_the_national_rate(periods):
    # ~27 in 10,000 children start each year: ~22 for a tenth of Cheshire East.
    year = [p for p in periods if date(2025, 4, 1) <= p.start <= date(2026, 3, 31)]
    assert 12 <= len(year) <= 34
    assert any(p.stock for p in periods) and any(not p.stock for p in periods)


def test_exits_home_to_special_guardianship_and_at_18(periods):
    ended = [p.end_reason for p in periods if p.end is not None]
    assert ended
    assert any(r in ("E4A", "E4B") for r in ended)
    assert any(r in ("E45", "E46", "E47", "E48") for r in ended)
    assert any(r in ("E5", "E6", "E8", "E17", "E13") for r in ended)


def test_changes_keep_the_903_episode_rules(periods):
    for p in periods:
        days = [p.start, *(c.on for c in p.changes)]
        # 903 rules 355, 388: one change a day, each after the last; none on the last day.
        assert all(a < b for a, b in pairwise(days)), p
        if p.end is not None:
            assert days[-1] < p.end
        for c in p.changes:
            place = c.placement
            if place is not None and place.placement == "K3":
                assert c.on >= date(2025, 4, 1)  # 903 rule 146
            if place is not None and place.placement in ("A5", "A6"):
                assert p.adoption is not None  # 903 rule 408: under a placement order


def test_reviews_follow_cppcr_reg_33_and_visits_reg_28(periods):
    reviewed = [p for p in periods if not p.stock and p.reviews]
    assert reviewed
    for p in reviewed:
        first = p.reviews[0][0]
        assert p.start < first <= p.start + timedelta(days=70)
        assert all(a < b for a, b in pairwise(d for d, _ in p.reviews))
    visited = [p for p in periods if p.visits]
    assert visited
    for p in visited:
        assert all(0 < (b - a).days <= 125 for a, b in pairwise(p.visits))


def test_missing_episodes_with_return_home_interviews(periods):
    missing = [m for p in periods for m in p.missing]
    assert missing
    assert all(m.started_on <= m.ended_on for m in missing)
    offered = [m for m in missing if m.rhi_offered_on is not None]
    in_72 = [m for m in offered if (m.rhi_offered_on - m.ended_on).days <= 3]
    assert len(in_72) >= 0.6 * len(offered)


def test_care_leavers_have_advisers_pathway_plans_and_contact(periods):
    leavers = [p.leaver for p in periods if p.leaver is not None]
    assert leavers
    for leaver in leavers:
        assert leaver.pathway_plans and leaver.pathway_plans[0] == leaver.start
        assert all((b - a).days <= 240 for a, b in pairwise(leaver.pathway_plans))
