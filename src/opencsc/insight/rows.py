"""What a worklist row holds, and how urgency is worded: plain data, no queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.paginator import Page

from opencsc.assessments.models import AssessmentStatus

if TYPE_CHECKING:
    from opencsc.accounts.models import Team

# Workforce census (DfE, 30 Sep 2023): the average children and family social worker
# holds 16 cases. A caseload per full-time equivalent above this threshold is shown as
# too high; an authority sets its own with OPENCSC_CASELOAD_PER_FTE_HIGH.
DEFAULT_CASELOAD_PER_FTE_HIGH = 20


@dataclass(frozen=True)
class RowDeadline:
    """A child protection or plan timescale shown on a child's row: an initial or review
    conference, the first core group, a statutory visit, a child in need plan review, or
    plan actions past their date."""

    kind: str
    label: str
    due_date: dt.date
    url: str
    days_remaining: int

    @property
    def is_overdue(self) -> bool:
        return self.days_remaining < 0

    @property
    def urgency(self) -> str:
        return urgency_text(self.days_remaining)

    @property
    def urgency_colour(self) -> str:
        return urgency_colour(self.days_remaining)


@dataclass(frozen=True)
class CaseRow:
    """One child on a worklist."""

    child_id: int
    name: str
    date_of_birth: dt.date | None
    expected_date_of_birth: dt.date | None
    age: int | None
    team_name: str
    worker_id: int | None
    worker_name: str
    allocation_role: str
    episode_id: int | None
    referral_date: dt.date | None
    assessment_id: int | None
    assessment_status: str
    assessment_start: dt.date | None
    assessment_due: dt.date | None
    days_remaining: int | None
    last_oversight_at: dt.datetime | None
    last_supervision_on: dt.date | None
    circumstances_changed: bool = False
    # Child protection and plan timescales, soonest first (insight.deadlines).
    deadlines: tuple[RowDeadline, ...] = ()

    @property
    def is_unborn(self) -> bool:
        return self.date_of_birth is None and self.expected_date_of_birth is not None

    @property
    def is_overdue(self) -> bool:
        return self.days_remaining is not None and self.days_remaining < 0

    @property
    def assessment_status_label(self) -> str:
        return AssessmentStatus(self.assessment_status).label if self.assessment_status else ""

    @property
    def urgency(self) -> str:
        """The tag a worklist shows: Overdue, Due today, Due in N days (working days)."""
        return urgency_text(self.days_remaining)

    @property
    def urgency_colour(self) -> str:
        return urgency_colour(self.days_remaining)


def urgency_text(days: int | None) -> str:
    if days is None:
        return ""
    if days < 0:
        return "Overdue"
    if days == 0:
        return "Due today"
    return f"Due in {days} working day{'s' if days != 1 else ''}"


def urgency_colour(days: int | None) -> str:
    if days is None:
        return "grey"
    if days < 0:
        return "red"
    # Ten working days is two weeks: time to get visits and checks done.
    if days <= 10:
        return "orange"
    return "blue"


def age_on(date_of_birth: dt.date | None, today: dt.date) -> int | None:
    if date_of_birth is None:
        return None
    years = today.year - date_of_birth.year
    if (today.month, today.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return max(years, 0)


@dataclass(frozen=True)
class AuthorisationRow:
    """An assessment submitted to a manager and waiting for their decision."""

    assessment_id: int
    child_id: int
    child_name: str
    worker_name: str
    submitted_at: dt.datetime | None
    due_date: dt.date
    days_remaining: int

    @property
    def urgency(self) -> str:
        return urgency_text(self.days_remaining)

    @property
    def urgency_colour(self) -> str:
        return urgency_colour(self.days_remaining)


@dataclass(frozen=True)
class ContactRow:
    """A contact awaiting the front door's decision (WT2023 ch.3: within 1 working day)."""

    contact_id: int
    child_id: int
    child_name: str
    received_at: dt.datetime
    decision_due_at: dt.datetime
    source: str
    source_label: str
    team_name: str
    is_overdue: bool


@dataclass
class TeamSummary:
    """Counts for one team, of records the viewer may see."""

    team_id: int | None
    team_name: str
    open_assessments: int = 0
    overdue_assessments: int = 0
    contacts_awaiting: int = 0
    contacts_overdue: int = 0

    @property
    def is_empty(self) -> bool:
        return not (self.open_assessments or self.contacts_awaiting)


@dataclass(frozen=True)
class CaseloadRow:
    worker_id: int
    worker_name: str
    team_name: str
    employment: str
    fte: Decimal
    children: int
    open_assessments: int
    per_fte: Decimal
    too_high: bool


@dataclass
class MyWorklist:
    """What the signed-in user sees on "My work". ``kind`` says which parts apply:
    ``caseload`` (social workers and team managers), ``front_door`` (contacts awaiting
    a decision), ``summary`` (heads of service, analysts, inspectors) or ``none``."""

    kind: str
    today: dt.date
    page: Page | None = None
    rows: list[CaseRow] = field(default_factory=list)
    awaiting_authorisation: list[AuthorisationRow] = field(default_factory=list)
    shows_authorisation: bool = False
    contacts: list[ContactRow] = field(default_factory=list)
    summary: list[TeamSummary] = field(default_factory=list)
    summary_total: TeamSummary | None = None


@dataclass
class TeamWorklist:
    teams: list[Team]
    team_choices: list[Team]
    today: dt.date
    read_only: bool
    page: Page | None = None
    rows: list[CaseRow] = field(default_factory=list)
    caseloads: list[CaseloadRow] = field(default_factory=list)
    caseload_high: int = DEFAULT_CASELOAD_PER_FTE_HIGH
