"""Ending a period of care: the reason's 903 rules, and the case closing with it."""

from __future__ import annotations

import pytest

from opencsc.care import services
from opencsc.casework.episodes import episode_close
from opencsc.casework.status import CaseStatus, case_status_on
from tests.care.helpers import START, D, change, messages, refused, rows, start

END = START + D(days=30)


def end(period, actor, on=END, reason="E4A", **kwargs):  # type: ignore[no-untyped-def]
    return services.period_end(actor=actor, period=period, end_date=on, reason=reason, **kwargs)


def test_a_period_ends_with_its_last_episode(child, episode, social_worker):
    period = start(child, social_worker)
    end(period, social_worker)
    assert rows(period) == [(START, "S", "V2", "U6", START + D(days=30), "E4A", "")]
    episode.refresh_from_db()
    assert episode.closure_date is None  # returned home: the case stays open


def test_a_child_arrangements_order_closes_the_case_the_same_day(child, episode, social_worker):
    period = start(child, social_worker)
    end(period, social_worker, reason="E41")
    episode.refresh_from_db()
    assert (episode.closure_date, episode.closure_reason) == (START + D(days=30), "RC3")


def test_turning_18_closes_the_case_unless_told_not_to(child, episode, social_worker):
    child.date_of_birth = (START + D(days=20)).replace(year=START.year - 18)
    child.save()
    period = start(child, social_worker)
    end(period, social_worker, reason="E17", close_cin_episode=False)
    episode.refresh_from_db()
    assert episode.closure_date is None


def test_turning_18_closes_the_case(child, episode, social_worker):
    child.date_of_birth = (START + D(days=20)).replace(year=START.year - 18)
    child.save()
    period = start(child, social_worker)
    end(period, social_worker, reason="E17")
    episode.refresh_from_db()
    assert (episode.closure_date, episode.closure_reason) == (START + D(days=30), "RC7")


@pytest.mark.parametrize(
    ("reason", "text"),
    [
        ("X1", "903 rule 149"),
        ("E2", "date of death"),
        ("E17", "903 rule 460"),
        ("E5", "903 rule 387"),
        ("E7", "903 rule 389"),
        ("E11", "903 rule 390"),
        ("E45", "903 rule 516"),
    ],
)
def test_the_reason_must_fit_the_child(child, episode, social_worker, reason, text):
    period = start(child, social_worker, placement="K2")
    assert text in messages(refused(end, period=period, actor=social_worker, reason=reason))


def test_an_episode_lasts_at_least_a_day_rule_355(child, episode, social_worker):
    period = start(child, social_worker)
    assert "903 rule 355" in messages(refused(end, period=period, actor=social_worker, on=START))


def test_care_does_not_end_in_a_temporary_placement_rule_381(child, episode, social_worker):
    period = start(child, social_worker)
    change(
        period,
        social_worker,
        START + D(days=5),
        placement="T2",
        carer="Holiday camp",
        placement_postcode="CW1 1AD",
    )
    exc = refused(end, period=period, actor=social_worker, on=START + D(days=8))
    assert "903 rule 381" in messages(exc)


def test_the_case_cannot_close_while_the_child_is_looked_after(child, episode, social_worker):
    start(child, social_worker)
    exc = refused(
        episode_close,
        actor=social_worker,
        episode=episode,
        expected_version=episode.version,
        closure_date=START + D(days=20),
        reason="RC7",
    )
    assert "period of care started on 15 January 2026 is still open" in messages(exc)


def test_the_case_status_is_looked_after_while_the_period_is_open(child, episode, social_worker):
    period = start(child, social_worker)
    assert case_status_on(child, START) == CaseStatus.LOOKED_AFTER
    assert case_status_on(child, START - D(days=1)) != CaseStatus.LOOKED_AFTER
    end(period, social_worker)
    assert case_status_on(child, START + D(days=29)) == CaseStatus.LOOKED_AFTER
    assert case_status_on(child, START + D(days=30)) != CaseStatus.LOOKED_AFTER
