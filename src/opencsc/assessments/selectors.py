"""Reads of assessments: scoped fetches for views, and the updated-assessment prompt."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import DateTimeField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from opencsc.accounts.access import child_for_user
from opencsc.assessments.models import (
    Assessment,
    AssessmentStatus,
    AssessmentTransition,
    ReviewAction,
)
from opencsc.core.working_days import working_days_remaining

if TYPE_CHECKING:
    from opencsc.accounts.models import User
    from opencsc.casework.models import CINEpisode, CircumstanceChange
    from opencsc.people.models import Person

UPDATE_PROMPT = (
    "Circumstances changed since the assessment was authorised: start an updated assessment"
)

# Newest first: an updated assessment starts on or after the one it updates was authorised.
LATEST_FIRST = ("-start_date", "-created_at", "-pk")


def assessment_for_user(user: User, pk: int, *, write: bool = False) -> Assessment:
    """An assessment whose child this user may see (or change), else 404 for both cases."""
    assessment = (
        Assessment.objects.select_related("episode", "worker", "authorised_by", "updates")
        .filter(pk=pk)
        .first()
    )
    if assessment is None:
        raise Http404("No such record")
    # Fetch the child through the access function: 404 when it is not theirs.
    assessment.child = child_for_user(user, assessment.child_id, write=write)
    return assessment


def episode_for_user(user: User, pk: int, *, write: bool = False) -> CINEpisode:
    from opencsc.casework.models import CINEpisode

    episode = CINEpisode.objects.filter(pk=pk).first()
    if episode is None:
        raise Http404("No such record")
    episode.child = child_for_user(user, episode.child_id, write=write)
    return episode


def latest_assessment(child: Person | int) -> Assessment | None:
    child_id = child if isinstance(child, int) else child.pk
    return Assessment.objects.filter(child_id=child_id).order_by(*LATEST_FIRST).first()


def is_overdue(assessment: Assessment, today: dt.date) -> bool:
    return assessment.is_open and today > assessment.due_date


def days_remaining(assessment: Assessment, today: dt.date) -> int | None:
    """Working days until the due date (negative when overdue); None once authorised."""
    if not assessment.is_open:
        return None
    return working_days_remaining(assessment.due_date, today)


@dataclass(frozen=True)
class UpdatePrompt:
    """A child whose circumstances changed after their latest assessment was authorised."""

    child_id: int
    previous_id: int  # the authorised assessment to update
    change_id: int  # the latest change recorded since it was authorised
    change_occurred_on: dt.date
    message: str = UPDATE_PROMPT


def updated_assessment_prompts(child_ids: Iterable[int]) -> dict[int, UpdatePrompt]:
    """Children (of ``child_ids``) whose latest assessment is authorised, whose episode is
    still open, and who have a change of circumstances recorded since the authorisation.

    One query whatever the number of children, for worklists.
    """
    from opencsc.casework.models import CircumstanceChange
    from opencsc.people.models import Person

    ids = list(child_ids)
    if not ids:
        return {}
    # When it was authorised: the authorising transition (every authorisation through the
    # service writes one); failing that, the last save, as an authorised assessment is final.
    authorised_at = Coalesce(
        Subquery(
            AssessmentTransition.objects.filter(
                assessment=OuterRef("pk"), action=ReviewAction.AUTHORISED
            )
            .order_by("-at")
            .values("at")[:1]
        ),
        "updated_at",
        output_field=DateTimeField(),
    )
    latest = (
        Assessment.objects.filter(child=OuterRef("pk"))
        .annotate(authorised_at=authorised_at)
        .order_by(*LATEST_FIRST)
    )
    changes = CircumstanceChange.objects.filter(
        child=OuterRef("pk"), recorded_at__gt=OuterRef("latest_authorised_at")
    ).order_by("-recorded_at", "-pk")
    rows = (
        Person.objects.filter(pk__in=ids)
        .annotate(
            latest_id=Subquery(latest.values("pk")[:1]),
            latest_status=Subquery(latest.values("status")[:1]),
            latest_episode_closed=Subquery(latest.values("episode__closure_date")[:1]),
            latest_authorised_at=Subquery(latest.values("authorised_at")[:1]),
        )
        .filter(
            latest_status=AssessmentStatus.AUTHORISED,
            latest_episode_closed__isnull=True,
        )
        .annotate(
            change_id=Subquery(changes.values("pk")[:1]),
            change_on=Subquery(changes.values("occurred_on")[:1]),
        )
        .filter(change_id__isnull=False)
        .values_list("pk", "latest_id", "change_id", "change_on")
    )
    return {
        pk: UpdatePrompt(child_id=pk, previous_id=prev, change_id=change, change_occurred_on=on)
        for pk, prev, change, on in rows
    }


def needs_updated_assessment(child: Person | int) -> UpdatePrompt | None:
    """The prompt for one child's record, or None (one query)."""
    child_id = child if isinstance(child, int) else child.pk
    return updated_assessment_prompts([child_id]).get(child_id)


def prompt_change(prompt: UpdatePrompt) -> CircumstanceChange:
    """The change of circumstances a prompt is about (scoped to the prompt's child)."""
    from opencsc.casework.models import CircumstanceChange

    return CircumstanceChange.objects.filter(child_id=prompt.child_id).get(pk=prompt.change_id)
