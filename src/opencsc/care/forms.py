"""Forms for periods of care, changes, reviews, IRO contacts, care plans and the review
of a care order at home. They check what a person typed; the 903 rules live in
``care.services`` and the views put the services' messages on the fields."""

from __future__ import annotations

from typing import Any

from django import forms

from opencsc.accounts.models import Role, User
from opencsc.care.codes import (
    LegalStatus,
    PermanenceOption,
    Placement,
    PlacementProvider,
    PreviousPermanence,
    ReasonEpisodeCeased,
    ReasonPlacementChange,
    ReviewParticipation,
)
from opencsc.care.models import IROContact, PlacedWithParentsReview
from opencsc.core.codes import PrimaryNeed
from opencsc.core.forms import GovUKDateField, GovUKForm

# D1 freeing orders ended in 2005 (903 rule 445): never offered for a new episode.
LEGAL_STATUSES = [("", "Select the legal status")] + [
    c for c in LegalStatus.choices if c[0] != "D1"
]
PLACEMENTS = [("", "Select the placement type"), *Placement.choices]
PROVIDERS = [("", "No provider (temporary and other placements)"), *PlacementProvider.choices]
NEEDS = [c for c in PrimaryNeed.choices if c[0] not in ("N0", "N9")]
END_REASONS = [("", "Select the reason")] + [c for c in ReasonEpisodeCeased.choices if c[0] != "X1"]
MOVE_REASONS = [("", "Select why the child moved"), *ReasonPlacementChange.choices]
YES_NO = [("yes", "Yes"), ("no", "No")]


def _select(choices: list[tuple[str, str]], **kwargs: Any) -> forms.ChoiceField:
    return forms.ChoiceField(choices=choices, **kwargs)


def _postcode(label: str, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=8,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off"}),
        **kwargs,
    )


class PlacementFields(forms.Form):
    placement = _select(PLACEMENTS, label="Placement type")
    provider = _select(PROVIDERS, label="Who provides the placement", required=False)
    carer = forms.CharField(
        label="Carer",
        max_length=200,
        required=False,
        help_text="The foster carers' or the home's name, or 'Parents'",
    )
    placement_postcode = _postcode("Placement postcode", required=False)
    urn = forms.CharField(
        label="Ofsted URN",
        max_length=8,
        required=False,
        help_text="For registered settings, like SC123456. Leave empty for placements with "
        "parents, hospitals, prisons and temporary placements",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )


class PeriodStartForm(GovUKForm, PlacementFields):
    start_date = GovUKDateField(
        label="Date the child started to be looked after",
        help_text="For example 27 3 2026",
        allow_future=False,
    )
    legal_status = _select(LEGAL_STATUSES, label="Legal status")
    category_of_need = _select(NEEDS, label="Category of need")
    home_postcode = _postcode(
        "Postcode of the child's home", required=False, help_text="Where the child lived before"
    )
    previous_permanence = forms.ChoiceField(
        label="Did an adoption, special guardianship or child arrangements order end before "
        "this period of care?",
        choices=PreviousPermanence.choices,
        initial="Z1",
        widget=forms.RadioSelect,
    )
    previous_permanence_date = GovUKDateField(
        label="Date of that order", required=False, allow_future=False
    )
    previous_permanence_la = forms.CharField(
        label="Authority that arranged it",
        max_length=3,
        required=False,
        help_text="Its code, like 895, or WAL, SCO, NIR or NUK outside England",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4"}),
    )
    field_order = [
        "start_date",
        "legal_status",
        "placement",
        "provider",
        "carer",
        "placement_postcode",
        "urn",
        "home_postcode",
        "category_of_need",
        "previous_permanence",
        "previous_permanence_date",
        "previous_permanence_la",
    ]


class ChangeForm(GovUKForm, PlacementFields):
    """Asks what changed in plain words; the service works out the 903 reason."""

    WHAT = [
        ("legal_status", "The legal status only"),
        ("placement", "The placement only"),
        ("both", "Both the legal status and the placement"),
    ]
    on = GovUKDateField(label="Date of the change", allow_future=False)
    what_changed = forms.ChoiceField(label="What changed?", choices=WHAT, widget=forms.RadioSelect)
    legal_status = _select(LEGAL_STATUSES, label="New legal status", required=False)
    same_carer = forms.ChoiceField(
        label="Is the child still with the same carer?",
        choices=YES_NO,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline"}),
    )
    reason_place_change = _select(
        MOVE_REASONS,
        label="Why did the child move?",
        required=False,
        help_text="Not needed for a change of legal status only, or a move into or back "
        "from a temporary placement",
    )
    field_order = [
        "on",
        "what_changed",
        "legal_status",
        "placement",
        "provider",
        "same_carer",
        "carer",
        "placement_postcode",
        "urn",
        "reason_place_change",
    ]

    def __init__(self, *args: Any, current_carer: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["placement"].required = False
        self.current_carer = current_carer
        self.fields["carer"].help_text = "The new carer, if the child moved to someone else"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        what = data.get("what_changed")
        if what in ("legal_status", "both") and not data.get("legal_status"):
            self.add_error("legal_status", "Select the new legal status")
        if what in ("placement", "both"):
            if not data.get("placement"):
                self.add_error("placement", "Select the placement type")
            if not data.get("same_carer"):
                self.add_error("same_carer", "Select whether the child is with the same carer")
            elif data.get("same_carer") == "no" and not data.get("carer"):
                self.add_error("carer", "Enter the new carer")
        return data

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        what = data["what_changed"]
        kwargs: dict[str, Any] = {"on": data["on"]}
        if what in ("legal_status", "both"):
            kwargs["legal_status"] = data["legal_status"]
        if what in ("placement", "both"):
            kwargs.update(
                placement=data["placement"],
                provider=data["provider"],
                carer=self.current_carer if data["same_carer"] == "yes" else data["carer"],
                placement_postcode=data["placement_postcode"],
                urn=data["urn"],
                reason_place_change=data["reason_place_change"],
            )
        return kwargs


class PeriodEndForm(GovUKForm, forms.Form):
    end_date = GovUKDateField(label="Date the child stopped being looked after", allow_future=False)
    reason = _select(END_REASONS, label="Why did the child stop being looked after?")


def reviewing_officers() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=User.objects.filter(role=Role.REVIEWING_OFFICER, is_active=True).order_by(
            "last_name", "first_name"
        ),
        label="Independent reviewing officer",
        empty_label="Select the IRO",
    )


class ReviewForm(GovUKForm, forms.Form):
    held_on = GovUKDateField(label="Date of the review", allow_future=False)
    chair = reviewing_officers()
    chair.label = "Chaired by"
    participation = forms.ChoiceField(
        label="How did the child take part?",
        choices=ReviewParticipation.choices,
        widget=forms.RadioSelect,
    )
    decisions = forms.CharField(label="Decisions and recommendations", widget=forms.Textarea)
    permanence_confirmed = forms.BooleanField(
        label="The IRO confirmed the permanence plan", required=False
    )


class IROContactForm(GovUKForm, forms.Form):
    contact_on = GovUKDateField(label="Date of the contact", allow_future=False)
    iro = reviewing_officers()
    kind = forms.ChoiceField(label="How", choices=IROContact.Kind.choices, widget=forms.RadioSelect)
    summary = forms.CharField(
        label="What the child said, and what happens next", widget=forms.Textarea
    )


class CarePlanForm(GovUKForm, forms.Form):
    agreed_on = GovUKDateField(label="Date the plan was agreed", allow_future=False)
    permanence_option = forms.ChoiceField(
        label="Permanence option",
        choices=[("", "Not decided yet"), *PermanenceOption.choices],
        required=False,
        help_text="Needed by the second review",
    )
    summary = forms.CharField(label="The plan", widget=forms.Textarea)


class PlacedWithParentsReviewForm(GovUKForm, forms.Form):
    reviewed_on = GovUKDateField(label="Date of the review", allow_future=False)
    decision = forms.ChoiceField(
        label="Decision",
        choices=PlacedWithParentsReview.Decision.choices,
        widget=forms.RadioSelect,
    )
    rationale = forms.CharField(label="Why", widget=forms.Textarea)
    next_review_due = GovUKDateField(
        label="Next review due",
        required=False,
        help_text="Leave empty for 6 months from now when the order is kept",
    )
