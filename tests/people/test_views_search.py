"""The find-a-person page: GET form, results table, links only to records the user may open."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils.html import escape

from opencsc.accounts.models import Role
from opencsc.audit.models import AccessEvent
from tests.factories import AllocationFactory, ContactFactory, PersonFactory, UserFactory
from tests.people.conftest import NHS_A

pytestmark = pytest.mark.django_db

URL = reverse("people:person-search")


def get(client, user, **params):  # type: ignore[no-untyped-def]
    client.force_login(user)
    return client.get(URL, params)


def test_empty_search_page_shows_the_form_and_logs_nothing(client, social_worker):
    response = get(client, social_worker)
    assert response.status_code == 200
    assert b"Find a person" in response.content
    assert not AccessEvent.objects.exists()


def test_results_link_to_records_the_user_may_open(client, front_door_worker):
    known = PersonFactory(
        first_name="Isla", last_name="Moore", nhs_number=NHS_A, postcode="CW1 2AB"
    )
    other = PersonFactory(first_name="Isla", last_name="Moore", date_of_birth=dt.date(2012, 1, 2))
    ContactFactory(child=known)
    response = get(client, front_door_worker, query="isla moor")
    html = response.content.decode()
    assert reverse("people:person-detail", args=[known.pk]) in html
    assert reverse("people:person-detail", args=[other.pk]) not in html
    assert "Not allocated to you" in html
    assert "999 000 0018" in html  # NHS number shown as people read it
    assert "CW1 2AB" in html
    assert "2 January 2012" in html


def test_allocated_worker_colleague_and_outsider(client, child, social_worker, colleague, outsider):
    for user, found in ((social_worker, True), (colleague, True), (outsider, False)):
        response = get(client, user, query=child.full_name)
        assert (
            reverse("people:person-detail", args=[child.pk]) in response.content.decode()
        ) is found


def test_restricted_record_absent_from_results_and_count(client, head_of_service):
    hidden = PersonFactory(
        first_name="Rhys", last_name="Hidden", is_restricted=True, restricted_reason="x"
    )
    response = get(client, head_of_service, query="Rhys Hidden")
    assert b"No one found" in response.content
    assert hidden.la_child_id.encode() not in response.content
    assert b"govuk-table" not in response.content


def test_search_writes_one_access_event_with_the_criteria(client, social_worker):
    get(client, social_worker, query="Ada Lovelace", postcode="cw1 2ab")
    event = AccessEvent.objects.get()
    assert (event.action, event.detail) == ("search", "name: Ada Lovelace; postcode: CW1 2AB")
    assert event.path.startswith(URL)


def test_search_by_date_of_birth_fields(client, head_of_service):
    found = PersonFactory(date_of_birth=dt.date(2015, 3, 27))
    response = get(
        client,
        head_of_service,
        date_of_birth_day="27",
        date_of_birth_month="3",
        date_of_birth_year="2015",
    )
    assert escape(found.full_name) in response.content.decode()


def test_invalid_nhs_number_and_postcode_say_what_to_fix(client, social_worker):
    response = get(client, social_worker, nhs_number="123", postcode="ZZZZZZZ")
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Enter a valid NHS number" in html
    assert "Enter a real postcode" in html
    assert not AccessEvent.objects.exists()


def test_search_needs_something_to_search_for(client, social_worker):
    response = get(client, social_worker, query=" ")
    assert b"Enter a name, date of birth, NHS number or postcode" in response.content


def test_new_person_link_for_those_who_may_record(client, head_of_service):
    response = get(client, head_of_service, query="Nobody Known")
    assert reverse("people:person-new").encode() in response.content
    inspector = UserFactory(role=Role.INSPECTOR)
    response = get(client, inspector, query="Nobody Known")
    assert reverse("people:person-new").encode() not in response.content


def test_search_page_query_count_is_pinned(
    client, head_of_service, team, django_assert_max_num_queries
):
    for i in range(40):
        child = PersonFactory(first_name="Mia", last_name=f"Clark{i % 3}")
        AllocationFactory(child=child, team=team)
    client.force_login(head_of_service)
    with django_assert_max_num_queries(9):
        response = client.get(URL, {"query": "Mia Clark"})
    assert response.content.count(b"Clark") >= 25


def test_administrator_is_refused_by_the_route_policy(client):
    admin = UserFactory(role=Role.ADMINISTRATOR)
    assert get(client, admin, query="x").status_code == 403


@pytest.fixture
def head_of_service(db):
    return UserFactory(role=Role.HEAD_OF_SERVICE)
