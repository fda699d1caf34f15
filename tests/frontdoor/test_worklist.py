"""The front door worklist: ordering, the decision clock, missing information, query count."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils.html import escape

from opencsc.accounts.models import Role
from opencsc.audit.models import AccessEvent
from opencsc.core.working_days import LONDON
from opencsc.frontdoor.selectors import contacts_awaiting_decision, contacts_awaiting_handover
from tests.factories import ContactFactory, PersonFactory, UserFactory
from tests.frontdoor.conftest import answer_all

# Wednesday 12 March 2025, 11:00.
NOW = dt.datetime(2025, 3, 12, 11, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def make(worker, received_at, **kwargs):
    return ContactFactory(taken_by=worker, team=worker.team, received_at=received_at, **kwargs)


@pytest.fixture
def contacts(front_door_worker):
    return {
        # Received Monday 10:00: due Tuesday 17:00, so overdue.
        "overdue": make(front_door_worker, dt.datetime(2025, 3, 10, 10, 0, tzinfo=LONDON)),
        # Received Tuesday 12:00: due today at 17:00.
        "due_today": make(front_door_worker, dt.datetime(2025, 3, 11, 12, 0, tzinfo=LONDON)),
        # Received today: due tomorrow.
        "new": make(front_door_worker, dt.datetime(2025, 3, 12, 9, 0, tzinfo=LONDON)),
    }


def test_worklist_lists_contacts_oldest_first_with_their_clock(contacts, front_door_worker):
    rows = contacts_awaiting_decision(front_door_worker)
    assert [r.contact for r in rows] == [
        contacts["overdue"],
        contacts["due_today"],
        contacts["new"],
    ]
    overdue, due_today, new = rows
    assert (overdue.overdue, overdue.due_today) == (True, False)
    assert (due_today.overdue, due_today.due_today) == (False, True)
    assert (new.overdue, new.due_today) == (False, False)
    assert overdue.age_hours == 49
    assert overdue.age_working_days == 2
    assert new.age_working_days == 0


def test_worklist_counts_missing_information(contacts, front_door_worker):
    answer_all(contacts["new"], agencies=["police", "health"])
    rows = {r.contact: r for r in contacts_awaiting_decision(front_door_worker)}
    assert rows[contacts["new"]].missing == [
        "School or education",
        "Children's social care records (our history)",
    ]
    assert len(rows[contacts["overdue"]].missing) == 4


def test_worklist_leaves_out_decided_contacts(contacts, front_door_worker):
    decided = contacts["new"]
    decided.status = "decided"
    decided.threshold, decided.decision = "universal", "nfa"
    decided.decision_rationale, decided.decided_by, decided.decided_at = "x", front_door_worker, NOW
    decided.save()
    assert decided not in [r.contact for r in contacts_awaiting_decision(front_door_worker)]


def test_worklist_filters_by_team(contacts, front_door_worker, ooh_worker):
    ooh = make(ooh_worker, dt.datetime(2025, 3, 12, 2, 0, tzinfo=LONDON), out_of_hours=True)
    assert [
        r.contact for r in contacts_awaiting_decision(front_door_worker, team=ooh_worker.team)
    ] == [ooh]
    assert ooh not in [
        r.contact
        for r in contacts_awaiting_decision(front_door_worker, team=front_door_worker.team)
    ]


def test_worklist_shows_ooh_contacts_awaiting_handover(front_door_worker, ooh_worker):
    waiting = make(ooh_worker, dt.datetime(2025, 3, 12, 2, 0, tzinfo=LONDON), out_of_hours=True)
    make(
        ooh_worker,
        dt.datetime(2025, 3, 11, 23, 0, tzinfo=LONDON),
        out_of_hours=True,
        handover_at=dt.datetime(2025, 3, 12, 8, 30, tzinfo=LONDON),
        handover_note="Handed to MASH.",
    )
    assert contacts_awaiting_handover(front_door_worker) == [waiting]


def test_worklist_hides_restricted_children(contacts, front_door_worker):
    hidden = make(
        front_door_worker, NOW - dt.timedelta(hours=1), child=PersonFactory(is_restricted=True)
    )
    assert hidden not in [r.contact for r in contacts_awaiting_decision(front_door_worker)]


def test_worklist_is_empty_for_a_team_manager_of_another_team(contacts, other_team):
    other_manager = UserFactory(role=Role.TEAM_MANAGER, team=other_team)
    assert contacts_awaiting_decision(other_manager) == []


# --- The page ----------------------------------------------------------------------------


def test_worklist_page_flags_overdue_and_due_today(client, contacts, front_door_worker):
    client.force_login(front_door_worker)
    response = client.get(reverse("frontdoor:worklist"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index(escape(contacts["overdue"].child.full_name)) < html.index(
        escape(contacts["new"].child.full_name)
    )
    assert 'govuk-tag--red">Overdue' in html
    assert 'govuk-tag--orange">Due today' in html
    assert "1 overdue, 1 due today" in html
    assert AccessEvent.objects.filter(user=front_door_worker, action="list").exists()


def test_worklist_query_count_does_not_grow_with_contacts(
    client, front_door_worker, ooh_worker, django_assert_max_num_queries
):
    client.force_login(front_door_worker)
    for hours in range(3):
        contact = make(front_door_worker, NOW - dt.timedelta(hours=hours + 1))
        answer_all(contact, agencies=["police"])
    make(ooh_worker, NOW - dt.timedelta(hours=5), out_of_hours=True)
    with django_assert_max_num_queries(10) as small:
        assert client.get(reverse("frontdoor:worklist")).status_code == 200
    for hours in range(20):
        contact = make(front_door_worker, NOW - dt.timedelta(hours=hours + 1))
        answer_all(contact, agencies=["police", "health"])
        make(ooh_worker, NOW - dt.timedelta(hours=hours + 2), out_of_hours=True)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("frontdoor:worklist"))
    assert len(response.context["rows"]) == 44


def test_worklist_page_filters_by_team(client, contacts, front_door_worker, ooh_worker):
    ooh = make(ooh_worker, NOW - dt.timedelta(hours=2), out_of_hours=True)
    client.force_login(front_door_worker)
    response = client.get(reverse("frontdoor:worklist"), {"team": ooh_worker.team.pk})
    assert [r.contact for r in response.context["rows"]] == [ooh]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.FRONT_DOOR, 200),
        (Role.OUT_OF_HOURS, 200),
        (Role.HEAD_OF_SERVICE, 200),
        (Role.INSPECTOR, 200),
        (Role.SOCIAL_WORKER, 403),
        (Role.ADMINISTRATOR, 403),
    ],
)
def test_worklist_is_for_the_roles_in_the_policy_table(db, client, role, status):
    client.force_login(UserFactory(role=role))
    assert client.get(reverse("frontdoor:worklist")).status_code == status
