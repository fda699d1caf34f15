"""Assessment services: every rule, and the workflow map as the only path."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from opencsc.accounts.models import Role
from opencsc.assessments import services
from opencsc.assessments.models import (
    Assessment,
    AssessmentStatus,
    AssessmentTransition,
    ReviewAction,
)
from opencsc.core.concurrency import StaleEditError
from tests.assessments.conftest import REFERRAL, TODAY
from tests.assessments.helpers import complete
from tests.factories import AssessmentFactory, UserFactory


def messages_of(exc_info) -> str:  # type: ignore[no-untyped-def]
    return " ".join(exc_info.value.messages)


# --- starting ---------------------------------------------------------------------------


def test_assessment_due_45_working_days_from_referral(episode, social_worker):
    assessment = services.assessment_start(
        actor=social_worker, episode=episode, start_date=dt.date(2026, 3, 10)
    )
    # Fri 6 March + 45 working days, over Good Friday, Easter Monday and the May bank holiday.
    assert assessment.due_date == dt.date(2026, 5, 13)
    assert assessment.status == AssessmentStatus.IN_PROGRESS


def test_assessment_worker_defaults_to_allocated_worker(episode, social_worker, colleague):
    assessment = services.assessment_start(actor=colleague, episode=episode, start_date=TODAY)
    assert assessment.worker == social_worker


def test_assessment_worker_can_be_chosen(episode, social_worker, colleague):
    assessment = services.assessment_start(
        actor=social_worker, episode=episode, start_date=TODAY, worker=colleague
    )
    assert assessment.worker == colleague


def test_assessment_cannot_start_before_referral(episode, social_worker):
    # CIN census 1103
    with pytest.raises(ValidationError) as exc:
        services.assessment_start(
            actor=social_worker, episode=episode, start_date=REFERRAL - dt.timedelta(days=1)
        )
    assert "start_date" in exc.value.message_dict
    assert "referral date (6 March 2026)" in messages_of(exc)


def test_assessment_can_start_on_referral_date(episode, social_worker):
    assessment = services.assessment_start(
        actor=social_worker, episode=episode, start_date=REFERRAL
    )
    assert assessment.start_date == REFERRAL


def test_assessment_cannot_start_in_future(episode, social_worker):
    with pytest.raises(ValidationError) as exc:
        services.assessment_start(
            actor=social_worker, episode=episode, start_date=TODAY + dt.timedelta(days=1)
        )
    assert exc.value.message_dict["start_date"] == ["Start date must be today or in the past"]


def test_assessment_cannot_start_on_closed_episode(episode, social_worker):
    episode.closure_date = TODAY
    episode.closure_reason = "RC7"
    episode.save()
    with pytest.raises(ValidationError, match="closed"):
        services.assessment_start(actor=social_worker, episode=episode, start_date=TODAY)


def test_second_open_assessment_on_episode_refused_with_message(episode, social_worker):
    services.assessment_start(actor=social_worker, episode=episode, start_date=REFERRAL)
    with pytest.raises(ValidationError) as exc:
        services.assessment_start(actor=social_worker, episode=episode, start_date=TODAY)
    assert "already has an open assessment, started on 6 March 2026" in messages_of(exc)
    assert Assessment.objects.filter(episode=episode).count() == 1


def test_database_also_refuses_second_open_assessment(episode):
    AssessmentFactory(episode=episode)
    with pytest.raises(IntegrityError), transaction.atomic():
        AssessmentFactory(episode=episode)


# --- editing ----------------------------------------------------------------------------


@pytest.fixture
def assessment(episode, social_worker):
    return services.assessment_start(actor=social_worker, episode=episode, start_date=REFERRAL)


def update(assessment, actor, **fields):  # type: ignore[no-untyped-def]
    values = {"factors": [], "analysis": "", "outcome": ""} | fields
    return services.assessment_update(
        actor=actor, assessment=assessment, expected_version=assessment.version, **values
    )


def test_update_saves_factors_analysis_and_outcome(assessment, social_worker):
    saved = update(
        assessment, social_worker, factors=["3B", "16A"], analysis=" Analysis ", outcome="cin_plan"
    )
    saved.refresh_from_db()
    assert saved.factors == ["3B", "16A"]
    assert saved.analysis == "Analysis"
    assert saved.outcome == "cin_plan"
    assert saved.version == 2


def test_no_factors_identified_must_stand_alone(assessment, social_worker):
    # CIN census 8869
    with pytest.raises(ValidationError) as exc:
        update(assessment, social_worker, factors=["21", "16A"])
    assert "cannot be selected with any other factor" in exc.value.message_dict["factors"][0]
    assert update(assessment, social_worker, factors=["21"]).factors == ["21"]


def test_duplicate_factors_refused(assessment, social_worker):
    # CIN census 8898
    with pytest.raises(ValidationError) as exc:
        update(assessment, social_worker, factors=["16A", "16A"])
    assert exc.value.message_dict["factors"] == ["Select each factor only once"]


def test_unknown_factor_refused(assessment, social_worker):
    with pytest.raises(ValidationError) as exc:
        update(assessment, social_worker, factors=["18A"])  # deprecated, not on our list
    assert "18A" in exc.value.message_dict["factors"][0]


def test_unknown_outcome_refused(assessment, social_worker):
    with pytest.raises(ValidationError) as exc:
        update(assessment, social_worker, outcome="adoption")
    assert "outcome" in exc.value.message_dict


def test_stale_update_refused_and_nothing_saved(assessment, social_worker, colleague):
    opened_version = assessment.version
    update(assessment, colleague, analysis="Colleague's words")
    with pytest.raises(StaleEditError) as exc:
        services.assessment_update(
            actor=social_worker,
            assessment=assessment,
            expected_version=opened_version,
            factors=["16A"],
            analysis="Mine",
            outcome="",
        )
    assert exc.value.current.analysis == "Colleague's words"
    assessment.refresh_from_db()
    assert assessment.analysis == "Colleague's words"
    assert assessment.factors == []


def test_update_refused_while_submitted(assessment, social_worker):
    complete(assessment, social_worker)
    services.assessment_submit(actor=social_worker, assessment=assessment)
    with pytest.raises(ValidationError, match="submitted for authorisation"):
        update(assessment, social_worker, analysis="late change")


# --- child seen -------------------------------------------------------------------------


def test_child_seen_recorded_with_seen_alone(assessment, social_worker):
    seen = services.assessment_child_seen(
        actor=social_worker, assessment=assessment, seen_on=TODAY, seen_alone=True, note=" n "
    )
    assert (seen.seen_on, seen.seen_alone, seen.note, seen.recorded_by) == (
        TODAY,
        True,
        "n",
        social_worker,
    )


def test_child_may_be_seen_from_referral_date_before_the_start(episode, social_worker):
    assessment = services.assessment_start(actor=social_worker, episode=episode, start_date=TODAY)
    seen = services.assessment_child_seen(
        actor=social_worker, assessment=assessment, seen_on=REFERRAL, seen_alone=False
    )
    assert seen.seen_on == REFERRAL


def test_child_seen_before_referral_refused(assessment, social_worker):
    with pytest.raises(ValidationError) as exc:
        services.assessment_child_seen(
            actor=social_worker,
            assessment=assessment,
            seen_on=REFERRAL - dt.timedelta(days=1),
            seen_alone=True,
        )
    assert "referral date (6 March 2026)" in exc.value.message_dict["seen_on"][0]


def test_child_seen_in_future_refused(assessment, social_worker):
    with pytest.raises(ValidationError) as exc:
        services.assessment_child_seen(
            actor=social_worker,
            assessment=assessment,
            seen_on=TODAY + dt.timedelta(days=1),
            seen_alone=True,
        )
    assert "today or in the past" in exc.value.message_dict["seen_on"][0]


def test_child_seen_refused_after_authorisation(assessment, social_worker, manager):
    complete(assessment, social_worker)
    services.assessment_submit(actor=social_worker, assessment=assessment)
    services.assessment_authorise(actor=manager, assessment=assessment)
    with pytest.raises(ValidationError, match="authorised"):
        services.assessment_child_seen(
            actor=social_worker, assessment=assessment, seen_on=TODAY, seen_alone=True
        )


# --- submitting and reviewing -----------------------------------------------------------


def test_submit_refused_until_complete_and_says_what_is_missing(assessment, social_worker):
    with pytest.raises(ValidationError) as exc:
        services.assessment_submit(actor=social_worker, assessment=assessment)
    assert exc.value.messages == [
        "Record the assessment factors (or “No factors identified”)",
        "Write the analysis",
        "Record the outcome of the assessment",
        "Record at least one date the child was seen",
    ]
    update(assessment, social_worker, factors=["21"], analysis="A", outcome="nfa")
    with pytest.raises(ValidationError) as exc:
        services.assessment_submit(actor=social_worker, assessment=assessment)
    assert exc.value.messages == ["Record at least one date the child was seen"]
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.IN_PROGRESS
    assert not assessment.transitions.exists()


def test_submit_moves_to_submitted_with_one_transition(assessment, social_worker):
    complete(assessment, social_worker)
    version = Assessment.objects.get(pk=assessment.pk).version
    services.assessment_submit(actor=social_worker, assessment=assessment)
    assert assessment.status == AssessmentStatus.SUBMITTED
    assert assessment.submitted_at is not None
    assert assessment.version == version + 1
    (move,) = assessment.transitions.all()
    assert (move.action, move.by) == (ReviewAction.SUBMITTED, social_worker)


def test_return_needs_comments(assessment, social_worker, manager):
    complete(assessment, social_worker)
    services.assessment_submit(actor=social_worker, assessment=assessment)
    with pytest.raises(ValidationError) as exc:
        services.assessment_return(actor=manager, assessment=assessment, comments="  ")
    assert "comments" in exc.value.message_dict
    services.assessment_return(
        actor=manager, assessment=assessment, comments="Add the school's view"
    )
    assert assessment.status == AssessmentStatus.RETURNED
    assert assessment.transitions.last().comments == "Add the school's view"


def test_returned_assessment_can_be_changed_and_resubmitted(assessment, social_worker, manager):
    complete(assessment, social_worker)
    services.assessment_submit(actor=social_worker, assessment=assessment)
    services.assessment_return(actor=manager, assessment=assessment, comments="More analysis")
    update(assessment, social_worker, factors=["16A"], analysis="Fuller", outcome="cin_plan")
    services.assessment_submit(actor=social_worker, assessment=assessment)
    services.assessment_authorise(actor=manager, assessment=assessment)
    assert list(assessment.transitions.values_list("action", flat=True)) == [
        "submitted",
        "returned",
        "submitted",
        "authorised",
    ]


def test_authorise_sets_date_today_by_default_and_manager(assessment, social_worker, manager):
    complete(assessment, social_worker)
    services.assessment_submit(actor=social_worker, assessment=assessment)
    services.assessment_authorise(actor=manager, assessment=assessment, comments="Good work")
    assert assessment.status == AssessmentStatus.AUTHORISED
    assert assessment.authorised_on == TODAY
    assert assessment.authorised_by == manager
    assert assessment.transitions.last().comments == "Good work"


def test_authorisation_date_can_be_earlier(assessment, social_worker, manager):
    complete(assessment, social_worker)
    services.assessment_submit(actor=social_worker, assessment=assessment)
    services.assessment_authorise(actor=manager, assessment=assessment, authorised_on=REFERRAL)
    assert assessment.authorised_on == REFERRAL


@pytest.mark.parametrize(
    ("authorised_on", "message"),
    [
        (TODAY + dt.timedelta(days=1), "today or in the past"),
        (REFERRAL - dt.timedelta(days=1), "start date (6 March 2026)"),  # CIN census 8608
    ],
)
def test_authorisation_date_rules(assessment, social_worker, manager, authorised_on, message):
    complete(assessment, social_worker)
    services.assessment_submit(actor=social_worker, assessment=assessment)
    with pytest.raises(ValidationError) as exc:
        services.assessment_authorise(
            actor=manager, assessment=assessment, authorised_on=authorised_on
        )
    assert message in exc.value.message_dict["authorised_on"][0]
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED


def test_social_worker_cannot_review(assessment, social_worker, colleague):
    complete(assessment, social_worker)
    services.assessment_submit(actor=social_worker, assessment=assessment)
    for review in (
        lambda: services.assessment_authorise(actor=colleague, assessment=assessment),
        lambda: services.assessment_return(actor=colleague, assessment=assessment, comments="x"),
    ):
        with pytest.raises(ValidationError, match="Only a manager"):
            review()


def test_manager_of_another_team_cannot_review(assessment, social_worker, other_team):
    complete(assessment, social_worker)
    services.assessment_submit(actor=social_worker, assessment=assessment)
    other_manager = UserFactory(role=Role.TEAM_MANAGER, team=other_team)
    with pytest.raises(ValidationError, match="Only a manager"):
        services.assessment_authorise(actor=other_manager, assessment=assessment)


def test_head_of_service_can_authorise(assessment, social_worker):
    complete(assessment, social_worker)
    services.assessment_submit(actor=social_worker, assessment=assessment)
    head = UserFactory(role=Role.HEAD_OF_SERVICE)
    services.assessment_authorise(actor=head, assessment=assessment)
    assert assessment.authorised_by == head


# The workflow map is the only path: every move not in TRANSITIONS is refused.
ILLEGAL = [
    ("in_progress", "return"),
    ("in_progress", "authorise"),
    ("submitted", "submit"),
    ("returned", "return"),
    ("returned", "authorise"),
    ("authorised", "submit"),
    ("authorised", "return"),
    ("authorised", "authorise"),
]


def _bring_to(status, assessment, worker, manager):  # type: ignore[no-untyped-def]
    complete(assessment, worker)
    if status == "in_progress":
        return
    services.assessment_submit(actor=worker, assessment=assessment)
    if status == "returned":
        services.assessment_return(actor=manager, assessment=assessment, comments="Again")
    elif status == "authorised":
        services.assessment_authorise(actor=manager, assessment=assessment)


@pytest.mark.parametrize(("status", "move"), ILLEGAL)
def test_illegal_transitions_refused(assessment, social_worker, manager, status, move):
    _bring_to(status, assessment, social_worker, manager)
    moves = {
        "submit": lambda: services.assessment_submit(actor=social_worker, assessment=assessment),
        "return": lambda: services.assessment_return(
            actor=manager, assessment=assessment, comments="No"
        ),
        "authorise": lambda: services.assessment_authorise(actor=manager, assessment=assessment),
    }
    before = AssessmentTransition.objects.count()
    with pytest.raises(ValidationError, match="cannot be"):
        moves[move]()
    assessment.refresh_from_db()
    assert assessment.status == status
    assert AssessmentTransition.objects.count() == before


def test_transition_makes_an_open_edit_form_stale(assessment, social_worker, manager):
    complete(assessment, social_worker)
    assessment.refresh_from_db()
    opened = assessment.version
    services.assessment_submit(actor=social_worker, assessment=assessment)
    services.assessment_return(actor=manager, assessment=assessment, comments="Redo")
    with pytest.raises(StaleEditError):
        services.assessment_update(
            actor=social_worker,
            assessment=assessment,
            expected_version=opened,
            factors=["16A"],
            analysis="x",
            outcome="nfa",
        )


# --- the time of submission --------------------------------------------------------------


def test_submission_time_defaults_to_now(assessment, social_worker):
    from django.utils import timezone

    complete(assessment, social_worker)
    services.assessment_submit(actor=social_worker, assessment=assessment)
    assert abs(assessment.submitted_at - timezone.now()) < dt.timedelta(seconds=5)


def test_submission_written_up_late_keeps_its_time(assessment, social_worker):
    from opencsc.core.working_days import LONDON

    complete(assessment, social_worker)
    earlier = dt.datetime(2026, 3, 6, 16, 30, tzinfo=LONDON)  # the start date
    services.assessment_submit(actor=social_worker, assessment=assessment, submitted_at=earlier)
    assert assessment.submitted_at == earlier
    assert Assessment.objects.get(pk=assessment.pk).submitted_at == earlier


@pytest.mark.parametrize(
    ("submitted_at", "message"),
    [
        (dt.datetime(2026, 3, 16, 11, 0, tzinfo=dt.UTC), "now or in the past"),
        # 23:30 on 5 March in London: the day before the assessment started.
        (dt.datetime(2026, 3, 5, 23, 30, tzinfo=dt.UTC), "start date (6 March 2026)"),
        (dt.datetime(2026, 3, 10, 12, 0), "time zone"),
    ],
)
def test_submission_time_rules(assessment, social_worker, submitted_at, message):
    complete(assessment, social_worker)
    with pytest.raises(ValidationError) as exc:
        services.assessment_submit(
            actor=social_worker, assessment=assessment, submitted_at=submitted_at
        )
    assert message in exc.value.message_dict["submitted_at"][0]
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.IN_PROGRESS
    assert not assessment.transitions.exists()


def test_each_move_reads_the_assessment_once(assessment, social_worker, manager):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def statements(queries):  # type: ignore[no-untyped-def]
        # Without the savepoints of the services' own transactions.
        return [q["sql"].split()[0] for q in queries if "SAVEPOINT" not in q["sql"]]

    complete(assessment, social_worker)
    # Lock (with whether the child was seen), move, transition row: no read-back.
    with CaptureQueriesContext(connection) as queries:
        services.assessment_submit(actor=social_worker, assessment=assessment)
    assert statements(queries) == ["SELECT", "UPDATE", "INSERT"]
    # The manager check, then the same three.
    with CaptureQueriesContext(connection) as queries:
        services.assessment_return(actor=manager, assessment=assessment, comments="More")
    assert statements(queries) == ["SELECT", "SELECT", "UPDATE", "INSERT"]
    assert (assessment.status, assessment.version) == (
        AssessmentStatus.RETURNED,
        Assessment.objects.get(pk=assessment.pk).version,
    )
