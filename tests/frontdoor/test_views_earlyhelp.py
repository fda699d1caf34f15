"""Early help pages: access from three sides, update, close, step-up, stale edits."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from opencsc.audit.models import AccessEvent
from opencsc.casework.models import CINEpisode
from opencsc.frontdoor.services import earlyhelp_update
from tests.factories import EarlyHelpEpisodeFactory, TeamFactory


def date_fields(prefix, value):
    return {
        f"{prefix}_day": str(value.day),
        f"{prefix}_month": str(value.month),
        f"{prefix}_year": str(value.year),
    }


@pytest.fixture
def early_help(child):
    """Early help for the conftest ``child``, allocated to ``social_worker`` in ``team``."""
    return EarlyHelpEpisodeFactory(
        child=child, start_date=timezone.localdate() - dt.timedelta(days=20)
    )


def test_allocated_worker_sees_early_help(client, early_help, social_worker):
    client.force_login(social_worker)
    response = client.get(reverse("frontdoor:earlyhelp-detail", args=[early_help.pk]))
    assert response.status_code == 200
    assert early_help.lead_professional in response.content.decode()
    assert AccessEvent.objects.filter(user=social_worker, person=early_help.child).exists()


def test_colleague_in_the_team_sees_early_help(client, early_help, colleague):
    client.force_login(colleague)
    assert (
        client.get(reverse("frontdoor:earlyhelp-detail", args=[early_help.pk])).status_code == 200
    )


def test_outsider_gets_404(client, early_help, outsider):
    client.force_login(outsider)
    for name in (
        "frontdoor:earlyhelp-detail",
        "frontdoor:earlyhelp-update",
        "frontdoor:earlyhelp-step-up",
    ):
        assert client.get(reverse(name, args=[early_help.pk])).status_code == 404


def test_early_help_update_and_close_end_to_end(client, early_help, social_worker):
    client.force_login(social_worker)
    url = reverse("frontdoor:earlyhelp-update", args=[early_help.pk])
    assert client.get(url).status_code == 200
    today = timezone.localdate()
    data = {
        "version": str(early_help.version),
        "lead_professional": "New Lead",
        "lead_organisation": "Synthetic Family Hub",
        **date_fields("assessment_start", today - dt.timedelta(days=10)),
        **date_fields("assessment_completed", today - dt.timedelta(days=2)),
    }
    assert client.post(url, data).status_code == 302
    early_help.refresh_from_db()
    assert early_help.lead_professional == "New Lead"
    data.update(
        version=str(early_help.version),
        end_reason="Outcomes achieved",
        **date_fields("end_date", today),
    )
    assert client.post(url, data).status_code == 302
    early_help.refresh_from_db()
    assert early_help.end_date == today
    assert client.get(url).status_code == 302  # closed: nothing left to change


def test_early_help_update_errors_are_shown(client, early_help, social_worker):
    client.force_login(social_worker)
    url = reverse("frontdoor:earlyhelp-update", args=[early_help.pk])
    response = client.post(
        url,
        {
            "version": str(early_help.version),
            "lead_professional": "Lead",
            "lead_organisation": "Hub",
            **date_fields("assessment_completed", timezone.localdate()),
        },
    )
    assert response.status_code == 200
    assert "Enter when the assessment started" in response.content.decode()


def test_stale_early_help_update_keeps_the_input(client, early_help, social_worker):
    client.force_login(social_worker)
    earlyhelp_update(
        actor=social_worker,
        episode=early_help,
        expected_version=early_help.version,
        lead_professional="Saved by someone else",
        lead_organisation="Hub",
    )
    response = client.post(
        reverse("frontdoor:earlyhelp-update", args=[early_help.pk]),
        {"version": "1", "lead_professional": "My typing", "lead_organisation": "Hub"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else changed this record" in html
    assert "My typing" in html
    assert "Saved by someone else" in html


def test_step_up_end_to_end(client, early_help, social_worker):
    team = TeamFactory(kind="assessment", name="Assessment team south")
    client.force_login(social_worker)
    url = reverse("frontdoor:earlyhelp-step-up", args=[early_help.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "version": str(early_help.version),
            "primary_need": "N1",
            "allocate_team": str(team.pk),
            **date_fields("referral_date", timezone.localdate()),
        },
    )
    assert response.status_code == 302
    episode = CINEpisode.objects.get(child=early_help.child)
    assert episode.referral_source == "5D"
    early_help.refresh_from_db()
    assert early_help.stepped_up_to == episode


def test_step_up_refuses_not_in_need(client, early_help, social_worker):
    client.force_login(social_worker)
    response = client.post(
        reverse("frontdoor:earlyhelp-step-up", args=[early_help.pk]),
        {
            "version": str(early_help.version),
            "primary_need": "N9",
            "allocate_team": str(social_worker.team.pk),
            **date_fields("referral_date", timezone.localdate()),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["primary_need"]
    assert not CINEpisode.objects.exists()
