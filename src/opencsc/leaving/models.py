"""Care leavers: eligibility, the personal adviser, the pathway plan and its reviews,
contact, accommodation and activity, staying put, and support up to 25 (Children
(Leaving Care) Act 2000; Care Leavers (England) Regulations 2010; Children and Social
Work Act 2017; 903 OC3; Annex A list 9).

Accommodation recorded as unsuitable, or as bed and breakfast or emergency
accommodation, is put in front of the manager the day it is recorded: the inspectors
found care leavers in emergency accommodation missed.
"""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q

from opencsc.core.models import Versioned


class Eligibility(models.TextChoices):
    ELIGIBLE = "eligible", "Eligible (16 or 17 and still looked after)"
    RELEVANT = "relevant", "Relevant (16 or 17, left care)"
    FORMER_RELEVANT = "former_relevant", "Former relevant (18 to 25)"
    QUALIFYING = "qualifying", "Qualifying"


class InTouch(models.TextChoices):
    """903 OC3 IN_TOUCH."""

    YES = "YES", "In touch"
    NO = "NO", "Not in touch"
    DIED = "DIED", "Died"
    REFUSED = "REFU", "Refuses contact"
    NOT_REQUIRED = "NREQ", "No longer requires services"
    RETURNED_HOME = "RHOM", "Returned home for six months or more"


class Activity(models.TextChoices):
    """903 OC3 ACTIV: full-time (F) or part-time (P) education, training or employment,
    or not in education, employment or training (G)."""

    HIGHER_EDUCATION_FT = "F1", "Higher education, full time"
    HIGHER_EDUCATION_PT = "P1", "Higher education, part time"
    EDUCATION_FT = "F2", "Other education, full time"
    EDUCATION_PT = "P2", "Other education, part time"
    TRAINING_FT = "F4", "Training or employment, full time"
    TRAINING_PT = "P4", "Training or employment, part time"
    APPRENTICESHIP_FT = "F5", "Apprenticeship, full time"
    APPRENTICESHIP_PT = "P5", "Apprenticeship, part time"
    NEET_ILLNESS = "G4", "Not in education, training or employment: illness or disability"
    NEET_OTHER = "G5", "Not in education, training or employment: other reasons"
    NEET_PARENTING = "G6", "Not in education, training or employment: pregnancy or parenting"


class AccommodationType(models.TextChoices):
    """903 OC3 ACCOM, the letter; suitability is the 1 (suitable) or 2 (unsuitable)."""

    PARENTS = "B", "With parents or relatives"
    COMMUNITY_HOME = "C", "Community home or other residential care"
    SEMI_INDEPENDENT = "D", "Semi-independent, transitional accommodation"
    SUPPORTED_LODGINGS = "E", "Supported lodgings"
    ABROAD = "G", "Gone abroad"
    DEPORTED = "H", "Deported"
    ORDINARY_LODGINGS = "K", "Ordinary lodgings, without formal support"
    UNKNOWN = "R", "Residence not known"
    NO_FIXED_ABODE = "S", "No fixed abode or homeless"
    FOYER = "T", "Foyer"
    INDEPENDENT = "U", "Independent living (for example, own tenancy)"
    EMERGENCY = "V", "Emergency accommodation (for example, a night shelter)"
    BED_AND_BREAKFAST = "W", "Bed and breakfast"
    CUSTODY = "X", "In custody"
    OTHER = "Y", "Other accommodation"
    FORMER_FOSTER_CARERS = "Z", "With former foster carers (staying put)"


#: Put in front of the manager the day they are recorded, whatever the suitability.
ALERT_ACCOMMODATION = frozenset({"S", "V", "W"})


@pghistory.track()
class CareLeaver(Versioned):
    child = models.OneToOneField(
        "people.Person", on_delete=models.PROTECT, related_name="care_leaver"
    )
    eligibility = models.CharField(max_length=16, choices=Eligibility.choices)
    personal_adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="care_leavers_advised",
    )
    adviser_from = models.DateField(null=True, blank=True)
    in_touch = models.CharField(max_length=4, choices=InTouch.choices, default=InTouch.YES)
    # Support continues to 25 when the young person asks for it (CSWA 2017 s.3).
    support_ended_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"Care leaver ({self.get_eligibility_display()})"


@pghistory.track()
class PathwayPlan(models.Model):
    """A pathway plan or its review (at least every 6 months, Care Leavers Regs 2010 reg 7)."""

    care_leaver = models.ForeignKey(
        CareLeaver, on_delete=models.PROTECT, related_name="pathway_plans"
    )
    reviewed_on = models.DateField()
    is_review = models.BooleanField(default=False)
    summary = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-reviewed_on"]

    def __str__(self) -> str:
        return f"Pathway plan {self.reviewed_on:%d/%m/%Y}"


@pghistory.track()
class LeaverContact(models.Model):
    """The personal adviser's contact: a visit within 7 days of a move, then at least
    every 2 months (Care Leavers Regs 2010 reg 8)."""

    class Kind(models.TextChoices):
        VISIT = "visit", "Visit at the young person's accommodation"
        MEETING = "meeting", "Meeting elsewhere"
        PHONE = "phone", "Phone or video call"

    care_leaver = models.ForeignKey(CareLeaver, on_delete=models.PROTECT, related_name="contacts")
    contact_on = models.DateField()
    kind = models.CharField(max_length=8, choices=Kind.choices)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    summary = models.TextField()

    class Meta:
        ordering = ["-contact_on"]

    def __str__(self) -> str:
        return f"Contact {self.contact_on:%d/%m/%Y}"


@pghistory.track()
class LeaverAccommodation(models.Model):
    care_leaver = models.ForeignKey(
        CareLeaver, on_delete=models.PROTECT, related_name="accommodation"
    )
    from_date = models.DateField()
    kind = models.CharField(max_length=1, choices=AccommodationType.choices)
    suitable = models.BooleanField()
    postcode = models.CharField(max_length=8, blank=True)
    # Bed and breakfast, emergency or unsuitable accommodation: seen by the manager?
    manager_seen_at = models.DateTimeField(null=True, blank=True)
    manager_seen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-from_date", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.from_date:%d/%m/%Y}"

    @property
    def oc3_code(self) -> str:
        return f"{self.kind}{1 if self.suitable else 2}"

    @property
    def needs_manager(self) -> bool:
        return self.kind in ALERT_ACCOMMODATION or not self.suitable


@pghistory.track()
class LeaverActivity(models.Model):
    care_leaver = models.ForeignKey(CareLeaver, on_delete=models.PROTECT, related_name="activities")
    from_date = models.DateField()
    activity = models.CharField(max_length=2, choices=Activity.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-from_date", "-id"]

    def __str__(self) -> str:
        return f"{self.get_activity_display()} from {self.from_date:%d/%m/%Y}"


@pghistory.track()
class StayingPut(models.Model):
    """Staying with former foster carers after 18 (Children and Families Act 2014 s.98)."""

    care_leaver = models.ForeignKey(
        CareLeaver, on_delete=models.PROTECT, related_name="staying_put"
    )
    carer = models.CharField(max_length=200)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="leaving_staying_put_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"Staying put from {self.started_on:%d/%m/%Y}"
