"""Shared fixtures: every test runs on the real (embedded) PostgreSQL server."""

from __future__ import annotations

import pytest

from opencsc.accounts.models import Role
from tests.factories import AllocationFactory, PersonFactory, TeamFactory, UserFactory


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is the production hasher (tests/accounts checks it); tests hash many passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def team(db):
    return TeamFactory(kind="assessment")


@pytest.fixture
def other_team(db):
    return TeamFactory(kind="cin_cp")


@pytest.fixture
def social_worker(team):
    return UserFactory(role=Role.SOCIAL_WORKER, team=team)


@pytest.fixture
def colleague(team):
    """Another social worker in the same team."""
    return UserFactory(role=Role.SOCIAL_WORKER, team=team)


@pytest.fixture
def outsider(other_team):
    """A social worker in another team: must not see our team's children."""
    return UserFactory(role=Role.SOCIAL_WORKER, team=other_team)


@pytest.fixture
def manager(team):
    user = UserFactory(role=Role.TEAM_MANAGER, team=team)
    team.manager = user
    team.save()
    return user


@pytest.fixture
def front_door_team(db):
    return TeamFactory(kind="front_door", name="Front door (MASH)")


@pytest.fixture
def front_door_worker(front_door_team):
    return UserFactory(role=Role.FRONT_DOOR, team=front_door_team)


@pytest.fixture
def child(team, social_worker):
    """A child allocated to ``social_worker`` in ``team``."""
    person = PersonFactory()
    AllocationFactory(child=person, team=team, worker=social_worker)
    return person
