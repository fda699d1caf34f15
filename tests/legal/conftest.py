"""Fixtures for legal planning: time frozen on Monday 20 April 2026, a child of ten with
an open child in need episode, and the team's manager."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import CINEpisodeFactory

TODAY = dt.date(2026, 4, 20)
REFERRAL = dt.date(2026, 1, 5)
BORN = dt.date(2016, 2, 10)


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(dt.datetime(2026, 4, 20, 9, 0, tzinfo=dt.UTC), tick=True)
    return time_machine


@pytest.fixture
def child(child):  # noqa: F811 - the shared fixture, with a known age
    child.date_of_birth = BORN
    child.save()
    return child


@pytest.fixture
def episode(child):
    return CINEpisodeFactory(child=child, referral_date=REFERRAL, primary_need="N1")
