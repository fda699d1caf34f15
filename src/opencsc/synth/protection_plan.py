"""What the planner makes after a referral's assessment: strategy discussions, section 47
enquiries, conferences, child protection and child in need plans, visits, emergency powers.

Plain data, like ``plan.py``: the planner (``protection.py``) fills it in memory, the
writer (``protection_writer.py``) replays it through the protection and plans services,
and the tests (tests/synth/test_protection_plan.py) read it to check the rates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from opencsc.synth.organisation import PlannedWorker

__all__ = [
    "PlannedStrategy",
    "PlannedEnquiry",
    "PlannedConference",
    "PlannedCPPlan",
    "PlannedCINPlan",
    "PlannedAction",
    "PlannedVisit",
    "PlannedEmergency",
    "PlannedProtection",
]


@dataclass(slots=True, eq=False)
class PlannedStrategy:
    held_at: datetime
    kind: str  # protection.models.StrategyKind
    decision: str  # protection.models.StrategyDecision
    #: Social care, police and health all took part (WT2023 ch.3); a few are held without.
    quorate: bool
    chair: PlannedWorker


@dataclass(slots=True, eq=False)
class PlannedConference:
    kind: str  # protection.models.ConferenceKind
    held_on: date
    chair: PlannedWorker
    plan_required: bool
    category: str = ""
    #: A review that ends the plan says why (protection.models.PlanEndReason).
    end_reason: str = ""


@dataclass(slots=True, eq=False)
class PlannedEnquiry:
    """A section 47 enquiry: opened by the first strategy discussion (``strategies[0]``),
    joined by any later one."""

    strategies: list[PlannedStrategy]
    worker: PlannedWorker
    seen_on: date | None = None
    seen_alone: bool = False
    completed_on: date | None = None
    outcome: str = ""  # protection.models.EnquiryOutcome; "" while open
    #: The initial conference it led to (outcome "icpc"), once held.
    conference: PlannedConference | None = None

    @property
    def start(self) -> date:
        return self.strategies[0].held_at.date()

    @property
    def target(self) -> date:
        """Conference target: 15 working days from the last strategy discussion."""
        from opencsc.synth.calendar import add_working_days

        return add_working_days(self.strategies[-1].held_at.date(), 15)


@dataclass(slots=True, eq=False)
class PlannedAction:
    added_on: date
    by_when: date
    completed_on: date | None
    #: Index into the action texts (drawn when written).
    text: int


@dataclass(slots=True, eq=False)
class PlannedCPPlan:
    """Started by ``conference`` (an initial or transfer-in conference, 2885)."""

    conference: PlannedConference
    #: NumberOfPreviousCPP when more than our own records show (plans elsewhere or before
    #: the records began); None: the service counts the child's earlier plans.
    previous_plans: int | None
    reviews: list[PlannedConference] = field(default_factory=list)
    core_groups: list[date] = field(default_factory=list)
    actions: list[PlannedAction] = field(default_factory=list)
    #: Ended outside a review conference (plan_end), e.g. moved to another authority.
    end_date: date | None = None
    end_reason: str = ""

    @property
    def start(self) -> date:
        return self.conference.held_on

    @property
    def ended_on(self) -> date | None:
        """The end date, whether by a review conference or by plan_end."""
        if self.end_date is not None:
            return self.end_date
        last = self.reviews[-1] if self.reviews else None
        return last.held_on if last is not None and not last.plan_required else None


@dataclass(slots=True, eq=False)
class PlannedCINPlan:
    start: date
    reviews: list[date] = field(default_factory=list)
    actions: list[PlannedAction] = field(default_factory=list)
    #: The plan's own standards, when not the authority's (settings.OPENCSC_STANDARDS).
    review_every_months: int | None = None
    visit_every_working_days: int | None = None
    #: None while open; ended by a child protection plan's initial conference when
    #: ``end_reason == "cp_plan"`` (conference_record ends it, not cin_plan_end).
    end_date: date | None = None
    end_reason: str = ""


@dataclass(slots=True, eq=False)
class PlannedVisit:
    visited_on: date
    worker: PlannedWorker
    child_seen: bool
    seen_alone: bool
    bedroom_seen: bool
    kind: str  # "cp" or "cin": which plan it is under (the service works it out)
    #: Before the baby is born (a pre-birth plan): the parents are visited.
    unborn: bool = False


@dataclass(slots=True, eq=False)
class PlannedEmergency:
    kind: str  # protection.models.EmergencyPowerKind
    start: date
    end: date | None


@dataclass(slots=True, eq=False)
class PlannedProtection:
    """Everything after the front door's decision or the assessment, on one episode."""

    enquiries: list[PlannedEnquiry] = field(default_factory=list)
    #: Strategy discussions that decided against an enquiry.
    discussions: list[PlannedStrategy] = field(default_factory=list)
    cp_plans: list[PlannedCPPlan] = field(default_factory=list)
    cin_plans: list[PlannedCINPlan] = field(default_factory=list)
    visits: list[PlannedVisit] = field(default_factory=list)
    emergencies: list[PlannedEmergency] = field(default_factory=list)
    #: While planning: what the front door's enquiry leads to, for the planner to carry
    #: on from once the assessment is planned.
    pending: tuple[str, date | None, PlannedConference | None] | None = None
