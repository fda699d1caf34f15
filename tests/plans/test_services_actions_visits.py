"""Plan actions and statutory visits: every rule, valid and refused, nothing half-saved."""

from __future__ import annotations

import pytest

from opencsc.core.concurrency import StaleEditError
from opencsc.plans import services
from opencsc.plans.models import PlanAction, StatutoryVisit
from tests.factories import PlanActionFactory
from tests.plans.conftest import REFERRAL, TODAY, make_cp_plan
from tests.plans.helpers import D, end, messages, refused, start

# --- plan_action_add ----------------------------------------------------------------------


def add(plan, actor, **kwargs):  # type: ignore[no-untyped-def]
    fields = {
        "what": "Mum attends the parenting course",
        "who": "Family hub parenting worker",
        "by_when": TODAY + D(days=30),
        "measure": "Calm bedtimes; full school attendance",
        **kwargs,
    }
    return services.plan_action_add(actor=actor, plan=plan, **fields)


def test_action_added_to_a_cin_plan(plan, social_worker, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):  # the insert and the savepoint pair
        action = add(plan, social_worker)
    assert (action.cin_plan, action.cp_plan, action.completed_on) == (plan, None, None)


def test_action_added_to_a_cp_plan(episode, social_worker):
    cp = make_cp_plan(episode, REFERRAL + D(days=10))
    action = add(cp, social_worker)
    assert (action.cp_plan, action.cin_plan) == (cp, None)
    assert list(cp.actions.all()) == [action]


@pytest.mark.parametrize(
    ("field", "value", "text"),
    [
        ("what", " ", "Enter what will be done"),
        ("who", "", "Enter who will do it"),
        ("measure", "", "Enter how we will know it has worked"),
        ("who", "TBC", "Name the person or service"),
        ("who", "all", "Name the person or service"),
        ("what", "ongoing", "Say exactly what will be done"),
        ("measure", "n/a", "Say what will be different"),
        ("by_when", None, "Enter the date it will be done by"),
        ("by_when", REFERRAL, "after the plan started, 9 March 2026"),
    ],
)
def test_action_must_be_specific(plan, social_worker, field, value, text):
    exc = refused(add, plan=plan, actor=social_worker, **{field: value})
    assert text in exc.message_dict[field][0]
    assert not PlanAction.objects.exists()


def test_action_refused_on_an_ended_plan(plan, social_worker):
    end(plan, social_worker)
    plan.refresh_from_db()
    exc = refused(add, plan=plan, actor=social_worker)
    assert "actions cannot be added" in messages(exc)
    assert not PlanAction.objects.exists()


# --- plan_action_complete -----------------------------------------------------------------


def complete(action, actor, on=TODAY, version=None, note="Course finished"):  # type: ignore[no-untyped-def]
    return services.plan_action_complete(
        actor=actor,
        action=action,
        expected_version=action.version if version is None else version,
        completed_on=on,
        outcome_note=note,
    )


def test_action_completed(plan, social_worker):
    action = add(plan, social_worker)
    done = complete(action, social_worker)
    assert (done.completed_on, done.outcome_note, done.version) == (TODAY, "Course finished", 2)


def test_action_completion_rules(plan, social_worker):
    action = add(plan, social_worker)
    exc = refused(complete, action=action, actor=social_worker, on=TODAY + D(days=1))
    assert "today or in the past" in exc.message_dict["completed_on"][0]
    exc = refused(complete, action=action, actor=social_worker, on=plan.start_date - D(days=1))
    assert "after the plan started" in exc.message_dict["completed_on"][0]
    action.refresh_from_db()
    assert action.completed_on is None


def test_action_completion_refused_when_already_done(plan, social_worker):
    action = add(plan, social_worker)
    complete(action, social_worker)
    exc = refused(complete, action=action, actor=social_worker)
    assert "already completed on 20 April 2026" in messages(exc)


def test_action_completion_refuses_a_stale_version(social_worker):
    action = PlanActionFactory()
    stale = action.version
    complete(action, social_worker, note="First")
    action.version = stale  # the second person's form still carries the old version
    action.completed_on = None
    with pytest.raises(StaleEditError) as info:
        complete(action, social_worker, version=stale, note="Second")
    assert info.value.current.outcome_note == "First"


# --- visit_record -------------------------------------------------------------------------


def visit(child, actor, on=TODAY, **kwargs):  # type: ignore[no-untyped-def]
    fields = {
        "child_seen": True,
        "seen_alone": True,
        "bedroom_seen": True,
        "observations": "Played with Lego; showed me their room",
        **kwargs,
    }
    return services.visit_record(actor=actor, child=child, visited_on=on, **fields)


def test_visit_during_a_cin_plan_is_a_cin_visit(plan, child, social_worker, episode):
    v = visit(child, social_worker)
    assert (v.kind, v.episode, v.visited_by, v.seen_alone, v.bedroom_seen) == (
        "cin",
        episode,
        social_worker,
        True,
        True,
    )


def test_visit_during_a_cp_plan_is_a_cp_visit(episode, child, social_worker):
    make_cp_plan(episode, REFERRAL + D(days=10))
    assert visit(child, social_worker).kind == "cp"


def test_visit_kind_follows_the_plan_open_that_day(episode, child, social_worker):
    make_cp_plan(episode, REFERRAL + D(days=10), REFERRAL + D(days=30))
    start(episode, social_worker, on=REFERRAL + D(days=30))
    assert visit(child, social_worker, on=REFERRAL + D(days=20)).kind == "cp"
    # On the handover day the child protection plan still stands.
    assert visit(child, social_worker, on=REFERRAL + D(days=30)).kind == "cp"
    assert visit(child, social_worker, on=REFERRAL + D(days=31)).kind == "cin"


def test_visit_refused_without_a_plan(episode, child, social_worker):
    exc = refused(visit, child=child, actor=social_worker)
    assert (
        "not on a child protection or child in need plan on 20 April 2026"
        in (exc.message_dict["visited_on"][0])
    )
    assert not StatutoryVisit.objects.exists()


def test_visit_refused_before_the_plan_started(plan, child, social_worker):
    exc = refused(visit, child=child, actor=social_worker, on=plan.start_date - D(days=1))
    assert "not on a child protection or child in need plan" in exc.message_dict["visited_on"][0]


@pytest.mark.parametrize(
    ("kwargs", "field", "text"),
    [
        ({"on": TODAY + D(days=1)}, "visited_on", "today or in the past"),
        ({"child_seen": False, "seen_alone": True}, "seen_alone", "cannot have been seen alone"),
        ({"observations": " "}, "observations", "what the child said and did"),
        (
            {"child_seen": False, "seen_alone": False, "observations": ""},
            "observations",
            "why the child was not seen",
        ),
    ],
)
def test_visit_rules(plan, child, social_worker, kwargs, field, text):
    exc = refused(visit, child=child, actor=social_worker, **kwargs)
    assert text in exc.message_dict[field][0]
    assert not StatutoryVisit.objects.exists()


def test_visit_refused_after_the_childs_death(plan, child, social_worker):
    child.date_of_death = TODAY - D(days=1)
    child.save()
    exc = refused(visit, child=child, actor=social_worker)
    assert "date of death, 19 April 2026" in exc.message_dict["visited_on"][0]


def test_visit_where_the_child_was_not_seen_is_recorded(plan, child, social_worker):
    v = visit(
        child,
        social_worker,
        child_seen=False,
        seen_alone=False,
        observations="No answer at the door; left a card",
    )
    assert not v.child_seen


def test_visit_record_runs_a_fixed_number_of_queries(
    plan, child, social_worker, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):  # the plan, the insert and the savepoint pair
        visit(child, social_worker)
