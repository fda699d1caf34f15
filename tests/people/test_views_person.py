"""Recording a new person (duplicates shown first) and editing one (optimistic locking)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from opencsc.accounts.models import Role
from opencsc.audit.models import AccessEvent
from opencsc.people.models import Person, PersonAlias
from tests.factories import PersonFactory, UserFactory
from tests.people.conftest import NHS_A

pytestmark = pytest.mark.django_db

NEW = reverse("people:person-new")


def details(**overrides) -> dict[str, str]:  # type: ignore[no-untyped-def]
    data = {
        "first_name": "Amara",
        "last_name": "Okafor",
        "date_of_birth_day": "4",
        "date_of_birth_month": "5",
        "date_of_birth_year": "2016",
        "sex": "F",
        "ethnicity": "BAFR",
        "first_language": "English",
        "postcode": "cw1 2ab",
    }
    data.update(overrides)
    return data


@pytest.fixture
def head(db):
    return UserFactory(role=Role.HEAD_OF_SERVICE)


# --- person-new ------------------------------------------------------------------------


def test_new_person_without_likely_duplicates_is_created_at_once(client, head):
    client.force_login(head)
    response = client.post(NEW, details(disabilities=["AUT", "LD"]))
    person = Person.objects.get(last_name="Okafor")
    assert response.status_code == 302
    assert response["Location"] == reverse("people:person-detail", args=[person.pk])
    assert (person.date_of_birth, person.postcode) == (dt.date(2016, 5, 4), "CW1 2AB")
    assert sorted(person.disabilities.values_list("code", flat=True)) == ["AUT", "LD"]
    assert AccessEvent.objects.filter(action="search", what="Duplicate check").count() == 1


def test_likely_duplicates_are_shown_before_anything_is_created(client, head):
    known = PersonFactory(
        first_name="Amarah", last_name="Okafor", date_of_birth=dt.date(2016, 5, 4)
    )
    client.force_login(head)
    response = client.post(NEW, details())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Is this one of these people?" in html
    assert known.la_child_id in html
    assert "None of these: create a new record" in html
    assert Person.objects.count() == 1
    # The confirmation page carries what was typed, and a confirmation for those details.
    assert 'name="first_name" value="Amara"' in html
    confirmation = response.context["confirmation"]

    response = client.post(NEW, details(confirm_new=confirmation))
    assert response.status_code == 302
    assert Person.objects.filter(first_name="Amara").count() == 1


def test_confirmation_is_for_the_details_checked_only(client, head):
    PersonFactory(first_name="Amara", last_name="Okafor", date_of_birth=dt.date(2016, 5, 4))
    PersonFactory(first_name="Chidi", last_name="Okafor", date_of_birth=dt.date(2016, 5, 4))
    client.force_login(head)
    confirmation = client.post(NEW, details()).context["confirmation"]
    response = client.post(NEW, details(first_name="Chidi", confirm_new=confirmation))
    assert b"Is this one of these people?" in response.content
    assert not Person.objects.filter(first_name="Chidi").count() == 2  # noqa: SIM201


def test_change_the_details_returns_to_the_form_with_what_was_typed(client, head):
    PersonFactory(first_name="Amara", last_name="Okafor", date_of_birth=dt.date(2016, 5, 4))
    client.force_login(head)
    response = client.post(NEW, details(edit="1"))
    assert b"Record a new person" in response.content
    assert b'value="Amara"' in response.content


def test_restricted_people_are_never_offered_as_duplicates(client, head):
    hidden = PersonFactory(
        first_name="Amara",
        last_name="Okafor",
        date_of_birth=dt.date(2016, 5, 4),
        is_restricted=True,
        restricted_reason="x",
    )
    client.force_login(head)
    response = client.post(NEW, details())
    assert response.status_code == 302
    assert hidden.la_child_id.encode() not in response.content


def test_new_person_validation_errors_are_shown_on_the_form(client, head):
    client.force_login(head)
    response = client.post(
        NEW,
        details(
            nhs_number="999 000 0019",
            upn="B801200005001",
            upn_unknown_reason="UN1",
            date_of_birth_year="2999",
            sex="",
        ),
    )
    html = response.content.decode()
    assert "There is a problem" in html
    assert "check digit" in html
    assert "Select sex" in html
    assert "Date of birth must be today or in the past" in html
    assert not Person.objects.exists()


def test_service_rules_come_back_on_the_right_field(client, head):
    client.force_login(head)
    response = client.post(
        NEW,
        details(
            upn="B801200005001",
            upn_unknown_reason="UN1",
            expected_date_of_birth_day="1",
            expected_date_of_birth_month="1",
            expected_date_of_birth_year="2030",
        ),
    )
    form = response.context["form"]
    assert "upn_unknown_reason" in form.errors
    assert "expected_date_of_birth" in form.errors


@pytest.mark.urls("tests.people.urls_contact")
def test_next_contact_goes_on_to_record_the_contact(client, front_door_worker):
    client.force_login(front_door_worker)
    response = client.post(f"{NEW}?next=contact", details())
    person = Person.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/front-door/contacts/new/?child={person.pk}"


@pytest.mark.urls("tests.people.urls_contact")
def test_duplicate_offered_to_the_front_door_links_to_a_contact_about_them(
    client, front_door_worker
):
    known = PersonFactory(first_name="Amara", last_name="Okafor", date_of_birth=dt.date(2016, 5, 4))
    client.force_login(front_door_worker)
    response = client.post(f"{NEW}?next=contact", details())
    assert f"/front-door/contacts/new/?child={known.pk}".encode() in response.content


@pytest.mark.urls("tests.people.urls_no_contact")
def test_next_contact_without_the_contact_page_goes_to_the_record(client, head):
    client.force_login(head)
    response = client.post(f"{NEW}?next=contact", details())
    person = Person.objects.get()
    assert response["Location"] == reverse("people:person-detail", args=[person.pk])


@pytest.mark.urls("tests.people.urls_no_contact")
def test_creator_who_cannot_open_the_record_is_shown_where_to_find_it(client, front_door_worker):
    client.force_login(front_door_worker)
    response = client.post(NEW, details())
    person = Person.objects.get()
    assert response["Location"] == f"{reverse('people:person-search')}?query={person.la_child_id}"


def test_inspector_may_not_record_people(client):
    client.force_login(UserFactory(role=Role.INSPECTOR))
    assert client.get(NEW).status_code == 403


# --- person-edit -----------------------------------------------------------------------


def edit_url(person) -> str:  # type: ignore[no-untyped-def]
    return reverse("people:person-edit", args=[person.pk])


def edit_data(person, **overrides) -> dict[str, str]:  # type: ignore[no-untyped-def]
    dob = person.date_of_birth
    data = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "date_of_birth_day": str(dob.day),
        "date_of_birth_month": str(dob.month),
        "date_of_birth_year": str(dob.year),
        "sex": person.sex,
        "ethnicity": person.ethnicity,
        "version": str(person.version),
    }
    data.update(overrides)
    return data


def test_edit_from_three_sides(client, child, social_worker, colleague, outsider):
    for user, status in ((social_worker, 200), (colleague, 200), (outsider, 404)):
        client.force_login(user)
        assert client.get(edit_url(child)).status_code == status


def test_edit_saves_details_disabilities_and_another_name(client, child, social_worker):
    client.force_login(social_worker)
    response = client.post(
        edit_url(child),
        edit_data(
            child,
            religion="Buddhist",
            disabilities=["HEAR"],
            alias_first_name="",
            alias_last_name="Previous-Name",
            alias_kind="previous",
        ),
    )
    assert response.status_code == 302
    child.refresh_from_db()
    assert (child.religion, child.version) == ("Buddhist", 2)
    assert list(child.disabilities.values_list("code", flat=True)) == ["HEAR"]
    assert PersonAlias.objects.get(person=child).last_name == "Previous-Name"
    assert AccessEvent.objects.filter(person=child, action="view_record").exists()


def test_stale_edit_is_refused_and_nothing_typed_is_lost(client, child, social_worker, colleague):
    # Both open the form at version 1.
    client.force_login(social_worker)
    assert client.get(edit_url(child)).context["form"]["version"].value() == 1
    first = edit_data(child, first_language="Polish")
    second = edit_data(child, first_language="Urdu", religion="Muslim")

    assert client.post(edit_url(child), first).status_code == 302

    client.force_login(colleague)
    response = client.post(edit_url(child), second)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this record after you opened it" in html
    # The first user's values are what the record holds...
    child.refresh_from_db()
    assert (child.first_language, child.religion, child.version) == ("Polish", "", 2)
    assert "What the record says now" in html and "Polish" in html
    # ...and the second user's typing is still in the form, now against the new version.
    form = response.context["form"]
    assert form["first_language"].value() == "Urdu"
    assert form["religion"].value() == "Muslim"
    assert form["version"].value() == "2"

    # Saving again, deliberately, now works.
    assert client.post(edit_url(child), {**second, "version": "2"}).status_code == 302
    child.refresh_from_db()
    assert child.first_language == "Urdu"


def test_edit_rules_are_shown_on_the_form(client, child, social_worker):
    client.force_login(social_worker)
    response = client.post(
        edit_url(child),
        edit_data(
            child,
            date_of_death_day="1",
            date_of_death_month="1",
            date_of_death_year="2000",
            disabilities=["NONE", "MOB"],
        ),
    )
    form = response.context["form"]
    assert "date_of_death" in form.errors
    child.refresh_from_db()
    assert child.version == 1


def test_disability_rule_rolls_back_the_whole_edit(client, child, social_worker):
    client.force_login(social_worker)
    response = client.post(
        edit_url(child), edit_data(child, religion="x", disabilities=["NONE", "MOB"])
    )
    assert "8790" in response.content.decode()
    child.refresh_from_db()
    assert (child.religion, child.version) == ("", 1)


def test_nhs_number_taken_by_another_record(client, child, social_worker):
    PersonFactory(nhs_number=NHS_A)
    client.force_login(social_worker)
    response = client.post(edit_url(child), edit_data(child, nhs_number=NHS_A))
    assert "Another record already has this NHS number" in response.content.decode()
