"""What the planner makes: contacts, referrals, assessments, early help, as plain data.

The writer (``writer.py``) replays these through the services; the tests read them to
check the rates without a database.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

from opencsc.synth.care_plan import PlannedCare
from opencsc.synth.organisation import OrgPlan, PlannedTeam, PlannedWorker
from opencsc.synth.population import Family, PlannedPerson
from opencsc.synth.protection_plan import PlannedProtection

__all__ = [
    "PlannedInfo",
    "PlannedEarlyHelp",
    "PlannedAssessment",
    "PlannedReferral",
    "PlannedContact",
    "Plan",
]

# --------------------------------------------------------------------------
# What is planned
# --------------------------------------------------------------------------


@dataclass(slots=True, eq=False)
class PlannedInfo:
    agency: str
    requested_at: datetime
    received_at: datetime | None


@dataclass(slots=True, eq=False)
class PlannedEarlyHelp:
    start_date: date
    assessment_start: date | None
    assessment_completed: date | None
    end_date: date | None
    end_reason: str
    #: Opened by a closure (step-down) rather than by a contact decision.
    stepped_down: bool = False
    #: Ended by a referral (step-up): the referral's episode_open closes it.
    stepped_up: bool = False


@dataclass(slots=True, eq=False)
class PlannedAssessment:
    worker: PlannedWorker
    start_date: date
    due_date: date
    seen: list[tuple[date, bool]]
    outcome: str
    factors: list[str]
    #: Dates of each submission; a return (with comments) sits between two submissions.
    submitted_on: list[date]
    returned_on: list[date]
    authorised_on: date | None
    authoriser: PlannedWorker


@dataclass(slots=True, eq=False)
class PlannedReferral:
    referral_date: date
    team: PlannedTeam
    primary_need: str
    nfa: bool
    #: (start date, team, worker, reason): the first is the allocation to a worker in
    #: the team the front door chose; later ones are transfers.
    allocations: list[tuple[date, PlannedTeam, PlannedWorker, str]] = field(default_factory=list)
    assessment: PlannedAssessment | None = None
    notes: list[tuple[date, str, PlannedWorker]] = field(default_factory=list)
    oversights: list[tuple[date, str, PlannedWorker]] = field(default_factory=list)
    supervisions: list[tuple[date, PlannedWorker, PlannedWorker]] = field(default_factory=list)
    closure_date: date | None = None
    closure_reason: str = ""
    step_down: PlannedEarlyHelp | None = None
    #: Strategy discussions, enquiries, conferences, plans and visits (protection.py).
    protection: PlannedProtection | None = None
    #: A period of care in this episode (care.py).
    care: PlannedCare | None = None


@dataclass(slots=True, eq=False)
class PlannedContact:
    key: int
    child: PlannedPerson
    received_at: datetime
    source: str
    via: str
    out_of_hours: bool
    taker: PlannedWorker
    consent: str
    group_ref: uuid.UUID | None
    info: list[PlannedInfo] = field(default_factory=list)
    handover_at: datetime | None = None
    handover_by: PlannedWorker | None = None
    #: None while the contact is still awaiting a decision at the as-of date.
    decision: str | None = None
    threshold: str = ""
    decided_at: datetime | None = None
    decider: PlannedWorker | None = None
    primary_need: str = ""
    allocate_team: PlannedTeam | None = None
    referral: PlannedReferral | None = None
    early_help: PlannedEarlyHelp | None = None
    #: Early help closed because this referral stepped the child up (end date = referral).
    steps_up: PlannedEarlyHelp | None = None
    #: A contact about a child whose case is open: passed to the allocated worker.
    open_case: bool = False
    #: Decided before every required agency answered (the decider says why).
    without_info: bool = False


@dataclass(slots=True)
class Plan:
    first_day: date
    as_of: date
    cutoff: datetime
    org: OrgPlan
    families: list[Family]
    contacts: list[PlannedContact]
    care_periods: list[PlannedCare] = field(default_factory=list)

    @property
    def children(self) -> list[PlannedPerson]:
        return [c for f in self.families for c in f.children if c.needed]
