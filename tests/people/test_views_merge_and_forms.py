"""The merge page and the small forms on a child's record: relative, address, professional."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from opencsc.accounts.models import Role
from opencsc.casework.models import CaseNote
from opencsc.people.models import Address, Person, ProfessionalInvolvement, Relationship
from tests.factories import AllocationFactory, CINEpisodeFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


# --- person-merge ----------------------------------------------------------------------


def merge_url(person) -> str:  # type: ignore[no-untyped-def]
    return reverse("people:person-merge", args=[person.pk])


@pytest.fixture
def duplicate(team, social_worker):
    person = PersonFactory(first_name="Emilia")
    AllocationFactory(child=person, team=team)
    CaseNote.objects.create(
        child=person, author=social_worker, occurred_on=dt.date(2025, 1, 1), text="On the duplicate"
    )
    return person


def test_manager_compares_then_merges(client, child, duplicate, manager):
    client.force_login(manager)
    response = client.post(merge_url(child), {"duplicate": duplicate.la_child_id})
    html = response.content.decode()
    assert "The two records" in html and "Emilia" in html
    assert Person.objects.get(pk=duplicate.pk).merged_into_id is None  # nothing yet
    response = client.post(
        merge_url(child), {"duplicate": duplicate.la_child_id, "confirmed": str(duplicate.pk)}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("people:person-detail", args=[child.pk])
    duplicate.refresh_from_db()
    assert duplicate.merged_into_id == child.pk
    assert CaseNote.objects.get(text="On the duplicate").child_id == child.pk


def test_merge_refuses_a_record_into_itself(client, child, manager):
    client.force_login(manager)
    response = client.post(
        merge_url(child), {"duplicate": child.la_child_id, "confirmed": str(child.pk)}
    )
    assert "cannot be merged into itself" in response.content.decode()


def test_merge_refusal_says_what_to_do(client, child, duplicate, manager):
    CINEpisodeFactory(child=child)
    CINEpisodeFactory(child=duplicate)
    client.force_login(manager)
    response = client.post(
        merge_url(child), {"duplicate": duplicate.la_child_id, "confirmed": str(duplicate.pk)}
    )
    html = response.content.decode()
    assert "Both records have an open child in need episode" in html
    assert "Close the one opened in error first" in html
    assert Person.objects.get(pk=duplicate.pk).merged_into_id is None


def test_merge_needs_a_record_the_manager_can_see(client, child, manager, other_team):
    elsewhere = PersonFactory()
    AllocationFactory(child=elsewhere, team=other_team)
    client.force_login(manager)
    response = client.post(merge_url(child), {"duplicate": elsewhere.la_child_id})
    assert "no record with this ID that you can see" in response.content.decode()
    response = client.post(merge_url(child), {"duplicate": "banana"})
    assert "Enter the record ID as it is shown on the record" in response.content.decode()


def test_merge_from_three_sides(client, child, social_worker, manager, other_team):
    client.force_login(social_worker)
    assert client.get(merge_url(child)).status_code == 403  # route policy: managers only
    client.force_login(UserFactory(role=Role.TEAM_MANAGER, team=other_team))
    assert client.get(merge_url(child)).status_code == 404
    client.force_login(manager)
    assert client.get(merge_url(child)).status_code == 200


# --- relationship-new ------------------------------------------------------------------


def rel_url(child) -> str:  # type: ignore[no-untyped-def]
    return reverse("people:relationship-new", args=[child.pk])


def test_add_a_new_relative_with_parental_responsibility(client, child, social_worker):
    client.force_login(social_worker)
    response = client.post(
        rel_url(child),
        {
            "kind": "mother",
            "first_name": "Grace",
            "last_name": "Newperson",
            "parental_responsibility": "on",
            "lives_with": "on",
        },
    )
    assert response.status_code == 302
    rel = Relationship.objects.get(relative=child)
    assert (rel.person.full_name, rel.kind, rel.parental_responsibility, rel.lives_with) == (
        "Grace Newperson",
        "mother",
        True,
        True,
    )
    assert rel.person.sex == "U"


def test_link_someone_already_known_by_record_id(client, child, social_worker, team):
    sibling = PersonFactory()
    AllocationFactory(child=sibling, team=team)
    client.force_login(social_worker)
    response = client.post(rel_url(child), {"kind": "sibling", "existing": sibling.la_child_id})
    assert response.status_code == 302
    assert Relationship.objects.get(relative=child).person == sibling


def test_a_sibling_s_parent_can_be_linked_though_not_searchable(client, child, social_worker, team):
    sibling = PersonFactory()
    AllocationFactory(child=sibling, team=team)
    mother = PersonFactory()
    Relationship.objects.create(person=mother, relative=sibling, kind="mother")
    client.force_login(social_worker)
    response = client.post(rel_url(child), {"kind": "mother", "existing": mother.la_child_id})
    assert response.status_code == 302


def test_cannot_link_someone_the_user_cannot_reach(client, child, social_worker):
    stranger = PersonFactory()
    client.force_login(social_worker)
    response = client.post(rel_url(child), {"kind": "father", "existing": stranger.la_child_id})
    assert "no one with this record ID that you can link" in response.content.decode()
    assert not Relationship.objects.exists()


def test_new_relative_who_may_already_be_known_is_offered_first(client, child, social_worker, team):
    sibling = PersonFactory()
    AllocationFactory(child=sibling, team=team)
    mother = PersonFactory(first_name="Grace", last_name="Okafor", date_of_birth=None)
    Relationship.objects.create(person=mother, relative=sibling, kind="mother")
    client.force_login(social_worker)
    data = {"kind": "mother", "first_name": "Grace", "last_name": "Okafor"}
    response = client.post(rel_url(child), data)
    assert b"Is this one of these people?" in response.content
    assert mother.la_child_id.encode() in response.content
    assert not Relationship.objects.filter(relative=child).exists()
    response = client.post(
        rel_url(child), {**data, "confirm_new": response.context["confirmation"]}
    )
    assert response.status_code == 302
    assert Person.objects.filter(first_name="Grace", last_name="Okafor").count() == 2


def test_relationship_form_rules(client, child, social_worker):
    client.force_login(social_worker)
    response = client.post(rel_url(child), {"kind": ""})
    form = response.context["form"]
    assert set(form.errors) >= {"kind", "first_name", "last_name"}
    response = client.post(rel_url(child), {"kind": "mother", "existing": child.la_child_id})
    assert "cannot be related to themselves" in response.content.decode()


def test_relative_not_created_when_the_link_fails(client, child, social_worker):
    client.force_login(social_worker)
    client.post(
        rel_url(child),
        {"kind": "mother", "first_name": "A", "last_name": "B", "confirm_new": "tampered"},
    )
    client.post(rel_url(child), {"kind": "mother", "existing": child.la_child_id})
    assert Person.objects.filter(first_name="A").count() == 1  # first post only


# --- address-new and professional-new --------------------------------------------------


def test_add_address(client, child, social_worker):
    child.date_of_birth = dt.date(2015, 6, 1)  # before the move, whatever the factory drew
    child.save()
    client.force_login(social_worker)
    url = reverse("people:address-new", args=[child.pk])
    response = client.post(
        url,
        {
            "line1": "1 Mill Lane",
            "town": "Crewe",
            "postcode": "cw1 2ab",
            "start_date_day": "1",
            "start_date_month": "2",
            "start_date_year": "2024",
        },
    )
    assert response.status_code == 302
    assert Address.objects.get(person=child).postcode == "CW1 2AB"
    response = client.post(url, {"line1": "", "postcode": "nope"})
    assert set(response.context["form"].errors) >= {"line1", "postcode", "start_date"}


def test_add_professional(client, child, social_worker):
    client.force_login(social_worker)
    url = reverse("people:professional-new", args=[child.pk])
    response = client.post(
        url,
        {
            "role": "health_visitor",
            "organisation": "Synthetic NHS Trust",
            "name": "A Visitor",
            "email": "hv@example.org",
        },
    )
    assert response.status_code == 302
    assert ProfessionalInvolvement.objects.get(person=child).role == "health_visitor"
    response = client.post(url, {"role": "gp", "organisation": "", "email": "bad"})
    assert set(response.context["form"].errors) >= {"organisation", "email"}


@pytest.mark.parametrize("name", ["relationship-new", "address-new", "professional-new"])
def test_small_forms_from_three_sides(client, child, social_worker, colleague, outsider, name):
    url = reverse(f"people:{name}", args=[child.pk])
    for user, status in ((social_worker, 200), (colleague, 200), (outsider, 404)):
        client.force_login(user)
        assert client.get(url).status_code == status
    client.force_login(UserFactory(role=Role.INSPECTOR))
    assert client.get(url).status_code == 403
