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
    ContactDecision,
    ReferralSource,
    ThresholdLevel,
)
from opencsc.core.concurrency import StaleEditError, save_versioned
from opencsc.core.working_days import contact_decision_due
from opencsc.frontdoor.earlyhelp import (
    default_allocation_team,
    earlyhelp_close,
    earlyhelp_open,
    earlyhelp_step_up,
    earlyhelp_update,
)
from opencsc.frontdoor.models import Contact, ContactInformation, ContactStatus, ReceivedVia
from opencsc.frontdoor.wording import english_list, long_date, long_datetime

if TYPE_CHECKING:
    from opencsc.accounts.models import Team, User
    from opencsc.people.models import Person

__all__ = [
    "REQUIRED_AGENCIES",
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

# WT2023 ch.2-3: the checks a front door makes before deciding on a contact. A decision
# waits for these unless it is a strategy discussion (urgent safeguarding) or the decider
# records why it cannot wait.
REQUIRED_AGENCIES: tuple[str, ...] = (
    Agency.POLICE,
    Agency.HEALTH,
    Agency.EDUCATION,
    Agency.CSC_HISTORY,
)

# Consent not sought is lawful only for a reason, and the reason is recorded (DfE
# Information sharing advice 2024).
CONSENT_NEEDS_NOTES = {
    ConsentStatus.NOT_SOUGHT_RISK,
    ConsentStatus.NOT_SOUGHT_DELAY,
    ConsentStatus.NOT_SOUGHT_CRIME,
}

# Which decisions each threshold level allows, and why not, in the decider's words.
DECISIONS_FOR_THRESHOLD: dict[str, set[str]] = {
    ThresholdLevel.UNIVERSAL: {ContactDecision.NFA, ContactDecision.INFORMATION_ADVICE},
    # Early help is consensual: a family may decline it, so NFA or advice remain open.
    ThresholdLevel.EARLY_HELP: {
        ContactDecision.EARLY_HELP,
        ContactDecision.INFORMATION_ADVICE,
        ContactDecision.NFA,
    },
    ThresholdLevel.CHILD_IN_NEED: {ContactDecision.REFERRAL},
    ThresholdLevel.CHILD_PROTECTION: {ContactDecision.STRATEGY_DISCUSSION},
}
THRESHOLD_MISMATCH: dict[str, str] = {
    ThresholdLevel.UNIVERSAL: (
        "Needs met by universal services lead to no further action or information and "
        "advice: change the decision, or raise the threshold if the child needs more"
    ),
    ThresholdLevel.EARLY_HELP: (
        "An early help threshold leads to early help, or to no further action or advice if "
        "the family declines it: change the decision, or the threshold"
    ),
    ThresholdLevel.CHILD_IN_NEED: (
        "A child in need threshold means the child needs a social care assessment (s17): "
        "choose 'Referral to children's social care', or change the threshold"
    ),
    ThresholdLevel.CHILD_PROTECTION: (
        "A child protection threshold means there is reasonable cause to suspect significant "
        "harm, so a strategy discussion must be held (WT2023 ch.3): choose 'Strategy "
        "discussion', or change the threshold"
    ),
}
# When a child already has an open case, a new contact goes to the allocated team, and the
# front door closes the contact with NFA or advice at any threshold (CIN census 8815).
CLOSING_DECISIONS = {ContactDecision.NFA, ContactDecision.INFORMATION_ADVICE}
EPISODE_DECISIONS = {ContactDecision.REFERRAL, ContactDecision.STRATEGY_DISCUSSION}


def agency_labels(codes: list[str]) -> list[str]:
    return [Agency(code).label for code in codes]


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
    return Contact.objects.create(
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


def _check_awaiting(contact: Contact, doing: str) -> None:
    if contact.is_decided:
        raise ValidationError(
            f"The decision on this contact was made on {long_datetime(contact.decided_at)}: "  # type: ignore[arg-type]
            f"{doing} now belongs on the child's case"
        )


def _check_moment(value: dt.datetime, contact: Contact, field: str, what: str) -> dict[str, str]:
    if value > timezone.now():
        return {field: f"The time {what} must be now or in the past"}
    if value < contact.received_at:
        received = long_datetime(contact.received_at)
        return {field: f"The time {what} must be after the contact was received, {received}"}
    return {}


@transaction.atomic
def contact_information_request(
    *,
    actor: User,
    contact: Contact,
    agency: str,
    requested_at: dt.datetime | None = None,
) -> ContactInformation:
    """Ask a partner agency for what it knows about the child (once per agency)."""
    _check_awaiting(contact, "information gathering")
    if agency not in Agency.values:
        raise ValidationError({"agency": "Select the agency"})
    requested_at = requested_at or timezone.now()
    if errors := _check_moment(requested_at, contact, "requested_at", "information was requested"):
        raise ValidationError(errors)
    earlier = ContactInformation.objects.filter(contact=contact, agency=agency).first()
    if earlier is not None:
        raise ValidationError(
            {
                "agency": f"Information from {Agency(agency).label.lower()} was already requested "
                f"on {long_datetime(earlier.requested_at)}"
            }
        )
    return ContactInformation.objects.create(
        contact=contact, agency=agency, requested_at=requested_at, recorded_by=actor
    )


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
    _check_awaiting(contact, "information gathering")
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
            _check_moment(received_at, contact, "received_at", "the information came back")
        )
    if errors:
        raise ValidationError(errors)
    information.summary = summary
    information.received_at = received_at
    information.recorded_by = actor
    information.save(update_fields=["summary", "received_at", "recorded_by"])
    return information


def contact_missing_information(contact: Contact) -> list[str]:
    """The required agencies (REQUIRED_AGENCIES) that have not yet answered, in checklist
    order. Uses ``prefetch_related("information")`` when the caller made it."""
    received = {i.agency for i in contact.information.all() if i.received_at is not None}
    return [str(agency) for agency in REQUIRED_AGENCIES if agency not in received]


@transaction.atomic
def contact_decide(
    *,
    actor: User,
    contact: Contact,
    expected_version: int,
    threshold: str,
    decision: str,
    rationale: str,
    decided_at: dt.datetime | None = None,
    primary_need: str = "",
    allocate_team: Team | None = None,
    lead_professional: str = "",
    lead_organisation: str = "",
    decide_without_missing_information: bool = False,
    missing_information_reason: str = "",
) -> Contact:
    """Decide what happens next (WT2023 ch.3: within one working day of the contact).

    NFA and information/advice close the contact; early help opens an early help episode;
    a referral or a strategy discussion opens a child in need episode allocated to
    ``allocate_team`` (default: the first assessment team).
    """
    from opencsc.casework.episodes import episode_open, open_episode_message, primary_need_error
    from opencsc.casework.models import CINEpisode
    from opencsc.frontdoor.models import EarlyHelpEpisode

    if contact.version != expected_version:
        raise StaleEditError(current=Contact.objects.get(pk=contact.pk))
    _check_awaiting(contact, "a new decision")

    errors: dict[str, str] = {}
    now = timezone.now()
    decided_at = decided_at or now
    rationale = (rationale or "").strip()
    reason = (missing_information_reason or "").strip()
    lead = (lead_professional or "").strip()
    organisation = (lead_organisation or "").strip()
    if threshold not in ThresholdLevel.values:
        errors["threshold"] = "Select the threshold level"
    if decision not in ContactDecision.values:
        errors["decision"] = "Select the decision"
    if not rationale:
        errors["rationale"] = "Enter the rationale for the decision"
    errors.update(_check_moment(decided_at, contact, "decided_at", "of the decision"))
    child = contact.child

    open_case = None
    if decision in ContactDecision.values:
        open_case = CINEpisode.objects.filter(child=child, closure_date__isnull=True).first()
        if open_case is not None and decision in CLOSING_DECISIONS:
            pass  # passed to the allocated team, whatever the threshold
        elif open_case is not None:
            errors["decision"] = (
                open_episode_message(child, open_case)
                + " Close this contact with 'No further action' or 'Information and advice', "
                "saying in the rationale that it was passed to the allocated team."
            )
        elif (
            threshold in ThresholdLevel.values
            and decision not in DECISIONS_FOR_THRESHOLD[threshold]
        ):
            errors["decision"] = THRESHOLD_MISMATCH[threshold]
    if decision in EPISODE_DECISIONS:
        if message := primary_need_error(primary_need):
            errors["primary_need"] = message
        allocate_team = allocate_team or default_allocation_team()
        if allocate_team is None:
            errors["allocate_team"] = "Select the team to allocate the referral to"
    if decision == ContactDecision.EARLY_HELP:
        if not lead:
            errors["lead_professional"] = "Enter the early help lead professional"
        if not organisation:
            errors["lead_organisation"] = "Enter the organisation leading the early help"
        if open_case is None:
            current = EarlyHelpEpisode.objects.filter(child=child, end_date__isnull=True).first()
            if current is not None:
                errors["decision"] = (
                    f"{child.full_name} already has open early help led by "
                    f"{current.lead_professional} ({current.lead_organisation}) since "
                    f"{long_date(current.start_date)}: pass this contact to them and close it "
                    "with 'Information and advice'"
                )

    missing = contact_missing_information(contact)
    missing_text = english_list([label.lower() for label in agency_labels(missing)])
    # WT2023 ch.3: a strategy discussion does not wait for information when a child may be
    # at risk of significant harm; any other decision waits, or says why it cannot.
    if (
        missing
        and decision in ContactDecision.values
        and decision != ContactDecision.STRATEGY_DISCUSSION
    ):
        if not decide_without_missing_information:
            errors["decide_without_missing_information"] = (
                f"Information is still missing from {missing_text}. Wait for it, or tick "
                "'Decide without the missing information' and say why"
            )
        elif not reason:
            errors["missing_information_reason"] = (
                f"Enter why you are deciding without information from {missing_text}"
            )
    if errors:
        raise ValidationError(errors)

    if missing and decide_without_missing_information and reason:
        rationale += f"\n\nDecided without information from {missing_text}: {reason}"
    save_versioned(
        contact,
        expected_version=expected_version,
        fields={
            "status": ContactStatus.DECIDED,
            "threshold": threshold,
            "decision": decision,
            "decision_rationale": rationale,
            "decided_by": actor,
            "decided_at": decided_at,
        },
    )
    decided_on = timezone.localdate(decided_at)
    if decision in EPISODE_DECISIONS:
        # The referral date is the day of the decision to refer (local date).
        episode_open(
            actor=actor,
            child=child,
            referral_date=decided_on,
            source=contact.source,
            primary_need=primary_need,
            contact=contact,
            allocate_team=allocate_team,
        )
    elif decision == ContactDecision.EARLY_HELP:
        earlyhelp_open(
            actor=actor,
            child=child,
            start_date=decided_on,
            lead_professional=lead,
            lead_organisation=organisation,
            contact=contact,
        )
    return contact


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
        errors.update(_check_moment(handover_at, contact, "handover_at", "of the handover"))
    if not note:
        errors["note"] = "Enter what daytime services need to know"
    if errors:
        raise ValidationError(errors)
    return save_versioned(
        contact,
        expected_version=contact.version,
        fields={"handover_at": handover_at, "handover_note": note},
    )
