"""Opening and closing a child in need episode (CIN census CINdetails).

A referral opens the episode (from a contact decision, or an early help step-up); the
closure ends it, and a closure to early help opens the early help episode that follows.
Every rule a CIN census validator would reject is refused here, at the point of entry.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.utils import timezone

from opencsc.casework.closure import closure_errors
from opencsc.casework.models import Allocation, CINEpisode
from opencsc.core.codes import PrimaryNeed, ReasonForClosure, ReferralSource
from opencsc.core.concurrency import StaleEditError, save_versioned
from opencsc.core.working_days import add_months
from opencsc.frontdoor.wording import long_date

if TYPE_CHECKING:
    from opencsc.accounts.models import Team, User
    from opencsc.frontdoor.models import Contact
    from opencsc.people.models import Person

# DfE re-referral measure: a referral within 12 months of a previous referral of the child.
RE_REFERRAL_MONTHS = 12

# CIN census 8610: a referral that leads to further action needs a primary need; "not
# stated" is no answer, and "cases other than children in need" (N9) contradicts a referral
# for a social care assessment.
NEEDS_NOT_FOR_REFERRAL = {PrimaryNeed.NOT_STATED, PrimaryNeed.NOT_IN_NEED}

# Closures after which early help can follow. Adoption, death, orders, transfers to
# another authority or adult services leave no child for local early help to support,
# and RC8 says "no further action".
STEP_DOWN_REASONS = {ReasonForClosure.SERVICES_CEASED, ReasonForClosure.EARLY_HELP_AFTER_ASSESSMENT}

# RC8 and RC9 say "closed after assessment": there must be an authorised one.
AFTER_ASSESSMENT_REASONS = {
    ReasonForClosure.NFA_AFTER_ASSESSMENT,
    ReasonForClosure.EARLY_HELP_AFTER_ASSESSMENT,
}

STEPPED_UP_REASON = "Stepped up to children's social care"


def primary_need_error(primary_need: str) -> str | None:
    """Why ``primary_need`` cannot open a referral that leads to further action, or None."""
    if not primary_need:
        return "Select the child's primary need (CIN census 8610)"
    if primary_need not in PrimaryNeed.values:
        return "Select the child's primary need from the list"
    if primary_need == PrimaryNeed.NOT_IN_NEED:
        return (
            "A referral for a social care assessment cannot have the primary need "
            "'Cases other than children in need' (N9): choose the need that brought the "
            "child to social care"
        )
    if primary_need == PrimaryNeed.NOT_STATED:
        return "Select the child's primary need: 'Not stated' is not enough for a referral"
    return None


def open_episode_message(child: Person, episode: CINEpisode) -> str:
    return (
        f"{child.full_name} already has an open child in need episode (referred on "
        f"{long_date(episode.referral_date)}). Record this on the open case instead: a child "
        "can have only one open episode (CIN census 8815, 8820)."
    )


def _allocate(*, actor: User, child: Person, team: Team, start_date: dt.date, reason: str) -> None:
    """Allocate the case to ``team`` from ``start_date`` (a transfer if another team holds
    it); a child already held by that team stays with its worker."""
    from opencsc.casework.services import assign_locked, open_primary_allocation

    # Read once, locked, for both the check here and the transfer (allocation_assign's rules).
    current = open_primary_allocation(child, lock=True)
    if current is not None and current.team_id == team.pk:
        return
    assign_locked(
        actor=actor,
        child=child,
        team=team,
        worker=None,
        start_date=start_date,
        reason=reason,
        current=current,
    )


@transaction.atomic
def episode_open(
    *,
    actor: User,
    child: Person,
    referral_date: dt.date,
    source: str,
    primary_need: str,
    contact: Contact | None = None,
    allocate_team: Team | None = None,
    referral_nfa: bool = False,
) -> CINEpisode:
    """Open a child in need episode on a referral, and allocate it to ``allocate_team``.

    Flags a re-referral (a previous referral within 12 months) and closes an open early
    help episode as stepped up to social care.
    """
    from opencsc.frontdoor.models import EarlyHelpEpisode

    errors: dict[str, str] = {}
    if referral_date is None:
        errors["referral_date"] = "Enter the referral date"
    elif referral_date > timezone.localdate():
        errors["referral_date"] = "The referral date must be today or in the past"
    if source not in ReferralSource.values:
        # CIN census 8866: the source of referral must be a valid code.
        errors["source"] = "Select the source of the referral (CIN census 8866)"
    if referral_nfa:
        if primary_need and primary_need not in PrimaryNeed.values:
            errors["primary_need"] = "Select the child's primary need from the list"
    elif message := primary_need_error(primary_need):
        errors["primary_need"] = message
    if child.merged_into_id is not None:
        errors["__all__"] = (
            "This record was merged into another one: refer the child on that record"
        )
    if contact is not None and contact.child_id != child.pk:
        errors["__all__"] = "The contact is about a different child"
    if errors:
        raise ValidationError(errors)

    previous = list(CINEpisode.objects.filter(child=child).order_by("-referral_date"))
    for episode in previous:
        closed = episode.closure_date
        if closed is None:
            raise ValidationError({"__all__": open_episode_message(child, episode)})
        if closed > referral_date:
            # CIN census 8820: episodes may touch (close and re-open the same day) but
            # never overlap.
            raise ValidationError(
                {
                    "referral_date": (
                        f"The referral date must be on or after {long_date(closed)}, "
                        "when the child's previous episode closed: episodes cannot overlap "
                        "(CIN census 8820)"
                    )
                }
            )
    since = add_months(referral_date, -RE_REFERRAL_MONTHS)
    re_referral = any(since <= e.referral_date <= referral_date for e in previous)

    episode = CINEpisode.objects.create(
        child=child,
        contact=contact,
        referral_date=referral_date,
        referral_source=source,
        primary_need=primary_need,
        is_re_referral=re_referral,
        referral_nfa=referral_nfa,
        opened_by=actor,
    )

    stepping_up = EarlyHelpEpisode.objects.filter(child=child, end_date__isnull=True).first()
    if stepping_up is not None:
        save_versioned(
            stepping_up,
            expected_version=stepping_up.version,
            fields={
                "end_date": max(referral_date, stepping_up.start_date),
                "end_reason": STEPPED_UP_REASON,
                "stepped_up_to": episode,
            },
        )

    if allocate_team is not None:
        _allocate(
            actor=actor,
            child=child,
            team=allocate_team,
            start_date=referral_date,
            reason=f"Referral on {long_date(referral_date)}",
        )
    return episode


@transaction.atomic
def episode_close(
    *,
    actor: User,
    episode: CINEpisode,
    expected_version: int,
    closure_date: dt.date,
    reason: str,
    step_down_lead_professional: str = "",
    step_down_organisation: str = "",
) -> CINEpisode:
    """Close a child in need episode. RC9, or a lead professional and organisation for
    early help, opens the early help episode the child steps down to."""
    from opencsc.assessments.models import Assessment, AssessmentStatus
    from opencsc.frontdoor.earlyhelp import earlyhelp_open

    if episode.version != expected_version:
        raise StaleEditError(current=CINEpisode.objects.get(pk=episode.pk))
    if not episode.is_open:
        raise ValidationError(
            f"This episode was already closed on {long_date(episode.closure_date)}"  # type: ignore[arg-type]
        )

    errors: dict[str, str] = {}
    lead = (step_down_lead_professional or "").strip()
    organisation = (step_down_organisation or "").strip()
    today = timezone.localdate()
    if reason not in ReasonForClosure.values:
        # CIN census 8640 / 8805: a closure needs a valid reason.
        errors["reason"] = "Select the reason the case is closing (CIN census 8640)"
    if closure_date is None:
        # CIN census 8810: a reason needs a closure date.
        errors["closure_date"] = "Enter the closure date (CIN census 8810)"
    elif closure_date > today:
        errors["closure_date"] = "The closure date must be today or in the past"
    elif closure_date < episode.referral_date:
        errors["closure_date"] = (
            "The closure date must be the same as or after the referral date, "
            f"{long_date(episode.referral_date)} (CIN census 8620)"
        )

    steps_down = reason == ReasonForClosure.EARLY_HELP_AFTER_ASSESSMENT or bool(
        lead or organisation
    )
    if steps_down:
        if not lead:
            errors["step_down_lead_professional"] = "Enter the early help lead professional"
        if not organisation:
            errors["step_down_organisation"] = "Enter the organisation leading the early help"
        if reason in ReasonForClosure.values and reason not in STEP_DOWN_REASONS:
            errors["reason"] = (
                f"'{ReasonForClosure(reason).label}' cannot step down to early help: choose "
                "'Closed after assessment: referred to early help' (RC9) or 'Services ended' "
                "(RC7), or leave the early help fields empty"
            )

    child = episode.child
    if reason == ReasonForClosure.DIED:
        if child.date_of_death is None:
            # CIN census 8585Q: a closure because the child died needs the date of death.
            errors["reason"] = (
                "Record the child's date of death on their record before closing the case "
                "with the reason 'Died' (CIN census 8585Q)"
            )
        elif closure_date and closure_date < child.date_of_death:
            errors["closure_date"] = (
                f"The closure date must be on or after the child's date of death, "
                f"{long_date(child.date_of_death)}"
            )

    assessments = list(
        Assessment.objects.filter(episode=episode).values("status", "start_date", "authorised_on")
    )
    open_assessment = next(
        (a for a in assessments if a["status"] != AssessmentStatus.AUTHORISED), None
    )
    if open_assessment is not None:
        status = AssessmentStatus(open_assessment["status"]).label.lower()
        errors["__all__"] = (
            f"The assessment started on {long_date(open_assessment['start_date'])} is still "
            f"open ({status}): it must be authorised before the case can close"
        )
    authorised = [a for a in assessments if a["status"] == AssessmentStatus.AUTHORISED]
    if reason in AFTER_ASSESSMENT_REASONS and not authorised:
        errors["reason"] = (
            f"'{ReasonForClosure(reason).label}' needs an authorised assessment on this "
            "episode, and there is none: choose another reason"
        )
    last_activity = max(
        (d for a in assessments for d in (a["start_date"], a["authorised_on"]) if d), default=None
    )
    if (
        closure_date
        and last_activity
        and closure_date < last_activity
        and "closure_date" not in errors
    ):
        # CIN census 8565: nothing recorded on the episode after it closed.
        errors["closure_date"] = (
            f"The closure date must be on or after {long_date(last_activity)}, the last "
            "assessment date on this episode (CIN census 8565)"
        )
    for field, message in closure_errors(episode, reason=reason, closure_date=closure_date).items():
        errors.setdefault(field, message)
    if errors:
        raise ValidationError(errors)

    save_versioned(
        episode,
        expected_version=expected_version,
        fields={"closure_date": closure_date, "closure_reason": reason},
    )
    # A closed case leaves every caseload: its allocations end on the closure date (or on
    # their own start, for one that began later), so worklists and caseloads count open
    # work only. A new referral allocates the child again.
    Allocation.objects.filter(child=child, end_date__isnull=True).update(
        end_date=Greatest(F("start_date"), Value(closure_date))
    )
    if steps_down:
        earlyhelp_open(
            actor=actor,
            child=child,
            start_date=closure_date,
            lead_professional=lead,
            lead_organisation=organisation,
            stepped_down_from=episode,
        )
    return episode
