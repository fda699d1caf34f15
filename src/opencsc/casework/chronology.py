"""A child's chronology: every significant event of their record in one timeline.

Generated from the records themselves, never typed twice: contacts, early help,
referrals and episodes, allocations and transfers, assessments and the child being
seen, case notes, management oversight, supervision, changes of circumstances, and the
child's birth and death. One query per kind of record whatever the size of the record
(pinned in tests/casework/test_chronology.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Prefetch
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from opencsc.core.working_days import LONDON

if TYPE_CHECKING:
    from opencsc.people.models import Person


class EventKind(models.TextChoices):
    PERSON = "person", "Birth and death"
    CONTACT = "contact", "Contacts"
    EARLY_HELP = "early_help", "Early help"
    REFERRAL = "referral", "Referrals and episodes"
    ALLOCATION = "allocation", "Allocations and transfers"
    ASSESSMENT = "assessment", "Assessments"
    CHILD_SEEN = "child_seen", "Child seen"
    NOTE = "note", "Case notes"
    OVERSIGHT = "oversight", "Management oversight"
    SUPERVISION = "supervision", "Supervision"
    CHANGE = "change", "Changes of circumstances"


# Within one day the events read in the order of the child's journey (newest first on
# the page means the highest rank on top).
RANK = {
    "born": 0,
    "contact": 1,
    "decided": 2,
    "early_help": 3,
    "referral": 4,
    "allocation": 5,
    "assessment": 6,
    "child_seen": 7,
    "note": 8,
    "change": 9,
    "supervision": 10,
    "oversight": 11,
    "transition": 12,
    "ended": 13,
    "closed": 14,
    "died": 15,
}

_MIN_AT = dt.datetime.min.replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class Event:
    kind: str
    on: dt.date
    title: str
    detail: str = ""
    by: str = ""
    at: dt.datetime | None = None
    url: str = ""
    lines: tuple[str, ...] = ()
    rank: int = 0
    tag: str = ""
    sort_extra: tuple[Any, ...] = field(default=(), compare=False)

    @property
    def kind_label(self) -> str:
        return EventKind(self.kind).label

    def sort_key(self) -> tuple[Any, ...]:
        return (self.on, self.rank, self.at or _MIN_AT, *self.sort_extra)


def _name(user: Any) -> str:
    return str(user) if user is not None else ""


def _local_date(value: dt.datetime) -> dt.date:
    return timezone.localtime(value, LONDON).date()


def _date_text(value: dt.date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


def _clip(text: str, limit: int = 400) -> str:
    text = (text or "").strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


_url_cache: dict[str, bool] = {}


def _url(name: str, pk: int) -> str:
    """A link when the page exists (other apps' pages may not be built yet)."""
    if _url_cache.get(name) is False:
        return ""
    try:
        url = reverse(name, args=[pk])
    except NoReverseMatch:
        _url_cache[name] = False
        return ""
    _url_cache[name] = True
    return url


def _label(choices: type[models.TextChoices], value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


# ---------------------------------------------------------------------------
# One function per kind of record; each runs a fixed number of queries.


def _person_events(child: Person) -> Iterable[Event]:
    if child.date_of_birth:
        yield Event(EventKind.PERSON, child.date_of_birth, "Born", rank=RANK["born"])
    elif child.expected_date_of_birth:
        yield Event(
            EventKind.PERSON,
            child.expected_date_of_birth,
            "Expected date of birth",
            rank=RANK["born"],
            tag="Unborn",
        )
    if child.date_of_death:
        yield Event(EventKind.PERSON, child.date_of_death, "Died", rank=RANK["died"])


def _contact_events(child: Person) -> Iterable[Event]:
    from opencsc.core.codes import ContactDecision, ReferralSource
    from opencsc.frontdoor.models import Contact

    for c in Contact.objects.filter(child=child).select_related("taken_by", "decided_by"):
        url = _url("frontdoor:contact-detail", c.pk)
        source = _label(ReferralSource, c.source)
        who = c.referrer_name + (f", {c.referrer_organisation}" if c.referrer_organisation else "")
        yield Event(
            EventKind.CONTACT,
            _local_date(c.received_at),
            f"Contact received from {source}",
            detail=_clip(c.presenting_concerns),
            by=_name(c.taken_by),
            at=c.received_at,
            url=url,
            lines=(f"Referrer: {who}",),
            rank=RANK["contact"],
            tag="Out of hours" if c.out_of_hours else "",
        )
        if c.decided_at:
            yield Event(
                EventKind.CONTACT,
                _local_date(c.decided_at),
                f"Contact decided: {_label(ContactDecision, c.decision)}",
                detail=_clip(c.decision_rationale),
                by=_name(c.decided_by),
                at=c.decided_at,
                url=url,
                rank=RANK["decided"],
            )


def _early_help_events(child: Person) -> Iterable[Event]:
    from opencsc.frontdoor.models import EarlyHelpEpisode

    for e in EarlyHelpEpisode.objects.filter(child=child):
        url = _url("frontdoor:earlyhelp-detail", e.pk)
        lead = ", ".join(x for x in (e.lead_professional, e.lead_organisation) if x)
        yield Event(
            EventKind.EARLY_HELP,
            e.start_date,
            "Early help started",
            detail=f"Lead professional: {lead}" if lead else "",
            url=url,
            rank=RANK["early_help"],
            tag="Stepped down" if e.stepped_down_from_id else "",
        )
        if e.end_date:
            yield Event(
                EventKind.EARLY_HELP,
                e.end_date,
                "Stepped up to children's social care"
                if e.stepped_up_to_id
                else "Early help ended",
                detail=e.end_reason,
                url=url,
                rank=RANK["ended"],
            )


def _episode_events(child: Person) -> Iterable[Event]:
    from opencsc.casework.models import CINEpisode
    from opencsc.core.codes import PrimaryNeed, ReasonForClosure, ReferralSource

    for e in CINEpisode.objects.filter(child=child).select_related("opened_by"):
        lines = [
            f"Source: {_label(ReferralSource, e.referral_source)}",
            f"Primary need: {_label(PrimaryNeed, e.primary_need)}",
        ]
        tag = "Re-referral" if e.is_re_referral else ""
        if e.referral_nfa:
            tag = "No further action"
        yield Event(
            EventKind.REFERRAL,
            e.referral_date,
            "Referral: child in need episode opened",
            by=_name(e.opened_by),
            lines=tuple(lines),
            rank=RANK["referral"],
            tag=tag,
        )
        if e.closure_date:
            yield Event(
                EventKind.REFERRAL,
                e.closure_date,
                "Child in need episode closed",
                detail=f"Reason: {_label(ReasonForClosure, e.closure_reason)}",
                rank=RANK["closed"],
            )


def _allocation_events(child: Person) -> Iterable[Event]:
    from opencsc.casework.models import Allocation, AllocationRole

    allocations = list(
        Allocation.objects.filter(child=child)
        .select_related("team", "worker")
        .order_by("start_date", "pk")
    )
    primaries = [a for a in allocations if a.role == AllocationRole.PRIMARY]
    for i, a in enumerate(primaries):
        holder = f"{a.team}" + (f": {a.worker}" if a.worker else " (no worker allocated yet)")
        previous = primaries[i - 1] if i else None
        transferred = previous is not None and previous.end_date == a.start_date
        if transferred and previous.team_id != a.team_id:
            title = f"Transferred to {holder}"
            lines: tuple[str, ...] = (
                f"From {previous.team}" + (f": {previous.worker}" if previous.worker else ""),
            )
        elif transferred:
            title = f"Reallocated to {holder}"
            lines = (f"Previously {previous.worker or 'no worker'}",)
        else:
            title, lines = f"Allocated to {holder}", ()
        if a.reason:
            lines = (*lines, f"Reason: {a.reason}")
        yield Event(
            EventKind.ALLOCATION,
            a.start_date,
            title,
            lines=lines,
            rank=RANK["allocation"],
            sort_extra=(a.pk,),
        )
        following = primaries[i + 1] if i + 1 < len(primaries) else None
        if a.end_date and not (following and following.start_date == a.end_date):
            yield Event(
                EventKind.ALLOCATION,
                a.end_date,
                f"Allocation ended: {holder}",
                rank=RANK["ended"],
                sort_extra=(a.pk,),
            )
    for a in allocations:
        if a.role != AllocationRole.CO_WORKER:
            continue
        yield Event(
            EventKind.ALLOCATION,
            a.start_date,
            f"Co-worker added: {a.worker} ({a.team})",
            rank=RANK["allocation"],
            sort_extra=(a.pk,),
        )
        if a.end_date:
            yield Event(
                EventKind.ALLOCATION,
                a.end_date,
                f"Co-working ended: {a.worker} ({a.team})",
                rank=RANK["ended"],
                sort_extra=(a.pk,),
            )


def _assessment_events(child: Person, kinds: set[str]) -> Iterable[Event]:
    from opencsc.assessments.models import (
        Assessment,
        AssessmentTransition,
        ChildSeen,
        ReviewAction,
    )
    from opencsc.core.codes import AssessmentOutcome

    prefetches = []
    if EventKind.ASSESSMENT in kinds:
        prefetches.append(
            Prefetch("transitions", queryset=AssessmentTransition.objects.select_related("by"))
        )
    if EventKind.CHILD_SEEN in kinds:
        prefetches.append(
            Prefetch("visits", queryset=ChildSeen.objects.select_related("recorded_by"))
        )
    assessments = (
        Assessment.objects.filter(child=child)
        .select_related("worker", "prompted_by")
        .prefetch_related(*prefetches)
    )
    for a in assessments:
        url = _url("assessments:assessment-detail", a.pk)
        if EventKind.ASSESSMENT in kinds:
            if a.updates_id:
                title = "Updated assessment started"
                lines: tuple[str, ...] = ()
                if a.prompted_by:
                    lines = (
                        f"Prompted by the change of circumstances on "
                        f"{_date_text(a.prompted_by.occurred_on)}: "
                        f"{_clip(a.prompted_by.description, 200)}",
                    )
            else:
                title, lines = "Assessment started", ()
            yield Event(
                EventKind.ASSESSMENT,
                a.start_date,
                title,
                by=_name(a.worker),
                url=url,
                lines=(*lines, f"Due {_date_text(a.due_date)}"),
                rank=RANK["assessment"],
                sort_extra=(a.pk,),
            )
            for t in a.transitions.all():
                if t.action == ReviewAction.SUBMITTED:
                    title, on, detail = (
                        "Assessment submitted for authorisation",
                        _local_date(t.at),
                        "",
                    )
                elif t.action == ReviewAction.RETURNED:
                    title, on, detail = (
                        "Assessment returned to the worker",
                        _local_date(t.at),
                        t.comments,
                    )
                else:
                    outcome = _label(AssessmentOutcome, a.outcome) if a.outcome else ""
                    title = "Assessment authorised" + (f": {outcome}" if outcome else "")
                    on, detail = a.authorised_on or _local_date(t.at), t.comments
                yield Event(
                    EventKind.ASSESSMENT,
                    on,
                    title,
                    detail=detail,
                    by=_name(t.by),
                    at=t.at,
                    url=url,
                    rank=RANK["transition"],
                    sort_extra=(t.pk,),
                )
        if EventKind.CHILD_SEEN in kinds:
            for v in a.visits.all():
                yield Event(
                    EventKind.CHILD_SEEN,
                    v.seen_on,
                    "Child seen alone" if v.seen_alone else "Child seen (not alone)",
                    detail=v.note,
                    by=_name(v.recorded_by),
                    url=url,
                    rank=RANK["child_seen"],
                    sort_extra=(v.pk,),
                )


def _note_events(child: Person) -> Iterable[Event]:
    from opencsc.casework.models import CaseNote, NoteAddendum

    notes = (
        CaseNote.objects.filter(child=child)
        .select_related("author")
        .prefetch_related(
            Prefetch("addenda", queryset=NoteAddendum.objects.select_related("author"))
        )
    )
    for n in notes:
        lines = tuple(
            f"Addendum by {_name(x.author)}, {_date_text(_local_date(x.written_at))}: {x.text}"
            for x in n.addenda.all()
        )
        yield Event(
            EventKind.NOTE,
            n.occurred_on,
            n.get_kind_display(),
            detail=n.text,
            by=_name(n.author),
            url=_url("casework:note-addendum", n.pk),
            lines=lines,
            rank=RANK["note"],
            sort_extra=(n.written_at,),
        )


def _oversight_events(child: Person) -> Iterable[Event]:
    from opencsc.casework.models import ManagementOversight

    for o in ManagementOversight.objects.filter(child=child).select_related("manager"):
        lines = [f"Reasons: {o.reasons}"]
        if o.review_by:
            lines.append(f"Review by {_date_text(o.review_by)}")
        yield Event(
            EventKind.OVERSIGHT,
            _local_date(o.recorded_at),
            "Management oversight",
            detail=o.direction,
            by=_name(o.manager),
            at=o.recorded_at,
            lines=tuple(lines),
            rank=RANK["oversight"],
        )


def _supervision_events(child: Person) -> Iterable[Event]:
    from opencsc.casework.models import Supervision, SupervisionAction

    supervisions = (
        Supervision.objects.filter(child=child)
        .select_related("worker", "supervisor")
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=SupervisionAction.objects.select_related("owner").order_by(
                    "due_date", "pk"
                ),
            )
        )
    )
    for s in supervisions:
        lines = tuple(
            f"Action: {x.action} (owner {_name(x.owner)}, due {_date_text(x.due_date)})"
            for x in s.actions.all()
        )
        yield Event(
            EventKind.SUPERVISION,
            s.held_on,
            f"Supervision of {s.worker}",
            detail=s.reflection,
            by=_name(s.supervisor),
            lines=lines,
            rank=RANK["supervision"],
            sort_extra=(s.recorded_at,),
        )


def _change_events(child: Person) -> Iterable[Event]:
    from opencsc.casework.models import CircumstanceChange

    for c in CircumstanceChange.objects.filter(child=child).select_related("recorded_by"):
        yield Event(
            EventKind.CHANGE,
            c.occurred_on,
            "Change of circumstances",
            detail=c.description,
            by=_name(c.recorded_by),
            rank=RANK["change"],
            sort_extra=(c.recorded_at,),
        )


_SOURCES: dict[str, Callable[[Person], Iterable[Event]]] = {
    EventKind.PERSON: _person_events,
    EventKind.CONTACT: _contact_events,
    EventKind.EARLY_HELP: _early_help_events,
    EventKind.REFERRAL: _episode_events,
    EventKind.ALLOCATION: _allocation_events,
    EventKind.NOTE: _note_events,
    EventKind.OVERSIGHT: _oversight_events,
    EventKind.SUPERVISION: _supervision_events,
    EventKind.CHANGE: _change_events,
}


def chronology_for(child: Person, kinds: Iterable[str] | None = None) -> list[Event]:
    """Every event of the child's record (or of the chosen ``kinds``), newest first."""
    wanted = {k for k in kinds or () if k in EventKind.values} or set(EventKind.values)
    events: list[Event] = []
    for kind, source in _SOURCES.items():
        if kind in wanted:
            events.extend(source(child))
    if wanted & {EventKind.ASSESSMENT, EventKind.CHILD_SEEN}:
        events.extend(_assessment_events(child, wanted))
    events.sort(key=Event.sort_key, reverse=True)
    return events
