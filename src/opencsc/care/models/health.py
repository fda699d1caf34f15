"""The looked-after child's health and wellbeing (903 OC2; Promoting the health and
wellbeing of looked-after children, 2015) and times missing or away from placement (903
Missing; statutory guidance on children who run away or go missing, 2014)."""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import F, Q

from opencsc.care.codes import MissingKind, SDQReason


class HealthCheckKind(models.TextChoices):
    INITIAL_ASSESSMENT = "initial", "Initial health assessment"
    REVIEW_ASSESSMENT = "review", "Review health assessment"
    DENTAL = "dental", "Dental check"
    DEVELOPMENT = "development", "Development check (under 5)"
    IMMUNISATIONS = "immunisations", "Immunisations reviewed"


@pghistory.track()
class HealthCheck(models.Model):
    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="health_checks"
    )
    kind = models.CharField(max_length=16, choices=HealthCheckKind.choices)
    done_on = models.DateField()
    # For the immunisations review: were they up to date (903 OC2 IMMUNISATIONS)?
    up_to_date = models.BooleanField(null=True)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-done_on"]
        indexes = [models.Index(fields=["child", "kind", "-done_on"], name="health_child_kind")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="immunisations") | Q(up_to_date__isnull=True),
                name="health_up_to_date_only_immunisations",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.done_on:%d/%m/%Y}"


@pghistory.track()
class SDQScore(models.Model):
    """Strengths and Difficulties Questionnaire: a score 0-40, or the reason there is none."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="sdq_scores")
    completed_on = models.DateField()
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    reason = models.CharField(max_length=4, choices=SDQReason.choices, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-completed_on"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(score__isnull=False) & Q(score__lte=40) & Q(reason=""))
                | (Q(score__isnull=True) & ~Q(reason="")),
                name="sdq_score_xor_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"SDQ {self.completed_on:%d/%m/%Y}"


@pghistory.track()
class Conviction(models.Model):
    """903 OC2 CONVICTED: convicted or given a youth caution while looked after."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="convictions")
    convicted_on = models.DateField()
    description = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"Conviction {self.convicted_on:%d/%m/%Y}"


@pghistory.track()
class SubstanceMisuse(models.Model):
    """903 OC2 SUBSTANCE_MISUSE with the intervention offered and received."""

    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="substance_misuse"
    )
    identified_on = models.DateField()
    intervention_offered = models.BooleanField()
    intervention_received = models.BooleanField()
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(intervention_offered=True) | Q(intervention_received=False),
                name="substance_received_needs_offered",
            ),
        ]

    def __str__(self) -> str:
        return f"Substance misuse identified {self.identified_on:%d/%m/%Y}"


@pghistory.track()
class MissingEpisode(models.Model):
    """One row of the 903 Missing file, with the return home interview (Annex A list 8)."""

    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="missing_episodes"
    )
    kind = models.CharField(max_length=1, choices=MissingKind.choices)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    # Offered within 72 hours of the child's return (DfE guidance 2014).
    rhi_offered_on = models.DateField(null=True, blank=True)
    rhi_accepted = models.BooleanField(null=True)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="missing_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(rhi_offered_on__isnull=False) | Q(rhi_accepted__isnull=True),
                name="missing_rhi_accepted_needs_offer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.started_on:%d/%m/%Y}"
