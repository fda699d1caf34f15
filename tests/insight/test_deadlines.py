"""Worklists show each child's child protection and plan timescales: conferences, core
groups, visits, child in need plan reviews and overdue plan actions, with the working
days left, in a fixed number of queries whatever the number of children."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from opencsc.accounts.models import Role
from opencsc.insight.deadlines import QUERIES, QUERIES_LOOKED_AFTER, deadlines_for
from opencsc.insight.selectors import my_worklist, team_worklist
from tests.factories import (
    ChildInNeedPlanFactory,
    ChildProtectionPlanFactory,
    PlanActionFactory,
    Section47EnquiryFactory,
    StatutoryVisitFactory,
    UserFactory,
)
from tests.insight.builders import open_case

D = dt.date


def on_plan(*, team, worker, actor):  # type: ignore[no-untyped-def]
    """A child on a child protection plan from Tuesday 20 January 2026, with an action
    due 20 February not done. No review, core group or visit since."""
    case = open_case(
        team=team, worker=worker, actor=actor, referral_date=D(2026, 1, 5), assessment=False
    )
    plan = ChildProtectionPlanFactory(
        conference__episode=case.episode, conference__held_on=D(2026, 1, 20)
    )
    PlanActionFactory(cp_plan=plan, cin_plan=None, by_when=D(2026, 2, 20))
    return case, plan


def in_enquiry(*, team, worker, actor):  # type: ignore[no-untyped-def]
    """A child in a section 47 enquiry whose initial conference is due Monday 9 March."""
    case = open_case(
        team=team, worker=worker, actor=actor, referral_date=D(2026, 2, 16), assessment=False
    )
    enquiry = Section47EnquiryFactory(
        episode=case.episode, start_date=D(2026, 2, 16), conference_target_date=D(2026, 3, 9)
    )
    return case, enquiry


def in_need(*, team, worker, actor):  # type: ignore[no-untyped-def]
    """A child on a child in need plan from 2 February, seen on a visit on 16 February."""
    case = open_case(
        team=team, worker=worker, actor=actor, referral_date=D(2026, 1, 26), assessment=False
    )
    plan = ChildInNeedPlanFactory(episode=case.episode, start_date=D(2026, 2, 2))
    StatutoryVisitFactory(episode=case.episode, visited_on=D(2026, 2, 16), visited_by=worker)
    return case, plan


def by_label(row) -> dict[str, tuple[dt.date, int]]:  # type: ignore[no-untyped-def]
    return {d.label: (d.due_date, d.days_remaining) for d in row.deadlines}


def test_rows_carry_every_protection_and_plan_deadline_soonest_first(
    today, team, social_worker, manager
):
    cp, plan = on_plan(team=team, worker=social_worker, actor=manager)
    s47, enquiry = in_enquiry(team=team, worker=social_worker, actor=manager)
    cin, cin_plan = in_need(team=team, worker=social_worker, actor=manager)
    plain = open_case(team=team, worker=social_worker, actor=manager)

    rows = {r.child_id: r for r in my_worklist(social_worker).rows}

    # Today is Monday 2 March 2026.
    assert by_label(rows[cp.child.pk]) == {
        # WT2023 ch.3: first core group within 10 working days of the conference.
        "First core group meeting due": (D(2026, 2, 3), -19),
        # The authority's standard: a child protection visit every 10 working days.
        "Child protection visit due": (D(2026, 2, 3), -19),
        "1 plan action overdue": (D(2026, 2, 20), -6),
        # The first review within 3 months of the conference.
        "Child protection review conference due": (D(2026, 4, 20), 33),
    }
    assert [d.due_date for d in rows[cp.child.pk].deadlines] == sorted(
        d.due_date for d in rows[cp.child.pk].deadlines
    )
    assert rows[cp.child.pk].deadlines[0].urgency == "Overdue"
    assert rows[cp.child.pk].deadlines[0].urgency_colour == "red"
    (icpc,) = rows[s47.child.pk].deadlines
    assert (icpc.label, icpc.due_date, icpc.days_remaining) == (
        "Initial child protection conference due",
        D(2026, 3, 9),
        5,
    )
    assert icpc.urgency == "Due in 5 working days"
    assert icpc.url == reverse("protection:enquiry-detail", args=[enquiry.pk])
    # Every 20 working days from the visit of 16 February; reviews every 3 months.
    assert by_label(rows[cin.child.pk]) == {
        "Child in need visit due": (D(2026, 3, 16), 10),
        "Child in need plan review due": (D(2026, 5, 2), 42),  # Easter in between
    }
    assert rows[plain.child.pk].deadlines == ()


def test_my_work_page_shows_deadlines_with_working_days_and_overdue_tags(
    today, client, team, social_worker, manager
):
    cp, plan = on_plan(team=team, worker=social_worker, actor=manager)
    in_enquiry(team=team, worker=social_worker, actor=manager)
    client.force_login(social_worker)
    html = client.get(reverse("insight:my-worklist")).content.decode()
    assert "Protection and plans" in html
    for text in (
        "First core group meeting due",
        "Child protection review conference due",
        "1 plan action overdue",
        "Initial child protection conference due",
        "Due in 5 working days",
        "Due in 33 working days",
        'govuk-tag--red">Overdue',
    ):
        assert text in html, text
    assert escape(reverse("protection:plan-detail", args=[plan.pk])) in html
    assert reverse("plans:visit-list", args=[cp.child.pk]) in html


def test_team_work_page_shows_deadlines(today, client, team, social_worker, manager):
    in_need(team=team, worker=social_worker, actor=manager)
    client.force_login(manager)
    html = client.get(reverse("insight:team-worklist")).content.decode()
    assert "Child in need visit due" in html and "Due in 10 working days" in html


def test_deadlines_cost_a_fixed_number_of_queries(today, team, social_worker, manager):
    ids = [on_plan(team=team, worker=social_worker, actor=manager)[0].child.pk]
    with CaptureQueriesContext(connection) as ctx:
        deadlines_for(ids, today)
    assert len(ctx.captured_queries) == QUERIES
    with CaptureQueriesContext(connection) as ctx:
        assert deadlines_for([], today) == {}
    assert len(ctx.captured_queries) == 0


def _queries(fn) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_worklists_cost_the_same_for_3_or_30_children_on_plans(today, team, manager):
    worker = UserFactory(role=Role.SOCIAL_WORKER, team=team)
    builders = (on_plan, in_enquiry, in_need)
    for build in builders:
        build(team=team, worker=worker, actor=manager)
    few_mine = _queries(lambda: my_worklist(worker))
    few_team = _queries(lambda: team_worklist(manager))
    for i in range(27):
        builders[i % 3](team=team, worker=worker, actor=manager)
    assert _queries(lambda: my_worklist(worker)) == few_mine
    assert _queries(lambda: team_worklist(manager)) == few_team
    # The pins before child protection and plans, plus the page's bulk deadlines.
    assert few_mine <= 7 + QUERIES
    assert few_team <= 8 + QUERIES
    rows = my_worklist(worker).rows
    assert len(rows) == 30 and all(r.deadlines for r in rows)


def looked_after(*, team, worker, actor):  # type: ignore[no-untyped-def]
    """A child in foster care under section 20 from Monday 2 February 2026, with no review
    held and no visit since."""
    from opencsc.care.services import period_start

    case = open_case(
        team=team, worker=worker, actor=actor, referral_date=D(2026, 1, 5), assessment=False
    )
    period = period_start(
        actor=actor,
        child=case.child,
        start_date=D(2026, 2, 2),
        legal_status="V2",
        placement="U6",
        provider="PR1",
        carer="Foster household 1",
        placement_postcode="CW1 1AB",
        urn="SC123456",
        home_postcode="CW2 6AA",
    )
    return case, period


def test_looked_after_children_show_their_review_and_visit_due(today, team, social_worker, manager):
    case, period = looked_after(team=team, worker=social_worker, actor=manager)
    other = on_plan(team=team, worker=social_worker, actor=manager)[0]
    ids = [case.child.pk, other.child.pk]
    with CaptureQueriesContext(connection) as ctx:
        found = deadlines_for(ids, today)
    assert len(ctx.captured_queries) == QUERIES_LOOKED_AFTER
    labels = {d.label: d for d in found[case.child.pk]}
    # CPPCR 2010 reg 33: the first review within 20 working days of becoming looked after.
    assert labels["Looked-after review due"].due_date == D(2026, 3, 2)
    assert labels["Looked-after review due"].url == reverse("care:period-detail", args=[period.pk])
    assert "Looked-after child visit due" in labels
    assert not any(d.label.startswith("Looked-after") for d in found[other.child.pk])


def test_pre_proceedings_show_the_managers_review_and_the_16_weeks(
    today, team, social_worker, manager
):
    from opencsc.legal.services import legal_meeting_record

    case = open_case(
        team=team, worker=social_worker, actor=manager, referral_date=D(2026, 1, 5),
        assessment=False,
    )
    legal_meeting_record(
        actor=manager, child=case.child, held_on=D(2026, 2, 2), chair=manager,
        decision="pre_proceedings", rationale="Neglect continues despite the plan.",
    )
    with CaptureQueriesContext(connection) as ctx:
        found = deadlines_for([case.child.pk], today)
    assert len(ctx.captured_queries) == QUERIES
    labels = {d.label: d for d in found[case.child.pk]}
    # PLO: a decision on proceedings within 16 weeks; the manager reviews every 4 weeks.
    assert labels["Pre-proceedings decision (16 weeks)"].due_date == D(2026, 5, 25)
    assert labels["Manager's review of pre-proceedings"].due_date == D(2026, 3, 2)
