"""Legal planning meetings and pre-proceedings: the clock starts at the decision, the
letter comes before the initial meeting, FGDM is offered before it is held, only managers
record a manager's review and it always sets the next date."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from opencsc.core.concurrency import StaleEditError
from opencsc.legal import services
from opencsc.legal.models import LegalPlanningMeeting, PreProceedings, PreProceedingsReview
from tests.legal.conftest import REFERRAL, TODAY
from tests.legal.helpers import DECIDED, D, open_plo, refused

pytestmark = pytest.mark.django_db


def meeting(child, actor, **kwargs):  # type: ignore[no-untyped-def]
    fields = {
        "held_on": DECIDED,
        "chair": actor,
        "decision": "pre_proceedings",
        "rationale": "Neglect continues",
        **kwargs,
    }
    return services.legal_meeting_record(actor=actor, child=child, **fields)


def test_a_decision_to_start_pre_proceedings_opens_them_from_the_meeting(child, episode, manager):
    plo = open_plo(child, manager)
    assert plo.start_date == DECIDED
    assert plo.episode == episode
    assert plo.next_review_due == DECIDED + D(weeks=4)


def test_other_decisions_open_nothing(child, episode, manager):
    meeting(child, manager, decision="not_met")
    assert not PreProceedings.objects.exists()
    assert LegalPlanningMeeting.objects.count() == 1


def test_a_meeting_needs_an_open_referral(child, manager):
    error = refused(meeting, child=child, actor=manager)
    assert "record the referral first" in error.messages[0]


def test_a_meeting_checks_its_fields(child, episode, manager, social_worker):
    error = refused(
        meeting,
        child=child,
        actor=manager,
        held_on=REFERRAL - D(days=1),
        chair=social_worker,
        decision="maybe",
        rationale=" ",
    )
    assert set(error.message_dict) == {"held_on", "chair", "decision", "rationale"}
    error = refused(meeting, child=child, actor=manager, held_on=TODAY + D(days=1))
    assert "today or in the past" in error.message_dict["held_on"][0]


def test_one_open_pre_proceedings_at_a_time(child, episode, manager):
    open_plo(child, manager)
    error = refused(meeting, child=child, actor=manager)
    assert "already open" in error.message_dict["decision"][0]


def test_the_letter_comes_before_the_initial_meeting(child, episode, manager):
    plo = open_plo(child, manager)
    error = refused(
        services.pre_proceedings_update,
        actor=manager,
        plo=plo,
        expected_version=plo.version,
        initial_meeting_on=DECIDED + D(days=7),
    )
    assert "letter before proceedings" in error.message_dict["initial_meeting_on"][0]
    error = refused(
        services.pre_proceedings_update,
        actor=manager,
        plo=plo,
        expected_version=plo.version,
        letter_sent_on=DECIDED + D(days=7),
        initial_meeting_on=DECIDED + D(days=7),
    )
    assert "after the letter" in error.message_dict["initial_meeting_on"][0]
    plo = services.pre_proceedings_update(
        actor=manager,
        plo=plo,
        expected_version=plo.version,
        letter_sent_on=DECIDED + D(days=2),
        initial_meeting_on=DECIDED + D(days=9),
    )
    assert plo.initial_meeting_on == DECIDED + D(days=9)


def test_fgdm_is_offered_before_it_is_held(child, episode, manager):
    plo = open_plo(child, manager)
    error = refused(
        services.pre_proceedings_update,
        actor=manager,
        plo=plo,
        expected_version=plo.version,
        fgdm_held_on=DECIDED + D(days=20),
    )
    assert "offered" in error.message_dict["fgdm_held_on"][0]
    error = refused(
        services.pre_proceedings_update,
        actor=manager,
        plo=plo,
        expected_version=plo.version,
        fgdm_offered_on=DECIDED + D(days=20),
        fgdm_held_on=DECIDED + D(days=10),
    )
    assert "after it was offered" in error.message_dict["fgdm_held_on"][0]


def test_dates_stay_within_pre_proceedings_and_the_past(child, episode, manager):
    plo = open_plo(child, manager)
    error = refused(
        services.pre_proceedings_update,
        actor=manager,
        plo=plo,
        expected_version=plo.version,
        letter_sent_on=DECIDED - D(days=1),
        fgdm_offered_on=TODAY + D(days=1),
    )
    assert "after pre-proceedings started" in error.message_dict["letter_sent_on"][0]
    assert "today or in the past" in error.message_dict["fgdm_offered_on"][0]


def test_a_stale_edit_is_refused(child, episode, manager):
    plo = open_plo(child, manager)
    services.pre_proceedings_update(
        actor=manager, plo=plo, expected_version=1, letter_sent_on=DECIDED + D(days=1)
    )
    with pytest.raises(StaleEditError):
        services.pre_proceedings_update(
            actor=manager, plo=plo, expected_version=1, fgdm_offered_on=DECIDED + D(days=1)
        )


def test_only_managers_record_a_manager_review(child, episode, manager, social_worker):
    plo = open_plo(child, manager)
    error = refused(
        services.pre_proceedings_review_record,
        actor=social_worker,
        plo=plo,
        kind="manager",
        held_on=TODAY,
        progress="Some",
        next_review_due=TODAY + D(weeks=4),
    )
    assert "Only a team manager" in error.message_dict["kind"][0]
    # A social worker records a review meeting with the family.
    services.pre_proceedings_review_record(
        actor=social_worker, plo=plo, kind="meeting", held_on=TODAY, progress="Some"
    )
    assert plo.reviews.count() == 1


def test_a_manager_review_always_sets_the_next_date(child, episode, manager):
    plo = open_plo(child, manager)
    error = refused(
        services.pre_proceedings_review_record,
        actor=manager,
        plo=plo,
        kind="manager",
        held_on=TODAY,
        progress="Letter sent, assessments under way",
    )
    assert "next manager's review" in error.message_dict["next_review_due"][0]
    error = refused(
        services.pre_proceedings_review_record,
        actor=manager,
        plo=plo,
        kind="manager",
        held_on=TODAY,
        progress="x",
        next_review_due=TODAY,
    )
    assert "after this one" in error.message_dict["next_review_due"][0]
    services.pre_proceedings_review_record(
        actor=manager,
        plo=plo,
        kind="manager",
        held_on=TODAY,
        progress="x",
        next_review_due=TODAY + D(weeks=3),
    )
    plo.refresh_from_db()
    assert plo.next_review_due == TODAY + D(weeks=3)
    assert plo.version == 2


def test_a_review_checks_its_fields(child, episode, manager):
    plo = open_plo(child, manager)
    error = refused(
        services.pre_proceedings_review_record,
        actor=manager,
        plo=plo,
        kind="other",
        held_on=DECIDED - D(days=1),
        progress="",
    )
    assert set(error.message_dict) == {"kind", "held_on", "progress"}


def test_ending_pre_proceedings_is_a_managers_decision(child, episode, manager, social_worker):
    plo = open_plo(child, manager)
    error = refused(
        services.pre_proceedings_end,
        actor=social_worker,
        plo=plo,
        expected_version=plo.version,
        ended_on=TODAY,
        outcome="diverted",
    )
    assert "Only a team manager" in error.messages[0]
    error = refused(
        services.pre_proceedings_end,
        actor=manager,
        plo=plo,
        expected_version=plo.version,
        ended_on=TODAY,
        outcome="proceedings",
    )
    assert "Record the care proceedings" in error.message_dict["outcome"][0]
    plo = services.pre_proceedings_end(
        actor=manager, plo=plo, expected_version=plo.version, ended_on=TODAY, outcome="diverted"
    )
    assert plo.ended_on == TODAY and plo.outcome == "diverted"
    with pytest.raises(ValidationError):
        services.pre_proceedings_review_record(
            actor=manager, plo=plo, kind="meeting", held_on=TODAY, progress="x"
        )


def test_pre_proceedings_end_after_their_last_event(child, episode, manager):
    plo = open_plo(child, manager)
    services.pre_proceedings_review_record(
        actor=manager, plo=plo, kind="meeting", held_on=TODAY - D(days=2), progress="x"
    )
    assert PreProceedingsReview.objects.count() == 1
    error = refused(
        services.pre_proceedings_end,
        actor=manager,
        plo=plo,
        expected_version=plo.version,
        ended_on=TODAY - D(days=3),
        outcome="other",
    )
    assert "the last review" in error.message_dict["ended_on"][0]
