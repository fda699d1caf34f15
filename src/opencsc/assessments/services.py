"""Every write to a children and families assessment, from start to authorisation.

The workflow map ``TRANSITIONS`` in ``assessments.models`` is the only path an assessment
takes; each move writes one ``AssessmentTransition`` row (who, when, the manager's
comments) and bumps the version, so a form opened before the move is refused as stale.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from opencsc.accounts.access import is_manager_of_child
from opencsc.assessments.models import (
    TRANSITIONS,
    Assessment,
    AssessmentStatus,
    AssessmentTransition,
    ChildSeen,
    ReviewAction,
)
from opencsc.core.codes import AssessmentFactor, AssessmentOutcome
from opencsc.core.concurrency import save_versioned
from opencsc.core.working_days import assessment_due

if TYPE_CHECKING:
    from opencsc.accounts.models import User
    from opencsc.casework.models import CINEpisode, CircumstanceChange
    from opencsc.people.models import Person

# The worker may change the content while the assessment is with them, not while their
# manager is reviewing it (submitted) and never after authorisation.
EDITABLE = frozenset({AssessmentStatus.IN_PROGRESS, AssessmentStatus.RETURNED})

NO_FACTORS = AssessmentFactor.NO_FACTORS.value
FACTOR_CODES = frozenset(AssessmentFactor.values)
OUTCOME_CODES = frozenset(AssessmentOutcome.values)


def format_date(value: dt.date) -> str:
    """3 March 2026, as GOV.UK writes dates in messages."""
    return f"{value.day} {value:%B %Y}"


def _today() -> dt.date:
    return timezone.localdate()


def allocated_worker_id(child: Person | int) -> int | None:
    """The worker on the child's open primary allocation, if any."""
    from opencsc.casework.models import Allocation, AllocationRole

    child_id = child if isinstance(child, int) else child.pk
    return (
        Allocation.objects.filter(
            child_id=child_id, role=AllocationRole.PRIMARY, end_date__isnull=True
        )
        .values_list("worker_id", flat=True)
        .first()
    )


def _open_assessment_on(episode_id: int) -> Assessment | None:
    return (
        Assessment.objects.filter(episode_id=episode_id)
        .exclude(status=AssessmentStatus.AUTHORISED)
        .first()
    )


def _check_start_date(
    start_date: dt.date, *, earliest: dt.date, earliest_text: str
) -> dict[str, str]:
    if start_date > _today():
        return {"start_date": "Start date must be today or in the past"}
    if start_date < earliest:
        return {
            "start_date": f"Start date must be the same as or after {earliest_text} "
            f"({format_date(earliest)})"
        }
    return {}


def _refuse_second_open_assessment(episode: CINEpisode) -> None:
    # CIN census 8863Q/8896 (and the one_open_assessment constraint): one open assessment
    # per episode. Say so plainly before the database would.
    existing = _open_assessment_on(episode.pk)
    if existing is not None:
        raise ValidationError(
            f"This referral already has an open assessment, started on "
            f"{format_date(existing.start_date)}. Finish and authorise it before starting another."
        )


@transaction.atomic
def assessment_start(
    *, actor: User, episode: CINEpisode, start_date: dt.date, worker: User | None = None
) -> Assessment:
    """Start the children and families assessment of a referral.

    WT2023 ch.3: the assessment concludes within 45 working days of the referral, so the
    due date is counted from the referral date, not from the start date.
    """
    if not episode.is_open:
        raise ValidationError(
            "This referral's episode is closed: an assessment cannot start after closure."
        )
    if episode.referral_nfa:
        # CIN census 8831: a referral marked "no further action" carries no assessment.
        raise ValidationError(
            "This referral was closed with no further action: an assessment cannot start on "
            "it (CIN census 8831). Record a new referral if the child needs assessing."
        )
    # CIN census 1103: the assessment cannot start before the referral.
    errors = _check_start_date(
        start_date, earliest=episode.referral_date, earliest_text="the referral date"
    )
    if errors:
        raise ValidationError(errors)
    _refuse_second_open_assessment(episode)
    return Assessment.objects.create(
        episode=episode,
        child_id=episode.child_id,
        worker_id=worker.pk if worker else allocated_worker_id(episode.child_id),
        start_date=start_date,
        due_date=assessment_due(episode.referral_date),
    )


def clean_factors(factors: Iterable[str]) -> list[str]:
    """The factors as the CIN census accepts them, or a ValidationError saying what to fix."""
    factors = [str(f).strip() for f in factors]
    unknown = [f for f in factors if f not in FACTOR_CODES]
    if unknown:
        raise ValidationError(
            {"factors": f"Choose factors on the list: {', '.join(unknown)} is not one of them"}
        )
    # CIN census 8898: no factor recorded twice on one assessment.
    if len(set(factors)) != len(factors):
        raise ValidationError({"factors": "Select each factor only once"})
    # CIN census 8869: "21 No factors identified" cannot be used with any other factor.
    if NO_FACTORS in factors and len(factors) > 1:
        raise ValidationError(
            {"factors": "“No factors identified” cannot be selected with any other factor"}
        )
    return factors


def _refuse_unless_editable(assessment: Assessment) -> None:
    if assessment.status not in EDITABLE:
        label = AssessmentStatus(assessment.status).label.lower()
        raise ValidationError(
            f"This assessment is {label}: it cannot be changed now."
            + (
                " Your manager can return it to you."
                if assessment.status == AssessmentStatus.SUBMITTED
                else ""
            )
        )


@transaction.atomic
def assessment_update(
    *,
    actor: User,
    assessment: Assessment,
    expected_version: int,
    factors: Iterable[str],
    analysis: str,
    outcome: str,
) -> Assessment:
    """Save the factors, analysis and outcome (a draft may be incomplete until it is submitted).

    Raises ``StaleEditError`` if someone saved it (or moved it on) since ``expected_version``.
    """
    _refuse_unless_editable(assessment)
    cleaned = clean_factors(factors)
    outcome = (outcome or "").strip()
    if outcome and outcome not in OUTCOME_CODES:
        raise ValidationError({"outcome": "Select the outcome of the assessment"})
    # The status condition rides on the version: every transition bumps it.
    return save_versioned(
        assessment,
        expected_version=expected_version,
        fields={"factors": cleaned, "analysis": (analysis or "").strip(), "outcome": outcome},
    )


@transaction.atomic
def assessment_child_seen(
    *, actor: User, assessment: Assessment, seen_on: dt.date, seen_alone: bool, note: str = ""
) -> ChildSeen:
    """Record a date the child was seen during the assessment (Annex A list 4)."""
    if assessment.status == AssessmentStatus.AUTHORISED:
        raise ValidationError(
            "This assessment is authorised: record the visit on the child's record."
        )
    referral_date = assessment.episode.referral_date
    # The child may be seen from the referral onwards (often before the assessment formally
    # starts, e.g. on the first home visit), never in the future.
    if seen_on > _today():
        raise ValidationError({"seen_on": "Date the child was seen must be today or in the past"})
    if seen_on < referral_date:
        raise ValidationError(
            {
                "seen_on": "Date the child was seen must be the same as or after the referral "
                f"date ({format_date(referral_date)})"
            }
        )
    return ChildSeen.objects.create(
        assessment=assessment,
        seen_on=seen_on,
        seen_alone=bool(seen_alone),
        note=(note or "").strip(),
        recorded_by=actor,
    )


def missing_for_submission(assessment: Assessment) -> list[str]:
    """What must be recorded before the assessment can go to a manager, in plain words."""
    missing = []
    if not assessment.factors:
        missing.append("Record the assessment factors (or “No factors identified”)")
    if not assessment.analysis.strip():
        missing.append("Write the analysis")
    if not assessment.outcome:
        missing.append("Record the outcome of the assessment")
    # ``_lock`` reads whether there are visits with the row; anyone else asks here.
    has_visits = getattr(assessment, "has_visits", None)
    if has_visits is None:
        has_visits = assessment.visits.exists()
    if not has_visits:
        missing.append("Record at least one date the child was seen")
    return missing


def _lock(assessment: Assessment) -> Assessment:
    return (
        Assessment.objects.select_for_update()
        .select_related("episode")
        .annotate(has_visits=Exists(ChildSeen.objects.filter(assessment=OuterRef("pk"))))
        .get(pk=assessment.pk)
    )


_VERBS = {
    AssessmentStatus.SUBMITTED: "submitted",
    AssessmentStatus.RETURNED: "returned",
    AssessmentStatus.AUTHORISED: "authorised",
}


def _check_transition(locked: Assessment, to: AssessmentStatus) -> None:
    if to not in TRANSITIONS[AssessmentStatus(locked.status)]:
        label = AssessmentStatus(locked.status).label.lower()
        raise ValidationError(f"An assessment that is {label} cannot be {_VERBS[to]}.")


def _move(
    assessment: Assessment,
    locked: Assessment,
    *,
    to: AssessmentStatus,
    action: ReviewAction,
    actor: User,
    comments: str = "",
    fields: dict[str, Any] | None = None,
) -> Assessment:
    # ``locked`` is the row as it is now (read under the lock): the new values are known,
    # so ``assessment`` takes them without reading the row again.
    values: dict[str, Any] = {"status": to, "updated_at": timezone.now(), **(fields or {})}
    Assessment.objects.filter(pk=locked.pk).update(version=F("version") + 1, **values)
    AssessmentTransition.objects.create(
        assessment_id=locked.pk, action=action, by=actor, comments=comments
    )
    for field in Assessment._meta.concrete_fields:
        setattr(assessment, field.attname, getattr(locked, field.attname))
    for name, value in values.items():
        setattr(assessment, name, value)
    assessment.version = locked.version + 1
    if getattr(assessment, "_prefetched_objects_cache", None):
        assessment._prefetched_objects_cache = {}  # type: ignore[attr-defined]  # transitions changed
    return assessment


def _refuse_unless_manager(actor: User, assessment: Assessment) -> None:
    if not is_manager_of_child(actor, assessment.child_id):
        raise ValidationError("Only a manager of the child's team can review this assessment.")


@transaction.atomic
def assessment_submit(
    *, actor: User, assessment: Assessment, submitted_at: dt.datetime | None = None
) -> Assessment:
    """The worker sends the assessment to their manager for authorisation.

    ``submitted_at`` defaults to now; an earlier time records a submission made on paper
    or written up late (and lets the synthetic authority build its history here too)."""
    locked = _lock(assessment)
    _check_transition(locked, AssessmentStatus.SUBMITTED)
    now = timezone.now()
    submitted_at = submitted_at or now
    if timezone.is_naive(submitted_at):
        raise ValidationError(
            {"submitted_at": "The time the assessment was submitted must include its time zone"}
        )
    if submitted_at > now:
        raise ValidationError(
            {"submitted_at": "The time the assessment was submitted must be now or in the past"}
        )
    if timezone.localdate(submitted_at) < locked.start_date:
        raise ValidationError(
            {
                "submitted_at": "The date the assessment was submitted must be the same as or "
                f"after its start date ({format_date(locked.start_date)})"
            }
        )
    missing = missing_for_submission(locked)
    if missing:
        raise ValidationError(missing)
    return _move(
        assessment,
        locked,
        to=AssessmentStatus.SUBMITTED,
        action=ReviewAction.SUBMITTED,
        actor=actor,
        fields={"submitted_at": submitted_at},
    )


@transaction.atomic
def assessment_return(*, actor: User, assessment: Assessment, comments: str) -> Assessment:
    """The manager returns the assessment to the worker, saying what needs to change."""
    _refuse_unless_manager(actor, assessment)
    locked = _lock(assessment)
    _check_transition(locked, AssessmentStatus.RETURNED)
    comments = (comments or "").strip()
    if not comments:
        raise ValidationError({"comments": "Enter your comments: what the worker needs to change"})
    return _move(
        assessment,
        locked,
        to=AssessmentStatus.RETURNED,
        action=ReviewAction.RETURNED,
        actor=actor,
        comments=comments,
    )


@transaction.atomic
def assessment_authorise(
    *,
    actor: User,
    assessment: Assessment,
    authorised_on: dt.date | None = None,
    comments: str = "",
) -> Assessment:
    """The manager authorises the assessment: its end date in the CIN census."""
    _refuse_unless_manager(actor, assessment)
    locked = _lock(assessment)
    _check_transition(locked, AssessmentStatus.AUTHORISED)
    authorised_on = authorised_on or _today()
    if authorised_on > _today():
        raise ValidationError(
            {"authorised_on": "Date of authorisation must be today or in the past"}
        )
    # CIN census 8608: authorised on or after the start date.
    if authorised_on < locked.start_date:
        raise ValidationError(
            {
                "authorised_on": "Date of authorisation must be the same as or after the start "
                f"date ({format_date(locked.start_date)})"
            }
        )
    missing = missing_for_submission(locked)
    if missing:  # a submitted assessment is complete; this guards data written another way
        raise ValidationError(missing)
    return _move(
        assessment,
        locked,
        to=AssessmentStatus.AUTHORISED,
        action=ReviewAction.AUTHORISED,
        actor=actor,
        comments=(comments or "").strip(),
        fields={"authorised_on": authorised_on, "authorised_by_id": actor.pk},
    )


@transaction.atomic
def assessment_start_update(
    *,
    actor: User,
    previous: Assessment,
    change: CircumstanceChange,
    start_date: dt.date | None = None,
    worker: User | None = None,
) -> Assessment:
    """Start an updated assessment, prompted by a change in the child's circumstances.

    Due date: 45 working days from the START of the update. WT2023 ch.3 counts the
    45 days from the referral; an updated assessment has no new referral (the episode
    continues), and counting from the original referral would make it overdue on its
    first day. So its clock starts on the day the update starts (our decision).
    """
    from opencsc.assessments.selectors import latest_assessment

    start_date = start_date or _today()
    if previous.status != AssessmentStatus.AUTHORISED:
        raise ValidationError(
            "Only an authorised assessment can be updated: finish the current one instead."
        )
    if change.child_id != previous.child_id:
        raise ValidationError("That change of circumstances is about a different child.")
    episode = previous.episode
    if not episode.is_open:
        raise ValidationError(
            "The episode of this assessment is closed: a new concern needs a new referral."
        )
    latest = latest_assessment(previous.child_id)
    if latest is not None and latest.pk != previous.pk:
        raise ValidationError(
            f"This assessment has already been followed by another, started on "
            f"{format_date(latest.start_date)}."
        )
    # The assessment_authorised_complete constraint: an authorised assessment has its date.
    assert previous.authorised_on is not None
    errors = _check_start_date(
        start_date,
        earliest=previous.authorised_on,
        earliest_text="the date the previous assessment was authorised",
    )
    if errors:
        raise ValidationError(errors)
    _refuse_second_open_assessment(episode)
    return Assessment.objects.create(
        episode=episode,
        child_id=previous.child_id,
        worker_id=worker.pk if worker else allocated_worker_id(previous.child_id),
        start_date=start_date,
        due_date=assessment_due(start_date),
        updates=previous,
        prompted_by=change,
    )
