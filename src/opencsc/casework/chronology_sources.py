"""Where a chronology's events come from: one function per kind of record, each running a
fixed number of queries (one per table it reads) however long the record is."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch

from opencsc.casework.events import (
    RANK,
    Event,
    EventKind,
    choice_label,
    clip,
    date_text,
    local_date,
    page_url,
    user_name,
)

if TYPE_CHECKING:
    from opencsc.people.models import Person


def person_events(child: Person) -> Iterable[Event]:
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


def contact_events(child: Person) -> Iterable[Event]:
    from opencsc.core.codes import ContactDecision, ReferralSource
    from opencsc.frontdoor.models import Contact

    for c in Contact.objects.filter(child=child).select_related("taken_by", "decided_by"):
        url = page_url("frontdoor:contact-detail", c.pk)
        source = choice_label(ReferralSource, c.source)
        who = c.referrer_name + (f", {c.referrer_organisation}" if c.referrer_organisation else "")
        yield Event(
            EventKind.CONTACT,
            local_date(c.received_at),
            f"Contact received from {source}",
            detail=clip(c.presenting_concerns),
            by=user_name(c.taken_by),
            at=c.received_at,
            url=url,
            lines=(f"Referrer: {who}",),
            rank=RANK["contact"],
            tag="Out of hours" if c.out_of_hours else "",
        )
        if c.decided_at:
            yield Event(
                EventKind.CONTACT,
                local_date(c.decided_at),
                f"Contact decided: {choice_label(ContactDecision, c.decision)}",
                detail=clip(c.decision_rationale),
                by=user_name(c.decided_by),
                at=c.decided_at,
                url=url,
                rank=RANK["decided"],
            )


def early_help_events(child: Person) -> Iterable[Event]:
    from opencsc.frontdoor.models import EarlyHelpEpisode

    for e in EarlyHelpEpisode.objects.filter(child=child):
        url = page_url("frontdoor:earlyhelp-detail", e.pk)
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


def episode_events(child: Person) -> Iterable[Event]:
    from opencsc.casework.models import CINEpisode
    from opencsc.core.codes import PrimaryNeed, ReasonForClosure, ReferralSource

    for e in CINEpisode.objects.filter(child=child).select_related("opened_by"):
        lines = [
            f"Source: {choice_label(ReferralSource, e.referral_source)}",
            f"Primary need: {choice_label(PrimaryNeed, e.primary_need)}",
        ]
        tag = "Re-referral" if e.is_re_referral else ""
        if e.referral_nfa:
            tag = "No further action"
        yield Event(
            EventKind.REFERRAL,
            e.referral_date,
            "Referral: child in need episode opened",
            by=user_name(e.opened_by),
            lines=tuple(lines),
            rank=RANK["referral"],
            tag=tag,
        )
        if e.closure_date:
            yield Event(
                EventKind.REFERRAL,
                e.closure_date,
                "Child in need episode closed",
                detail=f"Reason: {choice_label(ReasonForClosure, e.closure_reason)}",
                rank=RANK["closed"],
            )


def allocation_events(child: Person) -> Iterable[Event]:
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
        lines: tuple[str, ...]
        if previous is None or previous.end_date != a.start_date:
            title, lines = f"Allocated to {holder}", ()
        elif previous.team_id != a.team_id:  # a transfer
            title = f"Transferred to {holder}"
            lines = (
                f"From {previous.team}" + (f": {previous.worker}" if previous.worker else ""),
            )
        else:
            title = f"Reallocated to {holder}"
            lines = (f"Previously {previous.worker or 'no worker'}",)
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


def assessment_events(child: Person, kinds: set[str]) -> Iterable[Event]:
    from opencsc.assessments.models import (
        Assessment,
        AssessmentTransition,
        ChildSeen,
        ReviewAction,
    )
    from opencsc.core.codes import AssessmentOutcome

    prefetches: list[Prefetch[str, Any, str]] = []
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
        url = page_url("assessments:assessment-detail", a.pk)
        if EventKind.ASSESSMENT in kinds:
            if a.updates_id:
                title = "Updated assessment started"
                lines: tuple[str, ...] = ()
                if a.prompted_by:
                    lines = (
                        f"Prompted by the change of circumstances on "
                        f"{date_text(a.prompted_by.occurred_on)}: "
                        f"{clip(a.prompted_by.description, 200)}",
                    )
            else:
                title, lines = "Assessment started", ()
            yield Event(
                EventKind.ASSESSMENT,
                a.start_date,
                title,
                by=user_name(a.worker),
                url=url,
                lines=(*lines, f"Due {date_text(a.due_date)}"),
                rank=RANK["assessment"],
                sort_extra=(a.pk,),
            )
            for t in a.transitions.all():
                if t.action == ReviewAction.SUBMITTED:
                    title, on, detail = (
                        "Assessment submitted for authorisation",
                        local_date(t.at),
                        "",
                    )
                elif t.action == ReviewAction.RETURNED:
                    title, on, detail = (
                        "Assessment returned to the worker",
                        local_date(t.at),
                        t.comments,
                    )
                else:
                    outcome = choice_label(AssessmentOutcome, a.outcome) if a.outcome else ""
                    title = "Assessment authorised" + (f": {outcome}" if outcome else "")
                    on, detail = a.authorised_on or local_date(t.at), t.comments
                yield Event(
                    EventKind.ASSESSMENT,
                    on,
                    title,
                    detail=detail,
                    by=user_name(t.by),
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
                    by=user_name(v.recorded_by),
                    url=url,
                    rank=RANK["child_seen"],
                    sort_extra=(v.pk,),
                )


def note_events(child: Person) -> Iterable[Event]:
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
            f"Addendum by {user_name(x.author)}, {date_text(local_date(x.written_at))}: {x.text}"
            for x in n.addenda.all()
        )
        yield Event(
            EventKind.NOTE,
            n.occurred_on,
            n.get_kind_display(),
            detail=n.text,
            by=user_name(n.author),
            url=page_url("casework:note-addendum", n.pk),
            lines=lines,
            rank=RANK["note"],
            sort_extra=(n.written_at,),
        )


def oversight_events(child: Person) -> Iterable[Event]:
    from opencsc.casework.models import ManagementOversight

    for o in ManagementOversight.objects.filter(child=child).select_related("manager"):
        lines = [f"Reasons: {o.reasons}"]
        if o.review_by:
            lines.append(f"Review by {date_text(o.review_by)}")
        yield Event(
            EventKind.OVERSIGHT,
            local_date(o.recorded_at),
            "Management oversight",
            detail=o.direction,
            by=user_name(o.manager),
            at=o.recorded_at,
            lines=tuple(lines),
            rank=RANK["oversight"],
        )


def supervision_events(child: Person) -> Iterable[Event]:
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
            f"Action: {x.action} (owner {user_name(x.owner)}, due {date_text(x.due_date)})"
            for x in s.actions.all()
        )
        yield Event(
            EventKind.SUPERVISION,
            s.held_on,
            f"Supervision of {s.worker}",
            detail=s.reflection,
            by=user_name(s.supervisor),
            lines=lines,
            rank=RANK["supervision"],
            sort_extra=(s.recorded_at,),
        )


def change_events(child: Person) -> Iterable[Event]:
    from opencsc.casework.models import CircumstanceChange

    for c in CircumstanceChange.objects.filter(child=child).select_related("recorded_by"):
        yield Event(
            EventKind.CHANGE,
            c.occurred_on,
            "Change of circumstances",
            detail=c.description,
            by=user_name(c.recorded_by),
            rank=RANK["change"],
            sort_extra=(c.recorded_at,),
        )
