"""My work: a social worker's children, most urgent first, and a manager's authorisations."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape

from opencsc.accounts.models import Role
from opencsc.audit.models import AccessAction, AccessEvent
from opencsc.casework.services import (
    allocation_add_coworker,
    circumstance_change_record,
    oversight_add,
    supervision_record,
)
from opencsc.insight.deadlines import QUERIES as DEADLINE_QUERIES
from opencsc.insight.selectors import PER_PAGE, my_worklist
from opencsc.people.models import RestrictedAccess
from tests.factories import ContactFactory, UserFactory
from tests.insight.builders import authorised, open_case, submitted


def test_worklist_lists_children_allocated_to_the_worker_most_urgent_first(
    today, team, social_worker, colleague, manager
):
    # Referrals 5 Jan, 19 Jan and 12 Feb 2026: assessments due 45 working days later,
    # 9 Mar, 23 Mar and 20 Apr (Good Friday and Easter Monday fall in between).
    later = open_case(team=team, worker=social_worker, referral_date=dt.date(2026, 2, 12))
    soon = open_case(team=team, worker=social_worker, referral_date=dt.date(2026, 1, 5))
    middle = open_case(team=team, worker=social_worker, referral_date=dt.date(2026, 1, 19))
    overdue = open_case(team=team, worker=social_worker, referral_date=dt.date(2025, 11, 3))
    no_assessment = open_case(team=team, worker=social_worker, assessment=False)
    open_case(team=team, worker=colleague)  # not theirs

    work = my_worklist(social_worker)

    assert work.kind == "caseload"
    assert [r.child_id for r in work.rows] == [
        c.child.pk for c in (overdue, soon, middle, later, no_assessment)
    ]
    by_child = {r.child_id: r for r in work.rows}
    assert by_child[soon.child.pk].assessment_due == dt.date(2026, 3, 9)
    assert by_child[soon.child.pk].days_remaining == 5
    assert by_child[soon.child.pk].urgency == "Due in 5 working days"
    assert by_child[middle.child.pk].days_remaining == 15
    assert by_child[later.child.pk].assessment_due == dt.date(2026, 4, 20)
    assert by_child[overdue.child.pk].is_overdue
    assert by_child[overdue.child.pk].urgency == "Overdue"
    assert by_child[no_assessment.child.pk].assessment_id is None
    assert by_child[no_assessment.child.pk].urgency == ""


def test_worklist_row_shows_team_age_referral_oversight_and_supervision(
    today, team, social_worker, manager
):
    case = open_case(team=team, worker=social_worker, referral_date=dt.date(2026, 2, 2))
    case.child.date_of_birth = dt.date(2016, 3, 3)  # 9 until tomorrow
    case.child.save()
    oversight_add(
        actor=manager, child=case.child, direction="Visit weekly", reasons="Neglect concerns"
    )
    supervision_record(
        actor=manager,
        child=case.child,
        worker=social_worker,
        held_on=dt.date(2026, 2, 20),
        reflection="Plan is drifting",
    )

    (row,) = my_worklist(social_worker).rows

    assert row.name == case.child.full_name
    assert row.age == 9
    assert row.team_name == team.name
    assert row.referral_date == dt.date(2026, 2, 2)
    assert row.last_oversight_at is not None
    assert row.last_oversight_at.date() == today
    assert row.last_supervision_on == dt.date(2026, 2, 20)
    assert row.circumstances_changed is False


def test_worklist_prompts_an_update_when_circumstances_changed_after_authorisation(
    today, time_machine, team, social_worker, manager
):
    case = open_case(team=team, worker=social_worker, referral_date=dt.date(2026, 2, 2))
    authorised(case.assessment, worker=social_worker, manager=manager)
    time_machine.shift(dt.timedelta(hours=2))
    circumstance_change_record(
        actor=social_worker, child=case.child, occurred_on=today, description="Father moved in"
    )

    (row,) = my_worklist(social_worker).rows

    assert row.circumstances_changed is True
    assert row.assessment_id is None  # the authorised assessment is no longer open


def test_co_worker_sees_the_child_marked_as_co_worker(today, team, social_worker, colleague):
    case = open_case(team=team, worker=colleague)
    allocation_add_coworker(
        actor=colleague, child=case.child, team=team, worker=social_worker, start_date=today
    )

    (row,) = my_worklist(social_worker).rows

    assert row.child_id == case.child.pk
    assert row.allocation_role == "co_worker"
    assert my_worklist(colleague).rows[0].allocation_role == "primary"


def test_manager_sees_assessments_awaiting_their_authorisation_for_teams_they_manage(
    today, team, other_team, social_worker, manager, outsider
):
    mine = open_case(team=team, worker=social_worker, referral_date=dt.date(2026, 2, 2))
    submitted(mine.assessment, worker=social_worker)
    open_case(team=team, worker=social_worker)  # in progress: not awaiting
    theirs = open_case(team=other_team, worker=outsider, referral_date=dt.date(2026, 2, 2))
    submitted(theirs.assessment, worker=outsider)

    work = my_worklist(manager)

    assert work.shows_authorisation
    assert [a.assessment_id for a in work.awaiting_authorisation] == [mine.assessment.pk]
    assert work.awaiting_authorisation[0].worker_name == str(social_worker)
    assert not my_worklist(social_worker).shows_authorisation


def test_summary_counts_open_and_overdue_work_by_team(today, team, other_team, social_worker):
    head = UserFactory(role=Role.HEAD_OF_SERVICE, team=None)
    open_case(team=team, worker=social_worker, referral_date=dt.date(2026, 2, 2))
    open_case(team=team, worker=social_worker, referral_date=dt.date(2025, 11, 3))  # overdue
    open_case(team=other_team, referral_date=dt.date(2026, 2, 2))
    contact = ContactFactory()  # received an hour ago: not yet overdue
    ContactFactory(
        taken_by=contact.taken_by,
        team=contact.team,
        received_at=dt.datetime(2026, 2, 23, 9, 0, tzinfo=dt.UTC),
    )

    work = my_worklist(head)

    assert work.kind == "summary"
    by_team = {s.team_name: s for s in work.summary}
    assert (by_team[team.name].open_assessments, by_team[team.name].overdue_assessments) == (2, 1)
    assert by_team[other_team.name].open_assessments == 1
    front_door = by_team[contact.team.name]
    assert (front_door.contacts_awaiting, front_door.contacts_overdue) == (2, 1)
    total = work.summary_total
    assert (total.open_assessments, total.overdue_assessments) == (3, 1)
    assert (total.contacts_awaiting, total.contacts_overdue) == (2, 1)


def test_summary_counts_leave_out_restricted_records_the_viewer_is_not_named_on(
    today, team, social_worker
):
    analyst = UserFactory(role=Role.PERFORMANCE_ANALYST, team=None)
    inspector = UserFactory(role=Role.INSPECTOR, team=None)
    open_case(team=team, worker=social_worker)
    hidden = open_case(team=team, worker=social_worker)
    hidden.child.is_restricted = True
    hidden.child.restricted_reason = "Staff member's child"
    hidden.child.save()
    ContactFactory(child=hidden.child)
    RestrictedAccess.objects.create(person=hidden.child, user=inspector)

    analyst_total = my_worklist(analyst).summary_total
    inspector_total = my_worklist(inspector).summary_total

    assert (analyst_total.open_assessments, analyst_total.contacts_awaiting) == (1, 0)
    assert (inspector_total.open_assessments, inspector_total.contacts_awaiting) == (2, 1)


def test_front_door_worklist_is_contacts_awaiting_decision_due_first(today, front_door_worker):
    later = ContactFactory(taken_by=front_door_worker, team=front_door_worker.team)
    earlier = ContactFactory(
        taken_by=front_door_worker,
        team=front_door_worker.team,
        received_at=dt.datetime(2026, 2, 23, 9, 0, tzinfo=dt.UTC),
    )

    work = my_worklist(front_door_worker)

    assert work.kind == "front_door"
    assert [c.contact_id for c in work.contacts] == [earlier.pk, later.pk]
    assert [c.is_overdue for c in work.contacts] == [True, False]


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.TEAM_MANAGER])
def test_worklist_costs_the_same_queries_for_3_or_30_children(today, team, role):
    worker = UserFactory(role=role, team=team)
    if role == Role.TEAM_MANAGER:
        team.manager = worker
        team.save()
    manager = UserFactory(role=Role.TEAM_MANAGER, team=team)
    for _ in range(3):
        case = open_case(team=team, worker=worker, actor=manager)
    authorised(
        case.assessment, worker=worker, manager=worker if role == Role.TEAM_MANAGER else manager
    )
    few = _queries(lambda: my_worklist(worker))
    for _ in range(27):
        open_case(team=team, worker=worker, actor=manager)
    many = _queries(lambda: my_worklist(worker))
    assert few == many
    # 7 before child protection and plans; the page's deadlines add a fixed number.
    assert many <= 7 + DEADLINE_QUERIES


def test_summary_costs_the_same_queries_for_3_or_30_children(today, team, social_worker):
    head = UserFactory(role=Role.HEAD_OF_SERVICE, team=team)
    for _ in range(3):
        open_case(team=team, worker=social_worker)
    few = _queries(lambda: my_worklist(head))
    for _ in range(27):
        open_case(team=team, worker=social_worker)
    assert _queries(lambda: my_worklist(head)) == few


def test_worklist_pages_fifty_children_at_a_time(today, team, social_worker, client):
    for _ in range(PER_PAGE + 1):
        open_case(team=team, worker=social_worker, assessment=False)
    assert len(my_worklist(social_worker).rows) == PER_PAGE
    assert len(my_worklist(social_worker, page=2).rows) == 1

    client.force_login(social_worker)
    response = client.get(reverse("insight:my-worklist"), {"page": 2})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="govuk-pagination"' in html
    assert 'aria-current="page">2<' in html
    assert 'rel="prev"' in html and 'rel="next"' not in html


# --- The page -------------------------------------------------------------------------------


def test_my_work_page_shows_the_worklist_and_writes_one_access_event(
    today, client, team, social_worker, django_assert_max_num_queries
):
    case = open_case(team=team, worker=social_worker, referral_date=dt.date(2026, 1, 5))
    client.force_login(social_worker)

    with django_assert_max_num_queries(14 + DEADLINE_QUERIES):
        response = client.get(reverse("insight:my-worklist"))

    assert response.status_code == 200
    html = response.content.decode()
    assert escape(case.child.full_name) in html
    assert "Due in 5 working days" in html
    (event,) = AccessEvent.objects.all()
    assert (event.user, event.action, event.what) == (
        social_worker,
        AccessAction.LIST,
        "my worklist",
    )


def test_my_work_page_for_a_manager_lists_assessments_to_authorise(
    today, client, team, social_worker, manager
):
    case = open_case(team=team, worker=social_worker, referral_date=dt.date(2026, 2, 2))
    submitted(case.assessment, worker=social_worker)
    client.force_login(manager)

    response = client.get(reverse("insight:my-worklist"))

    html = response.content.decode()
    assert "Assessments awaiting your authorisation" in html
    assert escape(case.child.full_name) in html


def test_my_work_page_for_a_head_of_service_shows_counts_by_team(
    today, client, team, social_worker
):
    head = UserFactory(role=Role.HEAD_OF_SERVICE, team=None)
    open_case(team=team, worker=social_worker)
    client.force_login(head)

    response = client.get(reverse("insight:my-worklist"))

    assert response.status_code == 200
    assert "Open work by team" in response.content.decode()
    assert AccessEvent.objects.filter(user=head, what="my worklist").count() == 1


def test_front_door_user_goes_to_the_front_door_worklist(today, client, front_door_worker):
    contact = ContactFactory(taken_by=front_door_worker, team=front_door_worker.team)
    client.force_login(front_door_worker)

    response = client.get(reverse("insight:my-worklist"))

    try:
        target = reverse("frontdoor:worklist")
    except NoReverseMatch:
        # Until the front door's own worklist exists, My work shows its contacts.
        assert response.status_code == 200
        assert escape(contact.child.full_name) in response.content.decode()
        assert AccessEvent.objects.filter(what="my worklist").count() == 1
    else:
        assert response.status_code == 302
        assert response["Location"] == target
        assert not AccessEvent.objects.filter(what="my worklist").exists()


def test_my_work_is_refused_to_administrators(client, db):
    admin = UserFactory(role=Role.ADMINISTRATOR, team=None)
    client.force_login(admin)
    assert client.get(reverse("insight:my-worklist")).status_code == 403


def test_my_work_sends_anonymous_visitors_to_sign_in(client, db):
    response = client.get(reverse("insight:my-worklist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))
