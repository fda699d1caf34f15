"""Out-of-hours contacts and their handover to daytime services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from opencsc.frontdoor.services import contact_handover
from tests.factories import ContactFactory


@pytest.fixture
def ooh_contact(ooh_worker):
    return ContactFactory(
        taken_by=ooh_worker,
        team=ooh_worker.team,
        out_of_hours=True,
        received_at=timezone.now() - dt.timedelta(hours=6),
    )


def test_ooh_handover_records_time_and_note(ooh_contact, ooh_worker):
    when = timezone.now() - dt.timedelta(hours=1)
    handed = contact_handover(
        actor=ooh_worker,
        contact=ooh_contact,
        handover_at=when,
        note="Police attended; child safe with aunt.",
    )
    assert handed.handover_at == when
    assert handed.handover_note.startswith("Police attended")
    assert handed.version == 2


def test_handover_needs_a_note(ooh_contact, ooh_worker):
    with pytest.raises(ValidationError) as err:
        contact_handover(actor=ooh_worker, contact=ooh_contact, handover_at=timezone.now(), note="")
    assert "note" in err.value.message_dict


def test_handover_cannot_be_before_the_contact(ooh_contact, ooh_worker):
    with pytest.raises(ValidationError) as err:
        contact_handover(
            actor=ooh_worker,
            contact=ooh_contact,
            handover_at=ooh_contact.received_at - dt.timedelta(minutes=5),
            note="Handed over.",
        )
    assert "after the contact was received" in err.value.message_dict["handover_at"][0]


def test_handover_cannot_be_in_the_future(ooh_contact, ooh_worker):
    with pytest.raises(ValidationError) as err:
        contact_handover(
            actor=ooh_worker,
            contact=ooh_contact,
            handover_at=timezone.now() + dt.timedelta(hours=2),
            note="Handed over.",
        )
    assert "handover_at" in err.value.message_dict


def test_handover_happens_once(ooh_contact, ooh_worker):
    contact_handover(
        actor=ooh_worker, contact=ooh_contact, handover_at=timezone.now(), note="Done."
    )
    with pytest.raises(ValidationError, match="already handed over"):
        contact_handover(
            actor=ooh_worker, contact=ooh_contact, handover_at=timezone.now(), note="Again."
        )


def test_daytime_contacts_are_not_handed_over(contact, ooh_worker):
    with pytest.raises(ValidationError, match="Only contacts taken out of hours"):
        contact_handover(
            actor=ooh_worker, contact=contact, handover_at=timezone.now(), note="Done."
        )
