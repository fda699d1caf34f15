"""Child protection: strategy discussions, section 47 enquiries, conferences, core groups,
child protection plans and emergency legal powers (WT2023 ch.3; CIN census Section47 and
ChildProtectionPlans).

Every record hangs off the child in need episode the referral opened, so the census can
nest it under its CINdetails.
"""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import F, Q

from opencsc.core.codes import CategoryOfAbuse
from opencsc.core.models import Versioned


class StrategyKind(models.TextChoices):
    DISCUSSION = "discussion", "Strategy discussion"
    MEETING = "meeting", "Strategy meeting"


class StrategyDecision(models.TextChoices):
    S47_SINGLE = "s47_single", "Section 47 enquiry by children's social care"
    S47_JOINT = "s47_joint", "Section 47 enquiry jointly with the police"
    NFA = "nfa", "No further action under section 47"
    OTHER = "other", "Other (for example, continue the child and family assessment)"


S47_DECISIONS = {StrategyDecision.S47_SINGLE, StrategyDecision.S47_JOINT}


class StrategyAgency(models.TextChoices):
    """Who took part. WT2023 ch.3: children's social care, police and health at least."""

    SOCIAL_CARE = "social_care", "Children's social care"
    POLICE = "police", "Police"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education"
    PROBATION = "probation", "Probation"
    HOUSING = "housing", "Housing"
    OTHER = "other", "Other"


#: WT2023 ch.3: the statutory minimum at a strategy discussion.
STRATEGY_MINIMUM = (StrategyAgency.SOCIAL_CARE, StrategyAgency.POLICE, StrategyAgency.HEALTH)


@pghistory.track()
class StrategyDiscussion(Versioned):
    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="strategy_discussions"
    )
    episode = models.ForeignKey(
        "casework.CINEpisode", on_delete=models.PROTECT, related_name="strategy_discussions"
    )
    # Set when the discussion starts an enquiry, or is a later discussion within one.
    enquiry = models.ForeignKey(
        "protection.Section47Enquiry",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="strategy_discussions",
    )
    kind = models.CharField(
        max_length=12, choices=StrategyKind.choices, default=StrategyKind.DISCUSSION
    )
    held_at = models.DateTimeField()
    information_shared = models.TextField()
    decision = models.CharField(max_length=12, choices=StrategyDecision.choices)
    rationale = models.TextField()
    # Stored from the participants when recorded: did social care, police and health take
    # part (WT2023 ch.3)? The worklists and Annex A flag those held without.
    quorate = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["held_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_at:%d/%m/%Y}"


class StrategyParticipant(models.Model):
    discussion = models.ForeignKey(
        StrategyDiscussion, on_delete=models.CASCADE, related_name="participants"
    )
    agency = models.CharField(max_length=12, choices=StrategyAgency.choices)
    name = models.CharField(max_length=120)
    role = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["agency", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_agency_display()})"


class StrategyAction(models.Model):
    discussion = models.ForeignKey(
        StrategyDiscussion, on_delete=models.CASCADE, related_name="actions"
    )
    action = models.TextField()
    owner = models.CharField(max_length=120, help_text="Who will do it, and their agency")
    due_date = models.DateField()
    completed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_date"]

    def __str__(self) -> str:
        return f"{self.action} ({self.owner}, by {self.due_date:%d/%m/%Y})"


class EnquiryOutcome(models.TextChoices):
    ICPC = "icpc", "Initial child protection conference"
    CIN_PLAN = "cin_plan", "Child in need plan"
    NFA = "nfa", "No further action"


@pghistory.track()
class Section47Enquiry(Versioned):
    """CIN census Section47: S47ActualStartDate, InitialCPCtarget, DateOfInitialCPC
    (from the conference it led to), ICPCnotRequired."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="enquiries")
    episode = models.ForeignKey(
        "casework.CINEpisode", on_delete=models.PROTECT, related_name="enquiries"
    )
    start_date = models.DateField()
    joint_with_police = models.BooleanField(default=False)
    # WT2023 ch.3: 15 working days from the last strategy discussion; moved on when a
    # later discussion is held within the enquiry.
    conference_target_date = models.DateField()
    child_seen_on = models.DateField(null=True, blank=True)
    seen_alone = models.BooleanField(null=True, blank=True)
    findings = models.TextField(blank=True)
    outcome = models.CharField(max_length=10, choices=EnquiryOutcome.choices, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    # Concerns substantiated but the child judged not at continuing risk of harm, so no
    # conference: CIN census ICPCnotRequired, with the reason.
    conference_not_required = models.BooleanField(default=False)
    conference_not_required_reason = models.TextField(blank=True)
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="enquiries"
    )

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            # CIN census 8740: one open section 47 enquiry per child.
            models.UniqueConstraint(
                fields=["child"], condition=Q(completed_on__isnull=True), name="one_open_enquiry"
            ),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(completed_on__gte=F("start_date")),
                name="enquiry_completed_after_start",
            ),
            models.CheckConstraint(
                condition=(Q(completed_on__isnull=True) & Q(outcome=""))
                | (Q(completed_on__isnull=False) & ~Q(outcome="")),
                name="enquiry_completed_with_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"Section 47 enquiry started {self.start_date:%d/%m/%Y}"

    @property
    def is_open(self) -> bool:
        return self.completed_on is None


class ConferenceKind(models.TextChoices):
    INITIAL = "initial", "Initial child protection conference"
    REVIEW = "review", "Review child protection conference"
    TRANSFER_IN = "transfer_in", "Transfer-in conference (plan from another authority)"


@pghistory.track()
class Conference(Versioned):
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="conferences")
    episode = models.ForeignKey(
        "casework.CINEpisode", on_delete=models.PROTECT, related_name="conferences"
    )
    kind = models.CharField(max_length=12, choices=ConferenceKind.choices)
    # An initial conference convened by an enquiry (census Section47/DateOfInitialCPC);
    # one without (a transfer-in) goes to CINdetails/DateOfInitialCPC.
    enquiry = models.OneToOneField(
        Section47Enquiry,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="conference",
    )
    # A review conference reviews a plan.
    plan = models.ForeignKey(
        "protection.ChildProtectionPlan",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviews",
    )
    held_on = models.DateField()
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="chaired_conferences"
    )
    # Initial: was a plan made? Review: does the plan continue?
    plan_required = models.BooleanField()
    category = models.CharField(max_length=3, choices=CategoryOfAbuse.choices, blank=True)
    summary = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["held_on"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="review") | Q(plan__isnull=False),
                name="review_conference_has_plan",
            ),
            models.CheckConstraint(
                condition=Q(plan_required=False) | ~Q(category=""),
                name="conference_plan_has_category",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on:%d/%m/%Y}"


class ConferenceAttendee(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="attendees")
    agency = models.CharField(max_length=12, choices=StrategyAgency.choices)
    name = models.CharField(max_length=120)
    role = models.CharField(max_length=120, blank=True)
    # Parents and the child attend too; a professional may send a report instead.
    attended = models.BooleanField(default=True)
    report_submitted = models.BooleanField(default=False)

    class Meta:
        ordering = ["agency", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_agency_display()})"


class PlanEndReason(models.TextChoices):
    """Why a child protection plan ended (OpenCSC list; the census records the date only)."""

    NO_LONGER_AT_RISK = "no_risk", "No longer at continuing risk of significant harm"
    LOOKED_AFTER = "looked_after", "Became looked after"
    MOVED_LA = "moved_la", "Moved to another local authority"
    ADOPTED = "adopted", "Adopted"
    AGE_18 = "age_18", "Reached 18"
    DIED = "died", "Died"
    OTHER = "other", "Other"


@pghistory.track()
class ChildProtectionPlan(Versioned):
    """CIN census ChildProtectionPlans: CPPstartDate (= the conference date, 2885),
    InitialCategoryOfAbuse, LatestCategoryOfAbuse, NumberOfPreviousCPP, CPPendDate and the
    review conference dates."""

    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="protection_plans"
    )
    episode = models.ForeignKey(
        "casework.CINEpisode", on_delete=models.PROTECT, related_name="protection_plans"
    )
    conference = models.OneToOneField(
        Conference, on_delete=models.PROTECT, related_name="started_plan"
    )
    start_date = models.DateField()
    initial_category = models.CharField(max_length=3, choices=CategoryOfAbuse.choices)
    latest_category = models.CharField(max_length=3, choices=CategoryOfAbuse.choices)
    # CIN census NumberOfPreviousCPP: plans before this one, here or in another authority.
    previous_plans = models.PositiveSmallIntegerField(default=0)
    end_date = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=14, choices=PlanEndReason.choices, blank=True)

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            # CIN census 8935/8940: one open plan, no overlap.
            models.UniqueConstraint(
                fields=["child"], condition=Q(end_date__isnull=True), name="one_open_cp_plan"
            ),
            # CIN census 8930: ends on or after it starts.
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="cp_plan_end_after_start",
            ),
            models.CheckConstraint(
                condition=(Q(end_date__isnull=True) & Q(end_reason=""))
                | (Q(end_date__isnull=False) & ~Q(end_reason="")),
                name="cp_plan_end_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Child protection plan from {self.start_date:%d/%m/%Y}"

    @property
    def is_open(self) -> bool:
        return self.end_date is None


class CoreGroupMeeting(models.Model):
    plan = models.ForeignKey(
        ChildProtectionPlan, on_delete=models.PROTECT, related_name="core_groups"
    )
    held_on = models.DateField()
    attendees = models.TextField(help_text="Who attended, by agency")
    progress = models.TextField(help_text="Progress against the plan's actions")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["held_on"]

    def __str__(self) -> str:
        return f"Core group {self.held_on:%d/%m/%Y}"


class EmergencyPowerKind(models.TextChoices):
    POLICE_PROTECTION = "police_protection", "Police protection (Children Act 1989 s46)"
    EPO = "epo", "Emergency protection order (Children Act 1989 s44)"


@pghistory.track()
class EmergencyPower(models.Model):
    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="emergency_powers"
    )
    kind = models.CharField(max_length=20, choices=EmergencyPowerKind.choices)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="emergency_power_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.start_date:%d/%m/%Y}"
