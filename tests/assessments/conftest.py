"""Fixtures for assessments: a referral ten days ago and time frozen on a known Monday."""

from __future__ import annotations

import datetime as dt

import pytest

from opencsc.accounts.policy import POLICY, SOCIAL_WORK
from tests.factories import CINEpisodeFactory

# Monday 16 March 2026, 10:00 in London: no bank holiday near, so the arithmetic is plain.
TODAY = dt.date(2026, 3, 16)
REFERRAL = dt.date(2026, 3, 6)  # a Friday


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 16, 10, 0, tzinfo=dt.UTC), tick=True)
    return time_machine


@pytest.fixture
def episode(child):
    return CINEpisodeFactory(child=child, referral_date=REFERRAL)


@pytest.fixture
def start_route(monkeypatch):
    """The start page's route until accounts/policy.py lists it (requested in the report)."""
    if "assessments:assessment-start" not in POLICY:
        monkeypatch.setitem(POLICY, "assessments:assessment-start", SOCIAL_WORK)


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Test users never sign in with a password here; skip Argon2's deliberate slowness."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
