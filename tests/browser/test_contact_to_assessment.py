"""The issue's acceptance test, in headless Chromium: a contact taken through to an authorised
assessment by the front door practitioner, the social worker and the manager, with axe-core
checking every page on the way. Set-up uses factories; everything after it goes through the
pages, as the practitioners would."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from opencsc.accounts.models import Role, TeamKind
from opencsc.core.templatetags.govuk import govuk_date
from opencsc.core.working_days import assessment_due
from tests.browser.conftest import check_accessibility, sign_in, sign_out
from tests.factories import AllocationFactory, PersonFactory, TeamFactory, UserFactory

CHILD_FIRST, CHILD_LAST = "Jayden", "Whitfield"
CHILD = f"{CHILD_FIRST} {CHILD_LAST}"
TEAM = "Assessment Team North"
# The link ends in visually hidden text, absolutely positioned, so its accessible name
# has a space before the colon.
REVIEW = re.compile(rf"^{CHILD}\s*: review the assessment$")


@pytest.fixture
def staff(transactional_db):  # type: ignore[no-untyped-def]
    front_door_team = TeamFactory(name="Front Door (MASH)", kind=TeamKind.FRONT_DOOR)
    team = TeamFactory(name=TEAM, kind=TeamKind.ASSESSMENT)
    manager = UserFactory(
        username="manager1",
        first_name="Priya",
        last_name="Okafor",
        role=Role.TEAM_MANAGER,
        team=team,
    )
    team.manager = manager
    team.save()
    return {
        "front_door": UserFactory(
            username="frontdoor1",
            first_name="Sam",
            last_name="Gallagher",
            role=Role.FRONT_DOOR,
            team=front_door_team,
        ),
        "social_worker": UserFactory(
            username="sw1",
            first_name="Tom",
            last_name="Lindqvist",
            role=Role.SOCIAL_WORKER,
            team=team,
        ),
        "manager": manager,
    }


def nav(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Menu").get_by_role("link", name=name).click()


def fill_date(page: Page, group: str, day: dt.date, time: str | None = None) -> None:
    """Type a date (and time) into the GOV.UK date input whose legend is ``group``."""
    fields = page.get_by_role("group", name=group, exact=True)
    fields.get_by_label("Day").fill(str(day.day))
    fields.get_by_label("Month").fill(str(day.month))
    fields.get_by_label("Year").fill(str(day.year))
    if time is not None:
        fields.get_by_label("Time").fill(time)


def success(page: Page, text: str) -> None:
    expect(page.get_by_role("alert").filter(has_text="Success")).to_contain_text(text)


def test_contact_to_authorised_assessment(page: Page, staff, live_server):  # type: ignore[no-untyped-def]
    child = PersonFactory(
        first_name=CHILD_FIRST, last_name=CHILD_LAST, date_of_birth=dt.date(2015, 6, 9), sex="M"
    )
    # A twin already known: recording her sister Amelie must pass the duplicate check.
    PersonFactory(first_name="Amelia", last_name="Hartigan", date_of_birth=dt.date(2016, 3, 14))
    now = timezone.localtime()
    received = now - dt.timedelta(hours=2)
    today = timezone.localdate()

    # --- 1. The front door ---------------------------------------------------------------
    sign_in(page, "frontdoor1")
    expect(page.get_by_role("heading", name="Front door", level=1)).to_be_visible()
    check_accessibility(page)

    # A new child: search first, then record them, passing the likely-duplicates step.
    nav(page, "Find a person")
    check_accessibility(page)
    page.get_by_label("Name", exact=True).fill("Amelie Hartigan")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name=re.compile("found"))).to_be_visible()
    check_accessibility(page)
    page.get_by_role("link", name="Record a new person").click()
    expect(page.get_by_role("heading", name="Record a new person")).to_be_visible()
    expect(page.get_by_label("First name")).to_have_value("Amelie")
    expect(page.get_by_label("Last name")).to_have_value("Hartigan")
    check_accessibility(page)
    fill_date(page, "Date of birth", dt.date(2016, 3, 14))
    page.get_by_role("group", name="Sex").get_by_label("Female").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Is this one of these people?")).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("Amelia Hartigan")
    check_accessibility(page)
    page.get_by_role("button", name="None of these: create a new record").click()
    success(page, "Amelie Hartigan recorded")
    expect(page.get_by_role("link", name="Record a contact about Amelie Hartigan")).to_be_visible()
    check_accessibility(page)

    # A known child found under a misspelt name.
    nav(page, "Find a person")
    page.get_by_label("Name", exact=True).fill("Jaiden Whitfeild")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("table")).to_contain_text(CHILD)
    check_accessibility(page)
    page.get_by_role("link", name=f"Record a contact about {CHILD}").click()

    # The contact.
    expect(page.get_by_role("heading", name="New contact")).to_be_visible()
    check_accessibility(page)
    fill_date(page, "When was the contact received?", received.date(), received.strftime("%H:%M"))
    page.get_by_role("group", name="How was it received?").get_by_label("Phone").check()
    page.get_by_label("Who made the contact?").select_option(label="Schools")
    page.get_by_label("Their name").fill("Dana Whitlock")
    page.get_by_label("Their organisation (optional)").fill("Synthetic Primary School")
    page.get_by_label("What are the concerns?").fill(
        "Jayden came to school hungry three days running and has a bruise on his arm."
    )
    page.get_by_role("group", name="Consent to share and seek information").get_by_label(
        "Consent given"
    ).check()
    page.get_by_role("button", name="Record the contact").click()
    success(page, f"Contact recorded for {CHILD}")
    expect(page.get_by_role("heading", name="Contact", exact=True)).to_be_visible()
    expect(page.locator(".govuk-tag", has_text="Awaiting decision")).to_be_visible()
    check_accessibility(page)

    # The front door worklist shows it awaiting a decision.
    nav(page, "Front door")
    awaiting = page.get_by_role("table", name="Contacts awaiting a decision")
    expect(awaiting.get_by_role("link", name=CHILD)).to_be_visible()
    check_accessibility(page)
    awaiting.get_by_role("link", name=CHILD).click()

    # Information from the required partner agencies.
    page.get_by_role("link", name="Information from partners", exact=True).click()
    expect(page.get_by_role("heading", name="Information from partners", level=1)).to_be_visible()
    check_accessibility(page)
    answers = {
        "Police": "No police records for the household.",
        "Health (hospital, community health)": "Missed two health appointments this year.",
        "School or education": "Attendance 82%; often arrives without breakfast.",
        "Children's social care records (our history)": "Not previously known.",
    }
    for agency, summary in answers.items():
        form = page.get_by_role("form", name="Record what came back")
        form.get_by_label("Agency").select_option(label=agency)
        form.get_by_label("What did they tell you?").fill(summary)
        form.get_by_role("button", name="Save the information").click()
        success(page, "recorded")
    checklist = page.get_by_role("table", name="Information from partners")
    for agency in answers:
        expect(checklist.get_by_role("row", name=re.compile(re.escape(agency)))).to_contain_text(
            "Received"
        )
    expect(page.get_by_text("Still missing")).to_have_count(0)
    check_accessibility(page)

    # The decision: a referral to the assessment team.
    page.get_by_role("link", name="Record the decision").click()
    expect(page.get_by_role("heading", name="Threshold and decision")).to_be_visible()
    check_accessibility(page)
    page.get_by_role("group", name="Threshold level").get_by_label("Child in need (s17)").check()
    page.get_by_role("group", name="Decision").get_by_label(
        "Referral to children's social care (assessment)"
    ).check()
    page.get_by_label("Rationale").fill(
        "Signs of neglect reported by school and health; the family consent to an assessment."
    )
    page.get_by_label("Primary need (referral or strategy discussion)").select_option(
        label="N1: Abuse or neglect"
    )
    page.get_by_label("Team to allocate to (referral or strategy discussion)").select_option(
        label=f"{TEAM} (Assessment)"
    )
    page.get_by_role("button", name="Record the decision").click()
    success(page, "Decision recorded: referral")
    expect(page.locator(".govuk-tag", has_text=re.compile("^Decided$"))).to_be_visible()
    expect(page.get_by_role("heading", name="Referral")).to_be_visible()
    check_accessibility(page)

    nav(page, "Front door")
    expect(page.get_by_text("No contacts are awaiting a decision.")).to_be_visible()
    expect(page.get_by_role("link", name=CHILD)).to_have_count(0)
    check_accessibility(page)
    sign_out(page)

    # --- 2. The manager allocates a worker; the social worker assesses ----------------------
    sign_in(page, "manager1")
    nav(page, "Team")
    check_accessibility(page)
    page.get_by_role("table", name="Open cases").get_by_role("link", name=CHILD).click()
    expect(page.get_by_role("heading", name=CHILD)).to_be_visible()
    # The referral went to the team, not yet to a worker.
    worker_row = page.locator(".govuk-summary-list__row").filter(has_text="Allocated worker")
    expect(worker_row).to_contain_text("Not allocated to a worker")
    check_accessibility(page)
    page.get_by_role("link", name="Change allocated worker").click()
    expect(page.get_by_role("heading", name="Allocation")).to_be_visible()
    check_accessibility(page)
    page.get_by_label("Team", exact=True).select_option(label=TEAM)
    page.get_by_label("Worker (optional)").select_option(label=f"Tom Lindqvist ({TEAM})")
    page.get_by_label("Reason", exact=True).fill("Allocated to a social worker for assessment")
    page.get_by_role("button", name="Transfer").click()
    success(page, "Case transferred")
    check_accessibility(page)
    sign_out(page)

    sign_in(page, "sw1")
    expect(page.get_by_role("heading", name="My work")).to_be_visible()
    check_accessibility(page)
    mine = page.get_by_role("table", name=re.compile("Children allocated to you"))
    mine.get_by_role("link", name=CHILD).click()
    expect(page.get_by_role("heading", name=CHILD)).to_be_visible()
    check_accessibility(page)
    page.get_by_role("link", name="Start the assessment").click()
    expect(
        page.get_by_role("heading", name="Start a children and families assessment")
    ).to_be_visible()
    check_accessibility(page)
    page.get_by_role("button", name="Start assessment").click()
    success(page, "Assessment started")
    expect(page.get_by_role("heading", name="Children and families assessment")).to_be_visible()
    check_accessibility(page)

    page.get_by_role("link", name="Record a date the child was seen").click()
    check_accessibility(page)
    fill_date(page, "Date the child was seen", today)
    page.get_by_role("group", name="Was the child seen alone?").get_by_label("Yes").check()
    page.get_by_label("Note (optional)").fill("Seen at school; said he is often hungry at home.")
    page.get_by_role("button", name="Save").click()
    success(page, "Visit recorded")
    visits = page.get_by_role("table", name="Dates the child was seen")
    expect(visits.get_by_role("row", name=re.compile(govuk_date(today)))).to_contain_text("Yes")

    page.get_by_role("link", name="Change assessment factors").click()
    expect(
        page.get_by_role("heading", name="Assessment factors, analysis and outcome")
    ).to_be_visible()
    check_accessibility(page)
    abuse = page.get_by_role("group", name="Abuse and neglect")
    abuse.get_by_label("Neglect (16A)").check()
    page.get_by_label("Analysis").fill(
        "Jayden's basic needs are not consistently met. His mother is struggling after losing "
        "her job; she engages well and wants help."
    )
    page.get_by_role("group", name="Outcome").get_by_label("Child in need plan").check()
    page.get_by_role("button", name="Save").click()
    success(page, "Assessment saved")
    expect(page.get_by_text("Neglect (16A)")).to_be_visible()

    page.get_by_role("link", name="Submit for authorisation").click()
    expect(
        page.get_by_role("heading", name="Submit the assessment for authorisation")
    ).to_be_visible()
    check_accessibility(page)
    page.get_by_role("button", name="Submit for authorisation").click()
    success(page, "Assessment submitted")
    check_accessibility(page)
    page.get_by_role("link", name="Chronology").click()
    expect(page.get_by_role("heading", name="Chronology")).to_be_visible()
    check_accessibility(page)
    sign_out(page)

    # --- 3. The manager returns it; the worker changes it; the manager authorises ------------
    sign_in(page, "manager1")
    awaiting = page.get_by_role("table", name=re.compile("Assessments submitted to you"))
    awaiting.get_by_role("link", name=REVIEW).click()
    expect(page.get_by_role("heading", name="Review the assessment")).to_be_visible()
    check_accessibility(page)
    page.get_by_role("group", name="Your decision").get_by_label("Return it to the worker").check()
    comments = "Say what the school will do about breakfast, and what the plan asks of mum."
    page.get_by_label("Comments").fill(comments)
    page.get_by_role("button", name="Save decision").click()
    success(page, "Assessment returned to the worker")
    check_accessibility(page)
    sign_out(page)

    sign_in(page, "sw1")
    due = govuk_date(assessment_due(today))
    mine = page.get_by_role("table", name=re.compile("Children allocated to you"))
    mine.get_by_role("row", name=re.compile(CHILD)).get_by_role("link", name=due).click()
    expect(page.get_by_text(re.compile("^Returned by Priya Okafor"))).to_be_visible()
    expect(page.get_by_text(comments).first).to_be_visible()
    expect(page.locator(".govuk-tag", has_text="Returned to worker")).to_be_visible()
    check_accessibility(page)
    page.get_by_role("link", name="Change analysis").click()
    analysis = page.get_by_label("Analysis")
    analysis.fill(
        analysis.input_value() + "\n\nThe school will offer breakfast club daily; mum will "
        "attend the family hub's budgeting course."
    )
    page.get_by_role("button", name="Save").click()
    success(page, "Assessment saved")
    page.get_by_role("link", name="Submit for authorisation").click()
    page.get_by_role("button", name="Submit for authorisation").click()
    success(page, "Assessment submitted")
    sign_out(page)

    sign_in(page, "manager1")
    check_accessibility(page)
    page.get_by_role("link", name=REVIEW).click()
    page.get_by_role("group", name="Your decision").get_by_label("Authorise the assessment").check()
    page.get_by_role("button", name="Save decision").click()
    success(page, "Assessment authorised")
    expect(page.locator(".govuk-tag", has_text=re.compile("^Authorised$"))).to_be_visible()
    authorised_row = page.locator(".govuk-summary-list__row").filter(
        has_text="Date of authorisation"
    )
    expect(authorised_row).to_contain_text(govuk_date(today))
    check_accessibility(page)

    # The child's record shows it authorised, with the date.
    nav(page, "Find a person")
    page.get_by_label("Name", exact=True).fill(CHILD)
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name=CHILD, exact=True).click()
    expect(page).to_have_url(re.compile(rf"/people/{child.pk}/"))  # the child found at first
    page.get_by_role("tab", name="Assessments").click()
    assessments = page.get_by_role("tabpanel", name="Assessments")
    expect(assessments).to_contain_text(f"Authorised {govuk_date(today)}")
    check_accessibility(page)

    # The chronology lists every step.
    page.get_by_role("link", name="Chronology").first.click()
    for title in [
        "Contact received from Schools",
        "Contact decided: Referral to children's social care (assessment)",
        "Referral: child in need episode opened",
        "Assessment started",
        "Child seen alone",
        "Assessment submitted for authorisation",
        "Assessment returned to the worker",
        "Assessment authorised: Child in need plan",
    ]:
        expect(page.get_by_role("heading", name=title).first).to_be_visible()
    expect(
        page.get_by_role("heading", name="Assessment submitted for authorisation")
    ).to_have_count(2)
    check_accessibility(page)
    assert not page.console_errors, page.console_errors  # type: ignore[attr-defined]


def test_stale_edit_keeps_what_was_typed(page: Page, transactional_db, live_server):  # type: ignore[no-untyped-def]
    worker = UserFactory(username="sw2", role=Role.SOCIAL_WORKER)
    child = PersonFactory(first_name="Maisie", last_name="Thornbury")
    AllocationFactory(child=child, team=worker.team, worker=worker)
    sign_in(page, "sw2")
    page.get_by_role("link", name="Maisie Thornbury").click()
    other = page.context.new_page()
    other.goto(page.url)
    for tab in (page, other):
        tab.get_by_role("link", name="Change name").click()
        expect(
            tab.get_by_role("heading", name="Change identity and characteristics")
        ).to_be_visible()

    page.get_by_label("Preferred name").fill("Mai")
    page.get_by_role("button", name="Save changes").click()
    success(page, "details saved")

    other.get_by_label("First language").fill("Polish")
    other.get_by_label("Religion").fill("Roman Catholic")
    other.get_by_role("button", name="Save changes").click()
    summary = other.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_contain_text("Someone else changed this record after you opened it")
    expect(other.get_by_label("First language")).to_have_value("Polish")
    expect(other.get_by_label("Religion")).to_have_value("Roman Catholic")
    current = other.get_by_role("heading", name="What the record says now")
    expect(current).to_be_visible()
    expect(other.locator("#current-values")).to_contain_text("Mai")
    check_accessibility(other)

    # Saving again, knowingly, over the latest version works.
    other.get_by_role("button", name="Save changes").click()
    success(other, "details saved")


def test_empty_contact_shows_accessible_error_summary(page: Page, transactional_db, live_server):  # type: ignore[no-untyped-def]
    team = TeamFactory(name="Front Door (MASH)", kind=TeamKind.FRONT_DOOR)
    UserFactory(username="frontdoor2", role=Role.FRONT_DOOR, team=team)
    PersonFactory(first_name="Oscar", last_name="Pennington")
    sign_in(page, "frontdoor2")
    nav(page, "Find a person")
    page.get_by_label("Name", exact=True).fill("Oscar Pennington")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Record a contact about Oscar Pennington").click()
    received = page.get_by_role("group", name="When was the contact received?")
    for part in ("Day", "Month", "Year", "Time"):
        received.get_by_label(part).fill("")
    page.get_by_role("button", name="Record the contact").click()

    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_be_visible()
    # GOV.UK Frontend moves focus to the summary, so a screen reader announces it first.
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    assert page.title().startswith("Error:")
    for message in [
        "Enter the date and time the contact was received",
        "Select how the contact was received",
        "Select who made the contact",
        "Enter the name of the person who made the contact",
        "Enter the concerns the contact raised",
        "Select whether the family consented to information being shared",
    ]:
        expect(summary.get_by_role("link", name=message)).to_be_visible()
    check_accessibility(page)
    summary.get_by_role("link", name="Enter the name of the person who made the contact").click()
    expect(page.get_by_label("Their name")).to_be_focused()
