"""The issue's child in need acceptance test, in headless Chromium: after an authorised
assessment, the social worker starts a child in need plan, gives it a specific action,
visits the child, reviews the plan, ends it with its outcomes met and closes the case
(RC7), with axe-core checking every page on the way. Set-up uses factories; everything
after it goes through the pages, as the practitioner would.

Every date is in the past and in order (none may be in the future), so no clock needs
moving."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from opencsc.accounts.models import Role, TeamKind
from opencsc.core.templatetags.govuk import govuk_date
from opencsc.core.working_days import add_months, add_working_days, is_working_day
from opencsc.plans.models import ChildInNeedPlan
from tests.browser.conftest import check_accessibility, sign_in
from tests.factories import (
    AllocationFactory,
    AssessmentFactory,
    CINEpisodeFactory,
    PersonFactory,
    TeamFactory,
    UserFactory,
)

CHILD_FIRST, CHILD_LAST = "Lily-Mae", "Dunford"
CHILD = f"{CHILD_FIRST} {CHILD_LAST}"
TEAM = "Children in Need Team West"
RC7 = "Services ended for another reason, including no longer in need"


@pytest.fixture
def staff(transactional_db):  # type: ignore[no-untyped-def]
    team = TeamFactory(name=TEAM, kind=TeamKind.ASSESSMENT)
    manager = UserFactory(
        username="cinmanager1",
        first_name="Anjali",
        last_name="Mistry",
        role=Role.TEAM_MANAGER,
        team=team,
    )
    team.manager = manager
    team.save()
    worker = UserFactory(
        username="cinsw1",
        first_name="Gareth",
        last_name="Pugh",
        role=Role.SOCIAL_WORKER,
        team=team,
    )
    return {"team": team, "manager": manager, "social_worker": worker}


def nav(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Menu").get_by_role("link", name=name).click()


def fill_date(page: Page, group: str, day: dt.date) -> None:
    """Type a date into the GOV.UK date input whose legend is ``group``."""
    fields = page.get_by_role("group", name=group, exact=True)
    fields.get_by_label("Day").fill(str(day.day))
    fields.get_by_label("Month").fill(str(day.month))
    fields.get_by_label("Year").fill(str(day.year))


def answer(page: Page, question: str, choice: str) -> None:
    page.get_by_role("group", name=question, exact=True).get_by_label(choice, exact=True).check()


def success(page: Page, text: str) -> None:
    expect(page.get_by_role("alert").filter(has_text="Success")).to_contain_text(text)


def summary_value(page: Page | Locator, key: str) -> Locator:
    """The summary list row whose key is ``key`` (on the page, or inside a tab)."""
    root = page if isinstance(page, Page) else page.page  # `has` is relative to the row
    return page.locator(".govuk-summary-list__row").filter(
        has=root.locator(".govuk-summary-list__key", has_text=re.compile(rf"^\s*{key}\s*$"))
    )


def open_tab(page: Page, name: str) -> Locator:
    expect(page.get_by_role("heading", name=CHILD, level=1)).to_be_visible()
    page.get_by_role("tab", name=name).click()
    return page.get_by_role("tabpanel", name=name)


def working_day_on_or_before(day: dt.date) -> dt.date:
    while not is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


def test_child_in_need_plan_to_closure(page: Page, staff, live_server):  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    # The dates of the case, in order, the last of them today.
    referral = working_day_on_or_before(today - dt.timedelta(days=75))
    authorised_on = add_working_days(referral, 25)
    plan_start = add_working_days(authorised_on, 1)
    visit_day = add_working_days(plan_start, 5)
    review_day = add_working_days(plan_start, 20)
    assert review_day < today
    by_when = today + dt.timedelta(days=28)

    child = PersonFactory(
        first_name=CHILD_FIRST, last_name=CHILD_LAST, date_of_birth=dt.date(2014, 10, 21), sex="F"
    )
    AllocationFactory(
        child=child, team=staff["team"], worker=staff["social_worker"], start_date=referral
    )
    episode = CINEpisodeFactory(child=child, referral_date=referral, primary_need="N1")
    # The assessment, authorised, concluded that Lily-Mae needs a child in need plan.
    AssessmentFactory(
        episode=episode,
        worker=staff["social_worker"],
        status="authorised",
        factors=["16A"],
        analysis="Lily-Mae's needs are met inconsistently; mum wants help with routines.",
        outcome="cin_plan",
        authorised_on=authorised_on,
        authorised_by=staff["manager"],
    )

    # --- 1. The plan starts ----------------------------------------------------------------
    sign_in(page, "cinsw1")
    expect(page.get_by_role("heading", name="My work")).to_be_visible()
    check_accessibility(page)
    mine = page.get_by_role("table", name=re.compile("Children allocated to you"))
    mine.get_by_role("link", name=CHILD).click()
    expect(page.get_by_role("heading", name=CHILD, level=1)).to_be_visible()
    check_accessibility(page)
    page.get_by_role("list", name="Actions").get_by_role(
        "link", name="Start a child in need plan"
    ).click()
    expect(page.get_by_role("heading", name="Start a child in need plan")).to_be_visible()
    expect(page.get_by_text(f"Referral received {govuk_date(referral)}.")).to_be_visible()
    # The authority's standards are offered (settings.OPENCSC_STANDARDS).
    expect(page.get_by_label("Review the plan every (months)")).to_have_value("3")
    expect(page.get_by_label("Visit the child every (working days)")).to_have_value("20")
    check_accessibility(page)
    fill_date(page, "Start date", plan_start)
    page.get_by_role("button", name="Start plan").click()

    success(page, "Child in need plan started")
    expect(page.get_by_role("heading", name="Child in need plan", level=1)).to_be_visible()
    expect(page.locator(".govuk-tag", has_text=re.compile("^Open$"))).to_be_visible()
    expect(summary_value(page, "Start date")).to_contain_text(govuk_date(plan_start))
    expect(summary_value(page, "Next review due")).to_contain_text(
        govuk_date(add_months(plan_start, 3))
    )
    expect(summary_value(page, "Next visit due")).to_contain_text(
        govuk_date(add_working_days(plan_start, 20))
    )
    check_accessibility(page)

    # --- 2. An action: what, who, by when, how we will know it worked ---------------------
    page.get_by_role("link", name="Add an action").click()
    expect(
        page.get_by_role("heading", name="Add an action to the child in need plan")
    ).to_be_visible()
    check_accessibility(page)
    page.get_by_label("What will be done").fill(
        "Mum attends the six-week Incredible Years course at the Crewe family hub"
    )
    page.get_by_label("Who will do it").fill("Mum, with Bethan Lloyd (family hub worker)")
    fill_date(page, "By when", by_when)
    page.get_by_label("How we will know it has worked").fill(
        "Lily-Mae is in school on time every day and says mornings are calmer"
    )
    page.get_by_role("button", name="Add action").click()
    success(page, "Action added to the plan")
    actions = page.get_by_role("table", name="Actions")
    row = actions.get_by_role("row", name=re.compile("Incredible Years"))
    expect(row).to_contain_text("Mum, with Bethan Lloyd (family hub worker)")
    expect(row).to_contain_text(govuk_date(by_when))
    expect(row).to_contain_text("mornings are calmer")
    expect(row).to_contain_text("Not done yet")
    check_accessibility(page)

    # --- 3. A statutory visit: the child seen alone -----------------------------------------
    page.get_by_role("link", name="Record a visit", exact=True).click()
    expect(page.get_by_role("heading", name="Record a statutory visit")).to_be_visible()
    check_accessibility(page)
    fill_date(page, "Date of the visit", visit_day)
    answer(page, "Was the child seen?", "Yes")
    answer(page, "Was the child seen alone?", "Yes")
    answer(page, "Was the child's bedroom seen?", "Yes")
    page.get_by_label("Observations").fill(
        "Seen alone in her bedroom: clean and warm, new bedding. She showed me her reading "
        "chart and said mum walks her to school now."
    )
    page.get_by_role("button", name="Save visit").click()
    success(page, "Visit recorded")
    expect(page.get_by_role("heading", name="Statutory visits", level=1)).to_be_visible()
    expect(summary_value(page, "Child last seen")).to_contain_text(govuk_date(visit_day))
    visits = page.get_by_role("table", name=re.compile("^Visits"))
    visit_row = visits.get_by_role("row", name=re.compile(govuk_date(visit_day)))
    expect(visit_row).to_contain_text("Child in need visit")
    expect(visit_row).to_contain_text("Gareth Pugh")
    check_accessibility(page)
    page.get_by_role("link", name=f"Child in need plan from {govuk_date(plan_start)}").click()
    expect(page.get_by_role("heading", name="Child in need plan", level=1)).to_be_visible()
    expect(summary_value(page, "Next visit due")).to_contain_text(
        govuk_date(add_working_days(visit_day, 20))
    )
    during = page.get_by_role("table", name="Statutory visits during this plan")
    expect(during.get_by_role("row", name=re.compile(govuk_date(visit_day)))).to_be_visible()

    # --- 4. The plan is reviewed ---------------------------------------------------------
    page.get_by_role("link", name="Record a review").click()
    expect(
        page.get_by_role("heading", name="Record a review of the child in need plan")
    ).to_be_visible()
    check_accessibility(page)
    fill_date(page, "Date of the review", review_day)
    page.get_by_label("Progress").fill(
        "Mum has finished four of the six sessions; attendance is 97% this half term."
    )
    page.get_by_label("Decision", exact=True).fill(
        "The plan continues until the course ends; then consider closure."
    )
    page.get_by_role("button", name="Save review").click()
    success(page, "Review recorded")
    expect(page.get_by_role("heading", name=f"Review on {govuk_date(review_day)}")).to_be_visible()
    expect(summary_value(page, "Next review due")).to_contain_text(
        govuk_date(add_months(review_day, 3))
    )
    check_accessibility(page)

    # --- 5. The plan ends: its outcomes met ----------------------------------------------
    page.get_by_role("link", name="End the plan").click()
    expect(page.get_by_role("heading", name="End the child in need plan")).to_be_visible()
    check_accessibility(page)
    fill_date(page, "End date", today)
    answer(page, "Why is the plan ending?", "Outcomes achieved: no longer a child in need")
    page.get_by_role("button", name="End plan").click()
    success(page, "Child in need plan ended")
    expect(page.locator(".govuk-tag", has_text=re.compile("^Ended$"))).to_be_visible()
    expect(summary_value(page, "End date")).to_contain_text(govuk_date(today))
    expect(summary_value(page, "Why it ended")).to_contain_text(
        "Outcomes achieved: no longer a child in need"
    )
    expect(page.get_by_role("link", name="End the plan")).to_have_count(0)
    check_accessibility(page)

    # --- 6. The case closes (RC7) ---------------------------------------------------------
    page.get_by_role("link", name=f"Back to {CHILD}").click()
    episodes = open_tab(page, "Episodes")
    check_accessibility(page)
    episodes.get_by_role("link", name=re.compile(r"^Close\s*the episode referred")).click()
    expect(page.get_by_role("heading", name="Close the case")).to_be_visible()
    check_accessibility(page)
    fill_date(page, "Closure date", today)
    answer(page, "Reason for closure", f"{RC7} (RC7)")
    page.get_by_role("button", name="Close the case").click()
    success(page, f"Case closed for {CHILD}")
    expect(page.get_by_role("heading", name="Case closed")).to_be_visible()
    expect(summary_value(page, "Closed")).to_contain_text(govuk_date(today))
    expect(summary_value(page, "Reason")).to_contain_text(RC7)
    check_accessibility(page)

    # The child's record shows the episode closed, and the plan ended.
    nav(page, "Find a person")
    page.get_by_label("Name", exact=True).fill(CHILD)
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name=CHILD, exact=True).click()
    expect(page).to_have_url(re.compile(rf"/people/{child.pk}/"))
    expect(summary_value(page, "Open episode")).to_contain_text("None open")
    episodes = open_tab(page, "Episodes")
    episode_row = episodes.get_by_role("table", name="Child in need episodes").get_by_role(
        "row", name=re.compile(govuk_date(referral))
    )
    expect(episode_row).to_contain_text(govuk_date(today))
    expect(episode_row).to_contain_text(RC7)
    expect(episode_row.get_by_role("link")).to_have_count(0)  # no "Close" link any more
    check_accessibility(page)
    plans = open_tab(page, "Protection and plans")
    expect(summary_value(plans, "Case status today")).to_contain_text("Closed")
    plan_row = plans.get_by_role("table", name="Child in need plans").get_by_role(
        "row", name=re.compile(govuk_date(plan_start))
    )
    expect(plan_row).to_contain_text("Outcomes achieved: no longer a child in need")
    check_accessibility(page)

    episode.refresh_from_db()
    assert (episode.closure_date, episode.closure_reason) == (today, "RC7")
    plan = ChildInNeedPlan.objects.get(child=child)
    assert (plan.end_date, plan.end_reason) == (today, "outcomes_met")
    assert not page.console_errors, page.console_errors  # type: ignore[attr-defined]
