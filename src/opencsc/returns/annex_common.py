"""What every Annex A list shares: the period, the list registry, Ofsted's codes, the
leading child columns and the allocated team and worker.

A list is one function registered with ``@annex_list``: it gets the ``Period`` and returns
its rows, each a tuple in the order of its ``columns``. ``annex_a.build_annex_a`` writes
every registered list, in number order, as one sheet. Issue 4 adds lists 8 to 11 as a
new ``annex_*.py`` module of registered functions, imported by ``annex_a``.

Codes are written exactly as liiatools' Annex A configuration (``spec/annex_a/data-map.yml``,
the ``code`` of each category) spells them, which is how Ofsted's template lists them
("a) Male", "q) 6: Police", "N1 - Abuse or neglect"...).
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from opencsc.core.working_days import add_months

__all__ = [
    "Row",
    "Period",
    "Column",
    "AnnexList",
    "REGISTRY",
    "annex_list",
    "text",
    "date",
    "integer",
    "CHILD_FIELDS",
    "LEADING",
    "LEADING_WITH_DISABILITY",
    "ALLOCATED",
    "Children",
    "Allocations",
    "YES",
    "NO",
    "yes_no",
    "age_on",
    "day_bounds",
    "CONTACT_SOURCE",
    "PRIMARY_NEED",
    "REASON_FOR_CLOSURE",
    "CATEGORY_OF_ABUSE",
    "GENDER",
    "ETHNICITY",
    "NOT_ALLOCATED",
    "count_before",
]

Row = tuple[Any, ...]


# --------------------------------------------------------------------------- the period


@dataclass(frozen=True)
class Period:
    """The day the workbook is "as of" and the lookback a list covers, both days included.

    Ofsted's Annex A asks for what happened "in the six months before the inspection":
    from the same day six months earlier (clamped to the month's end) to ``as_of``, the
    reading of D2I's Standard Safeguarding Dataset Annex A script (``DATEADD(MONTH, -6)``).
    """

    as_of: dt.date
    months: int = 6

    @property
    def start(self) -> dt.date:
        return add_months(self.as_of, -self.months)

    def months_before(self, day: dt.date, months: int = 12) -> dt.date:
        return add_months(day, -months)


def day_bounds(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Aware datetimes [start of ``first``, start of the day after ``last``) in the
    authority's time zone: the days a ``received_at`` must fall on."""
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(first, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return start, end


# --------------------------------------------------------------------------- the registry


@dataclass(frozen=True)
class Column:
    heading: str
    kind: str = "text"  # "text", "date" (a real Excel date, dd/mm/yyyy) or "int"


def text(heading: str) -> Column:
    return Column(heading, "text")


def date(heading: str) -> Column:
    return Column(heading, "date")


def integer(heading: str) -> Column:
    return Column(heading, "int")


@dataclass(frozen=True)
class AnnexList:
    number: int
    title: str
    columns: tuple[Column, ...]
    months: int
    build: Callable[[Period], list[Row]] = field(compare=False)

    @property
    def sheet(self) -> str:
        # Ofsted's template names its sheets "List 1"... (liiatools' sample workbook).
        return f"List {self.number}"


#: Every Annex A list, by number. Filled by ``@annex_list`` when a list module is imported.
REGISTRY: dict[int, AnnexList] = {}


def annex_list(
    number: int, title: str, columns: Sequence[Column], *, months: int = 6
) -> Callable[[Callable[[Period], list[Row]]], Callable[[Period], list[Row]]]:
    """Register a list builder: ``build(period) -> rows``, one tuple per row in the order
    of ``columns``. ``months`` is the lookback Ofsted asks for."""

    def register(build: Callable[[Period], list[Row]]) -> Callable[[Period], list[Row]]:
        if number in REGISTRY and REGISTRY[number].build is not build:
            raise ValueError(f"Annex A list {number} is registered twice")
        REGISTRY[number] = AnnexList(number, title, tuple(columns), months, build)
        return build

    return register


# --------------------------------------------------------------------------- Ofsted's codes

YES, NO = "a) Yes", "b) No"


def yes_no(value: bool | None) -> str | None:
    return None if value is None else (YES if value else NO)


GENDER = {"M": "a) Male", "F": "b) Female", "U": "c) Not stated/recorded"}

# liiatools' data-map gives REFU and NOBT the same letter; the checker accepts only its
# own spelling ("s) NOBT", as in its sample workbook), so that is what we write.
_ETHNIC_ORDER = [
    "WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH",
    "AIND", "APKN", "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH",
]
ETHNICITY = {code: f"{chr(ord('a') + i)}) {code}" for i, code in enumerate(_ETHNIC_ORDER)}
ETHNICITY |= {"REFU": "s) REFU", "NOBT": "s) NOBT"}

CONTACT_SOURCE = {
    "1A": "a) 1A: Individual",
    "1B": "b) 1B: Individual",
    "1C": "c) 1C: Individual",
    "1D": "d) 1D: Individual",
    "2A": "e) 2A: Schools",
    "2B": "f) 2B: Education services",
    "3A": "g) 3A: Health services",
    "3B": "h) 3B: Health services",
    "3C": "i) 3C: Health services",
    "3D": "j) 3D: Health services",
    "3E": "k) 3E: Health services",
    "3F": "l) 3F: Health services",
    "4": "m) 4: Housing",
    "5A": "n) 5A: LA services",
    "5B": "o) 5B: LA services",
    "5C": "p) 5C: LA services",
    # CIN census 5D (early help, from 2024-25) is newer than liiatools' Annex A codes,
    # which reject Ofsted's later "p1) 5D: LA services". Early help is a council service
    # other than social care, which before 5D was coded 5B: we report it so, and the
    # checker accepts it. When the checker learns 5D, write "p1) 5D: LA services".
    "5D": "o) 5B: LA services",
    "6": "q) 6: Police",
    "7": "r) 7: Other legal agency",
    "8": "s) 8: Other",
    "9": "t) 9: Anonymous",
    "10": "u) 10: Unknown",
}

PRIMARY_NEED = {
    "N0": "N0 - Not stated",
    "N1": "N1 - Abuse or neglect",
    "N2": "N2 - Child's disability",
    "N3": "N3 - Parental disability or illness",
    "N4": "N4 - Family in acute stress",
    "N5": "N5 - Family dysfunction",
    "N6": "N6 - Socially unacceptable behaviour",
    "N7": "N7 - Low income",
    "N8": "N8 - Absent parenting",
    "N9": "N9 - Cases other than children in need",
}

REASON_FOR_CLOSURE = {
    "RC1": "RC1 - Adopted",
    "RC2": "RC2 - Died",
    "RC3": "RC3 - Child arrangements order",
    "RC4": "RC4 - Special guardianship order",
    "RC5": "RC5 - Transferred to services of another local authority",
    "RC6": "RC6 - Transferred to adult social care services",
    "RC7": "RC7 - Services ceased for any other reason, including child no longer in need",
    "RC8": "RC8 - Case closed after assessment, no further action",
    # CIN census RC9 (rule 8640) is newer than liiatools' list; Ofsted's template wording.
    "RC9": "RC9 - Case closed after assessment, referred to early help",
}

CATEGORY_OF_ABUSE = {
    "NEG": "a) Neglect",
    "PHY": "b) Physical abuse",
    "SAB": "c) Sexual abuse",
    "EMO": "d) Emotional abuse",
    "MUL": "e) Multiple/not recommended",
}


# --------------------------------------------------------------------------- child columns

#: The child's fields every list reads, through the row's ``child`` foreign key.
CHILD_FIELDS = (
    "child_id",
    "child__case_number",
    "child__sex",
    "child__ethnicity",
    "child__date_of_birth",
)

LEADING = (
    text("Child Unique ID"),
    text("Gender"),
    text("Ethnicity"),
    date("Date of Birth"),
    integer("Age of Child (Years)"),
)
LEADING_WITH_DISABILITY = (*LEADING, text("Does the Child have a Disability"))
ALLOCATED = (text("Allocated Team"), text("Allocated Worker"))


def age_on(date_of_birth: dt.date | None, on: dt.date) -> int | None:
    """Whole years on ``on``; none for an unborn child (or one born after ``on``)."""
    if date_of_birth is None or date_of_birth > on:
        return None
    before_birthday = (on.month, on.day) < (date_of_birth.month, date_of_birth.day)
    return on.year - date_of_birth.year - before_birthday


class Children:
    """The leading columns of a list's rows. With ``disability``, one query finds which of
    the children have a disability (any code but NONE)."""

    def __init__(self, rows: Iterable[Mapping[str, Any]], on: dt.date, *, disability: bool):
        self.on = on
        self.disabled: set[int] | None = None
        if disability:
            from opencsc.people.models import PersonDisability

            ids = {row["child_id"] for row in rows}
            self.disabled = set(
                PersonDisability.objects.filter(person_id__in=ids)
                .exclude(code="NONE")
                .values_list("person_id", flat=True)
                .distinct()
            )

    def lead(self, row: Mapping[str, Any]) -> Row:
        dob = row["child__date_of_birth"]
        cells: Row = (
            row["child__case_number"],
            GENDER.get(row["child__sex"], GENDER["U"]),
            # A blank ethnicity is information not yet obtained (the column may not be blank).
            ETHNICITY.get(row["child__ethnicity"] or "NOBT", ETHNICITY["NOBT"]),
            dob,
            age_on(dob, self.on),
        )
        if self.disabled is not None:
            cells += (yes_no(row["child_id"] in self.disabled),)
        return cells


# --------------------------------------------------------------------------- allocations

#: What the allocation columns say when nobody held the case (they may not be blank).
NOT_ALLOCATED = "Unallocated"


@dataclass(frozen=True)
class _Held:
    start: dt.date
    end: dt.date | None
    team: str
    worker: str


class Allocations:
    """The team and worker holding each child's case (the primary allocation), on a day.

    One query for all the children of a list. ``on(child_id, day)`` is the allocation in
    force on ``day`` (the later one on a transfer day); failing that, the first one that
    started after ``day`` up to the as-of date (a referral allocated a day or two after
    it arrived); failing that, "Unallocated".
    """

    def __init__(self, child_ids: Iterable[int], as_of: dt.date):
        from opencsc.casework.models import Allocation, AllocationRole

        self.as_of = as_of
        self._by_child: dict[int, list[_Held]] = defaultdict(list)
        self._starts: dict[int, list[dt.date]] = {}
        rows = (
            Allocation.objects.filter(
                child_id__in=set(child_ids), role=AllocationRole.PRIMARY, start_date__lte=as_of
            )
            .order_by("child_id", "start_date", "id")
            .values_list(
                "child_id",
                "start_date",
                "end_date",
                "team__name",
                "worker__first_name",
                "worker__last_name",
                "worker__username",
                "worker_id",
            )
        )
        for child_id, start, end, team, first, last, username, worker_id in rows:
            # A team holding the case with nobody allocated yet.
            worker = NOT_ALLOCATED if worker_id is None else f"{first} {last}".strip() or username
            self._by_child[child_id].append(_Held(start, end, team, worker))
        for child_id, held in self._by_child.items():
            self._starts[child_id] = [h.start for h in held]

    def on(self, child_id: int, day: dt.date) -> tuple[str, str]:
        held = self._by_child.get(child_id)
        if not held:
            return NOT_ALLOCATED, NOT_ALLOCATED
        day = min(day, self.as_of)
        # Allocations that started on or before the day, latest first.
        i = bisect.bisect_right(self._starts[child_id], day)
        for h in reversed(held[:i]):
            if h.end is None or h.end >= day:
                return h.team, h.worker
        if i < len(held):
            h = held[i]
            return h.team, h.worker
        return NOT_ALLOCATED, NOT_ALLOCATED


def count_before(
    dates_by_child: Mapping[int, Sequence[tuple[dt.date, int]]],
    child_id: int,
    day: dt.date,
    row_id: int,
    months: int = 12,
) -> int:
    """How many of the child's (date, id) events fell in the ``months`` before ``day``,
    not counting the row's own event (``row_id``) nor later ones on the same day."""
    events = dates_by_child.get(child_id, ())
    since = add_months(day, -months)
    return sum(1 for d, pk in events if since <= d < day or (d == day and pk < row_id))
