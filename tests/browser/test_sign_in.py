"""Signing in, in a real browser, and the sign-in page's accessibility."""

from opencsc.accounts.models import Role
from tests.browser.conftest import check_accessibility, sign_in
from tests.factories import UserFactory


def test_sign_in_page_is_accessible_and_says_data_is_synthetic(page, transactional_db):
    page.goto("/sign-in/")
    assert "every person in this system is invented" in page.content().lower()
    check_accessibility(page)


def test_wrong_password_shows_error_summary(page, transactional_db):
    UserFactory(username="sw1", role=Role.SOCIAL_WORKER)
    sign_in(page, "sw1", "not-the-password")
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert "Enter a correct username and password" in summary.inner_text()
    check_accessibility(page)


def test_signed_out_user_is_sent_to_sign_in(page, transactional_db):
    page.goto("/")
    assert "/sign-in/" in page.url
