"""Fixtures for the people tests: synthetic people only."""

from __future__ import annotations

import pytest

from opencsc.accounts.models import Role
from tests.factories import UserFactory

# Valid NHS numbers in the 999 test range (never issued to a patient).
NHS_A = "9990000018"
NHS_B = "9990000026"
NHS_C = "9990000034"
# A UPN with a correct check letter.
UPN = "B801200005001"


@pytest.fixture
def head(db):
    return UserFactory(role=Role.HEAD_OF_SERVICE)


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Test users never sign in with a password here; skip Argon2's deliberate slowness."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
