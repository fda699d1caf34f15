"""Starting a period of care: the 903 rules on a period's first episode, refused at entry."""

from __future__ import annotations

import datetime as dt

import pytest

from opencsc.care import services
from opencsc.care.models import CarePeriod
from tests.care.conftest import BORN, REFERRAL
from tests.care.helpers import START, D, messages, refused, rows, start


def test_period_starts_with_rne_s_and_the_referrals_category_of_need(child, episode, social_worker):
    period = start(child, social_worker)
    assert period.episode == episode
    assert rows(period) == [(START, "S", "V2", "U6", None, "", "")]
    first = period.episodes.get()
    assert first.category_of_need == "N1"
    assert first.home_postcode == "CW1 1AA"  # the child's own postcode
    assert first.placement_la == "E06000049" and first.in_area is True
    assert period.previous_permanence == "Z1"


def test_period_start_needs_an_open_child_in_need_episode(child, social_worker):
    exc = refused(start, child=child, actor=social_worker)
    assert "record the referral first" in messages(exc)


def test_period_start_refuses_a_second_open_period(child, episode, social_worker):
    start(child, social_worker)
    assert "already looked after" in messages(refused(start, child=child, actor=social_worker))


@pytest.mark.parametrize(
    ("on", "text"),
    [
        (dt.date(2026, 4, 21), "today or in the past"),
        (REFERRAL - D(days=1), "no child in need episode open"),
    ],
)
def test_period_start_date_is_checked(child, episode, social_worker, on, text):
    assert text in messages(refused(start, child=child, actor=social_worker, on=on))


def test_nobody_starts_to_be_looked_after_at_18_rule_352(episode, social_worker, child):
    child.date_of_birth = START - dt.timedelta(days=18 * 366)
    child.save()
    assert "903 rule 352" in messages(refused(start, child=child, actor=social_worker))


def test_a_period_cannot_start_in_a_temporary_placement_rule_380(child, episode, social_worker):
    exc = refused(start, child=child, actor=social_worker, placement="T4", provider="", urn="")
    assert "903 rule 380" in messages(exc)


@pytest.mark.parametrize(
    ("fields", "rule"),
    [
        ({"urn": ""}, "218"),
        ({"placement": "P1", "provider": "PR0", "legal_status": "C2", "urn": "SC123456"}, "222"),
        ({"placement": "P1", "provider": "PR1", "legal_status": "C2", "urn": ""}, "527-531"),
        ({"provider": "PR0"}, "550"),
        ({"placement": "R2", "provider": "PR1", "urn": ""}, "527, 528"),
        ({"provider": "PR3", "placement": "K2"}, "529"),
        ({"placement": "P1", "provider": "PR0", "urn": ""}, "378"),
        ({"legal_status": "C2", "placement": "A5", "urn": "SC123456"}, "408"),
        ({"legal_status": "D1"}, "445"),
        ({"placement_postcode": "CW1 1AA"}, "392d"),
        ({"placement_postcode": "NOT A CODE"}, "392c"),
        ({"placement_postcode": ""}, "392b"),
        ({"urn": "12"}, "1008"),
        ({"legal_status": "J1"}, "358"),
        ({"placement": "K3"}, "371"),
        ({"placement": "P3", "urn": ""}, "374"),
        ({"legal_status": "V3"}, "214, 398, 420"),
        ({"legal_status": "V4", "placement": "U4", "placement_postcode": "", "urn": ""}, "384"),
    ],
)
def test_the_903_rules_on_a_first_episode_refuse_at_entry(
    child, episode, social_worker, fields, rule
):
    child.postcode = "CW1 1AA"
    child.save()
    exc = refused(start, child=child, actor=social_worker, **fields)
    assert f"903 rule {rule}" in messages(exc) or f"903 rules {rule}" in messages(exc)
    assert not CarePeriod.objects.exists()


def test_own_provision_outside_the_area_is_refused_rule_1015(child, episode, social_worker):
    # CW1 1AB is Cheshire East; a Manchester postcode from the table is not.
    from opencsc.care.areas import _table

    manchester = next(pc for pc, la in _table().items() if la == "E08000003")
    exc = refused(
        start, child=child, actor=social_worker, placement="K2", placement_postcode=manchester
    )
    assert "903 rule 1015" in messages(exc)


def test_a_short_break_is_recorded_without_postcodes(child, episode, social_worker):
    period = start(child, social_worker, legal_status="V3", placement_postcode="", urn="")
    first = period.episodes.get()
    assert (first.home_postcode, first.placement_postcode, first.urn) == ("", "", "")


def test_short_breaks_are_recorded_one_way_rule_426(child, episode, social_worker):
    period = start(child, social_worker, legal_status="V3", placement_postcode="", urn="")
    services.period_end(
        actor=social_worker, period=period, end_date=START + D(days=3), reason="E4A"
    )
    exc = refused(
        start,
        child=child,
        actor=social_worker,
        on=START + D(days=10),
        legal_status="V4",
        placement_postcode="",
        urn="",
    )
    assert "903 rule 426" in messages(exc)


def test_re_entry_starts_the_day_after_the_last_period_ended_rule_431(
    child, episode, social_worker
):
    period = start(child, social_worker)
    services.period_end(
        actor=social_worker, period=period, end_date=START + D(days=5), reason="E4A"
    )
    exc = refused(start, child=child, actor=social_worker, on=START + D(days=5))
    assert "903 rules 431, 501" in messages(exc)
    again = start(child, social_worker, on=START + D(days=6))
    assert rows(again)[0][:2] == (START + D(days=6), "S")


def test_nothing_follows_an_age_assessment_finding_18_rule_437(child, episode, social_worker):
    period = start(child, social_worker)
    services.period_end(
        actor=social_worker, period=period, end_date=START + D(days=5), reason="E15"
    )
    exc = refused(start, child=child, actor=social_worker, on=START + D(days=9))
    assert "903 rule 437" in messages(exc)


def test_previous_permanence_needs_its_date_and_authority_rules_630_to_635(
    child, episode, social_worker
):
    exc = refused(start, child=child, actor=social_worker, previous_permanence="P2")
    assert "903 rule 630" in messages(exc) and "903 rule 633" in messages(exc)
    exc = refused(
        start,
        child=child,
        actor=social_worker,
        previous_permanence="P2",
        previous_permanence_date=START,
        previous_permanence_la="895",
    )
    assert "903 rule 632" in messages(exc)
    exc = refused(
        start,
        child=child,
        actor=social_worker,
        previous_permanence="Z1",
        previous_permanence_la="895",
    )
    assert "903 rule 635" in messages(exc)
    period = start(
        child,
        social_worker,
        previous_permanence="P2",
        previous_permanence_date=BORN + D(days=400),
        previous_permanence_la="895",
    )
    assert (period.previous_permanence, period.previous_permanence_la) == ("P2", "895")


def test_placement_codes_of_the_2025_26_return_are_refused_before_it_rule_146(child):
    from opencsc.care.services._common import Details, details_errors

    other = Details(
        legal_status="V2",
        placement="Z11",
        provider="",
        carer="Friends of the family",
        placement_postcode="CW1 1AB",
        urn="",
        home_postcode="CW1 1AA",
    ).cleaned()
    before = details_errors(other, child=child, on=dt.date(2025, 3, 31))
    assert "903 rule 146" in before["placement"]
    assert "placement" not in details_errors(other, child=child, on=dt.date(2025, 4, 1))
