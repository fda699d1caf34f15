"""The Children in Need census (s83 Children Act 1989), straight from the case records.

``build_cin_census(year=2026)`` is the 2025-26 census: the year from 1 April 2025 to the
reference date, 31 March 2026, with every child referred in the year or open at its
start. ``cin_census_data`` reads and dates the records; ``cin_census_xml`` writes them to
the DfE's schema for that year. The command line (``opencsc return cin``) and the
returns pages both call this function.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version

from django.conf import settings
from django.utils import timezone

from opencsc.returns.cin_census_data import CensusPeriod, load_census
from opencsc.returns.cin_census_xml import census_xml

__all__ = ["build_cin_census", "census_period", "FIRST_YEAR"]

#: The first census year OpenCSC writes: the CINdetails layout has been stable since then
#: (2013-14 added the referral source codes rule 8866 checks).
FIRST_YEAR = 2014


def _release() -> str:
    try:
        return version("opencsc")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0"


def census_period(year: int, *, today: dt.date | None = None) -> CensusPeriod:
    """The census year ending 31 March ``year``; a year not yet begun is refused."""
    today = today or timezone.localdate()
    period = CensusPeriod.for_year(year)
    if year < FIRST_YEAR:
        raise ValueError(
            f"OpenCSC writes the census from {FIRST_YEAR - 1}-{str(FIRST_YEAR)[-2:]} on; "
            f"{year} is too early"
        )
    if period.start > today:
        raise ValueError(
            f"The {year - 1}-{str(year)[-2:]} census year starts on 1 April {year - 1}: "
            "there is nothing to report yet"
        )
    return period


def build_cin_census(
    *,
    year: int,
    progress: Callable[[str, int, int], None] | None = None,
    serial_no: int = 1,
) -> bytes:
    """The CIN census XML for the year ending 31 March ``year`` (2026 = 2025-26).

    The year now running gives the figures so far, as a check before the year ends.
    ``progress(stage, done, total)`` is told how far it has got. ``serial_no`` numbers
    the files sent for one year (the header's SerialNo, 001 upwards).
    """
    period = census_period(year)
    children = load_census(period, progress)
    return census_xml(
        children,
        period=period,
        la_code=settings.OPENCSC_LA_CODE,
        release=_release(),
        serial_no=serial_no,
        created=timezone.localtime(),
        progress=progress,
    )
