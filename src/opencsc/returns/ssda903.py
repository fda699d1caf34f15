"""The SSDA903 return (children looked after, s83 Children Act 1989), straight from the
case records.

``build_ssda903(2026)`` is the 2025-26 return: every child looked after at any time from
1 April 2025 to 31 March 2026 and the care leavers whose 17th to 21st birthday fell in
it, as one list of row dicts per CSV file, keyed by the file's name (Header, Episodes,
Reviews, UASC, OC2, OC3, AD1, PlacedAdoption, PrevPerm, Missing, SWEpisodes from 2023-24,
DoLo from 2026-27). ``write_ssda903`` writes them as the DfE's CSV files. The records are
read in a fixed number of queries (``ssda903_data``); the cohorts are the 903 guide's as
the DfE validator's rules encode them (``ssda903_rows``, ``ssda903_leavers``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from django.utils import timezone

from opencsc.returns import ssda903_leavers as leavers_mod
from opencsc.returns import ssda903_rows as rows_mod
from opencsc.returns.ssda903_csv import tables_for, write_files, zip_bytes
from opencsc.returns.ssda903_data import load_903

__all__ = ["FIRST_YEAR", "build_ssda903", "check_year", "ssda903_zip", "write_ssda903"]

#: 2023-24 added social worker episodes; OpenCSC writes the return from then on.
FIRST_YEAR = 2024

Tables = dict[str, list[dict[str, str]]]
Progress = Callable[[str, int, int], None]


def check_year(year: int, *, today: dt.date | None = None) -> None:
    """Refuse a year OpenCSC does not write, or one not yet begun (ValueError)."""
    today = today or timezone.localdate()
    if year < FIRST_YEAR:
        raise ValueError(
            f"OpenCSC writes the 903 from {FIRST_YEAR - 1}-{str(FIRST_YEAR)[-2:]} on; "
            f"{year} is too early"
        )
    if dt.date(year - 1, 4, 1) > today:
        raise ValueError(
            f"The {year - 1}-{str(year)[-2:]} year starts on 1 April {year - 1}: "
            "there is nothing to report yet"
        )


def build_ssda903(year: int, progress: Progress | None = None) -> Tables:
    """The 903 tables for the year ending 31 March ``year`` (2026 = 2025-26)."""
    if progress:
        progress("Reading the records", 0, 1)
    rec = load_903(year)
    cohort = rows_mod.in_year_episodes(rec)
    care_leavers = {}
    for child_id in rec.episodes:
        found = leavers_mod.care_leaver_birthday(rec, child_id)
        if found is not None:
            care_leavers[child_id] = found
    if progress:
        progress("Reading the records", 1, 1)
    # 903 rules INT03/INT06: every child in Episodes or OC3 has a Header row, once.
    header_ids = list(cohort) + [c for c in care_leavers if c not in cohort]
    tables: Tables = {
        "Header": [rows_mod.header_row(rec, c, cohort.get(c)) for c in header_ids],
        "Episodes": rows_mod.episode_rows(rec, cohort),
        "Reviews": rows_mod.review_rows(rec, cohort),
        "UASC": rows_mod.uasc_rows(rec, cohort),
        "OC2": rows_mod.oc2_rows(rec, cohort, set(care_leavers)),
        "OC3": leavers_mod.oc3_rows(rec, care_leavers),
        "AD1": rows_mod.ad1_rows(rec, cohort),
        "PlacedAdoption": rows_mod.placed_adoption_rows(rec, cohort),
        "PrevPerm": rows_mod.prev_perm_rows(rec, cohort),
        "Missing": rows_mod.missing_rows(rec, cohort),
        "SWEpisodes": leavers_mod.sw_rows(rec, cohort),
        # No deprivation of liberty orders are recorded yet: the table is sent empty.
        "DoLo": [],
    }
    return {name: tables[name] for name in tables_for(year)}


def write_ssda903(year: int, out_dir: str | Path, progress: Progress | None = None) -> list[Path]:
    """Write the 903 CSV files for ``year`` into ``out_dir``; returns their paths."""
    return write_files(build_ssda903(year, progress), year, Path(out_dir))


def ssda903_zip(year: int, progress: Progress | None = None) -> bytes:
    """The 903 CSV files for ``year`` in one zip (the returns page's download)."""
    return zip_bytes(build_ssda903(year, progress), year)
