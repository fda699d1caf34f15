"""The legal pages: access from three sides, the forms calling the services, a stale
edit keeping what was typed, the tracker's leader's view and the record's section in
fixed queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils.html import escape

from opencsc.accounts.models import Role
from opencsc.legal import services
from opencsc.legal.models import CareProceedings, CourtOrder, PreProceedings
from opencsc.legal.record import QUERIES as RECORD_QUERIES
from opencsc.legal.record import record_section
from opencsc.legal.selectors import TRACKER_QUERIES, tracker_rows
from tests.factories import AllocationFactory, CINEpisodeFactory, PersonFactory, UserFactory
from tests.legal.conftest import TODAY
from tests.legal.helpers import DECIDED, D, date_fields, open_plo

pytestmark = pytest.mark.django_db


def url(name: str, **kwargs: int) -> str:
    return reverse(f"legal:{name}", kwargs=kwargs)


@pytest.fixture
def plo(child, episode, manager):
    return open_plo(child, manager)


@pytest.fixture
def proceedings(child, social_worker):
    return services.proceedings_issue(
        actor=social_worker, child=child, issued_on=DECIDED, court="Family Court at Crewe"
    )


def test_the_pre_proceedings_page_from_three_sides(client, plo, social_worker, colleague, outsider):
    for user, status in ((social_worker, 200), (colleague, 200), (outsider, 404)):
        client.force_login(user)
        assert client.get(url("plo-detail", plo_id=plo.pk)).status_code == status
    client.force_login(social_worker)
    page = client.get(url("plo-detail", plo_id=plo.pk)).content.decode()
    assert "13 of 16" in page and "Due soon" in page
    assert "Manager's review overdue" in page  # 16 February, four weeks on


def test_the_proceedings_page_from_three_sides(
    client, proceedings, social_worker, colleague, outsider
):
    for user, status in ((social_worker, 200), (colleague, 200), (outsider, 404)):
        client.force_login(user)
        response = client.get(url("proceedings-detail", proceedings_id=proceedings.pk))
        assert response.status_code == status
    for name in ("hearing-new",):
        client.force_login(outsider)
        assert client.get(url(name, proceedings_id=proceedings.pk)).status_code == 404


def test_the_forms_refuse_outsiders(client, child, plo, outsider):
    client.force_login(outsider)
    for name in ("plo-edit", "plo-review-new"):
        assert client.get(url(name, plo_id=plo.pk)).status_code == 404
    for name in ("proceedings-new", "order-new"):
        assert client.get(url(name, child_id=child.pk)).status_code == 404


def test_a_manager_records_the_meeting_that_opens_pre_proceedings(
    client, child, episode, manager, social_worker
):
    client.force_login(social_worker)
    assert client.get(url("meeting-new", child_id=child.pk)).status_code == 403
    client.force_login(manager)
    assert client.get(url("meeting-new", child_id=child.pk)).status_code == 200
    data = {
        **date_fields("held_on", DECIDED),
        "chair": manager.pk,
        "decision": "pre_proceedings",
        "rationale": "Neglect continues",
    }
    response = client.post(url("meeting-new", child_id=child.pk), data)
    plo = PreProceedings.objects.get(child=child)
    assert response.status_code == 302
    assert response.url == url("plo-detail", plo_id=plo.pk)
    # The service's message lands on the field.
    response = client.post(url("meeting-new", child_id=child.pk), data)
    assert response.status_code == 200
    assert "already open" in response.content.decode()


def test_editing_the_dates_and_a_stale_edit(client, plo, social_worker, manager):
    client.force_login(social_worker)
    assert client.get(url("plo-edit", plo_id=plo.pk)).status_code == 200
    data = {"version": "1", **date_fields("letter_sent_on", DECIDED + D(days=2))}
    response = client.post(url("plo-edit", plo_id=plo.pk), data)
    assert response.status_code == 302
    plo.refresh_from_db()
    assert plo.letter_sent_on == DECIDED + D(days=2) and plo.version == 2
    # A second person's save against version 1: refused, with what they typed kept.
    data = {"version": "1", **date_fields("letter_sent_on", DECIDED + D(days=4))}
    response = client.post(url("plo-edit", plo_id=plo.pk), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this record" in page
    assert "The latest saved version" in page
    assert 'value="23"' in page  # the day they typed
    # The letter must come before the initial meeting: the rule's message on the field.
    data = {"version": "2", **date_fields("initial_meeting_on", DECIDED + D(days=1))}
    data.update(date_fields("letter_sent_on", DECIDED + D(days=2)))
    response = client.post(url("plo-edit", plo_id=plo.pk), data)
    assert "after the letter before proceedings" in response.content.decode()


def test_a_social_worker_is_not_offered_the_manager_review(client, plo, social_worker, manager):
    client.force_login(social_worker)
    page = client.get(url("plo-review-new", plo_id=plo.pk)).content.decode()
    assert 'value="manager"' not in page and 'value="meeting"' in page
    client.force_login(manager)
    data = {
        "kind": "manager",
        **date_fields("held_on", TODAY),
        "progress": "Assessments under way",
        **date_fields("next_review_due", TODAY + D(weeks=3)),
    }
    response = client.post(url("plo-review-new", plo_id=plo.pk), data)
    assert response.status_code == 302
    plo.refresh_from_db()
    assert plo.next_review_due == TODAY + D(weeks=3)


def test_ending_pre_proceedings_through_the_page(client, plo, social_worker, manager):
    client.force_login(social_worker)
    assert client.get(url("plo-end", plo_id=plo.pk)).status_code == 403
    client.force_login(manager)
    data = {"version": str(plo.version), **date_fields("ended_on", TODAY), "outcome": "diverted"}
    assert client.post(url("plo-end", plo_id=plo.pk), data).status_code == 302
    plo.refresh_from_db()
    assert plo.outcome == "diverted"


def test_issuing_proceedings_hearings_and_orders_through_the_pages(
    client, child, plo, social_worker
):
    client.force_login(social_worker)
    data = {**date_fields("issued_on", TODAY), "court": "Family Court at Crewe"}
    response = client.post(url("proceedings-new", child_id=child.pk), data)
    proceedings = CareProceedings.objects.get(child=child)
    assert response.url == url("proceedings-detail", proceedings_id=proceedings.pk)
    plo.refresh_from_db()
    assert plo.outcome == "proceedings"
    data = {"kind": "first", **date_fields("held_on", TODAY + D(days=10))}
    response = client.post(url("hearing-new", proceedings_id=proceedings.pk), data)
    assert response.status_code == 302
    data = {"kind": "ico", **date_fields("made_on", TODAY)}
    response = client.post(url("order-new", child_id=child.pk), data)
    assert response.status_code == 302
    assert CourtOrder.objects.get().proceedings == proceedings
    page = client.get(url("proceedings-detail", proceedings_id=proceedings.pk)).content.decode()
    assert "Interim care order" in page and "First hearing" in page


def test_an_order_that_concludes_the_proceedings(client, child, proceedings, social_worker):
    client.force_login(social_worker)
    data = {"kind": "co", **date_fields("made_on", TODAY), "concludes": "on"}
    response = client.post(url("order-new", child_id=child.pk), data)
    assert response.status_code == 302
    proceedings.refresh_from_db()
    assert proceedings.concluded_on == TODAY


def test_an_interim_order_outside_proceedings_is_refused_on_the_page(client, child, social_worker):
    client.force_login(social_worker)
    data = {"kind": "ico", **date_fields("made_on", TODAY)}
    response = client.post(url("order-new", child_id=child.pk), data)
    assert response.status_code == 200
    assert "within care proceedings" in response.content.decode()
    assert not CourtOrder.objects.exists()


def _in_team(team, on: dt.date = DECIDED):  # type: ignore[no-untyped-def]
    child = PersonFactory(date_of_birth=dt.date(2018, 5, 1))
    AllocationFactory(child=child, team=team)
    CINEpisodeFactory(child=child, referral_date=on - D(days=7))
    return child


def test_the_tracker_is_a_leaders_view_overdue_first(
    client, team, other_team, manager, social_worker, django_assert_num_queries
):
    head = UserFactory(role=Role.HEAD_OF_SERVICE)
    late = _in_team(team, dt.date(2025, 11, 3))
    recent = _in_team(team, dt.date(2026, 4, 6))
    elsewhere = _in_team(other_team)
    open_plo(late, manager, on=dt.date(2025, 11, 3))
    open_plo(recent, manager, on=dt.date(2026, 4, 6))
    services.proceedings_issue(
        actor=manager, child=elsewhere, issued_on=DECIDED, court="Family Court at Crewe"
    )
    with django_assert_num_queries(TRACKER_QUERIES):
        rows = tracker_rows(manager, TODAY)
    assert [r.child for r in rows] == [late, recent]  # not the other team's
    assert rows[0].overdue and rows[0].clock.weeks == 24
    assert {r.child for r in tracker_rows(head, TODAY)} == {late, recent, elsewhere}
    client.force_login(manager)
    page = client.get(url("tracker")).content.decode()
    assert page.index(escape(late.full_name)) < page.index(escape(recent.full_name))
    assert escape(elsewhere.full_name) not in page
    # Leaders reach it from the menu; a social worker sees neither the link nor the page.
    assert f'href="{url("tracker")}"' in page
    client.force_login(social_worker)
    assert client.get(url("tracker")).status_code == 403
    worklist = client.get(reverse("insight:my-worklist")).content.decode()
    assert f'href="{url("tracker")}"' not in worklist


def test_the_tracker_page_in_fixed_queries(client, team, manager, django_assert_max_num_queries):
    client.force_login(manager)
    for n in range(3):
        open_plo(_in_team(team), manager, on=DECIDED + D(days=n))
    client.get(url("tracker"))
    with django_assert_max_num_queries(12) as few:
        client.get(url("tracker"))
    for n in range(5):
        open_plo(_in_team(team), manager, on=DECIDED + D(days=n))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("tracker"))


def test_the_record_section_in_fixed_queries(
    child, plo, proceedings, social_worker, django_assert_num_queries
):
    services.order_record(actor=social_worker, child=child, kind="ico", made_on=TODAY)
    with django_assert_num_queries(RECORD_QUERIES):
        section = record_section(child, social_worker, TODAY)
    assert section["open_proceedings"] == proceedings
    assert section["open_plo"] is None  # issuing ended it
    assert [o.kind for o in section["orders_in_force"]] == ["ico"]
    assert section["earlier_plos"] == [plo]


def test_the_record_section_renders_with_the_links_the_role_may_use(
    rf, child, plo, manager, social_worker
):
    from django.template.loader import render_to_string

    for user, meeting_link in ((manager, True), (social_worker, False)):
        request = rf.get("/")
        request.user = user
        html = render_to_string(
            "legal/_record_legal.html",
            {"legal": record_section(child, user, TODAY)},
            request=request,
        )
        assert "13 of 16" in html and "Manager's review overdue" in html
        assert (url("meeting-new", child_id=child.pk) in html) is meeting_link
        assert url("order-new", child_id=child.pk) in html
