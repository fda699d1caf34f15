"""Early help: a lead professional and an early help assessment, outside statutory social care.

Opened by a front-door decision or by a step-down when a child in need episode closes;
ended by a closure or by a step-up to social care (a referral that opens a CIN episode).
Re-exported from ``opencsc.frontdoor.services``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from opencsc.core.codes import ReferralSource
from opencsc.core.concurrency import StaleEditError, save_versioned
from opencsc.frontdoor.models import EarlyHelpEpisode
from opencsc.frontdoor.wording import long_date

if TYPE_CHECKING:
    from opencsc.accounts.models import Team, User
    from opencsc.casework.models import CINEpisode
    from opencsc.frontdoor.models import Contact
    from opencsc.people.models import Person


def default_allocation_team() -> Team | None:
    """Where a new referral goes unless the decider chooses: the first assessment team."""
    from opencsc.accounts.models import Team, TeamKind

    return Team.objects.filter(kind=TeamKind.ASSESSMENT).order_by("name", "pk").first()


def _check_stale(episode: EarlyHelpEpisode, expected_version: int | None) -> None:
    if expected_version is not None and episode.version != expected_version:
        raise StaleEditError(current=EarlyHelpEpisode.objects.get(pk=episode.pk))


def _check_open(episode: EarlyHelpEpisode, doing: str) -> None:
    if episode.end_date is not None:
        raise ValidationError(
            f"This early help episode ended on {long_date(episode.end_date)}: it cannot be {doing}"
        )


@transaction.atomic
def earlyhelp_open(
    *,
    actor: User,
    child: Person,
    start_date: dt.date,
    lead_professional: str,
    lead_organisation: str,
    contact: Contact | None = None,
    stepped_down_from: CINEpisode | None = None,
) -> EarlyHelpEpisode:
    """Open early help for a child (one open episode at a time)."""
    from opencsc.casework.models import CINEpisode

    errors: dict[str, str] = {}
    lead = (lead_professional or "").strip()
    organisation = (lead_organisation or "").strip()
    if not lead:
        errors["lead_professional"] = "Enter the early help lead professional"
    if not organisation:
        errors["lead_organisation"] = "Enter the organisation leading the early help"
    if start_date is None:
        errors["start_date"] = "Enter the date early help starts"
    elif start_date > timezone.localdate():
        errors["start_date"] = "The early help start date must be today or in the past"
    if contact is not None and contact.child_id != child.pk:
        errors["__all__"] = "The contact is about a different child"
    if errors:
        raise ValidationError(errors)

    current = EarlyHelpEpisode.objects.filter(child=child, end_date__isnull=True).first()
    if current is not None:
        raise ValidationError(
            f"{child.full_name} already has open early help led by {current.lead_professional} "
            f"({current.lead_organisation}) since {long_date(current.start_date)}: record this "
            "on it instead"
        )
    open_case = CINEpisode.objects.filter(child=child, closure_date__isnull=True).first()
    if open_case is not None:
        raise ValidationError(
            f"{child.full_name} has an open child in need episode (referred on "
            f"{long_date(open_case.referral_date)}): early help follows when that case "
            "closes, as a step-down"
        )
    return EarlyHelpEpisode.objects.create(
        child=child,
        contact=contact,
        start_date=start_date,
        lead_professional=lead,
        lead_organisation=organisation,
        stepped_down_from=stepped_down_from,
    )


@transaction.atomic
def earlyhelp_update(
    *,
    actor: User,
    episode: EarlyHelpEpisode,
    expected_version: int,
    lead_professional: str,
    lead_organisation: str,
    assessment_start: dt.date | None = None,
    assessment_completed: dt.date | None = None,
    end_date: dt.date | None = None,
    end_reason: str = "",
) -> EarlyHelpEpisode:
    """Change the lead professional and the early help assessment dates (Annex A list 2);
    with ``end_date`` and ``end_reason``, also close the episode."""
    _check_stale(episode, expected_version)
    _check_open(episode, "changed")
    errors: dict[str, str] = {}
    today = timezone.localdate()
    lead = (lead_professional or "").strip()
    organisation = (lead_organisation or "").strip()
    end_reason = (end_reason or "").strip()
    if not lead:
        errors["lead_professional"] = "Enter the early help lead professional"
    if not organisation:
        errors["lead_organisation"] = "Enter the organisation leading the early help"
    start = episode.start_date
    if assessment_start is not None:
        if assessment_start > today:
            errors["assessment_start"] = "The assessment start date must be today or in the past"
        elif assessment_start < start:
            errors["assessment_start"] = (
                "The assessment start date must be on or after the early help start, "
                f"{long_date(start)}"
            )
    if assessment_completed is not None:
        if assessment_start is None:
            errors["assessment_start"] = (
                "Enter when the assessment started, as well as when it was completed"
            )
        elif assessment_completed > today:
            errors["assessment_completed"] = (
                "The assessment completion date must be today or in the past"
            )
        elif assessment_completed < assessment_start:
            errors["assessment_completed"] = (
                "The assessment completion date must be the same as or after its start date"
            )
    if end_date is not None:
        if not end_reason:
            errors["end_reason"] = "Enter why early help is ending"
        if end_date > today:
            errors["end_date"] = "The end date must be today or in the past"
        elif end_date < start:
            errors["end_date"] = (
                f"The end date must be on or after the early help start, {long_date(start)}"
            )
        elif assessment_completed and end_date < assessment_completed:
            errors["end_date"] = "The end date must be on or after the assessment was completed"
    elif end_reason:
        errors["end_date"] = "Enter the date early help ended, or leave the reason empty"
    if errors:
        raise ValidationError(errors)

    fields: dict[str, object] = {
        "lead_professional": lead,
        "lead_organisation": organisation,
        "assessment_start": assessment_start,
        "assessment_completed": assessment_completed,
    }
    if end_date is not None:
        fields.update(end_date=end_date, end_reason=end_reason[:200])
    return save_versioned(episode, expected_version=expected_version, fields=fields)


@transaction.atomic
def earlyhelp_close(
    *,
    actor: User,
    episode: EarlyHelpEpisode,
    expected_version: int,
    end_date: dt.date,
    end_reason: str,
) -> EarlyHelpEpisode:
    """End early help (for a step-up to social care use ``earlyhelp_step_up``)."""
    if end_date is None:
        raise ValidationError({"end_date": "Enter the date early help ended"})
    return earlyhelp_update(
        actor=actor,
        episode=episode,
        expected_version=expected_version,
        lead_professional=episode.lead_professional,
        lead_organisation=episode.lead_organisation,
        assessment_start=episode.assessment_start,
        assessment_completed=episode.assessment_completed,
        end_date=end_date,
        end_reason=end_reason,
    )


@transaction.atomic
def earlyhelp_step_up(
    *,
    actor: User,
    episode: EarlyHelpEpisode,
    referral_date: dt.date,
    primary_need: str,
    allocate_team: Team | None = None,
    expected_version: int | None = None,
) -> CINEpisode:
    """Step up to children's social care: a referral from early help (source 5D) opens a
    child in need episode, and the early help episode closes as stepped up to it."""
    from opencsc.casework.episodes import episode_open

    _check_stale(episode, expected_version)
    _check_open(episode, "stepped up")
    if referral_date is not None and referral_date < episode.start_date:
        raise ValidationError(
            {
                "referral_date": (
                    "The referral date must be on or after the early help start, "
                    f"{long_date(episode.start_date)}"
                )
            }
        )
    team = allocate_team or default_allocation_team()
    if team is None:
        raise ValidationError({"allocate_team": "Select the team to allocate the referral to"})
    # episode_open closes the open early help episode as stepped up to the new one.
    return episode_open(
        actor=actor,
        child=episode.child,
        referral_date=referral_date,
        source=ReferralSource.LA_EARLY_HELP,
        primary_need=primary_need,
        allocate_team=team,
    )
