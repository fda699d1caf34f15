"""Fixtures for the case: time frozen on a known Monday."""

from __future__ import annotations

import datetime as dt

import pytest

TODAY = dt.date(2026, 3, 16)


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 16, 10, 0, tzinfo=dt.UTC), tick=True)
    return time_machine


@pytest.fixture
def dc_team(db):
    from tests.factories import TeamFactory

    return TeamFactory(kind="disabled_children", name="Disabled children's team")


@pytest.fixture
def dc_worker(dc_team):
    from opencsc.accounts.models import Role
    from tests.factories import UserFactory

    return UserFactory(role=Role.SOCIAL_WORKER, team=dc_team)


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Test users never sign in with a password here; skip Argon2's deliberate slowness."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
