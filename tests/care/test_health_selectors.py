"""What health items are due and when (CPPCR 2010 regs 7 and 33; statutory guidance
2015), for the worklists in fixed queries; and the 903 OC2 items."""

from __future__ import annotations

import datetime as dt

import pytest

from opencsc.care.health_selectors import (
    continuously_looked_after,
    due_items,
    health_deadlines_for,
    health_due,
    oc2_for,
)
from opencsc.care.models import Conviction, HealthCheck, MissingEpisode, SDQScore, SubstanceMisuse
from opencsc.core.working_days import add_working_days
from tests.care.conftest import TODAY
from tests.care.test_health_support import D, make_period
from tests.care.test_health_support import health_urls as health_urls  # noqa: F401
from tests.factories import CINEpisodeFactory, PersonFactory

START = dt.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _routes(health_urls):  # noqa: F811
    """The health routes resolve under care: (the deadlines link to them)."""


def due_of(items) -> dict[str, dt.date]:  # type: ignore[no-untyped-def]
    return {kind: on for kind, _label, on in items}


def test_initial_assessment_due_before_the_first_review():
    due = due_of(due_items(dt.date(2016, 2, 10), START, {}, None))
    # CPPCR 2010 reg 33: the first review within 20 working days.
    assert due["initial"] == add_working_days(START, 20)
    assert "review" not in due


def test_review_assessment_six_monthly_under_five():
    dob = dt.date(2023, 1, 1)
    due = due_of(due_items(dob, START, {"initial": dt.date(2026, 3, 10)}, None))
    assert due["review"] == dt.date(2026, 9, 10)
    assert "initial" not in due


def test_review_assessment_yearly_from_five():
    dob = dt.date(2021, 6, 1)  # five on 1 June 2026, before the six-month mark
    due = due_of(due_items(dob, START, {"initial": dt.date(2026, 3, 10)}, None))
    assert due["review"] == dt.date(2027, 3, 10)


def test_review_counts_from_the_latest_assessment():
    last = {"initial": dt.date(2024, 3, 1), "review": dt.date(2025, 9, 1)}
    due = due_of(due_items(dt.date(2016, 2, 10), dt.date(2024, 2, 1), last, None))
    assert due["review"] == dt.date(2026, 9, 1)


def test_yearly_items_due_a_year_after_care_began_then_yearly():
    last = {"initial": dt.date(2026, 3, 5), "dental": dt.date(2026, 4, 1)}
    due = due_of(due_items(dt.date(2016, 2, 10), START, last, None))
    assert due["dental"] == dt.date(2027, 4, 1)
    assert due["immunisations"] == dt.date(2027, 3, 2)
    assert due["sdq"] == dt.date(2027, 3, 2)
    assert "development" not in due  # ten years old


def test_checks_before_this_period_do_not_count():
    last = {"dental": dt.date(2025, 12, 1)}
    assert due_of(due_items(dt.date(2016, 2, 10), START, last, None))["dental"] == dt.date(
        2027, 3, 2
    )


def test_development_check_under_five_and_sdq_from_the_fourth_birthday():
    due = due_of(due_items(dt.date(2024, 1, 1), START, {}, None))
    assert due["development"] == dt.date(2027, 3, 2)
    assert due["sdq"] == dt.date(2028, 1, 1)


def test_sdq_from_the_fourth_birthday_and_not_at_seventeen():
    assert due_of(due_items(dt.date(2022, 9, 1), START, {}, None))["sdq"] == dt.date(2027, 3, 2)
    last_sdq = dt.date(2026, 4, 1)
    assert due_of(due_items(dt.date(2012, 9, 1), START, {}, last_sdq))["sdq"] == dt.date(2027, 4, 1)
    assert "sdq" not in due_of(due_items(dt.date(2010, 1, 1), START, {}, None))


def test_health_due_empty_when_not_looked_after(child):
    assert health_due(child, TODAY) == []


def test_health_due_for_a_looked_after_child(child, episode):
    make_period(child, episode, START)
    kinds = [d.kind for d in health_due(child, TODAY)]
    assert kinds[0] == "initial"
    assert set(kinds) == {"initial", "dental", "immunisations", "sdq"}
    assert all(d.url.endswith(f"/health/{child.pk}/") for d in health_due(child, TODAY))


def test_return_home_interview_due_72_hours_after_the_return(child, episode, social_worker):
    make_period(child, episode, START)
    MissingEpisode.objects.create(
        child=child,
        kind="M",
        started_on=TODAY - D(days=3),
        ended_on=TODAY - D(days=2),
        recorded_by=social_worker,
    )
    rhi = [d for d in health_due(child, TODAY) if d.kind == "rhi"]
    assert [d.due_date for d in rhi] == [TODAY + D(days=1)]


def test_health_deadlines_in_fixed_queries(django_assert_max_num_queries, social_worker):
    ids = []
    for _ in range(4):
        kid = PersonFactory(date_of_birth=dt.date(2015, 5, 5))
        make_period(kid, CINEpisodeFactory(child=kid), START)
        HealthCheck.objects.create(
            child=kid, kind="initial", done_on=START + D(days=3), recorded_by=social_worker
        )
        SDQScore.objects.create(
            child=kid, completed_on=START + D(days=3), score=5, recorded_by=social_worker
        )
        ids.append(kid.pk)
    ids.append(PersonFactory().pk)  # not looked after
    with django_assert_max_num_queries(4):
        found = health_deadlines_for(ids, TODAY)
    assert set(found) == set(ids[:4])
    assert {d.kind for d in found[ids[0]]} == {"review", "dental", "immunisations", "sdq"}


# --- 903 OC2 --------------------------------------------------------------------------------

YEAR = 2026  # 1 April 2025 to 31 March 2026
IN_YEAR = dt.date(2025, 10, 1)


def ep(start, end=None, rne="S", rec="", ls="C2"):  # type: ignore[no-untyped-def]
    return (start, end, rne, rec if end else "", ls)


@pytest.mark.parametrize(
    ("episodes", "expected"),
    [
        ([ep(dt.date(2024, 1, 1))], True),
        ([ep(dt.date(2025, 4, 1))], True),  # from 1 April: the whole year
        ([ep(dt.date(2025, 4, 2))], False),  # started in the year
        ([ep(dt.date(2024, 1, 1), dt.date(2025, 12, 1), rec="E4A")], False),
        (
            [
                ep(dt.date(2024, 1, 1), dt.date(2025, 12, 1), rec="X1"),
                ep(dt.date(2025, 12, 1), rne="P"),
            ],
            True,
        ),
        ([ep(dt.date(2024, 1, 1), ls="V3")], False),  # short breaks
        ([ep(dt.date(2020, 1, 1), dt.date(2024, 1, 1), rec="E4A")], False),  # not in the year
    ],
)
def test_continuously_looked_after_as_the_validator_works_it_out(episodes, expected):
    assert continuously_looked_after(episodes, YEAR) is expected


def oc2_child(social_worker, born, start=dt.date(2024, 1, 1)):  # type: ignore[no-untyped-def]
    kid = PersonFactory(date_of_birth=born)
    make_period(kid, CINEpisodeFactory(child=kid), start)
    return kid


def test_oc2_items_of_a_child_looked_after_all_year(social_worker, django_assert_max_num_queries):
    kid = oc2_child(social_worker, dt.date(2012, 6, 1))
    u = social_worker
    HealthCheck.objects.create(child=kid, kind="review", done_on=IN_YEAR, recorded_by=u)
    HealthCheck.objects.create(child=kid, kind="dental", done_on=dt.date(2025, 3, 1), recorded_by=u)
    HealthCheck.objects.create(
        child=kid, kind="immunisations", done_on=IN_YEAR, up_to_date=False, recorded_by=u
    )
    HealthCheck.objects.create(
        child=kid,
        kind="immunisations",
        done_on=IN_YEAR + D(days=30),
        up_to_date=True,
        recorded_by=u,
    )
    SDQScore.objects.create(child=kid, completed_on=IN_YEAR, reason="SDQ4", recorded_by=u)
    SDQScore.objects.create(child=kid, completed_on=IN_YEAR + D(days=9), score=17, recorded_by=u)
    Conviction.objects.create(child=kid, convicted_on=IN_YEAR, description="x", recorded_by=u)
    SubstanceMisuse.objects.create(
        child=kid,
        identified_on=IN_YEAR,
        intervention_offered=True,
        intervention_received=False,
        recorded_by=u,
    )
    late = oc2_child(social_worker, dt.date(2012, 6, 1), start=dt.date(2025, 6, 1))
    with django_assert_max_num_queries(5):
        rows = oc2_for([kid.pk, late.pk], YEAR)
    assert list(rows) == [kid.pk]  # 903 rule 190: only the continuously looked after
    assert rows[kid.pk] == {
        "SDQ_SCORE": "17",
        "SDQ_REASON": "",
        "CONVICTED": "1",
        "HEALTH_CHECK": "",  # 903 rule 546: five or over
        "IMMUNISATIONS": "1",
        "TEETH_CHECK": "0",  # the dental check was the year before
        "HEALTH_ASSESSMENT": "1",
        "SUBSTANCE_MISUSE": "1",
        "INTERVENTION_RECEIVED": "0",
        "INTERVENTION_OFFERED": "1",  # 903 rule 159
    }


def test_oc2_blanks_by_age(social_worker):
    baby = oc2_child(social_worker, dt.date(2023, 1, 1))
    HealthCheck.objects.create(
        child=baby, kind="development", done_on=IN_YEAR, recorded_by=social_worker
    )
    SDQScore.objects.create(
        child=baby, completed_on=IN_YEAR, reason="SDQ1", recorded_by=social_worker
    )
    row = oc2_for([baby.pk], YEAR)[baby.pk]
    assert row["HEALTH_CHECK"] == "1"  # 903 rule 545: under 5
    assert row["CONVICTED"] == ""  # 903 rule 542: under 10
    assert (row["SDQ_SCORE"], row["SDQ_REASON"]) == ("", "")  # 903 rule 188: under 4
    assert row["SUBSTANCE_MISUSE"] == "0"
    assert (row["INTERVENTION_RECEIVED"], row["INTERVENTION_OFFERED"]) == ("", "")  # rule 193


def test_oc2_intervention_offered_blank_when_received(social_worker):
    kid = oc2_child(social_worker, dt.date(2010, 1, 1))
    SubstanceMisuse.objects.create(
        child=kid,
        identified_on=IN_YEAR,
        intervention_offered=True,
        intervention_received=True,
        recorded_by=social_worker,
    )
    row = oc2_for([kid.pk], YEAR)[kid.pk]
    # 903 rule 158
    assert (row["INTERVENTION_RECEIVED"], row["INTERVENTION_OFFERED"]) == ("1", "")
    assert row["CONVICTED"] == "0"  # 903 rule 543: ten or over, none in the year
