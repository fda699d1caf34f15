"""Forms for the child protection pages. Forms check what a person typed; the rules live
in ``protection.services`` and the views put the services' messages back on the fields."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from opencsc.accounts.models import Role, User
from opencsc.core.codes import CategoryOfAbuse
from opencsc.core.forms import GovUKDateField, GovUKDateTimeField, GovUKForm
from opencsc.protection.models import (
    ConferenceKind,
    EmergencyPowerKind,
    EnquiryOutcome,
    PlanEndReason,
    StrategyAgency,
    StrategyDecision,
    StrategyKind,
)

PARTICIPANT_ROWS = 6
ACTION_ROWS = 4
ATTENDEE_ROWS = 6
AGENCY_CHOICES = [("", "Select an agency"), *StrategyAgency.choices]
YES_NO = [("yes", "Yes"), ("no", "No")]
CHAIR_ROLES = (Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE)


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def yes_no_field(label: str, *, required: bool = True, help_text: str = "") -> forms.Field:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=_yes_no,
        empty_value=None,
        required=required,
        help_text=help_text,
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline"}),
    )


def category_choices() -> list[tuple[str, str]]:
    return [(c.value, f"{c.label} ({c.value})") for c in CategoryOfAbuse]


class MessagesMixin:
    """GOV.UK error messages for fields whose label is a question ("When was it held?"),
    where the message made from the label would read badly."""

    fields: dict[str, forms.Field]
    required_messages: dict[str, str] = {}
    error_labels: dict[str, str] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in self.error_labels.items():
            if name in self.fields:
                self.fields[name].error_label = label  # type: ignore[attr-defined]
        for name, message in self.required_messages.items():
            if name in self.fields:
                self.fields[name].error_messages["required"] = message


class RowsMixin:
    """Repeated rows of fields (participants, actions, attendees) on a page without
    JavaScript: a fixed number of blank rows, of which empty ones are ignored."""

    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def add_row_field(self, name: str, field: forms.Field) -> None:
        self.fields[name] = field
        # GovUKForm set its messages before these fields existed.
        GovUKForm.govuk_error_messages(field, str(field.label))

    def rows(self, prefix: str, parts: tuple[str, ...], count: int) -> list[list[Any]]:
        return [
            [self[f"{prefix}_{n}_{part}"] for part in parts]  # type: ignore[index]
            for n in range(1, count + 1)
        ]

    def row_values(self, prefix: str, parts: tuple[str, ...], n: int) -> dict[str, Any]:
        return {part: self.cleaned_data.get(f"{prefix}_{n}_{part}") for part in parts}


class StrategyForm(RowsMixin, MessagesMixin, GovUKForm, forms.Form):
    PARTICIPANT_PARTS = ("agency", "name", "role")
    ACTION_PARTS = ("what", "owner", "due")
    required_messages = {
        "kind": "Select whether it was a strategy discussion or a strategy meeting",
        "held_at": "Enter the date and time it was held",
        "information_shared": "Enter the information shared",
        "decision": "Select the decision",
    }
    error_labels = {"held_at": "Date and time it was held"}

    kind = forms.ChoiceField(
        label="Was it a strategy discussion or a strategy meeting?",
        choices=StrategyKind.choices,
        initial=StrategyKind.DISCUSSION,
        widget=forms.RadioSelect,
    )
    held_at = GovUKDateTimeField(
        label="When was it held?",
        allow_future=False,
        help_text="For example, 27 3 2026 and 14:30",
    )
    information_shared = forms.CharField(
        label="Information shared",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="What each agency knows about the child and family",
    )
    decision = forms.ChoiceField(
        label="Decision", choices=StrategyDecision.choices, widget=forms.RadioSelect
    )
    rationale = forms.CharField(
        label="Reasons for the decision", widget=forms.Textarea(attrs={"rows": 6})
    )
    label_sizes = {"kind": "m", "held_at": "m", "information_shared": "m", "decision": "m"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n in range(1, PARTICIPANT_ROWS + 1):
            self.add_row_field(
                f"participant_{n}_agency",
                forms.ChoiceField(label="Agency", choices=AGENCY_CHOICES, required=False),
            )
            self.add_row_field(
                f"participant_{n}_name",
                forms.CharField(label="Name", max_length=120, required=False),
            )
            self.add_row_field(
                f"participant_{n}_role",
                forms.CharField(label="Role (optional)", max_length=120, required=False),
            )
        for n in range(1, ACTION_ROWS + 1):
            self.add_row_field(
                f"action_{n}_what",
                forms.CharField(
                    label="What will be done",
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2}),
                ),
            )
            self.add_row_field(
                f"action_{n}_owner",
                forms.CharField(
                    label="Who will do it, and their agency", max_length=120, required=False
                ),
            )
            self.add_row_field(f"action_{n}_due", GovUKDateField(label="By when", required=False))

    def participant_rows(self) -> list[list[Any]]:
        return self.rows("participant", self.PARTICIPANT_PARTS, PARTICIPANT_ROWS)

    def action_rows(self) -> list[list[Any]]:
        return self.rows("action", self.ACTION_PARTS, ACTION_ROWS)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        participants = []
        for n in range(1, PARTICIPANT_ROWS + 1):
            row = self.row_values("participant", self.PARTICIPANT_PARTS, n)
            if not any(row.values()):
                continue  # a blank row is nobody
            if not row["agency"]:
                self.add_error(f"participant_{n}_agency", f"Select the agency of participant {n}")
            if not row["name"]:
                self.add_error(f"participant_{n}_name", f"Enter the name of participant {n}")
            participants.append((row["agency"], row["name"], row["role"] or ""))
        if not participants and not any(
            f"participant_{n}_{p}" in self.errors
            for n in range(1, PARTICIPANT_ROWS + 1)
            for p in self.PARTICIPANT_PARTS
        ):
            self.add_error(
                "participant_1_agency",
                "Enter who took part: at least children's social care, police and health",
            )
        actions = []
        for n in range(1, ACTION_ROWS + 1):
            if f"action_{n}_due" in self.errors:
                continue
            row = self.row_values("action", self.ACTION_PARTS, n)
            if not any(row.values()):
                continue
            if not row["what"]:
                self.add_error(f"action_{n}_what", f"Enter what action {n} is")
            if not row["owner"]:
                self.add_error(f"action_{n}_owner", f"Enter who will do action {n}")
            if row["due"] is None:
                self.add_error(f"action_{n}_due", f"Enter when action {n} is due")
            actions.append((row["what"], row["owner"], row["due"]))
        data["participants"] = participants
        data["actions"] = actions
        return data


class EnquiryEditForm(MessagesMixin, GovUKForm, forms.Form):
    required_messages = {"seen_alone": "Select whether the child was seen alone"}

    version = forms.IntegerField(widget=forms.HiddenInput)
    child_seen_on = GovUKDateField(
        label="Date the child was seen",
        required=False,
        allow_future=False,
        help_text="Leave empty if the child has not been seen yet",
    )
    seen_alone = yes_no_field("Was the child seen alone?", required=False)
    findings = forms.CharField(
        label="Findings",
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="What the enquiry has found so far, from each agency",
    )
    label_sizes = {"child_seen_on": "m", "seen_alone": "m", "findings": "m"}


class EnquiryCompleteForm(MessagesMixin, GovUKForm, forms.Form):
    required_messages = {
        "completed_on": "Enter the date the enquiry was completed",
        "outcome": "Select the outcome of the enquiry",
    }

    version = forms.IntegerField(widget=forms.HiddenInput)
    completed_on = GovUKDateField(label="Date the enquiry was completed", allow_future=False)
    outcome = forms.ChoiceField(
        label="Outcome", choices=EnquiryOutcome.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label="Why is no initial conference needed?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Needed unless the outcome is an initial child protection conference",
    )
    label_sizes = {"completed_on": "m", "outcome": "m", "reason": "m"}


class KindChoiceForm(MessagesMixin, GovUKForm, forms.Form):
    required_messages = {"kind": "Select the kind of conference"}

    kind = forms.ChoiceField(
        label="What kind of conference was it?",
        choices=ConferenceKind.choices,
        widget=forms.RadioSelect,
    )
    page_heading = "kind"


class ConferenceForm(RowsMixin, MessagesMixin, GovUKForm, forms.Form):
    required_messages = {
        "held_on": "Enter the date of the conference",
        "chair": "Select the chair of the conference",
    }

    ATTENDEE_PARTS = ("agency", "name", "role", "attendance")
    ATTENDED, REPORT, ABSENT = "attended", "report", "absent"
    ATTENDANCE = [
        (ATTENDED, "Attended"),
        (REPORT, "Sent a report instead"),
        (ABSENT, "Did not attend"),
    ]

    held_on = GovUKDateField(label="Date of the conference", allow_future=False)
    chair = forms.ModelChoiceField(
        queryset=User.objects.none(), label="Chair", empty_label="Select the chair"
    )
    plan_required = yes_no_field("Is the child to be the subject of a child protection plan?")
    category = forms.ChoiceField(
        label="Category of abuse",
        required=False,
        choices=category_choices,
        widget=forms.RadioSelect,
        help_text="Needed when there is a plan",
    )
    previous_plans = forms.IntegerField(
        label="Number of previous child protection plans (optional)",
        required=False,
        min_value=0,
        max_value=99,
        help_text="Here or in any other authority. Leave empty to count the plans on this record",
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-2"}),
    )
    end_reason = forms.ChoiceField(
        label="If the plan ends, why?",
        required=False,
        choices=PlanEndReason.choices,
        widget=forms.RadioSelect,
        help_text="Leave empty for “no longer at continuing risk of significant harm”",
    )
    summary = forms.CharField(
        label="Decisions and reasons",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    label_sizes = {"plan_required": "m", "category": "m", "end_reason": "m", "summary": "m"}

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        cast(forms.ModelChoiceField, self.fields["chair"]).queryset = (
            User.objects.filter(is_active=True, role__in=CHAIR_ROLES)
            .select_related("team")
            .order_by("last_name", "first_name")
        )
        if kind == ConferenceKind.REVIEW:
            self.fields["plan_required"].label = "Does the child protection plan continue?"
            self.fields["category"].label = "Latest category of abuse (optional)"
            self.fields["category"].help_text = "Leave empty if the category is unchanged"
            for name in ("plan_required", "category"):
                # GovUKForm made (and cached) the bound fields with the initial conference's
                # wording: relabel them too, or the review page asks the wrong question.
                self[name].label = self.fields[name].label or ""
                self[name].help_text = self.fields[name].help_text
                self.fields[name].error_label = str(self.fields[name].label)  # type: ignore[attr-defined]
            del self.fields["previous_plans"]
        else:
            del self.fields["end_reason"]
        self.fields["plan_required"].error_messages["required"] = (
            "Select yes if the plan continues"
            if kind == ConferenceKind.REVIEW
            else "Select yes if the child is to be the subject of a child protection plan"
        )
        for n in range(1, ATTENDEE_ROWS + 1):
            self.add_row_field(
                f"attendee_{n}_agency",
                forms.ChoiceField(label="Agency", choices=AGENCY_CHOICES, required=False),
            )
            self.add_row_field(
                f"attendee_{n}_name",
                forms.CharField(label="Name", max_length=120, required=False),
            )
            self.add_row_field(
                f"attendee_{n}_role",
                forms.CharField(label="Role (optional)", max_length=120, required=False),
            )
            self.add_row_field(
                f"attendee_{n}_attendance",
                forms.ChoiceField(label="Attendance", choices=self.ATTENDANCE, required=False),
            )

    def attendee_rows(self) -> list[list[Any]]:
        return self.rows("attendee", self.ATTENDEE_PARTS, ATTENDEE_ROWS)

    def main_fields(self) -> list[Any]:
        names = [n for n in self.fields if not n.startswith("attendee_")]
        return [self[n] for n in names]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        attendees = []
        for n in range(1, ATTENDEE_ROWS + 1):
            row = self.row_values("attendee", self.ATTENDEE_PARTS, n)
            if not (row["agency"] or row["name"] or row["role"]):
                continue  # a blank row (its attendance select alone says nothing)
            if not row["agency"]:
                self.add_error(f"attendee_{n}_agency", f"Select the agency of attendee {n}")
            if not row["name"]:
                self.add_error(f"attendee_{n}_name", f"Enter the name of attendee {n}")
            attendance = row["attendance"] or self.ATTENDED
            attendees.append(
                (
                    row["agency"],
                    row["name"],
                    row["role"] or "",
                    attendance == self.ATTENDED,
                    attendance == self.REPORT,
                )
            )
        data["attendees"] = attendees
        return data


class PlanEndForm(MessagesMixin, GovUKForm, forms.Form):
    required_messages = {
        "end_date": "Enter the date the plan ended",
        "reason": "Select why the plan ended",
    }

    version = forms.IntegerField(widget=forms.HiddenInput)
    end_date = GovUKDateField(label="Date the plan ended", allow_future=False)
    reason = forms.ChoiceField(
        label="Why did the plan end?", choices=PlanEndReason.choices, widget=forms.RadioSelect
    )
    label_sizes = {"end_date": "m", "reason": "m"}


class CoreGroupForm(MessagesMixin, GovUKForm, forms.Form):
    required_messages = {
        "held_on": "Enter the date of the core group meeting",
        "attendees": "Enter who attended",
        "progress": "Enter the progress against the plan's actions",
    }

    held_on = GovUKDateField(label="Date of the core group meeting", allow_future=False)
    attendees = forms.CharField(
        label="Who attended",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One a line, with their agency: for example, Sam Patel (health visitor)",
    )
    progress = forms.CharField(
        label="Progress against the plan's actions",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="What has happened since the last meeting, and what is still to do",
    )
    label_sizes = {"held_on": "m", "attendees": "m", "progress": "m"}


class EmergencyPowerForm(MessagesMixin, GovUKForm, forms.Form):
    required_messages = {
        "kind": "Select which power was used",
        "start_date": "Enter the date it started",
    }
    error_labels = {"end_date": "Date it ended"}

    kind = forms.ChoiceField(
        label="Which power was used?", choices=EmergencyPowerKind.choices, widget=forms.RadioSelect
    )
    start_date = GovUKDateField(label="Date it started", allow_future=False)
    end_date = GovUKDateField(
        label="Date it ended (optional)",
        required=False,
        help_text="Police protection lasts up to 72 hours; an order up to 8 days (15 if extended)",
    )
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="The circumstances, and where the child went",
    )
    label_sizes = {"kind": "m"}
