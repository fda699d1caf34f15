"""Ending a plan, core groups, emergency powers and the timescales (WT2023 ch.3)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from opencsc.core.concurrency import StaleEditError
from opencsc.protection import selectors, services
from opencsc.protection.models import CoreGroupMeeting, EmergencyPower
from tests.factories import CINEpisodeFactory, PersonFactory
from tests.protection.conftest import ICPC_DAY, ICPC_TARGET
from tests.protection.helpers import discussion, enquiry_done, plan_for, review


@pytest.fixture
def plan(episode, social_worker, chair):
    return plan_for(social_worker, episode, chair)


# --- ending a plan --------------------------------------------------------------------------


def test_plan_ends_with_date_and_reason(plan, social_worker):
    ended = services.plan_end(
        actor=social_worker,
        plan=plan,
        expected_version=1,
        end_date=dt.date(2026, 6, 1),
        reason="moved_la",
    )
    assert (ended.end_date, ended.end_reason, ended.version) == (dt.date(2026, 6, 1), "moved_la", 2)
    assert selectors.next_review_due(ended) is None


@pytest.mark.parametrize(
    ("end_date", "reason", "field", "says"),
    [
        (ICPC_DAY, "no_risk", "end_date", "8840"),
        (dt.date(2026, 4, 13), "no_risk", "end_date", "8840"),
        (dt.date(2026, 9, 16), "no_risk", "end_date", "today or in the past"),
        (dt.date(2026, 6, 1), "bored", "reason", "Select why"),
        (None, "no_risk", "end_date", "Enter the date"),
    ],
)
def test_plan_end_refused(plan, social_worker, end_date, reason, field, says):
    with pytest.raises(ValidationError) as exc:
        services.plan_end(
            actor=social_worker, plan=plan, expected_version=1, end_date=end_date, reason=reason
        )
    assert says in exc.value.message_dict[field][0]
    plan.refresh_from_db()
    assert (plan.end_date, plan.version) == (None, 1)


def test_plan_cannot_end_before_its_last_review(plan, social_worker, chair):
    review(social_worker, plan, chair, dt.date(2026, 7, 10))
    plan.refresh_from_db()
    with pytest.raises(ValidationError, match="last review conference"):
        services.plan_end(
            actor=social_worker,
            plan=plan,
            expected_version=plan.version,
            end_date=dt.date(2026, 7, 9),
            reason="no_risk",
        )


def test_plan_cannot_end_after_the_child_died(plan, social_worker):
    child = plan.child
    child.date_of_death = dt.date(2026, 5, 1)
    child.save()
    with pytest.raises(ValidationError) as exc:
        services.plan_end(
            actor=social_worker,
            plan=plan,
            expected_version=1,
            end_date=dt.date(2026, 5, 2),
            reason="died",
        )
    assert "8920" in exc.value.message_dict["end_date"][0]


def test_stale_plan_end_is_refused(plan, social_worker, chair):
    review(social_worker, plan, chair, dt.date(2026, 7, 10), category="PHY")
    with pytest.raises(StaleEditError) as exc:
        services.plan_end(
            actor=social_worker,
            plan=plan,
            expected_version=1,
            end_date=dt.date(2026, 8, 3),
            reason="no_risk",
        )
    assert exc.value.current.latest_category == "PHY"
    plan.refresh_from_db()
    assert plan.end_date is None


def test_ended_plan_cannot_end_again(plan, social_worker):
    services.plan_end(
        actor=social_worker,
        plan=plan,
        expected_version=1,
        end_date=dt.date(2026, 6, 1),
        reason="moved_la",
    )
    with pytest.raises(ValidationError, match="already ended"):
        services.plan_end(
            actor=social_worker,
            plan=plan,
            expected_version=2,
            end_date=dt.date(2026, 6, 2),
            reason="moved_la",
        )


# --- core groups ---------------------------------------------------------------------------


def test_core_group_is_recorded(plan, social_worker):
    meeting = services.core_group_record(
        actor=social_worker,
        plan=plan,
        held_on=dt.date(2026, 4, 24),
        attendees=["Sam Social (social care)", "Hal Health (health)", " "],
        progress="Nursery attendance up to four days a week.",
    )
    assert meeting.attendees == "Sam Social (social care)\nHal Health (health)"
    assert meeting.recorded_by == social_worker


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"held_on": dt.date(2026, 4, 13)}, "held_on"),
        ({"held_on": dt.date(2026, 9, 16)}, "held_on"),
        ({"held_on": None}, "held_on"),
        ({"attendees": "  "}, "attendees"),
        ({"progress": ""}, "progress"),
    ],
)
def test_core_group_refused(plan, social_worker, fields, field):
    values = {"held_on": dt.date(2026, 4, 24), "attendees": "Sam", "progress": "Better."}
    values.update(fields)
    with pytest.raises(ValidationError) as exc:
        services.core_group_record(actor=social_worker, plan=plan, **values)
    assert field in exc.value.message_dict
    assert CoreGroupMeeting.objects.count() == 0


def test_core_group_after_the_plan_ended_is_refused(plan, social_worker):
    plan = services.plan_end(
        actor=social_worker,
        plan=plan,
        expected_version=1,
        end_date=dt.date(2026, 6, 1),
        reason="moved_la",
    )
    with pytest.raises(ValidationError, match="before the plan ended"):
        services.core_group_record(
            actor=social_worker,
            plan=plan,
            held_on=dt.date(2026, 6, 2),
            attendees="Sam",
            progress="Closed.",
        )


# --- emergency powers ------------------------------------------------------------------------


def test_police_protection_is_recorded(child, social_worker):
    power = services.emergency_power_record(
        actor=social_worker,
        child=child,
        kind="police_protection",
        start_date=dt.date(2026, 3, 19),
        end_date=dt.date(2026, 3, 22),
        notes="  Found alone. ",
    )
    assert (power.kind, power.notes, power.recorded_by) == (
        "police_protection",
        "Found alone.",
        social_worker,
    )


def test_epo_may_run_fifteen_days_with_its_extension(child, social_worker):
    power = services.emergency_power_record(
        actor=social_worker,
        child=child,
        kind="epo",
        start_date=dt.date(2026, 3, 1),
        end_date=dt.date(2026, 3, 16),
    )
    assert power.end_date == dt.date(2026, 3, 16)


@pytest.mark.parametrize(
    ("kind", "start", "end", "field", "says"),
    [
        ("police_protection", dt.date(2026, 3, 1), dt.date(2026, 3, 5), "end_date", "72 hours"),
        ("epo", dt.date(2026, 3, 1), dt.date(2026, 3, 17), "end_date", "8 days"),
        ("epo", dt.date(2026, 3, 5), dt.date(2026, 3, 4), "end_date", "same as or after"),
        ("epo", dt.date(2026, 9, 16), None, "start_date", "today or in the past"),
        ("epo", None, None, "start_date", "Enter"),
        ("curfew", dt.date(2026, 3, 1), None, "kind", "Select"),
    ],
)
def test_emergency_power_refused(child, social_worker, kind, start, end, field, says):
    with pytest.raises(ValidationError) as exc:
        services.emergency_power_record(
            actor=social_worker, child=child, kind=kind, start_date=start, end_date=end
        )
    assert says in exc.value.message_dict[field][0]
    assert EmergencyPower.objects.count() == 0


def test_emergency_power_before_birth_is_refused(social_worker):
    baby = PersonFactory(date_of_birth=dt.date(2026, 2, 1))
    with pytest.raises(ValidationError, match="date of birth"):
        services.emergency_power_record(
            actor=social_worker, child=baby, kind="epo", start_date=dt.date(2026, 1, 30)
        )


# --- timescales --------------------------------------------------------------------------


def test_conference_due_15_working_days_after_the_last_discussion(episode, social_worker):
    enquiry = discussion(social_worker, episode).enquiry
    assert selectors.conference_due(enquiry) == ICPC_TARGET


def test_no_conference_due_once_found_not_needed(episode, social_worker):
    enquiry = enquiry_done(social_worker, episode, outcome="nfa", reason="Unfounded")
    assert selectors.conference_due(enquiry) is None


def test_first_review_due_three_months_after_the_plan_started(plan):
    assert selectors.next_review_due(plan) == dt.date(2026, 7, 14)


def test_later_reviews_due_six_months_after_the_last(plan, social_worker, chair):
    review(social_worker, plan, chair, dt.date(2026, 7, 10))
    plan.refresh_from_db()
    assert selectors.next_review_due(plan) == dt.date(2027, 1, 10)
    review(social_worker, plan, chair, dt.date(2026, 8, 31))
    assert selectors.next_review_due(plan) == dt.date(2027, 2, 28)  # clamped to the month end


def test_first_core_group_due_10_working_days_after_the_conference(plan):
    assert selectors.first_core_group_due(plan) == dt.date(2026, 4, 28)


def test_first_core_group_due_counts_bank_holidays(episode, social_worker, chair):
    enquiry = enquiry_done(social_worker, episode)
    # Conference on Thursday 21 May 2026: the spring bank holiday (25 May) is skipped.
    plan = plan_for(social_worker, episode, chair, enquiry=enquiry, held_on=dt.date(2026, 5, 21))
    assert selectors.first_core_group_due(plan) == dt.date(2026, 6, 5)


def test_deadlines_for_worklists_in_two_queries(
    episode, social_worker, chair, django_assert_num_queries
):
    plan = plan_for(social_worker, episode, chair)
    other = PersonFactory()
    other_episode = CINEpisodeFactory(child=other, referral_date=dt.date(2026, 9, 1))
    other_enquiry = discussion(
        social_worker, other_episode, held_at=dt.datetime(2026, 9, 7, 9, tzinfo=dt.UTC)
    ).enquiry
    with django_assert_num_queries(2):
        found = selectors.protection_deadlines_for([episode.child_id, other.pk, 999999])
    mine = found[episode.child_id]
    assert [(d.kind, d.due_date) for d in mine] == [
        ("core_group", dt.date(2026, 4, 28)),
        ("cp_review", dt.date(2026, 7, 14)),
    ]
    assert mine[0].url == f"/protection/plans/{plan.pk}/"
    (icpc,) = found[other.pk]
    assert (icpc.kind, icpc.due_date) == ("icpc", other_enquiry.conference_target_date)
    assert 999999 not in found


def test_deadlines_drop_what_is_done(plan, social_worker, chair):
    services.core_group_record(
        actor=social_worker,
        plan=plan,
        held_on=dt.date(2026, 4, 24),
        attendees="Sam",
        progress="Fine.",
    )
    review(social_worker, plan, chair, dt.date(2026, 7, 10))
    found = selectors.protection_deadlines_for([plan.child_id])
    assert [(d.kind, d.due_date) for d in found[plan.child_id]] == [
        ("cp_review", dt.date(2027, 1, 10))
    ]
    assert selectors.protection_deadlines_for([]) == {}
