"""Legal planning: legal gateway meetings, pre-proceedings under the Public Law Outline,
care proceedings and the orders courts make (Children Act 1989 ss.31-38; PD12A; Public
Law Working Group 2021).

The inspectors found children left in pre-proceedings too long without oversight: every
pre-proceedings record is tracked against the expected 16 weeks and carries the date of
the next manager's review, and proceedings against the 26-week limit (s.32(1)(a)).
"""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import F, Q

from opencsc.core.models import Versioned


class LegalPlanningDecision(models.TextChoices):
    THRESHOLD_NOT_MET = "not_met", "Threshold for proceedings not met: continue under the plan"
    PRE_PROCEEDINGS = "pre_proceedings", "Start pre-proceedings (letter before proceedings)"
    ISSUE = "issue", "Issue care proceedings"
    URGENT_ISSUE = "urgent_issue", "Issue care proceedings urgently, without pre-proceedings"
    OTHER = "other", "Other"


@pghistory.track()
class LegalPlanningMeeting(models.Model):
    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="legal_planning_meetings"
    )
    episode = models.ForeignKey(
        "casework.CINEpisode", on_delete=models.PROTECT, related_name="legal_planning_meetings"
    )
    held_on = models.DateField()
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=16, choices=LegalPlanningDecision.choices)
    rationale = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"Legal planning meeting {self.held_on:%d/%m/%Y}"


class PreProceedingsOutcome(models.TextChoices):
    DIVERTED = "diverted", "Concerns reduced: stepped down from pre-proceedings"
    PROCEEDINGS = "proceedings", "Care proceedings issued"
    OTHER = "other", "Ended for another reason (for example, the family moved away)"


@pghistory.track()
class PreProceedings(Versioned):
    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="pre_proceedings"
    )
    episode = models.ForeignKey(
        "casework.CINEpisode", on_delete=models.PROTECT, related_name="pre_proceedings"
    )
    meeting = models.ForeignKey(
        LegalPlanningMeeting, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    start_date = models.DateField()  # PPStartDate: the legal planning decision
    letter_sent_on = models.DateField(null=True, blank=True)  # LBPSentDate
    initial_meeting_on = models.DateField(null=True, blank=True)  # InitialPPMeetingDate
    # Family group decision-making: offered, then held (FGDMMeetingOffer, FGDMMeetingFac).
    fgdm_offered_on = models.DateField(null=True, blank=True)
    fgdm_held_on = models.DateField(null=True, blank=True)
    # The manager's next oversight of the plan: required while open.
    next_review_due = models.DateField()
    ended_on = models.DateField(null=True, blank=True)  # StepDecisionDate
    outcome = models.CharField(max_length=12, choices=PreProceedingsOutcome.choices, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-start_date"]
        verbose_name_plural = "pre-proceedings"
        constraints = [
            models.UniqueConstraint(
                fields=["child"], condition=Q(ended_on__isnull=True), name="legal_one_open_plo"
            ),
            models.CheckConstraint(
                condition=(Q(ended_on__isnull=True) & Q(outcome=""))
                | (Q(ended_on__isnull=False) & ~Q(outcome="")),
                name="legal_plo_end_has_outcome",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("start_date")),
                name="legal_plo_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(fgdm_held_on__isnull=True) | Q(fgdm_offered_on__isnull=False),
                name="legal_fgdm_held_needs_offer",
            ),
        ]

    def __str__(self) -> str:
        return f"Pre-proceedings from {self.start_date:%d/%m/%Y}"


@pghistory.track()
class PreProceedingsReview(models.Model):
    """A review meeting with the family, or the manager's oversight of progress."""

    class Kind(models.TextChoices):
        REVIEW_MEETING = "meeting", "Pre-proceedings review meeting with the family"
        MANAGER = "manager", "Manager's review of progress"

    pre_proceedings = models.ForeignKey(
        PreProceedings, on_delete=models.PROTECT, related_name="reviews"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices)
    held_on = models.DateField()
    progress = models.TextField()
    next_review_due = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on:%d/%m/%Y}"


@pghistory.track()
class CareProceedings(Versioned):
    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="care_proceedings"
    )
    pre_proceedings = models.ForeignKey(
        PreProceedings, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    issued_on = models.DateField()  # CourtAppDate
    court = models.CharField(max_length=120)
    court_case_number = models.CharField(max_length=40, blank=True)
    concluded_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-issued_on"]
        verbose_name_plural = "care proceedings"
        constraints = [
            models.CheckConstraint(
                condition=Q(concluded_on__isnull=True) | Q(concluded_on__gte=F("issued_on")),
                name="legal_proceedings_end_after_issue",
            ),
        ]

    def __str__(self) -> str:
        return f"Care proceedings issued {self.issued_on:%d/%m/%Y}"


@pghistory.track()
class Hearing(models.Model):
    class Kind(models.TextChoices):
        FIRST = "first", "First hearing"
        CMH = "cmh", "Case management hearing"
        IRH = "irh", "Issues resolution hearing"
        FINAL = "final", "Final hearing"
        OTHER = "other", "Other hearing"

    proceedings = models.ForeignKey(
        CareProceedings, on_delete=models.PROTECT, related_name="hearings"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices)
    held_on = models.DateField()
    outcome = models.TextField(blank=True)

    class Meta:
        ordering = ["held_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on:%d/%m/%Y}"


class OrderKind(models.TextChoices):
    INTERIM_CARE = "ico", "Interim care order"
    CARE = "co", "Care order"
    PLACEMENT = "po", "Placement order"
    SGO = "sgo", "Special guardianship order"
    CHILD_ARRANGEMENTS = "cao", "Child arrangements order"
    SUPERVISION = "so", "Supervision order"
    INTERIM_SUPERVISION = "iso", "Interim supervision order"
    ADOPTION = "ao", "Adoption order"
    DISCHARGE = "discharge", "Discharge of a care order"


@pghistory.track()
class CourtOrder(models.Model):
    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="court_orders"
    )
    proceedings = models.ForeignKey(
        CareProceedings, null=True, blank=True, on_delete=models.PROTECT, related_name="orders"
    )
    kind = models.CharField(max_length=10, choices=OrderKind.choices)
    made_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-made_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("made_on")),
                name="legal_order_end_after_made",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.made_on:%d/%m/%Y}"
