"""Team work: every open case of a manager's teams, and each worker's caseload."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from opencsc.accounts.models import Role
from opencsc.audit.models import AccessAction, AccessEvent
from opencsc.casework.services import oversight_add
from opencsc.insight.deadlines import QUERIES as DEADLINE_QUERIES
from opencsc.insight.selectors import team_worklist
from opencsc.people.models import RestrictedAccess
from tests.factories import TeamFactory, UserFactory
from tests.insight.builders import open_case


def test_manager_sees_every_open_case_of_their_team_with_worker_and_dates(
    today, team, social_worker, colleague, manager, other_team, outsider
):
    soon = open_case(team=team, worker=social_worker, referral_date=dt.date(2026, 1, 5))
    later = open_case(team=team, worker=colleague, referral_date=dt.date(2026, 2, 2))
    unallocated = open_case(team=team, worker=None, assessment=False)
    open_case(team=other_team, worker=outsider)
    oversight_add(actor=manager, child=later.child, direction="Visit", reasons="Drift")

    work = team_worklist(manager)

    assert [t.pk for t in work.teams] == [team.pk]
    assert [r.child_id for r in work.rows] == [soon.child.pk, later.child.pk, unallocated.child.pk]
    rows = {r.child_id: r for r in work.rows}
    assert rows[soon.child.pk].worker_name == str(social_worker)
    assert rows[soon.child.pk].days_remaining == 5
    assert rows[later.child.pk].last_oversight_at is not None
    assert rows[unallocated.child.pk].worker_name == ""
    assert work.read_only is False


def test_manager_sees_each_team_they_manage_and_can_pick_one(today, team, manager, social_worker):
    second = TeamFactory(kind="cin_cp", manager=manager)
    worker2 = UserFactory(role=Role.SOCIAL_WORKER, team=second)
    a = open_case(team=team, worker=social_worker)
    b = open_case(team=second, worker=worker2)

    both = team_worklist(manager)
    only_second = team_worklist(manager, str(second.pk))

    assert {t.pk for t in both.teams} == {team.pk, second.pk}
    assert {r.child_id for r in both.rows} == {a.child.pk, b.child.pk}
    assert [r.child_id for r in only_second.rows] == [b.child.pk]


def test_caseload_per_worker_flags_too_many_children_per_fte(today, team, manager):
    part_time = UserFactory(role=Role.SOCIAL_WORKER, team=team, fte=Decimal("0.5"))
    full_time = UserFactory(role=Role.SOCIAL_WORKER, team=team)
    for _ in range(11):
        open_case(team=team, worker=part_time, assessment=False, actor=manager)
    for _ in range(2):
        open_case(team=team, worker=full_time, actor=manager)

    loads = {c.worker_id: c for c in team_worklist(manager).caseloads}

    assert loads[part_time.pk].children == 11
    assert loads[part_time.pk].per_fte == Decimal("22.0")
    assert loads[part_time.pk].too_high is True
    assert (loads[full_time.pk].children, loads[full_time.pk].open_assessments) == (2, 2)
    assert loads[full_time.pk].too_high is False
    assert loads[manager.pk].children == 0


def test_caseload_threshold_is_configurable(today, team, manager, social_worker, settings):
    settings.OPENCSC_CASELOAD_PER_FTE_HIGH = 1
    open_case(team=team, worker=social_worker)
    open_case(team=team, worker=social_worker)
    loads = {c.worker_id: c for c in team_worklist(manager).caseloads}
    assert loads[social_worker.pk].too_high is True


def test_restricted_child_is_left_out_of_the_team_list_and_caseload(
    today, team, manager, social_worker
):
    open_case(team=team, worker=social_worker)
    hidden = open_case(team=team, worker=social_worker)
    hidden.child.is_restricted = True
    hidden.child.save()
    RestrictedAccess.objects.create(person=hidden.child, user=social_worker)

    work = team_worklist(manager)

    assert hidden.child.pk not in {r.child_id for r in work.rows}
    loads = {c.worker_id: c for c in work.caseloads}
    assert loads[social_worker.pk].children == 1


def test_social_worker_sees_their_own_team_read_only(today, team, social_worker, colleague):
    case = open_case(team=team, worker=colleague)

    work = team_worklist(social_worker)

    assert [r.child_id for r in work.rows] == [case.child.pk]
    assert work.read_only is True


@pytest.mark.parametrize("who", ["social_worker", "manager"])
def test_another_teams_worklist_is_404(request, today, team, other_team, who):
    user = request.getfixturevalue(who)
    with pytest.raises(Http404):
        team_worklist(user, str(other_team.pk))
    with pytest.raises(Http404):
        team_worklist(user, "not-a-number")


def test_head_of_service_may_open_any_team(today, team, social_worker):
    head = UserFactory(role=Role.HEAD_OF_SERVICE, team=None)
    case = open_case(team=team, worker=social_worker)

    assert team_worklist(head).teams == []  # chooses a team first
    work = team_worklist(head, team.pk)

    assert [r.child_id for r in work.rows] == [case.child.pk]
    assert work.read_only is True  # they do not manage it


def test_team_worklist_costs_the_same_queries_for_3_or_30_children(today, team, manager):
    workers = [UserFactory(role=Role.SOCIAL_WORKER, team=team) for _ in range(3)]

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            team_worklist(manager)
        return len(ctx.captured_queries)

    for i in range(3):
        open_case(team=team, worker=workers[i % 3], actor=manager)
    few = count()
    for i in range(27):
        open_case(team=team, worker=workers[i % 3], actor=manager)
    assert count() == few
    # 8 before child protection and plans; the page's deadlines add a fixed number.
    assert few <= 8 + DEADLINE_QUERIES


def test_team_work_page_lists_cases_and_caseloads_and_writes_one_access_event(
    today, client, team, manager, social_worker, django_assert_max_num_queries
):
    case = open_case(team=team, worker=social_worker, referral_date=dt.date(2025, 11, 3))
    client.force_login(manager)

    with django_assert_max_num_queries(16 + DEADLINE_QUERIES):
        response = client.get(reverse("insight:team-worklist"))

    assert response.status_code == 200
    html = response.content.decode()
    assert escape(case.child.full_name) in html  # "O'Brien" is O&#x27;Brien in HTML
    assert "Overdue" in html
    assert "Caseloads" in html and escape(str(social_worker)) in html
    (event,) = AccessEvent.objects.all()
    assert (event.user, event.action, event.what) == (manager, AccessAction.LIST, "team worklist")
    assert event.detail == team.name


def test_team_work_page_for_another_team_is_404(today, client, other_team, social_worker):
    client.force_login(social_worker)
    response = client.get(reverse("insight:team-worklist"), {"team": other_team.pk})
    assert response.status_code == 404
    assert not AccessEvent.objects.exists()


def test_team_work_page_offers_a_head_of_service_every_team(today, client, team, other_team):
    head = UserFactory(role=Role.HEAD_OF_SERVICE, team=None)
    client.force_login(head)

    html = client.get(reverse("insight:team-worklist")).content.decode()

    assert f'<option value="{team.pk}"' in html and f'<option value="{other_team.pk}"' in html
    assert "Choose a team" in html
