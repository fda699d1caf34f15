"""Strategy discussions and section 47 enquiries: every rule, refused and allowed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from opencsc.core.concurrency import StaleEditError
from opencsc.protection import services
from opencsc.protection.models import (
    Section47Enquiry,
    StrategyAction,
    StrategyDiscussion,
    StrategyParticipant,
)
from tests.factories import CINEpisodeFactory, PersonFactory
from tests.protection.conftest import FIRST_DISCUSSION, ICPC_DAY, ICPC_TARGET, REFERRAL
from tests.protection.helpers import QUORATE, discussion, enquiry_done, initial_conference


def nothing_saved() -> None:
    assert StrategyDiscussion.objects.count() == 0
    assert StrategyParticipant.objects.count() == 0
    assert StrategyAction.objects.count() == 0
    assert Section47Enquiry.objects.count() == 0


# --- a strategy discussion that starts an enquiry ----------------------------------------


def test_joint_s47_decision_starts_an_enquiry_due_to_conference_in_15_working_days(
    episode, social_worker
):
    d = discussion(
        social_worker,
        episode,
        actions=[("Police to interview the child", "DC Pat Police (police)", dt.date(2026, 3, 24))],
    )
    enquiry = d.enquiry
    assert enquiry.start_date == dt.date(2026, 3, 23)
    assert enquiry.joint_with_police is True
    # Good Friday and Easter Monday are not working days: 15 April, not 13 April.
    assert enquiry.conference_target_date == ICPC_TARGET
    assert enquiry.worker == social_worker  # the child's allocated worker
    assert d.quorate is True
    assert d.participants.count() == 3
    assert [a.owner for a in d.actions.all()] == ["DC Pat Police (police)"]


def test_single_agency_s47_decision_is_not_joint(episode, social_worker):
    d = discussion(social_worker, episode, decision="s47_single")
    assert d.enquiry.joint_with_police is False


def test_no_further_action_decision_starts_no_enquiry(episode, social_worker):
    d = discussion(social_worker, episode, decision="nfa")
    assert d.enquiry is None
    assert Section47Enquiry.objects.count() == 0


def test_discussion_without_police_is_recorded_but_not_quorate(episode, social_worker):
    d = discussion(social_worker, episode, participants=[QUORATE[0], QUORATE[2]])
    assert d.quorate is False
    assert services.missing_agencies(p.agency for p in d.participants.all()) == ["Police"]
    assert d.enquiry is not None


def test_later_discussion_joins_the_enquiry_and_moves_the_conference_target(episode, social_worker):
    first = discussion(social_worker, episode)
    second = discussion(
        social_worker, episode, held_at=FIRST_DISCUSSION + dt.timedelta(days=7), decision="other"
    )
    assert second.enquiry_id == first.enquiry_id
    enquiry = Section47Enquiry.objects.get()
    # WT2023 ch.3: 15 working days from the LAST discussion (30 March -> 22 April).
    assert enquiry.conference_target_date == dt.date(2026, 4, 22)
    assert second.enquiry.conference_target_date == dt.date(2026, 4, 22)
    assert enquiry.version == 1  # a derived deadline: no edit in progress is made stale


def test_a_discussion_recorded_late_does_not_bring_the_target_forward(episode, social_worker):
    discussion(social_worker, episode, held_at=FIRST_DISCUSSION + dt.timedelta(days=7))
    discussion(social_worker, episode, held_at=FIRST_DISCUSSION + dt.timedelta(days=8))
    discussion(social_worker, episode, held_at=FIRST_DISCUSSION + dt.timedelta(days=7, hours=1))
    assert Section47Enquiry.objects.get().conference_target_date == dt.date(2026, 4, 23)


def test_discussion_before_the_enquiry_started_is_refused(episode, social_worker):
    discussion(social_worker, episode, held_at=FIRST_DISCUSSION + dt.timedelta(days=7))
    with pytest.raises(ValidationError) as exc:
        discussion(social_worker, episode)
    assert "held_at" in exc.value.message_dict
    assert StrategyDiscussion.objects.count() == 1


def test_discussion_while_the_conference_is_awaited_joins_that_enquiry(episode, social_worker):
    enquiry = enquiry_done(social_worker, episode)
    later = discussion(social_worker, episode, held_at=dt.datetime(2026, 4, 7, 9, tzinfo=dt.UTC))
    assert later.enquiry_id == enquiry.pk
    assert Section47Enquiry.objects.count() == 1


def test_new_enquiry_cannot_start_on_the_day_of_the_previous_conference(
    episode, social_worker, chair
):
    initial_conference(social_worker, episode, chair, plan_required=False)
    with pytest.raises(ValidationError) as exc:
        discussion(social_worker, episode, held_at=dt.datetime(2026, 4, 14, 15, tzinfo=dt.UTC))
    assert "8890" in exc.value.message_dict["held_at"][0]
    assert Section47Enquiry.objects.count() == 1
    later = discussion(social_worker, episode, held_at=dt.datetime(2026, 4, 15, 9, tzinfo=dt.UTC))
    assert later.enquiry.start_date == dt.date(2026, 4, 15)


def test_enquiry_for_another_referral_is_never_joined(social_worker, team):
    from tests.factories import AllocationFactory

    child = PersonFactory()
    AllocationFactory(child=child, team=team, worker=social_worker)
    old = CINEpisodeFactory(child=child, referral_date=dt.date(2025, 1, 6))
    discussion(social_worker, old, held_at=dt.datetime(2025, 1, 7, 10, tzinfo=dt.UTC))
    old.closure_date, old.closure_reason = dt.date(2025, 6, 1), "RC1"
    old.save()
    new = CINEpisodeFactory(child=child, referral_date=REFERRAL)
    with pytest.raises(ValidationError, match="another referral"):
        discussion(social_worker, new)


# --- refused: nothing saved --------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"kind": "chat"}, "kind"),
        ({"decision": "maybe"}, "decision"),
        ({"information_shared": "  "}, "information_shared"),
        ({"rationale": ""}, "rationale"),
        ({"held_at": dt.datetime(2026, 9, 16, 9, tzinfo=dt.UTC)}, "held_at"),
        ({"held_at": dt.datetime(2026, 3, 19, 9, tzinfo=dt.UTC)}, "held_at"),
        ({"held_at": None}, "held_at"),
        ({"participants": []}, "participants"),
        ({"participants": [("army", "A Person", "")]}, "participants"),
        ({"participants": [("police", "", "")]}, "participants"),
        ({"actions": [("Visit", "", dt.date(2026, 3, 24))]}, "actions"),
        ({"actions": [("", "Sam", dt.date(2026, 3, 24))]}, "actions"),
        ({"actions": [("Visit", "Sam", None)]}, "actions"),
        ({"actions": [("Visit", "Sam", dt.date(2026, 3, 20))]}, "actions"),
    ],
)
def test_discussion_refused_saying_what_to_fix(episode, social_worker, overrides, field):
    with pytest.raises(ValidationError) as exc:
        discussion(social_worker, episode, **overrides)
    assert field in exc.value.message_dict
    nothing_saved()


def test_discussion_before_referral_cites_the_census_rule(episode, social_worker):
    with pytest.raises(ValidationError) as exc:
        discussion(social_worker, episode, held_at=dt.datetime(2026, 3, 19, 9, tzinfo=dt.UTC))
    assert "2889" in exc.value.message_dict["held_at"][0]


def test_discussion_on_a_closed_episode_is_refused(episode, social_worker):
    episode.closure_date, episode.closure_reason = dt.date(2026, 3, 21), "RC1"
    episode.save()
    with pytest.raises(ValidationError, match="8565"):
        discussion(social_worker, episode)
    nothing_saved()


def test_discussion_on_a_referral_marked_no_further_action_is_refused(child, social_worker):
    nfa = CINEpisodeFactory(child=child, referral_date=REFERRAL, referral_nfa=True)
    with pytest.raises(ValidationError, match="8831"):
        discussion(social_worker, nfa)
    nothing_saved()


def test_discussion_takes_a_fixed_number_of_queries(
    episode, social_worker, django_assert_max_num_queries
):
    with django_assert_max_num_queries(9):
        discussion(
            social_worker,
            episode,
            actions=[("Visit", "Sam (social care)", dt.date(2026, 3, 24))] * 3,
        )


# --- the enquiry ---------------------------------------------------------------------------


@pytest.fixture
def enquiry(episode, social_worker):
    return discussion(social_worker, episode).enquiry


def test_enquiry_update_records_child_seen_and_findings(enquiry, social_worker):
    updated = services.enquiry_update(
        actor=social_worker,
        enquiry=enquiry,
        expected_version=1,
        child_seen_on=dt.date(2026, 3, 24),
        seen_alone=True,
        findings="  Spoke to the child at school.  ",
    )
    assert (updated.child_seen_on, updated.seen_alone) == (dt.date(2026, 3, 24), True)
    assert updated.findings == "Spoke to the child at school."
    assert updated.version == 2


def test_enquiry_update_leaves_what_is_not_given(enquiry, social_worker):
    services.enquiry_update(
        actor=social_worker, enquiry=enquiry, expected_version=1, findings="First note"
    )
    enquiry.refresh_from_db()
    services.enquiry_update(
        actor=social_worker, enquiry=enquiry, expected_version=2, child_seen_on=dt.date(2026, 3, 25)
    )
    enquiry.refresh_from_db()
    assert enquiry.findings == "First note"
    assert enquiry.seen_alone is None


def test_stale_enquiry_update_is_refused_and_saves_nothing(enquiry, social_worker, colleague):
    services.enquiry_update(
        actor=colleague, enquiry=enquiry, expected_version=1, findings="Colleague's findings"
    )
    with pytest.raises(StaleEditError) as exc:
        services.enquiry_update(
            actor=social_worker, enquiry=enquiry, expected_version=1, findings="Mine"
        )
    assert exc.value.current.findings == "Colleague's findings"
    enquiry.refresh_from_db()
    assert enquiry.findings == "Colleague's findings"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"child_seen_on": dt.date(2026, 3, 22)}, "child_seen_on"),
        ({"child_seen_on": dt.date(2026, 9, 16)}, "child_seen_on"),
        ({"seen_alone": True}, "child_seen_on"),
    ],
)
def test_enquiry_update_refused(enquiry, social_worker, fields, field):
    with pytest.raises(ValidationError) as exc:
        services.enquiry_update(actor=social_worker, enquiry=enquiry, expected_version=1, **fields)
    assert field in exc.value.message_dict
    enquiry.refresh_from_db()
    assert (enquiry.version, enquiry.child_seen_on, enquiry.seen_alone) == (1, None, None)


def test_completed_enquiry_cannot_be_changed(episode, social_worker):
    done = enquiry_done(social_worker, episode)
    with pytest.raises(ValidationError, match="completed on 30 March 2026"):
        services.enquiry_update(
            actor=social_worker, enquiry=done, expected_version=done.version, findings="More"
        )


def test_enquiry_completes_to_a_conference(episode, social_worker):
    done = enquiry_done(social_worker, episode)
    assert done.outcome == "icpc"
    assert done.completed_on == dt.date(2026, 3, 30)
    assert done.conference_not_required is False


@pytest.mark.parametrize("outcome", ["nfa", "cin_plan"])
def test_enquiry_without_conference_records_why(episode, social_worker, outcome):
    done = enquiry_done(
        social_worker, episode, outcome=outcome, reason="Concerns not substantiated."
    )
    assert done.conference_not_required is True
    assert done.conference_not_required_reason == "Concerns not substantiated."


def seen(enquiry, actor):  # type: ignore[no-untyped-def]
    return services.enquiry_update(
        actor=actor,
        enquiry=enquiry,
        expected_version=enquiry.version,
        child_seen_on=dt.date(2026, 3, 25),
    )


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"completed_on": dt.date(2026, 3, 24), "outcome": "icpc"}, "completed_on"),
        ({"completed_on": dt.date(2026, 9, 16), "outcome": "icpc"}, "completed_on"),
        ({"completed_on": dt.date(2026, 3, 30), "outcome": "later"}, "outcome"),
        ({"completed_on": dt.date(2026, 3, 30), "outcome": "nfa"}, "reason"),
        ({"completed_on": None, "outcome": "icpc"}, "completed_on"),
    ],
)
def test_enquiry_completion_refused(enquiry, social_worker, fields, field):
    enquiry = seen(enquiry, social_worker)
    with pytest.raises(ValidationError) as exc:
        services.enquiry_complete(
            actor=social_worker, enquiry=enquiry, expected_version=enquiry.version, **fields
        )
    assert field in exc.value.message_dict
    enquiry.refresh_from_db()
    assert enquiry.completed_on is None and enquiry.outcome == ""


def test_enquiry_cannot_complete_before_the_child_is_seen(enquiry, social_worker):
    with pytest.raises(ValidationError) as exc:
        services.enquiry_complete(
            actor=social_worker,
            enquiry=enquiry,
            expected_version=1,
            completed_on=dt.date(2026, 3, 30),
            outcome="icpc",
        )
    assert "WT2023" in exc.value.message_dict["child_seen_on"][0]


def test_stale_enquiry_completion_is_refused(enquiry, social_worker):
    enquiry = seen(enquiry, social_worker)
    with pytest.raises(StaleEditError):
        services.enquiry_complete(
            actor=social_worker,
            enquiry=enquiry,
            expected_version=1,
            completed_on=dt.date(2026, 3, 30),
            outcome="icpc",
        )
    enquiry.refresh_from_db()
    assert enquiry.completed_on is None


def test_conference_target_is_never_a_weekend(episode, social_worker):
    for day in range(7):
        held = dt.datetime(2026, 5, 4 + day, 10, tzinfo=dt.UTC)
        if day:
            StrategyDiscussion.objects.all().delete()
            Section47Enquiry.objects.all().delete()
        target = discussion(social_worker, episode, held_at=held).enquiry.conference_target_date
        assert target.weekday() < 5  # CIN census 8870Q


def test_icpc_day_constant_is_a_working_day():
    assert ICPC_DAY.weekday() == 1
