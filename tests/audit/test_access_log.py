"""The access log: who saw which child's record, and who searched for whom.

Every view of a record and every search writes one event in the same transaction as
the read; the events cannot be changed or removed; and if one cannot be written the page
is not served.
"""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape

from opencsc.audit.models import AccessAction, AccessEvent
from tests.insight.builders import bearer, open_case, token_for


def _has(name: str) -> bool:
    try:
        reverse(name, args=[1])
    except NoReverseMatch:
        try:
            reverse(name)
        except NoReverseMatch:
            return False
    return True


@pytest.fixture
def case(team, social_worker):
    return open_case(team=team, worker=social_worker)


def view_record(client, user, child, **extra):
    """Open the child's record: the web page if it exists, else the API."""
    if _has("people:person-detail"):
        client.force_login(user)
        return client.get(reverse("people:person-detail", args=[child.pk]), **extra)
    return client.get(
        reverse("api:child-read", kwargs={"id": child.pk}), **bearer(token_for(user)), **extra
    )


def test_viewing_a_record_writes_exactly_one_event_with_who_what_and_where(
    client, case, social_worker, team
):
    response = view_record(
        client, social_worker, case.child, REMOTE_ADDR="198.51.100.23", HTTP_USER_AGENT="Test"
    )

    assert response.status_code == 200
    (event,) = AccessEvent.objects.all()
    assert event.user == social_worker
    assert event.username == social_worker.username
    assert event.role == social_worker.role
    assert event.team_name == team.name
    assert event.person == case.child
    assert event.ip_address == "198.51.100.23"
    assert event.action in {AccessAction.VIEW_RECORD, AccessAction.API_READ}
    assert event.at is not None


def test_reading_through_the_api_writes_exactly_one_event(client, case, social_worker):
    response = client.get(
        reverse("api:child-read", kwargs={"id": case.child.pk}),
        REMOTE_ADDR="203.0.113.9",
        **bearer(token_for(social_worker)),
    )

    assert response.status_code == 200
    (event,) = AccessEvent.objects.all()
    assert (event.action, event.user, event.person) == (
        AccessAction.API_READ,
        social_worker,
        case.child,
    )
    assert (event.role, event.ip_address) == (social_worker.role, "203.0.113.9")


def test_a_refused_view_writes_no_event(client, case, outsider):
    response = view_record(client, outsider, case.child)
    assert response.status_code == 404
    assert not AccessEvent.objects.exists()


@pytest.mark.skipif(not _has("people:person-search"), reason="no search page yet")
def test_a_search_writes_exactly_one_event(client, case, social_worker):
    client.force_login(social_worker)

    response = client.get(
        reverse("people:person-search"), {"query": case.child.last_name}, REMOTE_ADDR="192.0.2.1"
    )

    assert response.status_code == 200
    (event,) = AccessEvent.objects.all()
    assert (event.action, event.user, event.ip_address) == (
        AccessAction.SEARCH,
        social_worker,
        "192.0.2.1",
    )
    assert case.child.last_name in event.detail


def test_access_events_cannot_be_changed(case, social_worker, client):
    view_record(client, social_worker, case.child)
    with pytest.raises(DatabaseError, match="Cannot update or delete"), transaction.atomic():
        AccessEvent.objects.update(what="nothing to see")
    assert AccessEvent.objects.get().what != "nothing to see"


def test_access_events_cannot_be_deleted(case, social_worker, client):
    view_record(client, social_worker, case.child)
    with pytest.raises(DatabaseError, match="Cannot update or delete"), transaction.atomic():
        AccessEvent.objects.all().delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_accessevent")
    assert AccessEvent.objects.count() == 1


# --- If the event cannot be written, nothing is served ------------------------------------


@pytest.fixture
def access_log_down(db):
    """Every insert into the access log fails, as it would with the log's storage down.
    (DDL is transactional in PostgreSQL: the trigger goes with the test's transaction.)"""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            CREATE FUNCTION test_access_log_down() RETURNS trigger AS $$
            BEGIN RAISE EXCEPTION 'access log unavailable'; END;
            $$ LANGUAGE plpgsql;
            CREATE TRIGGER test_access_log_down BEFORE INSERT ON audit_accessevent
            FOR EACH ROW EXECUTE FUNCTION test_access_log_down();
            """
        )


@pytest.fixture
def quiet_client():
    return Client(raise_request_exception=False)


def test_record_is_not_served_when_its_access_event_fails(
    quiet_client, case, social_worker, access_log_down
):
    response = view_record(quiet_client, social_worker, case.child)

    assert response.status_code == 500
    assert escape(case.child.last_name).encode() not in response.content
    assert not AccessEvent.objects.exists()


def test_api_record_is_not_served_when_its_access_event_fails(
    quiet_client, case, social_worker, access_log_down
):
    response = quiet_client.get(
        reverse("api:child-read", kwargs={"id": case.child.pk}), **bearer(token_for(social_worker))
    )

    assert response.status_code == 500
    assert escape(case.child.last_name).encode() not in response.content


@pytest.mark.parametrize("name", ["insight:my-worklist", "insight:team-worklist"])
def test_worklist_is_not_served_when_its_access_event_fails(
    quiet_client, case, social_worker, access_log_down, name
):
    quiet_client.force_login(social_worker)

    response = quiet_client.get(reverse(name))

    assert response.status_code == 500
    assert escape(case.child.last_name).encode() not in response.content


@pytest.mark.skipif(not _has("people:person-search"), reason="no search page yet")
def test_search_results_are_not_served_when_the_access_event_fails(
    quiet_client, case, social_worker, access_log_down
):
    quiet_client.force_login(social_worker)

    response = quiet_client.get(reverse("people:person-search"), {"query": case.child.last_name})

    assert response.status_code == 500
    assert escape(case.child.first_name).encode() not in response.content
