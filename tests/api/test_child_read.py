"""GET /api/v1/children/{id}: the record for those who may see it, 404 for everyone else."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from opencsc.accounts.models import Role
from opencsc.audit.models import AccessAction, AccessEvent
from opencsc.people.models import PersonDisability
from tests.factories import UserFactory
from tests.insight.builders import open_case


def url(pk: int) -> str:
    return reverse("api:child-read", kwargs={"id": pk})


def test_allocated_worker_reads_the_childs_record(
    client, api_as, team, social_worker, django_assert_max_num_queries
):
    case = open_case(team=team, worker=social_worker, referral_date=dt.date(2026, 1, 5))
    PersonDisability.objects.create(person=case.child, code="HAND")
    headers = api_as(social_worker)

    with django_assert_max_num_queries(10):
        response = client.get(url(case.child.pk), **headers)

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == case.child.pk
    assert body["la_child_id"] == case.child.la_child_id
    assert body["first_name"] == case.child.first_name
    assert body["date_of_birth"] == case.child.date_of_birth.isoformat()
    assert body["disabilities"] == [
        {"code": "HAND", "label": PersonDisability(code="HAND").get_code_display()}
    ]
    assert body["open_episode"]["id"] == case.episode.pk
    assert body["open_episode"]["referral_date"] == "2026-01-05"
    assert body["allocations"][0]["team"] == team.name
    assert body["allocations"][0]["worker"] == str(social_worker)
    (assessment,) = body["assessments"]
    assert assessment["status"] == "in_progress"
    assert assessment["due_date"] == case.assessment.due_date.isoformat()


def test_reading_a_record_writes_one_access_event(client, api_as, team, social_worker):
    case = open_case(team=team, worker=social_worker)

    client.get(url(case.child.pk), REMOTE_ADDR="192.0.2.7", **api_as(social_worker))

    (event,) = AccessEvent.objects.all()
    assert event.action == AccessAction.API_READ
    assert (event.user, event.person, event.ip_address) == (social_worker, case.child, "192.0.2.7")
    assert event.team_name == team.name


@pytest.mark.parametrize("who", ["social_worker", "colleague"])
def test_worker_and_team_colleague_may_read(request, client, api_as, team, social_worker, who):
    case = open_case(team=team, worker=social_worker)
    user = request.getfixturevalue(who)
    assert client.get(url(case.child.pk), **api_as(user)).status_code == 200


def test_outsider_and_missing_child_get_the_same_404(client, api_as, team, social_worker, outsider):
    case = open_case(team=team, worker=social_worker)
    headers = api_as(outsider)

    not_theirs = client.get(url(case.child.pk), **headers)
    missing = client.get(url(case.child.pk + 1000), **headers)

    assert not_theirs.status_code == missing.status_code == 404
    assert not_theirs.json() == missing.json()
    assert not AccessEvent.objects.exists()


def test_partner_agency_may_not_read_records(client, api_as, partner, team, social_worker):
    case = open_case(team=team, worker=social_worker)
    response = client.get(url(case.child.pk), **api_as(partner))
    assert response.status_code == 403


def test_inspector_reads_any_unrestricted_record(client, api_as, team, social_worker):
    case = open_case(team=team, worker=social_worker)
    inspector = UserFactory(role=Role.INSPECTOR, team=None)
    assert client.get(url(case.child.pk), **api_as(inspector)).status_code == 200
