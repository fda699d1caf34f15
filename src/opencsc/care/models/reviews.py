"""Looked-after reviews chaired by the independent reviewing officer, the IRO's contact
with the child, and the care plan with its permanence option (CPPCR Regulations 2010
regs 4, 33, 36; Children Act 1989 Guidance vol. 2)."""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.db import models

from opencsc.care.codes import PermanenceOption, ReviewParticipation


@pghistory.track()
class LookedAfterReview(models.Model):
    """One row of the 903 Reviews file."""

    period = models.ForeignKey("care.CarePeriod", on_delete=models.PROTECT, related_name="reviews")
    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="looked_after_reviews"
    )
    held_on = models.DateField()
    participation = models.CharField(max_length=3, choices=ReviewParticipation.choices)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews_chaired"
    )
    # The IRO confirms the permanence plan by the second review.
    permanence_confirmed = models.BooleanField(default=False)
    decisions = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on"]
        constraints = [
            models.UniqueConstraint(fields=["child", "held_on"], name="care_review_once_a_day")
        ]

    def __str__(self) -> str:
        return f"Looked-after review {self.held_on:%d/%m/%Y}"


@pghistory.track()
class IROContact(models.Model):
    """The IRO speaking with the child between reviews (Annex A list 8, last IRO contact)."""

    class Kind(models.TextChoices):
        VISIT = "visit", "Visit"
        PHONE = "phone", "Phone or video call"
        MESSAGE = "message", "Letter, text or message"

    period = models.ForeignKey(
        "care.CarePeriod", on_delete=models.PROTECT, related_name="iro_contacts"
    )
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    iro = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    contact_on = models.DateField()
    kind = models.CharField(max_length=8, choices=Kind.choices)
    summary = models.TextField()

    class Meta:
        ordering = ["-contact_on"]

    def __str__(self) -> str:
        return f"IRO contact {self.contact_on:%d/%m/%Y}"


@pghistory.track()
class CarePlan(models.Model):
    """A version of the child's care plan: the newest one is current. Its permanence
    option is what Annex A list 8 reports; agreeing one by the second review is the
    standard the worklist checks."""

    period = models.ForeignKey(
        "care.CarePeriod", on_delete=models.PROTECT, related_name="care_plans"
    )
    agreed_on = models.DateField()
    permanence_option = models.CharField(
        max_length=24, choices=PermanenceOption.choices, blank=True
    )
    summary = models.TextField()
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-agreed_on", "-id"]

    def __str__(self) -> str:
        return f"Care plan agreed {self.agreed_on:%d/%m/%Y}"
