"""Conferences and the plans they make, review and end: every rule, refused and allowed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from opencsc.plans.models import ChildInNeedPlan
from opencsc.protection import services
from opencsc.protection.models import ChildProtectionPlan, Conference, ConferenceAttendee
from tests.protection.conftest import ICPC_DAY
from tests.protection.helpers import discussion, enquiry_done, initial_conference, plan_for, review

SATURDAY = dt.date(2026, 4, 18)


def no_conference_saved() -> None:
    assert Conference.objects.count() == 0
    assert ConferenceAttendee.objects.count() == 0
    assert ChildProtectionPlan.objects.count() == 0


def cin_plan(episode, actor, start: dt.date, end: dt.date | None = None) -> ChildInNeedPlan:  # type: ignore[no-untyped-def]
    return ChildInNeedPlan.objects.create(
        child=episode.child,
        episode=episode,
        start_date=start,
        end_date=end,
        end_reason="outcomes_met" if end else "",
        review_every_months=3,
        visit_every_working_days=20,
        recorded_by=actor,
    )


# --- the initial conference and the plan ---------------------------------------------------


def test_initial_conference_starts_a_plan_on_its_own_day(episode, social_worker, chair):
    conference = initial_conference(
        social_worker,
        episode,
        chair,
        attendees=[
            ("social_care", "Sam Social", "Social worker", True),
            ("health", "Hal Health", "GP", False, True),
        ],
    )
    plan = conference.started_plan
    assert plan.start_date == ICPC_DAY  # CIN census 2885
    assert (plan.initial_category, plan.latest_category) == ("NEG", "NEG")
    assert plan.previous_plans == 0
    assert plan.episode == episode and plan.child == episode.child
    assert conference.enquiry.conference == conference
    gp = conference.attendees.get(agency="health")
    assert (gp.attended, gp.report_submitted) == (False, True)


def test_initial_conference_without_a_plan_makes_none(episode, social_worker, chair):
    conference = initial_conference(social_worker, episode, chair, plan_required=False)
    assert ChildProtectionPlan.objects.count() == 0
    assert conference.category == ""


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"held_on": SATURDAY}, "held_on"),
        ({"held_on": dt.date(2026, 4, 19)}, "held_on"),
        ({"held_on": dt.date(2026, 9, 16)}, "held_on"),
        ({"held_on": None}, "held_on"),
        ({"chair": None}, "chair"),
        ({"category": ""}, "category"),
        ({"category": "XYZ"}, "category"),
        ({"attendees": [("police", "", "", True)]}, "attendees"),
        ({"previous_plans": -1}, "previous_plans"),
        ({"kind": "emergency"}, "kind"),
        ({"held_on": dt.date(2026, 3, 27)}, "__all__"),  # before the enquiry completed
    ],
)
def test_initial_conference_refused_saying_what_to_fix(
    episode, social_worker, chair, overrides, field
):
    enquiry = enquiry_done(social_worker, episode)
    with pytest.raises(ValidationError) as exc:
        chosen = overrides.pop("chair", chair)
        initial_conference(social_worker, episode, chosen, enquiry=enquiry, **overrides)
    assert field in exc.value.message_dict
    no_conference_saved()


def test_weekend_conference_cites_the_census_rule(episode, social_worker, chair):
    with pytest.raises(ValidationError) as exc:
        initial_conference(social_worker, episode, chair, held_on=SATURDAY)
    assert "8875" in exc.value.message_dict["held_on"][0]


def test_initial_conference_needs_a_completed_enquiry_for_a_conference(
    episode, social_worker, chair
):
    enquiry = discussion(social_worker, episode).enquiry
    with pytest.raises(ValidationError, match="Complete the section 47 enquiry"):
        initial_conference(social_worker, episode, chair, enquiry=enquiry)
    no_conference_saved()


def test_initial_conference_refused_when_the_enquiry_found_none_needed(
    episode, social_worker, chair
):
    enquiry = enquiry_done(social_worker, episode, outcome="nfa", reason="Unfounded.")
    with pytest.raises(ValidationError, match="no initial conference was needed"):
        initial_conference(social_worker, episode, chair, enquiry=enquiry)


def test_initial_conference_needs_an_enquiry(episode, social_worker, chair):
    with pytest.raises(ValidationError, match="Select the section 47 enquiry"):
        services.conference_record(
            actor=social_worker,
            episode=episode,
            kind="initial",
            held_on=ICPC_DAY,
            chair=chair,
            plan_required=True,
            category="NEG",
        )


def test_an_enquiry_has_one_initial_conference(episode, social_worker, chair):
    conference = initial_conference(social_worker, episode, chair, plan_required=False)
    with pytest.raises(ValidationError, match="2884"):
        initial_conference(
            social_worker,
            episode,
            chair,
            enquiry=conference.enquiry,
            held_on=ICPC_DAY + dt.timedelta(days=1),
        )
    assert Conference.objects.count() == 1


def test_plan_count_defaults_to_the_childs_earlier_plans(episode, social_worker, chair):
    first = plan_for(social_worker, episode, chair)
    services.plan_end(
        actor=social_worker,
        plan=first,
        expected_version=first.version,
        end_date=dt.date(2026, 6, 1),
        reason="no_risk",
    )
    enquiry = discussion(
        social_worker, episode, held_at=dt.datetime(2026, 7, 1, 9, tzinfo=dt.UTC)
    ).enquiry
    enquiry = services.enquiry_update(
        actor=social_worker,
        enquiry=enquiry,
        expected_version=1,
        child_seen_on=dt.date(2026, 7, 2),
    )
    enquiry = services.enquiry_complete(
        actor=social_worker,
        enquiry=enquiry,
        expected_version=enquiry.version,
        completed_on=dt.date(2026, 7, 3),
        outcome="icpc",
    )
    second = plan_for(social_worker, episode, chair, enquiry=enquiry, held_on=dt.date(2026, 7, 15))
    assert second.previous_plans == 1
    assert ChildProtectionPlan.objects.filter(end_date__isnull=True).get() == second


def test_previous_plans_from_elsewhere_can_be_given_but_not_fewer_than_ours(
    episode, social_worker, chair
):
    plan = plan_for(social_worker, episode, chair, previous_plans=2)
    assert plan.previous_plans == 2


def test_transfer_in_conference_starts_a_plan_without_an_enquiry(episode, social_worker, chair):
    conference = services.conference_record(
        actor=social_worker,
        episode=episode,
        kind="transfer_in",
        held_on=ICPC_DAY,
        chair=chair,
        plan_required=True,
        category="EMO",
        previous_plans=1,
    )
    plan = conference.started_plan
    assert (plan.start_date, plan.initial_category, plan.previous_plans) == (ICPC_DAY, "EMO", 1)


def transfer_in(actor, episode, chair, **overrides):  # type: ignore[no-untyped-def]
    fields = {
        "kind": "transfer_in",
        "held_on": ICPC_DAY,
        "chair": chair,
        "plan_required": True,
        "category": "PHY",
    }
    fields.update(overrides)
    return services.conference_record(actor=actor, episode=episode, **fields)


def test_a_second_plan_while_one_is_open_is_refused(episode, social_worker, chair):
    plan_for(social_worker, episode, chair)
    with pytest.raises(ValidationError, match="8935"):
        transfer_in(social_worker, episode, chair, held_on=dt.date(2026, 4, 21))
    assert Conference.objects.count() == 1


def later_enquiry(actor, episode, held_on: dt.date):  # type: ignore[no-untyped-def]
    """A second enquiry in the episode, started on ``held_on`` and concluded for a
    conference a week later."""
    enquiry = discussion(
        actor, episode, held_at=dt.datetime.combine(held_on, dt.time(10), tzinfo=dt.UTC)
    ).enquiry
    enquiry = services.enquiry_update(
        actor=actor,
        enquiry=enquiry,
        expected_version=enquiry.version,
        child_seen_on=held_on,
        seen_alone=True,
        findings="The child described being hit at home.",
    )
    return services.enquiry_complete(
        actor=actor,
        enquiry=enquiry,
        expected_version=enquiry.version,
        completed_on=held_on + dt.timedelta(days=7),
        outcome="icpc",
    )


def ended_plan(actor, episode, chair, end: dt.date):  # type: ignore[no-untyped-def]
    plan = plan_for(actor, episode, chair)
    return services.plan_end(
        actor=actor, plan=plan, expected_version=plan.version, end_date=end, reason="moved_la"
    )


def test_previous_plans_fewer_than_on_record_is_refused(episode, social_worker, chair):
    ended_plan(social_worker, episode, chair, dt.date(2026, 5, 1))
    again = later_enquiry(social_worker, episode, dt.date(2026, 5, 4))
    with pytest.raises(ValidationError) as exc:
        plan_for(
            social_worker,
            episode,
            chair,
            held_on=dt.date(2026, 5, 12),
            previous_plans=0,
            enquiry=again,
        )
    assert "at least 1" in exc.value.message_dict["previous_plans"][0]


def test_a_new_plan_cannot_start_on_the_day_the_last_ended(episode, social_worker, chair):
    ended_plan(social_worker, episode, chair, dt.date(2026, 5, 12))
    again = later_enquiry(social_worker, episode, dt.date(2026, 5, 4))
    with pytest.raises(ValidationError, match="8940"):
        plan_for(social_worker, episode, chair, held_on=dt.date(2026, 5, 12), enquiry=again)


def test_a_second_transfer_in_for_one_referral_is_refused(episode, social_worker, chair):
    transfer_in(social_worker, episode, chair, plan_required=False)
    with pytest.raises(ValidationError, match="already recorded for this referral"):
        transfer_in(social_worker, episode, chair, held_on=dt.date(2026, 4, 15))


def test_transfer_in_on_the_day_of_an_initial_conference_is_refused(episode, social_worker, chair):
    initial_conference(social_worker, episode, chair, plan_required=False)
    with pytest.raises(ValidationError, match="2884"):
        transfer_in(social_worker, episode, chair)


def test_transfer_in_plan_refused_when_the_referral_has_an_enquiry_for_a_conference(
    episode, social_worker, chair
):
    discussion(social_worker, episode)
    with pytest.raises(ValidationError, match="2885"):
        transfer_in(social_worker, episode, chair)
    no_conference_saved()


def test_transfer_in_takes_no_enquiry_and_initial_takes_no_plan(episode, social_worker, chair):
    enquiry = enquiry_done(social_worker, episode)
    with pytest.raises(ValidationError, match="transfer-in"):
        transfer_in(social_worker, episode, chair, enquiry=enquiry)
    plan = plan_for(social_worker, episode, chair, enquiry=enquiry)
    with pytest.raises(ValidationError, match="Only a review conference"):
        initial_conference(
            social_worker,
            episode,
            chair,
            enquiry=enquiry,
            plan=plan,
            held_on=dt.date(2026, 4, 15),
        )
    assert Conference.objects.count() == 1


def test_conference_on_a_closed_episode_is_refused(episode, social_worker, chair):
    episode.closure_date, episode.closure_reason = dt.date(2026, 4, 1), "RC1"
    episode.save()
    with pytest.raises(ValidationError, match="8565"):
        transfer_in(social_worker, episode, chair)


def test_conference_before_the_referral_is_refused(episode, social_worker, chair):
    with pytest.raises(ValidationError) as exc:
        transfer_in(social_worker, episode, chair, held_on=dt.date(2026, 3, 19))
    assert "1104" in exc.value.message_dict["held_on"][0]


# --- child in need plans end when a child protection plan starts -------------------------


def test_open_cin_plan_ends_on_the_day_the_cp_plan_starts(episode, social_worker, chair):
    cin = cin_plan(episode, social_worker, dt.date(2026, 3, 25))
    plan = plan_for(social_worker, episode, chair)
    cin.refresh_from_db()
    # CIN census 4017 accepts a CP plan starting the day a CIN plan ends.
    assert (cin.end_date, cin.end_reason) == (plan.start_date, "cp_plan")
    assert cin.version == 2


def test_cin_plan_starting_on_or_after_the_conference_is_refused(episode, social_worker, chair):
    cin_plan(episode, social_worker, ICPC_DAY)
    with pytest.raises(ValidationError, match="4016"):
        plan_for(social_worker, episode, chair)
    no_conference_saved()


def test_ended_cin_plan_overlapping_the_conference_is_refused(episode, social_worker, chair):
    cin_plan(episode, social_worker, dt.date(2026, 3, 25), end=dt.date(2026, 4, 20))
    with pytest.raises(ValidationError, match="4017"):
        transfer_in(social_worker, episode, chair)


def test_earlier_cin_plan_is_left_alone(episode, social_worker, chair):
    cin = cin_plan(episode, social_worker, dt.date(2026, 3, 25), end=ICPC_DAY)
    transfer_in(social_worker, episode, chair)
    cin.refresh_from_db()
    assert cin.end_reason == "outcomes_met"


# --- reviews ----------------------------------------------------------------------------------


@pytest.fixture
def plan(episode, social_worker, chair):
    return plan_for(social_worker, episode, chair)


def test_review_that_continues_the_plan_updates_the_latest_category(plan, social_worker, chair):
    conference = review(social_worker, plan, chair, dt.date(2026, 7, 10), category="MUL")
    plan.refresh_from_db()
    assert conference.plan == plan and conference.kind == "review"
    assert (plan.initial_category, plan.latest_category) == ("NEG", "MUL")
    assert plan.end_date is None
    assert plan.version == 2


def test_review_without_a_category_keeps_the_latest(plan, social_worker, chair):
    conference = review(social_worker, plan, chair, dt.date(2026, 7, 10))
    plan.refresh_from_db()
    assert plan.latest_category == "NEG" and conference.category == "NEG"


def test_review_that_ends_the_plan_ends_it_that_day(plan, social_worker, chair):
    review(social_worker, plan, chair, dt.date(2026, 7, 10), plan_required=False)
    plan.refresh_from_db()
    assert (plan.end_date, plan.end_reason) == (dt.date(2026, 7, 10), "no_risk")


def test_review_ending_the_plan_may_give_the_reason(plan, social_worker, chair):
    review(
        social_worker,
        plan,
        chair,
        dt.date(2026, 7, 10),
        plan_required=False,
        end_reason="looked_after",
    )
    plan.refresh_from_db()
    assert plan.end_reason == "looked_after"


@pytest.mark.parametrize(
    ("held_on", "rule"),
    [(ICPC_DAY, "8841"), (dt.date(2026, 4, 13), "8841"), (dt.date(2026, 7, 11), "8875")],
)
def test_review_refused_on_or_before_the_plan_start_or_at_a_weekend(
    plan, social_worker, chair, held_on, rule
):
    with pytest.raises(ValidationError) as exc:
        review(social_worker, plan, chair, held_on)
    assert rule in exc.value.message_dict["held_on"][0]
    assert plan.reviews.count() == 0


def test_reviews_are_recorded_in_order(plan, social_worker, chair):
    review(social_worker, plan, chair, dt.date(2026, 7, 10))
    with pytest.raises(ValidationError, match="last review conference"):
        review(social_worker, plan, chair, dt.date(2026, 7, 10))
    assert plan.reviews.count() == 1


def test_ended_plan_cannot_be_reviewed(plan, social_worker, chair):
    review(social_worker, plan, chair, dt.date(2026, 7, 10), plan_required=False)
    with pytest.raises(ValidationError, match="ended on 10 July 2026"):
        review(social_worker, plan, chair, dt.date(2026, 8, 10))


def test_review_needs_the_plan(episode, social_worker, chair):
    with pytest.raises(ValidationError, match="Select the child protection plan"):
        services.conference_record(
            actor=social_worker,
            episode=episode,
            kind="review",
            held_on=ICPC_DAY,
            chair=chair,
            plan_required=True,
        )


def test_conference_takes_a_fixed_number_of_queries(
    episode, social_worker, chair, django_assert_max_num_queries
):
    enquiry = enquiry_done(social_worker, episode)
    cin_plan(episode, social_worker, dt.date(2026, 3, 25))
    with django_assert_max_num_queries(10):
        plan = plan_for(
            social_worker,
            episode,
            chair,
            enquiry=enquiry,
            attendees=[("police", f"Officer {n}", "", True) for n in range(8)],
        )
    with django_assert_max_num_queries(6):
        review(social_worker, plan, chair, dt.date(2026, 7, 10))


def test_the_new_plan_is_on_the_conference_without_a_query(
    episode, social_worker, chair, django_assert_num_queries
):
    conference = transfer_in(social_worker, episode, chair)
    with django_assert_num_queries(0):
        assert conference.started_plan.start_date == ICPC_DAY


def test_a_new_enquiry_after_a_transferred_plan_ended_needs_a_new_referral(
    episode, social_worker, chair
):
    """CIN census 2885: with an enquiry in the episode, every plan must start on an
    enquiry's initial conference day; a transferred plan has none."""
    plan = transfer_in(social_worker, episode, chair).started_plan
    services.plan_end(
        actor=social_worker,
        plan=plan,
        expected_version=plan.version,
        end_date=dt.date(2026, 6, 2),
        reason="no_risk",
    )
    with pytest.raises(ValidationError, match="record a new one.*2885"):
        discussion(
            social_worker, episode, held_at=dt.datetime(2026, 7, 1, 10, 0, tzinfo=dt.UTC)
        )


def test_an_enquiry_during_a_transferred_plan_is_still_recorded(episode, social_worker, chair):
    transfer_in(social_worker, episode, chair)
    found = discussion(
        social_worker, episode, held_at=dt.datetime(2026, 7, 1, 10, 0, tzinfo=dt.UTC)
    )
    assert found.enquiry is not None
