"""Building assessments through the services, as the web pages and the generator do."""

from __future__ import annotations

import datetime as dt

from opencsc.assessments import services
from opencsc.assessments.models import Assessment


def complete(assessment: Assessment, actor, *, factors=("16A",), seen_on: dt.date | None = None):  # type: ignore[no-untyped-def]
    """Record factors, analysis, outcome and one visit, ready to submit."""
    assessment = services.assessment_update(
        actor=actor,
        assessment=assessment,
        expected_version=assessment.version,
        factors=list(factors),
        analysis="Synthetic analysis: the child is safe with support.",
        outcome="cin_plan",
    )
    services.assessment_child_seen(
        actor=actor,
        assessment=assessment,
        seen_on=seen_on or assessment.start_date,
        seen_alone=True,
    )
    return assessment


def authorised(episode, worker, manager, *, on: dt.date | None = None) -> Assessment:  # type: ignore[no-untyped-def]
    assessment = services.assessment_start(
        actor=worker, episode=episode, start_date=episode.referral_date
    )
    complete(assessment, worker)
    services.assessment_submit(actor=worker, assessment=assessment)
    return services.assessment_authorise(actor=manager, assessment=assessment, authorised_on=on)
