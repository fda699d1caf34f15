"""The health and missing pages: each form through its service, access from three sides,
the access event, and the record section's queries pinned."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opencsc.accounts.models import Role
from opencsc.audit.models import AccessEvent
from opencsc.care.health_record import health_record_section
from opencsc.care.models import (
    Conviction,
    HealthCheck,
    MissingEpisode,
    SDQScore,
    SubstanceMisuse,
)
from tests.care.conftest import TODAY
from tests.care.test_health_support import D, date_fields, make_period
from tests.care.test_health_support import health_urls as health_urls  # noqa: F401
from tests.factories import UserFactory

START = dt.date(2026, 1, 15)


@pytest.fixture(autouse=True)
def _routes(health_urls):  # noqa: F811
    """The health routes under care: whether or not care/urls.py includes them yet."""


@pytest.fixture
def period(child, episode):
    return make_period(child, episode, START)


def url(name: str, **kwargs: object) -> str:
    return reverse(f"care:{name}", kwargs=kwargs)


def post_as(client, user, path, data):  # type: ignore[no-untyped-def]
    client.force_login(user)
    return client.post(path, data)


def test_health_check_recorded_through_the_page(client, period, child, social_worker):
    data = {"kind": "immunisations", "up_to_date": "yes", **date_fields("done_on", TODAY)}
    response = post_as(client, social_worker, url("health-new", child_id=child.pk), data)
    assert response.status_code == 302
    assert response.url == url("health-summary", child_id=child.pk)
    made = HealthCheck.objects.get(child=child)
    assert (made.kind, made.up_to_date) == ("immunisations", True)


def test_health_check_page_shows_the_service_error_on_the_field(
    client, period, child, social_worker
):
    data = {"kind": "immunisations", **date_fields("done_on", TODAY)}
    response = post_as(client, social_worker, url("health-new", child_id=child.pk), data)
    assert response.status_code == 200
    assert "Select whether the child&#x27;s immunisations are up to date" in response.text
    assert not HealthCheck.objects.exists()


def test_sdq_recorded_through_the_page(client, period, child, social_worker):
    data = {"score": "12", "reason": "", **date_fields("completed_on", TODAY)}
    response = post_as(client, social_worker, url("sdq-new", child_id=child.pk), data)
    assert response.status_code == 302
    assert SDQScore.objects.get(child=child).score == 12


def test_sdq1_for_a_ten_year_old_refused_on_the_page(client, period, child, social_worker):
    data = {"reason": "SDQ1", **date_fields("completed_on", TODAY)}
    response = post_as(client, social_worker, url("sdq-new", child_id=child.pk), data)
    assert response.status_code == 200
    assert "does not apply" in response.text


def test_conviction_and_substance_misuse_recorded(client, period, child, social_worker):
    post_as(
        client,
        social_worker,
        url("conviction-new", child_id=child.pk),
        {"description": "Youth caution", **date_fields("convicted_on", TODAY)},
    )
    post_as(
        client,
        social_worker,
        url("substance-new", child_id=child.pk),
        {
            "intervention_offered": "yes",
            "intervention_received": "no",
            **date_fields("identified_on", TODAY),
        },
    )
    assert Conviction.objects.filter(child=child).count() == 1
    assert SubstanceMisuse.objects.get(child=child).intervention_offered is True


def test_missing_and_return_recorded_with_late_interview_flag(client, period, child, social_worker):
    post_as(
        client,
        social_worker,
        url("missing-new", child_id=child.pk),
        {"kind": "M", **date_fields("started_on", TODAY - D(days=10))},
    )
    gone = MissingEpisode.objects.get(child=child)
    data = {
        **date_fields("ended_on", TODAY - D(days=9)),
        **date_fields("rhi_offered_on", TODAY - D(days=2)),
        "rhi_accepted": "no",
    }
    response = post_as(client, social_worker, url("missing-return", missing_id=gone.pk), data)
    assert response.status_code == 302
    gone.refresh_from_db()
    assert (gone.ended_on, gone.rhi_accepted) == (TODAY - D(days=9), False)
    page = client.get(url("health-summary", child_id=child.pk))
    assert "not offered within 72 hours" in page.text
    assert "Late" in page.text


@pytest.mark.parametrize(
    "name", ["health-new", "sdq-new", "missing-new", "conviction-new", "substance-new"]
)
def test_forms_open_for_the_worker_and_colleague_not_outsider(
    client, period, child, social_worker, colleague, outsider, name
):
    path = url(name, child_id=child.pk)
    for user, status in [(social_worker, 200), (colleague, 200), (outsider, 404)]:
        client.force_login(user)
        assert client.get(path).status_code == status


def test_missing_return_hidden_from_outsider(client, period, child, social_worker, outsider):
    gone = MissingEpisode.objects.create(
        child=child, kind="A", started_on=TODAY, recorded_by=social_worker
    )
    path = url("missing-return", missing_id=gone.pk)
    client.force_login(outsider)
    assert client.get(path).status_code == 404
    assert client.post(path, date_fields("ended_on", TODAY)).status_code == 404
    gone.refresh_from_db()
    assert gone.ended_on is None
    client.force_login(social_worker)
    assert client.get(path).status_code == 200


def test_unknown_missing_episode_is_404(client, social_worker):
    client.force_login(social_worker)
    assert client.get(url("missing-return", missing_id=999999)).status_code == 404


def test_outsider_cannot_record(client, period, child, outsider):
    data = {"kind": "dental", **date_fields("done_on", TODAY)}
    assert post_as(client, outsider, url("health-new", child_id=child.pk), data).status_code == 404
    assert not HealthCheck.objects.exists()


def test_summary_for_worker_and_colleague_writes_access_event(
    client, period, child, social_worker, colleague, outsider
):
    path = url("health-summary", child_id=child.pk)
    for user, status in [(social_worker, 200), (colleague, 200), (outsider, 404)]:
        client.force_login(user)
        assert client.get(path).status_code == status
    assert AccessEvent.objects.filter(person=child, what="Health and missing").count() == 2


def fill(child, user):  # type: ignore[no-untyped-def]
    for i in range(3):
        on = START + D(days=10 * i + 1)
        HealthCheck.objects.create(child=child, kind="dental", done_on=on, recorded_by=user)
        SDQScore.objects.create(child=child, completed_on=on, score=i, recorded_by=user)
        MissingEpisode.objects.create(
            child=child, kind="M", started_on=on, ended_on=on + D(days=1), recorded_by=user
        )
        Conviction.objects.create(child=child, convicted_on=on, description="x", recorded_by=user)
        SubstanceMisuse.objects.create(
            child=child,
            identified_on=on,
            intervention_offered=True,
            intervention_received=False,
            recorded_by=user,
        )


def test_record_section_in_six_queries(period, child, social_worker, django_assert_num_queries):
    fill(child, social_worker)
    with django_assert_num_queries(6):
        section = health_record_section(child, social_worker, limit=2)
    assert len(section["checks"]) == 2
    assert section["missing_count"] == 3
    assert section["looked_after"] is True
    assert {"Health item overdue", "Return home interview not offered"} <= {
        text for text, _ in section["alerts"]
    }


def test_summary_page_queries_do_not_grow_with_the_record(client, period, child, social_worker):
    fill(child, social_worker)
    client.force_login(social_worker)
    path = url("health-summary", child_id=child.pk)
    client.get(path)  # warm the session and caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(path).status_code == 200
    fill(child, social_worker)
    with CaptureQueriesContext(connection) as more:
        assert client.get(path).status_code == 200
    assert len(more) == len(few) <= 20


def test_record_section_links_follow_the_role(period, child, social_worker):
    iro = UserFactory(role=Role.REVIEWING_OFFICER)
    worker_links = health_record_section(child, social_worker)["links"]
    iro_links = health_record_section(child, iro)["links"]
    assert "conviction_new" in worker_links
    # The policy table: convictions and substance misuse are social work's to record.
    assert "conviction_new" not in iro_links
    assert "health_new" in iro_links


def test_record_section_for_a_child_not_looked_after(child, social_worker):
    section = health_record_section(child, social_worker)
    assert section["looked_after"] is False
    assert section["due"] == []
    assert section["is_empty"] is True


def test_record_tab_renders_the_section(period, child, social_worker):
    from django.template.loader import render_to_string

    fill(child, social_worker)
    html = render_to_string(
        "care/_record_health.html", {"health": health_record_section(child, social_worker)}
    )
    assert 'id="health"' in html
    assert "See all health and missing records" in html
    assert "Record a health check" in html
