"""A child's chronology: every significant event of their record in one timeline.

Generated from the records themselves, never typed twice: contacts, early help,
referrals and episodes, allocations and transfers, assessments and the child being
seen, strategy discussions, section 47 enquiries, conferences, child protection and
child in need plans, statutory visits, emergency powers, case notes, management
oversight, supervision, changes of circumstances, and the child's birth and death. One
query per kind of record whatever the size of the record (pinned in
tests/casework/test_chronology.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from opencsc.casework import chronology_protection as protection
from opencsc.casework import chronology_sources as sources
from opencsc.casework.events import Event, EventKind

if TYPE_CHECKING:
    from opencsc.people.models import Person

__all__ = ["Event", "EventKind", "chronology_for"]

_SOURCES: dict[str, Callable[[Person], Iterable[Event]]] = {
    EventKind.PERSON: sources.person_events,
    EventKind.CONTACT: sources.contact_events,
    EventKind.EARLY_HELP: sources.early_help_events,
    EventKind.REFERRAL: sources.episode_events,
    EventKind.ALLOCATION: sources.allocation_events,
    EventKind.NOTE: sources.note_events,
    EventKind.OVERSIGHT: sources.oversight_events,
    EventKind.SUPERVISION: sources.supervision_events,
    EventKind.CHANGE: sources.change_events,
    EventKind.PROTECTION: protection.protection_events,
    EventKind.CIN_PLAN: protection.cin_plan_events,
    EventKind.VISIT: protection.visit_events,
}


def chronology_for(child: Person, kinds: Iterable[str] | None = None) -> list[Event]:
    """Every event of the child's record (or of the chosen ``kinds``), newest first."""
    wanted = {k for k in kinds or () if k in EventKind.values} or set(EventKind.values)
    events: list[Event] = []
    for kind, source in _SOURCES.items():
        if kind in wanted:
            events.extend(source(child))
    if wanted & {EventKind.ASSESSMENT, EventKind.CHILD_SEEN}:
        events.extend(sources.assessment_events(child, wanted))
    events.sort(key=Event.sort_key, reverse=True)
    return events
