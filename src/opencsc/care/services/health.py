"""The looked-after child's health, SDQ, convictions and substance misuse (903 OC2), and
times missing or away from placement with the return home interview (903 Missing).

Every rule the DfE's 903 validator applies to these items is checked here, at entry, so
the return built from them passes: the rule numbers are cited where they are checked.
Health items are recorded for days the child was looked after (CPPCR 2010 reg 7: the
authority's duty for the health of the children it looks after; the OC2 counts what
happened while looked after).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from opencsc.care.codes import MissingKind, SDQReason
from opencsc.care.models import (
    CareEpisode,
    CarePeriod,
    Conviction,
    HealthCheck,
    HealthCheckKind,
    MissingEpisode,
    SDQScore,
    SubstanceMisuse,
)
from opencsc.core.working_days import add_months

if TYPE_CHECKING:
    from opencsc.accounts.models import User
    from opencsc.people.models import Person

#: DfE statutory guidance on children who run away or go missing (2014): the independent
#: return home interview is offered within 72 hours of the child's return.
RHI_DAYS = 3
#: Children and Young Persons Act 1933 s.50: no child under 10 can be guilty of an
#: offence (903 rule 542: no conviction information under 10).
AGE_OF_CRIMINAL_RESPONSIBILITY = 10
#: 903 rules 545/546: development (health promotion) checks are for children under 5.
DEVELOPMENT_CHECK_UNDER = 5
#: 903 rules 157/188/189: the SDQ is for children aged 4 to 16; SDQ1 says the child was
#: under 4 or over 16.
SDQ_FROM_AGE = 4
SDQ_UNTIL_AGE = 17
SDQ_MAX_SCORE = 40  # 903 rule 180


def long_date(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def age_on(child: Person, on: dt.date) -> int | None:
    dob = child.date_of_birth
    if dob is None:
        return None
    years = on.year - dob.year
    return years if add_months(dob, 12 * years) <= on else years - 1


def _check_day(
    errors: dict[str, str], field: str, child: Person, on: dt.date | None, what: str
) -> bool:
    """The date is given, not in the future, and inside the child's life."""
    if on is None:
        errors[field] = f"Enter the date {what}"
    elif on > timezone.localdate():
        errors[field] = f"The date {what} must be today or in the past"
    elif child.date_of_birth is not None and on < child.date_of_birth:
        errors[field] = (
            f"The date {what} must be on or after the child's date of birth, "
            f"{long_date(child.date_of_birth)}"
        )
    elif child.date_of_death is not None and on > child.date_of_death:
        errors[field] = (
            f"The date {what} must be on or before the child's date of death, "
            f"{long_date(child.date_of_death)}"
        )
    else:
        return True
    return False


def period_on(child_id: int, on: dt.date) -> CarePeriod | None:
    """The period of care the child was in on ``on``: one query."""
    return (
        CarePeriod.objects.filter(child_id=child_id, start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .order_by("-start_date")
        .first()
    )


def _looked_after_on(child: Person, on: dt.date, field: str, what: str) -> CarePeriod:
    period = period_on(child.pk, on)
    if period is None:
        raise ValidationError(
            {
                field: f"{child.full_name} was not looked after on {long_date(on)}: "
                f"record {what} for a day the child was looked after"
            }
        )
    return period


# --- health checks, SDQ, convictions, substance misuse (903 OC2) ---------------------------


@transaction.atomic
def health_check_record(
    *,
    actor: User,
    child: Person,
    kind: str,
    done_on: dt.date,
    up_to_date: bool | None = None,
    notes: str = "",
) -> HealthCheck:
    """A health assessment, dental or development check, or immunisations review."""
    errors: dict[str, str] = {}
    if kind not in HealthCheckKind.values:
        errors["kind"] = "Select what was done"
    _check_day(errors, "done_on", child, done_on, "it was done")
    if kind == HealthCheckKind.IMMUNISATIONS:
        # 903 OC2 IMMUNISATIONS: whether the child's immunisations are up to date.
        if up_to_date is None:
            errors["up_to_date"] = "Select whether the child's immunisations are up to date"
    elif up_to_date is not None:
        errors["up_to_date"] = "Only an immunisations review says whether they are up to date"
    if errors:
        raise ValidationError(errors)
    period = _looked_after_on(child, done_on, "done_on", "a health check")
    age = age_on(child, done_on)
    if kind == HealthCheckKind.DEVELOPMENT and age is not None and age >= DEVELOPMENT_CHECK_UNDER:
        # 903 rules 545/546: health promotion (development) information is for under-5s.
        raise ValidationError(
            {"kind": "Development checks are for children under 5: record a health assessment"}
        )
    if kind == HealthCheckKind.INITIAL_ASSESSMENT:
        # CPPCR 2010 reg 7: one initial assessment when the child starts to be looked
        # after; the later ones are reviews of it.
        earlier = HealthCheck.objects.filter(
            child=child, kind=HealthCheckKind.INITIAL_ASSESSMENT, done_on__gte=period.start_date
        ).first()
        if earlier is not None:
            raise ValidationError(
                {
                    "kind": "An initial health assessment is already recorded for this period "
                    f"of care, on {long_date(earlier.done_on)}: record a review health "
                    "assessment"
                }
            )
    return HealthCheck.objects.create(
        child=child,
        kind=kind,
        done_on=done_on,
        up_to_date=up_to_date if kind == HealthCheckKind.IMMUNISATIONS else None,
        notes=(notes or "").strip(),
        recorded_by=actor,
    )


@transaction.atomic
def sdq_record(
    *,
    actor: User,
    child: Person,
    completed_on: dt.date,
    score: int | None = None,
    reason: str = "",
) -> SDQScore:
    """A Strengths and Difficulties Questionnaire score, or the reason there is none."""
    errors: dict[str, str] = {}
    _check_day(errors, "completed_on", child, completed_on, "of the questionnaire")
    reason = reason or ""
    if score is None and not reason:
        errors["score"] = "Enter the SDQ score, or select why there is no score"
    elif score is not None and reason:
        # 903 rule 197a: a score, or a reason for none, never both.
        errors["reason"] = "Give the score or a reason for no score, not both"
    elif score is not None and not 0 <= score <= SDQ_MAX_SCORE:
        errors["score"] = f"The SDQ score must be between 0 and {SDQ_MAX_SCORE}"  # 903 rule 180
    elif reason and reason not in SDQReason.values:
        errors["reason"] = "Select why there is no score"  # 903 rule 196
    if errors:
        raise ValidationError(errors)
    _looked_after_on(child, completed_on, "completed_on", "an SDQ")
    age = age_on(child, completed_on)
    if (
        reason == SDQReason.UNDER_FOUR_OR_OVER_16
        and age is not None
        and SDQ_FROM_AGE <= age < SDQ_UNTIL_AGE
    ):
        # 903 rule 157: SDQ1 (under 4 or over 16) is wrong for a child aged 4 to 16.
        raise ValidationError(
            {
                "reason": f"{child.full_name} was {age} on {long_date(completed_on)}: "
                "the under 4 or over 16 reason does not apply. Select another reason"
            }
        )
    return SDQScore.objects.create(
        child=child, completed_on=completed_on, score=score, reason=reason, recorded_by=actor
    )


@transaction.atomic
def conviction_record(
    *, actor: User, child: Person, convicted_on: dt.date, description: str
) -> Conviction:
    """A conviction, final warning, reprimand or youth caution (903 OC2 CONVICTED)."""
    description = (description or "").strip()
    errors: dict[str, str] = {}
    if _check_day(errors, "convicted_on", child, convicted_on, "of the conviction or caution"):
        age = age_on(child, convicted_on)
        if age is not None and age < AGE_OF_CRIMINAL_RESPONSIBILITY:
            # CYPA 1933 s.50; 903 rule 542: no conviction information under 10.
            errors["convicted_on"] = (
                "A child under 10 cannot be convicted or cautioned: check the date"
            )
    if not description:
        errors["description"] = "Enter the offence and the outcome"
    if errors:
        raise ValidationError(errors)
    _looked_after_on(child, convicted_on, "convicted_on", "a conviction")
    return Conviction.objects.create(
        child=child, convicted_on=convicted_on, description=description, recorded_by=actor
    )


@transaction.atomic
def substance_misuse_record(
    *,
    actor: User,
    child: Person,
    identified_on: dt.date,
    intervention_offered: bool,
    intervention_received: bool,
    notes: str = "",
) -> SubstanceMisuse:
    """A substance misuse problem identified, with the intervention offered and received
    (903 OC2 SUBSTANCE_MISUSE, INTERVENTION_OFFERED, INTERVENTION_RECEIVED)."""
    errors: dict[str, str] = {}
    _check_day(errors, "identified_on", child, identified_on, "the problem was identified")
    if intervention_offered is None:
        errors["intervention_offered"] = "Select whether an intervention was offered"
    if intervention_received is None:
        errors["intervention_received"] = "Select whether the child received an intervention"
    elif intervention_received and intervention_offered is False:
        # 903 rules 158/159: an intervention received was offered.
        errors["intervention_received"] = (
            "An intervention the child received was offered to them: change one answer"
        )
    if errors:
        raise ValidationError(errors)
    _looked_after_on(child, identified_on, "identified_on", "substance misuse")
    return SubstanceMisuse.objects.create(
        child=child,
        identified_on=identified_on,
        intervention_offered=bool(intervention_offered),
        intervention_received=bool(intervention_received),
        notes=(notes or "").strip(),
        recorded_by=actor,
    )


# --- missing and away from placement (903 Missing) -----------------------------------------


def _overlapping(
    child_id: int, start: dt.date, end: dt.date | None, exclude: int | None = None
) -> MissingEpisode | None:
    """903 rule 574: missing episodes never overlap, and a new one cannot start while
    another is open. One may start the day the last ended."""
    others = MissingEpisode.objects.filter(child_id=child_id)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    # The validator sorts a child's episodes by end (an open one by its start) and flags
    # an episode starting before the one sorted ahead of it ends, or after an open one.
    if end is None:
        clash = Q(ended_on__isnull=True) | Q(ended_on__gt=start)
    else:
        clash = (Q(ended_on__isnull=True) & (Q(started_on__lt=end) | Q(started_on__lte=start))) | (
            Q(ended_on__gt=start) & Q(started_on__lt=end)
        )
    return others.filter(clash).order_by("started_on").first()


def _check_episode_dates(
    child: Person,
    start: dt.date,
    end: dt.date | None,
    period: CarePeriod,
    *,
    exclude: int | None = None,
) -> None:
    if period.end_date is not None and end is None:
        # 903 rules 575/577: once the care period is over, the missing episode has ended.
        raise ValidationError(
            {
                "ended_on": f"{child.full_name} stopped being looked after on "
                f"{long_date(period.end_date)}: enter the date they came back"
            }
        )
    if end is not None and period.end_date is not None and end > period.end_date:
        # 903 rule 577: the episode ends inside the period of care it began in.
        raise ValidationError(
            {
                "ended_on": "The date they came back must be on or before the day they "
                f"stopped being looked after, {long_date(period.end_date)}"
            }
        )
    if end is None:
        # 903 rule 575: if the placement the child went missing from has ended, the
        # missing episode must have an end date.
        moved = (
            CareEpisode.objects.filter(
                child_id=child.pk, start_date__lte=start, end_date__gte=start
            )
            .order_by("-end_date")
            .first()
        )
        if moved is not None:
            raise ValidationError(
                {
                    "ended_on": f"The placement {child.full_name} went missing from ended on "
                    f"{long_date(moved.end_date)}: enter the date they came back"  # type: ignore[arg-type]
                }
            )
    clash = _overlapping(child.pk, start, end, exclude=exclude)
    if clash is not None:
        when = (
            f"from {long_date(clash.started_on)} to {long_date(clash.ended_on)}"
            if clash.ended_on
            else f"since {long_date(clash.started_on)}, not yet back"
        )
        raise ValidationError(
            {"started_on": f"This overlaps another time missing or away ({when}): check the dates"}
        )


@transaction.atomic
def missing_record(
    *,
    actor: User,
    child: Person,
    kind: str,
    started_on: dt.date,
    ended_on: dt.date | None = None,
    notes: str = "",
) -> MissingEpisode:
    """The child went missing, or was away from placement without authorisation."""
    errors: dict[str, str] = {}
    if kind not in MissingKind.values:
        errors["kind"] = "Select whether the child was missing or away"  # 903 rule 565
    if (
        _check_day(errors, "started_on", child, started_on, "they went missing")
        and child.date_of_birth is not None
        and started_on <= child.date_of_birth
    ):
        # 903 rule 586: missing after the date of birth.
        errors["started_on"] = "The date they went missing must be after the date of birth"
    if ended_on is not None:
        _check_day(errors, "ended_on", child, ended_on, "they came back")
        if started_on is not None and ended_on < started_on:
            # 903 rule 567: the end is not before the start.
            errors["ended_on"] = "The date they came back must be on or after the date they went"
    if errors:
        raise ValidationError(errors)
    period = period_on(child.pk, started_on)
    if period is None:
        # 903 rules 578/581: missing episodes start inside a period of care.
        raise ValidationError(
            {
                "started_on": f"{child.full_name} was not looked after on "
                f"{long_date(started_on)}: record a missing episode for a day the child "
                "was looked after"
            }
        )
    _check_episode_dates(child, started_on, ended_on, period)
    return MissingEpisode.objects.create(
        child=child,
        kind=kind,
        started_on=started_on,
        ended_on=ended_on,
        notes=(notes or "").strip(),
        recorded_by=actor,
    )


def rhi_offered_late(episode: MissingEpisode, today: dt.date | None = None) -> bool:
    """DfE guidance (2014): the return home interview is offered within 72 hours of the
    return. Late when it was offered after that, or is still not offered after it."""
    if episode.ended_on is None:
        return False
    due = episode.ended_on + dt.timedelta(days=RHI_DAYS)
    if episode.rhi_offered_on is not None:
        return episode.rhi_offered_on > due
    return (today or timezone.localdate()) > due


@transaction.atomic
def missing_return(
    *,
    actor: User,
    episode: MissingEpisode,
    ended_on: dt.date,
    rhi_offered_on: dt.date | None = None,
    rhi_accepted: bool | None = None,
) -> MissingEpisode:
    """The child came back; the return home interview offered and whether they accepted.
    May be called again to add the interview once offered. An interview offered after
    72 hours is recorded and flagged (``rhi_offered_late``), never refused."""
    child = episode.child
    errors: dict[str, str] = {}
    if (
        _check_day(errors, "ended_on", child, ended_on, "they came back")
        and ended_on < episode.started_on
    ):
        # 903 rule 567: the end is not before the start.
        errors["ended_on"] = (
            "The date they came back must be on or after the date they went, "
            f"{long_date(episode.started_on)}"
        )
    if rhi_offered_on is not None:
        if rhi_offered_on > timezone.localdate():
            errors["rhi_offered_on"] = "The date the interview was offered must be today or past"
        elif ended_on is not None and rhi_offered_on < ended_on:
            errors["rhi_offered_on"] = (
                "The interview is offered after the child came back: check the date"
            )
    elif rhi_accepted is not None:
        errors["rhi_accepted"] = "Enter the date the interview was offered first"
    if errors:
        raise ValidationError(errors)
    period = period_on(child.pk, episode.started_on)
    if period is not None:
        _check_episode_dates(child, episode.started_on, ended_on, period, exclude=episode.pk)
    episode.ended_on = ended_on
    episode.rhi_offered_on = rhi_offered_on
    episode.rhi_accepted = rhi_accepted if rhi_offered_on is not None else None
    episode.save(update_fields=["ended_on", "rhi_offered_on", "rhi_accepted"])
    episode.rhi_late = rhi_offered_late(episode)  # type: ignore[attr-defined]
    return episode
