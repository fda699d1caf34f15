"""Working-day arithmetic for statutory timescales (England)."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opencsc.core import working_days as wd

LONDON = ZoneInfo("Europe/London")

ENGLAND_BANK_HOLIDAYS = [
    date(2025, 12, 25),  # Christmas Day (Thu)
    date(2025, 12, 26),  # Boxing Day (Fri)
    date(2026, 1, 1),  # New Year's Day
    date(2026, 4, 3),  # Good Friday
    date(2026, 4, 6),  # Easter Monday
    date(2026, 5, 4),  # Early May bank holiday
    date(2026, 5, 25),  # Spring bank holiday
    date(2026, 8, 31),  # Summer bank holiday
    date(2026, 12, 25),  # Christmas Day (Fri)
    date(2026, 12, 28),  # Boxing Day falls on Sat 26th: substitute day Mon 28th
]


# --- which days are working days -------------------------------------------


@pytest.mark.parametrize("d", ENGLAND_BANK_HOLIDAYS)
def test_england_bank_holidays_are_not_working_days(d):
    assert wd.is_bank_holiday(d)
    assert not wd.is_working_day(d)


@pytest.mark.parametrize(
    "d",
    [
        date(2026, 1, 2),  # Scotland: 2 January
        date(2026, 11, 30),  # Scotland: St Andrew's Day (Mon)
        date(2026, 8, 3),  # Scotland: summer bank holiday
        date(2026, 3, 17),  # Northern Ireland: St Patrick's Day
        date(2026, 7, 13),  # Northern Ireland: Battle of the Boyne (observed)
    ],
)
def test_other_nations_holidays_are_working_days_in_england(d):
    assert d.weekday() < 5
    assert not wd.is_bank_holiday(d)
    assert wd.is_working_day(d)


def test_weekends_are_not_working_days():
    assert not wd.is_working_day(date(2026, 3, 7))  # Saturday
    assert not wd.is_working_day(date(2026, 3, 8))  # Sunday
    assert wd.is_working_day(date(2026, 3, 9))  # Monday


def test_2026_has_eight_england_bank_holidays_on_weekdays():
    weekday_holidays = [d for d in wd.england_bank_holidays(2026) if d.weekday() < 5]
    assert len(weekday_holidays) == 8


def test_datetime_is_rejected_where_a_date_is_expected():
    with pytest.raises(TypeError):
        wd.is_working_day(datetime(2026, 3, 9, 10, 0, tzinfo=UTC))


# --- next / on-or-after ------------------------------------------------------


def test_next_working_day():
    assert wd.next_working_day(date(2026, 3, 6)) == date(2026, 3, 9)  # Fri -> Mon
    assert wd.next_working_day(date(2026, 3, 9)) == date(2026, 3, 10)  # Mon -> Tue
    # Maundy Thursday -> (Good Friday, weekend, Easter Monday) -> Tuesday
    assert wd.next_working_day(date(2026, 4, 2)) == date(2026, 4, 7)
    # Christmas Eve 2026 (Thu) -> Tue 29 Dec (25th Fri, weekend, 28th substitute)
    assert wd.next_working_day(date(2026, 12, 24)) == date(2026, 12, 29)


def test_working_day_on_or_after():
    assert wd.working_day_on_or_after(date(2026, 3, 9)) == date(2026, 3, 9)
    assert wd.working_day_on_or_after(date(2026, 3, 7)) == date(2026, 3, 9)
    assert wd.working_day_on_or_after(date(2026, 4, 3)) == date(2026, 4, 7)


# --- add / between -----------------------------------------------------------


def test_add_working_days_basic():
    assert wd.add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 9)  # Fri + 1 = Mon
    assert wd.add_working_days(date(2026, 3, 9), 5) == date(2026, 3, 16)
    assert wd.add_working_days(date(2026, 3, 9), 0) == date(2026, 3, 9)
    assert wd.add_working_days(date(2026, 3, 7), 0) == date(2026, 3, 9)  # Sat + 0 = Mon
    assert wd.add_working_days(date(2026, 3, 7), 1) == date(2026, 3, 9)  # Sat + 1 = Mon


def test_add_working_days_skips_bank_holidays():
    # Thu 2 Apr 2026 + 1 skips Good Friday and Easter Monday.
    assert wd.add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 7)
    # Fri 1 May 2026 + 1 skips early May bank holiday.
    assert wd.add_working_days(date(2026, 5, 1), 1) == date(2026, 5, 5)
    # Thu 24 Dec 2026 + 1 skips Christmas and the Boxing Day substitute.
    assert wd.add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)


def test_add_working_days_rejects_negative():
    with pytest.raises(ValueError):
        wd.add_working_days(date(2026, 3, 9), -1)


def test_working_days_between():
    assert wd.working_days_between(date(2026, 3, 6), date(2026, 3, 9)) == 1
    assert wd.working_days_between(date(2026, 3, 9), date(2026, 3, 9)) == 0
    assert wd.working_days_between(date(2026, 3, 9), date(2026, 3, 6)) == -1
    # Whole of December 2026 after 30 Nov: 23 weekdays minus 25th and 28th.
    assert wd.working_days_between(date(2026, 11, 30), date(2026, 12, 31)) == 21
    # A whole year: 2026 has 261 weekdays and 8 weekday bank holidays.
    assert wd.working_days_between(date(2025, 12, 31), date(2026, 12, 31)) == 253


def _slow_between(start: date, end: date) -> int:
    sign = 1
    if end < start:
        start, end, sign = end, start, -1
    days = (end - start).days
    return sign * sum(wd.is_working_day(start + timedelta(days=i)) for i in range(1, days + 1))


_dates = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31))


@given(start=_dates, n=st.integers(min_value=0, max_value=400))
def test_add_then_between_round_trips(start, n):
    end = wd.add_working_days(start, n)
    assert wd.is_working_day(end)
    assert end >= start
    if wd.is_working_day(start) or n > 0:
        assert wd.working_days_between(start, end) == n
    else:  # n == 0 on a non-working day moves forward to the next working day
        assert wd.working_days_between(start, end) == 1


@given(a=_dates, days=st.integers(min_value=-500, max_value=500))
def test_between_matches_day_by_day_count_and_is_antisymmetric(a, days):
    b = a + timedelta(days=days)
    assert wd.working_days_between(a, b) == _slow_between(a, b)
    assert wd.working_days_between(b, a) == -wd.working_days_between(a, b)


def test_working_days_remaining():
    due = date(2026, 3, 10)  # Tuesday
    assert wd.working_days_remaining(due, date(2026, 3, 9)) == 1
    assert wd.working_days_remaining(due, date(2026, 3, 10)) == 0
    assert wd.working_days_remaining(due, date(2026, 3, 11)) == -1
    assert wd.working_days_remaining(due, date(2026, 3, 7)) == 2  # Saturday before


# --- contact received times --------------------------------------------------


def test_received_before_and_at_end_of_day():
    # Monday 9 March 2026 (GMT)
    before = datetime(2026, 3, 9, 16, 59, tzinfo=LONDON)
    at_five = datetime(2026, 3, 9, 17, 0, tzinfo=LONDON)
    assert wd.effective_received_date(before) == date(2026, 3, 9)
    assert wd.effective_received_date(at_five) == date(2026, 3, 10)
    assert wd.contact_decision_due(before) == datetime(2026, 3, 10, 17, 0, tzinfo=LONDON)
    assert wd.contact_decision_due(at_five) == datetime(2026, 3, 11, 17, 0, tzinfo=LONDON)


def test_received_late_on_friday():
    late_friday = datetime(2026, 3, 6, 18, 30, tzinfo=LONDON)
    assert wd.effective_received_date(late_friday) == date(2026, 3, 9)
    assert wd.contact_decision_due(late_friday) == datetime(2026, 3, 10, 17, tzinfo=LONDON)
    early_friday = datetime(2026, 3, 6, 9, 0, tzinfo=LONDON)
    assert wd.contact_decision_due(early_friday) == datetime(2026, 3, 9, 17, tzinfo=LONDON)


def test_received_on_weekend_and_bank_holiday():
    saturday_morning = datetime(2026, 3, 7, 10, 0, tzinfo=LONDON)
    assert wd.effective_received_date(saturday_morning) == date(2026, 3, 9)
    good_friday = datetime(2026, 4, 3, 11, 0, tzinfo=LONDON)
    assert wd.effective_received_date(good_friday) == date(2026, 4, 7)
    assert wd.contact_decision_due(good_friday) == datetime(2026, 4, 8, 17, tzinfo=LONDON)


def test_utc_is_converted_to_london_in_summer_time():
    # 16:30 UTC on Mon 1 June 2026 is 17:30 BST: after hours -> Tuesday.
    aware_utc = datetime(2026, 6, 1, 16, 30, tzinfo=UTC)
    assert wd.effective_received_date(aware_utc) == date(2026, 6, 2)
    # 15:59 UTC is 16:59 BST: still Monday.
    assert wd.effective_received_date(datetime(2026, 6, 1, 15, 59, tzinfo=UTC)) == date(2026, 6, 1)
    # 23:30 UTC Sunday is 00:30 BST Monday: a working day, early morning.
    assert wd.effective_received_date(datetime(2026, 5, 31, 23, 30, tzinfo=UTC)) == date(2026, 6, 1)


def test_utc_in_winter_is_london_time():
    # In GMT, 16:59 UTC is 16:59 London.
    assert wd.effective_received_date(datetime(2026, 1, 5, 16, 59, tzinfo=UTC)) == date(2026, 1, 5)


def test_naive_datetime_is_treated_as_london_time():
    assert wd.effective_received_date(datetime(2026, 6, 1, 16, 59)) == date(2026, 6, 1)
    assert wd.effective_received_date(datetime(2026, 6, 1, 17, 0)) == date(2026, 6, 2)


def test_decision_due_is_aware_and_in_london_across_clock_change():
    # Clocks go forward Sun 29 March 2026. Received Fri 27 March 12:00 GMT.
    due = wd.contact_decision_due(datetime(2026, 3, 27, 12, 0, tzinfo=LONDON))
    assert due == datetime(2026, 3, 30, 17, 0, tzinfo=LONDON)
    assert due.utcoffset() == timedelta(hours=1)
    assert due.astimezone(UTC) == datetime(2026, 3, 30, 16, 0, tzinfo=UTC)


def test_custom_day_end_hour():
    received = datetime(2026, 3, 9, 16, 0, tzinfo=LONDON)
    assert wd.effective_received_date(received, day_ends_hour=16) == date(2026, 3, 10)
    assert wd.contact_decision_due(received, day_ends_hour=16) == datetime(
        2026, 3, 11, 16, tzinfo=LONDON
    )
    with pytest.raises(ValueError):
        wd.effective_received_date(received, day_ends_hour=24)


# --- statutory timescales ----------------------------------------------------


def test_assessment_due_45_working_days():
    # Referral Mon 2 March 2026. Counted by hand: 21 working days 3-31 March,
    # 20 in April (22 weekdays less Good Friday and Easter Monday) = 41,
    # Fri 1 May = 42, Mon 4 May is a bank holiday, 5/6/7 May = 43/44/45.
    due = wd.assessment_due(date(2026, 3, 2))
    assert due == date(2026, 5, 7)
    assert wd.working_days_between(date(2026, 3, 2), due) == 45


def test_icpc_and_core_group_due():
    strategy = date(2026, 12, 14)  # Monday
    icpc = wd.icpc_due(strategy)
    # 15 working days, skipping 25 Dec, 28 Dec (substitute) and Fri 1 Jan 2027.
    assert wd.working_days_between(strategy, icpc) == 15
    assert icpc == date(2027, 1, 7)
    core = wd.core_group_due(icpc)
    assert core == date(2027, 1, 21)


def test_add_months_clamps_to_month_end():
    assert wd.add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert wd.add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)
    assert wd.add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert wd.add_months(date(2026, 1, 15), 6) == date(2026, 7, 15)
    assert wd.add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)
    assert wd.add_months(date(2026, 10, 15), 3) == date(2027, 1, 15)
