"""A child's case status on any date (Annex A list 6), one child or many."""

from __future__ import annotations

import datetime as dt

import pytest

from opencsc.casework import status as case_status
from opencsc.casework.status import (
    ANNEX_A_CASE_STATUS,
    CaseStatus,
    case_status_on,
    case_statuses_on,
)
from tests.factories import (
    AssessmentFactory,
    ChildInNeedPlanFactory,
    CINEpisodeFactory,
    PersonFactory,
    UserFactory,
)
from tests.plans.conftest import REFERRAL, TODAY, make_cp_plan

D = dt.timedelta


def test_never_referred_is_closed(db):
    assert case_status_on(PersonFactory(), TODAY) == CaseStatus.CLOSED


def test_open_episode_with_nothing_else_is_open(episode, child):
    assert case_status_on(child, TODAY) == CaseStatus.OPEN
    assert case_status_on(child, REFERRAL - D(days=1)) == CaseStatus.CLOSED


def test_closed_episode_is_closed_from_its_closure_date(episode, child):
    episode.closure_date, episode.closure_reason = TODAY - D(days=5), "RC8"
    episode.save()
    assert case_status_on(child, TODAY - D(days=6)) == CaseStatus.OPEN
    assert case_status_on(child, TODAY - D(days=5)) == CaseStatus.CLOSED


def test_open_assessment_until_authorised(episode, child):
    assessment = AssessmentFactory(episode=episode, start_date=REFERRAL + D(days=1))
    assert case_status_on(child, REFERRAL) == CaseStatus.OPEN
    assert case_status_on(child, TODAY) == CaseStatus.OPEN_ASSESSMENT
    assessment.status, assessment.authorised_on = "authorised", TODAY - D(days=3)
    assessment.analysis, assessment.outcome, assessment.factors = "A", "cin_plan", ["16A"]
    assessment.authorised_by = UserFactory()
    assessment.save()
    assert case_status_on(child, TODAY - D(days=4)) == CaseStatus.OPEN_ASSESSMENT
    assert case_status_on(child, TODAY) == CaseStatus.OPEN


def test_cin_plan_outranks_an_open_assessment(episode, child):
    AssessmentFactory(episode=episode)
    ChildInNeedPlanFactory(episode=episode, start_date=REFERRAL + D(days=10))
    assert case_status_on(child, TODAY) == CaseStatus.CIN_PLAN


def test_cp_plan_then_step_down_to_cin_plan(episode, child):
    handover = REFERRAL + D(days=30)
    make_cp_plan(episode, REFERRAL + D(days=10), handover)
    ChildInNeedPlanFactory(episode=episode, start_date=handover)
    assert case_status_on(child, REFERRAL + D(days=10)) == CaseStatus.CP_PLAN
    assert case_status_on(child, handover - D(days=1)) == CaseStatus.CP_PLAN
    # On the day one plan hands over to the other, the new plan stands.
    assert case_status_on(child, handover) == CaseStatus.CIN_PLAN


def test_looked_after_comes_first(episode, child, social_worker):
    from opencsc.care.models import CarePeriod

    make_cp_plan(episode, REFERRAL)
    assert case_status_on(child, TODAY) == CaseStatus.CP_PLAN
    # Made directly: the care services are tested in tests/care.
    CarePeriod.objects.create(
        child=child, episode=episode, start_date=TODAY, recorded_by=social_worker
    )
    assert case_status_on(child, TODAY) == CaseStatus.LOOKED_AFTER
    assert case_status_on(child, TODAY - dt.timedelta(days=1)) == CaseStatus.CP_PLAN
    assert case_status.looked_after_child_ids_on([child.pk], TODAY) == {child.pk}


def test_case_statuses_for_many_children_in_one_query(db, django_assert_num_queries):
    children = {}
    for expected in CaseStatus:
        if expected == CaseStatus.LOOKED_AFTER:
            continue
        if expected == CaseStatus.CLOSED:
            children[PersonFactory().pk] = expected
            continue
        episode = CINEpisodeFactory(referral_date=REFERRAL)
        if expected == CaseStatus.CP_PLAN:
            make_cp_plan(episode, REFERRAL)
        elif expected == CaseStatus.CIN_PLAN:
            ChildInNeedPlanFactory(episode=episode)
        elif expected == CaseStatus.OPEN_ASSESSMENT:
            AssessmentFactory(episode=episode)
        children[episode.child_id] = expected
    with django_assert_num_queries(1):
        statuses = case_statuses_on(children, TODAY)
    assert statuses == children


def test_no_children_no_query(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert case_statuses_on([], TODAY) == {}


@pytest.mark.parametrize("status", list(CaseStatus))
def test_every_status_has_an_annex_a_code(status):
    assert ANNEX_A_CASE_STATUS[status][:2] in {"a)", "b)", "c)", "d)", "e)"}
