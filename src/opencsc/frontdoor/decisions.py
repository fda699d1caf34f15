"""The threshold decision on a contact (WT2023 ch.3: within one working day) and what it
opens: nothing, early help, or a child in need episode. Re-exported from ``services``."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from opencsc.core.codes import ContactDecision, ThresholdLevel
from opencsc.core.concurrency import StaleEditError, save_versioned
from opencsc.frontdoor.checks import (
    agency_labels,
    check_awaiting_decision,
    check_contact_moment,
    contact_missing_information,
)
from opencsc.frontdoor.earlyhelp import default_allocation_team, earlyhelp_open
from opencsc.frontdoor.models import Contact, ContactStatus
from opencsc.frontdoor.wording import english_list, long_date

if TYPE_CHECKING:
    from opencsc.accounts.models import Team, User

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
    referral_nfa: bool = False,
) -> Contact:
    """Decide what happens next (WT2023 ch.3: within one working day of the contact).

    NFA and information/advice close the contact; early help opens an early help episode;
    a referral or a strategy discussion opens a child in need episode allocated to
    ``allocate_team`` (default: the first assessment team). ``referral_nfa`` marks a
    referral that leads to no further action (CIN census ReferralNFA): its episode carries
    no assessment, and needs no primary need (CIN census 8610).
    """
    from opencsc.casework.episodes import episode_open, open_episode_message, primary_need_error
    from opencsc.casework.models import CINEpisode
    from opencsc.core.codes import PrimaryNeed
    from opencsc.frontdoor.models import EarlyHelpEpisode

    if contact.version != expected_version:
        raise StaleEditError(current=Contact.objects.get(pk=contact.pk))
    check_awaiting_decision(contact, "a new decision")

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
    errors.update(check_contact_moment(decided_at, contact, "decided_at", "of the decision"))
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
    if referral_nfa and decision != ContactDecision.REFERRAL:
        errors["referral_nfa"] = (
            "Only a referral to children's social care can be recorded as a referral with "
            "no further action: choose 'Referral to children's social care', or untick it"
        )
    if decision in EPISODE_DECISIONS:
        if referral_nfa:
            # As episode_open: a referral NFA may leave the primary need out (CIN census
            # 8610 asks for one only when the referral leads to further action).
            if primary_need and primary_need not in PrimaryNeed.values:
                errors["primary_need"] = "Select the child's primary need from the list"
        elif message := primary_need_error(primary_need):
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
            referral_nfa=referral_nfa,
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
