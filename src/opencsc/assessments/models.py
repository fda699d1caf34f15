"""Children and families assessments (CIN census Assessments), from start to authorisation."""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q

from opencsc.core.codes import AssessmentFactor, AssessmentOutcome
from opencsc.core.models import Versioned


class AssessmentStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    SUBMITTED = "submitted", "Submitted for authorisation"
    RETURNED = "returned", "Returned to worker"
    AUTHORISED = "authorised", "Authorised"


# Workflow is explicit: the only moves a service will make.
TRANSITIONS: dict[str, set[str]] = {
    AssessmentStatus.IN_PROGRESS: {AssessmentStatus.SUBMITTED},
    AssessmentStatus.SUBMITTED: {AssessmentStatus.RETURNED, AssessmentStatus.AUTHORISED},
    AssessmentStatus.RETURNED: {AssessmentStatus.SUBMITTED},
    AssessmentStatus.AUTHORISED: set(),
}


@pghistory.track()
class Assessment(Versioned):
    episode = models.ForeignKey(
        "casework.CINEpisode", on_delete=models.PROTECT, related_name="assessments"
    )
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="assessments")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="assessments"
    )
    start_date = models.DateField()
    # WT2023: 45 working days from the referral, computed once by core.working_days.
    due_date = models.DateField()
    status = models.CharField(
        max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.IN_PROGRESS
    )
    factors = ArrayField(
        models.CharField(max_length=3, choices=AssessmentFactor.choices), default=list, blank=True
    )
    analysis = models.TextField(blank=True)
    outcome = models.CharField(max_length=30, choices=AssessmentOutcome.choices, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    authorised_on = models.DateField(null=True, blank=True)
    authorised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # An updated assessment, prompted by a change in circumstances after authorisation.
    updates = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="updated_by"
    )
    prompted_by = models.ForeignKey(
        "casework.CircumstanceChange",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assessments",
    )

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            # CIN census 8863Q/8896: one open assessment per episode at a time.
            models.UniqueConstraint(
                fields=["episode"], condition=~Q(status="authorised"), name="one_open_assessment"
            ),
            # CIN census 8608: authorised on or after the start.
            models.CheckConstraint(
                condition=Q(authorised_on__isnull=True) | Q(authorised_on__gte=F("start_date")),
                name="assessment_authorised_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(status="authorised")
                | (
                    Q(authorised_on__isnull=False)
                    & Q(authorised_by__isnull=False)
                    & ~Q(outcome="")
                    & ~Q(analysis="")
                    & ~Q(factors=[])
                ),
                name="assessment_authorised_complete",
            ),
        ]
        indexes = [
            models.Index(
                fields=["worker"], condition=~Q(status="authorised"), name="assessment_open_worker"
            ),
        ]

    # Not a column: set by people.selectors.child_record for the child's record page
    # (working days to the due date; negative when overdue; None once authorised).
    working_days_left: int | None

    def __str__(self) -> str:
        return f"Assessment started {self.start_date:%d/%m/%Y} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status != AssessmentStatus.AUTHORISED


class ChildSeen(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="visits")
    seen_on = models.DateField()
    seen_alone = models.BooleanField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["seen_on"]

    def __str__(self) -> str:
        return f"Child seen {self.seen_on:%d/%m/%Y}" + (" alone" if self.seen_alone else "")


class ReviewAction(models.TextChoices):
    SUBMITTED = "submitted", "Submitted for authorisation"
    RETURNED = "returned", "Returned with comments"
    AUTHORISED = "authorised", "Authorised"


class AssessmentTransition(models.Model):
    """One row per move of the workflow: who, when, and the manager's comments."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(max_length=20, choices=ReviewAction.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    comments = models.TextField(blank=True)

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} by {self.by}"
