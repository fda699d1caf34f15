"""The child's record: everything in one page, in a fixed number of queries, logged."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from opencsc.accounts.models import Role
from opencsc.audit.models import AccessEvent
from opencsc.casework.models import CaseNote, ManagementOversight, NoteAddendum, Supervision
from opencsc.core.working_days import add_working_days
from opencsc.people.models import PersonAlias, ProfessionalInvolvement, Relationship
from opencsc.people.selectors import child_record
from tests.factories import (
    AllocationFactory,
    AssessmentFactory,
    CINEpisodeFactory,
    ContactFactory,
    EarlyHelpEpisodeFactory,
    PersonFactory,
    UserFactory,
)
from tests.people.builders import protect

pytestmark = pytest.mark.django_db


def detail(child) -> str:  # type: ignore[no-untyped-def]
    return reverse("people:person-detail", args=[child.pk])


def load(child, *, worker, manager, team, notes=3, relatives=2):  # type: ignore[no-untyped-def]
    """A busy record: the page must not issue more queries for more rows."""
    today = timezone.localdate()
    AllocationFactory(child=child, team=team, worker=worker, role="co_worker")
    for i in range(relatives):
        Relationship.objects.create(
            person=PersonFactory(first_name=f"Relative{i}"),
            relative=child,
            kind="mother",
            parental_responsibility=True,
            lives_with=True,
        )
    Relationship.objects.create(person=child, relative=PersonFactory(), kind="sibling")
    ProfessionalInvolvement.objects.create(
        person=child, role="school", organisation="Synthetic Academy"
    )
    PersonAlias.objects.create(person=child, first_name="Known", last_name="As")
    ContactFactory(child=child)
    episode = CINEpisodeFactory(child=child, referral_date=today - dt.timedelta(days=5))
    AssessmentFactory(episode=episode, child=child, worker=worker)
    EarlyHelpEpisodeFactory(
        child=child,
        start_date=today - dt.timedelta(days=300),
        end_date=today - dt.timedelta(days=100),
    )
    for i in range(notes):
        note = CaseNote.objects.create(
            child=child, author=worker, occurred_on=today - dt.timedelta(days=i), text=f"Note {i}"
        )
        NoteAddendum.objects.create(note=note, author=manager, text=f"Addendum {i}")
    ManagementOversight.objects.create(
        child=child, manager=manager, direction="Visit weekly", reasons="Escalating concerns"
    )
    Supervision.objects.create(
        child=child,
        worker=worker,
        supervisor=manager,
        held_on=today - dt.timedelta(days=3),
        reflection="r",
    )


def test_child_record_takes_the_same_queries_however_big(
    child, social_worker, manager, team, django_assert_num_queries
):
    small = PersonFactory()
    AllocationFactory(child=small, team=team, worker=social_worker)
    load(small, worker=social_worker, manager=manager, team=team, notes=1, relatives=1)
    with django_assert_num_queries(15):
        child_record(small)
    load(child, worker=social_worker, manager=manager, team=team, notes=25, relatives=6)
    with django_assert_num_queries(15):
        record = child_record(child)
    assert len(record.notes) == 20
    assert record.notes[0].text == "Note 0"  # newest first
    assert [a.text for a in record.notes[0].addenda.all()] == ["Addendum 0"]
    assert record.allocation.worker == social_worker
    assert record.co_workers[0].role == "co_worker"
    assert record.open_episode is not None
    assert record.last_supervision == timezone.localdate() - dt.timedelta(days=3)
    assert record.last_oversight is not None
    assert len([i for i in record.involvements if i.parental_responsibility]) == 6
    assert len(record.household) == 6


def test_record_from_three_sides(client, child, social_worker, colleague, outsider):
    for user, status in ((social_worker, 200), (colleague, 200), (outsider, 404)):
        client.force_login(user)
        assert client.get(detail(child)).status_code == status


def test_viewing_the_record_writes_an_access_event(client, child, social_worker):
    client.force_login(social_worker)
    client.get(detail(child), REMOTE_ADDR="10.1.2.3")
    event = AccessEvent.objects.get()
    assert (event.action, event.person, event.user) == ("view_record", child, social_worker)
    assert event.ip_address == "10.1.2.3"


def test_link_to_a_merged_record_goes_to_the_record_kept(client, child, social_worker, outsider):
    from opencsc.people.models import Person

    old = PersonFactory()
    Person.objects.filter(pk=old.pk).update(merged_into=child)
    client.force_login(social_worker)
    response = client.get(detail(old))
    assert response.status_code == 302
    assert response["Location"] == detail(child)
    client.force_login(outsider)
    assert client.get(detail(old)).status_code == 404


def test_no_access_event_for_a_record_refused(client, child, outsider):
    client.force_login(outsider)
    client.get(detail(child))
    assert not AccessEvent.objects.exists()


def test_record_shows_summary_involvements_episodes_assessments_and_notes(
    client, child, social_worker, manager, team
):
    child.gender_identity = "Non-binary"
    child.first_language = "Welsh"
    child.save()
    load(child, worker=social_worker, manager=manager, team=team)
    client.force_login(social_worker)
    html = client.get(detail(child)).content.decode()
    for text in (
        child.la_child_id,
        "Non-binary",
        "Welsh",
        str(social_worker),
        team.name,
        "Co-worker",
        "Last management oversight",
        "Last supervision",
        "Child in need, referred",
        "Relative0",
        "Parental responsibility",
        "Synthetic Academy",
        "Known As",
        "Police",
        "Abuse or neglect",
        "In progress",
        "working days",
        "Note 0",
        "Addendum 0",
        "Synthetic Primary School",
        "Synthetic Family Hub",
    ):
        assert text in html, text


def test_assessment_shows_working_days_remaining(client, child, social_worker, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 16, 10, tzinfo=dt.UTC))
    episode = CINEpisodeFactory(child=child, referral_date=dt.date(2026, 3, 16))
    AssessmentFactory(episode=episode, child=child)
    client.force_login(social_worker)
    record = client.get(detail(child)).context["record"]
    due = add_working_days(dt.date(2026, 3, 16), 45)
    assert record.assessments[0].due_date == due
    assert record.assessments[0].working_days_left == 45


def test_restricted_and_overdue_alerts(client, child, social_worker):
    from opencsc.people.models import RestrictedAccess

    child.is_restricted, child.restricted_reason = True, "Relative of staff"
    child.save()
    RestrictedAccess.objects.create(person=child, user=social_worker)
    episode = CINEpisodeFactory(
        child=child, referral_date=timezone.localdate() - dt.timedelta(days=120)
    )
    AssessmentFactory(episode=episode, child=child)
    client.force_login(social_worker)
    response = client.get(detail(child))
    assert ("Restricted record", "red") in response.context["record"].alerts
    assert ("Assessment overdue", "red") in response.context["record"].alerts
    assert b"Restricted record" in response.content


def test_action_links_follow_the_route_policy(client, child, social_worker, manager):
    client.force_login(social_worker)
    actions = client.get(detail(child)).context["actions"]
    assert actions["edit"] == reverse("people:person-edit", args=[child.pk])
    assert actions["oversight_new"] is None  # managers only
    assert actions["merge"] is None and actions["access_log"] is None
    client.force_login(manager)
    actions = client.get(detail(child)).context["actions"]
    assert actions["merge"] == reverse("people:person-merge", args=[child.pk])
    assert actions["access_log"] == reverse("people:person-access-log", args=[child.pk])


@pytest.mark.urls("tests.people.urls_no_contact")
def test_links_to_pages_not_written_yet_are_left_out(client, child, social_worker):
    client.force_login(social_worker)
    response = client.get(detail(child))
    assert response.status_code == 200
    assert response.context["actions"]["contact_new"] is None


@pytest.mark.urls("tests.people.urls_contact")
def test_record_a_contact_link_carries_the_child(client, child, manager):
    client.force_login(manager)
    actions = client.get(detail(child)).context["actions"]
    assert actions["contact_new"] == f"/front-door/contacts/new/?child={child.pk}"


def test_inspector_reads_without_write_links(client, child):
    client.force_login(UserFactory(role=Role.INSPECTOR))
    response = client.get(detail(child))
    assert response.status_code == 200
    actions = response.context["actions"]
    assert actions["edit"] is None and actions["note_new"] is None


def test_record_page_query_count_is_pinned(
    client, child, social_worker, manager, team, django_assert_num_queries
):
    # 22 for the record and the page, plus 9 for "Protection and plans"
    # (people.record_protection), with or without child protection records on it, plus 5
    # for "Care and legal" (care.record: 2 with no period of care; legal.record: 3).
    load(child, worker=social_worker, manager=manager, team=team, notes=25, relatives=8)
    client.force_login(social_worker)
    client.get(detail(child))  # the session's first read of the user
    with django_assert_num_queries(36):
        response = client.get(detail(child))
    assert response.status_code == 200
    protect(child, episode=child.episodes.get(), worker=social_worker, chair=manager, rounds=4)
    with django_assert_num_queries(36):
        response = client.get(detail(child))
    assert response.status_code == 200
    protection = response.context["protection"]
    assert len(protection.cp_plans) == 4 and len(protection.conferences) == 8
    assert len(protection.cin_plans) == 4 and len(protection.emergency_powers) == 4


# --- the access log --------------------------------------------------------------------


def log_url(child) -> str:  # type: ignore[no-untyped-def]
    return reverse("people:person-access-log", args=[child.pk])


def test_access_log_for_the_childs_manager_only(client, child, manager, social_worker, other_team):
    other_manager = UserFactory(role=Role.TEAM_MANAGER, team=other_team)
    client.force_login(social_worker)
    client.get(detail(child))
    assert client.get(log_url(child)).status_code == 403  # the route policy: managers only
    client.force_login(other_manager)
    assert client.get(log_url(child)).status_code == 404
    client.force_login(manager)
    response = client.get(log_url(child))
    assert response.status_code == 200
    html = response.content.decode()
    assert escape(social_worker.get_full_name()) in html
    assert "social_worker" in html
    assert escape(social_worker.team.name) in html


def test_access_log_is_paginated_fifty_a_page(client, child, manager, social_worker):
    from opencsc.audit.services import access_record

    for _ in range(60):
        access_record(user=social_worker, action="view_record", what="Child's record", person=child)
    client.force_login(manager)
    first = client.get(log_url(child))
    assert len(first.context["page"].object_list) == 50
    second = client.get(log_url(child), {"page": 2})
    # 60 views, plus the manager's own two looks at the log.
    assert len(second.context["page"].object_list) == 12
