"""Statutory timescales in working days (England).

This is the one place OpenCSC counts working days. Everything that shows a
due date or an "overdue" flag should call these functions rather than doing
its own date arithmetic.

Definitions used throughout:

* A *working day* is Monday to Friday, excluding England's bank holidays
  (including substitute days, e.g. Boxing Day observed on Monday 28 Dec 2026).
  Bank holidays come from the ``holidays`` package
  (``country_holidays("GB", subdiv="ENG")``). Scotland/Northern Ireland-only
  days (2 January, St Andrew's Day, St Patrick's Day, ...) are working days.
* "N working days from X" means the N-th working day *after* X: X itself is
  day 0, so a referral on Friday has day 1 on Monday. This matches how the DfE
  CIN census validator derives its working-day limits (rules 8670Q and 8675Q
  subtract N England business days from the reference date).
* ``working_days_between(a, b)`` counts the working days in the half-open
  interval (a, b], so ``working_days_between(d, add_working_days(d, n)) == n``.

All functions are pure (no database, no clock): pass "today" in explicitly.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

__all__ = [
    "LONDON",
    "DEFAULT_DAY_ENDS_HOUR",
    "ASSESSMENT_WORKING_DAYS",
    "ICPC_WORKING_DAYS",
    "CORE_GROUP_WORKING_DAYS",
    "CONTACT_DECISION_WORKING_DAYS",
    "england_bank_holidays",
    "is_bank_holiday",
    "is_working_day",
    "next_working_day",
    "working_day_on_or_after",
    "add_working_days",
    "working_days_between",
    "working_days_remaining",
    "effective_received_date",
    "contact_decision_due",
    "assessment_due",
    "icpc_due",
    "core_group_due",
    "add_months",
]

#: Local time for all statutory clocks in England.
LONDON = ZoneInfo("Europe/London")

#: Hour (local time) at which the working day ends for "received after hours".
DEFAULT_DAY_ENDS_HOUR = 17

# WT2023 ch.3: decision on the type of response within 1 working day of a referral.
CONTACT_DECISION_WORKING_DAYS = 1
# WT2023 ch.3: child and family assessment concluded within 45 working days of referral.
ASSESSMENT_WORKING_DAYS = 45
# WT2023 ch.3: initial child protection conference within 15 working days of the
# strategy discussion (the last one, if there were several).
ICPC_WORKING_DAYS = 15
# WT2023 ch.3: first core group meeting within 10 working days of the ICPC.
CORE_GROUP_WORKING_DAYS = 10

_SATURDAY = 5  # date.weekday(): Monday == 0 ... Sunday == 6


def _check_date(d: object, name: str = "d") -> date:
    """Reject datetimes (a subclass of date) so time-of-day is never silently dropped."""
    if isinstance(d, datetime):
        raise TypeError(
            f"{name} must be a date, not a datetime; use effective_received_date() "
            "to turn a received-at time into a date"
        )
    if not isinstance(d, date):
        raise TypeError(f"{name} must be a date, got {type(d).__name__}")
    return d


@lru_cache(maxsize=128)
def england_bank_holidays(year: int) -> frozenset[date]:
    """England's bank holidays (incl. substitute days) in ``year``, from ``holidays``."""
    cal = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return frozenset(d for d in cal if d.year == year)


def is_bank_holiday(d: date) -> bool:
    """True if ``d`` is an England bank holiday (substitute days included)."""
    d = _check_date(d)
    return d in england_bank_holidays(d.year)


def is_working_day(d: date) -> bool:
    """True for Monday-Friday that is not an England bank holiday."""
    d = _check_date(d)
    return d.weekday() < _SATURDAY and d not in england_bank_holidays(d.year)


def next_working_day(d: date) -> date:
    """The first working day strictly after ``d``."""
    d = _check_date(d) + timedelta(days=1)
    while not is_working_day(d):
        d += timedelta(days=1)
    return d


def working_day_on_or_after(d: date) -> date:
    """``d`` itself if it is a working day, otherwise the next working day."""
    d = _check_date(d)
    return d if is_working_day(d) else next_working_day(d)


def add_working_days(start: date, n: int) -> date:
    """The ``n``-th working day after ``start`` (``start`` is day 0).

    ``n == 0`` returns ``start`` if it is a working day, else the next working
    day. Friday + 1 is Monday (or Tuesday after a bank-holiday Monday).
    """
    start = _check_date(start, "start")
    if n < 0:
        raise ValueError("n must be >= 0; use working_days_between() to count backwards")
    if n == 0:
        return working_day_on_or_after(start)
    d = start
    for _ in range(n):
        d = next_working_day(d)
    return d


def _weekdays_after_up_to(start: date, end: date) -> int:
    """Mon-Fri days in (start, end], for start <= end, in O(1)."""
    days = (end - start).days
    full_weeks, rest = divmod(days, 7)
    count = full_weeks * 5
    wd = start.weekday()
    for i in range(1, rest + 1):
        if (wd + i) % 7 < _SATURDAY:
            count += 1
    return count


def _bank_holidays_after_up_to(start: date, end: date) -> int:
    """Weekday bank holidays in (start, end], for start <= end."""
    total = 0
    for year in range(start.year, end.year + 1):
        for h in england_bank_holidays(year):
            if start < h <= end and h.weekday() < _SATURDAY:
                total += 1
    return total


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end``.

    Negative (and antisymmetric) when ``end`` is before ``start``:
    ``working_days_between(a, b) == -working_days_between(b, a)``.
    """
    start = _check_date(start, "start")
    end = _check_date(end, "end")
    if end < start:
        return -working_days_between(end, start)
    return _weekdays_after_up_to(start, end) - _bank_holidays_after_up_to(start, end)


def working_days_remaining(due: date, today: date) -> int:
    """Working days from ``today`` until ``due``: 0 on the due day, negative when overdue.

    E.g. due tomorrow (a working day) -> 1; due yesterday -> -1.
    """
    return working_days_between(_check_date(today, "today"), _check_date(due, "due"))


def _check_day_ends_hour(day_ends_hour: int) -> None:
    if not 1 <= day_ends_hour <= 23:
        raise ValueError("day_ends_hour must be between 1 and 23")


def _to_london(received_at: datetime) -> datetime:
    """Aware datetimes are converted to Europe/London; naive ones are taken as London time."""
    if not isinstance(received_at, datetime):
        raise TypeError("received_at must be a datetime")
    if received_at.tzinfo is None or received_at.utcoffset() is None:
        return received_at.replace(tzinfo=LONDON)
    return received_at.astimezone(LONDON)


def effective_received_date(
    received_at: datetime, *, day_ends_hour: int = DEFAULT_DAY_ENDS_HOUR
) -> date:
    """The working day a contact counts as received on.

    A contact received on a weekend or bank holiday, or on a working day at or
    after ``day_ends_hour`` (London local time: 17:00 counts as late, 16:59
    does not), counts as received on the next working day. This is local
    front-door practice used to apply WT2023 ch.3's "1 working day" clock.
    Naive datetimes are treated as London local time.
    """
    _check_day_ends_hour(day_ends_hour)
    local = _to_london(received_at)
    local_day = local.date()
    if not is_working_day(local_day) or local.hour >= day_ends_hour:
        return next_working_day(local_day)
    return local_day


def contact_decision_due(
    received_at: datetime, *, day_ends_hour: int = DEFAULT_DAY_ENDS_HOUR
) -> datetime:
    """When the decision on a contact/referral is due (aware, Europe/London).

    WT2023 ch.3: within 1 working day of receipt a social worker should decide
    what response is needed. Due at the end (``day_ends_hour``) of the working
    day after the effective received date: Monday 10:00 -> Tuesday 17:00;
    Friday 17:30 -> (effective Monday) -> Tuesday 17:00.
    """
    received_on = effective_received_date(received_at, day_ends_hour=day_ends_hour)
    due_day = add_working_days(received_on, CONTACT_DECISION_WORKING_DAYS)
    return datetime.combine(due_day, time(hour=day_ends_hour), tzinfo=LONDON)


def assessment_due(referral_date: date) -> date:
    """WT2023 ch.3: assessment to conclude within 45 working days of the referral
    (CIN census rule 8670Q queries assessments open longer than this)."""
    return add_working_days(_check_date(referral_date, "referral_date"), ASSESSMENT_WORKING_DAYS)


def icpc_due(strategy_date: date) -> date:
    """WT2023 ch.3: ICPC within 15 working days of the (last) strategy discussion
    (CIN census rule 8675Q queries S47 enquiries open longer than this)."""
    return add_working_days(_check_date(strategy_date, "strategy_date"), ICPC_WORKING_DAYS)


def core_group_due(icpc_date: date) -> date:
    """WT2023 ch.3: first core group meeting within 10 working days of the ICPC."""
    return add_working_days(_check_date(icpc_date, "icpc_date"), CORE_GROUP_WORKING_DAYS)


def add_months(d: date, months: int) -> date:
    """Calendar-month arithmetic, clamped to the end of the month.

    For review conferences (WT2023 ch.3: first CP review within 3 months of the
    ICPC, then at intervals of no more than 6 months). 30 Nov + 3 months is
    28/29 Feb; 31 Aug + 6 months is 28/29 Feb. ``months`` may be negative.
    """
    d = _check_date(d)
    month_index = d.year * 12 + (d.month - 1) + months
    year, month0 = divmod(month_index, 12)
    month = month0 + 1
    last_day = calendar.monthrange(year, month)[1]
    return date(year, month, min(d.day, last_day))
