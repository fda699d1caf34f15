"""Front door forms. They check types and shapes; the rules live in the services."""

from __future__ import annotations

from typing import Self, cast

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict

from opencsc.accounts.models import Team
from opencsc.core.codes import (
    Agency,
    ConsentStatus,
    ContactDecision,
    PrimaryNeed,
    ReferralSource,
    ThresholdLevel,
)
from opencsc.core.forms import GovUKDateField, GovUKDateTimeField, GovUKForm
from opencsc.frontdoor.models import ReceivedVia

WIDE = {"class": "govuk-!-width-two-thirds"}


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the field when the form has it."""
    if hasattr(exc, "error_dict"):
        for name, messages in exc.message_dict.items():
            for message in messages:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def with_blank(choices, text: str):  # type: ignore[no-untyped-def]
    return [("", text), *choices]


# Primary needs a referral may carry (CIN census 8610): not "not stated", not N9.
REFERRAL_NEEDS = [
    (value, f"{value}: {label}")
    for value, label in PrimaryNeed.choices
    if value not in {PrimaryNeed.NOT_STATED, PrimaryNeed.NOT_IN_NEED}
]


class QuestionLabels:
    """Labels that are questions ("When was it received?") make poor error messages, so a
    form names its fields for errors in ``error_labels`` and sets plain ``required`` text in
    ``required_messages``."""

    error_labels: dict[str, str] = {}
    required_messages: dict[str, str] = {}

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        for name, label in self.error_labels.items():
            self.fields[name].error_label = label  # type: ignore[attr-defined]
        for name, message in self.required_messages.items():
            self.fields[name].error_messages["required"] = message  # type: ignore[attr-defined]


class TeamChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Team) -> str:
        return f"{obj.name} ({obj.get_kind_display()})"


class VersionForm(QuestionLabels, GovUKForm, forms.Form):
    """A form that edits a Versioned record: carries the version the user started from."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def with_version(self, version: int) -> Self:
        """The same input, bound again to ``version`` (after someone else saved)."""
        # Only a form bound to the submitted POST is re-bound: its data is a QueryDict.
        data = cast(QueryDict, self.data).copy()
        data[self.add_prefix("version")] = str(version)
        return type(self)(data, prefix=self.prefix)


class ContactForm(QuestionLabels, GovUKForm, forms.Form):
    label_sizes = {"received_at": "m", "received_via": "m", "source": "m", "consent": "m"}
    error_labels = {"received_at": "The date and time the contact was received"}
    required_messages = {
        "received_at": "Enter the date and time the contact was received",
        "received_via": "Select how the contact was received",
        "source": "Select who made the contact",
        "referrer_name": "Enter the name of the person who made the contact",
        "presenting_concerns": "Enter the concerns the contact raised",
        "consent": "Select whether the family consented to information being shared",
    }

    received_at = GovUKDateTimeField(
        label="When was the contact received?",
        help_text="For example, 27 3 2025 and 14:05. It can be earlier than now if you are "
        "recording it after the event.",
        allow_future=False,
    )
    received_via = forms.ChoiceField(
        label="How was it received?", choices=ReceivedVia.choices, widget=forms.RadioSelect
    )
    source = forms.ChoiceField(
        label="Who made the contact?",
        help_text="The source of referral, as the children in need census records it",
        choices=with_blank(ReferralSource.choices, "Choose a source"),
    )
    referrer_name = forms.CharField(label="Their name", max_length=200)
    referrer_organisation = forms.CharField(
        label="Their organisation (optional)", max_length=200, required=False
    )
    referrer_phone = forms.CharField(
        label="Phone number (optional)",
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "autocomplete": "off"}),
    )
    referrer_email = forms.EmailField(
        label="Email address (optional)", required=False, widget=forms.EmailInput(attrs=WIDE)
    )
    presenting_concerns = forms.CharField(
        label="What are the concerns?",
        help_text="In the words of the person who made the contact, as far as possible",
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    consent = forms.ChoiceField(
        label="Consent to share and seek information",
        choices=ConsentStatus.choices,
        widget=forms.RadioSelect,
    )
    consent_notes = forms.CharField(
        label="Notes on consent (optional)",
        help_text="Who gave or refused consent, or why it was not sought",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class InformationRequestForm(QuestionLabels, GovUKForm, forms.Form):
    error_labels = {"requested_at": "The date and time it was requested"}
    agency = forms.ChoiceField(
        label="Agency", choices=with_blank(Agency.choices, "Choose an agency")
    )
    requested_at = GovUKDateTimeField(
        label="When was it requested?",
        help_text="Leave empty for now",
        required=False,
        allow_future=False,
    )


class InformationReceiveForm(QuestionLabels, GovUKForm, forms.Form):
    error_labels = {"received_at": "The date and time it came back"}
    required_messages = {"summary": "Enter what the agency told you"}
    agency = forms.ChoiceField(
        label="Agency", choices=with_blank(Agency.choices, "Choose an agency")
    )
    summary = forms.CharField(
        label="What did they tell you?", widget=forms.Textarea(attrs={"rows": 5})
    )
    received_at = GovUKDateTimeField(
        label="When did it come back?",
        help_text="Leave empty for now",
        required=False,
        allow_future=False,
    )


class DecideForm(VersionForm):
    label_sizes = {"threshold": "m", "decision": "m", "rationale": "m"}
    error_labels = {"decided_at": "The date and time of the decision"}
    required_messages = {
        "threshold": "Select the threshold level",
        "decision": "Select the decision",
        "rationale": "Enter the rationale for the decision",
        "decided_at": "Enter the date and time of the decision",
    }

    threshold = forms.ChoiceField(
        label="Threshold level",
        help_text="The level of need on the local threshold document",
        choices=ThresholdLevel.choices,
        widget=forms.RadioSelect,
    )
    decision = forms.ChoiceField(
        label="Decision", choices=ContactDecision.choices, widget=forms.RadioSelect
    )
    rationale = forms.CharField(
        label="Rationale",
        help_text="Why this decision: the risks, the strengths and the child's views",
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    decided_at = GovUKDateTimeField(label="When was the decision made?", allow_future=False)
    primary_need = forms.ChoiceField(
        label="Primary need (referral or strategy discussion)",
        help_text="The main reason the child needs children's social care",
        choices=with_blank(REFERRAL_NEEDS, "Choose the primary need"),
        required=False,
    )
    allocate_team = TeamChoiceField(
        label="Team to allocate to (referral or strategy discussion)",
        queryset=Team.objects.order_by("name"),
        required=False,
        empty_label="Choose a team",
    )
    lead_professional = forms.CharField(
        label="Lead professional (early help)", max_length=200, required=False
    )
    lead_organisation = forms.CharField(
        label="Lead professional's organisation (early help)", max_length=200, required=False
    )
    decide_without_missing_information = forms.BooleanField(
        label="Decide without the missing information", required=False
    )
    missing_information_reason = forms.CharField(
        label="Why can the decision not wait for it?",
        help_text="Added to the rationale",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class HandoverForm(QuestionLabels, GovUKForm, forms.Form):
    error_labels = {"handover_at": "The date and time of the handover"}
    required_messages = {
        "handover_at": "Enter the date and time of the handover",
        "note": "Enter what daytime services need to know",
    }
    handover_at = GovUKDateTimeField(label="When was it handed over?", allow_future=False)
    note = forms.CharField(
        label="Handover note",
        help_text="What happened out of hours and what daytime services need to do",
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class EarlyHelpUpdateForm(VersionForm):
    lead_professional = forms.CharField(label="Lead professional", max_length=200)
    lead_organisation = forms.CharField(label="Lead professional's organisation", max_length=200)
    assessment_start = GovUKDateField(
        label="Early help assessment started (optional)", required=False, allow_future=False
    )
    assessment_completed = GovUKDateField(
        label="Early help assessment completed (optional)", required=False, allow_future=False
    )
    end_date = GovUKDateField(
        label="Early help ended (optional)",
        help_text="Only when closing the early help episode",
        required=False,
        allow_future=False,
    )
    end_reason = forms.CharField(label="Why did it end? (optional)", max_length=200, required=False)
    error_labels = {
        "assessment_start": "The assessment start date",
        "assessment_completed": "The assessment completion date",
        "end_date": "The end date",
    }


class StepUpForm(VersionForm):
    required_messages = {
        "primary_need": "Select the child's primary need",
        "allocate_team": "Select the team to allocate the referral to",
    }
    referral_date = GovUKDateField(label="Referral date", allow_future=False)
    primary_need = forms.ChoiceField(
        label="Primary need", choices=with_blank(REFERRAL_NEEDS, "Choose the primary need")
    )
    allocate_team = TeamChoiceField(
        label="Team to allocate to",
        queryset=Team.objects.order_by("name"),
        empty_label="Choose a team",
    )
