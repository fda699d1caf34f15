"""Dates and working days for the planner: ``core.working_days`` answers, fast.

The planner asks hundreds of thousands of working-day questions. Counting day by day each
time made planning Cheshire East take half a minute, so while a plan is made the answers
come from a precomputed calendar (``use_calendar``); they are the same answers
(tests/synth/test_calibration.py checks them against core.working_days).
"""

from __future__ import annotations

import bisect
import contextlib
import math
import random
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from opencsc.core import working_days
from opencsc.core.working_days import LONDON

__all__ = [
    "FAR",
    "LONDON",
    "WorkingCalendar",
    "use_calendar",
    "poisson",
    "at",
    "add_working_days",
    "is_working_day",
    "next_working_day",
    "working_day_on_or_after",
    "working_days_before",
    "years_before",
    "years_after",
]

FAR = date.max


def poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    if lam > 30:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def at(d: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(d, time(hour, minute), tzinfo=LONDON)


class WorkingCalendar:
    """``core.working_days`` answers, from a precomputed list of working days.

    The planner asks hundreds of thousands of working-day questions; counting day by day
    each time made planning Cheshire East take half a minute. The answers are the same
    (tests/synth/test_calibration.py checks them against core.working_days).
    """

    def __init__(self, first: date, last: date) -> None:
        days, d = [], first
        while d <= last:
            if working_days.is_working_day(d):
                days.append(d)
            d += timedelta(days=1)
        self.days = days
        self.first, self.last = days[0], days[-1]
        self._set = set(days)

    def is_working_day(self, d: date) -> bool:
        if self.first <= d <= self.last:
            return d in self._set
        return working_days.is_working_day(d)

    def add(self, start: date, n: int) -> date:
        """``add_working_days``: the n-th working day after ``start`` (day 0)."""
        if not (self.first <= start and start + timedelta(days=2 * n + 14) <= self.last):
            return working_days.add_working_days(start, n)
        i = bisect.bisect_right(self.days, start)  # first working day after start
        if n == 0:
            return start if start in self._set else self.days[i]
        return self.days[i + n - 1]

    def next(self, d: date) -> date:
        return self.add(d, 1)

    def on_or_after(self, d: date) -> date:
        return self.add(d, 0)

    def before(self, d: date, n: int) -> date:
        """The n-th working day before ``d`` (``d`` itself when n == 0)."""
        if n == 0:
            return d
        if not (self.first + timedelta(days=2 * n + 14) <= d <= self.last):
            while n > 0:
                d -= timedelta(days=1)
                if working_days.is_working_day(d):
                    n -= 1
            return d
        i = bisect.bisect_left(self.days, d)  # working days strictly before d: [0, i)
        return self.days[i - n]


_CAL: WorkingCalendar | None = None


def add_working_days(start: date, n: int) -> date:
    return _CAL.add(start, n) if _CAL else working_days.add_working_days(start, n)


def is_working_day(d: date) -> bool:
    return _CAL.is_working_day(d) if _CAL else working_days.is_working_day(d)


def next_working_day(d: date) -> date:
    return add_working_days(d, 1)


def working_day_on_or_after(d: date) -> date:
    return add_working_days(d, 0)


def years_before(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year - years)
    except ValueError:  # 29 February
        return d.replace(year=d.year - years, day=28)


def years_after(d: date | None, years: int) -> date:
    if d is None:
        return FAR
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)


def working_days_before(d: date, n: int) -> date:
    """The n-th working day before ``d`` (``d`` itself when n == 0)."""
    if _CAL is not None:
        return _CAL.before(d, n)
    while n > 0:
        d -= timedelta(days=1)
        if is_working_day(d):
            n -= 1
    return d


@contextlib.contextmanager
def use_calendar(first: date, last: date) -> Iterator[WorkingCalendar]:
    """Answer working-day questions between ``first`` and ``last`` from a precomputed list."""
    global _CAL
    previous, _CAL = _CAL, WorkingCalendar(first, last)
    try:
        yield _CAL
    finally:
        _CAL = previous

