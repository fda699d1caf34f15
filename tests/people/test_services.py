"""Recording a person: every rule in people/services.py, each saying what to fix."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from opencsc.core.concurrency import StaleEditError
from opencsc.people.models import Address, AliasKind, Person, RestrictedAccess
from opencsc.people.services import (
    address_add,
    alias_add,
    person_create,
    person_set_disabilities,
    person_update,
    professional_add,
    relationship_add,
)
from tests.factories import PersonFactory
from tests.people.conftest import NHS_A, NHS_B, UPN

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)


def today() -> dt.date:
    return timezone.localdate()


def create(actor, **overrides):  # type: ignore[no-untyped-def]
    values = {
        "first_name": "Amara",
        "last_name": "Okafor",
        "sex": "F",
        "date_of_birth": dt.date(2016, 5, 4),
    }
    values.update(overrides)
    return person_create(actor=actor, **values)


def errors_of(excinfo) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    return excinfo.value.message_dict


# --- person_create ---------------------------------------------------------------------


def test_person_create_normalises_identifiers(social_worker):
    person = create(
        social_worker,
        nhs_number="999 000 0018",
        upn=" b801 2000 05001 ",
        postcode="cw12ab",
        ethnicity="wbri",
        first_name="  Amara ",
    )
    assert person.nhs_number == NHS_A
    assert person.upn == UPN
    assert person.postcode == "CW1 2AB"
    assert person.ethnicity == "WBRI"
    assert person.first_name == "Amara"
    assert person.version == 1


def test_person_create_keeps_sex_and_gender_identity_separately(social_worker):
    person = create(social_worker, sex="M", gender_identity="Non-binary")
    assert (person.sex, person.gender_identity) == ("M", "Non-binary")


def test_person_create_needs_names_and_sex(social_worker):
    with pytest.raises(ValidationError) as exc:
        create(social_worker, first_name=" ", last_name="", sex="X")
    assert errors_of(exc) == {
        "first_name": ["Enter a first name"],
        "last_name": ["Enter a last name"],
        "sex": ["Select sex: male, female or not known"],
    }


def test_unborn_child_may_have_no_first_name_and_takes_expected_date(social_worker):
    person = create(
        social_worker,
        first_name="",
        sex="U",
        date_of_birth=None,
        expected_date_of_birth=today() + dt.timedelta(days=60),
    )
    assert person.is_unborn


def test_date_of_birth_cannot_be_in_the_future(social_worker):
    with pytest.raises(ValidationError) as exc:
        create(social_worker, date_of_birth=today() + DAY)
    assert errors_of(exc)["date_of_birth"] == ["Date of birth must be today or in the past"]


def test_date_of_birth_before_1900_is_refused(social_worker):
    with pytest.raises(ValidationError) as exc:
        create(social_worker, date_of_birth=dt.date(1899, 12, 31))
    assert "after 1 January 1900" in errors_of(exc)["date_of_birth"][0]


def test_expected_date_of_birth_only_for_the_unborn(social_worker):
    with pytest.raises(ValidationError) as exc:
        create(social_worker, expected_date_of_birth=today() + dt.timedelta(days=30))
    assert "only for an unborn child" in errors_of(exc)["expected_date_of_birth"][0]


def test_expected_date_of_birth_within_ten_months(social_worker):
    with pytest.raises(ValidationError) as exc:
        create(
            social_worker,
            sex="U",
            date_of_birth=None,
            expected_date_of_birth=today() + dt.timedelta(days=320),
        )
    assert errors_of(exc)["expected_date_of_birth"] == [
        "Expected date of birth must be within the next 10 months"
    ]


def test_unborn_child_sex_is_not_known(social_worker):
    # CIN census rule 8750.
    with pytest.raises(ValidationError) as exc:
        create(social_worker, sex="F", date_of_birth=None, expected_date_of_birth=today() + DAY)
    assert "8750" in errors_of(exc)["sex"][0]


def test_unborn_child_has_no_nhs_number_or_upn(social_worker):
    with pytest.raises(ValidationError) as exc:
        create(
            social_worker,
            sex="U",
            date_of_birth=None,
            expected_date_of_birth=today() + DAY,
            nhs_number=NHS_A,
            upn=UPN,
        )
    assert set(errors_of(exc)) == {"nhs_number", "upn"}


def test_date_of_death_after_birth_and_not_in_future(social_worker):
    with pytest.raises(ValidationError) as exc:
        create(social_worker, date_of_death=dt.date(2016, 5, 3))
    assert errors_of(exc)["date_of_death"] == [
        "Date of death must be the same as or after the date of birth (4 May 2016)"
    ]
    with pytest.raises(ValidationError) as exc:
        create(social_worker, date_of_death=today() + DAY)
    assert errors_of(exc)["date_of_death"] == ["Date of death must be today or in the past"]


def test_nhs_number_check_digit_is_validated(social_worker):
    with pytest.raises(ValidationError) as exc:
        create(social_worker, nhs_number="9990000019")
    assert "check digit" in errors_of(exc)["nhs_number"][0]


def test_nhs_number_already_on_another_record_is_refused_without_naming_it(social_worker):
    create(social_worker, nhs_number=NHS_A, first_name="Ruth")
    with pytest.raises(ValidationError) as exc:
        create(social_worker, nhs_number=NHS_A)
    message = errors_of(exc)["nhs_number"][0]
    assert "Another record already has this NHS number" in message
    assert "Ruth" not in message


def test_upn_check_letter_is_validated(social_worker):
    with pytest.raises(ValidationError) as exc:
        create(social_worker, upn="A801200005001")
    assert "check letter" in errors_of(exc)["upn"][0]


def test_upn_or_reason_unknown_not_both(social_worker):
    # CIN census 8772.
    with pytest.raises(ValidationError) as exc:
        create(social_worker, upn=UPN, upn_unknown_reason="UN1")
    assert errors_of(exc)["upn_unknown_reason"] == [
        "Give either the UPN or the reason it is unknown, not both"
    ]
    assert create(social_worker, upn_unknown_reason="un4").upn_unknown_reason == "UN4"


def test_upn_unknown_reason_must_be_a_dfe_code(social_worker):
    with pytest.raises(ValidationError) as exc:
        create(social_worker, upn_unknown_reason="UN9")
    assert "upn_unknown_reason" in errors_of(exc)


def test_ethnicity_must_be_a_dfe_code(social_worker):
    with pytest.raises(ValidationError) as exc:
        create(social_worker, ethnicity="XXXX")
    assert errors_of(exc)["ethnicity"] == ["Select an ethnicity from the list"]


def test_postcode_must_be_real(social_worker):
    with pytest.raises(ValidationError) as exc:
        create(social_worker, postcode="NOT A CODE")
    assert errors_of(exc)["postcode"] == ["Enter a real postcode, like CW1 2AB"]


def test_uasc_ceased_needs_uasc_and_a_past_date(social_worker):
    with pytest.raises(ValidationError) as exc:
        create(social_worker, uasc_ceased=today() - DAY)
    assert "unaccompanied asylum-seeking child" in errors_of(exc)["uasc_ceased"][0]
    with pytest.raises(ValidationError) as exc:
        create(social_worker, uasc=True, uasc_ceased=today() + DAY)
    assert errors_of(exc)["uasc_ceased"] == ["Date UASC status ended must be today or in the past"]
    person = create(social_worker, uasc=True, uasc_ceased=today())
    assert person.uasc and person.uasc_ceased == today()


def test_restricted_record_needs_a_reason_and_names_its_creator(social_worker):
    with pytest.raises(ValidationError) as exc:
        create(social_worker, is_restricted=True)
    assert errors_of(exc) == {"restricted_reason": ["Say why the record is restricted"]}
    person = create(social_worker, is_restricted=True, restricted_reason="Relative of staff")
    assert RestrictedAccess.objects.filter(person=person, user=social_worker).exists()


def test_names_longer_than_the_field_are_refused(social_worker):
    with pytest.raises(ValidationError) as exc:
        create(social_worker, last_name="x" * 101)
    assert errors_of(exc)["last_name"] == ["Last name must be 100 characters or fewer"]


def test_unknown_fields_are_a_programming_error(social_worker):
    with pytest.raises(TypeError):
        create(social_worker, shoe_size=9)


def test_nothing_is_saved_when_validation_fails(social_worker):
    before = Person.objects.count()
    with pytest.raises(ValidationError):
        create(social_worker, nhs_number="123")
    assert Person.objects.count() == before


# --- person_update ---------------------------------------------------------------------


def test_person_update_saves_and_bumps_version(social_worker):
    person = create(social_worker)
    person_update(
        actor=social_worker,
        person=person,
        expected_version=1,
        first_language="Igbo",
        nhs_number="999 000 0026",
    )
    person.refresh_from_db()
    assert (person.first_language, person.nhs_number, person.version) == ("Igbo", NHS_B, 2)


def test_person_update_with_a_stale_version_changes_nothing(social_worker, colleague):
    person = create(social_worker)
    person_update(actor=social_worker, person=person, expected_version=1, religion="None")
    stale = Person.objects.get(pk=person.pk)
    with pytest.raises(StaleEditError) as exc:
        person_update(actor=colleague, person=stale, expected_version=1, religion="Christian")
    assert exc.value.current.religion == "None"
    person.refresh_from_db()
    assert (person.religion, person.version) == ("None", 2)


def test_person_update_validates_the_record_as_a_whole(social_worker):
    person = create(social_worker, upn=UPN)
    with pytest.raises(ValidationError) as exc:
        person_update(
            actor=social_worker, person=person, expected_version=1, upn_unknown_reason="UN4"
        )
    assert "upn_unknown_reason" in errors_of(exc)


def test_person_update_may_keep_its_own_nhs_number(social_worker):
    person = create(social_worker, nhs_number=NHS_A)
    person_update(actor=social_worker, person=person, expected_version=1, nhs_number=NHS_A)


def test_merged_record_cannot_be_edited(social_worker):
    keep, dup = create(social_worker), create(social_worker, first_name="Amarah")
    Person.objects.filter(pk=dup.pk).update(merged_into=keep)
    dup.refresh_from_db()
    with pytest.raises(ValidationError, match="merged into"):
        person_update(actor=social_worker, person=dup, expected_version=1, religion="x")


# --- disabilities, aliases -------------------------------------------------------------


def test_disabilities_are_replaced(social_worker):
    person = create(social_worker)
    person_set_disabilities(actor=social_worker, person=person, codes=["MOB", "HEAR", "MOB"])
    assert sorted(person.disabilities.values_list("code", flat=True)) == ["HEAR", "MOB"]
    person_set_disabilities(actor=social_worker, person=person, codes=["VIS", "HEAR"])
    assert sorted(person.disabilities.values_list("code", flat=True)) == ["HEAR", "VIS"]
    person_set_disabilities(actor=social_worker, person=person, codes=[])
    assert not person.disabilities.exists()


def test_no_disability_must_be_alone(social_worker):
    # CIN census rule 8790.
    person = create(social_worker)
    with pytest.raises(ValidationError) as exc:
        person_set_disabilities(actor=social_worker, person=person, codes=["NONE", "MOB"])
    assert "8790" in errors_of(exc)["disabilities"][0]
    person_set_disabilities(actor=social_worker, person=person, codes=["NONE"])
    assert list(person.disabilities.values_list("code", flat=True)) == ["NONE"]


def test_disability_codes_must_be_dfe_codes(social_worker):
    person = create(social_worker)
    with pytest.raises(ValidationError) as exc:
        person_set_disabilities(actor=social_worker, person=person, codes=["WINGS"])
    assert errors_of(exc) == {"disabilities": ["Select disabilities from the list"]}


def test_alias_needs_a_name(social_worker):
    person = create(social_worker)
    with pytest.raises(ValidationError):
        alias_add(actor=social_worker, person=person, first_name="", last_name=" ")
    alias = alias_add(
        actor=social_worker,
        person=person,
        first_name="",
        last_name="Smith",
        kind=AliasKind.PREVIOUS,
    )
    assert alias.kind == "previous"


# --- addresses -------------------------------------------------------------------------


def test_new_address_ends_the_current_one_and_updates_the_postcode(social_worker):
    person = create(social_worker)
    first = address_add(
        actor=social_worker,
        person=person,
        line1="1 Mill Lane",
        postcode="cw1 2ab",
        start_date=dt.date(2020, 1, 1),
    )
    person.refresh_from_db()
    assert (person.postcode, person.version) == ("CW1 2AB", 2)
    address_add(
        actor=social_worker,
        person=person,
        line1="2 Hope Street",
        postcode="CW2 3CD",
        start_date=dt.date(2023, 6, 1),
    )
    first.refresh_from_db()
    assert first.end_date == dt.date(2023, 5, 31)
    person.refresh_from_db()
    assert person.postcode == "CW2 3CD"


def test_address_before_the_current_one_is_a_previous_address(social_worker):
    person = create(social_worker)
    address_add(
        actor=social_worker,
        person=person,
        line1="2 Hope Street",
        postcode="CW2 3CD",
        start_date=dt.date(2023, 6, 1),
    )
    old = address_add(
        actor=social_worker,
        person=person,
        line1="1 Mill Lane",
        postcode="CW1 2AB",
        start_date=dt.date(2019, 1, 1),
    )
    assert old.end_date == dt.date(2023, 5, 31)
    person.refresh_from_db()
    assert person.postcode == "CW2 3CD"
    assert Address.objects.filter(person=person, end_date__isnull=True).count() == 1


def test_address_rules(social_worker):
    person = create(social_worker)
    with pytest.raises(ValidationError) as exc:
        address_add(
            actor=social_worker, person=person, line1="", postcode="", start_date=today() + DAY
        )
    assert set(errors_of(exc)) == {"line1", "postcode", "start_date"}
    assert errors_of(exc)["postcode"] == ["Enter a postcode"]
    with pytest.raises(ValidationError) as exc:
        address_add(
            actor=social_worker,
            person=person,
            line1="1 Mill Lane",
            postcode="CW1 2AB",
            start_date=dt.date(2016, 5, 3),
        )
    assert "date of birth" in errors_of(exc)["start_date"][0]


# --- relationships and professionals ---------------------------------------------------


def test_relationship_records_parental_responsibility_and_household(social_worker):
    child, mother = PersonFactory(), PersonFactory(sex="F")
    rel = relationship_add(
        actor=social_worker,
        person=mother,
        relative=child,
        kind="mother",
        parental_responsibility=True,
        lives_with=True,
    )
    assert (rel.parental_responsibility, rel.lives_with) == (True, True)


def test_relationship_rules(social_worker):
    child, mother = PersonFactory(), PersonFactory()
    with pytest.raises(ValidationError) as exc:
        relationship_add(actor=social_worker, person=child, relative=child, kind="sister")
    assert set(errors_of(exc)) == {"kind", "person"}
    relationship_add(actor=social_worker, person=mother, relative=child, kind="mother")
    with pytest.raises(ValidationError) as exc:
        relationship_add(actor=social_worker, person=mother, relative=child, kind="mother")
    assert "already recorded as mother" in errors_of(exc)["kind"][0]


def test_relationship_to_a_merged_record_is_refused(social_worker):
    child, keep, dup = PersonFactory(), PersonFactory(), PersonFactory()
    Person.objects.filter(pk=dup.pk).update(merged_into=keep)
    dup.refresh_from_db()
    with pytest.raises(ValidationError, match="merged"):
        relationship_add(actor=social_worker, person=dup, relative=child, kind="father")


def test_professional_rules(social_worker):
    child = PersonFactory()
    with pytest.raises(ValidationError) as exc:
        professional_add(
            actor=social_worker, person=child, role="wizard", organisation=" ", email="nope"
        )
    assert set(errors_of(exc)) == {"role", "organisation", "email"}
    gp = professional_add(
        actor=social_worker,
        person=child,
        role="gp",
        organisation="Synthetic Surgery",
        name="Dr A Example",
        email="gp@example.org",
    )
    assert gp.organisation == "Synthetic Surgery"
