"""Every write on a child's case: who holds it, what is written on it, and oversight of it.

Case notes, addenda, management oversight, supervision records and circumstance changes
are append-only (database triggers): a correction is a new record, never an edit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from opencsc.accounts.access import is_manager_of_child
from opencsc.casework.models import (
    Allocation,
    AllocationRole,
    CaseNote,
    CircumstanceChange,
    ManagementOversight,
    NoteAddendum,
    NoteKind,
    Supervision,
    SupervisionAction,
)

if TYPE_CHECKING:
    from opencsc.accounts.models import Team, User
    from opencsc.people.models import Person


def format_date(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def _today() -> dt.date:
    return timezone.localdate()


def _required(text: str, field: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: message})
    return text


def _not_future(value: dt.date, field: str, label: str) -> None:
    if value > _today():
        raise ValidationError({field: f"{label} must be today or in the past"})


def _not_before_birth(child: Person, value: dt.date, field: str, label: str) -> None:
    if child.date_of_birth and value < child.date_of_birth:
        raise ValidationError(
            {
                field: f"{label} must be the same as or after the child's date of birth "
                f"({format_date(child.date_of_birth)})"
            }
        )


# ---------------------------------------------------------------------------
# Allocation


def open_primary_allocation(child: Person | int, *, lock: bool = False) -> Allocation | None:
    child_id = child if isinstance(child, int) else child.pk
    qs = Allocation.objects.filter(
        child_id=child_id, role=AllocationRole.PRIMARY, end_date__isnull=True
    )
    if lock:
        qs = qs.select_for_update(of=("self",))
    return qs.select_related("team", "worker").first()


def _check_worker_in_team(worker: User | None, team: Team) -> None:
    if worker is None:
        return
    if not worker.is_active:
        raise ValidationError({"worker": f"{worker} no longer has an active account"})
    # A worker holds cases for their own team; a manager may hold one for a team they manage.
    if worker.team_id != team.pk and team.manager_id != worker.pk:
        raise ValidationError(
            {"worker": f"{worker} is not a member of {team}: choose someone in that team"}
        )


def _check_allocation_start(start_date: dt.date, current: Allocation | None) -> None:
    _not_future(start_date, "start_date", "Start date")
    if current is not None and start_date < current.start_date:
        raise ValidationError(
            {
                "start_date": "Start date must be the same as or after the start of the current "
                f"allocation ({format_date(current.start_date)})"
            }
        )


@transaction.atomic
def allocation_assign(
    *,
    actor: User,
    child: Person,
    team: Team,
    worker: User | None = None,
    start_date: dt.date,
    reason: str = "",
) -> Allocation:
    """Allocate the child to a team (and worker). If the child is already allocated this is a
    transfer: the open primary allocation ends on ``start_date`` and the next one opens, in
    one transaction, so the child is never without an allocation nor held twice."""
    current = open_primary_allocation(child, lock=True)
    return assign_locked(
        actor=actor,
        child=child,
        team=team,
        worker=worker,
        start_date=start_date,
        reason=reason,
        current=current,
    )


def assign_locked(
    *,
    actor: User,
    child: Person,
    team: Team,
    worker: User | None,
    start_date: dt.date,
    reason: str,
    current: Allocation | None,
) -> Allocation:
    """``allocation_assign`` for a caller that has already read the child's open primary
    allocation with ``open_primary_allocation(child, lock=True)`` in this transaction
    (every rule of ``allocation_assign`` is checked here)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("assign_locked runs inside the transaction that locked `current`")
    _check_worker_in_team(worker, team)
    _check_allocation_start(start_date, current)
    reason = (reason or "").strip()
    if current is not None:
        if current.team_id == team.pk and current.worker_id == (worker.pk if worker else None):
            raise ValidationError(
                {"worker": f"The child is already allocated to {worker or 'this team'} in {team}"}
            )
        # The handover day belongs to both: the previous allocation ends the day the next starts.
        Allocation.objects.filter(pk=current.pk).update(end_date=start_date)
    return Allocation.objects.create(
        child=child,
        team=team,
        worker=worker,
        role=AllocationRole.PRIMARY,
        start_date=start_date,
        reason=reason[:200],
    )


#: Allocations beside the primary one: co-working, the IRO, the personal adviser.
NAMED_ROLES = frozenset(
    {AllocationRole.CO_WORKER, AllocationRole.REVIEWING_OFFICER, AllocationRole.PERSONAL_ADVISER}
)

_AS_ROLE: dict[str, str] = {
    AllocationRole.CO_WORKER: "a co-worker",
    AllocationRole.REVIEWING_OFFICER: "the independent reviewing officer",
    AllocationRole.PERSONAL_ADVISER: "the personal adviser",
}


@transaction.atomic
def allocation_add_coworker(
    *,
    actor: User,
    child: Person,
    team: Team,
    worker: User,
    start_date: dt.date,
    role: str = AllocationRole.CO_WORKER,
) -> Allocation:
    """A second worker shares the case (e.g. from the disabled children's team), or the
    child's independent reviewing officer or personal adviser is named (``role``): they
    reach the child through this allocation, not through their team."""
    if role not in NAMED_ROLES:
        raise ValidationError({"role": "Select how the worker is involved"})
    if worker is None:
        raise ValidationError({"worker": "Select the co-worker"})
    current = open_primary_allocation(child)
    if current is None:
        raise ValidationError("Allocate the child to a team before adding a co-worker.")
    _check_worker_in_team(worker, team)
    _check_allocation_start(start_date, current)
    if current.worker_id == worker.pk:
        raise ValidationError({"worker": f"{worker} is already the allocated worker"})
    if Allocation.objects.filter(
        child=child, worker=worker, role=role, end_date__isnull=True
    ).exists():
        raise ValidationError(
            {"worker": f"{worker} is already {_AS_ROLE[role]} on this case"}
        )
    return Allocation.objects.create(
        child=child, team=team, worker=worker, role=role, start_date=start_date
    )


@transaction.atomic
def allocation_end_coworker(
    *, actor: User, allocation: Allocation, end_date: dt.date
) -> Allocation:
    locked = Allocation.objects.select_for_update().get(pk=allocation.pk)
    if locked.role not in NAMED_ROLES:
        raise ValidationError("Only co-working can be ended here: transfer the case instead.")
    if locked.end_date is not None:
        raise ValidationError(f"This co-working already ended on {format_date(locked.end_date)}.")
    _not_future(end_date, "end_date", "End date")
    if end_date < locked.start_date:
        raise ValidationError(
            {
                "end_date": "End date must be the same as or after the start of co-working "
                f"({format_date(locked.start_date)})"
            }
        )
    Allocation.objects.filter(pk=locked.pk).update(end_date=end_date)
    # The row as just read under the lock, with its new end date (no need to read it again).
    for field in Allocation._meta.concrete_fields:
        setattr(allocation, field.attname, getattr(locked, field.attname))
    allocation.end_date = end_date
    return allocation


# ---------------------------------------------------------------------------
# Case notes (append-only)


@transaction.atomic
def note_add(*, actor: User, child: Person, kind: str, occurred_on: dt.date, text: str) -> CaseNote:
    if kind not in NoteKind.values:
        raise ValidationError({"kind": "Select the kind of note"})
    _not_future(occurred_on, "occurred_on", "Date")
    _not_before_birth(child, occurred_on, "occurred_on", "Date")
    text = _required(text, "text", "Enter the case note")
    return CaseNote.objects.create(
        child=child, author=actor, kind=kind, occurred_on=occurred_on, text=text
    )


@transaction.atomic
def note_addendum_add(*, actor: User, note: CaseNote, text: str) -> NoteAddendum:
    """A correction or addition to a note: the note itself is never changed."""
    text = _required(text, "text", "Enter the addendum")
    return NoteAddendum.objects.create(note=note, author=actor, text=text)


# ---------------------------------------------------------------------------
# Management oversight and supervision (append-only)


def _refuse_unless_manager(actor: User, child: Person, what: str) -> None:
    if not is_manager_of_child(actor, child):
        raise ValidationError(f"Only a manager of the child's team can record {what}.")


@transaction.atomic
def oversight_add(
    *,
    actor: User,
    child: Person,
    direction: str,
    reasons: str,
    review_by: dt.date | None = None,
    recorded_at: dt.datetime | None = None,
) -> ManagementOversight:
    """A manager's direction on the case, and why (Ofsted ILACS: management oversight).

    ``recorded_at`` defaults to now; an earlier time records oversight written up late (and
    lets the synthetic authority build its history through this same service)."""
    _refuse_unless_manager(actor, child, "management oversight")
    direction = _required(direction, "direction", "Enter your direction")
    reasons = _required(reasons, "reasons", "Enter the reasons for your direction")
    now = timezone.now()
    recorded_at = recorded_at or now
    if recorded_at > now:
        raise ValidationError({"recorded_at": "Oversight cannot be recorded in the future"})
    written_on = timezone.localdate(recorded_at)
    if review_by is not None and review_by < written_on:
        raise ValidationError(
            {"review_by": "Review by date must be on or after the day the oversight is recorded"}
        )
    return ManagementOversight.objects.create(
        child=child,
        manager=actor,
        direction=direction,
        reasons=reasons,
        review_by=review_by,
        recorded_at=recorded_at,
    )


def _works_with_child(worker: User, child: Person) -> bool:
    """Allocated to the child (as worker or co-worker), or in a team that holds the case."""
    mine = Q(worker=worker)
    if worker.team_id is not None:
        mine |= Q(team_id=worker.team_id)
    return Allocation.objects.filter(mine, child=child, end_date__isnull=True).exists()


@transaction.atomic
def supervision_record(
    *,
    actor: User,
    child: Person,
    worker: User,
    held_on: dt.date,
    reflection: str,
    actions: Sequence[tuple[str, User, dt.date]] = (),
) -> Supervision:
    """Case supervision: the supervisor records the reflection and the actions agreed,
    each with an owner and a due date."""
    _refuse_unless_manager(actor, child, "supervision")
    if worker is None:
        raise ValidationError({"worker": "Select the worker who was supervised"})
    if not _works_with_child(worker, child):
        raise ValidationError({"worker": f"{worker} does not work with this child"})
    _not_future(held_on, "held_on", "Date of supervision")
    reflection = _required(reflection, "reflection", "Enter the reflection on the case")
    cleaned: list[tuple[str, User, dt.date]] = []
    for number, (text, owner, due) in enumerate(actions, start=1):
        text = (text or "").strip()
        if not text:
            raise ValidationError({"actions": f"Action {number}: enter the action"})
        if owner is None:
            raise ValidationError({"actions": f"Action {number}: select who owns it"})
        if due is None:
            raise ValidationError({"actions": f"Action {number}: enter the due date"})
        if due < held_on:
            raise ValidationError(
                {
                    "actions": f"Action {number}: due date must be the same as or after the "
                    f"supervision ({format_date(held_on)})"
                }
            )
        cleaned.append((text, owner, due))
    supervision = Supervision.objects.create(
        child=child, worker=worker, supervisor=actor, held_on=held_on, reflection=reflection
    )
    SupervisionAction.objects.bulk_create(
        SupervisionAction(supervision=supervision, action=text, owner=owner, due_date=due)
        for text, owner, due in cleaned
    )
    return supervision


# ---------------------------------------------------------------------------
# Changes of circumstances (append-only)


@transaction.atomic
def circumstance_change_record(
    *, actor: User, child: Person, occurred_on: dt.date, description: str
) -> CircumstanceChange:
    """A change in the child's circumstances. After an authorised assessment it prompts an
    updated one (see ``assessments.selectors.needs_updated_assessment``)."""
    _not_future(occurred_on, "occurred_on", "Date of the change")
    _not_before_birth(child, occurred_on, "occurred_on", "Date of the change")
    description = _required(description, "description", "Describe what has changed")
    return CircumstanceChange.objects.create(
        child=child, recorded_by=actor, occurred_on=occurred_on, description=description
    )
