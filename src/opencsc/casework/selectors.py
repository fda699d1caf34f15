"""Reads of a child's case: scoped fetches for views, and oversight dates for worklists."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Max, OuterRef, Subquery
from django.db.models.functions import TruncDate
from django.http import Http404

from opencsc.accounts.access import child_for_user
from opencsc.casework.models import (
    Allocation,
    AllocationRole,
    CaseNote,
    ManagementOversight,
    Supervision,
)
from opencsc.core.working_days import LONDON

if TYPE_CHECKING:
    from opencsc.accounts.models import User
    from opencsc.people.models import Person


def note_for_user(user: User, pk: int, *, write: bool = False) -> CaseNote:
    """A case note whose child this user may see (or write on), else 404 for both cases."""
    note = CaseNote.objects.select_related("author").filter(pk=pk).first()
    if note is None:
        raise Http404("No such record")
    note.child = child_for_user(user, note.child_id, write=write)
    return note


def open_allocations(child: Person) -> list[Allocation]:
    """The primary allocation first, then co-workers."""
    allocations = list(
        Allocation.objects.filter(child=child, end_date__isnull=True).select_related(
            "team", "worker"
        )
    )
    allocations.sort(key=lambda a: (a.role != AllocationRole.PRIMARY, a.start_date))
    return allocations


@dataclass(frozen=True)
class OversightDates:
    """When a manager last gave direction on the case and when it was last supervised."""

    last_oversight: dt.date | None
    last_supervision: dt.date | None


NO_OVERSIGHT = OversightDates(last_oversight=None, last_supervision=None)


def oversight_dates_for(child_ids: Iterable[int]) -> dict[int, OversightDates]:
    """Last oversight and last supervision per child: one query for any number of children.

    Children with neither are absent from the result (use ``.get(pk, NO_OVERSIGHT)``).
    """
    from opencsc.people.models import Person

    ids = list(child_ids)
    if not ids:
        return {}
    last_oversight = (
        ManagementOversight.objects.filter(child=OuterRef("pk"))
        .values("child")
        .annotate(last=Max(TruncDate("recorded_at", tzinfo=LONDON)))
        .values("last")
    )
    last_supervision = (
        Supervision.objects.filter(child=OuterRef("pk"))
        .values("child")
        .annotate(last=Max("held_on"))
        .values("last")
    )
    rows = (
        Person.objects.filter(pk__in=ids)
        .annotate(
            last_oversight=Subquery(last_oversight[:1]),
            last_supervision=Subquery(last_supervision[:1]),
        )
        .values_list("pk", "last_oversight", "last_supervision")
    )
    return {
        pk: OversightDates(last_oversight=o, last_supervision=s)
        for pk, o, s in rows
        if o is not None or s is not None
    }


def oversight_dates(child: Person | int) -> OversightDates:
    child_id = child if isinstance(child, int) else child.pk
    return oversight_dates_for([child_id]).get(child_id, NO_OVERSIGHT)
