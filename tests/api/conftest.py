from __future__ import annotations

import pytest

from opencsc.accounts.models import Role
from tests.factories import TeamFactory, UserFactory
from tests.insight.builders import bearer, token_for
from tests.insight.conftest import today  # noqa: F401 - shared fixture


@pytest.fixture
def partner(db):
    """A GP practice's system: an API-only account that refers as 'Health: GP' (3A)."""
    return UserFactory(role=Role.PARTNER_AGENCY, team=None, agency_source="3A")


@pytest.fixture
def front_door_team_exists(db):
    return TeamFactory(kind="front_door", name="Front door (MASH)")


@pytest.fixture
def api_as():
    """Headers that authenticate as ``user`` with a fresh bearer token."""

    def headers(user):
        return bearer(token_for(user))

    return headers
