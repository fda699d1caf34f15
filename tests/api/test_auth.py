"""Who may call the API: bearer tokens and the web session, then the route policy table."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils.crypto import get_random_string

from opencsc.accounts.models import ApiToken, Role
from opencsc.accounts.policy import POLICY
from opencsc.api.tokens import token_issue, token_revoke
from tests.factories import UserFactory
from tests.insight.builders import bearer, open_case, token_for

WORK = "api:worker-work"


def test_no_credentials_is_401_not_a_redirect(client, db):
    response = client.get(reverse(WORK))
    assert response.status_code == 401


def test_unknown_token_is_401(client, social_worker):
    response = client.get(reverse(WORK), **bearer("ocsc_not-a-real-token"))
    assert response.status_code == 401


def test_revoked_token_is_refused(client, social_worker):
    token = token_for(social_worker)
    ApiToken.objects.update(revoked_at="2026-01-01T00:00Z")
    assert client.get(reverse(WORK), **bearer(token)).status_code == 401


def test_token_of_a_disabled_account_is_refused(client, social_worker):
    token = token_for(social_worker)
    social_worker.is_active = False
    social_worker.save()
    assert client.get(reverse(WORK), **bearer(token)).status_code == 401


def test_using_a_token_records_when_it_was_last_used(client, social_worker):
    token = token_for(social_worker)
    assert client.get(reverse(WORK), **bearer(token)).status_code == 200
    assert ApiToken.objects.get().last_used_at is not None


def test_only_the_hash_of_a_token_is_kept(social_worker):
    token = token_for(social_worker)
    stored = ApiToken.objects.get()
    assert stored.token_hash == ApiToken.hash(token)
    assert token not in stored.token_hash


def test_signed_in_session_reads_the_api(client, social_worker):
    client.force_login(social_worker)
    assert client.get(reverse(WORK)).status_code == 200


def test_session_post_needs_the_csrf_token(social_worker, front_door_worker):
    client = Client(enforce_csrf_checks=True)
    client.force_login(front_door_worker)
    response = client.post(reverse("api:contact-create"), {}, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_session_post_with_csrf_token_reaches_the_operation(front_door_worker):
    client = Client(enforce_csrf_checks=True)
    client.force_login(front_door_worker)
    token = get_random_string(32)  # as the CSRF cookie a page would have set
    client.cookies[settings.CSRF_COOKIE_NAME] = token
    response = client.post(
        reverse("api:contact-create"), {}, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 422  # past authentication, to validation


def test_role_not_in_the_policy_rule_is_403(client, db):
    admin = UserFactory(role=Role.ADMINISTRATOR, team=None)
    assert Role.ADMINISTRATOR not in POLICY[WORK].roles
    assert client.get(reverse(WORK), **bearer(token_for(admin))).status_code == 403


def test_partner_agency_may_only_create_contacts(client, db):
    partner = UserFactory(role=Role.PARTNER_AGENCY, team=None, agency_source="3A")
    headers = bearer(token_for(partner))
    assert client.get(reverse(WORK), **headers).status_code == 403
    assert client.get(reverse("api:child-read", kwargs={"id": 1}), **headers).status_code == 403
    response = client.post(
        reverse("api:contact-create"), {}, content_type="application/json", **headers
    )
    assert response.status_code == 422  # allowed: the empty body is what is refused


def test_operation_missing_from_the_policy_table_is_refused_to_everyone(
    client, team, social_worker, monkeypatch
):
    case = open_case(team=team, worker=social_worker)
    monkeypatch.delitem(POLICY, "api:child-read")
    response = client.get(
        reverse("api:child-read", kwargs={"id": case.child.pk}), **bearer(token_for(social_worker))
    )
    assert response.status_code == 403


# --- Issuing tokens ---------------------------------------------------------------------------


@pytest.fixture
def administrator(db):
    return UserFactory(role=Role.ADMINISTRATOR, team=None)


def test_administrator_issues_a_token_that_works_once_shown(client, administrator, social_worker):
    token = token_issue(actor=administrator, user=social_worker, name="  Case review tool ")

    stored = ApiToken.objects.get()
    assert (stored.user, stored.name) == (social_worker, "Case review tool")
    assert client.get(reverse(WORK), **bearer(token)).status_code == 200


def test_only_an_administrator_issues_tokens(manager, social_worker):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Only an administrator"):
        token_issue(actor=manager, user=social_worker, name="Mine")
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize(
    ("name", "message"),
    [("", "Enter a name"), ("x" * 121, "120 characters"), ("Dup", "already has a token")],
)
def test_token_name_rules(administrator, social_worker, name, message):
    from django.core.exceptions import ValidationError

    token_issue(actor=administrator, user=social_worker, name="Dup")
    with pytest.raises(ValidationError) as exc:
        token_issue(actor=administrator, user=social_worker, name=name)
    assert message in exc.value.message_dict["name"][0]


def test_no_token_for_a_disabled_account(administrator, social_worker):
    from django.core.exceptions import ValidationError

    social_worker.is_active = False
    social_worker.save()
    with pytest.raises(ValidationError) as exc:
        token_issue(actor=administrator, user=social_worker, name="Old")
    assert "disabled" in exc.value.message_dict["user"][0]


def test_revoked_token_stops_working(client, administrator, social_worker):
    from django.core.exceptions import ValidationError

    token = token_issue(actor=administrator, user=social_worker, name="Tool")
    token_revoke(actor=administrator, token=ApiToken.objects.get())
    assert client.get(reverse(WORK), **bearer(token)).status_code == 401
    with pytest.raises(ValidationError, match="already revoked"):
        token_revoke(actor=administrator, token=ApiToken.objects.get())
