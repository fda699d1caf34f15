"""Building child protection records through the services, as the pages and the
synthetic authority do."""

from __future__ import annotations

import datetime as dt
from typing import Any

from opencsc.protection import services
from opencsc.protection.models import StrategyDecision
from tests.protection.conftest import FIRST_DISCUSSION, ICPC_DAY

QUORATE = [
    ("social_care", "Sam Social", "Social worker"),
    ("police", "Pat Police", "Detective constable"),
    ("health", "Hal Health", "Named nurse"),
]


def discussion(actor: Any, episode: Any, **overrides: Any):  # type: ignore[no-untyped-def]
    fields: dict[str, Any] = {
        "held_at": FIRST_DISCUSSION,
        "kind": "discussion",
        "participants": QUORATE,
        "information_shared": "School reported bruising; police hold no record; GP saw the child.",
        "decision": StrategyDecision.S47_JOINT,
        "rationale": "Reasonable cause to suspect significant harm.",
    }
    fields.update(overrides)
    return services.strategy_discussion_record(actor=actor, episode=episode, **fields)


def enquiry_done(actor: Any, episode: Any, *, outcome: str = "icpc", reason: str = ""):  # type: ignore[no-untyped-def]
    """A joint enquiry from a quorate discussion, child seen, concluded for a conference."""
    enquiry = discussion(actor, episode).enquiry
    seen_on = enquiry.start_date + dt.timedelta(days=1)
    enquiry = services.enquiry_update(
        actor=actor,
        enquiry=enquiry,
        expected_version=enquiry.version,
        child_seen_on=seen_on,
        seen_alone=True,
        findings="Injuries consistent with the account given by the child.",
    )
    return services.enquiry_complete(
        actor=actor,
        enquiry=enquiry,
        expected_version=enquiry.version,
        completed_on=seen_on + dt.timedelta(days=6),
        outcome=outcome,
        reason=reason,
    )


def initial_conference(  # type: ignore[no-untyped-def]
    actor: Any, episode: Any, chair: Any, *, held_on: dt.date = ICPC_DAY, **overrides: Any
):
    enquiry = overrides.pop("enquiry", None) or enquiry_done(actor, episode)
    fields: dict[str, Any] = {
        "kind": "initial",
        "held_on": held_on,
        "chair": chair,
        "plan_required": True,
        "category": "NEG",
        "attendees": [("social_care", "Sam Social", "Social worker", True)],
        "summary": "The child is at continuing risk of significant harm through neglect.",
        "enquiry": enquiry,
    }
    fields.update(overrides)
    return services.conference_record(actor=actor, episode=episode, **fields)


def plan_for(actor: Any, episode: Any, chair: Any, **overrides: Any):  # type: ignore[no-untyped-def]
    conference = initial_conference(actor, episode, chair, **overrides)
    return conference.started_plan


def review(actor: Any, plan: Any, chair: Any, held_on: dt.date, **overrides: Any):  # type: ignore[no-untyped-def]
    fields: dict[str, Any] = {
        "kind": "review",
        "held_on": held_on,
        "chair": chair,
        "plan_required": True,
        "plan": plan,
    }
    fields.update(overrides)
    return services.conference_record(actor=actor, episode=plan.episode, **fields)
