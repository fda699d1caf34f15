"""Contact pages end to end: recording (with siblings), seeing, information, handover."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from opencsc.accounts.models import Role
from opencsc.audit.models import AccessEvent
from opencsc.frontdoor.models import Contact, ContactInformation
from tests.factories import ContactFactory, PersonFactory, UserFactory


def datetime_fields(prefix, value):
    local = timezone.localtime(value)
    return {
        f"{prefix}_day": str(local.day),
        f"{prefix}_month": str(local.month),
        f"{prefix}_year": str(local.year),
        f"{prefix}_time": local.strftime("%H:%M"),
    }


def contact_post(received_at=None, **overrides):
    data = {
        **datetime_fields("received_at", received_at or timezone.now() - dt.timedelta(hours=1)),
        "received_via": "phone",
        "source": "2A",
        "referrer_name": "Ms Synthetic Teacher",
        "referrer_organisation": "Synthetic Primary School",
        "presenting_concerns": "Bruising seen on the child's arm.",
        "consent": "given",
    }
    data.update(overrides)
    return data


# --- New contact -------------------------------------------------------------------------


def test_new_contact_without_a_child_links_to_person_search(client, front_door_worker):
    client.force_login(front_door_worker)
    response = client.get(reverse("frontdoor:contact-new"))
    assert response.status_code == 200
    assert "Find or add the child" in response.content.decode()
    assert response.context["form"] is None


def test_new_contact_is_recorded_end_to_end(client, front_door_worker):
    child = PersonFactory()
    client.force_login(front_door_worker)
    url = reverse("frontdoor:contact-new") + f"?child={child.pk}"
    assert client.get(url).status_code == 200
    response = client.post(url, contact_post())
    contact = Contact.objects.get(child=child)
    assert response.status_code == 302
    assert response.url == reverse("frontdoor:contact-detail", args=[contact.pk])
    assert contact.taken_by == front_door_worker
    assert contact.team == front_door_worker.team
    assert contact.out_of_hours is False
    assert AccessEvent.objects.filter(person=child, action="view_record").exists()


def test_siblings_get_one_contact_each_sharing_a_group(client, front_door_worker):
    first, second = PersonFactory(), PersonFactory()
    client.force_login(front_door_worker)
    url = reverse("frontdoor:contact-new") + f"?child={first.pk}&child={second.pk}"
    assert client.post(url, contact_post()).status_code == 302
    contacts = list(Contact.objects.filter(child__in=[first, second]))
    assert len(contacts) == 2
    assert contacts[0].group_ref == contacts[1].group_ref
    detail = client.get(reverse("frontdoor:contact-detail", args=[contacts[0].pk]))
    assert escape(contacts[1].child.full_name) in detail.content.decode()


def test_contact_taken_by_out_of_hours_is_flagged(client, ooh_worker):
    child = PersonFactory()
    client.force_login(ooh_worker)
    client.post(reverse("frontdoor:contact-new") + f"?child={child.pk}", contact_post())
    assert Contact.objects.get(child=child).out_of_hours is True


def test_new_contact_in_the_future_is_refused_with_the_input_kept(client, front_door_worker):
    child = PersonFactory()
    client.force_login(front_door_worker)
    response = client.post(
        reverse("frontdoor:contact-new") + f"?child={child.pk}",
        contact_post(received_at=timezone.now() + dt.timedelta(days=1)),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "must be now or in the past" in html
    assert "Bruising seen on the child&#x27;s arm." in html
    assert not Contact.objects.exists()


def test_new_contact_shows_service_rules(client, front_door_worker):
    child = PersonFactory()
    client.force_login(front_door_worker)
    response = client.post(
        reverse("frontdoor:contact-new") + f"?child={child.pk}",
        contact_post(consent="not_sought_risk"),
    )
    assert response.status_code == 200
    assert "Explain why consent was not sought" in response.content.decode()


@pytest.mark.parametrize("child_param", ["999999", "abc"])
def test_new_contact_for_an_unknown_child_is_404(client, front_door_worker, child_param):
    client.force_login(front_door_worker)
    assert client.get(reverse("frontdoor:contact-new") + f"?child={child_param}").status_code == 404


def test_new_contact_for_a_restricted_child_is_404(client, front_door_worker):
    hidden = PersonFactory(is_restricted=True)
    client.force_login(front_door_worker)
    assert client.get(reverse("frontdoor:contact-new") + f"?child={hidden.pk}").status_code == 404


def test_social_worker_cannot_record_a_contact(client, social_worker):
    client.force_login(social_worker)
    assert client.get(reverse("frontdoor:contact-new")).status_code == 403


# --- Contact detail: access from every side -------------------------------------------------


def test_contact_detail_shows_everything_and_records_the_view(client, contact, front_door_worker):
    client.force_login(front_door_worker)
    response = client.get(reverse("frontdoor:contact-detail", args=[contact.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert contact.presenting_concerns in html
    assert contact.referrer_name in html
    assert "Information from partners" in html
    assert AccessEvent.objects.filter(
        user=front_door_worker, person=contact.child, action="view_record"
    ).exists()


@pytest.fixture
def allocated_contact(child, front_door_worker):
    """A contact about a child allocated to ``team`` (the conftest ``child``)."""
    return ContactFactory(child=child, taken_by=front_door_worker, team=front_door_worker.team)


def test_manager_of_the_allocated_team_sees_the_contact(client, allocated_contact, manager):
    client.force_login(manager)
    assert (
        client.get(reverse("frontdoor:contact-detail", args=[allocated_contact.pk])).status_code
        == 200
    )


def test_manager_of_another_team_gets_404(client, allocated_contact, other_team):
    client.force_login(UserFactory(role=Role.TEAM_MANAGER, team=other_team))
    assert (
        client.get(reverse("frontdoor:contact-detail", args=[allocated_contact.pk])).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("who", "status"), [("social_worker", 200), ("colleague", 200), ("outsider", 404)]
)
def test_allocated_team_reads_the_contact_that_led_to_the_referral(
    client, allocated_contact, request, who, status
):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("frontdoor:contact-detail", args=[allocated_contact.pk]))
    assert response.status_code == status


def test_front_door_cannot_open_a_restricted_childs_contact(client, front_door_worker):
    hidden = ContactFactory(child=PersonFactory(is_restricted=True))
    client.force_login(front_door_worker)
    assert client.get(reverse("frontdoor:contact-detail", args=[hidden.pk])).status_code == 404


def test_missing_contact_is_404(client, front_door_worker):
    client.force_login(front_door_worker)
    assert client.get(reverse("frontdoor:contact-detail", args=[987654])).status_code == 404


def test_front_door_loses_sight_of_old_decided_contacts(client, front_door_worker):
    # access.py: the front door sees open contacts and those of the last 90 days.
    old = ContactFactory(received_at=timezone.now() - dt.timedelta(days=120))
    Contact.objects.filter(pk=old.pk).update(
        status="decided",
        threshold="universal",
        decision="nfa",
        decision_rationale="x",
        decided_by=front_door_worker,
        decided_at=timezone.now() - dt.timedelta(days=119),
    )
    client.force_login(front_door_worker)
    assert client.get(reverse("frontdoor:contact-detail", args=[old.pk])).status_code == 404


# --- Information from partners --------------------------------------------------------------


def test_information_request_and_answer_end_to_end(client, front_door_worker):
    contact = ContactFactory(taken_by=front_door_worker, team=front_door_worker.team)
    client.force_login(front_door_worker)
    url = reverse("frontdoor:contact-information", args=[contact.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Still missing: Police" in page.content.decode()
    response = client.post(url, {"action": "request", "request-agency": "police"})
    assert response.status_code == 302
    info = ContactInformation.objects.get(contact=contact, agency="police")
    assert info.received_at is None
    client.post(
        url, {"action": "receive", "receive-agency": "police", "receive-summary": "Not known."}
    )
    info.refresh_from_db()
    assert info.summary == "Not known."
    # An answer nobody asked for through OpenCSC is requested and received in one go.
    client.post(
        url,
        {"action": "receive", "receive-agency": "health", "receive-summary": "GP: no concerns."},
    )
    health = ContactInformation.objects.get(contact=contact, agency="health")
    assert health.received_at is not None
    detail = client.get(reverse("frontdoor:contact-detail", args=[contact.pk])).content.decode()
    assert "Still missing: School or education, Children&#x27;s social care records" in detail


def test_information_errors_are_shown(client, front_door_worker):
    contact = ContactFactory(taken_by=front_door_worker, team=front_door_worker.team)
    client.force_login(front_door_worker)
    url = reverse("frontdoor:contact-information", args=[contact.pk])
    client.post(url, {"action": "request", "request-agency": "police"})
    response = client.post(url, {"action": "request", "request-agency": "police"})
    assert response.status_code == 200
    assert "already requested" in response.content.decode()
    response = client.post(
        url, {"action": "receive", "receive-agency": "police", "receive-summary": ""}
    )
    assert "Enter what the agency told you" in response.content.decode()


# --- Out-of-hours handover ------------------------------------------------------------------


@pytest.fixture
def ooh_contact(ooh_worker):
    return ContactFactory(
        taken_by=ooh_worker,
        team=ooh_worker.team,
        out_of_hours=True,
        received_at=timezone.now() - dt.timedelta(hours=8),
    )


def test_ooh_handover_end_to_end(client, ooh_contact, ooh_worker):
    client.force_login(ooh_worker)
    url = reverse("frontdoor:contact-handover", args=[ooh_contact.pk])
    assert client.get(url).status_code == 200
    data = {
        **datetime_fields("handover_at", timezone.now() - dt.timedelta(minutes=30)),
        "note": "Police attended at 02:00; child staying with grandmother.",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    ooh_contact.refresh_from_db()
    assert ooh_contact.handover_note.startswith("Police attended")
    worklist = client.get(reverse("frontdoor:worklist"))
    assert worklist.context["handovers"] == []


def test_handover_needs_a_note(client, ooh_contact, ooh_worker):
    client.force_login(ooh_worker)
    url = reverse("frontdoor:contact-handover", args=[ooh_contact.pk])
    response = client.post(url, datetime_fields("handover_at", timezone.now()))
    assert response.status_code == 200
    assert response.context["form"].errors["note"]


def test_daytime_front_door_cannot_record_a_handover(client, ooh_contact, front_door_worker):
    client.force_login(front_door_worker)
    assert (
        client.get(reverse("frontdoor:contact-handover", args=[ooh_contact.pk])).status_code == 403
    )


def test_handover_page_for_a_daytime_contact_redirects(client, contact, ooh_worker):
    client.force_login(ooh_worker)
    response = client.get(reverse("frontdoor:contact-handover", args=[contact.pk]))
    assert response.status_code == 302
