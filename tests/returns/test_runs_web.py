"""Returns from the web: asking for one, following its progress, downloading it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from opencsc.accounts.models import Role
from opencsc.audit.models import AccessAction, AccessEvent
from opencsc.returns.forms import census_years
from opencsc.returns.models import ReturnKind, ReturnRun, RunStatus
from opencsc.returns.runs import LOST_AFTER, execute_run, mark_lost_runs
from tests.factories import UserFactory


@pytest.fixture
def analyst(db):
    return UserFactory(role=Role.PERFORMANCE_ANALYST, team=None)


@pytest.fixture
def analyst_client(client, analyst):
    client.force_login(analyst)
    return client


def test_census_years_run_from_2024_25_to_the_year_now_running():
    assert census_years(dt.date(2026, 11, 22)) == [2027, 2026, 2025]
    # Before 1 April the running census is the one ending this March.
    assert census_years(dt.date(2026, 3, 31)) == [2026, 2025]


def test_index_offers_both_returns_and_lists_recent_runs(analyst_client, analyst):
    ReturnRun.objects.create(kind=ReturnKind.CIN_CENSUS, year=2026, requested_by=analyst)
    response = analyst_client.get(reverse("returns:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Children in need census" in html and "Ofsted Annex A" in html
    assert "2025-26" in html


def test_asking_for_the_census_queues_a_run_started_after_commit(
    analyst_client, analyst, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = analyst_client.post(
            reverse("returns:run-new"), {"kind": "cin", "cin-year": "2026"}
        )
    run = ReturnRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("returns:run-detail", kwargs={"run_id": run.pk})
    assert (run.kind, run.year, run.status, run.requested_by) == ("cin", 2026, "queued", analyst)
    assert len(callbacks) == 1  # the background thread starts only once the row is committed


def test_a_census_year_not_offered_is_refused_with_a_message(analyst_client):
    response = analyst_client.post(reverse("returns:run-new"), {"kind": "cin", "cin-year": "1999"})
    assert response.status_code == 400
    assert "Select a census year from the list" in response.content.decode()
    assert not ReturnRun.objects.exists()


def test_annex_a_needs_a_real_date_not_in_the_future(analyst_client):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = analyst_client.post(
        reverse("returns:run-new"),
        {
            "kind": "annex_a",
            "annex-as_of_day": tomorrow.day,
            "annex-as_of_month": tomorrow.month,
            "annex-as_of_year": tomorrow.year,
        },
    )
    assert response.status_code == 400
    assert not ReturnRun.objects.exists()
    response = analyst_client.post(
        reverse("returns:run-new"),
        {
            "kind": "annex_a",
            "annex-as_of_day": "31",
            "annex-as_of_month": "2",
            "annex-as_of_year": "2026",
        },
    )
    assert response.status_code == 400
    assert "real date" in response.content.decode()


def test_a_running_return_page_refreshes_itself_and_shows_progress(analyst_client, analyst):
    run = ReturnRun.objects.create(
        kind=ReturnKind.ANNEX_A,
        as_of=dt.date(2026, 3, 27),
        requested_by=analyst,
        status=RunStatus.RUNNING,
        stage="List 3: referrals",
        done=3,
        total=7,
    )
    html = analyst_client.get(reverse("returns:run-detail", kwargs={"run_id": run.pk})).content
    assert b'http-equiv="refresh"' in html
    assert b"List 3: referrals (3 of 7, 42%)" in html


def test_a_finished_return_downloads_and_the_download_is_logged(analyst_client, analyst):
    run = ReturnRun.objects.create(
        kind=ReturnKind.CIN_CENSUS,
        year=2026,
        requested_by=analyst,
        status=RunStatus.DONE,
        filename="CIN_census_2026.xml",
        content=b"<Message/>",
    )
    page = analyst_client.get(reverse("returns:run-detail", kwargs={"run_id": run.pk}))
    assert b'http-equiv="refresh"' not in page.content
    response = analyst_client.get(reverse("returns:run-download", kwargs={"run_id": run.pk}))
    assert response.status_code == 200
    assert response.content == b"<Message/>"
    assert response["Content-Disposition"] == 'attachment; filename="CIN_census_2026.xml"'
    event = AccessEvent.objects.get(action=AccessAction.EXPORT)
    assert event.user == analyst and "census" in event.what.lower()


def test_an_unfinished_return_cannot_be_downloaded(analyst_client, analyst):
    run = ReturnRun.objects.create(kind=ReturnKind.CIN_CENSUS, year=2026, requested_by=analyst)
    response = analyst_client.get(reverse("returns:run-download", kwargs={"run_id": run.pk}))
    assert response.status_code == 404
    assert not AccessEvent.objects.filter(action=AccessAction.EXPORT).exists()


def test_a_run_the_server_lost_is_shown_as_failed_not_running_forever(analyst):
    run = ReturnRun.objects.create(
        kind=ReturnKind.CIN_CENSUS, year=2026, requested_by=analyst, status=RunStatus.RUNNING
    )
    fresh = ReturnRun.objects.create(kind=ReturnKind.CIN_CENSUS, year=2026, requested_by=analyst)
    ReturnRun.objects.filter(pk=run.pk).update(
        requested_at=timezone.now() - LOST_AFTER - dt.timedelta(minutes=1)
    )
    assert mark_lost_runs() == 1
    run.refresh_from_db()
    fresh.refresh_from_db()
    assert run.status == RunStatus.FAILED and "Ask for the return again" in run.error
    assert fresh.status == RunStatus.QUEUED


def test_a_social_worker_is_not_offered_the_returns(client, social_worker):
    client.force_login(social_worker)
    page = client.get(reverse("insight:my-worklist")).content.decode()
    assert reverse("returns:index") not in page
    assert client.get(reverse("returns:index")).status_code == 403


def test_executing_a_census_run_stores_the_file(analyst):
    run = ReturnRun.objects.create(kind=ReturnKind.CIN_CENSUS, year=2026, requested_by=analyst)
    run = execute_run(run.pk)
    assert run.status == RunStatus.DONE, run.error
    assert run.filename == "CIN_census_2026.xml"
    assert bytes(run.content).lstrip().startswith(b"<?xml")


def test_asking_for_the_903_from_the_returns_page_builds_a_zip_of_its_files(
    analyst_client, analyst, django_capture_on_commit_callbacks
):
    import io
    import zipfile

    html = analyst_client.get(reverse("returns:index")).content.decode()
    assert "SSDA903 children looked after return" in html
    with django_capture_on_commit_callbacks():
        response = analyst_client.post(
            reverse("returns:run-new"), {"kind": "ssda903", "ssda903-year": "2026"}
        )
    run = ReturnRun.objects.get()
    assert response.status_code == 302 and (run.kind, run.year) == ("ssda903", 2026)
    run = execute_run(run.pk)
    assert run.status == RunStatus.DONE, run.error
    assert run.period_label == "2025-26"
    names = zipfile.ZipFile(io.BytesIO(bytes(run.content))).namelist()
    assert {"Header_2026.csv", "Episodes_2026.csv", "SWEpisodes_2026.csv"} <= set(names)
    download = analyst_client.get(reverse("returns:run-download", kwargs={"run_id": run.pk}))
    assert download["Content-Type"] == "application/zip"


def test_a_903_year_not_offered_is_refused_with_a_message(analyst_client):
    response = analyst_client.post(
        reverse("returns:run-new"), {"kind": "ssda903", "ssda903-year": "1999"}
    )
    assert response.status_code == 400
    assert "Select a collection year from the list" in response.content.decode()
