"""Case pages: access from three sides, manager-only pages, and each form end to end."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from opencsc.accounts.models import Role
from opencsc.assessments.models import Assessment
from opencsc.audit.models import AccessEvent
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
from tests.factories import CINEpisodeFactory, PersonFactory, UserFactory


def url(name: str, *args: object) -> str:
    return reverse(f"casework:{name}", args=args)


def date_fields(name: str, value: dt.date) -> dict[str, str]:
    return {
        f"{name}_day": str(value.day),
        f"{name}_month": str(value.month),
        f"{name}_year": str(value.year),
    }


def status(client, user, path):  # type: ignore[no-untyped-def]
    client.force_login(user)
    return client.get(path).status_code


@pytest.fixture
def note(child, social_worker):
    return services.note_add(
        actor=social_worker, child=child, kind="case_note", occurred_on=TODAY, text="Original"
    )


@pytest.fixture
def other_manager(other_team):
    return UserFactory(role=Role.TEAM_MANAGER, team=other_team)


# --- access -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["chronology", "note-new", "change-new"])
def test_child_pages_from_three_sides(client, child, social_worker, colleague, outsider, name):
    assert status(client, social_worker, url(name, child.pk)) == 200
    assert status(client, colleague, url(name, child.pk)) == 200
    assert status(client, outsider, url(name, child.pk)) == 404


def test_addendum_page_from_three_sides(client, note, social_worker, colleague, outsider):
    assert status(client, social_worker, url("note-addendum", note.pk)) == 200
    assert status(client, colleague, url("note-addendum", note.pk)) == 200
    assert status(client, outsider, url("note-addendum", note.pk)) == 404
    assert status(client, social_worker, url("note-addendum", note.pk + 999)) == 404


@pytest.mark.parametrize("name", ["oversight-new", "supervision-new", "allocation-new"])
def test_manager_pages_refuse_social_workers(
    client, child, social_worker, manager, other_manager, name
):
    assert status(client, social_worker, url(name, child.pk)) == 403
    assert status(client, manager, url(name, child.pk)) == 200
    assert status(client, other_manager, url(name, child.pk)) == 404


def test_missing_child_is_404(client, social_worker):
    assert status(client, social_worker, url("chronology", 999999)) == 404


def test_inspector_reads_chronology_but_cannot_write(client, child):
    inspector = UserFactory(role=Role.INSPECTOR)
    assert status(client, inspector, url("chronology", child.pk)) == 200
    assert status(client, inspector, url("note-new", child.pk)) == 403


# --- chronology -------------------------------------------------------------------------


def test_chronology_page_writes_access_event_and_filters(
    client, child, note, social_worker, manager
):
    services.oversight_add(actor=manager, child=child, direction="Visit weekly", reasons="R")
    client.force_login(social_worker)
    page = client.get(url("chronology", child.pk)).content.decode()
    assert "moj-timeline" in page
    assert "Visit weekly" in page and "Original" in page
    event = AccessEvent.objects.get(person=child)
    assert (event.user, event.action, event.what) == (social_worker, "view_record", "chronology")
    page = client.get(url("chronology", child.pk), {"kind": "note"}).content.decode()
    assert "Original" in page and "Visit weekly" not in page
    assert "Show everything" in page


def test_chronology_page_query_count_does_not_grow_with_the_record(
    client, child, social_worker, django_assert_max_num_queries
):
    client.force_login(social_worker)
    client.get(url("chronology", child.pk))  # warm the session and user
    for n in range(3):
        services.note_add(
            actor=social_worker, child=child, kind="case_note", occurred_on=TODAY, text=f"N{n}"
        )
    # Session, user, access event and prompt, plus at most 20 for the chronology itself
    # (13, and 7 for child protection and plans).
    with django_assert_max_num_queries(29):
        response = client.get(url("chronology", child.pk))
    assert response.status_code == 200


# --- notes ------------------------------------------------------------------------------


def test_note_added_through_the_page(client, child, colleague):
    client.force_login(colleague)
    response = client.post(
        url("note-new", child.pk),
        {"kind": "phone_call", "text": "Spoke to mother"} | date_fields("occurred_on", TODAY),
    )
    assert response.url == url("chronology", child.pk)
    note = CaseNote.objects.get(child=child)
    assert (note.author, note.kind, note.text) == (colleague, "phone_call", "Spoke to mother")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "case_note", "text": ""} | date_fields("occurred_on", TODAY), "Enter case note"),
        (
            {"kind": "case_note", "text": "T"}
            | date_fields("occurred_on", TODAY + dt.timedelta(days=1)),
            "Date it happened must be today or in the past",
        ),
        ({"kind": "case_note", "text": "T"}, "Enter date it happened"),
        (
            {"kind": "case_note", "text": "T"} | date_fields("occurred_on", dt.date(2000, 1, 1)),
            "child&#x27;s date of birth",
        ),
    ],
)
def test_note_form_rules(client, child, social_worker, data, message):
    client.force_login(social_worker)
    response = client.post(url("note-new", child.pk), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not CaseNote.objects.exists()


def test_addendum_added_through_the_page(client, note, colleague):
    client.force_login(colleague)
    response = client.post(url("note-addendum", note.pk), {"text": "It was Tuesday"})
    assert response.status_code == 302
    addendum = NoteAddendum.objects.get(note=note)
    assert (addendum.author, addendum.text) == (colleague, "It was Tuesday")
    note.refresh_from_db()
    assert note.text == "Original"
    response = client.post(url("note-addendum", note.pk), {"text": ""})
    assert "Enter addendum" in response.content.decode()


# --- oversight and supervision ----------------------------------------------------------


def test_oversight_through_the_page(client, child, manager):
    client.force_login(manager)
    response = client.post(
        url("oversight-new", child.pk),
        {"direction": "Strategy discussion today", "reasons": "New injury"}
        | date_fields("review_by", TODAY + dt.timedelta(days=7)),
    )
    assert response.status_code == 302
    oversight = ManagementOversight.objects.get(child=child)
    assert (oversight.manager, oversight.review_by) == (manager, TODAY + dt.timedelta(days=7))


def test_oversight_form_rules(client, child, manager):
    client.force_login(manager)
    response = client.post(
        url("oversight-new", child.pk),
        {"direction": "", "reasons": ""} | date_fields("review_by", TODAY - dt.timedelta(days=1)),
    )
    page = response.content.decode()
    assert "Enter your direction" in page
    assert "Enter reasons" in page
    assert "Review by date must be today or in the future" in page
    assert not ManagementOversight.objects.exists()


def supervision_data(worker, **extra):  # type: ignore[no-untyped-def]
    return {"worker": worker.pk, "reflection": "Reflective"} | date_fields("held_on", TODAY) | extra


def test_supervision_with_two_actions_through_the_page(client, child, manager, social_worker):
    client.force_login(manager)
    response = client.post(
        url("supervision-new", child.pk),
        supervision_data(
            social_worker,
            action_1="Visit school",
            action_1_owner=social_worker.pk,
            **date_fields("action_1_due", TODAY + dt.timedelta(days=5)),
            action_3="Book family group conference",
            action_3_owner=manager.pk,
            **date_fields("action_3_due", TODAY + dt.timedelta(days=10)),
        ),
    )
    assert response.status_code == 302
    supervision = Supervision.objects.get(child=child)
    assert [(a.action, a.owner) for a in supervision.actions.order_by("due_date")] == [
        ("Visit school", social_worker),
        ("Book family group conference", manager),
    ]


def test_supervision_action_row_must_be_complete(client, child, manager, social_worker):
    client.force_login(manager)
    response = client.post(
        url("supervision-new", child.pk),
        supervision_data(
            social_worker,
            action_2="Visit school",
            **date_fields("action_2_due", TODAY - dt.timedelta(days=1)),
        ),
    )
    page = response.content.decode()
    assert "Select who owns action 2" in page
    assert "Action 2 due date must be the same as or after the date of supervision" in page
    assert not Supervision.objects.exists()


def test_supervision_worker_must_work_with_child(client, child, manager, outsider):
    client.force_login(manager)
    response = client.post(url("supervision-new", child.pk), supervision_data(outsider))
    assert "Select worker supervised" in response.content.decode()
    assert not Supervision.objects.exists()


# --- allocation -------------------------------------------------------------------------


def test_transfer_through_the_page_needs_a_reason(
    client, child, manager, other_team, other_manager
):
    other_worker = UserFactory(role=Role.SOCIAL_WORKER, team=other_team)
    client.force_login(manager)
    data = {
        "action": "allocate",
        "allocate-team": other_team.pk,
        "allocate-worker": other_worker.pk,
    } | {f"allocate-{k}": v for k, v in date_fields("start_date", TODAY).items()}
    response = client.post(url("allocation-new", child.pk), data)
    assert "Enter the reason for the transfer" in response.content.decode()
    response = client.post(url("allocation-new", child.pk), data | {"allocate-reason": "CIN plan"})
    # The child has left the manager's team, so they go back to their team's worklist.
    assert response.status_code == 302
    current = Allocation.objects.get(child=child, role="primary", end_date__isnull=True)
    assert (current.team, current.worker, current.reason) == (other_team, other_worker, "CIN plan")


def test_allocation_worker_must_be_in_the_team(client, child, manager, other_team, colleague):
    client.force_login(manager)
    data = {
        "action": "allocate",
        "allocate-team": other_team.pk,
        "allocate-worker": colleague.pk,
        "allocate-reason": "Move",
    } | {f"allocate-{k}": v for k, v in date_fields("start_date", TODAY).items()}
    response = client.post(url("allocation-new", child.pk), data)
    assert "is not a member of" in response.content.decode()
    assert Allocation.objects.get(child=child, end_date__isnull=True).worker != colleague


def test_allocation_cannot_start_before_current(client, child, manager, colleague, team):
    client.force_login(manager)
    early = Allocation.objects.get(child=child).start_date - dt.timedelta(days=1)
    data = {
        "action": "allocate",
        "allocate-team": team.pk,
        "allocate-worker": colleague.pk,
        "allocate-reason": "Leave",
    } | {f"allocate-{k}": v for k, v in date_fields("start_date", early).items()}
    response = client.post(url("allocation-new", child.pk), data)
    assert "start of the current allocation" in response.content.decode()


def test_coworker_added_and_ended_through_the_page(client, child, manager, dc_team, dc_worker):
    client.force_login(manager)
    response = client.post(
        url("allocation-new", child.pk),
        {"action": "cowork", "cowork-team": dc_team.pk, "cowork-worker": dc_worker.pk}
        | {f"cowork-{k}": v for k, v in date_fields("start_date", TODAY).items()},
    )
    assert response.url == url("allocation-new", child.pk)
    cowork = Allocation.objects.get(child=child, role=AllocationRole.CO_WORKER)
    page = client.get(url("allocation-new", child.pk)).content.decode()
    assert str(dc_worker) in page
    response = client.post(
        url("allocation-new", child.pk),
        {"action": "end", "allocation": cowork.pk}
        | {
            f"end{cowork.pk}-{k}": v
            for k, v in date_fields("end_date", TODAY + dt.timedelta(days=1)).items()
        },
    )
    assert "must be today or in the past" in response.content.decode()
    response = client.post(
        url("allocation-new", child.pk),
        {"action": "end", "allocation": cowork.pk}
        | {f"end{cowork.pk}-{k}": v for k, v in date_fields("end_date", TODAY).items()},
    )
    assert response.status_code == 302
    cowork.refresh_from_db()
    assert cowork.end_date == TODAY


def test_head_of_service_allocates_an_unallocated_child(client, team, social_worker):
    head = UserFactory(role=Role.HEAD_OF_SERVICE)
    child = PersonFactory()
    client.force_login(head)
    response = client.post(
        url("allocation-new", child.pk),
        {"action": "allocate", "allocate-team": team.pk, "allocate-worker": social_worker.pk}
        | {f"allocate-{k}": v for k, v in date_fields("start_date", TODAY).items()},
    )
    assert response.status_code == 302
    assert Allocation.objects.get(child=child).worker == social_worker


# --- changes of circumstances -----------------------------------------------------------


def test_change_recorded_through_the_page(client, child, social_worker):
    client.force_login(social_worker)
    response = client.post(
        url("change-new", child.pk),
        {"description": "Moved to grandmother's"} | date_fields("occurred_on", TODAY),
    )
    assert response.status_code == 302
    assert CircumstanceChange.objects.get(child=child).description == "Moved to grandmother's"


def test_change_form_rules(client, child, social_worker):
    client.force_login(social_worker)
    response = client.post(
        url("change-new", child.pk),
        {"description": ""} | date_fields("occurred_on", TODAY + dt.timedelta(days=1)),
    )
    page = response.content.decode()
    assert "Enter what has changed" in page
    assert "Date of the change must be today or in the past" in page


def test_change_after_authorised_assessment_prompts_on_chronology(
    client, child, social_worker, manager, frozen
):
    from tests.assessments.helpers import authorised

    episode = CINEpisodeFactory(child=child, referral_date=TODAY - dt.timedelta(days=10))
    done = authorised(episode, social_worker, manager)
    frozen.shift(dt.timedelta(minutes=5))
    client.force_login(social_worker)
    response = client.post(
        url("change-new", child.pk),
        {"description": "New partner"} | date_fields("occurred_on", TODAY),
        follow=True,
    )
    page = response.content.decode()
    assert "Circumstances changed since the assessment was authorised" in page
    assert reverse("assessments:assessment-update-start", args=[done.pk]) in page
    assert not Assessment.objects.filter(updates=done).exists()
