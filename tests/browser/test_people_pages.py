"""The people pages in a real browser: a worker finds a child, opens the record, records
a new person past the duplicate check; axe-core checks each page (WCAG 2.2 AA)."""

from __future__ import annotations

import datetime as dt

import pytest

from opencsc.accounts.models import Role
from opencsc.people.models import Person
from tests.browser.conftest import check_accessibility, sign_in
from tests.factories import AllocationFactory, CINEpisodeFactory, PersonFactory, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def real_passwords(settings):
    # The browser signs in with the factory's password, so keep the production hasher.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]


def test_find_open_and_record_a_person(page):
    team_manager = UserFactory(username="tm1", role=Role.TEAM_MANAGER)
    child = PersonFactory(
        first_name="Katherine", last_name="Okafor", date_of_birth=dt.date(2016, 5, 4)
    )
    AllocationFactory(child=child, team=team_manager.team, worker=team_manager)
    CINEpisodeFactory(child=child)
    sign_in(page, "tm1")

    page.goto("/people/")
    check_accessibility(page)
    page.get_by_label("Name").fill("Kate Okafor")
    page.get_by_role("button", name="Search").click()
    page.wait_for_load_state()
    assert "Nickname" in page.content()
    check_accessibility(page)

    # exact: the row also links to "Record a contact about Katherine Okafor".
    page.get_by_role("link", name="Katherine Okafor", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Katherine Okafor").is_visible()
    check_accessibility(page)

    page.goto("/people/new/")
    check_accessibility(page)
    page.get_by_label("First name").fill("Katherine")
    page.get_by_label("Last name").fill("Okafor")
    page.locator("#id_date_of_birth_day").fill("4")
    page.locator("#id_date_of_birth_month").fill("5")
    page.locator("#id_date_of_birth_year").fill("2016")
    page.get_by_label("Female").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Is this one of these people?").is_visible()
    check_accessibility(page)
    page.get_by_role("button", name="None of these: create a new record").click()
    page.wait_for_load_state()
    # The record ID is the new person's case number (the returns' LAchildID).
    created = Person.objects.filter(first_name="Katherine", last_name="Okafor").latest("pk")
    assert f"recorded (record {created.case_number})" in page.content()


def test_error_summary_and_stale_edit_are_accessible(page):
    worker = UserFactory(username="sw1", role=Role.SOCIAL_WORKER)
    child = PersonFactory()
    AllocationFactory(child=child, team=worker.team, worker=worker)
    sign_in(page, "sw1")
    page.goto(f"/people/{child.pk}/edit/")
    page.get_by_label("NHS number").fill("123")
    page.get_by_role("button", name="Save changes").click()
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary").is_visible()
    check_accessibility(page)
