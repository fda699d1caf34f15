"""Child in need plan pages: access from three sides, the forms through the services,
stale saves, and query counts that do not grow with the record."""

from __future__ import annotations

import pytest

from opencsc.accounts.models import Role
from opencsc.audit.models import AccessEvent
from opencsc.plans import services
from opencsc.plans.models import ChildInNeedPlan, ChildInNeedPlanReview
from tests.factories import UserFactory
from tests.plans.conftest import REFERRAL, TODAY, make_cp_plan
from tests.plans.helpers import D, date_fields, get_as, url


def pages(plan, action, child, episode) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {
        "cin-plan-new": url("cin-plan-new", episode_id=episode.pk),
        "cin-plan-detail": url("cin-plan-detail", plan_id=plan.pk),
        "cin-plan-end": url("cin-plan-end", plan_id=plan.pk),
        "cin-plan-review-new": url("cin-plan-review-new", plan_id=plan.pk),
        "action-new": url("action-new", kind="cin", plan_id=plan.pk),
        "action-complete": url("action-complete", action_id=action.pk),
        "visit-new": url("visit-new", child_id=child.pk),
        "visit-list": url("visit-list", child_id=child.pk),
    }


# --- access from three sides --------------------------------------------------------------


@pytest.mark.parametrize(
    "page",
    [
        "cin-plan-new",
        "cin-plan-detail",
        "cin-plan-end",
        "cin-plan-review-new",
        "action-new",
        "action-complete",
        "visit-new",
        "visit-list",
    ],
)
def test_worker_and_colleague_reach_the_page_outsider_gets_404(
    client, plan, action, child, episode, social_worker, colleague, outsider, page
):
    path = pages(plan, action, child, episode)[page]
    assert get_as(client, social_worker, path).status_code == 200
    assert get_as(client, colleague, path).status_code == 200
    assert get_as(client, outsider, path).status_code == 404


def test_cp_plan_action_page_from_three_sides(client, cp_plan, social_worker, colleague, outsider):
    path = url("action-new", kind="cp", plan_id=cp_plan.pk)
    assert get_as(client, social_worker, path).status_code == 200
    assert get_as(client, colleague, path).status_code == 200
    assert get_as(client, outsider, path).status_code == 404


def test_unknown_plan_kind_and_missing_records_are_404(client, plan, social_worker):
    assert (
        get_as(client, social_worker, url("action-new", kind="xx", plan_id=plan.pk)).status_code
        == 404
    )
    assert get_as(client, social_worker, url("cin-plan-detail", plan_id=999999)).status_code == 404
    assert (
        get_as(client, social_worker, url("action-complete", action_id=999999)).status_code == 404
    )


def test_inspector_reads_but_cannot_write(client, plan, child):
    inspector = UserFactory(role=Role.INSPECTOR)
    assert get_as(client, inspector, url("cin-plan-detail", plan_id=plan.pk)).status_code == 200
    assert get_as(client, inspector, url("visit-list", child_id=child.pk)).status_code == 200
    assert get_as(client, inspector, url("cin-plan-end", plan_id=plan.pk)).status_code == 403
    assert get_as(client, inspector, url("visit-new", child_id=child.pk)).status_code == 403


def test_reading_writes_access_events(client, plan, child, social_worker):
    get_as(client, social_worker, url("cin-plan-detail", plan_id=plan.pk))
    get_as(client, social_worker, url("visit-list", child_id=child.pk))
    events = AccessEvent.objects.filter(person=child).order_by("at")
    assert [(e.user, e.action, e.what) for e in events] == [
        (social_worker, "view_record", "child in need plan"),
        (social_worker, "view_record", "statutory visits"),
    ]


# --- start a plan -------------------------------------------------------------------------


def test_start_page_offers_the_authority_standards(client, episode, social_worker):
    page = get_as(
        client, social_worker, url("cin-plan-new", episode_id=episode.pk)
    ).content.decode()
    assert 'name="review_every_months" value="3"' in page
    assert 'name="visit_every_working_days" value="20"' in page
    assert "The authority&#x27;s standard is every 20 working days" in page


def test_start_page_starts_the_plan(client, episode, social_worker):
    client.force_login(social_worker)
    response = client.post(
        url("cin-plan-new", episode_id=episode.pk),
        {
            **date_fields("start_date", TODAY),
            "review_every_months": "2",
            "visit_every_working_days": "10",
        },
    )
    plan = ChildInNeedPlan.objects.get()
    assert response.url == url("cin-plan-detail", plan_id=plan.pk)
    assert (plan.start_date, plan.review_every_months, plan.visit_every_working_days) == (
        TODAY,
        2,
        10,
    )


def test_start_page_refuses_while_a_cp_plan_is_open(client, episode, social_worker):
    make_cp_plan(episode, REFERRAL + D(days=3))
    client.force_login(social_worker)
    response = client.post(
        url("cin-plan-new", episode_id=episode.pk),
        {
            **date_fields("start_date", TODAY),
            "review_every_months": "3",
            "visit_every_working_days": "20",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page and "CIN census 4001" in page
    assert not ChildInNeedPlan.objects.exists()


def test_start_page_puts_the_rule_on_the_field(client, episode, social_worker):
    client.force_login(social_worker)
    response = client.post(
        url("cin-plan-new", episode_id=episode.pk),
        {
            **date_fields("start_date", REFERRAL - D(days=1)),
            "review_every_months": "3",
            "visit_every_working_days": "20",
        },
    )
    assert 'href="#id_start_date_day"' in response.content.decode()
    assert "CIN census 4015" in response.content.decode()


# --- the plan page ------------------------------------------------------------------------


def test_plan_page_shows_actions_reviews_and_visits(client, plan, action, child, social_worker):
    services.cin_plan_review_record(
        actor=social_worker,
        plan=plan,
        held_on=TODAY - D(days=10),
        progress="Better",
        decision="Continue",
    )
    services.visit_record(
        actor=social_worker,
        child=child,
        visited_on=TODAY - D(days=1),
        child_seen=True,
        seen_alone=True,
        observations="Well",
    )
    page = get_as(client, social_worker, url("cin-plan-detail", plan_id=plan.pk)).content.decode()
    for text in [
        "Parenting course",
        "Family hub worker",
        "Calm bedtimes",
        "Overdue",
        "Review on 10 April 2026",
        "Better",
        "10 July 2026",  # next review: 3 months after the last one
        "Next visit due",
        "18 May 2026",
        "19 working days",
    ]:
        assert text in page, text
    assert url("action-complete", action_id=action.pk) in page


def test_plan_page_query_count_does_not_grow_with_the_record(
    client, plan, child, social_worker, django_assert_max_num_queries
):
    client.force_login(social_worker)
    path = url("cin-plan-detail", plan_id=plan.pk)
    client.get(path)
    for n in range(4):
        services.plan_action_add(
            actor=social_worker,
            plan=plan,
            what=f"Action {n}",
            who="Worker",
            by_when=TODAY,
            measure="Known",
        )
        services.cin_plan_review_record(
            actor=social_worker, plan=plan, held_on=TODAY - D(days=n), progress="P", decision="D"
        )
        services.visit_record(
            actor=social_worker,
            child=child,
            visited_on=TODAY - D(days=n),
            child_seen=True,
            observations="O",
        )
    # Session, user, the plan, the child, the access event (and team), actions, reviews,
    # plans and visits.
    with django_assert_max_num_queries(14):
        assert client.get(path).status_code == 200


# --- end a plan ---------------------------------------------------------------------------


def test_end_page_ends_the_plan(client, plan, social_worker):
    client.force_login(social_worker)
    response = client.post(
        url("cin-plan-end", plan_id=plan.pk),
        {"version": plan.version, **date_fields("end_date", TODAY), "reason": "step_down"},
    )
    assert response.url == url("cin-plan-detail", plan_id=plan.pk)
    plan.refresh_from_db()
    assert (plan.end_date, plan.end_reason) == (TODAY, "step_down")


def test_end_page_refuses_a_stale_save_and_keeps_what_was_typed(
    client, plan, social_worker, colleague
):
    opened_version = plan.version
    services.cin_plan_end(
        actor=colleague,
        plan=plan,
        expected_version=plan.version,
        end_date=TODAY - D(days=2),
        reason="moved_la",
    )
    client.force_login(social_worker)
    response = client.post(
        url("cin-plan-end", plan_id=plan.pk),
        {
            "version": opened_version,
            **date_fields("end_date", TODAY - D(days=1)),
            "reason": "outcomes_met",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this record" in page
    assert 'value="19"' in page  # the day typed is still there
    assert "The plan as it is now" in page and "18 April 2026" in page
    assert "Moved to another local authority" in page
    plan.refresh_from_db()
    assert (plan.end_date, plan.end_reason) == (TODAY - D(days=2), "moved_la")


def test_end_page_redirects_once_ended(client, plan, social_worker):
    services.cin_plan_end(
        actor=social_worker,
        plan=plan,
        expected_version=plan.version,
        end_date=TODAY,
        reason="outcomes_met",
    )
    response = get_as(client, social_worker, url("cin-plan-end", plan_id=plan.pk))
    assert response.url == url("cin-plan-detail", plan_id=plan.pk)


# --- reviews ------------------------------------------------------------------------------


def test_review_recorded_through_the_page(client, plan, colleague):
    client.force_login(colleague)
    response = client.post(
        url("cin-plan-review-new", plan_id=plan.pk),
        {**date_fields("held_on", TODAY), "progress": "Attending school", "decision": "Continue"},
    )
    assert response.url == url("cin-plan-detail", plan_id=plan.pk)
    assert ChildInNeedPlanReview.objects.get().recorded_by == colleague


def test_review_page_shows_what_to_fix(client, plan, social_worker):
    client.force_login(social_worker)
    response = client.post(
        url("cin-plan-review-new", plan_id=plan.pk), date_fields("held_on", TODAY)
    )
    page = response.content.decode()
    assert "Enter progress" in page and "Enter decision" in page
    assert not ChildInNeedPlanReview.objects.exists()
