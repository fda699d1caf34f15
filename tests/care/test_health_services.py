"""Recording the looked-after child's health checks, SDQs, convictions and substance
misuse: each rule of the services, with the 903 OC2 rule it keeps."""

from __future__ import annotations

import datetime as dt

import pytest

from opencsc.care.models import HealthCheck, SDQScore
from opencsc.care.services import health as services
from tests.care.conftest import TODAY
from tests.care.test_health_support import D, make_period, refused, text

START = dt.date(2025, 1, 6)
YESTERDAY = TODAY - D(days=1)


@pytest.fixture
def period(child, episode):
    return make_period(child, episode, START)


def check(child, actor, kind="dental", on=YESTERDAY, **kwargs):  # type: ignore[no-untyped-def]
    return services.health_check_record(actor=actor, child=child, kind=kind, done_on=on, **kwargs)


def test_health_check_recorded_while_looked_after(period, child, social_worker):
    made = check(child, social_worker, notes="  All fine ")
    assert made.kind == "dental"
    assert made.notes == "All fine"
    assert made.up_to_date is None


def test_health_check_refused_when_not_looked_after(child, episode, social_worker):
    make_period(child, episode, START, START + D(days=30))
    exc = refused(check, child=child, actor=social_worker, on=START + D(days=40))
    assert "was not looked after" in text(exc)


def test_health_check_refused_in_the_future_or_before_birth(period, child, social_worker):
    assert "today or in the past" in text(
        refused(check, child=child, actor=social_worker, on=TODAY + D(days=1))
    )
    assert "date of birth" in text(
        refused(check, child=child, actor=social_worker, on=child.date_of_birth - D(days=1))
    )


def test_health_check_refused_for_unknown_kind(period, child, social_worker):
    assert "Select what was done" in text(
        refused(check, child=child, actor=social_worker, kind="x")
    )


def test_immunisations_review_says_whether_up_to_date(period, child, social_worker):
    exc = refused(check, child=child, actor=social_worker, kind="immunisations")
    assert "up to date" in exc.message_dict["up_to_date"][0]
    made = check(child, social_worker, kind="immunisations", up_to_date=False)
    assert made.up_to_date is False


def test_only_immunisations_review_records_up_to_date(period, child, social_worker):
    exc = refused(check, child=child, actor=social_worker, kind="dental", up_to_date=True)
    assert "up_to_date" in exc.message_dict


def test_development_check_refused_from_five(period, child, social_worker):
    # 903 rules 545/546: the child is ten.
    exc = refused(check, child=child, actor=social_worker, kind="development")
    assert "under 5" in text(exc)


def test_development_check_recorded_under_five(period, child, social_worker):
    child.date_of_birth = dt.date(2023, 5, 1)
    child.save()
    assert check(child, social_worker, kind="development").kind == "development"


def test_second_initial_assessment_in_a_period_refused(period, child, social_worker):
    check(child, social_worker, kind="initial", on=START + D(days=10))
    exc = refused(check, child=child, actor=social_worker, kind="initial")
    assert "already recorded" in text(exc)
    assert check(child, social_worker, kind="review").kind == "review"


def test_initial_assessment_again_in_a_new_period(child, episode, social_worker):
    make_period(child, episode, START, START + D(days=30))
    check(child, social_worker, kind="initial", on=START + D(days=5))
    make_period(child, episode, START + D(days=60))
    assert check(child, social_worker, kind="initial", on=START + D(days=65)).pk
    assert HealthCheck.objects.filter(child=child, kind="initial").count() == 2


# --- SDQ ----------------------------------------------------------------------------------


def sdq(child, actor, on=YESTERDAY, **kwargs):  # type: ignore[no-untyped-def]
    return services.sdq_record(actor=actor, child=child, completed_on=on, **kwargs)


def test_sdq_score_recorded(period, child, social_worker):
    assert sdq(child, social_worker, score=14).score == 14


def test_sdq_needs_score_or_reason(period, child, social_worker):
    assert "score" in refused(sdq, child=child, actor=social_worker).message_dict


def test_sdq_refuses_score_and_reason_together(period, child, social_worker):
    # 903 rule 197a
    exc = refused(sdq, child=child, actor=social_worker, score=3, reason="SDQ5")
    assert "not both" in text(exc)


@pytest.mark.parametrize("score", [-1, 41])
def test_sdq_score_between_0_and_40(period, child, social_worker, score):
    # 903 rule 180
    assert "between 0 and 40" in text(refused(sdq, child=child, actor=social_worker, score=score))


def test_sdq_reason_must_be_a_903_code(period, child, social_worker):
    # 903 rule 196
    assert "reason" in refused(sdq, child=child, actor=social_worker, reason="SDQ9").message_dict


def test_sdq1_refused_for_a_child_aged_4_to_16(period, child, social_worker):
    # 903 rule 157: the child is ten.
    exc = refused(sdq, child=child, actor=social_worker, reason="SDQ1")
    assert "does not apply" in text(exc)
    assert sdq(child, social_worker, reason="SDQ2").reason == "SDQ2"


@pytest.mark.parametrize("born", [dt.date(2022, 6, 1), dt.date(2009, 1, 1)])
def test_sdq1_recorded_under_4_or_over_16(child, episode, social_worker, born):
    child.date_of_birth = born
    child.save()
    make_period(child, episode, max(START, born))
    assert sdq(child, social_worker, reason="SDQ1").reason == "SDQ1"
    assert SDQScore.objects.filter(child=child).count() == 1


def test_sdq_refused_when_not_looked_after(child, episode, social_worker):
    assert "was not looked after" in text(refused(sdq, child=child, actor=social_worker, score=10))


# --- convictions and substance misuse -------------------------------------------------------


def test_conviction_recorded(period, child, social_worker):
    made = services.conviction_record(
        actor=social_worker, child=child, convicted_on=TODAY, description="Youth caution"
    )
    assert made.description == "Youth caution"


def test_conviction_refused_under_ten(child, episode, social_worker):
    # CYPA 1933 s.50; 903 rule 542
    child.date_of_birth = dt.date(2016, 6, 1)
    child.save()
    make_period(child, episode, START)
    exc = refused(
        services.conviction_record,
        actor=social_worker,
        child=child,
        convicted_on=TODAY,
        description="Theft",
    )
    assert "under 10" in text(exc)


def test_conviction_needs_a_description(period, child, social_worker):
    exc = refused(
        services.conviction_record,
        actor=social_worker,
        child=child,
        convicted_on=TODAY,
        description=" ",
    )
    assert "description" in exc.message_dict


def misuse(child, actor, offered, received, on=TODAY):  # type: ignore[no-untyped-def]
    return services.substance_misuse_record(
        actor=actor,
        child=child,
        identified_on=on,
        intervention_offered=offered,
        intervention_received=received,
    )


def test_substance_misuse_recorded(period, child, social_worker):
    made = misuse(child, social_worker, True, False)
    assert (made.intervention_offered, made.intervention_received) == (True, False)


def test_intervention_received_must_have_been_offered(period, child, social_worker):
    # 903 rules 158/159
    exc = refused(misuse, child=child, actor=social_worker, offered=False, received=True)
    assert "intervention_received" in exc.message_dict


def test_substance_misuse_needs_both_answers(period, child, social_worker):
    exc = refused(misuse, child=child, actor=social_worker, offered=None, received=None)
    assert set(exc.message_dict) == {"intervention_offered", "intervention_received"}
