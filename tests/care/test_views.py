"""The care pages: access from three sides, the forms calling the services, the change
page working out the reason, reviews due and the record's section in fixed queries."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

from opencsc.care.models import CarePeriod
from opencsc.care.record import QUERIES, QUERIES_NOT_LOOKED_AFTER, record_section
from opencsc.casework.models import AllocationRole
from tests.care.conftest import TODAY
from tests.care.helpers import START, D, date_fields, rows, start, url
from tests.factories import AllocationFactory


@pytest.fixture
def period(child, episode, social_worker):
    return start(child, social_worker)


def test_the_period_page_from_three_sides(client, period, social_worker, colleague, outsider):
    for user, status in ((social_worker, 200), (colleague, 200), (outsider, 404)):
        client.force_login(user)
        response = client.get(url("period-detail", period_id=period.pk))
        assert response.status_code == status
    client.force_login(social_worker)
    page = client.get(url("period-detail", period_id=period.pk)).content.decode()
    assert "Placement history" in page and "Mr and Mrs Foster" in page
    assert "Review overdue" in page  # 20 working days from 15 January


def test_the_forms_refuse_outsiders(client, period, outsider, iro):
    client.force_login(outsider)
    for name in ("change", "period-end", "care-plan-new"):
        assert client.get(url(name, period_id=period.pk)).status_code == 404
    # An IRO not allocated to the child does not reach it either.
    client.force_login(iro)
    for name in ("review-new", "iro-contact-new", "period-detail"):
        assert client.get(url(name, period_id=period.pk)).status_code == 404


def test_starting_a_period_through_the_page(client, child, episode, social_worker):
    client.force_login(social_worker)
    assert client.get(url("period-start", child_id=child.pk)).status_code == 200
    data = {
        **date_fields("start_date", START),
        "legal_status": "V2",
        "placement": "U6",
        "provider": "PR1",
        "carer": "Mr and Mrs Foster",
        "placement_postcode": "cw11ab",
        "urn": "SC123456",
        "home_postcode": "CW1 1AA",
        "category_of_need": "N1",
        "previous_permanence": "Z1",
    }
    response = client.post(url("period-start", child_id=child.pk), data)
    period = CarePeriod.objects.get(child=child)
    assert response.status_code == 302
    assert period.episodes.get().placement_postcode == "CW1 1AB"
    # The service's message lands on the field.
    data["urn"] = ""
    response = client.post(url("period-start", child_id=child.pk), data)
    assert response.status_code == 302  # already looked after: back to the period


def test_the_change_page_asks_what_changed_and_works_out_the_reason(client, period, social_worker):
    client.force_login(social_worker)
    data = {
        **date_fields("on", START + D(days=6)),
        "what_changed": "placement",
        "placement": "U4",
        "provider": "PR1",
        "same_carer": "yes",
        "placement_postcode": "CW1 1AB",
        "urn": "SC123456",
        "reason_place_change": "PLACE",
    }
    response = client.post(url("change", period_id=period.pk), data)
    assert response.status_code == 302
    assert [r[1] for r in rows(period)] == ["S", "T"]
    data.update(
        date_fields("on", START + D(days=8)),
        what_changed="both",
        legal_status="C1",
        placement="",
        same_carer="",
    )
    page = client.post(url("change", period_id=period.pk), data).content.decode()
    assert "Select the placement type" in page and "Select whether the child is" in page


def test_a_service_refusal_shows_on_the_form(client, period, social_worker):
    client.force_login(social_worker)
    data = {**date_fields("end_date", START), "reason": "E4A"}
    page = client.post(url("period-end", period_id=period.pk), data).content.decode()
    assert "903 rule 355" in page


def test_reviews_due_for_an_iro_lists_their_children_overdue_first(
    client, period, child, iro, manager, django_assert_max_num_queries
):
    AllocationFactory(child=child, team=iro.team, worker=iro, role=AllocationRole.REVIEWING_OFFICER)
    client.force_login(iro)
    with django_assert_max_num_queries(12):
        page = client.get(url("reviews-due")).content.decode()
    assert escape(child.full_name) in page and "Overdue" in page
    client.force_login(manager)
    assert escape(child.full_name) in client.get(url("reviews-due")).content.decode()


def test_recording_a_review_by_the_iro(client, period, child, iro):
    AllocationFactory(child=child, team=iro.team, worker=iro, role=AllocationRole.REVIEWING_OFFICER)
    client.force_login(iro)
    data = {
        **date_fields("held_on", START + D(days=20)),
        "chair": iro.pk,
        "participation": "PN1",
        "decisions": "Stay with carers.",
    }
    assert client.post(url("review-new", period_id=period.pk), data).status_code == 302
    assert period.reviews.count() == 1


def test_the_records_section_in_fixed_queries(
    period, child, social_worker, django_assert_num_queries
):
    with django_assert_num_queries(QUERIES):
        section = record_section(child, social_worker, TODAY)
    assert section["current"] == period and section["review_overdue"]
    assert section["episode"].carer == "Mr and Mrs Foster"


def test_the_records_section_offers_to_start_care(
    child, episode, social_worker, django_assert_num_queries
):
    with django_assert_num_queries(QUERIES_NOT_LOOKED_AFTER):
        section = record_section(child, social_worker, TODAY)
    assert section["can_start"] and section["is_empty"]


def test_every_page_opens_for_the_teams_manager(client, period, manager):
    client.force_login(manager)
    for name in (
        "period-detail",
        "change",
        "period-end",
        "review-new",
        "iro-contact-new",
        "care-plan-new",
        "pwp-review-new",
    ):
        response = client.get(url(name, period_id=period.pk))
        assert response.status_code == 200, name
    assert client.get(url("period-start", child_id=period.child_id)).status_code == 302
    assert client.get(url("reviews-due")).status_code == 200


def test_the_records_section_renders(period, child, social_worker):
    from django.template.loader import render_to_string

    html = render_to_string(
        "care/_record_care.html", {"care": record_section(child, social_worker, TODAY)}
    )
    assert "Looked after since" in html and "Review overdue" in html


def test_the_childs_record_shows_care_and_offers_a_visit(client, period, child, social_worker):
    """CPPCR 2010 reg 28: a looked-after child is visited; the record offers the visit
    and shows the Care and legal tab with the placement."""
    client.force_login(social_worker)
    response = client.get(reverse("people:person-detail", args=[child.pk]))
    assert response.status_code == 200
    assert response.context["actions"]["visit_new"] == reverse("plans:visit-new", args=[child.pk])
    html = response.content.decode()
    assert 'href="#care"' in html and "Mr and Mrs Foster" in html
    assert 'href="#health"' in html  # looked after: the health tab is there too
