"""Information from partner agencies, against the checklist of what a decision needs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from opencsc.frontdoor.services import (
    REQUIRED_AGENCIES,
    contact_decide,
    contact_information_receive,
    contact_information_request,
    contact_missing_information,
)
from tests.factories import ContactFactory


@pytest.fixture
def fresh_contact(front_door_worker):
    return ContactFactory(taken_by=front_door_worker, team=front_door_worker.team)


def test_required_agencies_are_police_health_education_and_our_history():
    assert REQUIRED_AGENCIES == ("police", "health", "education", "csc_history")


def test_everything_is_missing_until_it_comes_back(fresh_contact, front_door_worker):
    assert contact_missing_information(fresh_contact) == list(REQUIRED_AGENCIES)
    info = contact_information_request(
        actor=front_door_worker, contact=fresh_contact, agency="police"
    )
    # Asked is not answered.
    assert "police" in contact_missing_information(fresh_contact)
    contact_information_receive(
        actor=front_door_worker, information=info, summary="Two domestic abuse call-outs in 2024."
    )
    assert contact_missing_information(fresh_contact) == ["health", "education", "csc_history"]


def test_other_agencies_can_be_asked_but_are_not_required(fresh_contact, front_door_worker):
    info = contact_information_request(
        actor=front_door_worker, contact=fresh_contact, agency="housing"
    )
    contact_information_receive(actor=front_door_worker, information=info, summary="Rent arrears.")
    assert contact_missing_information(fresh_contact) == list(REQUIRED_AGENCIES)


def test_request_defaults_to_now_and_records_who(fresh_contact, front_door_worker):
    info = contact_information_request(
        actor=front_door_worker, contact=fresh_contact, agency="health"
    )
    assert abs(info.requested_at - timezone.now()) < dt.timedelta(seconds=5)
    assert info.recorded_by == front_door_worker


def test_an_agency_is_asked_once(fresh_contact, front_door_worker):
    contact_information_request(actor=front_door_worker, contact=fresh_contact, agency="health")
    with pytest.raises(ValidationError) as err:
        contact_information_request(actor=front_door_worker, contact=fresh_contact, agency="health")
    assert "already requested" in err.value.message_dict["agency"][0]


def test_unknown_agency_is_refused(fresh_contact, front_door_worker):
    with pytest.raises(ValidationError) as err:
        contact_information_request(actor=front_door_worker, contact=fresh_contact, agency="mi5")
    assert "agency" in err.value.message_dict


def test_request_cannot_be_before_the_contact(fresh_contact, front_door_worker):
    with pytest.raises(ValidationError) as err:
        contact_information_request(
            actor=front_door_worker,
            contact=fresh_contact,
            agency="police",
            requested_at=fresh_contact.received_at - dt.timedelta(minutes=1),
        )
    assert "after the contact was received" in err.value.message_dict["requested_at"][0]


def test_request_cannot_be_in_the_future(fresh_contact, front_door_worker):
    with pytest.raises(ValidationError) as err:
        contact_information_request(
            actor=front_door_worker,
            contact=fresh_contact,
            agency="police",
            requested_at=timezone.now() + dt.timedelta(hours=1),
        )
    assert "requested_at" in err.value.message_dict


def test_answer_needs_a_summary(fresh_contact, front_door_worker):
    info = contact_information_request(
        actor=front_door_worker, contact=fresh_contact, agency="police"
    )
    with pytest.raises(ValidationError) as err:
        contact_information_receive(actor=front_door_worker, information=info, summary=" ")
    assert "summary" in err.value.message_dict


def test_answer_cannot_come_back_before_it_was_asked(fresh_contact, front_door_worker):
    info = contact_information_request(
        actor=front_door_worker, contact=fresh_contact, agency="police"
    )
    with pytest.raises(ValidationError) as err:
        contact_information_receive(
            actor=front_door_worker,
            information=info,
            summary="Known to police.",
            received_at=info.requested_at - dt.timedelta(minutes=1),
        )
    assert "after it was requested" in err.value.message_dict["received_at"][0]


def test_a_later_answer_replaces_the_summary(fresh_contact, front_door_worker):
    info = contact_information_request(
        actor=front_door_worker, contact=fresh_contact, agency="police"
    )
    contact_information_receive(actor=front_door_worker, information=info, summary="Checking.")
    contact_information_receive(actor=front_door_worker, information=info, summary="Not known.")
    info.refresh_from_db()
    assert info.summary == "Not known."


def test_no_information_gathering_after_the_decision(contact, front_door_worker):
    contact_decide(
        actor=front_door_worker,
        contact=contact,
        expected_version=contact.version,
        threshold="universal",
        decision="nfa",
        rationale="No concerns.",
    )
    with pytest.raises(ValidationError, match="decision on this contact was made"):
        contact_information_request(actor=front_door_worker, contact=contact, agency="housing")


# --- A contact just recorded: its information is known to be none, then kept in memory -----


@pytest.fixture
def recorded_contact(front_door_worker):
    from opencsc.frontdoor.services import contact_record
    from tests.factories import PersonFactory

    return contact_record(
        actor=front_door_worker,
        child=PersonFactory(),
        received_at=timezone.now() - dt.timedelta(hours=2),
        received_via="phone",
        source="2A",
        referrer_name="Ms Synthetic Teacher",
        presenting_concerns="Child says there is no food at home.",
        consent="given",
    )


def test_a_recorded_contact_is_asked_of_each_agency_once(recorded_contact, front_door_worker):
    contact_information_request(actor=front_door_worker, contact=recorded_contact, agency="health")
    with pytest.raises(ValidationError) as err:
        contact_information_request(
            actor=front_door_worker, contact=recorded_contact, agency="health"
        )
    assert "already requested" in err.value.message_dict["agency"][0]


def _statements(queries) -> list[str]:  # type: ignore[no-untyped-def]
    """The queries run, without the savepoints of the services' own transactions."""
    return [q["sql"] for q in queries if "SAVEPOINT" not in q["sql"]]


def test_what_the_recorded_contact_knows_matches_the_database(
    recorded_contact, front_door_worker
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from opencsc.frontdoor.models import Contact

    with CaptureQueriesContext(connection) as queries:
        assert contact_missing_information(recorded_contact) == list(REQUIRED_AGENCIES)
    assert _statements(queries) == []
    for agency in ("police", "health", "housing"):
        with CaptureQueriesContext(connection) as queries:
            info = contact_information_request(
                actor=front_door_worker, contact=recorded_contact, agency=agency
            )
        # The row itself: no query to look for an earlier request.
        assert [sql.split()[0] for sql in _statements(queries)] == ["INSERT"]
        contact_information_receive(
            actor=front_door_worker, information=info, summary=f"Known to {agency}."
        )
    with CaptureQueriesContext(connection) as queries:
        missing = contact_missing_information(recorded_contact)
    assert _statements(queries) == []
    assert missing == ["education", "csc_history"]
    from_database = Contact.objects.prefetch_related("information").get(pk=recorded_contact.pk)
    assert contact_missing_information(from_database) == missing
    assert [i.agency for i in recorded_contact.information.all()] == [
        i.agency for i in from_database.information.all()
    ]


def test_a_prefetched_contact_refuses_a_second_request_too(recorded_contact, front_door_worker):
    from opencsc.frontdoor.models import Contact

    contact_information_request(actor=front_door_worker, contact=recorded_contact, agency="police")
    prefetched = Contact.objects.prefetch_related("information").get(pk=recorded_contact.pk)
    with pytest.raises(ValidationError, match="already requested"):
        contact_information_request(actor=front_door_worker, contact=prefetched, agency="police")
