"""Forms for finding and recording people. The rules live in the services; these forms
parse what was typed and put a service's ValidationError back on the right field."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from opencsc.core.codes import Disability, Ethnicity, RelationshipType, Sex, UPNUnknown
from opencsc.core.forms import GovUKDateField, GovUKDateInput, GovUKForm
from opencsc.core.identifiers import nhs_number_problem, upn_problem
from opencsc.people.models import AliasKind, Person, ProfessionalRole
from opencsc.people.postcodes import is_outward_code, postcode_problem
from opencsc.people.record_ids import looks_like_record_id, normalise, record_id_q

#: What a RecordIdField gives for an ID no record has: no record has this key, so the
#: view answers as it does for a record the user may not see, and reveals nothing.
NO_SUCH_RECORD = -1


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


def _blank(label: str, choices) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [("", label), *choices]


def _text(label: str, *, required: bool = False, width: str = "", **kwargs) -> forms.CharField:  # type: ignore[no-untyped-def]
    attrs = {"class": width} if width else {}
    return forms.CharField(
        label=label, required=required, widget=forms.TextInput(attrs=attrs), **kwargs
    )


class PersonSearchForm(GovUKForm, forms.Form):
    query = _text(
        "Name",
        max_length=200,
        help_text="First and last name in either order; nicknames and misspellings are "
        "found too. Or the record ID (case number) shown on the record",
    )
    date_of_birth = GovUKDateField(
        label="Date of birth",
        required=False,
        allow_future=False,
        help_text="For example, 27 3 2015",
        widget=GovUKDateInput(autocomplete="off"),
    )
    nhs_number = _text("NHS number", width="govuk-input--width-10", max_length=20)
    postcode = _text(
        "Postcode",
        width="govuk-input--width-10",
        max_length=10,
        help_text="A full postcode, or the first half to search a district (like CW1)",
    )

    def clean_nhs_number(self) -> str:
        value = self.cleaned_data["nhs_number"].strip()
        if value:
            problem = nhs_number_problem(value)
            if problem:
                raise ValidationError(problem)
        return value

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"].strip()
        if value and postcode_problem(value) and not is_outward_code(value):
            raise ValidationError(
                "Enter a real postcode, like CW1 2AB, or its first half, like CW1"
            )
        return value

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if not self.errors and not any(
            data.get(k) for k in ("query", "date_of_birth", "nhs_number", "postcode")
        ):
            raise ValidationError(
                "Enter a name, date of birth, NHS number or postcode to search for"
            )
        return data


class PersonDetailsForm(GovUKForm, forms.Form):
    """Identity and characteristics, shared by the new-person and edit pages."""

    label_sizes = {"sex": "s", "disabilities": "s"}

    first_name = _text(
        "First name", max_length=100, help_text="Leave blank for an unborn child if not yet named"
    )
    middle_names = _text("Middle names", max_length=200)
    last_name = _text("Last name", max_length=100)
    preferred_name = _text(
        "Preferred name", max_length=100, help_text="What they like to be called, if different"
    )
    date_of_birth = GovUKDateField(
        label="Date of birth",
        required=False,
        allow_future=False,
        widget=GovUKDateInput(autocomplete="bday"),
        help_text="For example, 27 3 2015",
    )
    expected_date_of_birth = GovUKDateField(
        label="Expected date of birth (unborn child only)",
        required=False,
        help_text="Only for a child not yet born: leave the date of birth blank",
    )
    sex = forms.ChoiceField(
        label="Sex",
        choices=Sex.choices,
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline"}),
        help_text="As recorded for statutory returns. Record gender identity separately below",
    )
    gender_identity = _text(
        "Gender identity", max_length=100, help_text="In the person's own words, if they have said"
    )
    ethnicity = forms.ChoiceField(
        label="Ethnicity", required=False, choices=_blank("Not recorded", Ethnicity.choices)
    )
    first_language = _text("First language", max_length=60)
    religion = _text("Religion", max_length=60)
    disabilities = forms.MultipleChoiceField(
        label="Disability",
        required=False,
        choices=Disability.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "govuk-checkboxes--small"}),
        help_text="Select all that apply, or 'No disability' on its own",
    )
    nhs_number = _text(
        "NHS number",
        width="govuk-input--width-10",
        max_length=20,
        help_text="10 digits, like 943 476 5919",
    )
    upn = _text(
        "Unique pupil number (UPN)",
        width="govuk-input--width-20",
        max_length=20,
        help_text="13 characters, like B801200005001",
    )
    upn_unknown_reason = forms.ChoiceField(
        label="Reason the UPN is unknown",
        required=False,
        choices=_blank("Not applicable: UPN given, or not a pupil", UPNUnknown.choices),
    )
    postcode = _text(
        "Postcode",
        width="govuk-input--width-10",
        max_length=10,
        help_text="Of their current address",
    )
    uasc = forms.BooleanField(label="Unaccompanied asylum-seeking child (UASC)", required=False)
    uasc_ceased = GovUKDateField(
        label="Date UASC status ended",
        required=False,
        allow_future=False,
        help_text="For example, when they turned 18 or were granted leave",
    )

    # Identifiers are checked here too, so one submission shows every mistake at once.
    def clean_nhs_number(self) -> str:
        value = self.cleaned_data["nhs_number"].strip()
        problem = nhs_number_problem(value) if value else None
        if problem:
            raise ValidationError(problem)
        return value

    def clean_upn(self) -> str:
        value = self.cleaned_data["upn"].strip()
        problem = upn_problem(value) if value else None
        if problem:
            raise ValidationError(problem)
        return value

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"].strip()
        problem = postcode_problem(value) if value else None
        if problem:
            raise ValidationError(problem)
        return value


class PersonNewForm(PersonDetailsForm):
    # Set (to "yes") once the user has seen the likely duplicates and chosen a new record.
    confirm_new = forms.CharField(required=False, widget=forms.HiddenInput)


class PersonEditForm(PersonDetailsForm):
    date_of_death = GovUKDateField(label="Date of death", required=False, allow_future=False)
    alias_first_name = _text("Other first name", max_length=100)
    alias_last_name = _text("Other last name", max_length=100)
    alias_kind = forms.ChoiceField(
        label="What kind of name is it",
        required=False,
        choices=AliasKind.choices[:2],
        initial=AliasKind.ALIAS,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def alias_given(self) -> bool:
        data = self.cleaned_data
        return bool(
            data.get("alias_first_name", "").strip() or data.get("alias_last_name", "").strip()
        )


class RecordIdField(forms.CharField):
    """A person's record ID as shown on their record (their case number, the returns'
    LAchildID), or the older "C0000123" form. Cleans to the person's key (one query), or
    NO_SUCH_RECORD."""

    def clean(self, value):  # type: ignore[no-untyped-def]
        text = normalise(super().clean(value) or "")
        if not text:
            return None
        if not looks_like_record_id(text):
            raise ValidationError(
                "Enter the record ID as it is shown on the record, like 100234", code="invalid"
            )
        found = dict(
            Person.objects.filter(record_id_q(text)).values_list("case_number", "pk")[:3]
        )
        # A case number written this way comes before an old ID built from the key.
        for number in (text, text.upper()):
            if number in found:
                return found.pop(number)
        return next(iter(found.values()), NO_SUCH_RECORD)


class RelationshipForm(GovUKForm, forms.Form):
    label_sizes = {"kind": "s"}

    kind = forms.ChoiceField(
        label="How are they related to the child",
        choices=_blank("Select a relationship", RelationshipType.choices),
    )
    existing = RecordIdField(
        label="Record ID of someone already known",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
        help_text="As shown on their record. Leave blank to record someone new below",
    )
    first_name = _text("First name", max_length=100)
    last_name = _text("Last name", max_length=100)
    date_of_birth = GovUKDateField(label="Date of birth", required=False, allow_future=False)
    sex = forms.ChoiceField(
        label="Sex",
        required=False,
        choices=Sex.choices,
        initial=Sex.UNKNOWN,
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline govuk-radios--small"}),
    )
    parental_responsibility = forms.BooleanField(
        label="Has parental responsibility for the child", required=False
    )
    lives_with = forms.BooleanField(
        label="Lives in the same household as the child", required=False
    )
    confirm_new = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if "existing" in self.errors:
            return data
        new = data.get("first_name") or data.get("last_name")
        if data.get("existing") and new:
            raise ValidationError(
                "Give the record ID of someone already known, or the name of someone new, not both"
            )
        if not data.get("existing"):
            if not data.get("last_name"):
                self.add_error(
                    "last_name", "Enter a last name, or the record ID of someone already known"
                )
            if not data.get("first_name"):
                self.add_error(
                    "first_name", "Enter a first name, or the record ID of someone already known"
                )
        return data


class AddressForm(GovUKForm, forms.Form):
    line1 = _text(
        "Address line 1",
        required=True,
        max_length=200,
        error_messages={"required": "Enter address line 1, typically the building and street"},
    )
    line2 = _text("Address line 2", max_length=200)
    town = _text("Town or city", width="govuk-!-width-two-thirds", max_length=100)
    postcode = _text("Postcode", required=True, width="govuk-input--width-10", max_length=10)
    start_date = GovUKDateField(
        label="Date they started living here",
        allow_future=False,
        help_text="For example, 27 3 2024",
    )

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"].strip()
        problem = postcode_problem(value)
        if problem:
            raise ValidationError(problem)
        return value


class ProfessionalForm(GovUKForm, forms.Form):
    label_sizes = {"role": "s"}

    role = forms.ChoiceField(
        label="Role", choices=ProfessionalRole.choices, widget=forms.RadioSelect
    )
    organisation = _text(
        "School, practice or organisation",
        required=True,
        max_length=200,
        error_messages={"required": "Enter the school, practice or organisation"},
    )
    name = _text("Name", max_length=120)
    phone = _text("Phone number", width="govuk-input--width-20", max_length=40)
    email = forms.EmailField(
        label="Email address",
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    start_date = GovUKDateField(
        label="Date they became involved", required=False, allow_future=False
    )


class MergeForm(GovUKForm, forms.Form):
    duplicate = RecordIdField(
        label="Record ID of the duplicate",
        max_length=20,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
        help_text="As shown on the duplicate record. Everything on it will move to this record",
    )
    # Set once the manager has compared the two records side by side.
    confirmed = forms.CharField(required=False, widget=forms.HiddenInput)
