"""Forms for the looked-after child's health, SDQ, convictions, substance misuse and
missing episodes. They check what a person typed; the rules (the 903's among them) live
in ``care.services.health`` and the views put its messages on the fields."""

from __future__ import annotations

from django import forms

from opencsc.care.codes import MissingKind, SDQReason
from opencsc.care.models import HealthCheckKind
from opencsc.core.forms import GovUKDateField, GovUKForm

YES_NO = [("yes", "Yes"), ("no", "No")]


def yes_no(label: str, *, required: bool = True, help_text: str = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda v: v == "yes",
        empty_value=None,
        required=required,
        help_text=help_text,
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline"}),
    )


class HealthCheckForm(GovUKForm, forms.Form):
    kind = forms.ChoiceField(
        label="What was done?", choices=HealthCheckKind.choices, widget=forms.RadioSelect
    )
    done_on = GovUKDateField(label="Date", help_text="For example, 27 3 2026", allow_future=False)
    up_to_date = yes_no(
        "Are the child's immunisations up to date?",
        required=False,
        help_text="Answer for an immunisations review only",
    )
    notes = forms.CharField(label="Notes (optional)", required=False, widget=forms.Textarea)
    label_sizes = {"kind": "m"}


class SDQForm(GovUKForm, forms.Form):
    completed_on = GovUKDateField(label="Date the questionnaire was completed", allow_future=False)
    score = forms.IntegerField(
        label="Total difficulties score (optional)",
        help_text="0 to 40. Leave blank and give a reason if there is no score",
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-2", "inputmode": "numeric"}),
    )
    reason = forms.ChoiceField(
        label="Reason there is no score (optional)",
        choices=[("", "Select a reason"), *SDQReason.choices],
        required=False,
    )


class ConvictionForm(GovUKForm, forms.Form):
    convicted_on = GovUKDateField(
        label="Date of the conviction, final warning, reprimand or youth caution",
        allow_future=False,
    )
    description = forms.CharField(label="Offence and outcome", widget=forms.Textarea)


class SubstanceMisuseForm(GovUKForm, forms.Form):
    identified_on = GovUKDateField(
        label="Date the substance misuse problem was identified", allow_future=False
    )
    intervention_offered = yes_no("Was an intervention offered?")
    intervention_received = yes_no("Did the child receive an intervention?")
    notes = forms.CharField(label="Notes (optional)", required=False, widget=forms.Textarea)


class MissingForm(GovUKForm, forms.Form):
    kind = forms.ChoiceField(
        label="Was the child missing or away?",
        choices=MissingKind.choices,
        widget=forms.RadioSelect,
    )
    started_on = GovUKDateField(label="Date they went missing or away", allow_future=False)
    ended_on = GovUKDateField(
        label="Date they came back (optional)",
        help_text="Leave blank if they are not back yet",
        required=False,
        allow_future=False,
    )
    notes = forms.CharField(label="Notes (optional)", required=False, widget=forms.Textarea)
    label_sizes = {"kind": "m"}


class MissingReturnForm(GovUKForm, forms.Form):
    ended_on = GovUKDateField(label="Date they came back", allow_future=False)
    rhi_offered_on = GovUKDateField(
        label="Date the return home interview was offered (optional)",
        help_text="Offer it within 72 hours of the child's return",
        required=False,
        allow_future=False,
    )
    rhi_accepted = yes_no("Did the child accept the interview?", required=False)
