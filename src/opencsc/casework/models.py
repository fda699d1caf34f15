"""The case: the child in need episode a referral opens, who holds it, and what is written on it."""

from __future__ import annotations

import pghistory
import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from opencsc.core.codes import (
    PrimaryNeed,
    ReasonForClosure,
    ReferralSource,
    SocialWorkerChangeReason,
)
from opencsc.core.models import Versioned

append_only = [
    pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete),
]


@pghistory.track()
class CINEpisode(Versioned):
    """A child in need episode (CIN census CINdetails), opened by a referral."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="episodes")
    contact = models.OneToOneField(
        "frontdoor.Contact",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referral",
    )
    referral_date = models.DateField()
    referral_source = models.CharField(max_length=3, choices=ReferralSource.choices)
    primary_need = models.CharField(max_length=2, choices=PrimaryNeed.choices)
    # A referral within 12 months of the previous one (DfE re-referral measure).
    is_re_referral = models.BooleanField(default=False)
    referral_nfa = models.BooleanField("referral no further action", default=False)
    closure_date = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(max_length=3, choices=ReasonForClosure.choices, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-referral_date"]
        constraints = [
            # CIN census 8815: one open episode per child.
            models.UniqueConstraint(
                fields=["child"], condition=Q(closure_date__isnull=True), name="one_open_episode"
            ),
            # CIN census 8620 / 8640: closure on or after referral, and date with reason.
            models.CheckConstraint(
                condition=Q(closure_date__isnull=True) | Q(closure_date__gte=F("referral_date")),
                name="episode_closure_after_referral",
            ),
            models.CheckConstraint(
                condition=(Q(closure_date__isnull=True) & Q(closure_reason=""))
                | (Q(closure_date__isnull=False) & ~Q(closure_reason="")),
                name="episode_closure_date_with_reason",
            ),
        ]
        indexes = [models.Index(fields=["child", "referral_date"], name="episode_child_date")]

    def __str__(self) -> str:
        return f"Child in need episode from {self.referral_date:%d/%m/%Y}"

    @property
    def is_open(self) -> bool:
        return self.closure_date is None


class AllocationRole(models.TextChoices):
    PRIMARY = "primary", "Allocated worker"
    CO_WORKER = "co_worker", "Co-worker"
    # Independent of the case holder: they reach the child's record through this allocation.
    REVIEWING_OFFICER = "reviewing_officer", "Independent reviewing officer"
    PERSONAL_ADVISER = "personal_adviser", "Personal adviser"


@pghistory.track()
class Allocation(models.Model):
    """Who holds a child's case, from when to when. A transfer ends one and starts the next."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="allocations")
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="allocations")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="allocations",
    )
    role = models.CharField(max_length=20, choices=AllocationRole.choices, default="primary")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=200, blank=True)
    # 903 SWEpisodes SW_REASON: why this worker took over from the last one.
    change_reason = models.CharField(
        max_length=6, choices=SocialWorkerChangeReason.choices, blank=True
    )

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(end_date__isnull=True, role="primary"),
                name="one_open_primary_allocation",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="allocation_dates_in_order",
            ),
        ]
        indexes = [
            models.Index(
                fields=["worker"], condition=Q(end_date__isnull=True), name="alloc_open_worker"
            ),
            models.Index(
                fields=["team"], condition=Q(end_date__isnull=True), name="alloc_open_team"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.worker or 'no worker'} ({self.team})"


class NoteKind(models.TextChoices):
    CASE_NOTE = "case_note", "Case note"
    HOME_VISIT = "home_visit", "Home visit"
    PHONE_CALL = "phone_call", "Phone call"
    MEETING = "meeting", "Meeting"
    CORRESPONDENCE = "correspondence", "Correspondence"


class CaseNote(models.Model):
    """Append-only: a correction is an addendum, never an edit (enforced by a trigger)."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=NoteKind.choices, default=NoteKind.CASE_NOTE)
    occurred_on = models.DateField()
    written_at = models.DateTimeField(auto_now_add=True)
    text = models.TextField()

    class Meta:
        ordering = ["-occurred_on", "-written_at"]
        triggers = append_only

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on:%d/%m/%Y}"


class NoteAddendum(models.Model):
    note = models.ForeignKey(CaseNote, on_delete=models.PROTECT, related_name="addenda")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(auto_now_add=True)
    text = models.TextField()

    class Meta:
        ordering = ["written_at"]
        triggers = append_only

    def __str__(self) -> str:
        return f"Addendum by {self.author}"


class ManagementOversight(models.Model):
    """A manager's direction on a case and the reasons for it. Append-only."""

    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="oversights"
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    direction = models.TextField()
    reasons = models.TextField()
    review_by = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-recorded_at"]
        triggers = append_only

    def __str__(self) -> str:
        return f"Management oversight by {self.manager}"


class Supervision(models.Model):
    """Case supervision: a worker and their supervisor reflect on a child's case. Append-only."""

    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="supervisions"
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    held_on = models.DateField()
    reflection = models.TextField()
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on"]
        triggers = append_only

    def __str__(self) -> str:
        return f"Supervision of {self.worker} on {self.held_on:%d/%m/%Y}"


@pghistory.track()
class SupervisionAction(models.Model):
    supervision = models.ForeignKey(Supervision, on_delete=models.PROTECT, related_name="actions")
    action = models.TextField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_date = models.DateField()
    completed_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return self.action


class CircumstanceChange(models.Model):
    """A change in a child's circumstances. After an authorised assessment it prompts an update."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="changes")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    occurred_on = models.DateField()
    recorded_at = models.DateTimeField(auto_now_add=True)
    description = models.TextField()

    class Meta:
        ordering = ["-occurred_on"]
        triggers = append_only

    def __str__(self) -> str:
        return f"Change of circumstances {self.occurred_on:%d/%m/%Y}"
