"""Child in need plans, the actions of every plan, plan reviews and statutory visits.

CIN census CINPlanDates come from ``ChildInNeedPlan``; the actions of child protection
plans live here too (``PlanAction``), because the inspectors' finding (plans lacking
specificity) is answered the same way for both: what, who, by when, and how we will know
it worked.
"""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import F, Q

from opencsc.core.models import Versioned


class CINPlanEndReason(models.TextChoices):
    OUTCOMES_MET = "outcomes_met", "Outcomes achieved: no longer a child in need"
    STEP_DOWN = "step_down", "Stepped down to early help"
    CP_PLAN = "cp_plan", "Replaced by a child protection plan"
    LOOKED_AFTER = "looked_after", "Became looked after"
    MOVED_LA = "moved_la", "Moved to another local authority"
    CASE_CLOSED = "case_closed", "Case closed for another reason"


@pghistory.track()
class ChildInNeedPlan(Versioned):
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="cin_plans")
    episode = models.ForeignKey(
        "casework.CINEpisode", on_delete=models.PROTECT, related_name="cin_plans"
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=14, choices=CINPlanEndReason.choices, blank=True)
    # Per plan, defaulting to the authority's standard (settings.OPENCSC_STANDARDS).
    review_every_months = models.PositiveSmallIntegerField()
    visit_every_working_days = models.PositiveSmallIntegerField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            # CIN census 4003/4014: one open child in need plan; no overlaps.
            models.UniqueConstraint(
                fields=["child"], condition=Q(end_date__isnull=True), name="one_open_cin_plan"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="cin_plan_end_after_start",
            ),
            models.CheckConstraint(
                condition=(Q(end_date__isnull=True) & Q(end_reason=""))
                | (Q(end_date__isnull=False) & ~Q(end_reason="")),
                name="cin_plan_end_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Child in need plan from {self.start_date:%d/%m/%Y}"

    @property
    def is_open(self) -> bool:
        return self.end_date is None


class ChildInNeedPlanReview(models.Model):
    plan = models.ForeignKey(ChildInNeedPlan, on_delete=models.PROTECT, related_name="reviews")
    held_on = models.DateField()
    progress = models.TextField()
    decision = models.TextField(help_text="What changes, and whether the plan continues")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["held_on"]

    def __str__(self) -> str:
        return f"Child in need plan review {self.held_on:%d/%m/%Y}"


@pghistory.track()
class PlanAction(Versioned):
    """One action of a child protection or child in need plan."""

    cp_plan = models.ForeignKey(
        "protection.ChildProtectionPlan",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actions",
    )
    cin_plan = models.ForeignKey(
        ChildInNeedPlan, null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    what = models.TextField("what will be done")
    who = models.CharField("who will do it", max_length=200)
    by_when = models.DateField("by when")
    measure = models.TextField("how we will know it has worked")
    completed_on = models.DateField(null=True, blank=True)
    outcome_note = models.TextField(blank=True)

    class Meta:
        ordering = ["by_when"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(cp_plan__isnull=False) & Q(cin_plan__isnull=True))
                | (Q(cp_plan__isnull=True) & Q(cin_plan__isnull=False)),
                name="plan_action_one_plan",
            ),
        ]


class VisitKind(models.TextChoices):
    CHILD_PROTECTION = "cp", "Child protection visit"
    CHILD_IN_NEED = "cin", "Child in need visit"
    LOOKED_AFTER = "cla", "Looked-after child visit"


@pghistory.track()
class StatutoryVisit(models.Model):
    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="statutory_visits"
    )
    episode = models.ForeignKey(
        "casework.CINEpisode", on_delete=models.PROTECT, related_name="statutory_visits"
    )
    kind = models.CharField(max_length=4, choices=VisitKind.choices)
    visited_on = models.DateField()
    visited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="visits_made"
    )
    child_seen = models.BooleanField()
    seen_alone = models.BooleanField(default=False)
    bedroom_seen = models.BooleanField(default=False)
    observations = models.TextField(help_text="What the child said and did; what was seen")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-visited_on"]
        indexes = [models.Index(fields=["child", "-visited_on"], name="visit_child_latest")]
        constraints = [
            models.CheckConstraint(
                condition=Q(child_seen=True) | Q(seen_alone=False),
                name="visit_seen_alone_needs_seen",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.visited_on:%d/%m/%Y}"
