"""The child protection forms: blank rows ignored, partial rows named, GOV.UK messages."""

from __future__ import annotations

import pytest

from opencsc.protection.forms import (
    ConferenceForm,
    EmergencyPowerForm,
    EnquiryCompleteForm,
    KindChoiceForm,
    PlanEndForm,
    StrategyForm,
)


def errors(form) -> list[str]:  # type: ignore[no-untyped-def]
    form.is_valid()
    return [m for messages in form.errors.values() for m in messages]


def test_empty_strategy_form_says_what_to_enter():
    found = errors(StrategyForm({}))
    assert "Select whether it was a strategy discussion or a strategy meeting" in found
    assert "Enter the date and time it was held" in found
    assert "Select the decision" in found
    assert "Enter who took part: at least children's social care, police and health" in found


def test_strategy_form_ignores_blank_rows_and_names_partial_ones():
    form = StrategyForm(
        {
            "participant_1_agency": "police",
            "participant_1_name": "Pat",
            "participant_4_name": "Nobody's agency",
            "action_2_owner": "Sam",
        }
    )
    found = errors(form)
    assert "Select the agency of participant 4" in found
    assert "Enter what action 2 is" in found
    assert "Enter when action 2 is due" in found
    assert not any("participant 1" in m or "action 1" in m for m in found)
    assert form.cleaned_data["participants"][0] == ("police", "Pat", "")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "message", "absent"),
    [
        (
            "initial",
            "Select yes if the child is to be the subject of a child protection plan",
            "end_reason",
        ),
        ("review", "Select yes if the plan continues", "previous_plans"),
    ],
)
def test_conference_form_asks_what_the_kind_needs(kind, message, absent):
    form = ConferenceForm({}, kind=kind)
    found = errors(form)
    assert message in found
    assert "Enter the date of the conference" in found
    assert "Select the chair of the conference" in found
    assert absent not in form.fields


@pytest.mark.django_db
def test_conference_attendance_maps_to_attended_and_report():
    form = ConferenceForm(
        {
            "attendee_1_agency": "health",
            "attendee_1_name": "GP",
            "attendee_1_attendance": "report",
            "attendee_2_agency": "other",
            "attendee_2_name": "Mum",
            "attendee_3_attendance": "absent",  # a lone select says nothing: a blank row
        },
        kind="initial",
    )
    form.is_valid()
    assert form.cleaned_data["attendees"] == [
        ("health", "GP", "", False, True),
        ("other", "Mum", "", True, False),
    ]


@pytest.mark.parametrize(
    ("form", "message"),
    [
        (KindChoiceForm({"kind": ""}), "Select the kind of conference"),
        (EnquiryCompleteForm({"version": "1"}), "Select the outcome of the enquiry"),
        (PlanEndForm({"version": "1"}), "Select why the plan ended"),
        (EmergencyPowerForm({}), "Select which power was used"),
        (
            EmergencyPowerForm(
                {"end_date_day": "40", "end_date_month": "1", "end_date_year": "2026"}
            ),
            "Date it ended must be a real date",
        ),
    ],
)
def test_forms_speak_govuk(form, message):
    assert message in errors(form)
