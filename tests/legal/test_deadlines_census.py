"""The legal clocks (16 weeks flagged from 12; 26 weeks from issue; the manager's review)
and the CIN census pre-proceedings module from 2026-27."""

from __future__ import annotations

import datetime as dt

import pytest

from opencsc.legal import census, services
from opencsc.legal.deadlines import (
    FLAGGED,
    ON_TRACK,
    OVERDUE,
    QUERIES,
    legal_deadlines_for,
    plo_clock,
    plo_weeks,
    proceedings_clock,
)
from tests.factories import CINEpisodeFactory, PersonFactory
from tests.legal.conftest import TODAY
from tests.legal.helpers import DECIDED, D, open_plo

pytestmark = pytest.mark.django_db
START = dt.date(2026, 1, 5)


@pytest.mark.parametrize(
    ("days", "weeks", "status"),
    [
        (0, 0, ON_TRACK),
        (83, 11, ON_TRACK),
        (84, 12, FLAGGED),
        (112, 16, FLAGGED),
        (113, 16, OVERDUE),
    ],
)
def test_pre_proceedings_are_flagged_from_week_12_and_overdue_after_16(days, weeks, status):
    clock = plo_clock(START, None, START + D(days=days))
    assert (clock.weeks, clock.status) == (weeks, status)
    assert clock.due == START + D(weeks=16)


def test_proceedings_run_26_weeks_from_issue():
    assert proceedings_clock(START, None, START + D(weeks=26)).status == FLAGGED
    assert proceedings_clock(START, None, START + D(weeks=26, days=1)).status == OVERDUE
    # Concluded proceedings stop the clock.
    assert proceedings_clock(START, START + D(weeks=10), TODAY).weeks == 10


def test_legal_deadlines_for_a_page_in_two_queries(
    child, episode, manager, social_worker, django_assert_num_queries
):
    plo = open_plo(child, manager)
    other = PersonFactory(date_of_birth=dt.date(2015, 1, 1))
    services.proceedings_issue(
        actor=social_worker, child=other, issued_on=DECIDED, court="Family Court at Crewe"
    )
    with django_assert_num_queries(QUERIES):
        found = legal_deadlines_for([child.pk, other.pk], TODAY)
    assert [d.kind for d in found[child.pk]] == ["plo_review", "plo"]
    assert found[child.pk][0].due_date == DECIDED + D(weeks=4)
    assert found[other.pk][0].due_date == DECIDED + D(weeks=26)
    assert plo_weeks(plo, TODAY) == 13
    with django_assert_num_queries(0):
        assert legal_deadlines_for([], TODAY) == {}


def test_no_census_module_before_2026_27(child, episode, manager, django_assert_num_queries):
    open_plo(child, manager)
    with django_assert_num_queries(0):
        assert census.pre_proceedings_for_census([episode.pk], 2026) == {}
    assert census.has_module(2027) and not census.has_module(2026)


def test_the_census_module_for_2026_27(
    child, episode, manager, social_worker, frozen, django_assert_num_queries
):
    plo = open_plo(child, manager)  # 19 January 2026: open into 2026-27
    plo = services.pre_proceedings_update(
        actor=manager,
        plo=plo,
        expected_version=plo.version,
        letter_sent_on=DECIDED + D(days=3),
        initial_meeting_on=DECIDED + D(days=10),
        fgdm_offered_on=DECIDED + D(days=3),
    )
    services.pre_proceedings_review_record(
        actor=social_worker, plo=plo, kind="meeting", held_on=TODAY, progress="x"
    )
    services.pre_proceedings_review_record(
        actor=manager,
        plo=plo,
        kind="manager",
        held_on=TODAY,
        progress="x",
        next_review_due=TODAY + D(weeks=2),
    )
    frozen.move_to(dt.datetime(2027, 4, 12, 9, 0, tzinfo=dt.UTC))
    issued = dt.date(2026, 5, 4)
    services.proceedings_issue(
        actor=social_worker, child=child, issued_on=issued, court="Family Court at Crewe"
    )
    # Another child's pre-proceedings ended before the year: not in its census.
    old_child = PersonFactory()
    old_episode = CINEpisodeFactory(child=old_child, referral_date=dt.date(2025, 1, 6))
    old = open_plo(old_child, manager, on=dt.date(2025, 1, 13))
    services.pre_proceedings_end(
        actor=manager,
        plo=old,
        expected_version=old.version,
        ended_on=dt.date(2025, 3, 3),
        outcome="diverted",
    )
    with django_assert_num_queries(census.QUERIES):
        rows = census.pre_proceedings_for_census([episode.pk, old_episode.pk], 2027)
    assert list(rows) == [episode.pk]
    (row,) = rows[episode.pk]
    assert tuple(row) == census.ELEMENTS
    assert row == {
        "PPStartDate": DECIDED,
        "LBPSentDate": DECIDED + D(days=3),
        "FGDMMeetingOffer": "1",
        "FGDMMeetingFac": "0",
        "InitialPPMeetingDate": DECIDED + D(days=10),
        "ReviewMeetingsCount": 1,  # the manager's review is not a meeting with the family
        "StepDecisionDate": issued,
        "PPOutcome": "A",
        "CourtAppDate": issued,
        "LetterInitCPDate": None,
    }


def test_the_census_leaves_out_what_happened_after_31_march(child, episode, manager, frozen):
    frozen.move_to(dt.datetime(2027, 4, 20, 9, 0, tzinfo=dt.UTC))
    plo = open_plo(child, manager, on=dt.date(2027, 3, 22))
    services.pre_proceedings_update(
        actor=manager, plo=plo, expected_version=plo.version, letter_sent_on=dt.date(2027, 4, 2)
    )
    (row,) = census.pre_proceedings_for_census([episode.pk], 2027)[episode.pk]
    assert row["LBPSentDate"] is None and row["StepDecisionDate"] is None
    assert row["PPOutcome"] is None
    # Still open at the next reference date: reported again in the next census.
    assert census.pre_proceedings_for_census([episode.pk], 2028)[episode.pk]
