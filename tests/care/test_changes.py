"""Changes of legal status and placement: the reason for the new episode is worked out
(903 rules 431-436), and the rules on what may follow what refuse at entry."""

from __future__ import annotations

import datetime as dt

import pytest

from opencsc.care.models import CareEpisode
from tests.care.helpers import START, D, change, messages, refused, rows, start

MOVE = {"carer": "Ms Other", "placement_postcode": "CW1 1AD", "urn": "SC654321"}


@pytest.mark.parametrize(
    ("fields", "rne"),
    [
        ({"legal_status": "C1"}, "L"),
        ({**MOVE, "reason_place_change": "CARPL"}, "P"),
        ({"placement": "U4", "reason_place_change": "PLACE"}, "T"),
        ({"legal_status": "C1", **MOVE, "reason_place_change": "CARPL"}, "B"),
        ({"legal_status": "C1", "placement": "U4", "reason_place_change": "PLACE"}, "U"),
    ],
)
def test_the_reason_for_a_new_episode_is_worked_out(child, episode, social_worker, fields, rne):
    period = start(child, social_worker)
    new = change(period, social_worker, START + D(days=7), **fields)
    assert new.reason_new_episode == rne
    first, second = rows(period)
    assert first[4:6] == (START + D(days=7), "X1")
    assert second[0] == START + D(days=7) and second[4] is None
    # 903 rule 225: a move records why on the episode it ends; a status change does not.
    assert first[6] == ("" if rne == "L" else fields["reason_place_change"])
    # 903 rule 504: the category of need stays the period's.
    assert {e.category_of_need for e in period.episodes.all()} == {"N1"}


def test_nothing_changed_is_refused(child, episode, social_worker):
    period = start(child, social_worker)
    assert "Nothing has changed" in messages(
        refused(change, period=period, actor=social_worker, on=START + D(days=3), legal_status="V2")
    )


def test_a_new_carer_at_the_same_placement_needs_its_details_rules_434_435(
    child, episode, social_worker
):
    period = start(child, social_worker)
    exc = refused(change, period=period, actor=social_worker, on=START + D(days=3), carer="New")
    assert "903 rules 434, 435" in messages(exc)


def test_a_move_needs_its_reason_rule_225(child, episode, social_worker):
    period = start(child, social_worker)
    exc = refused(change, period=period, actor=social_worker, on=START + D(days=3), **MOVE)
    assert exc.message_dict["reason_place_change"] == ["Select why the child moved (903 rule 225)"]


def test_a_change_is_recorded_in_order_rule_501(child, episode, social_worker):
    period = start(child, social_worker)
    change(period, social_worker, START + D(days=9), legal_status="C1")
    exc = refused(
        change, period=period, actor=social_worker, on=START + D(days=8), legal_status="C2"
    )
    assert "903 rule 501" in messages(exc)


def test_two_changes_on_one_day_make_one_episode_rule_355(child, episode, social_worker):
    period = start(child, social_worker)
    on = START + D(days=9)
    change(period, social_worker, on, **MOVE, reason_place_change="CARPL")
    change(period, social_worker, on, legal_status="C1")
    assert [r[:3] for r in rows(period)] == [(START, "S", "V2"), (on, "B", "C1")]
    assert rows(period)[0][6] == "CARPL"
    # Undoing the day's changes gives back the episode that was open.
    change(
        period,
        social_worker,
        on,
        legal_status="V2",
        carer="Mr and Mrs Foster",
        placement_postcode="CW1 1AB",
        urn="SC123456",
    )
    assert rows(period) == [(START, "S", "V2", "U6", None, "", "")]


def test_a_change_on_the_first_day_corrects_the_first_episode(child, episode, social_worker):
    period = start(child, social_worker)
    change(period, social_worker, START, legal_status="C1")
    assert rows(period) == [(START, "S", "C1", "U6", None, "", "")]


def test_a_temporary_placement_and_the_return_rules_226_380_383(child, episode, social_worker):
    period = start(child, social_worker)
    away = START + D(days=10)
    # 903 rule 380: a temporary placement is with someone else.
    exc = refused(change, period=period, actor=social_worker, on=away, placement="T1")
    assert "903 rule 380" in messages(exc)
    change(
        period,
        social_worker,
        away,
        placement="T1",
        carer="Leighton Hospital",
        placement_postcode="CW1 4QJ",
    )
    back = away + D(days=5)
    # 903 rule 383: back to the usual placement, not elsewhere.
    exc = refused(change, period=period, actor=social_worker, on=back, **MOVE)
    assert "903 rule 383" in messages(exc)
    returned = change(period, social_worker, back, placement="U6")
    assert (returned.reason_new_episode, returned.carer, returned.placement_postcode) == (
        "P",
        "Mr and Mrs Foster",
        "CW1 1AB",
    )
    # 903 rule 226: no reason on the moves into and out of a temporary placement.
    assert [r[6] for r in rows(period)] == ["", "", ""]


def test_a_temporary_placement_lasts_at_most_seven_days_rule_379(child, episode, social_worker):
    period = start(child, social_worker)
    change(
        period,
        social_worker,
        START + D(days=10),
        placement="T4",
        carer="Respite carer",
        placement_postcode="CW1 1AD",
    )
    exc = refused(change, period=period, actor=social_worker, on=START + D(days=18), placement="U6")
    assert "903 rule 379" in messages(exc)


def test_police_protection_lasts_72_hours_rule_361(child, episode, social_worker):
    period = start(child, social_worker, legal_status="L1")
    exc = refused(
        change, period=period, actor=social_worker, on=START + D(days=4), legal_status="V2"
    )
    assert "903 rule 361" in messages(exc)
    assert (
        change(period, social_worker, START + D(days=3), legal_status="C1").reason_new_episode
        == "L"
    )


def test_placement_for_adoption_rules_217_336_408(child, episode, social_worker):
    period = start(child, social_worker)
    exc = refused(
        change,
        period=period,
        actor=social_worker,
        on=START + D(days=5),
        placement="A5",
        reason_place_change="CARPL",
    )
    assert "903 rule 408" in messages(exc)
    exc = refused(
        change,
        period=period,
        actor=social_worker,
        on=START + D(days=5),
        placement="A3",
        carer="Adopters",
        reason_place_change="CARPL",
    )
    assert "903 rule 217" in messages(exc)
    new = change(
        period, social_worker, START + D(days=5), placement="A3", reason_place_change="CARPL"
    )
    assert new.reason_new_episode == "T"


def test_after_18_only_section_20_in_a_childrens_home_rule_359(child, episode, social_worker):
    child.date_of_birth = START - dt.timedelta(days=18 * 365)  # turns 18 a few days after START
    child.save()
    period = start(child, social_worker)
    exc = refused(
        change, period=period, actor=social_worker, on=START + D(days=10), legal_status="C2"
    )
    assert "903 rule 359" in messages(exc)


def test_one_open_episode_whatever_happens(child, episode, social_worker):
    period = start(child, social_worker)
    for i, status in enumerate(["C1", "C2", "E1"], start=1):
        change(period, social_worker, START + D(days=7 * i), legal_status=status)
    assert CareEpisode.objects.filter(child=child, end_date__isnull=True).count() == 1
