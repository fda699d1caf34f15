"""Every write at the front door: contacts, information from partners, decisions, handovers.

Early help services live in ``earlyhelp.py`` and are re-exported here, so callers import
everything the front door does from one place.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from opencsc.accounts.models import Role, TeamKind
from opencsc.core.codes import (
    Agency,
    ConsentStatus,
    ReferralSource,
)
from opencsc.core.concurrency import save_versioned
from opencsc.core.working_days import contact_decision_due
from opencsc.frontdoor.checks import (
    REQUIRED_AGENCIES,
    agency_labels,
    check_awaiting_decision,
    check_contact_moment,
    contact_missing_information,
    known_information,
    remember_information,
    remember_no_information,
)
from opencsc.frontdoor.decisions import contact_decide
from opencsc.frontdoor.earlyhelp import (
    default_allocation_team,
    earlyhelp_close,
    earlyhelp_open,
    earlyhelp_step_up,
    earlyhelp_update,
)
from opencsc.frontdoor.models import Contact, ContactInformation, ReceivedVia
from opencsc.frontdoor.wording import long_datetime

if TYPE_CHECKING:
    from opencsc.accounts.models import User
    from opencsc.people.models import Person

__all__ = [
    "REQUIRED_AGENCIES",
    "agency_labels",
    "contact_record",
    "contact_information_request",
    "contact_information_receive",
    "contact_missing_information",
    "contact_decide",
    "contact_handover",
    "default_allocation_team",
    "earlyhelp_open",
    "earlyhelp_update",
    "earlyhelp_close",
    "earlyhelp_step_up",
]

# Consent not sought is lawful only for a reason, and the reason is recorded (DfE
# Information sharing advice 2024).
CONSENT_NEEDS_NOTES = {
    ConsentStatus.NOT_SOUGHT_RISK,
    ConsentStatus.NOT_SOUGHT_DELAY,
    ConsentStatus.NOT_SOUGHT_CRIME,
}


def _contact_team_id(actor: User) -> int:
    """The team that holds a contact: the taker's, or (for a partner agency's account,
    which has none) the front door team."""
    from opencsc.accounts.models import Team

    if actor.team_id:
        return actor.team_id
    team_id = (
        Team.objects.filter(kind=TeamKind.FRONT_DOOR)
        .order_by("name", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    if team_id is None:
        raise ValidationError("There is no front door team to receive this contact")
    return team_id


@transaction.atomic
def contact_record(
    *,
    actor: User,
    child: Person,
    received_at: dt.datetime,
    received_via: str,
    source: str,
    referrer_name: str,
    presenting_concerns: str,
    consent: str,
    referrer_organisation: str = "",
    referrer_phone: str = "",
    referrer_email: str = "",
    consent_notes: str = "",
    out_of_hours: bool = False,
    group_ref: uuid.UUID | None = None,
) -> Contact:
    """Record a contact about one child. Siblings in one contact share ``group_ref``."""
    errors: dict[str, str] = {}
    referrer_name = (referrer_name or "").strip()
    presenting_concerns = (presenting_concerns or "").strip()
    consent_notes = (consent_notes or "").strip()
    referrer_email = (referrer_email or "").strip()
    if received_at is None:
        errors["received_at"] = "Enter the date and time the contact was received"
    elif timezone.is_naive(received_at):
        errors["received_at"] = "The time the contact was received must include its time zone"
    elif received_at > timezone.now():
        # Back-recording is allowed (a contact taken on paper); the future is not.
        errors["received_at"] = (
            "The date and time the contact was received must be now or in the past"
        )
    if received_via not in ReceivedVia.values:
        errors["received_via"] = "Select how the contact was received"
    if source not in ReferralSource.values:
        errors["source"] = "Select who the contact came from (CIN census 8866)"
    if not referrer_name:
        errors["referrer_name"] = "Enter the name of the person who made the contact"
    if referrer_email:
        try:
            validate_email(referrer_email)
        except ValidationError:
            errors["referrer_email"] = (
                "Enter an email address in the correct format, like name@example.com"
            )
    if not presenting_concerns:
        errors["presenting_concerns"] = "Enter the concerns the contact raised"
    if consent not in ConsentStatus.values:
        errors["consent"] = "Select whether the family consented to information being shared"
    elif consent in CONSENT_NEEDS_NOTES and not consent_notes:
        errors["consent_notes"] = "Explain why consent was not sought"
    if child.merged_into_id is not None:
        errors["__all__"] = (
            "This record was merged into another one: record the contact on that record"
        )
    if errors:
        raise ValidationError(errors)

    # WT2023 ch.3: a decision within one working day, stored once so worklists agree.
    due = contact_decision_due(received_at, day_ends_hour=settings.OPENCSC_WORKING_DAY_ENDS_HOUR)
    contact = Contact.objects.create(
        child=child,
        group_ref=group_ref or uuid.uuid4(),
        received_at=received_at,
        decision_due_at=due,
        received_via=received_via,
        source=source,
        referrer_name=referrer_name,
        referrer_organisation=(referrer_organisation or "").strip(),
        referrer_phone=(referrer_phone or "").strip(),
        referrer_email=referrer_email,
        presenting_concerns=presenting_concerns,
        consent=consent,
        consent_notes=consent_notes,
        taken_by=actor,
        team_id=_contact_team_id(actor),
        out_of_hours=out_of_hours or actor.role == Role.OUT_OF_HOURS,
    )
    remember_no_information(contact)
    return contact


@transaction.atomic
def contact_information_request(
    *,
    actor: User,
    contact: Contact,
    agency: str,
    requested_at: dt.datetime | None = None,
) -> ContactInformation:
    """Ask a partner agency for what it knows about the child (once per agency)."""
    check_awaiting_decision(contact, "information gathering")
    if agency not in Agency.values:
        raise ValidationError({"agency": "Select the agency"})
    requested_at = requested_at or timezone.now()
    if errors := check_contact_moment(
        requested_at, contact, "requested_at", "information was requested"
    ):
        raise ValidationError(errors)
    known = known_information(contact)
    if known is not None:
        earlier = next((row for row in known if row.agency == agency), None)
    else:
        earlier = ContactInformation.objects.filter(contact=contact, agency=agency).first()
    if earlier is not None:
        raise ValidationError(
            {
                "agency": f"Information from {Agency(agency).label.lower()} was already requested "
                f"on {long_datetime(earlier.requested_at)}"
            }
        )
    information = ContactInformation.objects.create(
        contact=contact, agency=agency, requested_at=requested_at, recorded_by=actor
    )
    remember_information(contact, information)
    return information


@transaction.atomic
def contact_information_receive(
    *,
    actor: User,
    information: ContactInformation,
    summary: str,
    received_at: dt.datetime | None = None,
) -> ContactInformation:
    """Record what came back from an agency. A later answer replaces the summary (the
    history of the row keeps the earlier one)."""
    contact = information.contact
    check_awaiting_decision(contact, "information gathering")
    summary = (summary or "").strip()
    received_at = received_at or timezone.now()
    errors: dict[str, str] = {}
    if not summary:
        errors["summary"] = "Enter what the agency told you"
    if received_at < information.requested_at:
        errors["received_at"] = (
            "The time the information came back must be after it was requested, "
            f"{long_datetime(information.requested_at)}"
        )
    else:
        errors.update(
            check_contact_moment(received_at, contact, "received_at", "the information came back")
        )
    if errors:
        raise ValidationError(errors)
    information.summary = summary
    information.received_at = received_at
    information.recorded_by = actor
    information.save(update_fields=["summary", "received_at", "recorded_by"])
    remember_information(contact, information)
    return information


@transaction.atomic
def contact_handover(
    *, actor: User, contact: Contact, handover_at: dt.datetime, note: str
) -> Contact:
    """Hand an out-of-hours contact over to daytime services."""
    note = (note or "").strip()
    if not contact.out_of_hours:
        raise ValidationError(
            "Only contacts taken out of hours are handed over to daytime services"
        )
    if contact.handover_at is not None:
        raise ValidationError(
            f"This contact was already handed over on {long_datetime(contact.handover_at)}"
        )
    errors: dict[str, str] = {}
    if handover_at is None:
        errors["handover_at"] = "Enter the date and time of the handover"
    else:
        errors.update(check_contact_moment(handover_at, contact, "handover_at", "of the handover"))
    if not note:
        errors["note"] = "Enter what daytime services need to know"
    if errors:
        raise ValidationError(errors)
    return save_versioned(
        contact,
        expected_version=contact.version,
        fields={"handover_at": handover_at, "handover_note": note},
    )
