"""Periods of care and their 903 episodes (Children Act 1989 ss.20-22; SSDA903 Episodes).

A period of care runs from the day a child starts to be looked after (RNE S) to the day
they stop. Within it, every change of legal status or placement ends the current episode
(REC X1) and starts the next, with the reason for the new episode worked out by the
services from what changed (903 rules 431-436), never typed by the user. Episodes are the
one record of where a child lived and under which legal status: placement histories,
Annex A list 8 and the 903 Episodes file are all read from them.
"""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import F, Q

from opencsc.care.codes import (
    LegalStatus,
    Placement,
    PlacementProvider,
    PreviousPermanence,
    ReasonEpisodeCeased,
    ReasonNewEpisode,
    ReasonPlacementChange,
)
from opencsc.core.codes import PrimaryNeed
from opencsc.core.models import Versioned


@pghistory.track()
class CarePeriod(Versioned):
    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="care_periods"
    )
    # Looked-after children are children in need: the period sits in the child in need
    # episode the referral opened, so the CIN census and the 903 tell one story.
    episode = models.ForeignKey(
        "casework.CINEpisode", on_delete=models.PROTECT, related_name="care_periods"
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=3, choices=ReasonEpisodeCeased.choices, blank=True)
    # 903 PrevPerm: an adoption, SGO or CAO that ended before this period began.
    previous_permanence = models.CharField(
        max_length=2, choices=PreviousPermanence.choices, blank=True
    )
    previous_permanence_date = models.DateField(null=True, blank=True)
    previous_permanence_la = models.CharField(max_length=120, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"], condition=Q(end_date__isnull=True), name="care_one_open_period"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="care_period_end_after_start",
            ),
            models.CheckConstraint(
                condition=(Q(end_date__isnull=True) & Q(end_reason=""))
                | (Q(end_date__isnull=False) & ~Q(end_reason__in=["", "X1"])),
                name="care_period_end_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Looked after from {self.start_date:%d/%m/%Y}"

    @property
    def is_open(self) -> bool:
        return self.end_date is None


@pghistory.track()
class CareEpisode(Versioned):
    """One row of the 903 Episodes file."""

    period = models.ForeignKey(CarePeriod, on_delete=models.PROTECT, related_name="episodes")
    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="care_episodes"
    )
    start_date = models.DateField()  # DECOM
    reason_new_episode = models.CharField(max_length=1, choices=ReasonNewEpisode.choices)
    legal_status = models.CharField(max_length=2, choices=LegalStatus.choices)
    category_of_need = models.CharField(
        max_length=2, choices=[c for c in PrimaryNeed.choices if c[0] not in ("N0", "N9")]
    )
    placement = models.CharField(max_length=3, choices=Placement.choices)
    provider = models.CharField(max_length=3, choices=PlacementProvider.choices)
    # Who cares for the child: a foster household, a home's name, "parents". Placement
    # changes with the same carer are RNE T/U rather than P/B (903 rules 431-436).
    carer = models.CharField(max_length=200)
    placement_postcode = models.CharField(max_length=8, blank=True)
    home_postcode = models.CharField(max_length=8, blank=True)
    urn = models.CharField("Ofsted URN", max_length=8, blank=True)
    # Worked out from the placement postcode (care/areas.py): the ONS code of the authority
    # the placement is in, and whether that is this authority; blank/None when not known.
    placement_la = models.CharField(max_length=9, blank=True)
    in_area = models.BooleanField(null=True)
    end_date = models.DateField(null=True, blank=True)  # DEC
    end_reason = models.CharField(  # REC
        max_length=3, choices=ReasonEpisodeCeased.choices, blank=True
    )
    # Recorded on the episode the move ends: why the child left this placement.
    reason_place_change = models.CharField(
        max_length=6, choices=ReasonPlacementChange.choices, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["start_date", "id"]
        indexes = [models.Index(fields=["child", "start_date"], name="care_episode_child_start")]
        constraints = [
            models.UniqueConstraint(
                fields=["child"], condition=Q(end_date__isnull=True), name="care_one_open_episode"
            ),
            models.CheckConstraint(  # 903 rule 148: DEC and REC together
                condition=(Q(end_date__isnull=True) & Q(end_reason=""))
                | (Q(end_date__isnull=False) & ~Q(end_reason="")),
                name="care_episode_end_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="care_episode_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.legal_status} {self.placement} from {self.start_date:%d/%m/%Y}"


@pghistory.track()
class PlacedWithParentsReview(models.Model):
    """Children on a care order placed at home (LS C2, PLACE P1): is the order still
    needed? The inspectors found children left on care orders at home too long."""

    class Decision(models.TextChoices):
        KEEP = "keep", "The care order is still needed"
        DISCHARGE = "discharge", "Apply to discharge the care order"
        SGO_OR_CAO = "sgo_cao", "Seek a special guardianship or child arrangements order"

    period = models.ForeignKey(
        CarePeriod, on_delete=models.PROTECT, related_name="placed_with_parents_reviews"
    )
    reviewed_on = models.DateField()
    decision = models.CharField(max_length=12, choices=Decision.choices)
    rationale = models.TextField()
    next_review_due = models.DateField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-reviewed_on"]

    def __str__(self) -> str:
        return f"Placed with parents review {self.reviewed_on:%d/%m/%Y}"
