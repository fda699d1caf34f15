"""What the planner makes for a child looked after, as plain data (``care.py`` plans it,
``care_writer.py`` replays it through the care services)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from opencsc.synth.organisation import PlannedWorker

__all__ = [
    "PlannedAdoption",
    "PlannedCare",
    "PlannedCareChange",
    "PlannedLeaver",
    "PlannedMissing",
    "PlannedPlacement",
]


@dataclass(slots=True, eq=False)
class PlannedPlacement:
    placement: str  # 903 PLACE
    provider: str  # 903 PLACE_PROVIDER ("" for the placements that have none)
    carer: str
    postcode: str
    urn: str = ""


@dataclass(slots=True, eq=False)
class PlannedCareChange:
    """A change of legal status and/or placement on a day (care.services.care_change)."""

    on: date
    legal_status: str | None = None
    placement: PlannedPlacement | None = None
    #: 903 REASON_PLACE_CHANGE, for a move ("" for a change of legal status only).
    reason: str = ""


@dataclass(slots=True, eq=False)
class PlannedMissing:
    kind: str  # "M" missing, "A" away without authorisation
    started_on: date
    ended_on: date
    rhi_offered_on: date | None
    rhi_accepted: bool | None


@dataclass(slots=True, eq=False)
class PlannedAdoption:
    """The adoption journey (Adoption Agencies Regulations 2005): the agency decision,
    the placement order, matching, placement and the order."""

    decided_on: date
    placement_order_on: date | None = None
    matched_on: date | None = None
    placed_on: date | None = None
    order_on: date | None = None
    #: The adopters: (sex, sex) for a couple, (sex,) for a single adopter.
    adopters: tuple[str, ...] = ("F", "M")
    ffa: bool = False  # fostering for adoption: placed with their foster carers
    no_longer_on: date | None = None
    no_longer_reason: str = ""


@dataclass(slots=True, eq=False)
class PlannedLeaver:
    """Support as a care leaver (Children (Leaving Care) Act 2000), from 16 to 21 or 25."""

    start: date
    adviser: PlannedWorker
    pathway_plans: list[date] = field(default_factory=list)
    contacts: list[date] = field(default_factory=list)
    #: (from, accommodation code, suitable)
    accommodation: list[tuple[date, str, bool]] = field(default_factory=list)
    #: (from, activity code)
    activity: list[tuple[date, str]] = field(default_factory=list)
    staying_put: tuple[date, date | None] | None = None


@dataclass(slots=True, eq=False)
class PlannedCare:
    start: date
    legal_status: str
    placement: PlannedPlacement
    worker: PlannedWorker  # the children in care team's social worker
    iro: PlannedWorker
    #: The exit planned at entry: home, adoption, sgo, cao, long (to 18), moved, other.
    route: str
    category_of_need: str = ""
    changes: list[PlannedCareChange] = field(default_factory=list)
    end: date | None = None
    end_reason: str = ""
    #: (held on, 903 REVIEW_CODE participation)
    reviews: list[tuple[date, str]] = field(default_factory=list)
    visits: list[date] = field(default_factory=list)
    #: (agreed on, permanence option)
    care_plans: list[tuple[date, str]] = field(default_factory=list)
    #: (kind, done on, immunisations up to date)
    health: list[tuple[str, date, bool | None]] = field(default_factory=list)
    #: (completed on, score or None, reason)
    sdqs: list[tuple[date, int | None, str]] = field(default_factory=list)
    missing: list[PlannedMissing] = field(default_factory=list)
    convictions: list[date] = field(default_factory=list)
    substance: list[date] = field(default_factory=list)
    adoption: PlannedAdoption | None = None
    leaver: PlannedLeaver | None = None
    #: Entered before the window: the record starts with the period already running.
    stock: bool = False
