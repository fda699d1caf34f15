"""Forms for the case: notes, oversight, supervision, allocation and changes of circumstances.

Forms check what a person typed; the services check the rules (and the views put the
services' messages back on the fields), so a rule lives once.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from opencsc.accounts.models import Role, Team, User
from opencsc.casework.models import Allocation, NoteKind
from opencsc.core.forms import GovUKDateField, GovUKForm

CASE_HOLDING_ROLES = (Role.SOCIAL_WORKER, Role.TEAM_MANAGER)


def add_service_errors(
    form: forms.BaseForm, exc: ValidationError, aliases: dict[str, str] | None = None
) -> None:
    """Put a service's ValidationError on the form: on its field when the form has one."""
    aliases = aliases or {}
    if hasattr(exc, "error_dict"):
        for name, messages in exc.message_dict.items():
            target = aliases.get(name, name)
            for message in messages:
                form.add_error(target if target in form.fields else None, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


class WorkerChoiceField(forms.ModelChoiceField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("empty_label", "Select a worker")
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: User) -> str:
        return f"{obj} ({obj.team})" if obj.team_id else str(obj)


def case_holders() -> QuerySet[User]:
    return (
        User.objects.filter(is_active=True, role__in=CASE_HOLDING_ROLES)
        .select_related("team")
        .order_by("team__name", "last_name", "first_name")
    )


def people_working_with(child: Any) -> QuerySet[User]:
    """Workers on the child's open allocations and the members of the teams holding it."""
    open_allocations = Allocation.objects.filter(child=child, end_date__isnull=True)
    team_ids = open_allocations.values("team_id")
    worker_ids = open_allocations.exclude(worker__isnull=True).values("worker_id")
    return case_holders().filter(Q(team_id__in=team_ids) | Q(pk__in=worker_ids))


class NoteForm(GovUKForm, forms.Form):
    kind = forms.ChoiceField(
        label="What kind of note is it?",
        choices=NoteKind.choices,
        initial=NoteKind.CASE_NOTE,
        widget=forms.RadioSelect,
    )
    occurred_on = GovUKDateField(
        label="Date it happened", help_text="For example, 27 3 2026", allow_future=False
    )
    text = forms.CharField(
        label="Case note",
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Case notes cannot be changed once saved. Add an addendum to correct one.",
    )
    label_sizes = {"kind": "m", "text": "m"}


class AddendumForm(GovUKForm, forms.Form):
    text = forms.CharField(
        label="Addendum",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Say what is corrected or added, and why. The original note stays as it was.",
    )
    label_sizes = {"text": "m"}


class OversightForm(GovUKForm, forms.Form):
    direction = forms.CharField(
        label="Your direction",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What should happen next on this case, and by whom",
    )
    reasons = forms.CharField(
        label="Reasons",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Why: the risks and needs you have weighed",
    )
    review_by = GovUKDateField(
        label="Review by (optional)",
        required=False,
        allow_past=False,
        help_text="When you will look at the case again",
    )
    label_sizes = {"direction": "m", "reasons": "m", "review_by": "m"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(GovUKDateField, self.fields["review_by"]).error_label = "Review by date"


class SupervisionForm(GovUKForm, forms.Form):
    """Date, worker, reflection and up to three actions, each with an owner and a due date."""

    ACTION_ROWS = 3

    worker = WorkerChoiceField(queryset=User.objects.none(), label="Worker supervised")
    held_on = GovUKDateField(label="Date of supervision", allow_future=False)
    reflection = forms.CharField(
        label="Reflection and analysis", widget=forms.Textarea(attrs={"rows": 8})
    )
    label_sizes = {"reflection": "m"}

    def __init__(self, *args: Any, child: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        workers = people_working_with(child)
        cast(WorkerChoiceField, self.fields["worker"]).queryset = workers
        for n in range(1, self.ACTION_ROWS + 1):
            self.fields[f"action_{n}"] = forms.CharField(
                label=f"Action {n} (optional)",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"action_{n}_owner"] = WorkerChoiceField(
                queryset=workers, label=f"Who owns action {n}", required=False
            )
            self.fields[f"action_{n}_due"] = GovUKDateField(
                label=f"Action {n} due date", required=False
            )
            # GovUKForm set its messages before these fields existed. (Their messages
            # name them by label, as a date field does when it has no error_label.)
            for name in (f"action_{n}", f"action_{n}_owner", f"action_{n}_due"):
                self.govuk_error_messages(self.fields[name], str(self.fields[name].label))

    def action_rows(self) -> list[tuple[Any, Any, Any]]:
        return [
            (self[f"action_{n}"], self[f"action_{n}_owner"], self[f"action_{n}_due"])
            for n in range(1, self.ACTION_ROWS + 1)
        ]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        held_on = data.get("held_on")
        actions = []
        for n in range(1, self.ACTION_ROWS + 1):
            text = (data.get(f"action_{n}") or "").strip()
            owner = data.get(f"action_{n}_owner")
            due = data.get(f"action_{n}_due")
            if f"action_{n}_due" in self.errors:
                continue
            if not (text or owner or due):
                continue  # an empty row is no action
            if not text:
                self.add_error(f"action_{n}", f"Enter action {n}")
            if owner is None:
                self.add_error(f"action_{n}_owner", f"Select who owns action {n}")
            if due is None:
                self.add_error(f"action_{n}_due", f"Enter the due date of action {n}")
            elif held_on and due < held_on:
                self.add_error(
                    f"action_{n}_due",
                    f"Action {n} due date must be the same as or after the date of supervision",
                )
            if text and owner is not None and due is not None:
                actions.append((text, owner, due))
        data["actions"] = actions
        return data


class AllocateForm(GovUKForm, forms.Form):
    """Allocate the child, or transfer them to another team or worker."""

    team = forms.ModelChoiceField(
        queryset=Team.objects.order_by("name"), label="Team", empty_label="Select a team"
    )
    worker = WorkerChoiceField(
        queryset=User.objects.none(),
        label="Worker (optional)",
        required=False,
        help_text="Leave empty to allocate to the team until a worker is chosen",
    )
    start_date = GovUKDateField(label="Start date", allow_future=False)
    reason = forms.CharField(
        label="Reason",
        max_length=200,
        required=False,
        help_text="Needed for a transfer: why the case moves",
    )

    def __init__(self, *args: Any, transfer: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(WorkerChoiceField, self.fields["worker"]).queryset = case_holders()
        self.transfer = transfer

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if self.transfer and not (data.get("reason") or "").strip() and "reason" not in self.errors:
            self.add_error("reason", "Enter the reason for the transfer")
        return data


class CoworkerForm(GovUKForm, forms.Form):
    team = forms.ModelChoiceField(
        queryset=Team.objects.order_by("name"),
        label="Co-worker's team",
        empty_label="Select a team",
        help_text="For example, the disabled children's team",
    )
    worker = WorkerChoiceField(queryset=User.objects.none(), label="Co-worker")
    start_date = GovUKDateField(label="Start date", allow_future=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(WorkerChoiceField, self.fields["worker"]).queryset = case_holders()


class EndCoworkerForm(GovUKForm, forms.Form):
    end_date = GovUKDateField(label="Date co-working ended", allow_future=False)


class ChangeForm(GovUKForm, forms.Form):
    occurred_on = GovUKDateField(label="Date of the change", allow_future=False)
    description = forms.CharField(
        label="What has changed",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="For example, a new partner has moved in, a parent left, the child moved school",
    )
    label_sizes = {"description": "m"}
