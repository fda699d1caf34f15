"""Plan action and visit pages: through the services, stale saves, late visits, query
counts."""

from __future__ import annotations

import datetime as dt

from django.urls import NoReverseMatch, reverse

from opencsc.plans import services
from opencsc.plans.models import PlanAction, StatutoryVisit
from tests.plans.conftest import TODAY, make_cp_plan
from tests.plans.helpers import D, date_fields, get_as, url

# --- actions ------------------------------------------------------------------------------

ACTION = {
    "what": "Health visitor checks weight",
    "who": "Health visitor, Synthetic PCN",
    "measure": "Weight on the 25th centile",
}


def test_action_added_to_a_cin_plan_through_the_page(client, plan, social_worker):
    client.force_login(social_worker)
    response = client.post(
        url("action-new", kind="cin", plan_id=plan.pk),
        {**ACTION, **date_fields("by_when", TODAY + D(days=14))},
    )
    assert response.url == url("cin-plan-detail", plan_id=plan.pk)
    assert PlanAction.objects.get().cin_plan == plan


def test_action_added_to_a_cp_plan_returns_to_the_cp_plan(client, cp_plan, social_worker):
    client.force_login(social_worker)
    response = client.post(
        url("action-new", kind="cp", plan_id=cp_plan.pk),
        {**ACTION, **date_fields("by_when", TODAY + D(days=14))},
    )
    assert PlanAction.objects.get().cp_plan == cp_plan
    try:
        expected = reverse("protection:plan-detail", kwargs={"plan_id": cp_plan.pk})
    except NoReverseMatch:  # until the protection pages exist: the child's record
        expected = reverse("people:person-detail", args=[cp_plan.child_id])
    assert response.url == expected


def test_action_page_refuses_a_vague_action(client, plan, social_worker):
    client.force_login(social_worker)
    response = client.post(
        url("action-new", kind="cin", plan_id=plan.pk),
        {**ACTION, "who": "TBC", **date_fields("by_when", TODAY)},
    )
    assert "Name the person or service who will do it" in response.content.decode()
    assert not PlanAction.objects.exists()


def test_action_completed_through_the_page(client, action, plan, social_worker):
    client.force_login(social_worker)
    response = client.post(
        url("action-complete", action_id=action.pk),
        {"version": action.version, **date_fields("completed_on", TODAY), "outcome_note": "Done"},
    )
    assert response.url == url("cin-plan-detail", plan_id=plan.pk)
    action.refresh_from_db()
    assert (action.completed_on, action.outcome_note) == (TODAY, "Done")


def test_action_completion_stale_save_keeps_the_note(client, action, social_worker, colleague):
    opened = action.version
    services.plan_action_complete(
        actor=colleague,
        action=action,
        expected_version=opened,
        completed_on=TODAY,
        outcome_note="Colleague's note",
    )
    client.force_login(social_worker)
    response = client.post(
        url("action-complete", action_id=action.pk),
        {"version": opened, **date_fields("completed_on", TODAY), "outcome_note": "My note"},
    )
    page = response.content.decode()
    assert "Someone else changed this record" in page
    assert "My note" in page and "Colleague&#x27;s note" in page


# --- visits -------------------------------------------------------------------------------

VISIT = {
    "child_seen": "yes",
    "seen_alone": "yes",
    "bedroom_seen": "no",
    "observations": "Showed me drawings",
}


def test_visit_recorded_through_the_page(client, plan, child, social_worker):
    client.force_login(social_worker)
    response = client.post(
        url("visit-new", child_id=child.pk), {**VISIT, **date_fields("visited_on", TODAY)}
    )
    assert response.url == url("visit-list", child_id=child.pk)
    v = StatutoryVisit.objects.get()
    assert (v.kind, v.child_seen, v.seen_alone, v.bedroom_seen) == ("cin", True, True, False)


def test_visit_page_refuses_seen_alone_when_not_seen(client, plan, child, social_worker):
    client.force_login(social_worker)
    response = client.post(
        url("visit-new", child_id=child.pk),
        {**VISIT, "child_seen": "no", **date_fields("visited_on", TODAY)},
    )
    assert "cannot have been seen alone" in response.content.decode()
    assert not StatutoryVisit.objects.exists()


def test_visit_page_without_a_plan_says_so(client, episode, child, social_worker):
    client.force_login(social_worker)
    assert "has no open plan" in client.get(url("visit-new", child_id=child.pk)).content.decode()
    response = client.post(
        url("visit-new", child_id=child.pk), {**VISIT, **date_fields("visited_on", TODAY)}
    )
    assert "not on a child protection or child in need plan" in response.content.decode()


def test_visit_list_flags_late_visits_and_the_next_due_date(client, episode, child, social_worker):
    make_cp_plan(episode, dt.date(2026, 3, 2))
    for on in (dt.date(2026, 3, 16), dt.date(2026, 4, 1)):
        services.visit_record(
            actor=social_worker, child=child, visited_on=on, child_seen=True, observations="O"
        )
    page = get_as(client, social_worker, url("visit-list", child_id=child.pk)).content.decode()
    assert "Visits (1 late)" in page
    assert "due by 30 March 2026" in page
    assert "17 April 2026" in page and "Overdue by 1 working day" in page
    assert "10 working days between visits" in page


def test_visit_list_query_count_does_not_grow(
    client, plan, child, social_worker, django_assert_max_num_queries
):
    client.force_login(social_worker)
    path = url("visit-list", child_id=child.pk)
    client.get(path)
    for n in range(6):
        services.visit_record(
            actor=social_worker,
            child=child,
            visited_on=TODAY - D(days=n),
            child_seen=True,
            observations="O",
        )
    # Session, user, the child, the access event (and team), plans and visits.
    with django_assert_max_num_queries(10):
        assert client.get(path).status_code == 200
