"""The rules about a person's identity and characteristics, checked as a whole record.

Used by ``person_create`` and ``person_update``; each problem is a sentence saying what
to fix, keyed by the field it is about.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from opencsc.core.codes import Ethnicity, Sex, UPNUnknown
from opencsc.core.identifiers import (
    nhs_number_problem,
    normalise_nhs_number,
    normalise_upn,
    upn_problem,
)
from opencsc.people.models import Person
from opencsc.people.postcodes import normalise_postcode, postcode_problem


def max_length(model: type[models.Model], name: str) -> int | None:
    """The ``max_length`` of one of a model's fields (None for a field without one)."""
    field = model._meta.get_field(name)
    return field.max_length if isinstance(field, models.Field) else None


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
OPTIONAL_DEFAULTS: dict[str, Any] = {
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


def local_today() -> dt.date:
    return timezone.localdate()


def format_date(d: dt.date) -> str:
    return f"{d.day} {d:%B %Y}"


def check_unknown(fields: dict[str, Any], allowed: set[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"unknown person fields: {', '.join(sorted(unknown))}")


def clean_person(values: dict[str, Any], *, person: Person | None = None) -> dict[str, Any]:
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
    today = local_today()
    dob, expected, died = (
        v.get("date_of_birth"),
        v.get("expected_date_of_birth"),
        v.get("date_of_death"),
    )
    unborn = dob is None and expected is not None

    for name, label in _LABELS.items():
        limit = max_length(Person, name)
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
            errors["date_of_birth"] = f"Date of birth must be after {format_date(EARLIEST_BIRTH)}"
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
                f"Date of death must be the same as or after the date of birth ({format_date(dob)})"
            )

    if v["nhs_number"]:
        problem = nhs_number_problem(v["nhs_number"])
        if unborn:
            errors["nhs_number"] = (
                "Leave the NHS number blank for an unborn child: it is issued at birth"
            )
        elif problem:
            errors["nhs_number"] = problem
        elif person is None or v["nhs_number"] != person.nhs_number:
            # Checked only when it changes: the synthetic generator updates people in bulk.
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
