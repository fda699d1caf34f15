"""Forms for plans, plan actions, reviews and visits. They check what a person typed; the
rules live in ``plans.services`` and the views put the services' messages on the fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from opencsc.core.forms import GovUKDateField, GovUKForm
from opencsc.plans.models import CINPlanEndReason
from opencsc.plans.services import REVIEW_MONTHS_RANGE, VISIT_WORKING_DAYS_RANGE

YES_NO = [("yes", "Yes"), ("no", "No")]


def yes_no(label: str, help_text: str = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda v: v == "yes",
        help_text=help_text,
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline"}),
    )


class CINPlanStartForm(GovUKForm, forms.Form):
    start_date = GovUKDateField(
        label="Start date",
        help_text="The day the plan was agreed, for example 27 3 2026",
        allow_future=False,
    )
    review_every_months = forms.IntegerField(
        label="Review the plan every (months)",
        min_value=REVIEW_MONTHS_RANGE[0],
        max_value=REVIEW_MONTHS_RANGE[1],
        widget=forms.TextInput(attrs={"class": "govuk-input--width-2", "inputmode": "numeric"}),
    )
    visit_every_working_days = forms.IntegerField(
        label="Visit the child every (working days)",
        min_value=VISIT_WORKING_DAYS_RANGE[0],
        max_value=VISIT_WORKING_DAYS_RANGE[1],
        widget=forms.TextInput(attrs={"class": "govuk-input--width-2", "inputmode": "numeric"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        std = settings.OPENCSC_STANDARDS
        kwargs.setdefault(
            "initial",
            {
                "review_every_months": std["cin_review_months"],
                "visit_every_working_days": std["cin_visit_working_days"],
            },
        )
        super().__init__(*args, **kwargs)
        hints = {
            "review_every_months": f"The authority's standard is every "
            f"{std['cin_review_months']} months",
            "visit_every_working_days": f"The authority's standard is every "
            f"{std['cin_visit_working_days']} working days",
        }
        for name, hint in hints.items():
            # The bound field copied the hint when GovUKForm made it: set both.
            self.fields[name].help_text = hint
            self[name].help_text = hint


class CINPlanEndForm(GovUKForm, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    end_date = GovUKDateField(label="End date", allow_future=False)
    reason = forms.ChoiceField(
        label="Why is the plan ending?",
        choices=CINPlanEndReason.choices,
        widget=forms.RadioSelect,
    )
    label_sizes = {"reason": "m"}


class CINPlanReviewForm(GovUKForm, forms.Form):
    held_on = GovUKDateField(label="Date of the review", allow_future=False)
    progress = forms.CharField(
        label="Progress",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=(
            "Progress against each action of the plan, and what life is like for the child now"
        ),
    )
    decision = forms.CharField(
        label="Decision",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What changes, and whether the plan continues",
    )
    label_sizes = {"progress": "m", "decision": "m"}


class PlanActionForm(GovUKForm, forms.Form):
    what = forms.CharField(
        label="What will be done",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One specific action, for example “Mum attends the 6-week parenting course”",
    )
    who = forms.CharField(
        label="Who will do it",
        max_length=200,
        help_text="A named person and their service or relationship to the child",
    )
    by_when = GovUKDateField(label="By when", help_text="For example, 30 4 2026")
    measure = forms.CharField(
        label="How we will know it has worked",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What will be different for the child",
    )
    label_sizes = {"what": "m", "who": "m", "by_when": "m", "measure": "m"}


class ActionCompleteForm(GovUKForm, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    completed_on = GovUKDateField(label="Date it was done", allow_future=False)
    outcome_note = forms.CharField(
        label="What difference it made (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class VisitForm(GovUKForm, forms.Form):
    visited_on = GovUKDateField(label="Date of the visit", allow_future=False)
    child_seen = yes_no("Was the child seen?")
    seen_alone = yes_no("Was the child seen alone?")
    bedroom_seen = yes_no("Was the child's bedroom seen?")
    observations = forms.CharField(
        label="Observations",
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=(
            "What the child said and did, what you saw, and, if the child was not seen "
            "or not seen alone, why"
        ),
    )
    label_sizes = {"child_seen": "m", "seen_alone": "m", "bedroom_seen": "m", "observations": "m"}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("seen_alone") and data.get("child_seen") is False:
            self.add_error(
                "seen_alone",
                "The child cannot have been seen alone if they were not seen: change one answer",
            )
        return data
