"""Recording a contact: the decision clock, and every rule at entry."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
import time_machine
from django.core.exceptions import ValidationError

from opencsc.core.working_days import LONDON
from opencsc.frontdoor.models import ContactStatus
from opencsc.frontdoor.services import contact_record
from tests.factories import PersonFactory


def record(actor, child=None, **overrides):
    fields = dict(
        actor=actor,
        child=child or PersonFactory(),
        received_at=dt.datetime(2025, 3, 7, 10, 0, tzinfo=LONDON),
        received_via="phone",
        source="2A",
        referrer_name="Ms Synthetic Teacher",
        referrer_organisation="Synthetic Primary School",
        presenting_concerns="Child says there is no food at home.",
        consent="given",
    )
    fields.update(overrides)
    return contact_record(**fields)


def london(*args):
    return dt.datetime(*args, tzinfo=LONDON)


@pytest.fixture
def frozen():
    """Monday 10 March 2025, 09:00."""
    with time_machine.travel(london(2025, 3, 10, 9, 0), tick=False):
        yield


def test_contact_decision_due_next_working_day(frozen, front_door_worker):
    # Wednesday 10:00 -> Thursday 17:00.
    contact = record(front_door_worker, received_at=london(2025, 3, 5, 10, 0))
    assert contact.decision_due_at == london(2025, 3, 6, 17, 0)


def test_contact_on_friday_afternoon_is_due_monday_at_five(frozen, front_door_worker):
    contact = record(front_door_worker, received_at=london(2025, 3, 7, 16, 0))
    assert contact.decision_due_at == london(2025, 3, 10, 17, 0)


def test_contact_after_five_on_friday_is_due_tuesday(frozen, front_door_worker):
    contact = record(front_door_worker, received_at=london(2025, 3, 7, 17, 30))
    assert contact.decision_due_at == london(2025, 3, 11, 17, 0)


def test_contact_before_a_bank_holiday_monday_is_due_tuesday(front_door_worker):
    # Friday 23 May 2025; Monday 26 May is the spring bank holiday.
    with time_machine.travel(london(2025, 5, 30, 9, 0), tick=False):
        contact = record(front_door_worker, received_at=london(2025, 5, 23, 11, 0))
    assert contact.decision_due_at == london(2025, 5, 27, 17, 0)


def test_contact_over_easter_is_due_after_both_bank_holidays(front_door_worker):
    # Thursday 17 April 2025 after hours: Good Friday and Easter Monday are bank holidays.
    with time_machine.travel(london(2025, 4, 25, 9, 0), tick=False):
        contact = record(front_door_worker, received_at=london(2025, 4, 17, 18, 0))
    assert contact.decision_due_at == london(2025, 4, 23, 17, 0)


def test_contact_day_end_follows_the_setting(frozen, front_door_worker, settings):
    settings.OPENCSC_WORKING_DAY_ENDS_HOUR = 16
    contact = record(front_door_worker, received_at=london(2025, 3, 7, 16, 30))
    assert contact.decision_due_at == london(2025, 3, 11, 16, 0)


def test_contact_taker_team_and_status(frozen, front_door_worker):
    contact = record(front_door_worker)
    assert contact.taken_by == front_door_worker
    assert contact.team == front_door_worker.team
    assert contact.status == ContactStatus.AWAITING_DECISION
    assert contact.out_of_hours is False


def test_contact_taken_out_of_hours_is_flagged(frozen, ooh_worker):
    contact = record(ooh_worker, received_at=london(2025, 3, 8, 2, 30))
    assert contact.out_of_hours is True
    assert contact.team == ooh_worker.team


def test_contact_back_recorded_days_later_is_accepted(frozen, front_door_worker):
    contact = record(front_door_worker, received_at=london(2025, 2, 24, 9, 0))
    assert contact.received_at == london(2025, 2, 24, 9, 0)


def test_contact_received_in_the_future_is_refused(frozen, front_door_worker):
    with pytest.raises(ValidationError) as err:
        record(front_door_worker, received_at=london(2025, 3, 10, 9, 1))
    assert "now or in the past" in err.value.message_dict["received_at"][0]


def test_siblings_share_a_group_ref(frozen, front_door_worker):
    group = uuid.uuid4()
    first = record(front_door_worker, group_ref=group)
    second = record(front_door_worker, group_ref=group)
    assert first.group_ref == second.group_ref == group
    assert first.child != second.child


def test_contact_without_a_group_gets_its_own(frozen, front_door_worker):
    assert record(front_door_worker).group_ref != record(front_door_worker).group_ref


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("received_via", "pigeon", "Select how the contact was received"),
        ("source", "5Z", "Select who the contact came from"),
        ("referrer_name", "  ", "Enter the name of the person who made the contact"),
        ("referrer_email", "not-an-email", "Enter an email address in the correct format"),
        ("presenting_concerns", "", "Enter the concerns"),
        ("consent", "maybe", "Select whether the family consented"),
        ("consent", "not_sought_risk", "Explain why consent was not sought"),
    ],
)
def test_contact_fields_are_checked(frozen, front_door_worker, field, value, message):
    with pytest.raises(ValidationError) as err:
        record(front_door_worker, **{field: value})
    errors = err.value.message_dict
    key = "consent_notes" if value == "not_sought_risk" else field
    assert errors[key][0].startswith(message)


def test_consent_not_sought_with_a_reason_is_accepted(frozen, front_door_worker):
    contact = record(
        front_door_worker,
        consent="not_sought_risk",
        consent_notes="Asking the father would alert him to the disclosure.",
    )
    assert contact.consent_notes.startswith("Asking")


def test_contact_on_a_merged_record_is_refused(frozen, front_door_worker):
    keep = PersonFactory()
    duplicate = PersonFactory(merged_into=keep)
    with pytest.raises(ValidationError, match="merged"):
        record(front_door_worker, child=duplicate)


def test_partner_agency_account_contacts_go_to_the_front_door_team(frozen, front_door_team):
    from opencsc.accounts.models import Role
    from tests.factories import UserFactory

    partner = UserFactory(role=Role.PARTNER_AGENCY, team=None, agency_source="6")
    contact = record(partner, source="6")
    assert contact.team == front_door_team
