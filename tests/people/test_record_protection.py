"""The child's record shows child protection and plans: the case status today, a
"Protection and plans" tab with every timescale, and the next steps for those who may
take them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils.html import escape

from opencsc.accounts.models import Role
from opencsc.casework.status import CaseStatus
from opencsc.people.models import Person
from opencsc.people.record_protection import protection_record
from tests.factories import (
    ChildInNeedPlanFactory,
    ChildProtectionPlanFactory,
    CINEpisodeFactory,
    ConferenceFactory,
    EmergencyPowerFactory,
    PersonFactory,
    Section47EnquiryFactory,
    StatutoryVisitFactory,
    UserFactory,
)
from tests.people.builders import discussion, protect

pytestmark = pytest.mark.django_db

D = dt.date
# Monday 16 March 2026; Good Friday (3 April) and Easter Monday (6 April) lie ahead.
TODAY = D(2026, 3, 16)
REFERRAL = D(2026, 1, 5)


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 16, 10, tzinfo=dt.UTC), tick=False)


@pytest.fixture
def episode(child):
    return CINEpisodeFactory(child=child, referral_date=REFERRAL)


@pytest.fixture
def chair(db):
    return UserFactory(role=Role.TEAM_MANAGER, first_name="Chair")


@pytest.fixture
def cp_plan(child, episode, social_worker, chair):
    """A joint enquiry from a strategy discussion, concluded for a conference held on
    Tuesday 20 January 2026, which made a plan (neglect). No review, core group or visit
    since."""
    enquiry = Section47EnquiryFactory(
        episode=episode,
        start_date=D(2026, 1, 6),
        joint_with_police=True,
        child_seen_on=D(2026, 1, 7),
        seen_alone=True,
        completed_on=D(2026, 1, 12),
        outcome="icpc",
    )
    discussion(
        child,
        episode,
        held_at=dt.datetime(2026, 1, 6, 10, tzinfo=dt.UTC),
        by=social_worker,
        enquiry=enquiry,
    )
    conference = ConferenceFactory(
        episode=episode, kind="initial", enquiry=enquiry, held_on=D(2026, 1, 20), chair=chair
    )
    return ChildProtectionPlanFactory(conference=conference, previous_plans=1)


def detail(child) -> str:  # type: ignore[no-untyped-def]
    return reverse("people:person-detail", args=[child.pk])


def page(client, user, child):  # type: ignore[no-untyped-def]
    client.force_login(user)
    response = client.get(detail(child))
    assert response.status_code == 200
    return response


# --- the tab ------------------------------------------------------------------------------


def test_child_protection_plan_shows_its_review_core_group_and_visit_due(
    client, child, social_worker, cp_plan
):
    response = page(client, social_worker, child)
    html = response.content.decode()
    protection = response.context["protection"]
    assert protection.status == CaseStatus.CP_PLAN
    (plan,) = protection.cp_plans
    # WT2023 ch.3: the first review within 3 months of the conference: 20 April, 23
    # working days away (25 weekdays less Good Friday and Easter Monday).
    assert (plan.review_due, plan.review_days_left) == (D(2026, 4, 20), 23)
    # The first core group within 10 working days of the conference: 3 February, missed.
    assert plan.core_group_due == D(2026, 2, 3) and plan.core_group_days_left < 0
    # No visit yet: due 10 working days after the plan started.
    assert protection.visit_due.due_date == D(2026, 2, 3) and protection.visit_overdue
    for text in (
        'id="protection-plans"',
        "Protection and plans",
        "Case status today",
        "20 April 2026",
        "23 working days left",
        "3 February 2026",
        "Overdue",
        "Neglect",
        "1 previous plan",
        "Joint with the police",
        "Initial child protection conference",
        "Section 47 enquiry jointly with the police",
        "Child protection visits: at least every 10 working days",
    ):
        assert text in html, text
    assert reverse("protection:plan-detail", args=[plan.pk]) in html
    assert reverse("protection:enquiry-detail", args=[protection.enquiries[0].pk]) in html
    assert reverse("protection:conference-detail", args=[plan.conference_id]) in html
    assert reverse("protection:strategy-detail", args=[protection.discussions[0].pk]) in html
    review_new = reverse("protection:conference-new", args=[child.pk])
    assert escape(f"{review_new}?kind=review&plan={plan.pk}") in html
    alerts = response.context["alerts"]
    assert ("Child protection plan", "red") in alerts
    assert ("Statutory visit overdue", "red") in alerts


def test_case_status_today_is_in_the_summary(client, child, social_worker, cp_plan):
    html = page(client, social_worker, child).content.decode()
    summary = html.split('id="summary"')[1].split('id="involvements"')[0]
    assert "Case status today" in summary
    assert "Child protection plan" in summary
    assert "Since 20 January 2026 (neglect)" in summary


def test_enquiry_awaiting_its_conference_shows_the_target_and_offers_the_conference(
    client, child, social_worker, episode
):
    # Concluded for a conference, target 10 March: 4 working days late.
    enquiry = Section47EnquiryFactory(
        episode=episode,
        start_date=D(2026, 2, 17),
        conference_target_date=D(2026, 3, 10),
        child_seen_on=D(2026, 2, 18),
        seen_alone=False,
        completed_on=D(2026, 3, 2),
        outcome="icpc",
    )
    response = page(client, social_worker, child)
    html = response.content.decode()
    (row,) = response.context["protection"].enquiries
    assert (row.conference_due, row.days_left) == (D(2026, 3, 10), -4)
    assert "4 working days overdue" in html and "not alone" in html
    url = reverse("protection:conference-new", args=[child.pk])
    assert escape(f"{url}?kind=initial&enquiry={enquiry.pk}") in html
    assert "Record the initial conference" in html
    assert ("Initial conference overdue", "red") in response.context["alerts"]


def test_enquiry_in_progress_counts_down_to_its_conference_target(
    client, child, social_worker, episode
):
    Section47EnquiryFactory(
        episode=episode, start_date=D(2026, 3, 9), conference_target_date=D(2026, 3, 30)
    )
    response = page(client, social_worker, child)
    (row,) = response.context["protection"].enquiries
    assert row.days_left == 10
    html = response.content.decode()
    assert "10 working days left" in html and "Not yet seen" in html
    assert "Record the initial conference" not in html  # the enquiry concludes first


def test_child_in_need_plan_shows_its_review_and_the_next_visit(
    client, child, social_worker, episode
):
    plan = ChildInNeedPlanFactory(episode=episode, start_date=D(2026, 2, 2))
    StatutoryVisitFactory(
        episode=episode, visited_on=D(2026, 3, 2), visited_by=social_worker, bedroom_seen=False
    )
    response = page(client, social_worker, child)
    protection = response.context["protection"]
    assert protection.status == CaseStatus.CIN_PLAN
    (row,) = protection.cin_plans
    assert row.review_due == D(2026, 5, 2)  # every 3 months (OPENCSC_STANDARDS)
    # Every 20 working days from the last visit at which the child was seen.
    assert protection.visit_due.due_date == D(2026, 3, 30)
    assert protection.visit_days_left == 10
    html = response.content.decode()
    assert reverse("plans:cin-plan-detail", args=[plan.pk]) in html
    for text in ("2 May 2026", "30 March 2026", "10 working days left", "Child seen alone"):
        assert text in html, text
    assert "Child in need visits: at least every 20 working days" in html
    actions = response.context["actions"]
    assert actions["visit_new"] == reverse("plans:visit-new", args=[child.pk])
    assert actions["visit_list"] == reverse("plans:visit-list", args=[child.pk])
    assert actions["cin_plan_new"] is None  # one open plan at a time (CIN census 4003)


def test_emergency_power_in_force_is_an_alert(client, child, social_worker):
    EmergencyPowerFactory(child=child, kind="epo", start_date=D(2026, 3, 13), end_date=None)
    response = page(client, social_worker, child)
    assert ("Emergency power in force", "red") in response.context["alerts"]
    assert "Emergency protection order" in response.content.decode()


def test_closed_case_with_nothing_recorded(client, child, social_worker):
    response = page(client, social_worker, child)
    protection = response.context["protection"]
    assert protection.status == CaseStatus.CLOSED and protection.is_empty
    html = response.content.decode()
    assert "Closed episode" in html and "No plan open" in html


# --- the next steps -----------------------------------------------------------------------


def test_open_episode_without_a_plan_offers_strategy_conference_and_a_cin_plan(
    client, child, social_worker, episode
):
    response = page(client, social_worker, child)
    actions = response.context["actions"]
    assert actions["strategy_new"] == reverse("protection:strategy-new", args=[child.pk])
    assert actions["conference_new"] == reverse("protection:conference-new", args=[child.pk])
    assert actions["cin_plan_new"] == reverse("plans:cin-plan-new", args=[episode.pk])
    assert actions["emergency_power_new"] == reverse(
        "protection:emergency-power-new", args=[child.pk]
    )
    assert actions["visit_new"] is None and actions["visit_list"] is None  # no plan yet
    html = response.content.decode()
    for text in (
        "Record a strategy discussion",
        "Record a conference",
        "Start a child in need plan",
        "Record police protection or an EPO",
    ):
        assert text in html, text
    assert "Record a statutory visit" not in html


def test_no_cin_plan_offered_alongside_a_child_protection_plan(
    client, child, social_worker, cp_plan
):
    actions = page(client, social_worker, child).context["actions"]
    assert actions["cin_plan_new"] is None  # CIN census 4001
    assert actions["visit_new"] == reverse("plans:visit-new", args=[child.pk])
    assert actions["strategy_new"] and actions["conference_new"]


def test_without_an_open_episode_only_emergency_powers_are_offered(client, child, social_worker):
    actions = page(client, social_worker, child).context["actions"]
    assert actions["strategy_new"] is None
    assert actions["conference_new"] is None
    assert actions["cin_plan_new"] is None
    assert actions["emergency_power_new"] is not None


def test_inspector_reads_protection_and_plans_without_links_to_record(client, child, cp_plan):
    inspector = UserFactory(role=Role.INSPECTOR)
    response = page(client, inspector, child)
    actions = response.context["actions"]
    for name in ("strategy_new", "conference_new", "cin_plan_new", "visit_new"):
        assert actions[name] is None, name
    assert actions["emergency_power_new"] is None
    assert actions["visit_list"] == reverse("plans:visit-list", args=[child.pk])
    html = response.content.decode()
    assert "Record a strategy discussion" not in html
    assert "Record a conference" not in html and "Record the review" not in html
    assert reverse("protection:plan-detail", args=[cp_plan.pk]) in html  # reading is theirs


def test_colleague_and_outsider(client, child, colleague, outsider, cp_plan):
    assert "Protection and plans" in page(client, colleague, child).content.decode()
    client.force_login(outsider)
    assert client.get(detail(child)).status_code == 404


# --- queries ------------------------------------------------------------------------------


def test_protection_record_takes_nine_queries_however_long(
    child, episode, social_worker, chair, django_assert_num_queries
):
    with django_assert_num_queries(9):
        protection_record(child)
    protect(child, episode=episode, worker=social_worker, chair=chair, rounds=3)
    with django_assert_num_queries(9):
        protection = protection_record(child)
    assert len(protection.cp_plans) == 3 and len(protection.discussions) == 3
    assert protection.open_cp_plan is not None
    assert [p.overdue_actions for p in protection.cp_plans] == [1, 1, 1]
    assert protection.last_visit is not None


# --- the record ID is the case number -----------------------------------------------------


def test_record_id_is_the_case_number(client, child, social_worker):
    assert child.la_child_id == child.case_number
    numbered = PersonFactory(case_number="AB12345")
    assert numbered.la_child_id == "AB12345"
    html = page(client, social_worker, child).content.decode()
    assert f"Record {child.case_number}" in html


def test_link_to_a_merged_record_names_its_case_number(client, child, social_worker):
    old = PersonFactory()
    Person.objects.filter(pk=old.pk).update(merged_into=child)
    client.force_login(social_worker)
    response = client.get(detail(old), follow=True)
    assert f"Record {old.case_number} was merged into this record" in response.content.decode()


def test_search_finds_a_record_by_case_number_or_by_its_old_id(db):
    from opencsc.people.search import person_search

    head = UserFactory(role=Role.HEAD_OF_SERVICE)
    lettered = PersonFactory(case_number="AB12345", first_name="Lettered")
    numbered = PersonFactory(first_name="Numbered")

    def found(query: str) -> list[int]:
        return [p.pk for p in person_search(user=head, query=query)]

    assert found("ab12345") == [lettered.pk]  # typed in small letters
    assert found(f" {numbered.case_number} ") == [numbered.pk]
    # Letters and notes written before case numbers quote "C0000123".
    assert found(f"C{numbered.pk:07d}") == [numbered.pk]
    assert found("999999999") == []


def test_merge_form_takes_the_case_number_or_the_old_id(client, child, manager, team):
    from opencsc.people.forms import NO_SUCH_RECORD, MergeForm

    other = PersonFactory()
    for typed in (other.case_number, f"C{other.pk:07d}", f"c{other.pk}"):
        form = MergeForm({"duplicate": typed})
        assert form.is_valid(), typed
        assert form.cleaned_data["duplicate"] == other.pk
    # An old ID that is also someone's case number is that case number.
    clash = PersonFactory(case_number=f"C{other.pk:07d}")
    form = MergeForm({"duplicate": f"C{other.pk:07d}"})
    assert form.is_valid() and form.cleaned_data["duplicate"] == clash.pk
    form = MergeForm({"duplicate": "999999999"})
    assert form.is_valid() and form.cleaned_data["duplicate"] == NO_SUCH_RECORD
    client.force_login(manager)
    response = client.post(
        reverse("people:person-merge", args=[child.pk]), {"duplicate": "999999999"}
    )
    assert "no record with this ID that you can see" in response.content.decode()
