"""Child protection and plan records on a child's record, as givens for the record page
tests (the rules that make them are tested in tests/protection and tests/plans)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from opencsc.plans.models import ChildInNeedPlanReview
from opencsc.protection.models import CoreGroupMeeting, StrategyDiscussion
from tests.factories import (
    ChildInNeedPlanFactory,
    ChildProtectionPlanFactory,
    ConferenceFactory,
    EmergencyPowerFactory,
    PlanActionFactory,
    Section47EnquiryFactory,
    StatutoryVisitFactory,
)

D = dt.timedelta


def discussion(child, episode, *, held_at, by, enquiry=None, decision="s47_joint", quorate=True):  # type: ignore[no-untyped-def]
    return StrategyDiscussion.objects.create(
        child=child,
        episode=episode,
        enquiry=enquiry,
        held_at=held_at,
        information_shared="School reported bruising; the GP saw the child.",
        decision=decision,
        rationale="Reasonable cause to suspect significant harm.",
        quorate=quorate,
        recorded_by=by,
    )


def protect(child, *, episode, worker, chair, rounds=2):  # type: ignore[no-untyped-def]
    """``rounds`` journeys from a strategy discussion to a child protection plan (all
    ended but the last), each with a review, a core group, an overdue action, an ended
    child in need plan with a review, a visit and an emergency power."""
    today = timezone.localdate()
    for i in range(rounds):
        start = today - D(days=60 * (rounds - i))
        last = i == rounds - 1
        enquiry = Section47EnquiryFactory(
            episode=episode,
            start_date=start,
            child_seen_on=start,
            seen_alone=True,
            completed_on=start + D(days=5),
            outcome="icpc",
        )
        discussion(
            child,
            episode,
            held_at=dt.datetime(start.year, start.month, start.day, 10, tzinfo=dt.UTC),
            by=worker,
            enquiry=enquiry,
        )
        conference = ConferenceFactory(
            episode=episode, kind="initial", enquiry=enquiry, held_on=start + D(days=7), chair=chair
        )
        plan = ChildProtectionPlanFactory(
            conference=conference,
            end_date=None if last else start + D(days=30),
            end_reason="" if last else "no_risk",
        )
        ConferenceFactory(
            episode=episode, kind="review", plan=plan, held_on=start + D(days=20), chair=chair
        )
        CoreGroupMeeting.objects.create(
            plan=plan,
            held_on=start + D(days=9),
            attendees="Social worker, school, health visitor",
            progress="Bedtimes calmer",
            recorded_by=chair,
        )
        PlanActionFactory(cp_plan=plan, cin_plan=None, by_when=today - D(days=1))
        cin = ChildInNeedPlanFactory(
            episode=episode,
            start_date=start + D(days=31),
            end_date=start + D(days=50),
            end_reason="outcomes_met",
            recorded_by=worker,
        )
        ChildInNeedPlanReview.objects.create(
            plan=cin,
            held_on=start + D(days=40),
            progress="Attendance up",
            decision="Plan continues",
            recorded_by=worker,
        )
        StatutoryVisitFactory(
            episode=episode, kind="cp", visited_on=start + D(days=12), visited_by=worker
        )
        EmergencyPowerFactory(child=child, start_date=start, recorded_by=chair)
