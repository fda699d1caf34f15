"""People: children, their family and household, and the professionals around them."""

from __future__ import annotations

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models import F, Func, Q
from django.db.models.functions import Lower, Upper

from opencsc.core.codes import Disability, Ethnicity, RelationshipType, Sex, UPNUnknown
from opencsc.core.identifiers import validate_nhs_number, validate_upn
from opencsc.core.models import Versioned


class DMetaphone(Func):
    """fuzzystrmatch's double metaphone code: "Smyth" and "Smith" both give SM0.

    IMMUTABLE in PostgreSQL, so it can be indexed; the person search matches on it.
    """

    function = "dmetaphone"
    output_field = models.CharField()


@pghistory.track()
class Person(Versioned):
    # The authority's case number, reported as the returns' LAchildID (CIN census 1520:
    # unique, at most 20 letters and digits). Numbered from a sequence unless given: an
    # authority moving to OpenCSC keeps its old numbers, and a synthetic authority numbers
    # people from its plan, so the same seed gives the same returns.
    case_number = models.CharField(
        max_length=20,
        unique=True,
        db_default=models.functions.Cast(
            Func(models.Value("people_person_case_number_seq"), function="nextval"),
            models.CharField(max_length=20),
        ),
    )
    first_name = models.CharField(max_length=100)
    middle_names = models.CharField(max_length=200, blank=True)
    last_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    # CIN census 8525Q: an unborn child has an expected date of birth instead.
    expected_date_of_birth = models.DateField(null=True, blank=True)
    date_of_death = models.DateField(null=True, blank=True)
    # Sex as the returns record it (M/F/U), and gender identity in the person's own words.
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    gender_identity = models.CharField(max_length=100, blank=True)
    ethnicity = models.CharField(max_length=4, choices=Ethnicity.choices, blank=True)
    first_language = models.CharField(max_length=60, blank=True)
    religion = models.CharField(max_length=60, blank=True)
    uasc = models.BooleanField("unaccompanied asylum-seeking child", default=False)
    uasc_ceased = models.DateField(null=True, blank=True)
    nhs_number = models.CharField(
        "NHS number", max_length=10, blank=True, validators=[validate_nhs_number]
    )
    upn = models.CharField("UPN", max_length=13, blank=True, validators=[validate_upn])
    upn_unknown_reason = models.CharField(
        "reason the UPN is unknown", max_length=3, choices=UPNUnknown.choices, blank=True
    )
    postcode = models.CharField(max_length=8, blank=True, help_text="Current address postcode")
    # Staff, their relatives and high-profile cases: visible only to the people named on it.
    is_restricted = models.BooleanField(default=False)
    restricted_reason = models.CharField(max_length=200, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from"
    )

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [
            GinIndex(
                OpClass(Lower("last_name"), name="gin_trgm_ops"), name="person_last_trgm"
            ),
            GinIndex(
                OpClass(Lower("first_name"), name="gin_trgm_ops"), name="person_first_trgm"
            ),
            # Exact and nickname matches in the person search: a b-tree answers "=" on a
            # common first name far faster than the trigram index does.
            models.Index(Lower("last_name"), name="person_last_lower"),
            models.Index(Lower("first_name"), name="person_first_lower"),
            # Phonetic matches in the person search ("Jon" finds "John").
            models.Index(DMetaphone(F("last_name")), name="person_last_dmeta"),
            models.Index(DMetaphone(F("first_name")), name="person_first_dmeta"),
            models.Index(fields=["date_of_birth"], name="person_dob"),
            models.Index(Upper("postcode"), name="person_postcode"),
            models.Index(fields=["nhs_number"], name="person_nhs"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["nhs_number"],
                condition=~Q(nhs_number="") & Q(merged_into__isnull=True),
                name="person_nhs_number_unique",
            ),
            models.CheckConstraint(
                condition=Q(expected_date_of_birth__isnull=True) | Q(date_of_birth__isnull=True),
                name="person_dob_xor_expected",
            ),
            models.CheckConstraint(
                condition=Q(date_of_death__isnull=True)
                | Q(date_of_birth__isnull=True)
                | Q(date_of_death__gte=models.F("date_of_birth")),
                name="person_death_after_birth",
            ),
            models.CheckConstraint(
                condition=Q(upn="") | Q(upn_unknown_reason=""),
                name="person_upn_or_reason",
            ),
        ]

    # Not columns: set on instances for their templates by the person search and the
    # duplicate check (whether the user may open the record, and links to use it).
    can_open: bool
    use_url: str | None
    contact_url: str | None

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def la_child_id(self) -> str:
        """The record ID shown on every page: the case number, which the statutory returns
        report as LAchildID (stable, at most 20 letters and digits: CIN census 1520)."""
        return self.case_number

    @property
    def is_unborn(self) -> bool:
        return self.date_of_birth is None and self.expected_date_of_birth is not None


class AliasKind(models.TextChoices):
    ALIAS = "alias", "Also known as"
    PREVIOUS = "previous", "Previous name"
    MERGED = "merged", "Name from a merged record"


@pghistory.track()
class PersonAlias(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    kind = models.CharField(max_length=20, choices=AliasKind.choices, default=AliasKind.ALIAS)

    class Meta:
        indexes = [
            GinIndex(OpClass(Lower("last_name"), name="gin_trgm_ops"), name="alias_last_trgm"),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@pghistory.track()
class PersonDisability(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="disabilities")
    code = models.CharField(max_length=4, choices=Disability.choices)

    class Meta:
        constraints = [
            # CIN census 8794: no disability recorded twice.
            models.UniqueConstraint(fields=["person", "code"], name="disability_once")
        ]

    def __str__(self) -> str:
        return self.get_code_display()


@pghistory.track()
class Address(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="addresses")
    line1 = models.CharField(max_length=200)
    line2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=8)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="address_dates_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.line1}, {self.postcode}"


@pghistory.track()
class Relationship(models.Model):
    """``person`` is the ``kind`` of ``relative``: person=mother, kind=mother, relative=child."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships")
    relative = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relatives")
    kind = models.CharField(max_length=30, choices=RelationshipType.choices)
    parental_responsibility = models.BooleanField(default=False)
    lives_with = models.BooleanField("lives in the same household", default=False)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(person=models.F("relative")), name="relationship_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} is {self.get_kind_display().lower()} of {self.relative}"


class ProfessionalRole(models.TextChoices):
    SCHOOL = "school", "School"
    GP = "gp", "GP"
    HEALTH_VISITOR = "health_visitor", "Health visitor"
    SCHOOL_NURSE = "school_nurse", "School nurse"
    MIDWIFE = "midwife", "Midwife"
    POLICE = "police", "Police"
    OTHER = "other", "Other"


@pghistory.track()
class ProfessionalInvolvement(models.Model):
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="professionals"
    )
    role = models.CharField(max_length=30, choices=ProfessionalRole.choices)
    name = models.CharField(max_length=120, blank=True)
    organisation = models.CharField(max_length=200)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.organisation}"


@pghistory.track()
class RestrictedAccess(models.Model):
    """A person named on a restricted record: the only people who may see it."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="named_users")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "user"], name="restricted_access_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} named on {self.person}"


class PersonMerge(models.Model):
    """One merge of a duplicate record into the record kept: who, when, and which rows moved.

    The merged rows of append-only tables (case notes, oversight...) carry no history of
    their own, so this is where "note 12 was written on record C0000034" is kept. A log:
    never edited, and never re-pointed by a later merge.
    """

    keep = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    duplicate = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    merged_at = models.DateTimeField(auto_now_add=True)
    # {"casework.CaseNote.child": [12, 15]}: the rows re-pointed from the duplicate.
    moved = models.JSONField(default=dict, blank=True)
    # Rows left on the duplicate because the keeper already had the same fact.
    left = models.JSONField(default=dict, blank=True)
    # Fields of the keeper filled in from the duplicate: {"nhs_number": "9991234567"}.
    filled = models.JSONField(default=dict, blank=True)
    # Open rows of the duplicate ended because the keeper already had one (its allocation).
    ended = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-merged_at"]
        triggers = [
            pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)
        ]

    def __str__(self) -> str:
        return f"{self.duplicate_id} merged into {self.keep_id}"
