"""Opening and closing child in need episodes: re-referrals, closure rules, step-down."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from opencsc.casework.episodes import episode_close, episode_open
from opencsc.casework.models import CINEpisode
from opencsc.core.concurrency import StaleEditError
from opencsc.core.working_days import LONDON
from opencsc.frontdoor.models import EarlyHelpEpisode
from tests.factories import CINEpisodeFactory, PersonFactory
from tests.frontdoor.conftest import authorised_assessment, open_assessment

TODAY = dt.date(2025, 6, 16)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime(2025, 6, 16, 12, 0, tzinfo=LONDON), tick=False):
        yield


def open_for(child, actor, referral_date=TODAY, **overrides):
    fields = dict(
        actor=actor, child=child, referral_date=referral_date, source="6", primary_need="N1"
    )
    fields.update(overrides)
    return episode_open(**fields)


def previous_episode(child, referral_date, closure_date=None):
    return CINEpisodeFactory(
        child=child,
        referral_date=referral_date,
        closure_date=closure_date or referral_date + dt.timedelta(days=30),
        closure_reason="RC8",
    )


def close(episode, actor, **overrides):
    fields = dict(
        actor=actor,
        episode=episode,
        expected_version=episode.version,
        closure_date=TODAY,
        reason="RC7",
    )
    fields.update(overrides)
    return episode_close(**fields)


# --- Opening -----------------------------------------------------------------------------


def test_referral_within_12_months_is_a_re_referral(social_worker):
    child = PersonFactory()
    previous_episode(child, dt.date(2024, 7, 16))  # 11 months before
    assert open_for(child, social_worker).is_re_referral is True


def test_referral_after_13_months_is_not_a_re_referral(social_worker):
    child = PersonFactory()
    previous_episode(child, dt.date(2024, 5, 16))  # 13 months before
    assert open_for(child, social_worker).is_re_referral is False


def test_first_referral_is_not_a_re_referral(social_worker):
    assert open_for(PersonFactory(), social_worker).is_re_referral is False


def test_second_open_episode_is_refused(social_worker):
    child = PersonFactory()
    CINEpisodeFactory(child=child)
    with pytest.raises(ValidationError, match="Record this on the open case instead"):
        open_for(child, social_worker)


def test_referral_inside_a_previous_episode_is_refused(social_worker):
    child = PersonFactory()
    previous_episode(child, dt.date(2025, 5, 1), closure_date=dt.date(2025, 6, 10))
    with pytest.raises(ValidationError) as err:
        open_for(child, social_worker, referral_date=dt.date(2025, 6, 9))
    assert "8820" in err.value.message_dict["referral_date"][0]


def test_referral_on_the_day_the_previous_episode_closed_is_allowed(social_worker):
    child = PersonFactory()
    previous_episode(child, dt.date(2025, 5, 1), closure_date=TODAY)
    assert open_for(child, social_worker).is_re_referral is True


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("source", "5Z"),
        ("primary_need", "N9"),
        ("primary_need", ""),
        ("referral_date", TODAY + dt.timedelta(days=1)),
    ],
)
def test_episode_open_checks_its_fields(social_worker, field, value):
    with pytest.raises(ValidationError) as err:
        open_for(PersonFactory(), social_worker, **{field: value})
    assert field in err.value.message_dict


def test_referral_nfa_does_not_need_a_primary_need(social_worker):
    episode = open_for(PersonFactory(), social_worker, primary_need="", referral_nfa=True)
    assert episode.referral_nfa is True


# --- Closing -----------------------------------------------------------------------------


@pytest.fixture
def episode(child):
    return CINEpisodeFactory(child=child, referral_date=dt.date(2025, 4, 1))


def test_episode_closes_with_date_and_reason(episode, social_worker):
    closed = close(episode, social_worker)
    assert closed.closure_date == TODAY
    assert closed.closure_reason == "RC7"
    assert closed.version == 2
    assert not EarlyHelpEpisode.objects.exists()


def test_close_refused_while_an_assessment_is_open(episode, social_worker):
    open_assessment(episode)
    with pytest.raises(ValidationError) as err:
        close(episode, social_worker)
    assert "must be authorised before the case can close" in err.value.message_dict["__all__"][0]
    episode.refresh_from_db()
    assert episode.is_open


def test_close_before_the_referral_is_refused(episode, social_worker):
    with pytest.raises(ValidationError) as err:
        close(episode, social_worker, closure_date=dt.date(2025, 3, 31))
    assert "after the referral date, 1 April 2025" in err.value.message_dict["closure_date"][0]


def test_close_in_the_future_is_refused(episode, social_worker):
    with pytest.raises(ValidationError) as err:
        close(episode, social_worker, closure_date=TODAY + dt.timedelta(days=1))
    assert "today or in the past" in err.value.message_dict["closure_date"][0]


def test_close_needs_a_date_and_a_valid_reason(episode, social_worker):
    with pytest.raises(ValidationError) as err:
        close(episode, social_worker, closure_date=None, reason="RC0")
    assert set(err.value.message_dict) == {"closure_date", "reason"}


def test_close_before_the_assessment_was_authorised_is_refused(episode, social_worker):
    authorised_assessment(episode, on=dt.date(2025, 5, 20))
    with pytest.raises(ValidationError) as err:
        close(episode, social_worker, closure_date=dt.date(2025, 5, 19), reason="RC8")
    assert "8565" in err.value.message_dict["closure_date"][0]


def test_died_needs_the_date_of_death(episode, social_worker):
    with pytest.raises(ValidationError) as err:
        close(episode, social_worker, reason="RC2")
    assert "date of death" in err.value.message_dict["reason"][0]


def test_died_with_the_date_of_death_closes(episode, social_worker):
    child = episode.child
    child.date_of_death = dt.date(2025, 6, 1)
    child.save()
    assert close(episode, social_worker, reason="RC2").closure_reason == "RC2"


def test_nfa_after_assessment_needs_an_authorised_assessment(episode, social_worker):
    with pytest.raises(ValidationError) as err:
        close(episode, social_worker, reason="RC8")
    assert "needs an authorised assessment" in err.value.message_dict["reason"][0]


def test_nfa_after_an_authorised_assessment_closes(episode, social_worker):
    authorised_assessment(episode, on=dt.date(2025, 5, 20))
    assert close(episode, social_worker, reason="RC8").closure_reason == "RC8"


def test_closed_episode_cannot_close_again(episode, social_worker):
    close(episode, social_worker)
    with pytest.raises(ValidationError, match="already closed"):
        close(episode, social_worker)


def test_stale_close_is_refused(episode, social_worker):
    stale = CINEpisode.objects.get(pk=episode.pk)
    close(episode, social_worker)
    with pytest.raises(StaleEditError):
        close(stale, social_worker)


# --- Step-down to early help ------------------------------------------------------------


def test_rc9_steps_down_to_early_help(episode, social_worker):
    authorised_assessment(episode, on=dt.date(2025, 5, 20))
    close(
        episode,
        social_worker,
        reason="RC9",
        step_down_lead_professional="Synthetic Family Worker",
        step_down_organisation="Synthetic Family Hub",
    )
    early_help = EarlyHelpEpisode.objects.get(child=episode.child)
    assert early_help.stepped_down_from == episode
    assert early_help.start_date == TODAY
    assert early_help.end_date is None


def test_rc9_needs_the_early_help_lead(episode, social_worker):
    authorised_assessment(episode, on=dt.date(2025, 5, 20))
    with pytest.raises(ValidationError) as err:
        close(episode, social_worker, reason="RC9")
    assert {"step_down_lead_professional", "step_down_organisation"} <= set(err.value.message_dict)


def test_step_down_fields_with_services_ended_open_early_help(episode, social_worker):
    close(
        episode,
        social_worker,
        reason="RC7",
        step_down_lead_professional="Synthetic Family Worker",
        step_down_organisation="Synthetic Family Hub",
    )
    assert EarlyHelpEpisode.objects.get(child=episode.child).stepped_down_from == episode


def test_step_down_after_a_transfer_is_refused(episode, social_worker):
    with pytest.raises(ValidationError) as err:
        close(
            episode,
            social_worker,
            reason="RC5",
            step_down_lead_professional="A",
            step_down_organisation="B",
        )
    assert "cannot step down to early help" in err.value.message_dict["reason"][0]
