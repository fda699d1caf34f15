"""A change of circumstances after authorisation prompts an updated assessment."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from opencsc.assessments import services
from opencsc.assessments.models import AssessmentStatus
from opencsc.assessments.selectors import (
    UPDATE_PROMPT,
    needs_updated_assessment,
    updated_assessment_prompts,
)
from opencsc.casework.services import circumstance_change_record
from tests.assessments.conftest import TODAY
from tests.assessments.helpers import authorised
from tests.factories import AllocationFactory, CINEpisodeFactory, PersonFactory


def change(child, actor, occurred_on=TODAY, text="Mother's new partner has moved in"):  # type: ignore[no-untyped-def]
    return circumstance_change_record(
        actor=actor, child=child, occurred_on=occurred_on, description=text
    )


@pytest.fixture
def done(episode, social_worker, manager):
    return authorised(episode, social_worker, manager)


def test_change_after_authorisation_prompts_updated_assessment(done, child, social_worker, frozen):
    assert needs_updated_assessment(child) is None
    frozen.shift(dt.timedelta(minutes=5))
    recorded = change(child, social_worker)
    prompt = needs_updated_assessment(child)
    assert prompt is not None
    assert (prompt.previous_id, prompt.change_id, prompt.change_occurred_on) == (
        done.pk,
        recorded.pk,
        TODAY,
    )
    assert prompt.message == (
        "Circumstances changed since the assessment was authorised: start an updated assessment"
    )
    assert prompt.message == UPDATE_PROMPT


def test_change_recorded_before_authorisation_does_not_prompt(
    episode, child, social_worker, manager, frozen
):
    change(child, social_worker)
    frozen.shift(dt.timedelta(minutes=5))
    authorised(episode, social_worker, manager)
    assert needs_updated_assessment(child) is None


def test_no_prompt_while_latest_assessment_is_open(episode, child, social_worker):
    services.assessment_start(actor=social_worker, episode=episode, start_date=TODAY)
    change(child, social_worker)
    assert needs_updated_assessment(child) is None


def test_no_prompt_once_episode_closed(done, episode, child, social_worker, frozen):
    episode.closure_date = TODAY
    episode.closure_reason = "RC8"
    episode.save()
    frozen.shift(dt.timedelta(minutes=5))
    change(child, social_worker)
    assert needs_updated_assessment(child) is None


def test_starting_the_update_clears_the_prompt(done, child, social_worker, frozen):
    frozen.shift(dt.timedelta(minutes=5))
    recorded = change(child, social_worker)
    update = services.assessment_start_update(
        actor=social_worker, previous=done, change=recorded, start_date=TODAY
    )
    assert (update.updates, update.prompted_by, update.episode) == (done, recorded, done.episode)
    assert update.status == AssessmentStatus.IN_PROGRESS
    assert needs_updated_assessment(child) is None


def test_update_due_45_working_days_from_its_start_not_the_referral(
    done, child, social_worker, frozen
):
    frozen.shift(dt.timedelta(minutes=5))
    recorded = change(child, social_worker)
    update = services.assessment_start_update(actor=social_worker, previous=done, change=recorded)
    assert update.start_date == TODAY  # the default
    assert update.due_date == dt.date(2026, 5, 21)  # Mon 16 March + 45 working days
    assert update.worker == social_worker


def test_updated_assessment_authorised_then_new_change_prompts_again(
    done, child, social_worker, manager, frozen
):
    frozen.shift(dt.timedelta(minutes=5))
    first = change(child, social_worker)
    update = services.assessment_start_update(actor=social_worker, previous=done, change=first)
    from tests.assessments.helpers import complete

    complete(update, social_worker)
    services.assessment_submit(actor=social_worker, assessment=update)
    services.assessment_authorise(actor=manager, assessment=update)
    assert needs_updated_assessment(child) is None
    frozen.shift(dt.timedelta(minutes=5))
    second = change(child, social_worker)
    prompt = needs_updated_assessment(child)
    assert (prompt.previous_id, prompt.change_id) == (update.pk, second.pk)


def test_update_refused_unless_previous_is_authorised(episode, child, social_worker):
    open_one = services.assessment_start(actor=social_worker, episode=episode, start_date=TODAY)
    recorded = change(child, social_worker)
    with pytest.raises(ValidationError, match="Only an authorised assessment"):
        services.assessment_start_update(actor=social_worker, previous=open_one, change=recorded)


def test_update_refused_when_already_followed(done, child, social_worker, frozen):
    frozen.shift(dt.timedelta(minutes=5))
    recorded = change(child, social_worker)
    services.assessment_start_update(actor=social_worker, previous=done, change=recorded)
    with pytest.raises(ValidationError, match="already been followed"):
        services.assessment_start_update(actor=social_worker, previous=done, change=recorded)


def test_update_refused_when_episode_closed(done, episode, child, social_worker):
    recorded = change(child, social_worker)
    episode.closure_date = TODAY
    episode.closure_reason = "RC8"
    episode.save()
    done.refresh_from_db()
    with pytest.raises(ValidationError, match="closed"):
        services.assessment_start_update(actor=social_worker, previous=done, change=recorded)


def test_update_refused_for_another_childs_change(done, social_worker):
    other = PersonFactory()
    recorded = change(other, social_worker)
    with pytest.raises(ValidationError, match="different child"):
        services.assessment_start_update(actor=social_worker, previous=done, change=recorded)


@pytest.mark.parametrize(
    ("start", "message"),
    [
        (TODAY + dt.timedelta(days=1), "today or in the past"),
        (TODAY - dt.timedelta(days=1), "previous assessment was authorised (16 March 2026)"),
    ],
)
def test_update_start_date_rules(done, child, social_worker, start, message):
    recorded = change(child, social_worker)
    with pytest.raises(ValidationError) as exc:
        services.assessment_start_update(
            actor=social_worker, previous=done, change=recorded, start_date=start
        )
    assert message in exc.value.message_dict["start_date"][0]


def test_prompts_for_many_children_in_one_query(
    done, child, team, social_worker, manager, frozen, django_assert_num_queries
):
    others = []
    for _ in range(3):
        other = PersonFactory()
        AllocationFactory(child=other, team=team, worker=social_worker)
        authorised(CINEpisodeFactory(child=other), social_worker, manager)
        others.append(other)
    frozen.shift(dt.timedelta(minutes=5))
    change(child, social_worker)
    change(others[0], social_worker)
    ids = [child.pk, *(o.pk for o in others)]
    with django_assert_num_queries(1):
        prompts = updated_assessment_prompts(ids)
    assert set(prompts) == {child.pk, others[0].pk}
    assert updated_assessment_prompts([]) == {}
