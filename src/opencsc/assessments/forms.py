"""Forms for the assessment pages. The rules themselves live in ``assessments.services``."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone

from opencsc.accounts.models import User
from opencsc.assessments.models import Assessment
from opencsc.casework.forms import WorkerChoiceField, people_working_with
from opencsc.core.codes import AssessmentFactor, AssessmentOutcome
from opencsc.core.forms import GovUKDateField, GovUKForm

F = AssessmentFactor

# The DfE factor codes grouped as practitioners think of them; every code appears once
# (tests/assessments/test_forms.py checks). "21 No factors identified" stands alone last.
FACTOR_GROUPS: list[tuple[str, str, list[AssessmentFactor]]] = [
    (
        "abuse",
        "Abuse and neglect",
        [
            F.NEGLECT,
            F.EMOTIONAL_ABUSE,
            F.PHYSICAL_ABUSE_BY_ADULT,
            F.PHYSICAL_ABUSE_BY_CHILD,
            F.SEXUAL_ABUSE_BY_ADULT,
            F.SEXUAL_ABUSE_BY_CHILD,
            F.FGM,
            F.FAITH_OR_BELIEF,
        ],
    ),
    (
        "domestic",
        "Domestic abuse",
        [
            F.DOMESTIC_ABUSE_CHILD,
            F.DOMESTIC_ABUSE_PARENT,
            F.DOMESTIC_ABUSE_HOUSEHOLD,
        ],
    ),
    (
        "substances",
        "Alcohol and drug misuse",
        [
            F.ALCOHOL_CHILD,
            F.ALCOHOL_PARENT,
            F.ALCOHOL_HOUSEHOLD,
            F.DRUGS_CHILD,
            F.DRUGS_PARENT,
            F.DRUGS_HOUSEHOLD,
        ],
    ),
    (
        "health",
        "Mental health, disability and illness",
        [
            F.MENTAL_HEALTH_CHILD,
            F.MENTAL_HEALTH_PARENT,
            F.MENTAL_HEALTH_HOUSEHOLD,
            F.LEARNING_DISABILITY_CHILD,
            F.LEARNING_DISABILITY_PARENT,
            F.LEARNING_DISABILITY_HOUSEHOLD,
            F.PHYSICAL_DISABILITY_CHILD,
            F.PHYSICAL_DISABILITY_PARENT,
            F.PHYSICAL_DISABILITY_HOUSEHOLD,
        ],
    ),
    (
        "exploitation",
        "Exploitation, going missing and behaviour",
        [
            F.CHILD_SEXUAL_EXPLOITATION,
            F.CHILD_CRIMINAL_EXPLOITATION,
            F.TRAFFICKING,
            F.GANGS,
            F.MISSING,
            F.SELF_HARM,
            F.SOCIALLY_UNACCEPTABLE_BEHAVIOUR,
        ],
    ),
    (
        "care",
        "Caring, private fostering and asylum",
        [
            F.YOUNG_CARER,
            F.PRIVATE_FOSTERING_OVERSEAS_RETURN,
            F.PRIVATE_FOSTERING_OVERSEAS_STAY,
            F.PRIVATE_FOSTERING_EDUCATION,
            F.PRIVATE_FOSTERING_FAMILY_ARRANGEMENT,
            F.PRIVATE_FOSTERING_OTHER,
            F.UASC,
        ],
    ),
    ("other", "Other", [F.OTHER]),
    ("none", "Or", [F.NO_FACTORS]),
]

NO_FACTORS_FIELD = "factors_none"


def _factor_field(label: str, codes: list[AssessmentFactor]) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        required=False,
        choices=[(c.value, f"{c.label} ({c.value})") for c in codes],
        widget=forms.CheckboxSelectMultiple(attrs={"class": "govuk-checkboxes--small"}),
    )


class AssessmentStartForm(GovUKForm, forms.Form):
    start_date = GovUKDateField(
        label="Start date",
        help_text="The day the assessment began, for example 27 3 2026",
        allow_future=False,
    )
    worker = WorkerChoiceField(
        queryset=User.objects.none(),
        label="Worker",
        required=False,
        help_text="Leave empty for the allocated worker",
    )

    def __init__(self, *args: Any, child: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(WorkerChoiceField, self.fields["worker"]).queryset = people_working_with(child)


class AssessmentEditForm(GovUKForm, forms.Form):
    """Factors, analysis and outcome. A draft may be saved incomplete; submitting checks."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    analysis = forms.CharField(
        label="Analysis",
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=(
            "What life is like for the child, the risks and strengths, and what needs to happen"
        ),
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        required=False,
        choices=AssessmentOutcome.choices,
        widget=forms.RadioSelect,
    )
    label_sizes = {"analysis": "m", "outcome": "m"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        factor_fields = {}
        for key, label, codes in FACTOR_GROUPS:
            field = _factor_field(label, codes)
            self.govuk_error_messages(field, "Assessment factors")
            factor_fields[f"factors_{key}"] = field
        # Factors first, so the error summary follows the page.
        self.fields = {
            "version": self.fields["version"],
            **factor_fields,
            **{k: v for k, v in self.fields.items() if k != "version"},
        }
        self.label_sizes = {**self.label_sizes, **{name: "s" for name in factor_fields}}

    @staticmethod
    def initial_for(assessment: Assessment) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "version": assessment.version,
            "analysis": assessment.analysis,
            "outcome": assessment.outcome,
        }
        chosen = set(assessment.factors)
        for key, _label, codes in FACTOR_GROUPS:
            initial[f"factors_{key}"] = [c.value for c in codes if c.value in chosen]
        return initial

    def factor_fields(self) -> list[Any]:
        return [self[f"factors_{key}"] for key, _label, _codes in FACTOR_GROUPS]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        factors: list[str] = []
        for key, _label, _codes in FACTOR_GROUPS:
            factors.extend(data.get(f"factors_{key}") or [])
        # CIN census 8869: "No factors identified" must stand alone.
        if AssessmentFactor.NO_FACTORS.value in factors and len(factors) > 1:
            self.add_error(
                NO_FACTORS_FIELD,
                "“No factors identified” cannot be selected with any other factor",
            )
        data["factors"] = factors
        return data


class ChildSeenForm(GovUKForm, forms.Form):
    seen_on = GovUKDateField(label="Date the child was seen", allow_future=False)
    seen_alone = forms.TypedChoiceField(
        label="Was the child seen alone?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline"}),
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Where they were seen and what they said",
    )
    label_sizes = {"seen_alone": "m"}


class ReviewForm(GovUKForm, forms.Form):
    AUTHORISE = "authorise"
    RETURN = "return"

    decision = forms.ChoiceField(
        label="Your decision",
        choices=[(AUTHORISE, "Authorise the assessment"), (RETURN, "Return it to the worker")],
        widget=forms.RadioSelect,
    )
    comments = forms.CharField(
        label="Comments",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Required when you return it: say what needs to change",
    )
    authorised_on = GovUKDateField(
        label="Date of authorisation",
        required=False,
        allow_future=False,
        help_text="Leave empty for today",
    )
    label_sizes = {"decision": "m", "comments": "m"}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("decision") == self.RETURN and not (data.get("comments") or "").strip():
            self.add_error("comments", "Enter your comments: what the worker needs to change")
        return data


class UpdateStartForm(GovUKForm, forms.Form):
    start_date = GovUKDateField(
        label="Start date of the updated assessment",
        allow_future=False,
        help_text="Usually today",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"start_date": timezone.localdate()})
        super().__init__(*args, **kwargs)
