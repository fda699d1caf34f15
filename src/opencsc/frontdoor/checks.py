"""What the front door checks before it acts on a contact: the information a decision
waits for, and the moments (request, answer, decision, handover) a contact's clock allows.

``REQUIRED_AGENCIES`` and ``contact_missing_information`` are re-exported from ``services``."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

from opencsc.core.codes import Agency
from opencsc.frontdoor.models import Contact, ContactInformation
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


# The contact's information rows, as ``prefetch_related("information")`` leaves them.
_INFORMATION = "information"


def known_information(contact: Contact) -> list[ContactInformation] | None:
    """The contact's information rows if they are already in memory (the caller prefetched
    them, or the contact was made by ``contact_record`` in this process), else None."""
    cached = getattr(contact, "_prefetched_objects_cache", {}).get(_INFORMATION)
    return None if cached is None else list(cached)


def remember_no_information(contact: Contact) -> None:
    """A contact just created has no information yet: say so, so that the checks on it
    need not ask the database (as if ``prefetch_related("information")`` had run)."""
    _cache_information(contact, [])


def remember_information(contact: Contact, information: ContactInformation) -> None:
    """Keep the contact's information rows in memory up to date after a write, if they are
    there (otherwise the next reader asks the database)."""
    cached = getattr(contact, "_prefetched_objects_cache", {}).get(_INFORMATION)
    if cached is None:
        return
    rows = [row for row in cached if row.pk != information.pk] + [information]
    cached._result_cache = sorted(rows, key=lambda row: row.agency)  # Meta.ordering


def _cache_information(contact: Contact, rows: list[ContactInformation]) -> None:
    # Filtered on the contact as the related manager's own queryset is, so that a further
    # ``contact.information.filter(...)`` still asks about this contact only.
    queryset = ContactInformation.objects.filter(contact=contact)
    queryset._result_cache = rows
    queryset._prefetch_done = True  # type: ignore[attr-defined]
    if not hasattr(contact, "_prefetched_objects_cache"):
        contact._prefetched_objects_cache = {}  # type: ignore[attr-defined]
    contact._prefetched_objects_cache[_INFORMATION] = queryset  # type: ignore[attr-defined]


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
