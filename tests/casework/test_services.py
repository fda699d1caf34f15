"""Case services: allocation and transfer, append-only notes, oversight, supervision, changes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from opencsc.accounts.models import Role
from opencsc.casework import services
from opencsc.casework.models import (
    Allocation,
    AllocationRole,
    CaseNote,
    CircumstanceChange,
    ManagementOversight,
    NoteAddendum,
    Supervision,
)
from tests.casework.conftest import TODAY
from tests.factories import PersonFactory, UserFactory

YESTERDAY = TODAY - dt.timedelta(days=1)
TOMORROW = TODAY + dt.timedelta(days=1)


def primary(child):  # type: ignore[no-untyped-def]
    return Allocation.objects.get(child=child, role=AllocationRole.PRIMARY, end_date__isnull=True)


# --- allocation -------------------------------------------------------------------------


def test_allocate_unallocated_child(manager, team, social_worker):
    child = PersonFactory()
    allocation = services.allocation_assign(
        actor=manager, child=child, team=team, worker=social_worker, start_date=TODAY
    )
    assert (allocation.team, allocation.worker, allocation.role) == (
        team,
        social_worker,
        AllocationRole.PRIMARY,
    )
    assert allocation.end_date is None


def test_allocate_to_team_without_worker(manager, team):
    child = PersonFactory()
    allocation = services.allocation_assign(actor=manager, child=child, team=team, start_date=TODAY)
    assert allocation.worker is None


def test_transfer_ends_current_and_opens_next_in_one_go(child, manager, other_team, outsider):
    before = primary(child)
    new = services.allocation_assign(
        actor=manager,
        child=child,
        team=other_team,
        worker=outsider,
        start_date=TODAY,
        reason="Child in need plan: moves to the CIN team",
    )
    before.refresh_from_db()
    assert before.end_date == TODAY
    assert primary(child) == new
    assert new.reason == "Child in need plan: moves to the CIN team"
    assert Allocation.objects.filter(child=child, role="primary").count() == 2


def test_reallocation_within_team(child, manager, team, colleague):
    services.allocation_assign(
        actor=manager, child=child, team=team, worker=colleague, start_date=TODAY, reason="Leave"
    )
    assert primary(child).worker == colleague


def test_worker_must_belong_to_the_team(child, manager, other_team, social_worker):
    with pytest.raises(ValidationError) as exc:
        services.allocation_assign(
            actor=manager, child=child, team=other_team, worker=social_worker, start_date=TODAY
        )
    assert "is not a member of" in exc.value.message_dict["worker"][0]
    assert primary(child).team != other_team  # nothing changed


def test_team_manager_may_hold_a_case_in_the_team_they_manage(manager, team):
    child = PersonFactory()
    allocation = services.allocation_assign(
        actor=manager, child=child, team=team, worker=manager, start_date=TODAY
    )
    assert allocation.worker == manager


def test_inactive_worker_refused(manager, team):
    leaver = UserFactory(team=team, is_active=False)
    with pytest.raises(ValidationError, match="no longer has an active account"):
        services.allocation_assign(
            actor=manager, child=PersonFactory(), team=team, worker=leaver, start_date=TODAY
        )


def test_transfer_cannot_start_before_current_allocation(child, manager, other_team, outsider):
    current = primary(child)
    with pytest.raises(ValidationError) as exc:
        services.allocation_assign(
            actor=manager,
            child=child,
            team=other_team,
            worker=outsider,
            start_date=current.start_date - dt.timedelta(days=1),
        )
    assert "start of the current allocation" in exc.value.message_dict["start_date"][0]


def test_transfer_on_the_day_the_allocation_started(child, manager, other_team, outsider):
    current = primary(child)
    services.allocation_assign(
        actor=manager, child=child, team=other_team, worker=outsider, start_date=current.start_date
    )
    current.refresh_from_db()
    assert current.end_date == current.start_date


def test_allocation_cannot_start_in_future(manager, team):
    with pytest.raises(ValidationError) as exc:
        services.allocation_assign(
            actor=manager, child=PersonFactory(), team=team, start_date=TOMORROW
        )
    assert exc.value.message_dict["start_date"] == ["Start date must be today or in the past"]


def test_allocating_to_current_holder_refused(child, manager, team, social_worker):
    with pytest.raises(ValidationError, match="already allocated"):
        services.allocation_assign(
            actor=manager, child=child, team=team, worker=social_worker, start_date=TODAY
        )


def test_add_and_end_coworker(child, manager, dc_team, dc_worker):
    cowork = services.allocation_add_coworker(
        actor=manager, child=child, team=dc_team, worker=dc_worker, start_date=TODAY
    )
    assert cowork.role == AllocationRole.CO_WORKER
    assert primary(child).worker is not None  # the primary allocation stays
    services.allocation_end_coworker(actor=manager, allocation=cowork, end_date=TODAY)
    assert cowork.end_date == TODAY


def test_coworker_must_belong_to_team(child, manager, dc_team, outsider):
    with pytest.raises(ValidationError, match="is not a member of"):
        services.allocation_add_coworker(
            actor=manager, child=child, team=dc_team, worker=outsider, start_date=TODAY
        )


def test_coworker_cannot_be_the_allocated_worker(child, manager, team, social_worker):
    with pytest.raises(ValidationError, match="already the allocated worker"):
        services.allocation_add_coworker(
            actor=manager, child=child, team=team, worker=social_worker, start_date=TODAY
        )


def test_coworker_added_once(child, manager, dc_team, dc_worker):
    services.allocation_add_coworker(
        actor=manager, child=child, team=dc_team, worker=dc_worker, start_date=TODAY
    )
    with pytest.raises(ValidationError, match="already a co-worker"):
        services.allocation_add_coworker(
            actor=manager, child=child, team=dc_team, worker=dc_worker, start_date=TODAY
        )


def test_coworker_needs_an_allocated_case(manager, dc_team, dc_worker):
    with pytest.raises(ValidationError, match="Allocate the child"):
        services.allocation_add_coworker(
            actor=manager, child=PersonFactory(), team=dc_team, worker=dc_worker, start_date=TODAY
        )


def test_coworker_cannot_start_before_primary_allocation(child, manager, dc_team, dc_worker):
    start = primary(child).start_date - dt.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        services.allocation_add_coworker(
            actor=manager, child=child, team=dc_team, worker=dc_worker, start_date=start
        )
    assert "start_date" in exc.value.message_dict


@pytest.mark.parametrize(
    ("end", "message"),
    [(TOMORROW, "today or in the past"), (YESTERDAY, "start of co-working")],
)
def test_end_coworker_date_rules(child, manager, dc_team, dc_worker, end, message):
    cowork = services.allocation_add_coworker(
        actor=manager, child=child, team=dc_team, worker=dc_worker, start_date=TODAY
    )
    with pytest.raises(ValidationError) as exc:
        services.allocation_end_coworker(actor=manager, allocation=cowork, end_date=end)
    assert message in exc.value.message_dict["end_date"][0]


def test_end_coworker_refuses_primary_and_ended(child, manager, dc_team, dc_worker):
    with pytest.raises(ValidationError, match="transfer the case instead"):
        services.allocation_end_coworker(actor=manager, allocation=primary(child), end_date=TODAY)
    cowork = services.allocation_add_coworker(
        actor=manager, child=child, team=dc_team, worker=dc_worker, start_date=TODAY
    )
    services.allocation_end_coworker(actor=manager, allocation=cowork, end_date=TODAY)
    with pytest.raises(ValidationError, match="already ended"):
        services.allocation_end_coworker(actor=manager, allocation=cowork, end_date=TODAY)


# --- case notes -------------------------------------------------------------------------


def test_note_added(child, social_worker):
    note = services.note_add(
        actor=social_worker, child=child, kind="home_visit", occurred_on=TODAY, text=" Visited "
    )
    assert (note.author, note.kind, note.text) == (social_worker, "home_visit", "Visited")


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"text": "  "}, "text", "Enter the case note"),
        ({"occurred_on": TOMORROW}, "occurred_on", "Date must be today or in the past"),
        ({"kind": "gossip"}, "kind", "Select the kind of note"),
        ({"occurred_on": dt.date(2000, 1, 1)}, "occurred_on", "child's date of birth"),
    ],
)
def test_note_rules(child, social_worker, fields, field, message):
    values = {"kind": "case_note", "occurred_on": TODAY, "text": "Note"} | fields
    with pytest.raises(ValidationError) as exc:
        services.note_add(actor=social_worker, child=child, **values)
    assert message in exc.value.message_dict[field][0]
    assert not CaseNote.objects.exists()


def test_addendum_leaves_note_unchanged(child, social_worker, colleague):
    note = services.note_add(
        actor=social_worker, child=child, kind="case_note", occurred_on=TODAY, text="Original"
    )
    addendum = services.note_addendum_add(actor=colleague, note=note, text="Correction: Tuesday")
    note.refresh_from_db()
    assert note.text == "Original"
    assert list(note.addenda.all()) == [addendum]
    with pytest.raises(ValidationError) as exc:
        services.note_addendum_add(actor=colleague, note=note, text=" ")
    assert exc.value.message_dict["text"] == ["Enter the addendum"]


@pytest.mark.parametrize("sql", ["UPDATE {} SET text = 'changed'", "DELETE FROM {}"])
def test_case_notes_are_append_only_in_the_database(child, social_worker, sql):
    note = services.note_add(
        actor=social_worker, child=child, kind="case_note", occurred_on=TODAY, text="Original"
    )
    with (
        pytest.raises(DatabaseError, match="Cannot update or delete"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql.format(CaseNote._meta.db_table))
    with pytest.raises(DatabaseError), transaction.atomic():
        CaseNote.objects.filter(pk=note.pk).update(text="changed")
    note.refresh_from_db()
    assert note.text == "Original"


@pytest.mark.parametrize(
    "model", [NoteAddendum, ManagementOversight, Supervision, CircumstanceChange]
)
def test_other_case_records_are_append_only(model, child, social_worker, manager):
    services.note_addendum_add(
        actor=social_worker,
        note=services.note_add(
            actor=social_worker, child=child, kind="case_note", occurred_on=TODAY, text="N"
        ),
        text="A",
    )
    services.oversight_add(actor=manager, child=child, direction="D", reasons="R")
    services.supervision_record(
        actor=manager, child=child, worker=social_worker, held_on=TODAY, reflection="R"
    )
    services.circumstance_change_record(
        actor=social_worker, child=child, occurred_on=TODAY, description="C"
    )
    with pytest.raises(DatabaseError), transaction.atomic():
        model.objects.all().delete()
    assert model.objects.count() == 1


# --- oversight and supervision ----------------------------------------------------------


def test_oversight_recorded_by_manager(child, manager):
    oversight = services.oversight_add(
        actor=manager,
        child=child,
        direction=" Visit weekly ",
        reasons="Risk of neglect",
        review_by=TODAY + dt.timedelta(days=28),
    )
    assert (oversight.manager, oversight.direction) == (manager, "Visit weekly")


def test_oversight_written_up_late_keeps_its_time_but_never_the_future(child, manager):
    from django.utils import timezone

    earlier = timezone.now() - dt.timedelta(days=40)
    oversight = services.oversight_add(
        actor=manager, child=child, direction="Visit weekly", reasons="Neglect",
        recorded_at=earlier, review_by=timezone.localdate(earlier) + dt.timedelta(days=7),
    )
    assert oversight.recorded_at == earlier
    with pytest.raises(ValidationError) as refused:
        services.oversight_add(
            actor=manager, child=child, direction="D", reasons="R",
            recorded_at=timezone.now() + dt.timedelta(hours=2),
        )
    assert "recorded_at" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.oversight_add(
            actor=manager, child=child, direction="D", reasons="R", recorded_at=earlier,
            review_by=timezone.localdate(earlier) - dt.timedelta(days=1),
        )
    assert "review_by" in refused.value.message_dict


def test_oversight_only_by_managers_of_the_child(child, social_worker, other_team):
    with pytest.raises(ValidationError, match="Only a manager"):
        services.oversight_add(actor=social_worker, child=child, direction="D", reasons="R")
    other_manager = UserFactory(role=Role.TEAM_MANAGER, team=other_team)
    with pytest.raises(ValidationError, match="Only a manager"):
        services.oversight_add(actor=other_manager, child=child, direction="D", reasons="R")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"direction": ""}, "direction"),
        ({"reasons": " "}, "reasons"),
        ({"review_by": YESTERDAY}, "review_by"),
    ],
)
def test_oversight_rules(child, manager, fields, field):
    values = {"direction": "D", "reasons": "R"} | fields
    with pytest.raises(ValidationError) as exc:
        services.oversight_add(actor=manager, child=child, **values)
    assert field in exc.value.message_dict


def test_supervision_with_actions(child, manager, social_worker):
    supervision = services.supervision_record(
        actor=manager,
        child=child,
        worker=social_worker,
        held_on=TODAY,
        reflection="Working well with mother",
        actions=[
            ("Visit school", social_worker, TODAY + dt.timedelta(days=7)),
            ("Chair network meeting", manager, TODAY),
        ],
    )
    assert supervision.supervisor == manager
    assert [(a.action, a.owner, a.due_date) for a in supervision.actions.order_by("pk")] == [
        ("Visit school", social_worker, TODAY + dt.timedelta(days=7)),
        ("Chair network meeting", manager, TODAY),
    ]


def test_supervision_of_a_coworker_from_another_team(child, manager, dc_team, dc_worker):
    services.allocation_add_coworker(
        actor=manager, child=child, team=dc_team, worker=dc_worker, start_date=TODAY
    )
    supervision = services.supervision_record(
        actor=manager, child=child, worker=dc_worker, held_on=TODAY, reflection="R"
    )
    assert supervision.worker == dc_worker


def test_supervision_only_by_manager(child, social_worker, colleague):
    with pytest.raises(ValidationError, match="Only a manager"):
        services.supervision_record(
            actor=colleague, child=child, worker=social_worker, held_on=TODAY, reflection="R"
        )


@pytest.mark.parametrize(
    ("fields", "key", "message"),
    [
        ({"held_on": TOMORROW}, "held_on", "today or in the past"),
        ({"reflection": ""}, "reflection", "Enter the reflection"),
        ({"worker": None}, "worker", "Select the worker"),
        ({"actions": [("", "owner", TODAY)]}, "actions", "Action 1: enter the action"),
        ({"actions": [("Do", None, TODAY)]}, "actions", "Action 1: select who owns it"),
        ({"actions": [("Do", "owner", None)]}, "actions", "Action 1: enter the due date"),
        ({"actions": [("Do", "owner", YESTERDAY)]}, "actions", "due date must be the same as"),
    ],
)
def test_supervision_rules(child, manager, social_worker, fields, key, message):
    if "actions" in fields:
        fields["actions"] = [
            (text, social_worker if owner == "owner" else owner, due)
            for text, owner, due in fields["actions"]
        ]
    values = {"worker": social_worker, "held_on": TODAY, "reflection": "R"} | fields
    with pytest.raises(ValidationError) as exc:
        services.supervision_record(actor=manager, child=child, **values)
    assert message in exc.value.message_dict[key][0]
    assert not Supervision.objects.exists()


def test_supervised_worker_must_work_with_the_child(child, manager, outsider):
    with pytest.raises(ValidationError) as exc:
        services.supervision_record(
            actor=manager, child=child, worker=outsider, held_on=TODAY, reflection="R"
        )
    assert "does not work with this child" in exc.value.message_dict["worker"][0]


# --- changes of circumstances -----------------------------------------------------------


def test_change_recorded(child, social_worker):
    change = services.circumstance_change_record(
        actor=social_worker, child=child, occurred_on=YESTERDAY, description=" Moved school "
    )
    assert (change.recorded_by, change.description) == (social_worker, "Moved school")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"occurred_on": TOMORROW}, "today or in the past"),
        ({"occurred_on": dt.date(2000, 1, 1)}, "date of birth"),
        ({"description": ""}, "Describe what has changed"),
    ],
)
def test_change_rules(child, social_worker, fields, message):
    values = {"occurred_on": TODAY, "description": "D"} | fields
    with pytest.raises(ValidationError) as exc:
        services.circumstance_change_record(actor=social_worker, child=child, **values)
    assert message in " ".join(exc.value.messages)
