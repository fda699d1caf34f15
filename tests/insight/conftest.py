from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

LONDON = ZoneInfo("Europe/London")
# Monday 2 March 2026, mid-morning: no bank holidays in the 45 working days before it.
TODAY = dt.date(2026, 3, 2)


@pytest.fixture
def today(time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 2, 10, 0, tzinfo=LONDON), tick=False)
    return TODAY
