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

from opencsc.core.codes import Disability, RelationshipType
from opencsc.core.concurrency import save_versioned
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
from opencsc.people.validation import (
    OPTIONAL_DEFAULTS,
    PERSON_FIELDS,
    check_unknown,
    clean_person,
    format_date,
    local_today,
    max_length,
)

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
    check_unknown(optional_fields, set(OPTIONAL_DEFAULTS))
    values = {
        **OPTIONAL_DEFAULTS,
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
    person = Person.objects.create(**clean_person(values))
    if person.is_restricted and actor is not None and actor.is_authenticated:
        # Whoever restricts a record must still be able to see it.
        RestrictedAccess.objects.create(person=person, user=actor)
    return person


@transaction.atomic
def person_update(*, actor: User, person: Person, expected_version: int, **fields: Any) -> Person:
    """Change a person's identity or characteristics; a stale ``expected_version`` raises
    ``StaleEditError`` and changes nothing."""
    check_unknown(fields, set(PERSON_FIELDS))
    if person.merged_into_id:
        raise ValidationError(
            f"This record was merged into record {person.merged_into_id}: change that one instead"
        )
    current = {name: getattr(person, name) for name in PERSON_FIELDS}
    cleaned = clean_person({**current, **fields}, person=person)
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
        limit = max_length(Address, name)
        if limit is not None and len(value) > limit and name not in errors:
            errors[name] = f"{label} must be {limit} characters or fewer"
    problem = postcode_problem(postcode)
    if problem:
        errors["postcode"] = problem if (postcode or "").strip() else "Enter a postcode"
    if start_date is None:
        errors["start_date"] = "Enter the date they started living here"
    elif start_date > local_today():
        errors["start_date"] = "Date they started living here must be today or in the past"
    elif person.date_of_birth and start_date < person.date_of_birth:
        errors["start_date"] = (
            "Date they started living here must be the same as or after the date of birth "
            f"({format_date(person.date_of_birth)})"
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
    if start_date is not None and start_date > local_today():
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
    if start_date is not None and start_date > local_today():
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
