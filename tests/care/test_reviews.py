"""Looked-after reviews, IRO contacts, care plans and the review of a care order at home."""

from __future__ import annotations

import datetime as dt

import pytest

from opencsc.care import services
from opencsc.care.models import PlacedWithParentsReview
from tests.care.helpers import START, D, change, messages, refused, start


def review(period, actor, chair, on=None, participation="PN1", **kwargs):  # type: ignore[no-untyped-def]
    return services.review_record(
        actor=actor,
        period=period,
        held_on=on or START + D(days=20),
        participation=participation,
        chair=chair,
        decisions=kwargs.pop("decisions", "Stay with carers."),
        **kwargs,
    )


def test_a_review_is_recorded(child, episode, social_worker, iro):
    period = start(child, social_worker)
    r = review(period, social_worker, iro, permanence_confirmed=True)
    assert (r.child, r.participation, r.permanence_confirmed) == (child, "PN1", True)


@pytest.mark.parametrize(
    ("born", "code", "rule"),
    [
        (START - dt.timedelta(days=365 * 2), "PN1", "441"),
        (START - dt.timedelta(days=365 * 8), "PN0", "440"),
    ],
)
def test_pn0_exactly_when_the_child_is_under_4(
    child, episode, social_worker, iro, born, code, rule
):
    child.date_of_birth = born
    child.save()
    period = start(child, social_worker)
    exc = refused(review, period=period, actor=social_worker, chair=iro, participation=code)
    assert f"903 rule {rule}" in messages(exc)


def test_a_review_is_chaired_by_an_iro_in_the_period_once_a_day(child, episode, social_worker, iro):
    period = start(child, social_worker)
    assert "independent reviewing officer" in messages(
        refused(review, period=period, actor=social_worker, chair=social_worker)
    )
    assert "on or after 15 January 2026" in messages(
        refused(review, period=period, actor=social_worker, chair=iro, on=START - D(days=1))
    )
    review(period, social_worker, iro)
    assert "already recorded" in messages(
        refused(review, period=period, actor=social_worker, chair=iro)
    )


def test_short_breaks_have_no_reviews_rule_399(child, episode, social_worker, iro):
    period = start(child, social_worker, legal_status="V4", placement_postcode="", urn="")
    assert "903 rule 399" in messages(
        refused(review, period=period, actor=social_worker, chair=iro)
    )


def test_iro_contact_and_care_plan(child, episode, social_worker, iro):
    period = start(child, social_worker)
    contact = services.iro_contact_record(
        actor=iro,
        period=period,
        iro=iro,
        contact_on=START + D(days=3),
        kind="visit",
        summary="Wants to see her brother.",
    )
    assert contact.child == child
    with pytest.raises(Exception, match="Select how"):
        services.iro_contact_record(
            actor=iro, period=period, iro=iro, contact_on=START, kind="fax", summary="x"
        )
    plan = services.care_plan_agree(
        actor=social_worker,
        period=period,
        agreed_on=START + D(days=4),
        summary="Stay.",
        permanence_option="long_term_fostering",
    )
    assert plan.permanence_option == "long_term_fostering"
    assert "Enter the plan" in messages(
        refused(
            services.care_plan_agree,
            actor=social_worker,
            period=period,
            agreed_on=START,
            summary=" ",
        )
    )


def test_a_care_order_at_home_is_reviewed_only_while_at_home(
    child, episode, social_worker, manager
):
    period = start(child, social_worker, legal_status="C2")
    kwargs = {"actor": manager, "period": period, "decision": "keep", "rationale": "Still needed."}
    exc = refused(
        services.placed_with_parents_review_record, reviewed_on=START + D(days=2), **kwargs
    )
    assert "not on a care order placed with parents" in messages(exc)
    change(
        period,
        social_worker,
        START + D(days=5),
        placement="P1",
        provider="PR0",
        carer="Mother",
        placement_postcode="CW1 1AA",
        urn="",
        reason_place_change="CARPL",
    )
    r = services.placed_with_parents_review_record(reviewed_on=START + D(days=9), **kwargs)
    assert r.next_review_due == dt.date(2026, 7, 24)  # six months on, when kept
    assert PlacedWithParentsReview.objects.count() == 1
