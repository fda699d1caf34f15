"""Forms for legal planning, pre-proceedings, proceedings, hearings and orders. They check
what a person typed; the rules live in ``legal.services`` and the views put the services'
messages on the fields."""

from __future__ import annotations

from typing import Any

from django import forms

from opencsc.accounts.access import MANAGER_ROLES
from opencsc.accounts.models import User
from opencsc.core.forms import GovUKDateField, GovUKForm
from opencsc.legal.models import (
    CareProceedings,
    Hearing,
    LegalPlanningDecision,
    OrderKind,
    PreProceedingsOutcome,
    PreProceedingsReview,
)


class ChairField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj} ({obj.team})" if obj.team_id else str(obj)


class MeetingForm(GovUKForm, forms.Form):
    held_on = GovUKDateField(label="Date of the legal planning meeting", allow_future=False)
    chair = ChairField(
        label="Who chaired it",
        queryset=User.objects.none(),
        empty_label="Select the manager who chaired it",
    )
    decision = forms.ChoiceField(
        label="What was decided?",
        choices=LegalPlanningDecision.choices,
        widget=forms.RadioSelect,
    )
    rationale = forms.CharField(
        label="Reasons for the decision",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Include the legal advice given and what must change for the family",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = (  # type: ignore[attr-defined]
            User.objects.filter(is_active=True, role__in=MANAGER_ROLES)
            .select_related("team")
            .order_by("last_name", "first_name")
        )


class PreProceedingsForm(GovUKForm, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    letter_sent_on = GovUKDateField(
        label="Date the letter before proceedings was sent", required=False, allow_future=False
    )
    initial_meeting_on = GovUKDateField(
        label="Date of the initial pre-proceedings meeting",
        required=False,
        allow_future=False,
        help_text="After the letter, which invites the parents to it",
    )
    fgdm_offered_on = GovUKDateField(
        label="Date family group decision-making was offered", required=False, allow_future=False
    )
    fgdm_held_on = GovUKDateField(
        label="Date the family group conference was held", required=False, allow_future=False
    )


class ReviewForm(GovUKForm, forms.Form):
    kind = forms.ChoiceField(
        label="Kind of review",
        choices=PreProceedingsReview.Kind.choices,
        widget=forms.RadioSelect,
    )
    held_on = GovUKDateField(label="Date of the review", allow_future=False)
    progress = forms.CharField(
        label="Progress against the plan", widget=forms.Textarea(attrs={"rows": 6})
    )
    next_review_due = GovUKDateField(
        label="Date of the next review",
        required=False,
        help_text="Required for a manager's review: the date of the next manager's review",
    )

    def __init__(self, *args: Any, manager: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not manager:
            # Only managers record a manager's review: others are not offered it.
            self.fields["kind"].choices = [  # type: ignore[attr-defined]
                c for c in PreProceedingsReview.Kind.choices if c[0] != "manager"
            ]


class EndForm(GovUKForm, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    ended_on = GovUKDateField(
        label="Date of the decision to end pre-proceedings", allow_future=False
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=[c for c in PreProceedingsOutcome.choices if c[0] != "proceedings"],
        widget=forms.RadioSelect,
        help_text="To issue care proceedings, record the proceedings: that ends pre-proceedings",
    )


class ProceedingsForm(GovUKForm, forms.Form):
    issued_on = GovUKDateField(label="Date the application was issued", allow_future=False)
    court = forms.CharField(
        label="Court", max_length=120, help_text="For example, Family Court at Crewe"
    )
    court_case_number = forms.CharField(
        label="Court case number",
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
    )


class HearingForm(GovUKForm, forms.Form):
    kind = forms.ChoiceField(
        label="Kind of hearing", choices=Hearing.Kind.choices, widget=forms.RadioSelect
    )
    held_on = GovUKDateField(
        label="Date of the hearing", help_text="A hearing listed for a future date can be recorded"
    )
    outcome = forms.CharField(
        label="Outcome",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Once the hearing has been held",
    )


class ProceedingsChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: CareProceedings) -> str:
        return str(obj)


class OrderForm(GovUKForm, forms.Form):
    kind = forms.ChoiceField(label="Order", choices=OrderKind.choices, widget=forms.RadioSelect)
    made_on = GovUKDateField(label="Date the order was made", allow_future=False)
    ends_on = GovUKDateField(
        label="Date the order ends",
        required=False,
        help_text="Only if the court set one (for example, a supervision order)",
    )
    proceedings = ProceedingsChoiceField(
        label="In which proceedings",
        queryset=CareProceedings.objects.none(),
        required=False,
        empty_label="The open proceedings, if any",
    )
    concludes = forms.BooleanField(
        label="This order concludes the proceedings",
        required=False,
        help_text="The proceedings end on the day the order was made",
    )

    def __init__(self, *args: Any, child_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["proceedings"].queryset = CareProceedings.objects.filter(  # type: ignore[attr-defined]
            child_id=child_id
        ).order_by("-issued_on")
