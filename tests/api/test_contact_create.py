"""POST /api/v1/contacts: a partner agency's electronic referral."""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from opencsc.accounts.models import Role
from opencsc.audit.models import AccessAction, AccessEvent
from opencsc.core.identifiers import make_nhs_number
from opencsc.frontdoor.models import Contact
from opencsc.people.models import Person
from tests.factories import PersonFactory, UserFactory

LONDON = ZoneInfo("Europe/London")
URL = "/api/v1/contacts"


@pytest.fixture(autouse=True)
def _front_door(front_door_team_exists):
    """Contacts from accounts without a team go to the front door team."""


def nhs(seed: int = 1) -> str:
    return make_nhs_number(random.Random(seed))  # noqa: S311 - synthetic test data


def payload(**child) -> dict:
    return {
        "child": {
            "first_name": "Ava",
            "last_name": "Synthetic",
            "date_of_birth": "2019-05-04",
            "postcode": "CW1 2AB",
            **child,
        },
        "referrer_name": "Dr Test Person",
        "referrer_organisation": "Synthetic Surgery",
        "presenting_concerns": "Bruising noticed at a routine appointment.",
        "consent": "given",
    }


def post(client, headers, body):
    return client.post(URL, body, content_type="application/json", **headers)


def test_url_name_is_the_policy_name():
    assert reverse("api:contact-create") == URL


def test_partner_referral_creates_the_child_and_the_contact(client, api_as, partner, time_machine):
    # Monday 2 March 2026, 10:00: the decision is due by 17:00 the next working day.
    time_machine.move_to(dt.datetime(2026, 3, 2, 10, 0, tzinfo=LONDON), tick=False)

    response = post(client, api_as(partner), payload(nhs_number=nhs()))

    assert response.status_code == 201, response.content
    body = response.json()
    contact = Contact.objects.get(pk=body["contact_id"])
    assert dt.datetime.fromisoformat(body["decision_due_at"]) == dt.datetime(
        2026, 3, 3, 17, 0, tzinfo=LONDON
    )
    assert contact.received_via == "api"
    assert contact.source == "3A"  # the partner account's own agency
    assert contact.taken_by == partner
    assert contact.team.kind == "front_door"
    child = contact.child
    assert (child.first_name, child.last_name, child.nhs_number) == ("Ava", "Synthetic", nhs())
    assert child.date_of_birth == dt.date(2019, 5, 4)
    assert child.postcode == "CW1 2AB"
    assert set(body) == {"contact_id", "received_at", "decision_due_at"}  # no record data back


def test_referral_is_matched_to_the_child_by_nhs_number(client, api_as, partner):
    known = PersonFactory(nhs_number=nhs(), first_name="Ava", last_name="Previous")

    response = post(client, api_as(partner), payload(nhs_number=nhs()[:3] + " " + nhs()[3:]))

    assert response.status_code == 201
    assert Contact.objects.get().child == known
    assert Person.objects.count() == 1


def test_referral_is_matched_by_exact_name_and_date_of_birth(client, api_as, partner):
    known = PersonFactory(
        first_name="Ava", last_name="Synthetic", date_of_birth=dt.date(2019, 5, 4)
    )

    response = post(client, api_as(partner), payload(first_name="AVA", last_name="synthetic"))

    assert response.status_code == 201
    assert Contact.objects.get().child == known


def test_same_name_and_birthday_but_a_different_nhs_number_is_a_different_child(
    client, api_as, partner
):
    PersonFactory(
        first_name="Ava",
        last_name="Synthetic",
        date_of_birth=dt.date(2019, 5, 4),
        nhs_number=nhs(2),
    )

    response = post(client, api_as(partner), payload(nhs_number=nhs(1)))

    assert response.status_code == 201
    assert Person.objects.count() == 2
    assert Contact.objects.get().child.nhs_number == nhs(1)


def test_two_possible_matches_are_not_guessed_between(client, api_as, partner):
    for _ in range(2):
        PersonFactory(first_name="Ava", last_name="Synthetic", date_of_birth=dt.date(2019, 5, 4))

    response = post(client, api_as(partner), payload())

    assert response.status_code == 201
    assert Person.objects.count() == 3  # a new record; the front door's duplicate check merges


def test_unborn_child_is_referred_with_an_expected_date_of_birth(client, api_as, partner):
    body = payload(date_of_birth=None, expected_date_of_birth="2026-09-01")

    response = post(client, api_as(partner), body)

    assert response.status_code == 201, response.content
    child = Contact.objects.get().child
    assert child.is_unborn and child.expected_date_of_birth == dt.date(2026, 9, 1)


def test_front_door_worker_gives_the_source_in_the_request(client, api_as, front_door_worker):
    body = payload() | {"source": "2A"}

    response = post(client, api_as(front_door_worker), body)

    assert response.status_code == 201
    assert Contact.objects.get().source == "2A"


def test_agency_account_cannot_refer_as_another_agency(client, api_as, partner):
    response = post(client, api_as(partner), payload() | {"source": "6"})
    assert response.status_code == 201
    assert Contact.objects.get().source == "3A"


def test_missing_source_is_422_when_the_account_has_no_agency(client, api_as, front_door_worker):
    response = post(client, api_as(front_door_worker), payload())

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "source"
    assert not Contact.objects.exists() and not Person.objects.exists()


def test_each_field_in_error_is_listed_with_what_to_fix(client, api_as, partner):
    body = {
        "child": {"first_name": "", "date_of_birth": "2019-02-30", "nhs_number": "123"},
        "referrer_email": "not-an-email",
        "consent": "maybe",
    }

    response = post(client, api_as(partner), body)

    assert response.status_code == 422
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert errors["child.first_name"] == "Enter first name"
    assert errors["child.last_name"] == "Enter last name"
    assert "YYYY-MM-DD" in errors["child.date_of_birth"]
    assert "NHS number" in errors["child.nhs_number"]
    assert errors["referrer_name"] == "Enter referrer name"
    assert errors["presenting_concerns"] == "Enter presenting concerns"
    assert "email address" in errors["referrer_email"]
    assert errors["consent"].startswith("Choose consent from:")
    assert not Person.objects.exists()


def test_child_needs_a_date_of_birth_or_an_expected_one(client, api_as, partner):
    response = post(client, api_as(partner), payload(date_of_birth=None))

    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert error["field"] == "child"
    assert "date_of_birth" in error["message"]


def test_a_rule_the_service_refuses_saves_nothing(client, api_as, partner):
    # The contact service requires the reason when consent was not sought; by then the
    # child's new record has been created, and must be rolled back with everything else.
    body = payload() | {"consent": "not_sought_risk", "consent_notes": ""}

    response = post(client, api_as(partner), body)

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "consent_notes", "message": "Explain why consent was not sought"}
    ]
    assert not Person.objects.exists()
    assert not Contact.objects.exists()
    assert not AccessEvent.objects.exists()


def test_a_person_rule_is_reported_under_the_child(client, api_as, partner):
    response = post(client, api_as(partner), payload(date_of_birth="2099-01-01"))

    assert response.status_code == 422
    fields = [e["field"] for e in response.json()["errors"]]
    assert fields and all(f.startswith("child.") for f in fields)
    assert not Person.objects.exists()


def test_recording_a_contact_writes_an_api_write_access_event(client, api_as, partner):
    response = post(client, api_as(partner), payload())

    (event,) = AccessEvent.objects.all()
    assert event.action == AccessAction.API_WRITE
    assert event.user == partner
    assert event.person == Contact.objects.get().child
    assert str(response.json()["contact_id"]) in event.detail


def test_social_worker_may_not_record_contacts_through_the_api(client, api_as, social_worker):
    assert post(client, api_as(social_worker), payload()).status_code == 403


def test_out_of_hours_contact_through_the_api_is_marked_out_of_hours(client, api_as, db):
    from tests.factories import TeamFactory

    ooh = UserFactory(role=Role.OUT_OF_HOURS, team=TeamFactory(kind="out_of_hours"))
    response = post(client, api_as(ooh), payload() | {"source": "6"})
    assert response.status_code == 201
    assert Contact.objects.get().out_of_hours is True
