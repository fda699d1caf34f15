"""Cases for worklist, API and audit tests, recorded through the services practitioners use.

Shared by tests/insight, tests/api, tests/audit and tests/accounts/test_matrix.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from opencsc.accounts.models import ApiToken, Role
from opencsc.assessments.models import Assessment
from opencsc.assessments.services import (
    assessment_authorise,
    assessment_child_seen,
    assessment_start,
    assessment_submit,
    assessment_update,
)
from opencsc.casework.episodes import episode_open
from opencsc.casework.models import CINEpisode
from opencsc.casework.services import allocation_assign
from opencsc.people.models import Person
from tests.factories import PersonFactory, UserFactory


@dataclass
class Case:
    child: Person
    episode: CINEpisode | None
    assessment: Assessment | None


def open_case(
    *,
    team,
    worker=None,
    referral_date: dt.date | None = None,
    assessment: bool = True,
    child: Person | None = None,
    actor=None,
) -> Case:
    """A child allocated to ``team`` (and ``worker``), with a referral (an open CIN episode)
    on ``referral_date`` and, unless ``assessment=False``, an assessment started that day:
    due 45 working days after the referral (WT2023 ch.3)."""
    today = timezone.localdate()
    referral_date = referral_date or today - dt.timedelta(days=7)
    actor = actor or worker or UserFactory(role=Role.TEAM_MANAGER, team=team)
    child = child or PersonFactory()
    allocation_assign(
        actor=actor, child=child, team=team, worker=worker, start_date=min(referral_date, today)
    )
    episode = episode_open(
        actor=actor, child=child, referral_date=referral_date, source="6", primary_need="N1"
    )
    started = (
        assessment_start(actor=actor, episode=episode, start_date=referral_date, worker=worker)
        if assessment
        else None
    )
    return Case(child=child, episode=episode, assessment=started)


def complete(assessment: Assessment, *, actor) -> Assessment:
    """Record what a submission needs: factors, analysis, outcome, the child seen."""
    assessment_update(
        actor=actor,
        assessment=assessment,
        expected_version=assessment.version,
        factors=["1B"],
        analysis="Parent's drinking leaves the child without care in the evenings.",
        outcome="cin_plan",
    )
    assessment_child_seen(
        actor=actor,
        assessment=assessment,
        seen_on=assessment.episode.referral_date,
        seen_alone=True,
    )
    assessment.refresh_from_db()
    return assessment


def submitted(assessment: Assessment, *, worker) -> Assessment:
    complete(assessment, actor=worker)
    assessment_submit(actor=worker, assessment=assessment)
    assessment.refresh_from_db()
    return assessment


def authorised(assessment: Assessment, *, worker, manager) -> Assessment:
    submitted(assessment, worker=worker)
    assessment_authorise(actor=manager, assessment=assessment)
    assessment.refresh_from_db()
    return assessment


def token_for(user) -> str:
    """A bearer token for ``user`` (the issuing service is tested in tests/api)."""
    _, token = ApiToken.issue(user=user, name=f"test token {user.pk}")
    return token


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}
