"""Every write to a person's record. Web views, the API and the synthetic data generator
all call these, so each rule about a person lives here once.

Each service is keyword-only, takes the acting user, runs in one transaction and raises
``ValidationError({field: message})`` saying what to fix; nothing is half-saved.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from opencsc.core.codes import Disability, Ethnicity, RelationshipType, Sex, UPNUnknown
from opencsc.core.concurrency import save_versioned
from opencsc.core.identifiers import (
    nhs_number_problem,
    normalise_nhs_number,
    normalise_upn,
    upn_problem,
)
from opencsc.people.models import (
    Address,
    AliasKind,
    Person,
    PersonAlias,
    PersonDisability,
    ProfessionalInvolvement,
    ProfessionalRole,
    Relationship,
    RestrictedAccess,
)
from opencsc.people.postcodes import normalise_postcode, postcode_problem

if TYPE_CHECKING:
    from opencsc.accounts.models import User

__all__ = [
    "PERSON_FIELDS",
    "person_create",
    "person_update",
    "person_set_disabilities",
    "alias_add",
    "address_add",
    "relationship_add",
    "professional_add",
    "person_merge",
]

#: The identity and characteristics a person_create / person_update may set.
PERSON_FIELDS = (
    "first_name",
    "middle_names",
    "last_name",
    "preferred_name",
    "date_of_birth",
    "expected_date_of_birth",
    "date_of_death",
    "sex",
    "gender_identity",
    "ethnicity",
    "first_language",
    "religion",
    "uasc",
    "uasc_ceased",
    "nhs_number",
    "upn",
    "upn_unknown_reason",
    "postcode",
    "is_restricted",
    "restricted_reason",
)
_TEXT_FIELDS = {
    "first_name",
    "middle_names",
    "last_name",
    "preferred_name",
    "gender_identity",
    "first_language",
    "religion",
    "restricted_reason",
}
_LABELS = {
    "first_name": "First name",
    "middle_names": "Middle names",
    "last_name": "Last name",
    "preferred_name": "Preferred name",
    "gender_identity": "Gender identity",
    "first_language": "First language",
    "religion": "Religion",
    "restricted_reason": "Reason the record is restricted",
}
_DEFAULTS: dict[str, Any] = {
    "middle_names": "",
    "preferred_name": "",
    "date_of_death": None,
    "gender_identity": "",
    "first_language": "",
    "religion": "",
    "uasc": False,
    "uasc_ceased": None,
    "is_restricted": False,
    "restricted_reason": "",
}

EARLIEST_BIRTH = dt.date(1900, 1, 1)
# A pregnancy lasts about 40 weeks: an expected date further ahead than this is a typo.
LONGEST_PREGNANCY = dt.timedelta(days=300)


def _today() -> dt.date:
    return timezone.localdate()


def _fmt(d: dt.date) -> str:
    return f"{d.day} {d:%B %Y}"


def _check_unknown(fields: dict[str, Any], allowed: set[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"unknown person fields: {', '.join(sorted(unknown))}")


def _clean_person(values: dict[str, Any], *, person: Person | None = None) -> dict[str, Any]:
    """Normalise and check a whole set of person values; raise ValidationError(dict)."""
    v = dict(values)
    for name in _TEXT_FIELDS:
        v[name] = (v.get(name) or "").strip()
    v["sex"] = (v.get("sex") or "").strip().upper()
    v["ethnicity"] = (v.get("ethnicity") or "").strip().upper()
    v["nhs_number"] = normalise_nhs_number(v.get("nhs_number") or "")
    v["upn"] = normalise_upn(v.get("upn") or "")
    v["upn_unknown_reason"] = (v.get("upn_unknown_reason") or "").strip().upper()
    v["postcode"] = normalise_postcode(v.get("postcode") or "")
    v["uasc"] = bool(v.get("uasc"))
    v["is_restricted"] = bool(v.get("is_restricted"))

    errors: dict[str, str] = {}
    today = _today()
    dob, expected, died = (
        v.get("date_of_birth"),
        v.get("expected_date_of_birth"),
        v.get("date_of_death"),
    )
    unborn = dob is None and expected is not None

    for name, label in _LABELS.items():
        limit = Person._meta.get_field(name).max_length
        if limit and len(v[name]) > limit:
            errors[name] = f"{label} must be {limit} characters or fewer"
    # An unborn child often has no first name yet; everyone else needs one.
    if not v["first_name"] and not unborn:
        errors.setdefault("first_name", "Enter a first name")
    if not v["last_name"]:
        errors.setdefault("last_name", "Enter a last name")

    if v["sex"] not in Sex.values:
        errors["sex"] = "Select sex: male, female or not known"
    elif unborn and v["sex"] != Sex.UNKNOWN:
        # CIN census rules 4180/8750: an unborn child's sex is returned as U.
        errors["sex"] = "Select 'Not known' for an unborn child's sex (CIN census rule 8750)"
    if v["ethnicity"] and v["ethnicity"] not in Ethnicity.values:
        errors["ethnicity"] = "Select an ethnicity from the list"

    if dob is not None:
        if dob > today:
            errors["date_of_birth"] = "Date of birth must be today or in the past"
        elif dob < EARLIEST_BIRTH:
            errors["date_of_birth"] = f"Date of birth must be after {_fmt(EARLIEST_BIRTH)}"
    if expected is not None:
        if dob is not None:
            # CIN census: a child has either PersonBirthDate or ExpectedPersonBirthDate.
            errors["expected_date_of_birth"] = (
                "Remove the expected date of birth: a child who has been born has a date of "
                "birth instead (an expected date of birth is only for an unborn child)"
            )
        elif expected > today + LONGEST_PREGNANCY:
            errors["expected_date_of_birth"] = (
                "Expected date of birth must be within the next 10 months"
            )
    if died is not None:
        if died > today:
            errors["date_of_death"] = "Date of death must be today or in the past"
        elif dob is not None and died < dob:
            errors["date_of_death"] = (
                f"Date of death must be the same as or after the date of birth ({_fmt(dob)})"
            )

    if v["nhs_number"]:
        problem = nhs_number_problem(v["nhs_number"])
        if unborn:
            errors["nhs_number"] = (
                "Leave the NHS number blank for an unborn child: it is issued at birth"
            )
        elif problem:
            errors["nhs_number"] = problem
        else:
            others = Person.objects.filter(nhs_number=v["nhs_number"], merged_into__isnull=True)
            if person is not None:
                others = others.exclude(pk=person.pk)
            if others.exists():
                # Do not name the other record: it may be restricted.
                errors["nhs_number"] = (
                    "Another record already has this NHS number. Search for the NHS number: "
                    "this is probably the same person, so use that record"
                )
    if v["upn"]:
        problem = upn_problem(v["upn"])
        if unborn:
            errors["upn"] = "Leave the UPN blank for an unborn child"
        elif problem:
            errors["upn"] = problem
    if v["upn_unknown_reason"]:
        if v["upn_unknown_reason"] not in UPNUnknown.values:
            errors["upn_unknown_reason"] = "Select the reason the UPN is unknown from the list"
        elif v["upn"]:
            # CIN census 8772: UPN and UPNunknown are never both given.
            errors["upn_unknown_reason"] = (
                "Give either the UPN or the reason it is unknown, not both"
            )
    if v["postcode"]:
        problem = postcode_problem(v["postcode"])
        if problem:
            errors["postcode"] = problem

    ceased = v.get("uasc_ceased")
    if ceased is not None:
        if not v["uasc"]:
            errors["uasc_ceased"] = (
                "Remove the date UASC status ended, or record that the child is (or was) an "
                "unaccompanied asylum-seeking child"
            )
        elif ceased > today:
            errors["uasc_ceased"] = "Date UASC status ended must be today or in the past"
        elif dob is not None and ceased < dob:
            errors["uasc_ceased"] = "Date UASC status ended must be after the date of birth"
    if v["is_restricted"] and not v["restricted_reason"]:
        errors["restricted_reason"] = "Say why the record is restricted"

    if errors:
        raise ValidationError(errors)
    return v


@transaction.atomic
def person_create(
    *,
    actor: User,
    first_name: str,
    last_name: str,
    sex: str,
    date_of_birth: dt.date | None = None,
    expected_date_of_birth: dt.date | None = None,
    ethnicity: str = "",
    nhs_number: str = "",
    upn: str = "",
    upn_unknown_reason: str = "",
    postcode: str = "",
    **optional_fields: Any,
) -> Person:
    """Record a new person (a child, a relative, a carer)."""
    _check_unknown(optional_fields, set(_DEFAULTS))
    values = {
        **_DEFAULTS,
        **optional_fields,
        "first_name": first_name,
        "last_name": last_name,
        "sex": sex,
        "date_of_birth": date_of_birth,
        "expected_date_of_birth": expected_date_of_birth,
        "ethnicity": ethnicity,
        "nhs_number": nhs_number,
        "upn": upn,
        "upn_unknown_reason": upn_unknown_reason,
        "postcode": postcode,
    }
    person = Person.objects.create(**_clean_person(values))
    if person.is_restricted and actor is not None and actor.is_authenticated:
        # Whoever restricts a record must still be able to see it.
        RestrictedAccess.objects.create(person=person, user=actor)
    return person


@transaction.atomic
def person_update(*, actor: User, person: Person, expected_version: int, **fields: Any) -> Person:
    """Change a person's identity or characteristics; a stale ``expected_version`` raises
    ``StaleEditError`` and changes nothing."""
    _check_unknown(fields, set(PERSON_FIELDS))
    if person.merged_into_id:
        raise ValidationError(
            f"This record was merged into record {person.merged_into_id}: change that one instead"
        )
    current = {name: getattr(person, name) for name in PERSON_FIELDS}
    cleaned = _clean_person({**current, **fields}, person=person)
    save_versioned(
        person, expected_version=expected_version, fields={k: cleaned[k] for k in fields}
    )
    if cleaned["is_restricted"] and not current["is_restricted"]:
        RestrictedAccess.objects.get_or_create(person=person, user=actor)
    return person


@transaction.atomic
def person_set_disabilities(*, actor: User, person: Person, codes: list[str]) -> None:
    """Replace the person's disabilities with ``codes`` (DfE codes)."""
    wanted = list(dict.fromkeys(c.strip().upper() for c in codes if c and c.strip()))
    unknown = [c for c in wanted if c not in Disability.values]
    if unknown:
        raise ValidationError({"disabilities": "Select disabilities from the list"})
    if Disability.NONE in wanted and len(wanted) > 1:
        # CIN census 8790: NONE cannot be returned with any other disability code.
        raise ValidationError(
            {
                "disabilities": "Select 'No disability' on its own, or the disabilities the "
                "child has, not both (CIN census rule 8790)"
            }
        )
    existing = set(person.disabilities.values_list("code", flat=True))
    person.disabilities.exclude(code__in=wanted).delete()
    PersonDisability.objects.bulk_create(
        [PersonDisability(person=person, code=c) for c in wanted if c not in existing]
    )


@transaction.atomic
def alias_add(
    *, actor: User, person: Person, first_name: str, last_name: str, kind: str = AliasKind.ALIAS
) -> PersonAlias:
    """Another name a person is or was known by (found by the person search too)."""
    first_name, last_name = (first_name or "").strip(), (last_name or "").strip()
    errors: dict[str, str] = {}
    if not first_name and not last_name:
        errors["alias_last_name"] = "Enter the other first name, last name or both"
    if kind not in AliasKind.values:
        errors["alias_kind"] = "Select what kind of name this is"
    if len(first_name) > 100:
        errors["alias_first_name"] = "Other first name must be 100 characters or fewer"
    if len(last_name) > 100:
        errors["alias_last_name"] = "Other last name must be 100 characters or fewer"
    if errors:
        raise ValidationError(errors)
    return PersonAlias.objects.create(
        person=person, first_name=first_name, last_name=last_name, kind=kind
    )


@transaction.atomic
def address_add(
    *,
    actor: User,
    person: Person,
    line1: str,
    postcode: str,
    start_date: dt.date,
    line2: str = "",
    town: str = "",
) -> Address:
    """Record where a person lives from ``start_date``.

    The current address ends the day before a later one starts, and the person's
    postcode follows the current address. An address starting before the current one
    is a previous address: it ends the day before the current one started.
    """
    line1, line2, town = (line1 or "").strip(), (line2 or "").strip(), (town or "").strip()
    errors: dict[str, str] = {}
    if not line1:
        errors["line1"] = "Enter address line 1, typically the building and street"
    for name, value, label in (
        ("line1", line1, "Address line 1"),
        ("line2", line2, "Address line 2"),
        ("town", town, "Town or city"),
    ):
        if len(value) > Address._meta.get_field(name).max_length and name not in errors:
            errors[name] = (
                f"{label} must be {Address._meta.get_field(name).max_length} characters or fewer"
            )
    problem = postcode_problem(postcode)
    if problem:
        errors["postcode"] = problem if (postcode or "").strip() else "Enter a postcode"
    if start_date is None:
        errors["start_date"] = "Enter the date they started living here"
    elif start_date > _today():
        errors["start_date"] = "Date they started living here must be today or in the past"
    elif person.date_of_birth and start_date < person.date_of_birth:
        errors["start_date"] = (
            "Date they started living here must be the same as or after the date of birth "
            f"({_fmt(person.date_of_birth)})"
        )
    if errors:
        raise ValidationError(errors)

    postcode = normalise_postcode(postcode)
    current = person.addresses.filter(end_date__isnull=True).order_by("-start_date").first()
    end_date = None
    if current is not None:
        if start_date > current.start_date:
            Address.objects.filter(pk=current.pk).update(end_date=start_date - dt.timedelta(days=1))
        elif start_date == current.start_date:
            Address.objects.filter(pk=current.pk).update(end_date=start_date)
        else:
            end_date = current.start_date - dt.timedelta(days=1)
    address = Address.objects.create(
        person=person,
        line1=line1,
        line2=line2,
        town=town,
        postcode=postcode,
        start_date=start_date,
        end_date=end_date,
    )
    if end_date is None and person.postcode != postcode:
        # The postcode is part of the record's identity: an edit form opened before this
        # move is now stale, so the version goes up too.
        Person.objects.filter(pk=person.pk).update(
            postcode=postcode, version=F("version") + 1, updated_at=timezone.now()
        )
        person.postcode = postcode
        person.version += 1
    return address


@transaction.atomic
def relationship_add(
    *,
    actor: User,
    person: Person,
    relative: Person,
    kind: str,
    parental_responsibility: bool = False,
    lives_with: bool = False,
    start_date: dt.date | None = None,
) -> Relationship:
    """Record that ``person`` is the ``kind`` of ``relative`` (person=mother, relative=child)."""
    errors: dict[str, str] = {}
    if kind not in RelationshipType.values:
        errors["kind"] = "Select how they are related to the child"
    if person.pk == relative.pk:
        errors["person"] = "Choose someone else: a person cannot be related to themselves"
    elif person.merged_into_id or relative.merged_into_id:
        errors["person"] = (
            "One of these records was merged into another: use the record it was merged into"
        )
    if start_date is not None and start_date > _today():
        errors["start_date"] = "Date the relationship started must be today or in the past"
    if (
        not errors
        and Relationship.objects.filter(
            person=person, relative=relative, kind=kind, end_date__isnull=True
        ).exists()
    ):
        errors["kind"] = (
            f"{person.full_name} is already recorded as {RelationshipType(kind).label.lower()} "
            f"of {relative.full_name}"
        )
    if errors:
        raise ValidationError(errors)
    return Relationship.objects.create(
        person=person,
        relative=relative,
        kind=kind,
        parental_responsibility=bool(parental_responsibility),
        lives_with=bool(lives_with),
        start_date=start_date,
    )


@transaction.atomic
def professional_add(
    *,
    actor: User,
    person: Person,
    role: str,
    organisation: str,
    name: str = "",
    phone: str = "",
    email: str = "",
    start_date: dt.date | None = None,
) -> ProfessionalInvolvement:
    """A professional involved with the person: their school, GP, health visitor..."""
    organisation, name = (organisation or "").strip(), (name or "").strip()
    phone, email = (phone or "").strip(), (email or "").strip()
    errors: dict[str, str] = {}
    if role not in ProfessionalRole.values:
        errors["role"] = "Select the professional's role"
    if not organisation:
        errors["organisation"] = "Enter the school, practice or organisation"
    elif len(organisation) > 200:
        errors["organisation"] = "Organisation must be 200 characters or fewer"
    if len(name) > 120:
        errors["name"] = "Name must be 120 characters or fewer"
    if len(phone) > 40:
        errors["phone"] = "Phone number must be 40 characters or fewer"
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = "Enter an email address in the correct format, like name@example.com"
    if start_date is not None and start_date > _today():
        errors["start_date"] = "Date they became involved must be today or in the past"
    if errors:
        raise ValidationError(errors)
    return ProfessionalInvolvement.objects.create(
        person=person,
        role=role,
        organisation=organisation,
        name=name,
        phone=phone,
        email=email,
        start_date=start_date,
    )


# The merge lives in its own module (it is long); imported here so every caller
# finds every person service in one place.
from opencsc.people.merging import person_merge  # noqa: E402
