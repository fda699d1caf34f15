"""A case closes only when its plans, enquiries and conferences are finished (CIN census
8565, 2990, 8868), as well as its assessments."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from opencsc.casework.episodes import episode_close
from opencsc.casework.models import CINEpisode
from opencsc.protection.models import EnquiryOutcome
from tests.factories import (
    AssessmentFactory,
    ChildInNeedPlanFactory,
    ChildProtectionPlanFactory,
    CINEpisodeFactory,
    ConferenceFactory,
    Section47EnquiryFactory,
    UserFactory,
)

REFERRAL = dt.date(2026, 1, 5)


@pytest.fixture
def episode(db):
    return CINEpisodeFactory(referral_date=REFERRAL)


def close(episode, on, reason="RC7"):
    episode.refresh_from_db()
    return episode_close(
        actor=UserFactory(),
        episode=episode,
        expected_version=episode.version,
        closure_date=on,
        reason=reason,
    )


def refused(episode, on, reason="RC7") -> dict:
    with pytest.raises(ValidationError) as exc:
        close(episode, on, reason)
    assert CINEpisode.objects.get(pk=episode.pk).closure_date is None  # nothing saved
    return exc.value.message_dict


def test_an_open_child_in_need_plan_stops_closure(episode):
    plan = ChildInNeedPlanFactory(episode=episode)
    errors = refused(episode, dt.date(2026, 3, 1))
    assert "child in need plan started on 5 January 2026 is still open" in errors["__all__"][0]
    plan.end_date, plan.end_reason = dt.date(2026, 2, 1), "outcomes_met"
    plan.save()
    assert close(episode, dt.date(2026, 3, 1)).closure_date == dt.date(2026, 3, 1)


def test_an_open_child_protection_plan_stops_closure(episode):
    ChildProtectionPlanFactory(conference=ConferenceFactory(episode=episode, held_on=REFERRAL))
    assert "child protection plan" in refused(episode, dt.date(2026, 3, 1))["__all__"][0]


def test_an_open_enquiry_stops_closure(episode):
    Section47EnquiryFactory(episode=episode)
    assert "section 47 enquiry" in refused(episode, dt.date(2026, 3, 1))["__all__"][0]


def test_an_enquiry_that_called_a_conference_not_yet_held_stops_closure(episode):
    Section47EnquiryFactory(
        episode=episode,
        child_seen_on=REFERRAL,
        completed_on=dt.date(2026, 1, 20),
        outcome=EnquiryOutcome.ICPC,
    )
    assert "8868" in refused(episode, dt.date(2026, 3, 1))["__all__"][0]


def test_closure_cannot_come_before_the_last_plan_date(episode):
    ChildInNeedPlanFactory(
        episode=episode, end_date=dt.date(2026, 2, 10), end_reason="outcomes_met"
    )
    errors = refused(episode, dt.date(2026, 2, 9))
    assert "10 February 2026" in errors["closure_date"][0] and "8565" in errors["closure_date"][0]


@pytest.mark.parametrize("reason", ["RC8", "RC9"])
def test_after_assessment_reasons_are_refused_once_there_was_a_plan(episode, reason):
    AssessmentFactory(
        episode=episode,
        start_date=REFERRAL,
        status="authorised",
        authorised_on=dt.date(2026, 1, 20),
        authorised_by=UserFactory(),
        outcome="cin_plan",
        analysis="Needs met by a plan.",
        factors=["16A"],
    )
    ChildInNeedPlanFactory(
        episode=episode, end_date=dt.date(2026, 2, 10), end_reason="outcomes_met"
    )
    assert "2990" in refused(episode, dt.date(2026, 3, 1), reason)["reason"][0]
