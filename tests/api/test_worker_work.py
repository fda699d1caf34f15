"""GET /api/v1/workers/me/work: the caller's worklist, the same as "My work"."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from opencsc.accounts.models import Role
from opencsc.audit.models import AccessAction, AccessEvent
from opencsc.insight.deadlines import QUERIES as DEADLINE_QUERIES
from opencsc.insight.selectors import my_worklist
from tests.factories import ContactFactory, UserFactory
from tests.insight.builders import open_case, submitted

URL = "/api/v1/workers/me/work"


def test_url_name_is_the_policy_name():
    assert reverse("api:worker-work") == URL


def test_social_worker_gets_their_children_most_urgent_first(
    today, client, api_as, team, social_worker, django_assert_max_num_queries
):
    later = open_case(team=team, worker=social_worker, referral_date=dt.date(2026, 2, 2))
    soon = open_case(team=team, worker=social_worker, referral_date=dt.date(2026, 1, 5))
    headers = api_as(social_worker)

    # The worklist's rows carry their protection and plan deadlines (insight.deadlines).
    with django_assert_max_num_queries(10 + DEADLINE_QUERIES):
        response = client.get(URL, **headers)

    assert response.status_code == 200
    body = response.json()
    assert body["kind"] == "caseload"
    assert (body["page"], body["pages"], body["count"]) == (1, 1, 2)
    assert [c["child_id"] for c in body["children"]] == [soon.child.pk, later.child.pk]
    first = body["children"][0]
    assert first["working_days_remaining"] == 5
    assert first["urgency"] == "Due in 5 working days"
    assert first["assessment_due"] == "2026-03-09"
    assert [c["child_id"] for c in body["children"]] == [
        r.child_id for r in my_worklist(social_worker).rows
    ]
    (event,) = AccessEvent.objects.all()
    assert (event.action, event.user) == (AccessAction.LIST, social_worker)


def test_manager_gets_assessments_awaiting_authorisation(
    today, client, api_as, team, social_worker, manager
):
    case = open_case(team=team, worker=social_worker, referral_date=dt.date(2026, 2, 2))
    submitted(case.assessment, worker=social_worker)

    body = client.get(URL, **api_as(manager)).json()

    assert [a["assessment_id"] for a in body["awaiting_authorisation"]] == [case.assessment.pk]


def test_front_door_worker_gets_contacts_awaiting_decision(
    today, client, api_as, front_door_worker
):
    contact = ContactFactory(taken_by=front_door_worker, team=front_door_worker.team)

    body = client.get(URL, **api_as(front_door_worker)).json()

    assert body["kind"] == "front_door"
    assert [c["contact_id"] for c in body["contacts"]] == [contact.pk]


def test_analyst_gets_counts_by_team(today, client, api_as, team, social_worker):
    analyst = UserFactory(role=Role.PERFORMANCE_ANALYST, team=None)
    open_case(team=team, worker=social_worker)

    body = client.get(URL, **api_as(analyst)).json()

    assert body["kind"] == "summary"
    (row,) = [s for s in body["summary"] if s["team_id"] == team.pk]
    assert row["open_assessments"] == 1


def test_second_page(today, client, api_as, team, social_worker):
    for _ in range(51):
        open_case(team=team, worker=social_worker, assessment=False)
    body = client.get(URL, {"page": 2}, **api_as(social_worker)).json()
    assert (body["page"], body["pages"], body["count"], len(body["children"])) == (2, 2, 51, 1)


def test_each_child_carries_its_protection_and_plan_deadlines(
    today, client, api_as, team, social_worker
):
    from opencsc.core.working_days import icpc_due
    from tests.factories import Section47EnquiryFactory

    case = open_case(team=team, worker=social_worker, referral_date=dt.date(2026, 2, 16))
    Section47EnquiryFactory(episode=case.episode, start_date=dt.date(2026, 2, 16))

    (row,) = client.get(URL, **api_as(social_worker)).json()["children"]

    due = icpc_due(dt.date(2026, 2, 16))
    assert [(d["kind"], d["due_date"]) for d in row["deadlines"]] == [("icpc", due.isoformat())]
    assert row["deadlines"][0]["working_days_remaining"] == 5  # 2 to 9 March 2026
