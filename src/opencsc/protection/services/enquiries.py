"""Strategy discussions and the section 47 enquiries they start (WT2023 ch.3; CIN census
Section47)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from opencsc.core.concurrency import save_versioned
from opencsc.core.working_days import icpc_due
from opencsc.protection.models import (
    S47_DECISIONS,
    STRATEGY_MINIMUM,
    EnquiryOutcome,
    Section47Enquiry,
    StrategyAction,
    StrategyDecision,
    StrategyDiscussion,
    StrategyKind,
    StrategyParticipant,
)
from opencsc.protection.services._common import (
    aware,
    clean_people,
    clean_text,
    format_date,
    london_date,
    refuse_unless_episode_open,
    today,
)

if TYPE_CHECKING:
    from opencsc.accounts.models import User
    from opencsc.casework.models import CINEpisode

OWNER_MAX = 120


def is_quorate(agencies: Iterable[str]) -> bool:
    """WT2023 ch.3: children's social care, police and health take part at least."""
    present = set(agencies)
    return all(agency in present for agency in STRATEGY_MINIMUM)


def missing_agencies(agencies: Iterable[str]) -> list[str]:
    """The statutory minimum agencies absent from a discussion, by name."""
    present = set(agencies)
    return [str(agency.label) for agency in STRATEGY_MINIMUM if agency not in present]


def _clean_actions(
    actions: Iterable[Sequence[Any]], held_on: dt.date
) -> tuple[list[tuple[str, str, dt.date]], list[str]]:
    cleaned: list[tuple[str, str, dt.date]] = []
    messages: list[str] = []
    for n, row in enumerate(actions, start=1):
        before = len(messages)
        values = [*row, None, None, None][:3]
        action, owner, due = clean_text(values[0]), clean_text(values[1]), values[2]
        if not action:
            messages.append(f"Action {n}: enter what will be done")
        if not owner:
            messages.append(f"Action {n}: enter who will do it, and their agency")
        elif len(owner) > OWNER_MAX:
            messages.append(f"Action {n}: who will do it must be {OWNER_MAX} characters or fewer")
        if not isinstance(due, dt.date):
            messages.append(f"Action {n}: enter the date it is due")
        elif due < held_on:
            messages.append(
                f"Action {n}: the due date must be the same as or after the discussion "
                f"({format_date(held_on)})"
            )
        if len(messages) == before:
            cleaned.append((action, owner, due))  # type: ignore[arg-type]
    return cleaned, messages


def _awaiting_conference(enquiry: Section47Enquiry) -> bool:
    """Open, or concluded for a conference that has not been held yet: either way the
    census counts it as ongoing (CIN census 8839, 8890)."""
    if enquiry.completed_on is None:
        return True
    return enquiry.outcome == EnquiryOutcome.ICPC and not _has_conference(enquiry)


def _has_conference(enquiry: Section47Enquiry) -> bool:
    try:
        enquiry.conference  # noqa: B018 (select_related, so no query)
    except Section47Enquiry.conference.RelatedObjectDoesNotExist:  # type: ignore[attr-defined]
        return False
    return True


def _check_new_enquiry_start(
    started: dt.date, earlier: list[Section47Enquiry], episode_id: int
) -> str | None:
    """CIN census 8890: a new enquiry cannot start on or before the initial conference of
    an earlier one in the same episode; and never before an earlier one was completed."""
    for previous in earlier:
        if previous.completed_on and started < previous.completed_on:
            return (
                "A new section 47 enquiry cannot start before the previous one was completed "
                f"({format_date(previous.completed_on)})"
            )
        if previous.episode_id == episode_id and _has_conference(previous):
            held_on = previous.conference.held_on
            if started <= held_on:
                return (
                    "A new section 47 enquiry must start after the initial conference of the "
                    f"previous one ({format_date(held_on)}) (CIN census 8890)"
                )
    return None


def _transferred_plan_ended(episode: CINEpisode) -> str | None:
    """CIN census 2885: in an episode with a section 47 enquiry, every child protection
    plan must start on the day of an enquiry's initial conference. A plan that came from
    another authority's transfer-in conference has none, so once it has ended a new
    enquiry belongs to a new referral. (While it is open, an enquiry is reported as not
    needing a conference and the rule does not apply.)"""
    from opencsc.protection.models import ChildProtectionPlan, ConferenceKind

    ended = ChildProtectionPlan.objects.filter(
        episode=episode,
        conference__kind=ConferenceKind.TRANSFER_IN,
        end_date__isnull=False,
    ).exists()
    if ended:
        return (
            "This referral's child protection plan came from another authority's transfer-in "
            "conference and has ended: close this referral and record a new one before a new "
            "section 47 enquiry (CIN census 2885)"
        )
    return None


@transaction.atomic
def strategy_discussion_record(
    *,
    actor: User,
    episode: CINEpisode,
    held_at: dt.datetime,
    kind: str,
    participants: Iterable[Sequence[Any]],
    information_shared: str,
    decision: str,
    rationale: str,
    actions: Iterable[Sequence[Any]] = (),
) -> StrategyDiscussion:
    """Record a strategy discussion or meeting, who took part, the decision and actions.

    A discussion held while the child has an enquiry under way (open, or awaiting its
    initial conference) joins it, and moves the conference target to 15 working days
    from this, the latest, discussion (WT2023 ch.3). Otherwise a section 47 decision
    starts an enquiry on the day of the discussion. A discussion without children's
    social care, police and health is recorded but stored as not quorate, and flagged.
    """
    refuse_unless_episode_open(episode)
    errors: dict[str, str] = {}
    if kind not in StrategyKind.values:
        errors["kind"] = "Select whether it was a strategy discussion or a strategy meeting"
    if decision not in StrategyDecision.values:
        errors["decision"] = "Select the decision of the strategy discussion"
    information_shared, rationale = clean_text(information_shared), clean_text(rationale)
    if not information_shared:
        errors["information_shared"] = "Enter the information shared by each agency"
    if not rationale:
        errors["rationale"] = "Enter the reasons for the decision"
    held_on = None
    if not isinstance(held_at, dt.datetime):
        errors["held_at"] = "Enter the date and time of the strategy discussion"
    else:
        held_at = aware(held_at)
        held_on = london_date(held_at)
        if held_at > timezone.now():
            errors["held_at"] = (
                "Date and time of the strategy discussion must be now or in the past"
            )
        elif held_on < episode.referral_date:
            # CIN census 2889: a section 47 enquiry cannot start before the referral.
            errors["held_at"] = (
                "Date of the strategy discussion must be the same as or after the referral "
                f"date ({format_date(episode.referral_date)}) (CIN census 2889)"
            )
    people, people_errors = clean_people(participants, what="Participant", width=3)
    if not people and not people_errors:
        people_errors.append(
            "Add who took part: at least children's social care, police and health (WT2023 ch.3)"
        )
    if people_errors:
        errors["participants"] = "; ".join(people_errors)
    todo, action_errors = _clean_actions(actions, held_on or today())
    if action_errors:
        errors["actions"] = "; ".join(action_errors)
    if errors:
        raise ValidationError(errors)
    assert held_on is not None

    enquiries = list(
        Section47Enquiry.objects.filter(child_id=episode.child_id)
        .select_related("conference")
        .order_by("start_date", "pk")
    )
    current = next((e for e in enquiries if _awaiting_conference(e)), None)
    enquiry: Section47Enquiry | None = None
    if current is not None:
        if current.episode_id != episode.pk:
            raise ValidationError(
                "The child's section 47 enquiry under way belongs to another referral: "
                "complete it there first."
            )
        if held_on < current.start_date:
            raise ValidationError(
                {
                    "held_at": "A discussion within the section 47 enquiry must be the same as "
                    f"or after the day it started ({format_date(current.start_date)})"
                }
            )
        # WT2023 ch.3: the conference is due 15 working days from the LAST discussion.
        target = max(current.conference_target_date, icpc_due(held_on))
        if target != current.conference_target_date:
            # The target is a derived deadline, not anything a person typed, so moving
            # it does not bump the version (no edit in progress can be lost).
            Section47Enquiry.objects.filter(pk=current.pk).update(conference_target_date=target)
            current.conference_target_date = target
        enquiry = current
    elif decision in S47_DECISIONS:
        problem = _check_new_enquiry_start(
            held_on, enquiries, episode.pk
        ) or _transferred_plan_ended(episode)
        if problem:
            raise ValidationError({"held_at": problem})
        enquiry = Section47Enquiry.objects.create(
            child_id=episode.child_id,
            episode=episode,
            start_date=held_on,
            joint_with_police=decision == StrategyDecision.S47_JOINT,
            conference_target_date=icpc_due(held_on),
            worker_id=_allocated_worker_id(episode.child_id),
        )

    discussion = StrategyDiscussion.objects.create(
        child_id=episode.child_id,
        episode=episode,
        enquiry=enquiry,
        kind=kind,
        held_at=held_at,
        information_shared=information_shared,
        decision=decision,
        rationale=rationale,
        quorate=is_quorate(p[0] for p in people),
        recorded_by=actor,
    )
    StrategyParticipant.objects.bulk_create(
        StrategyParticipant(discussion=discussion, agency=a, name=n, role=r) for a, n, r in people
    )
    if todo:
        StrategyAction.objects.bulk_create(
            StrategyAction(discussion=discussion, action=a, owner=o, due_date=d) for a, o, d in todo
        )
    return discussion


def _allocated_worker_id(child_id: int) -> int | None:
    from opencsc.casework.models import Allocation, AllocationRole

    return (
        Allocation.objects.filter(
            child_id=child_id, role=AllocationRole.PRIMARY, end_date__isnull=True
        )
        .values_list("worker_id", flat=True)
        .first()
    )


def _refuse_unless_open(enquiry: Section47Enquiry) -> None:
    if enquiry.completed_on is not None:
        raise ValidationError(
            f"This enquiry was completed on {format_date(enquiry.completed_on)}: "
            "it cannot be changed now."
        )


def _seen_on_error(seen_on: dt.date, enquiry: Section47Enquiry) -> str | None:
    if seen_on > today():
        return "Date the child was seen must be today or in the past"
    if seen_on < enquiry.start_date:
        return (
            "Date the child was seen must be the same as or after the start of the enquiry "
            f"({format_date(enquiry.start_date)})"
        )
    return None


@transaction.atomic
def enquiry_update(
    *,
    actor: User,
    enquiry: Section47Enquiry,
    expected_version: int,
    child_seen_on: dt.date | None = None,
    seen_alone: bool | None = None,
    findings: str | None = None,
) -> Section47Enquiry:
    """Record when the child was seen (and whether alone) and the findings so far.

    ``None`` leaves a value as it is. Raises ``StaleEditError`` if someone saved the
    enquiry since ``expected_version``.
    """
    _refuse_unless_open(enquiry)
    fields: dict[str, Any] = {}
    errors: dict[str, str] = {}
    if child_seen_on is not None:
        if problem := _seen_on_error(child_seen_on, enquiry):
            errors["child_seen_on"] = problem
        fields["child_seen_on"] = child_seen_on
    if seen_alone is not None:
        # WT2023 ch.3: the child is seen alone, if appropriate, during the enquiry.
        if seen_alone and not (child_seen_on or enquiry.child_seen_on):
            errors["child_seen_on"] = "Enter the date the child was seen"
        fields["seen_alone"] = bool(seen_alone)
    if findings is not None:
        fields["findings"] = clean_text(findings)
    if errors:
        raise ValidationError(errors)
    if not fields:
        return enquiry
    return save_versioned(enquiry, expected_version=expected_version, fields=fields)


@transaction.atomic
def enquiry_complete(
    *,
    actor: User,
    enquiry: Section47Enquiry,
    expected_version: int,
    completed_on: dt.date,
    outcome: str,
    reason: str = "",
) -> Section47Enquiry:
    """Conclude the enquiry: to an initial conference, a child in need plan or no further
    action. Without a conference, the reason is recorded (CIN census ICPCnotRequired)."""
    _refuse_unless_open(enquiry)
    errors: dict[str, str] = {}
    reason = clean_text(reason)
    if enquiry.child_seen_on is None:
        # WT2023 ch.3: the child is seen as part of every section 47 enquiry.
        errors["child_seen_on"] = (
            "Record the date the child was seen before completing the enquiry (WT2023 ch.3)"
        )
    if outcome not in EnquiryOutcome.values:
        errors["outcome"] = "Select the outcome of the enquiry"
    elif outcome != EnquiryOutcome.ICPC and not reason:
        errors["reason"] = (
            "Enter why no initial child protection conference is needed "
            "(CIN census: initial conference not required)"
        )
    if not isinstance(completed_on, dt.date):
        errors["completed_on"] = "Enter the date the enquiry was completed"
    elif completed_on > today():
        errors["completed_on"] = "Date the enquiry was completed must be today or in the past"
    elif completed_on < enquiry.start_date:
        errors["completed_on"] = (
            "Date the enquiry was completed must be the same as or after its start "
            f"({format_date(enquiry.start_date)})"
        )
    elif enquiry.child_seen_on and completed_on < enquiry.child_seen_on:
        errors["completed_on"] = (
            "Date the enquiry was completed must be the same as or after the child was seen "
            f"({format_date(enquiry.child_seen_on)})"
        )
    if errors:
        raise ValidationError(errors)
    not_required = outcome != EnquiryOutcome.ICPC
    return save_versioned(
        enquiry,
        expected_version=expected_version,
        fields={
            "completed_on": completed_on,
            "outcome": outcome,
            # CIN census 8868: an enquiry without a conference says it was not required;
            # one leading to a conference must not.
            "conference_not_required": not_required,
            "conference_not_required_reason": reason if not_required else "",
        },
    )
