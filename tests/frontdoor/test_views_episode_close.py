"""casework:episode-close end to end: closure, refusals, step-down, stale edits, access."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from opencsc.casework.episodes import episode_close
from opencsc.frontdoor.models import EarlyHelpEpisode
from tests.factories import CINEpisodeFactory
from tests.frontdoor.conftest import authorised_assessment, open_assessment
from tests.frontdoor.test_views_earlyhelp import date_fields


@pytest.fixture
def episode(child):
    return CINEpisodeFactory(
        child=child, referral_date=timezone.localdate() - dt.timedelta(days=40)
    )


def url(episode):
    return reverse("casework:episode-close", args=[episode.pk])


def close_post(episode, **overrides):
    data = {
        "version": str(episode.version),
        "reason": "RC7",
        **date_fields("closure_date", timezone.localdate()),
    }
    data.update(overrides)
    return data


def test_allocated_worker_closes_the_case(client, episode, social_worker):
    client.force_login(social_worker)
    assert client.get(url(episode)).status_code == 200
    response = client.post(url(episode), close_post(episode))
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.closure_reason == "RC7"
    page = client.get(url(episode)).content.decode()
    assert "Case closed" in page


def test_colleague_can_close_and_outsider_gets_404(client, episode, colleague, outsider):
    client.force_login(outsider)
    assert client.get(url(episode)).status_code == 404
    client.force_login(colleague)
    assert client.get(url(episode)).status_code == 200


def test_front_door_cannot_close_a_case(client, episode, front_door_worker):
    client.force_login(front_door_worker)
    assert client.get(url(episode)).status_code == 403


def test_close_with_an_open_assessment_is_refused_on_the_page(client, episode, social_worker):
    open_assessment(episode)
    client.force_login(social_worker)
    response = client.post(url(episode), close_post(episode))
    assert response.status_code == 200
    assert "must be authorised before the case can close" in response.content.decode()
    episode.refresh_from_db()
    assert episode.is_open


def test_rc9_on_the_page_steps_down_to_early_help(client, episode, social_worker):
    authorised_assessment(episode, on=timezone.localdate() - dt.timedelta(days=5))
    client.force_login(social_worker)
    response = client.post(
        url(episode),
        close_post(
            episode,
            reason="RC9",
            step_down_lead_professional="Synthetic Family Worker",
            step_down_organisation="Synthetic Family Hub",
        ),
    )
    assert response.status_code == 302
    early_help = EarlyHelpEpisode.objects.get(stepped_down_from=episode)
    page = client.get(url(episode)).content.decode()
    assert reverse("frontdoor:earlyhelp-detail", args=[early_help.pk]) in page


def test_rc2_without_date_of_death_is_refused_on_the_page(client, episode, social_worker):
    client.force_login(social_worker)
    response = client.post(url(episode), close_post(episode, reason="RC2"))
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]


def test_stale_close_keeps_the_input(client, episode, social_worker):
    episode_close(
        actor=social_worker,
        episode=episode,
        expected_version=episode.version,
        closure_date=timezone.localdate(),
        reason="RC7",
    )
    client.force_login(social_worker)
    response = client.post(url(episode), close_post(episode, version="1", reason="RC3"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else changed this record" in html
    assert "Someone else closed this case" in html
    assert response.context["form"].data["reason"] == "RC3"
