"""What the front door checks before it acts on a contact: the information a decision
waits for, and the moments (request, answer, decision, handover) a contact's clock allows.

``REQUIRED_AGENCIES`` and ``contact_missing_information`` are re-exported from ``services``."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

from opencsc.core.codes import Agency
from opencsc.frontdoor.models import Contact
from opencsc.frontdoor.wording import long_datetime

# WT2023 ch.2-3: the checks a front door makes before deciding on a contact. A decision
# waits for these unless it is a strategy discussion (urgent safeguarding) or the decider
# records why it cannot wait.
REQUIRED_AGENCIES: tuple[str, ...] = (
    Agency.POLICE,
    Agency.HEALTH,
    Agency.EDUCATION,
    Agency.CSC_HISTORY,
)


def agency_labels(codes: list[str]) -> list[str]:
    return [Agency(code).label for code in codes]


def contact_missing_information(contact: Contact) -> list[str]:
    """The required agencies (REQUIRED_AGENCIES) that have not yet answered, in checklist
    order. Uses ``prefetch_related("information")`` when the caller made it."""
    received = {i.agency for i in contact.information.all() if i.received_at is not None}
    return [str(agency) for agency in REQUIRED_AGENCIES if agency not in received]


def check_awaiting_decision(contact: Contact, doing: str) -> None:
    if contact.is_decided:
        raise ValidationError(
            f"The decision on this contact was made on {long_datetime(contact.decided_at)}: "  # type: ignore[arg-type]
            f"{doing} now belongs on the child's case"
        )


def check_contact_moment(
    value: dt.datetime, contact: Contact, field: str, what: str
) -> dict[str, str]:
    if value > timezone.now():
        return {field: f"The time {what} must be now or in the past"}
    if value < contact.received_at:
        received = long_datetime(contact.received_at)
        return {field: f"The time {what} must be after the contact was received, {received}"}
    return {}
