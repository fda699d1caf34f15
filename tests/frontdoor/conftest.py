"""Front door fixtures: the teams and workers of a synthetic front door."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from opencsc.accounts.models import Role
from opencsc.frontdoor.models import ContactInformation
from opencsc.frontdoor.services import REQUIRED_AGENCIES
from tests.factories import ContactFactory, TeamFactory, UserFactory


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Argon2 is right for real sign-ins and slow for hundreds of test accounts."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def ooh_team(db):
    return TeamFactory(kind="out_of_hours", name="Out-of-hours team")


@pytest.fixture
def ooh_worker(ooh_team):
    return UserFactory(role=Role.OUT_OF_HOURS, team=ooh_team)


@pytest.fixture
def contact(front_door_worker):
    """A contact awaiting a decision, with every required agency's answer in."""
    made = ContactFactory(taken_by=front_door_worker, team=front_door_worker.team)
    answer_all(made)
    return made


def answer_all(contact, *, agencies=REQUIRED_AGENCIES, at=None):
    """Record that each agency in ``agencies`` was asked and answered."""
    at = at or max(contact.received_at, timezone.now() - dt.timedelta(minutes=5))
    for agency in agencies:
        ContactInformation.objects.create(
            contact=contact,
            agency=agency,
            requested_at=at,
            received_at=at,
            summary=f"Nothing further known to {agency}.",
            recorded_by=contact.taken_by,
        )


def authorised_assessment(episode, *, on=None, by=None):
    """An authorised assessment on ``episode`` (written directly: the assessment services
    belong to another part of the system and are tested there)."""
    from opencsc.assessments.models import Assessment
    from opencsc.core.working_days import assessment_due

    on = on or episode.referral_date
    return Assessment.objects.create(
        episode=episode,
        child=episode.child,
        start_date=episode.referral_date,
        due_date=assessment_due(episode.referral_date),
        status="authorised",
        factors=["21"],
        analysis="No factors identified.",
        outcome="nfa",
        authorised_on=on,
        authorised_by=by or UserFactory(role=Role.TEAM_MANAGER),
    )


def open_assessment(episode):
    from opencsc.assessments.models import Assessment
    from opencsc.core.working_days import assessment_due

    return Assessment.objects.create(
        episode=episode,
        child=episode.child,
        start_date=episode.referral_date,
        due_date=assessment_due(episode.referral_date),
    )
