"""The issue's child protection acceptance test, in headless Chromium: a strategy discussion
through a joint section 47 enquiry to an initial conference, the child protection plan it
starts (an action, a core group) and its first review conference, with axe-core checking
every page on the way. Set-up uses factories (an allocated child with an open child in
need episode); everything after it goes through the pages, as the practitioners would.

Every date is a working day in the past, in order, so no clock needs moving: conferences
are refused at weekends (CIN census 8875) and nothing is recorded in the future."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from opencsc.accounts.models import Role, TeamKind
from opencsc.core.templatetags.govuk import govuk_date
from opencsc.core.working_days import (
    add_months,
    add_working_days,
    core_group_due,
    icpc_due,
    is_working_day,
    working_day_on_or_after,
)
from opencsc.protection.models import ChildProtectionPlan
from tests.browser.conftest import check_accessibility, sign_in, sign_out
from tests.factories import (
    AllocationFactory,
    CINEpisodeFactory,
    PersonFactory,
    TeamFactory,
    UserFactory,
)

CHILD_FIRST, CHILD_LAST = "Kacper", "Wenlock"
CHILD = f"{CHILD_FIRST} {CHILD_LAST}"
TEAM = "Safeguarding Team East"
WORKER, MANAGER = "Ruth Adebayo", "Colm Brannigan"


@pytest.fixture
def staff(transactional_db):  # type: ignore[no-untyped-def]
    team = TeamFactory(name=TEAM, kind=TeamKind.ASSESSMENT)
    manager = UserFactory(
        username="cpmanager1",
        first_name="Colm",
        last_name="Brannigan",
        role=Role.TEAM_MANAGER,
        team=team,
    )
    team.manager = manager
    team.save()
    worker = UserFactory(
        username="cpsw1",
        first_name="Ruth",
        last_name="Adebayo",
        role=Role.SOCIAL_WORKER,
        team=team,
    )
    return {"team": team, "manager": manager, "social_worker": worker}


def nav(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Menu").get_by_role("link", name=name).click()


def fill_date(page: Page | Locator, group: str, day: dt.date, time: str | None = None) -> None:
    """Type a date (and time) into the GOV.UK date input whose legend is ``group`` (on
    the page, or inside one repeated row)."""
    fields = page.get_by_role("group", name=group, exact=True)
    fields.get_by_label("Day").fill(str(day.day))
    fields.get_by_label("Month").fill(str(day.month))
    fields.get_by_label("Year").fill(str(day.year))
    if time is not None:
        fields.get_by_label("Time").fill(time)


def success(page: Page, text: str) -> None:
    expect(page.get_by_role("alert").filter(has_text="Success")).to_contain_text(text)


def summary_value(page: Page | Locator, key: str) -> Locator:
    """The summary list row whose key is ``key`` (on the page, or inside a tab)."""
    root = page if isinstance(page, Page) else page.page  # `has` is relative to the row
    return page.locator(".govuk-summary-list__row").filter(
        has=root.locator(".govuk-summary-list__key", has_text=re.compile(rf"^\s*{key}\s*$"))
    )


def protection_tab(page: Page) -> Locator:
    """The "Protection and plans" tab of the child's record, opened."""
    expect(page.get_by_role("heading", name=CHILD, level=1)).to_be_visible()
    page.get_by_role("tab", name="Protection and plans").click()
    return page.get_by_role("tabpanel", name="Protection and plans")


def plan_link_name(start: dt.date) -> re.Pattern[str]:
    # The link ends in visually hidden text, absolutely positioned, so its accessible
    # name may have a space before the colon.
    return re.compile(rf"^{govuk_date(start)}\s*: child protection plan$")


def working_day_on_or_before(day: dt.date) -> dt.date:
    while not is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


def fill_row(page: Page, legend: str, **values: str) -> None:
    """One repeated row (a participant, an attendee): selects by label, text boxes filled."""
    row = page.get_by_role("group", name=legend, exact=True)
    for label, value in values.items():
        field = row.get_by_label(label, exact=True)
        if label in ("Agency", "Attendance"):
            field.select_option(label=value)
        else:
            field.fill(value)


def test_strategy_discussion_to_plan_and_first_review(page: Page, staff, live_server):  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    # The dates of the case, all working days, in order, the last one before today.
    referral = working_day_on_or_before(today - dt.timedelta(days=130))
    strategy_day = working_day_on_or_after(referral + dt.timedelta(days=1))
    seen_on = add_working_days(strategy_day, 1)
    completed_on = add_working_days(strategy_day, 8)
    icpc_day = add_working_days(strategy_day, 12)  # within the 15 working days
    core_group_day = add_working_days(icpc_day, 7)  # within the 10 working days
    first_review_due = add_months(icpc_day, 3)
    review_day = working_day_on_or_before(first_review_due - dt.timedelta(days=5))
    assert review_day < today

    child = PersonFactory(
        first_name=CHILD_FIRST, last_name=CHILD_LAST, date_of_birth=dt.date(2017, 2, 3), sex="M"
    )
    AllocationFactory(
        child=child,
        team=staff["team"],
        worker=staff["social_worker"],
        start_date=referral,
    )
    episode = CINEpisodeFactory(child=child, referral_date=referral)

    # --- 1. The social worker records the strategy discussion ----------------------------
    sign_in(page, "cpsw1")
    expect(page.get_by_role("heading", name="My work")).to_be_visible()
    check_accessibility(page)
    mine = page.get_by_role("table", name=re.compile("Children allocated to you"))
    mine.get_by_role("link", name=CHILD).click()
    expect(page.get_by_role("heading", name=CHILD, level=1)).to_be_visible()
    check_accessibility(page)
    page.get_by_role("list", name="Actions").get_by_role(
        "link", name="Record a strategy discussion"
    ).click()
    expect(
        page.get_by_role("heading", name="Record a strategy discussion or meeting")
    ).to_be_visible()
    expect(page.get_by_text(f"Referral of {govuk_date(referral)}.")).to_be_visible()
    check_accessibility(page)
    page.get_by_role(
        "group", name="Was it a strategy discussion or a strategy meeting?"
    ).get_by_label("Strategy discussion").check()
    fill_date(page, "When was it held?", strategy_day, "10:30")
    fill_row(page, "Participant 1", Agency="Children's social care", Name=WORKER)
    page.get_by_role("group", name="Participant 1").get_by_label("Role (optional)").fill(
        "Social worker"
    )
    fill_row(page, "Participant 2", Agency="Police", Name="DC Farrah Osei")
    fill_row(page, "Participant 3", Agency="Health", Name="Dr Imogen Parry")
    page.get_by_label("Information shared").fill(
        "School: Kacper said his stepfather hit him with a belt. Police: two domestic "
        "incidents at the address this year. Health: a missed follow-up for a burn."
    )
    page.get_by_role("group", name="Decision", exact=True).get_by_label(
        "Section 47 enquiry jointly with the police"
    ).check()
    page.get_by_label("Reasons for the decision").fill(
        "Reasonable cause to suspect significant harm; a possible offence, so jointly."
    )
    action = page.get_by_role("group", name="Action 1", exact=True)
    action.get_by_label("What will be done").fill("Joint visit to see Kacper at school")
    action.get_by_label("Who will do it, and their agency").fill("DC Farrah Osei, police")
    fill_date(action, "By when", add_working_days(strategy_day, 1))
    page.get_by_role("button", name="Save").click()

    success(page, "Strategy discussion recorded: the section 47 enquiry is on the case")
    expect(page.get_by_role("heading", name="Strategy discussion", level=1)).to_be_visible()
    expect(page.locator(".govuk-tag", has_text="Statutory minimum present")).to_be_visible()
    took_part = page.get_by_role("table", name="Who took part")
    for name in (WORKER, "DC Farrah Osei", "Dr Imogen Parry"):
        expect(took_part).to_contain_text(name)
    expect(page.get_by_role("table", name="Actions")).to_contain_text(
        "Joint visit to see Kacper at school"
    )
    check_accessibility(page)

    # --- 2. The section 47 enquiry: the child seen, alone; then completed ----------------
    page.get_by_role("link", name=re.compile(r"^View\s*section 47 enquiry$")).click()
    expect(page.get_by_role("heading", name="Section 47 enquiry", level=1)).to_be_visible()
    expect(page.locator(".govuk-tag", has_text="Joint with the police")).to_be_visible()
    expect(summary_value(page, "Start date")).to_contain_text(govuk_date(strategy_day))
    expect(summary_value(page, "Initial conference target")).to_contain_text(
        govuk_date(icpc_due(strategy_day))
    )
    check_accessibility(page)

    page.get_by_role("link", name=re.compile(r"^Change\s*date the child was seen$")).click()
    expect(page.get_by_role("heading", name="Child seen and findings")).to_be_visible()
    check_accessibility(page)
    fill_date(page, "Date the child was seen", seen_on)
    page.get_by_role("group", name="Was the child seen alone?").get_by_label("Yes").check()
    page.get_by_label("Findings").fill(
        "Seen alone at school with DC Osei: Kacper repeated his account; a healing linear "
        "bruise on his thigh. Mother minimises; the stepfather was arrested and bailed."
    )
    page.get_by_role("button", name="Save").click()
    success(page, "Enquiry saved")
    expect(summary_value(page, "Date the child was seen")).to_contain_text(govuk_date(seen_on))
    expect(summary_value(page, "Seen alone")).to_contain_text("Yes")
    check_accessibility(page)

    page.get_by_role("link", name="Complete the enquiry").click()
    expect(page.get_by_role("heading", name="Complete the section 47 enquiry")).to_be_visible()
    check_accessibility(page)
    fill_date(page, "Date the enquiry was completed", completed_on)
    page.get_by_role("group", name="Outcome").get_by_label(
        "Initial child protection conference"
    ).check()
    page.get_by_role("button", name="Complete the enquiry").click()
    success(page, "Enquiry completed")
    expect(page.locator(".govuk-tag", has_text=re.compile("^Completed$"))).to_be_visible()
    expect(summary_value(page, "Outcome")).to_contain_text("Initial child protection conference")
    check_accessibility(page)
    sign_out(page)

    # --- 3. The manager, chairing, records the initial conference: a plan starts ---------
    sign_in(page, "cpmanager1")
    nav(page, "Team")
    check_accessibility(page)
    page.get_by_role("table", name="Open cases").get_by_role("link", name=CHILD).click()
    expect(page.get_by_role("heading", name=CHILD, level=1)).to_be_visible()
    check_accessibility(page)
    tab = protection_tab(page)
    enquiries = tab.get_by_role("table", name="Section 47 enquiries")
    enquiry_row = enquiries.get_by_role("row", name=re.compile(govuk_date(strategy_day)))
    expect(enquiry_row).to_contain_text("Joint with the police")
    expect(enquiry_row).to_contain_text(f"{govuk_date(seen_on)}, alone")
    expect(enquiry_row).to_contain_text("Initial child protection conference")
    expect(enquiry_row).to_contain_text(f"Target {govuk_date(icpc_due(strategy_day))}")
    check_accessibility(page)
    enquiry_row.get_by_role("link", name="Record the initial conference").click()
    expect(
        page.get_by_role("heading", name="Record the initial child protection conference")
    ).to_be_visible()
    check_accessibility(page)
    fill_date(page, "Date of the conference", icpc_day)
    page.get_by_label("Chair", exact=True).select_option(label=MANAGER)
    page.get_by_role(
        "group", name="Is the child to be the subject of a child protection plan?"
    ).get_by_label("Yes").check()
    page.get_by_role("group", name="Category of abuse").get_by_label("Neglect (NEG)").check()
    page.get_by_label("Decisions and reasons").fill(
        "Kacper is likely to suffer significant harm: a child protection plan under neglect."
    )
    fill_row(page, "Attendee 1", Agency="Children's social care", Name=WORKER)
    fill_row(page, "Attendee 2", Agency="Police", Name="DC Farrah Osei")
    fill_row(page, "Attendee 3", Agency="Health", Name="Dr Imogen Parry")
    fill_row(
        page,
        "Attendee 4",
        Agency="Education",
        Name="Dana Whitlock",
        Attendance="Sent a report instead",
    )
    page.get_by_role("button", name="Save").click()

    success(page, "Conference recorded: the child protection plan has started")
    expect(
        page.get_by_role("heading", name="Initial child protection conference", level=1)
    ).to_be_visible()
    expect(summary_value(page, "Category of abuse")).to_contain_text("Neglect")
    invited = page.get_by_role("table", name="Who was invited")
    expect(invited.get_by_role("row", name=re.compile("Dana Whitlock"))).to_contain_text(
        "Sent a report"
    )
    expect(invited.get_by_role("row", name=re.compile("Dr Imogen Parry"))).to_contain_text(
        "Attended"
    )
    check_accessibility(page)

    # The plan: from the conference day, its first review 3 months on, its first core
    # group within 10 working days (WT2023 ch.3).
    page.get_by_role("link", name=re.compile(r"^View\s*child protection plan$")).click()
    expect(page.get_by_role("heading", name="Child protection plan", level=1)).to_be_visible()
    expect(summary_value(page, "Start date")).to_contain_text(govuk_date(icpc_day))
    expect(summary_value(page, "Initial category of abuse")).to_contain_text("Neglect")
    expect(summary_value(page, "Latest category of abuse")).to_contain_text("Neglect")
    expect(summary_value(page, "Number of previous plans")).to_contain_text("0")
    expect(page.get_by_text(f"Next review due by {govuk_date(first_review_due)}")).to_be_visible()
    expect(
        page.get_by_text(f"First core group due by {govuk_date(core_group_due(icpc_day))}")
    ).to_be_visible()
    check_accessibility(page)
    plan = ChildProtectionPlan.objects.get(child=child)
    sign_out(page)

    # --- 4. The social worker adds an action to the plan and records the core group -----
    sign_in(page, "cpsw1")
    mine = page.get_by_role("table", name=re.compile("Children allocated to you"))
    mine.get_by_role("link", name=CHILD).click()
    tab = protection_tab(page)
    expect(summary_value(tab, "Case status today")).to_contain_text("Child protection plan")
    plans = tab.get_by_role("table", name="Child protection plans")
    plan_row = plans.get_by_role("row", name=re.compile(govuk_date(icpc_day)))
    expect(plan_row).to_contain_text("Neglect")
    expect(plan_row).to_contain_text(govuk_date(first_review_due))
    expect(plan_row).to_contain_text(govuk_date(core_group_due(icpc_day)))
    check_accessibility(page)
    plan_row.get_by_role("link", name=plan_link_name(icpc_day)).click()
    expect(page.get_by_role("heading", name="Child protection plan", level=1)).to_be_visible()
    page.get_by_role("link", name="Add an action").click()
    expect(
        page.get_by_role("heading", name="Add an action to the child protection plan")
    ).to_be_visible()
    check_accessibility(page)
    page.get_by_label("What will be done").fill(
        "Mum attends the Freedom Programme at the family hub, every Tuesday for 12 weeks"
    )
    page.get_by_label("Who will do it").fill("Mum, with Sian Pryce (family hub worker)")
    by_when = icpc_day + dt.timedelta(weeks=12)
    fill_date(page, "By when", by_when)
    page.get_by_label("How we will know it has worked").fill(
        "Mum can say how she will keep Kacper safe; Kacper tells us home feels calmer"
    )
    page.get_by_role("button", name="Add action").click()
    success(page, "Action added to the plan")
    actions = page.get_by_role("table", name="Actions of the plan")
    row = actions.get_by_role("row", name=re.compile("Freedom Programme"))
    expect(row).to_contain_text("Mum, with Sian Pryce (family hub worker)")
    expect(row).to_contain_text(govuk_date(by_when))
    expect(row).to_contain_text("home feels calmer")
    check_accessibility(page)

    page.get_by_role("link", name="Record a core group meeting").click()
    expect(page.get_by_role("heading", name="Record a core group meeting")).to_be_visible()
    check_accessibility(page)
    fill_date(page, "Date of the core group meeting", core_group_day)
    page.get_by_label("Who attended").fill(
        f"{WORKER} (social worker)\nSian Pryce (family hub)\nDana Whitlock (school)\nMum"
    )
    page.get_by_label("Progress against the plan's actions").fill(
        "Mum has a place on the Freedom Programme from next Tuesday. School: attendance up."
    )
    page.get_by_role("button", name="Save").click()
    success(page, "Core group meeting recorded")
    expect(
        page.get_by_role("heading", name=f"Core group, {govuk_date(core_group_day)}")
    ).to_be_visible()
    expect(page.locator(".govuk-tag", has_text="First core group late")).to_have_count(0)
    check_accessibility(page)
    sign_out(page)

    # --- 5. The manager chairs the first review: the plan continues, now emotional abuse -
    sign_in(page, "cpmanager1")
    nav(page, "Team")
    page.get_by_role("table", name="Open cases").get_by_role("link", name=CHILD).click()
    tab = protection_tab(page)
    tab.get_by_role("table", name="Child protection plans").get_by_role(
        "link", name=re.compile("^Record the review")
    ).click()
    expect(
        page.get_by_role("heading", name="Record the review child protection conference")
    ).to_be_visible()
    check_accessibility(page)
    fill_date(page, "Date of the conference", review_day)
    page.get_by_label("Chair", exact=True).select_option(label=MANAGER)
    page.get_by_role("group", name="Does the child protection plan continue?").get_by_label(
        "Yes"
    ).check()
    page.get_by_role("group", name="Latest category of abuse (optional)").get_by_label(
        "Emotional abuse (EMO)"
    ).check()
    page.get_by_label("Decisions and reasons").fill(
        "Physical care has improved; the impact of domestic abuse on Kacper is now the concern."
    )
    fill_row(page, "Attendee 1", Agency="Children's social care", Name=WORKER)
    fill_row(page, "Attendee 2", Agency="Health", Name="Dr Imogen Parry")
    page.get_by_role("button", name="Save").click()

    success(page, "Review conference recorded: the plan continues")
    expect(
        page.get_by_role("heading", name="Review child protection conference", level=1)
    ).to_be_visible()
    check_accessibility(page)
    page.get_by_role("link", name=re.compile(r"^View\s*child protection plan$")).click()
    expect(page.get_by_role("heading", name="Child protection plan", level=1)).to_be_visible()
    expect(summary_value(page, "Initial category of abuse")).to_contain_text("Neglect")
    expect(summary_value(page, "Latest category of abuse")).to_contain_text("Emotional abuse")
    # WT2023 ch.3: later reviews at most 6 months apart.
    next_review = add_months(review_day, 6)
    expect(page.get_by_text(f"Next review due by {govuk_date(next_review)}")).to_be_visible()
    expect(page.locator(".govuk-tag", has_text="Review overdue")).to_have_count(0)
    reviews = page.get_by_role("table", name="Review conferences")
    review_row = reviews.get_by_role("row", name=re.compile(govuk_date(review_day)))
    expect(review_row).to_contain_text("Emotional abuse")
    expect(review_row).to_contain_text(MANAGER)
    check_accessibility(page)

    # The child's record shows the same.
    page.get_by_role("link", name=f"Back to {CHILD}").click()
    tab = protection_tab(page)
    plan_row = tab.get_by_role("table", name="Child protection plans").get_by_role(
        "row", name=re.compile(govuk_date(icpc_day))
    )
    expect(plan_row).to_contain_text("Initial: Neglect")
    expect(plan_row).to_contain_text("Latest: Emotional abuse")
    expect(plan_row).to_contain_text(govuk_date(next_review))
    expect(plan_row).to_contain_text("Open")
    conferences = tab.get_by_role("table", name="Child protection conferences")
    expect(conferences.get_by_role("row")).to_have_count(3)  # the header, initial, review
    check_accessibility(page)

    plan.refresh_from_db()
    assert (plan.initial_category, plan.latest_category, plan.episode_id) == (
        "NEG",
        "EMO",
        episode.pk,
    )
    assert not page.console_errors, page.console_errors  # type: ignore[attr-defined]
