"""The decision page end to end: outcomes, rules shown on the form, stale edits."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from opencsc.casework.models import Allocation, CINEpisode
from opencsc.frontdoor.models import Contact, EarlyHelpEpisode
from opencsc.frontdoor.services import contact_decide
from tests.factories import ContactFactory, TeamFactory
from tests.frontdoor.conftest import answer_all
from tests.frontdoor.test_views_contacts import datetime_fields


def decide_post(contact, **overrides):
    data = {
        "version": str(contact.version),
        "threshold": "universal",
        "decision": "nfa",
        "rationale": "Needs met by universal services.",
        **datetime_fields("decided_at", timezone.now()),
    }
    data.update(overrides)
    return data


def url(contact):
    return reverse("frontdoor:contact-decide", args=[contact.pk])


def test_decision_page_defaults_to_now_and_the_first_assessment_team(
    client, contact, front_door_worker
):
    team = TeamFactory(kind="assessment", name="AAA assessment team")
    client.force_login(front_door_worker)
    response = client.get(url(contact))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["allocate_team"] == team.pk
    assert form.initial["version"] == contact.version


def test_referral_decided_through_the_page_opens_and_allocates_the_case(
    client, contact, front_door_worker
):
    team = TeamFactory(kind="assessment", name="Assessment team north")
    client.force_login(front_door_worker)
    response = client.post(
        url(contact),
        decide_post(
            contact,
            threshold="child_in_need",
            decision="referral",
            primary_need="N4",
            allocate_team=str(team.pk),
        ),
    )
    assert response.status_code == 302
    episode = CINEpisode.objects.get(child=contact.child)
    assert episode.primary_need == "N4"
    assert Allocation.objects.get(child=contact.child, end_date__isnull=True).team == team
    # The front door still sees the child (a contact in the last 90 days): back to the contact.
    assert response.url == reverse("frontdoor:contact-detail", args=[contact.pk])
    detail = client.get(response.url).content.decode()
    assert "Child in need episode opened" in detail


def test_early_help_decided_through_the_page(client, contact, front_door_worker):
    client.force_login(front_door_worker)
    client.post(
        url(contact),
        decide_post(
            contact,
            threshold="early_help",
            decision="early_help",
            lead_professional="Synthetic Family Worker",
            lead_organisation="Synthetic Family Hub",
        ),
    )
    early_help = EarlyHelpEpisode.objects.get(child=contact.child)
    detail = client.get(reverse("frontdoor:contact-detail", args=[contact.pk])).content.decode()
    assert reverse("frontdoor:earlyhelp-detail", args=[early_help.pk]) in detail


def test_rules_are_shown_on_the_form_with_the_input_kept(client, contact, front_door_worker):
    client.force_login(front_door_worker)
    response = client.post(
        url(contact),
        decide_post(contact, threshold="child_protection", decision="nfa", rationale="My reasons."),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "strategy discussion must be held" in html
    assert "My reasons." in html
    assert Contact.objects.get(pk=contact.pk).status == "awaiting_decision"


def test_missing_information_blocks_the_decision_until_a_reason_is_given(client, front_door_worker):
    contact = ContactFactory(taken_by=front_door_worker, team=front_door_worker.team)
    answer_all(contact, agencies=["police", "health", "education"])
    client.force_login(front_door_worker)
    response = client.post(url(contact), decide_post(contact))
    assert response.status_code == 200
    errors = response.context["form"].errors["decide_without_missing_information"]
    assert errors[0].startswith("Information is still missing from children")
    assert 'href="#id_decide_without_missing_information"' in response.content.decode()
    response = client.post(
        url(contact),
        decide_post(
            contact,
            decide_without_missing_information="on",
            missing_information_reason="History check done by phone with the duty manager.",
        ),
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert "History check done by phone" in contact.decision_rationale


def test_decision_in_the_future_is_refused(client, contact, front_door_worker):
    client.force_login(front_door_worker)
    response = client.post(
        url(contact),
        decide_post(
            contact, **datetime_fields("decided_at", timezone.now() + dt.timedelta(hours=2))
        ),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["decided_at"]


def test_stale_decision_shows_what_is_saved_and_keeps_the_input(client, contact, front_door_worker):
    client.force_login(front_door_worker)
    page_version = contact.version
    contact_decide(
        actor=front_door_worker,
        contact=contact,
        expected_version=page_version,
        threshold="universal",
        decision="information_advice",
        rationale="Advice given to the school by phone.",
    )
    response = client.post(
        url(contact),
        decide_post(contact, version=str(page_version), rationale="My own careful rationale."),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else changed this record" in html
    assert "My own careful rationale." in html
    assert "Advice given to the school by phone." in html
    # The form now carries the latest version, so a deliberate resubmit meets the real rule.
    assert response.context["form"].data["version"] == str(page_version + 1)


def test_decided_contact_page_redirects_to_the_contact(client, contact, front_door_worker):
    contact_decide(
        actor=front_door_worker,
        contact=contact,
        expected_version=contact.version,
        threshold="universal",
        decision="nfa",
        rationale="No concerns.",
    )
    client.force_login(front_door_worker)
    response = client.get(url(contact))
    assert response.status_code == 302


def test_inspector_cannot_decide(client, contact):
    from opencsc.accounts.models import Role
    from tests.factories import UserFactory

    client.force_login(UserFactory(role=Role.INSPECTOR))
    assert client.get(url(contact)).status_code == 403
