"""Fixtures for child protection: a referral in March 2026 and time frozen in September,
so every step of a case (Easter's bank holidays included) lies in the past."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import CINEpisodeFactory

# Tuesday 15 September 2026, 10:00 in London.
NOW = dt.datetime(2026, 9, 15, 9, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 9, 15)
REFERRAL = dt.date(2026, 3, 20)  # a Friday
# Monday 23 March 2026, 10:00 (GMT): the first strategy discussion.
FIRST_DISCUSSION = dt.datetime(2026, 3, 23, 10, 0, tzinfo=dt.UTC)
# Good Friday 3 April and Easter Monday 6 April 2026 fall within the 15 working days.
ICPC_TARGET = dt.date(2026, 4, 15)
ICPC_DAY = dt.date(2026, 4, 14)  # a Tuesday


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(NOW, tick=True)
    return time_machine


@pytest.fixture
def episode(child):
    return CINEpisodeFactory(child=child, referral_date=REFERRAL)


@pytest.fixture
def chair(db):
    from opencsc.accounts.models import Role
    from tests.factories import TeamFactory, UserFactory

    return UserFactory(
        role=Role.TEAM_MANAGER,
        team=TeamFactory(kind="cin_cp", name="Safeguarding and quality assurance"),
        first_name="Chair",
    )
