"""The front door: contacts, the information gathered on them, decisions and early help."""

from __future__ import annotations

import uuid

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import F, Q

from opencsc.core.codes import (
    Agency,
    ConsentStatus,
    ContactDecision,
    ReferralSource,
    ThresholdLevel,
)
from opencsc.core.models import Versioned


class ContactStatus(models.TextChoices):
    AWAITING_DECISION = "awaiting_decision", "Awaiting decision"
    DECIDED = "decided", "Decided"


class ReceivedVia(models.TextChoices):
    PHONE = "phone", "Phone"
    EMAIL = "email", "Email"
    PORTAL = "portal", "Online form"
    API = "api", "Electronic referral (API)"
    IN_PERSON = "in_person", "In person"


@pghistory.track()
class Contact(Versioned):
    """One contact about one child. Contacts about siblings made together share ``group_ref``."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="contacts")
    group_ref = models.UUIDField(default=uuid.uuid4, db_index=True)
    received_at = models.DateTimeField()
    # WT2023 ch.3: decided within one working day; stored so worklists and returns agree.
    decision_due_at = models.DateTimeField()
    received_via = models.CharField(max_length=20, choices=ReceivedVia.choices)
    source = models.CharField(max_length=3, choices=ReferralSource.choices)
    referrer_name = models.CharField(max_length=200)
    referrer_organisation = models.CharField(max_length=200, blank=True)
    referrer_phone = models.CharField(max_length=40, blank=True)
    referrer_email = models.EmailField(blank=True)
    presenting_concerns = models.TextField()
    consent = models.CharField(max_length=30, choices=ConsentStatus.choices)
    consent_notes = models.TextField(blank=True)
    threshold = models.CharField(max_length=30, choices=ThresholdLevel.choices, blank=True)
    status = models.CharField(
        max_length=30, choices=ContactStatus.choices, default=ContactStatus.AWAITING_DECISION
    )
    decision = models.CharField(max_length=30, choices=ContactDecision.choices, blank=True)
    decision_rationale = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="contacts_taken"
    )
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="contacts")
    out_of_hours = models.BooleanField(default=False)
    handover_at = models.DateTimeField(null=True, blank=True)
    handover_note = models.TextField(blank=True)

    class Meta:
        ordering = ["received_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="awaiting_decision")
                | (
                    Q(status="decided")
                    & ~Q(decision="")
                    & ~Q(threshold="")
                    & ~Q(decision_rationale="")
                    & Q(decided_by__isnull=False)
                    & Q(decided_at__isnull=False)
                ),
                name="contact_decision_complete",
            ),
            models.CheckConstraint(
                condition=Q(decided_at__isnull=True) | Q(decided_at__gte=F("received_at")),
                name="contact_decided_after_received",
            ),
            models.CheckConstraint(
                condition=Q(handover_at__isnull=True) | Q(handover_at__gte=F("received_at")),
                name="contact_handover_after_received",
            ),
        ]
        indexes = [
            models.Index(
                fields=["received_at"],
                condition=Q(status="awaiting_decision"),
                name="contact_awaiting",
            ),
            models.Index(fields=["child", "received_at"], name="contact_child"),
        ]

    @property
    def is_decided(self) -> bool:
        return self.status == ContactStatus.DECIDED


@pghistory.track()
class ContactInformation(models.Model):
    """Information asked of a partner agency about a contact, and what came back."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="information")
    agency = models.CharField(max_length=30, choices=Agency.choices)
    requested_at = models.DateTimeField()
    received_at = models.DateTimeField(null=True, blank=True)
    summary = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["agency"]
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "agency"], name="information_once_per_agency"
            ),
            models.CheckConstraint(
                condition=Q(received_at__isnull=True) | ~Q(summary=""),
                name="information_received_has_summary",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_agency_display()} on contact {self.contact_id}"


@pghistory.track()
class EarlyHelpEpisode(Versioned):
    """Early help: a lead professional and an early help assessment, outside statutory
    social care."""

    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="early_help_episodes"
    )
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.PROTECT, related_name="early_help"
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=200, blank=True)
    lead_professional = models.CharField(max_length=200)
    lead_organisation = models.CharField(max_length=200)
    assessment_start = models.DateField(null=True, blank=True)
    assessment_completed = models.DateField(null=True, blank=True)
    # Step-down from social care (a closed CIN episode) or step-up to it (a referral).
    stepped_down_from = models.ForeignKey(
        "casework.CINEpisode",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="stepped_down_to",
    )
    stepped_up_to = models.ForeignKey(
        "casework.CINEpisode",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="stepped_up_from",
    )

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"], condition=Q(end_date__isnull=True), name="one_open_early_help"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="early_help_dates_in_order",
            ),
            models.CheckConstraint(
                condition=Q(assessment_completed__isnull=True)
                | (
                    Q(assessment_start__isnull=False)
                    & Q(assessment_completed__gte=F("assessment_start"))
                ),
                name="early_help_assessment_dates",
            ),
        ]
