"""Assessment pages: access from three sides, the forms' rules, stale saves, the workflow."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from opencsc.accounts.models import Role
from opencsc.assessments import services
from opencsc.assessments.models import Assessment, AssessmentStatus
from opencsc.audit.models import AccessEvent
from opencsc.casework.services import circumstance_change_record
from tests.assessments.conftest import REFERRAL, TODAY
from tests.assessments.helpers import authorised, complete
from tests.factories import UserFactory


def url(name: str, *args: object) -> str:
    return reverse(f"assessments:{name}", args=args)


def date_fields(name: str, value: dt.date) -> dict[str, str]:
    return {
        f"{name}_day": str(value.day),
        f"{name}_month": str(value.month),
        f"{name}_year": str(value.year),
    }


@pytest.fixture
def assessment(episode, social_worker):
    return services.assessment_start(actor=social_worker, episode=episode, start_date=REFERRAL)


@pytest.fixture
def submitted(assessment, social_worker):
    complete(assessment, social_worker)
    return services.assessment_submit(actor=social_worker, assessment=assessment)


def get_as(client, user, path):  # type: ignore[no-untyped-def]
    client.force_login(user)
    return client.get(path)


# --- access from three sides ------------------------------------------------------------


@pytest.mark.parametrize(
    "page", ["assessment-detail", "assessment-edit", "assessment-child-seen", "assessment-submit"]
)
def test_worker_and_colleague_reach_the_page_outsider_gets_404(
    client, assessment, social_worker, colleague, outsider, page
):
    assert get_as(client, social_worker, url(page, assessment.pk)).status_code == 200
    assert get_as(client, colleague, url(page, assessment.pk)).status_code == 200
    assert get_as(client, outsider, url(page, assessment.pk)).status_code == 404


def test_missing_assessment_is_404(client, social_worker):
    assert get_as(client, social_worker, url("assessment-detail", 999999)).status_code == 404


def test_review_page_is_for_managers_only(client, submitted, social_worker, manager, other_team):
    assert get_as(client, social_worker, url("assessment-review", submitted.pk)).status_code == 403
    assert get_as(client, manager, url("assessment-review", submitted.pk)).status_code == 200
    other_manager = UserFactory(role=Role.TEAM_MANAGER, team=other_team)
    assert get_as(client, other_manager, url("assessment-review", submitted.pk)).status_code == 404


def test_inspector_reads_but_cannot_edit(client, assessment):
    inspector = UserFactory(role=Role.INSPECTOR)
    assert get_as(client, inspector, url("assessment-detail", assessment.pk)).status_code == 200
    assert get_as(client, inspector, url("assessment-edit", assessment.pk)).status_code == 403


def test_viewing_writes_an_access_event(client, assessment, social_worker, child):
    get_as(client, social_worker, url("assessment-detail", assessment.pk))
    event = AccessEvent.objects.get(person=child)
    assert (event.user, event.action, event.what) == (social_worker, "view_record", "assessment")


# --- detail -----------------------------------------------------------------------------


def test_detail_shows_working_days_remaining(client, assessment, social_worker):
    page = get_as(client, social_worker, url("assessment-detail", assessment.pk)).content.decode()
    assert "13 May 2026" in page  # due
    assert "39 working days" in page  # Mon 16 March to Wed 13 May, less 3 bank holidays
    assert "Overdue" not in page


def test_detail_shows_overdue(client, assessment, social_worker, frozen):
    frozen.move_to(dt.datetime(2026, 5, 15, 10, tzinfo=dt.UTC), tick=True)
    page = get_as(client, social_worker, url("assessment-detail", assessment.pk)).content.decode()
    assert "govuk-tag--red" in page and "Overdue" in page
    assert "overdue by 2 working days" in page


def test_detail_shows_history_with_managers_comments(client, submitted, social_worker, manager):
    services.assessment_return(actor=manager, assessment=submitted, comments="Speak to the GP")
    page = get_as(client, social_worker, url("assessment-detail", submitted.pk)).content.decode()
    assert "Returned with comments" in page
    assert "Speak to the GP" in page
    assert "Neglect (16A)" in page


# --- start ------------------------------------------------------------------------------


def test_start_page_starts_the_assessment(client, start_route, episode, social_worker):
    client.force_login(social_worker)
    start = reverse("assessments:assessment-start", args=[episode.pk])
    assert client.get(start).status_code == 200
    response = client.post(start, date_fields("start_date", TODAY))
    assessment = Assessment.objects.get(episode=episode)
    assert response.url == url("assessment-detail", assessment.pk)
    assert (assessment.start_date, assessment.worker) == (TODAY, social_worker)


def test_start_page_refuses_date_before_referral(client, start_route, episode, social_worker):
    client.force_login(social_worker)
    response = client.post(
        reverse("assessments:assessment-start", args=[episode.pk]),
        date_fields("start_date", REFERRAL - dt.timedelta(days=1)),
    )
    assert response.status_code == 200
    assert "Start date must be the same as or after the referral date" in response.content.decode()
    assert not Assessment.objects.exists()


def test_start_page_outsider_404(client, start_route, episode, outsider):
    client.force_login(outsider)
    assert client.get(reverse("assessments:assessment-start", args=[episode.pk])).status_code == 404


# --- edit -------------------------------------------------------------------------------


def edit_data(assessment: Assessment, **fields: object) -> dict[str, object]:
    return {"version": assessment.version, "analysis": "", "outcome": ""} | fields


def test_edit_saves(client, assessment, social_worker):
    client.force_login(social_worker)
    response = client.post(
        url("assessment-edit", assessment.pk),
        edit_data(
            assessment,
            factors_abuse=["16A"],
            factors_domestic=["3B"],
            analysis="A",
            outcome="cin_plan",
        ),
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert (sorted(assessment.factors), assessment.analysis, assessment.outcome) == (
        ["16A", "3B"],
        "A",
        "cin_plan",
    )


def test_edit_form_shows_saved_factors(client, assessment, social_worker):
    services.assessment_update(
        actor=social_worker,
        assessment=assessment,
        expected_version=1,
        factors=["21"],
        analysis="",
        outcome="",
    )
    page = get_as(client, social_worker, url("assessment-edit", assessment.pk)).content.decode()
    assert (
        'value="21" checked' in page
        or 'checked value="21"' in page
        or ('name="factors_none" value="21"' in page and "checked" in page)
    )


def test_no_factors_identified_with_another_factor_is_an_error(client, assessment, social_worker):
    client.force_login(social_worker)
    response = client.post(
        url("assessment-edit", assessment.pk),
        edit_data(assessment, factors_none=["21"], factors_abuse=["16A"], analysis="Kept text"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "cannot be selected with any other factor" in page
    assert "Kept text" in page
    assessment.refresh_from_db()
    assert assessment.factors == []


def test_stale_edit_refused_with_input_kept_and_current_values_shown(
    client, assessment, social_worker, colleague
):
    services.assessment_update(
        actor=colleague,
        assessment=assessment,
        expected_version=1,
        factors=["3B"],
        analysis="Colleague's analysis",
        outcome="",
    )
    client.force_login(social_worker)
    response = client.post(
        url("assessment-edit", assessment.pk),
        edit_data(assessment, analysis="My careful analysis", factors_abuse=["16A"], version=1),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this record" in page
    assert "My careful analysis" in page  # nothing typed is lost
    assert "Colleague&#x27;s analysis" in page  # and the latest version is shown
    assert 'name="version" value="2"' in page
    assessment.refresh_from_db()
    assert assessment.analysis == "Colleague's analysis"
    # Saving again, knowingly, over the latest version works.
    response = client.post(
        url("assessment-edit", assessment.pk),
        edit_data(assessment, analysis="My careful analysis", factors_abuse=["16A"], version=2),
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.analysis == "My careful analysis"


def test_edit_of_submitted_assessment_redirects_and_post_is_refused(
    client, submitted, social_worker
):
    client.force_login(social_worker)
    assert client.get(url("assessment-edit", submitted.pk)).status_code == 302
    response = client.post(
        url("assessment-edit", submitted.pk), edit_data(submitted, analysis="Late")
    )
    assert response.status_code == 200
    assert "cannot be changed now" in response.content.decode()
    assert "Late" in response.content.decode()


# --- child seen -------------------------------------------------------------------------


def test_child_seen_recorded(client, assessment, social_worker):
    client.force_login(social_worker)
    response = client.post(
        url("assessment-child-seen", assessment.pk),
        date_fields("seen_on", TODAY) | {"seen_alone": "no", "note": "At school"},
    )
    assert response.status_code == 302
    visit = assessment.visits.get()
    assert (visit.seen_on, visit.seen_alone, visit.note) == (TODAY, False, "At school")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            date_fields("seen_on", TODAY + dt.timedelta(days=1)) | {"seen_alone": "yes"},
            "today or in the past",
        ),
        (
            date_fields("seen_on", REFERRAL - dt.timedelta(days=1)) | {"seen_alone": "yes"},
            "after the referral date",
        ),
        (date_fields("seen_on", TODAY), "Select was the child seen alone?"),
        ({"seen_alone": "yes"}, "Enter date the child was seen"),
    ],
)
def test_child_seen_form_rules(client, assessment, social_worker, data, message):
    client.force_login(social_worker)
    response = client.post(url("assessment-child-seen", assessment.pk), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not assessment.visits.exists()


# --- submit and review ------------------------------------------------------------------


def test_submit_page_lists_what_is_missing(client, assessment, social_worker):
    page = get_as(client, social_worker, url("assessment-submit", assessment.pk)).content.decode()
    assert "Write the analysis" in page
    assert "Record at least one date the child was seen" in page
    response = client.post(url("assessment-submit", assessment.pk))
    assert response.status_code == 200
    assert "Write the analysis" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.IN_PROGRESS


def test_submit(client, assessment, social_worker):
    complete(assessment, social_worker)
    client.force_login(social_worker)
    response = client.post(url("assessment-submit", assessment.pk))
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED


def test_manager_returns_with_comments_required(client, submitted, manager):
    client.force_login(manager)
    response = client.post(
        url("assessment-review", submitted.pk), {"decision": "return", "comments": ""}
    )
    assert "Enter your comments" in response.content.decode()
    response = client.post(
        url("assessment-review", submitted.pk), {"decision": "return", "comments": "Add the GP"}
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == AssessmentStatus.RETURNED


def test_manager_authorises_with_date(client, submitted, manager):
    client.force_login(manager)
    response = client.post(
        url("assessment-review", submitted.pk),
        {"decision": "authorise", "comments": ""} | date_fields("authorised_on", REFERRAL),
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert (submitted.status, submitted.authorised_on, submitted.authorised_by) == (
        AssessmentStatus.AUTHORISED,
        REFERRAL,
        manager,
    )


def test_authorisation_before_start_refused_on_the_form(client, submitted, manager):
    client.force_login(manager)
    response = client.post(
        url("assessment-review", submitted.pk),
        {"decision": "authorise"} | date_fields("authorised_on", REFERRAL - dt.timedelta(days=1)),
    )
    assert (
        "Date of authorisation must be the same as or after the start date"
        in response.content.decode()
    )
    submitted.refresh_from_db()
    assert submitted.status == AssessmentStatus.SUBMITTED


def test_review_of_unsubmitted_assessment_refused(client, assessment, manager):
    client.force_login(manager)
    response = client.post(url("assessment-review", assessment.pk), {"decision": "authorise"})
    assert response.status_code == 200
    assert "cannot be authorised" in response.content.decode()


# --- updated assessment -----------------------------------------------------------------


def test_prompt_shown_and_update_started(
    client, episode, child, social_worker, manager, colleague, outsider, frozen
):
    done = authorised(episode, social_worker, manager)
    frozen.shift(dt.timedelta(minutes=5))
    circumstance_change_record(
        actor=social_worker, child=child, occurred_on=TODAY, description="New partner"
    )
    page = get_as(client, social_worker, url("assessment-detail", done.pk)).content.decode()
    assert "Circumstances changed since the assessment was authorised" in page
    update_url = url("assessment-update-start", done.pk)
    assert update_url in page
    assert get_as(client, colleague, update_url).status_code == 200
    assert get_as(client, outsider, update_url).status_code == 404
    client.force_login(social_worker)
    response = client.post(update_url, date_fields("start_date", TODAY))
    update = Assessment.objects.get(updates=done)
    assert response.url == url("assessment-detail", update.pk)
    assert update.due_date == dt.date(2026, 5, 21)
    page = client.get(url("assessment-detail", done.pk)).content.decode()
    assert "Circumstances changed" not in page


def test_update_start_without_a_change_redirects(client, episode, social_worker, manager):
    done = authorised(episode, social_worker, manager)
    client.force_login(social_worker)
    response = client.get(url("assessment-update-start", done.pk))
    assert response.status_code == 302


def test_child_seen_page_of_authorised_assessment_redirects(
    client, episode, social_worker, manager
):
    done = authorised(episode, social_worker, manager)
    client.force_login(social_worker)
    assert client.get(url("assessment-child-seen", done.pk)).status_code == 302
    response = client.post(
        url("assessment-child-seen", done.pk), date_fields("seen_on", TODAY) | {"seen_alone": "yes"}
    )
    assert "authorised" in response.content.decode()
    assert done.visits.count() == 1
