"""Adoption: the child's journey from the decision that adoption is in their best interests
to the adoption order (903 PlacedAdoption and AD1; Annex A list 10), and adopters from
their first enquiry through stages 1 and 2 to approval and placement (Annex A list 11;
Adoption Agencies Regulations 2005 as amended 2013).
"""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q

from opencsc.core.models import Versioned


class NoLongerPlacedReason(models.TextChoices):
    """903 REASON_PLACED_CEASED."""

    NEEDS_CHANGED = "RD1", "The child's needs changed"
    NO_ORDER = "RD2", "The court did not make a placement order"
    NO_ADOPTERS = "RD3", "Prospective adopters could not be found"
    OTHER = "RD4", "Any other reason"


class AdopterLegalStatus(models.TextChoices):
    """903 LS_ADOPTR."""

    SINGLE = "L0", "Single adopter"
    MARRIED_DIFFERENT_SEX = "L11", "Married couple of different sexes"
    MARRIED_SAME_SEX = "L12", "Married couple of the same sex"
    CIVIL_PARTNERS = "L2", "Civil partners"
    COUPLE_DIFFERENT_SEX = "L3", "Unmarried couple of different sexes"
    COUPLE_SAME_SEX = "L4", "Unmarried couple of the same sex"


class AdopterSexes(models.TextChoices):
    """903 SEX_ADOPTR."""

    MALE = "M1", "One male adopter"
    FEMALE = "F1", "One female adopter"
    TWO_MALE = "MM", "Two male adopters"
    TWO_FEMALE = "FF", "Two female adopters"
    MALE_FEMALE = "MF", "A male and a female adopter"


@pghistory.track()
class AdoptiveFamily(Versioned):
    """Prospective adopters, one household (Annex A list 11, one row per adopter)."""

    class LeftReason(models.TextChoices):
        WITHDREW = "withdrew", "The adopters withdrew"
        NOT_SUITABLE = "not_suitable", "Assessed as not suitable"
        OTHER = "other", "Other"

    reference = models.CharField(max_length=20, unique=True)
    legal_status = models.CharField(max_length=3, choices=AdopterLegalStatus.choices)
    fostering_for_adoption = models.BooleanField(
        "approved for fostering for adoption", default=False
    )
    enquiry_on = models.DateField()
    stage_one_started_on = models.DateField(null=True, blank=True)
    stage_one_ended_on = models.DateField(null=True, blank=True)
    stage_two_started_on = models.DateField(null=True, blank=True)
    stage_two_ended_on = models.DateField(null=True, blank=True)
    application_on = models.DateField(null=True, blank=True)
    approved_on = models.DateField(null=True, blank=True)
    left_on = models.DateField(null=True, blank=True)
    left_reason = models.CharField(max_length=14, choices=LeftReason.choices, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-enquiry_on"]
        verbose_name_plural = "adoptive families"
        constraints = [
            models.CheckConstraint(
                condition=(Q(left_on__isnull=True) & Q(left_reason=""))
                | (Q(left_on__isnull=False) & ~Q(left_reason="")),
                name="adoption_family_left_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Adoptive family {self.reference}"


class Adopter(models.Model):
    family = models.ForeignKey(AdoptiveFamily, on_delete=models.PROTECT, related_name="adopters")
    reference = models.CharField(max_length=20, unique=True)
    first_name = models.CharField(max_length=80)
    last_name = models.CharField(max_length=80)
    sex = models.CharField(max_length=1, choices=[("M", "Male"), ("F", "Female")])
    date_of_birth = models.DateField(null=True, blank=True)
    ethnicity = models.CharField(max_length=4, blank=True)

    def __str__(self) -> str:
        return f"Adopter {self.reference}"


@pghistory.track()
class AdoptionPlan(Versioned):
    """The child's adoption journey within one period of care."""

    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="adoption_plans"
    )
    period = models.ForeignKey(
        "care.CarePeriod", on_delete=models.PROTECT, related_name="adoption_plans"
    )
    decided_on = models.DateField()  # 903 DATE_INT / DATE_PLACED: should be placed
    placement_order_on = models.DateField(null=True, blank=True)
    family = models.ForeignKey(
        AdoptiveFamily, null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    matched_on = models.DateField(null=True, blank=True)  # DATE_MATCH
    placed_on = models.DateField(null=True, blank=True)
    # Placed with foster carers who are approved adopters (FFA) or on concurrent planning.
    ffa_placed_on = models.DateField(null=True, blank=True)
    placed_with_own_foster_carer = models.BooleanField(default=False)  # AD1 FOSTER_CARE
    adoption_order_on = models.DateField(null=True, blank=True)
    no_longer_placed_on = models.DateField(null=True, blank=True)  # DATE_PLACED_CEASED
    no_longer_placed_reason = models.CharField(
        max_length=3, choices=NoLongerPlacedReason.choices, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-decided_on"]
        constraints = [
            models.CheckConstraint(  # 903 rule 119
                condition=(Q(no_longer_placed_on__isnull=True) & Q(no_longer_placed_reason=""))
                | (Q(no_longer_placed_on__isnull=False) & ~Q(no_longer_placed_reason="")),
                name="adoption_no_longer_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(matched_on__isnull=True) | Q(matched_on__gte=models.F("decided_on")),
                name="adoption_matched_after_decision",
            ),
        ]
