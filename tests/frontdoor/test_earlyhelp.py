"""Early help: updates, closure and step-up to children's social care."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from opencsc.casework.models import Allocation, CINEpisode
from opencsc.core.concurrency import StaleEditError
from opencsc.core.working_days import LONDON
from opencsc.frontdoor.services import (
    earlyhelp_close,
    earlyhelp_open,
    earlyhelp_step_up,
    earlyhelp_update,
)
from tests.factories import CINEpisodeFactory, EarlyHelpEpisodeFactory, PersonFactory, TeamFactory

TODAY = dt.date(2025, 6, 16)
START = dt.date(2025, 5, 1)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime(2025, 6, 16, 12, 0, tzinfo=LONDON), tick=False):
        yield


@pytest.fixture
def early_help(db):
    return EarlyHelpEpisodeFactory(start_date=START)


def update(episode, actor, **overrides):
    fields = dict(
        actor=actor,
        episode=episode,
        expected_version=episode.version,
        lead_professional=episode.lead_professional,
        lead_organisation=episode.lead_organisation,
    )
    fields.update(overrides)
    return earlyhelp_update(**fields)


def test_early_help_opens(social_worker):
    child = PersonFactory()
    episode = earlyhelp_open(
        actor=social_worker,
        child=child,
        start_date=TODAY,
        lead_professional="Synthetic Family Worker",
        lead_organisation="Synthetic Family Hub",
    )
    assert episode.end_date is None


def test_early_help_is_not_opened_beside_an_open_case(social_worker):
    child = PersonFactory()
    CINEpisodeFactory(child=child)
    with pytest.raises(ValidationError, match="as a step-down"):
        earlyhelp_open(
            actor=social_worker,
            child=child,
            start_date=TODAY,
            lead_professional="A",
            lead_organisation="B",
        )


def test_early_help_records_the_assessment(early_help, social_worker):
    updated = update(
        early_help,
        social_worker,
        assessment_start=dt.date(2025, 5, 5),
        assessment_completed=dt.date(2025, 6, 2),
        lead_professional="New Lead",
    )
    assert updated.assessment_completed == dt.date(2025, 6, 2)
    assert updated.lead_professional == "New Lead"
    assert updated.version == 2


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"assessment_start": dt.date(2025, 4, 30)}, "assessment_start"),
        ({"assessment_start": TODAY + dt.timedelta(days=1)}, "assessment_start"),
        ({"assessment_completed": dt.date(2025, 6, 2)}, "assessment_start"),
        (
            {"assessment_start": dt.date(2025, 6, 2), "assessment_completed": dt.date(2025, 6, 1)},
            "assessment_completed",
        ),
        ({"lead_professional": ""}, "lead_professional"),
        ({"lead_organisation": " "}, "lead_organisation"),
        ({"end_date": TODAY}, "end_reason"),
        ({"end_reason": "Family moved away"}, "end_date"),
        ({"end_date": dt.date(2025, 4, 1), "end_reason": "Done"}, "end_date"),
        ({"end_date": TODAY + dt.timedelta(days=1), "end_reason": "Done"}, "end_date"),
    ],
)
def test_early_help_update_checks_dates(early_help, social_worker, changes, field):
    with pytest.raises(ValidationError) as err:
        update(early_help, social_worker, **changes)
    assert field in err.value.message_dict


def test_stale_early_help_update_is_refused(early_help, social_worker):
    version = early_help.version
    update(early_help, social_worker, lead_professional="First")
    with pytest.raises(StaleEditError) as err:
        update(early_help, social_worker, expected_version=version, lead_professional="Second")
    assert err.value.current.lead_professional == "First"


def test_early_help_closes_with_end_date_and_reason(early_help, social_worker):
    closed = earlyhelp_close(
        actor=social_worker,
        episode=early_help,
        expected_version=early_help.version,
        end_date=TODAY,
        end_reason="Outcomes achieved",
    )
    assert closed.end_date == TODAY
    with pytest.raises(ValidationError, match="cannot be changed"):
        update(closed, social_worker)


def test_early_help_step_up_opens_a_referral_from_early_help(early_help, social_worker):
    team = TeamFactory(kind="cin_cp")
    episode = earlyhelp_step_up(
        actor=social_worker,
        episode=early_help,
        referral_date=TODAY,
        primary_need="N4",
        allocate_team=team,
        expected_version=early_help.version,
    )
    assert episode.referral_source == "5D"
    assert episode.referral_date == TODAY
    assert episode.primary_need == "N4"
    early_help.refresh_from_db()
    assert early_help.end_date == TODAY
    assert early_help.stepped_up_to == episode
    assert Allocation.objects.get(child=early_help.child, end_date__isnull=True).team == team


def test_step_up_before_early_help_started_is_refused(early_help, social_worker):
    TeamFactory(kind="assessment")
    with pytest.raises(ValidationError) as err:
        earlyhelp_step_up(
            actor=social_worker,
            episode=early_help,
            referral_date=dt.date(2025, 4, 1),
            primary_need="N4",
        )
    assert "referral_date" in err.value.message_dict
    assert not CINEpisode.objects.exists()


def test_step_up_needs_a_real_need(early_help, social_worker):
    TeamFactory(kind="assessment")
    with pytest.raises(ValidationError) as err:
        earlyhelp_step_up(
            actor=social_worker, episode=early_help, referral_date=TODAY, primary_need="N9"
        )
    assert "primary_need" in err.value.message_dict
    early_help.refresh_from_db()
    assert early_help.end_date is None


def test_step_up_of_closed_early_help_is_refused(early_help, social_worker):
    closed = earlyhelp_close(
        actor=social_worker,
        episode=early_help,
        expected_version=1,
        end_date=TODAY,
        end_reason="Done",
    )
    with pytest.raises(ValidationError, match="cannot be stepped up"):
        earlyhelp_step_up(
            actor=social_worker, episode=closed, referral_date=TODAY, primary_need="N4"
        )


def test_stale_step_up_is_refused(early_help, social_worker):
    update(early_help, social_worker, lead_professional="Someone else")
    with pytest.raises(StaleEditError):
        earlyhelp_step_up(
            actor=social_worker,
            episode=early_help,
            referral_date=TODAY,
            primary_need="N4",
            expected_version=1,
        )
