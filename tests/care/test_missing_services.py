"""Missing and away episodes with the return home interview: the 903 Missing rules
(564-586) refused at entry, and the 72-hour interview flagged, never refused."""

from __future__ import annotations

import datetime as dt

import pytest

from opencsc.care.models import MissingEpisode
from opencsc.care.services import health as services
from tests.care.conftest import TODAY
from tests.care.test_health_support import D, make_period, refused, text

START = dt.date(2026, 1, 15)


@pytest.fixture
def period(child, episode):
    return make_period(child, episode, START)


def went(child, actor, on, back=None, kind="M"):  # type: ignore[no-untyped-def]
    return services.missing_record(
        actor=actor, child=child, kind=kind, started_on=on, ended_on=back
    )


def test_missing_episode_recorded_open(period, child, social_worker):
    made = went(child, social_worker, START + D(days=3))
    assert made.ended_on is None
    assert made.kind == "M"


def test_missing_kind_must_be_missing_or_away(period, child, social_worker):
    # 903 rule 565
    exc = refused(went, child=child, actor=social_worker, on=START, kind="X")
    assert "kind" in exc.message_dict


def test_missing_refused_before_the_period_of_care(period, child, social_worker):
    # 903 rules 578/581
    exc = refused(went, child=child, actor=social_worker, on=START - D(days=1))
    assert "was not looked after" in text(exc)


def test_missing_refused_after_the_period_ended(child, episode, social_worker):
    make_period(child, episode, START, START + D(days=20))
    exc = refused(went, child=child, actor=social_worker, on=START + D(days=21), back=TODAY)
    assert "was not looked after" in text(exc)


def test_open_missing_refused_once_care_has_ended(child, episode, social_worker):
    # 903 rule 577
    make_period(child, episode, START, START + D(days=20))
    exc = refused(went, child=child, actor=social_worker, on=START + D(days=5))
    assert "stopped being looked after" in text(exc)


def test_missing_must_end_inside_the_period(child, episode, social_worker):
    # 903 rule 577
    make_period(child, episode, START, START + D(days=20))
    exc = refused(
        went, child=child, actor=social_worker, on=START + D(days=5), back=START + D(days=21)
    )
    assert "on or before the day they stopped" in text(exc)
    assert went(child, social_worker, START + D(days=5), START + D(days=20)).pk


def test_missing_end_before_start_refused(period, child, social_worker):
    # 903 rule 567
    exc = refused(
        went, child=child, actor=social_worker, on=START + D(days=5), back=START + D(days=4)
    )
    assert "on or after the date they went" in text(exc)


def test_missing_refused_in_the_future(period, child, social_worker):
    # 903 rule 570
    exc = refused(went, child=child, actor=social_worker, on=TODAY + D(days=1))
    assert "today or in the past" in text(exc)


def test_missing_on_the_day_of_birth_refused(child, episode, social_worker):
    # 903 rule 586
    make_period(child, episode, child.date_of_birth)
    exc = refused(went, child=child, actor=social_worker, on=child.date_of_birth)
    assert "after the date of birth" in text(exc)


def test_overlapping_missing_episodes_refused(period, child, social_worker):
    # 903 rule 574
    went(child, social_worker, START + D(days=5), START + D(days=10))
    for on, back in [
        (START + D(days=7), START + D(days=8)),
        (START + D(days=3), START + D(days=6)),
        (START + D(days=9), None),
    ]:
        exc = refused(went, child=child, actor=social_worker, on=on, back=back)
        assert "overlaps" in text(exc)


def test_new_missing_may_start_the_day_the_last_ended(period, child, social_worker):
    went(child, social_worker, START + D(days=5), START + D(days=10))
    assert went(child, social_worker, START + D(days=10)).pk


def test_new_missing_refused_while_another_is_open(period, child, social_worker):
    # 903 rule 574
    went(child, social_worker, START + D(days=5))
    exc = refused(went, child=child, actor=social_worker, on=START + D(days=8), back=TODAY)
    assert "not yet back" in text(exc)


def test_earlier_missing_recorded_before_an_open_one(period, child, social_worker):
    went(child, social_worker, START + D(days=20))
    assert went(child, social_worker, START + D(days=2), START + D(days=4)).pk


def test_open_missing_refused_when_the_placement_has_since_ended(child, episode, social_worker):
    # 903 rule 575: the child moved placement after going missing.
    make_period(child, episode, START, moves=(START + D(days=10),))
    exc = refused(went, child=child, actor=social_worker, on=START + D(days=4))
    assert "went missing from ended" in text(exc)
    assert went(child, social_worker, START + D(days=4), START + D(days=6)).pk
    assert went(child, social_worker, START + D(days=11)).pk


# --- the return and the return home interview ---------------------------------------------


@pytest.fixture
def gone(period, child, social_worker):
    return went(child, social_worker, TODAY - D(days=10))


def back(episode, actor, on, **kwargs):  # type: ignore[no-untyped-def]
    return services.missing_return(actor=actor, episode=episode, ended_on=on, **kwargs)


def test_return_recorded_with_interview_in_72_hours(gone, social_worker):
    made = back(gone, social_worker, TODAY - D(days=8), rhi_offered_on=TODAY - D(days=5))
    made.refresh_from_db()
    assert made.ended_on == TODAY - D(days=8)
    assert made.rhi_offered_on == TODAY - D(days=5)
    assert services.rhi_offered_late(made) is False


def test_interview_offered_after_72_hours_recorded_and_flagged(gone, social_worker):
    made = back(
        gone, social_worker, TODAY - D(days=8), rhi_offered_on=TODAY - D(days=4), rhi_accepted=True
    )
    assert made.rhi_late is True
    made.refresh_from_db()
    assert made.rhi_accepted is True


def test_interview_not_offered_flagged_after_72_hours(gone, social_worker):
    made = back(gone, social_worker, TODAY - D(days=2))
    assert made.rhi_late is False
    assert services.rhi_offered_late(made, TODAY + D(days=2)) is True


def test_interview_added_after_the_return(gone, social_worker):
    back(gone, social_worker, TODAY - D(days=2))
    made = back(gone, social_worker, TODAY - D(days=2), rhi_offered_on=TODAY, rhi_accepted=False)
    made.refresh_from_db()
    assert (made.rhi_offered_on, made.rhi_accepted) == (TODAY, False)


def test_interview_accepted_needs_the_offer_date(gone, social_worker):
    exc = refused(back, episode=gone, actor=social_worker, on=TODAY, rhi_accepted=True)
    assert "rhi_accepted" in exc.message_dict


def test_interview_offered_before_the_return_refused(gone, social_worker):
    exc = refused(
        back, episode=gone, actor=social_worker, on=TODAY, rhi_offered_on=TODAY - D(days=1)
    )
    assert "after the child came back" in text(exc)


def test_return_before_going_refused(gone, social_worker):
    # 903 rule 567
    exc = refused(back, episode=gone, actor=social_worker, on=TODAY - D(days=11))
    assert "on or after the date they went" in text(exc)


def test_return_overlapping_a_later_episode_refused(period, child, social_worker):
    # 903 rule 574
    first = went(child, social_worker, START + D(days=2), START + D(days=4))
    went(child, social_worker, START + D(days=6), START + D(days=8))
    exc = refused(back, episode=first, actor=social_worker, on=START + D(days=7))
    assert "overlaps" in text(exc)
    assert MissingEpisode.objects.get(pk=first.pk).ended_on == START + D(days=4)
