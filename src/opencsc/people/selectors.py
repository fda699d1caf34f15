"""Reads of a person's record, in a fixed number of queries whatever the size of the case."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import Max, OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone

from opencsc.casework.models import (
    Allocation,
    AllocationRole,
    CaseNote,
    CINEpisode,
    ManagementOversight,
    NoteAddendum,
    Supervision,
)
from opencsc.core.codes import Disability
from opencsc.core.working_days import working_days_remaining
from opencsc.frontdoor.models import Contact, EarlyHelpEpisode
from opencsc.people.models import Person, Relationship

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations  # a dev dependency: type checking only

    from opencsc.assessments.models import Assessment

#: How many case notes the record shows; the chronology has the rest.
RECENT_NOTES = 20


@dataclass
class Involvement:
    """Someone in the child's life, seen from the child's side."""

    other: Person
    label: str
    parental_responsibility: bool
    lives_with: bool
    start_date: dt.date | None
    end_date: dt.date | None


@dataclass
class ChildRecord:
    child: Person
    aliases: list[Any]
    disabilities: list[Any]
    addresses: list[Any]
    involvements: list[Involvement]
    professionals: list[Any]
    allocations: list[Allocation]
    episodes: list[CINEpisode]
    early_help: list[EarlyHelpEpisode]
    contacts: list[Contact]
    assessments: list[Assessment]
    notes: list[CaseNote]
    last_oversight: dt.datetime | None
    last_supervision: dt.date | None
    merged_from: list[Person]
    today: dt.date = field(default_factory=timezone.localdate)

    @property
    def allocation(self) -> Allocation | None:
        return next(
            (
                a
                for a in self.allocations
                if a.end_date is None and a.role == AllocationRole.PRIMARY
            ),
            None,
        )

    @property
    def co_workers(self) -> list[Allocation]:
        return [
            a for a in self.allocations if a.end_date is None and a.role == AllocationRole.CO_WORKER
        ]

    @property
    def open_episode(self) -> CINEpisode | None:
        return next((e for e in self.episodes if e.closure_date is None), None)

    @property
    def open_early_help(self) -> EarlyHelpEpisode | None:
        return next((e for e in self.early_help if e.end_date is None), None)

    @property
    def current_address(self) -> Any:
        return next((a for a in self.addresses if a.end_date is None), None)

    @property
    def household(self) -> list[Involvement]:
        return [i for i in self.involvements if i.lives_with and i.end_date is None]

    @property
    def has_no_disability(self) -> bool:
        return [d.code for d in self.disabilities] == [Disability.NONE]

    @property
    def alerts(self) -> list[tuple[str, str]]:
        """(text, tag colour) for what a worker must know before reading on."""
        alerts: list[tuple[str, str]] = []
        child = self.child
        if child.is_restricted:
            alerts.append(("Restricted record", "red"))
        if child.date_of_death:
            alerts.append(("Deceased", "grey"))
        if child.is_unborn:
            alerts.append(("Unborn", "purple"))
        if child.uasc and not child.uasc_ceased:
            alerts.append(("Unaccompanied asylum-seeking child", "blue"))
        if any(a.is_open and a.due_date < self.today for a in self.assessments):
            alerts.append(("Assessment overdue", "red"))
        return alerts


def _involvements(child: Person) -> list[Involvement]:
    """Both directions of Relationship: "X is the mother of the child", and the child's side."""
    found: list[Involvement] = []
    for rel in child.relatives.all():  # rel.person is rel.kind of the child
        found.append(
            Involvement(
                other=rel.person,
                label=rel.get_kind_display(),
                parental_responsibility=rel.parental_responsibility,
                lives_with=rel.lives_with,
                start_date=rel.start_date,
                end_date=rel.end_date,
            )
        )
    for rel in child.relationships.all():  # the child is rel.kind of rel.relative
        found.append(
            Involvement(
                other=rel.relative,
                label=f"Child is their {rel.get_kind_display().lower()}",
                # PR recorded on this row is the child's for the other person.
                parental_responsibility=False,
                lives_with=rel.lives_with,
                start_date=rel.start_date,
                end_date=rel.end_date,
            )
        )
    found.sort(key=lambda i: (i.end_date is not None, not i.parental_responsibility, i.label))
    return found


class _Prefetched(TypedDict):
    """What _with_record adds to each person besides the prefetched relations."""

    recent_notes: list[CaseNote]


def _with_record(qs: QuerySet[Person]) -> QuerySet[WithAnnotations[Person, _Prefetched]]:
    from opencsc.assessments.models import Assessment

    notes = (
        CaseNote.objects.select_related("author")
        .prefetch_related(
            Prefetch("addenda", queryset=NoteAddendum.objects.select_related("author"))
        )
        .order_by("-occurred_on", "-written_at", "-pk")
    )
    return qs.prefetch_related(
        "aliases",
        "disabilities",
        "addresses",
        "professionals",
        Prefetch("relatives", queryset=Relationship.objects.select_related("person")),
        Prefetch("relationships", queryset=Relationship.objects.select_related("relative")),
        Prefetch(
            "allocations",
            queryset=Allocation.objects.select_related("team", "worker").order_by(
                "-start_date", "-pk"
            ),
        ),
        Prefetch("episodes", queryset=CINEpisode.objects.order_by("-referral_date", "-pk")),
        Prefetch(
            "early_help_episodes",
            queryset=EarlyHelpEpisode.objects.order_by("-start_date", "-pk"),
        ),
        Prefetch(
            "contacts",
            queryset=Contact.objects.select_related("taken_by", "decided_by").order_by(
                "-received_at"
            ),
        ),
        Prefetch(
            "assessments",
            queryset=Assessment.objects.select_related("worker", "episode").order_by(
                "-start_date", "-pk"
            ),
        ),
        # A sliced Prefetch: the newest 20 notes in the same one query.
        Prefetch("notes", queryset=notes[:RECENT_NOTES], to_attr="recent_notes"),
        Prefetch("merged_from", queryset=Person.objects.order_by("pk")),
    )


def child_record(child: Person) -> ChildRecord:
    """Everything the child's record page shows, in a fixed number of queries."""
    last_oversight = (
        ManagementOversight.objects.filter(child=OuterRef("pk"))
        .order_by()
        .values("child")
        .annotate(last=Max("recorded_at"))
        .values("last")
    )
    last_supervision = (
        Supervision.objects.filter(child=OuterRef("pk"))
        .order_by()
        .values("child")
        .annotate(last=Max("held_on"))
        .values("last")
    )
    person = (
        _with_record(Person.objects.filter(pk=child.pk))
        .annotate(
            last_oversight=Subquery(last_oversight),
            last_supervision=Subquery(last_supervision),
        )
        .get()
    )
    today = timezone.localdate()
    assessments = list(person.assessments.all())
    for assessment in assessments:
        # WT2023 ch.3: 45 working days from referral; negative when overdue.
        assessment.working_days_left = (
            working_days_remaining(assessment.due_date, today) if assessment.is_open else None
        )
    return ChildRecord(
        child=person,
        aliases=list(person.aliases.all()),
        disabilities=list(person.disabilities.all()),
        addresses=list(person.addresses.all()),
        involvements=_involvements(person),
        professionals=list(person.professionals.all()),
        allocations=list(person.allocations.all()),
        episodes=list(person.episodes.all()),
        early_help=list(person.early_help_episodes.all()),
        contacts=list(person.contacts.all()),
        assessments=assessments,
        notes=list(person.recent_notes),
        last_oversight=person.last_oversight,
        last_supervision=person.last_supervision,
        merged_from=list(person.merged_from.all()),
        today=today,
    )
