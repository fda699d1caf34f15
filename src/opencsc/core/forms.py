"""Django forms rendered in GOV.UK Design System markup.

``settings.FORM_RENDERER`` points at :class:`GovUKFormRenderer`, so ``{{ form }}``
and ``{{ form.field_name.as_field_group }}`` render every field as a GOV.UK form
group: label or fieldset legend, hint (the field's ``help_text``), error message,
``govuk-form-group--error``, the widget's GOV.UK classes, and ``aria-describedby``
pointing at the hint and error ids.

Use :class:`GovUKForm` as the first base of a form to also get GOV.UK-style error
messages that name the field ("Enter full name" rather than "This field is
required.") and no HTML5 ``required`` attributes (the GOV.UK Design System asks
services to validate on the server only)::

    class PersonForm(GovUKForm, forms.Form):
        page_heading = None                      # or a field name: its label is the <h1>
        label_sizes = {"full_name": "m"}         # govuk-label--m / govuk-fieldset__legend--m

        full_name = forms.CharField(help_text="As it appears on their records")
        date_of_birth = GovUKDateField(allow_future=False)
        sex = forms.ChoiceField(
            choices=SEX, widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline"})
        )

Widget ``attrs={"class": ...}`` adds classes to the input (``govuk-input--width-10``,
``govuk-!-width-one-half``) or, for radios and checkboxes, to the
``govuk-radios`` / ``govuk-checkboxes`` container (``govuk-radios--small``,
``govuk-radios--inline``).

Put ``{% load govuk %}{% govuk_error_summary form %}`` at the top of the page,
before the ``<h1>``; it links each error to the field's first input.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.forms.renderers import BaseRenderer, TemplatesSetting
from django.forms.widgets import Input
from django.utils import timezone

LONDON = ZoneInfo("Europe/London")

# A private key passed from the bound field to the date widgets in the attrs;
# popped before any attribute is rendered.
_ERROR_PARTS = "govuk_error_parts"
_ALL_PARTS = "__all__"

NON_FIELD_ERRORS_SUFFIX = "errors"


def non_field_errors_id(form: forms.BaseForm) -> str:
    """The id of the block that shows a form's non-field errors."""
    return f"{form.prefix or 'form'}-{NON_FIELD_ERRORS_SUFFIX}"


def _london(value: dt.datetime) -> dt.datetime:
    """An aware datetime in UK time; a naive one is taken to be UK time already."""
    return timezone.localtime(value, LONDON) if timezone.is_aware(value) else value


def _lower_first(text: str) -> str:
    """'Date of birth' -> 'date of birth'; 'NHS number' and 'I agree' stay as they are."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


# ---------------------------------------------------------------------------
# Widget kinds


def widget_kind(widget: forms.Widget) -> str:
    """Which GOV.UK component a widget renders as."""
    kind = getattr(widget, "govuk_kind", None)
    if kind:
        return kind
    if widget.is_hidden:
        return "hidden"
    if isinstance(widget, forms.CheckboxSelectMultiple):  # a RadioSelect subclass
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.FileInput):
        return "file"
    if isinstance(widget, Input):
        return "input"
    return "other"


def first_input_id(bound_field: BoundField) -> str:
    """The id of the first focusable input of a field, for error summary links."""
    widget = bound_field.field.widget
    auto_id = bound_field.auto_id
    if not auto_id:
        return ""
    if isinstance(widget, GovUKDateInput):
        return widget.part_id(auto_id, widget.parts[0])
    if isinstance(widget, forms.RadioSelect):  # and CheckboxSelectMultiple
        return widget.id_for_label(auto_id, "0")
    return bound_field.id_for_label or auto_id


def error_target_id(bound_field: BoundField) -> str:
    """The input an error summary link should move focus to.

    For a date, the first part that is in error (the month, when only the month
    is missing); otherwise the field's first input.
    """
    widget = bound_field.field.widget
    if isinstance(widget, GovUKDateInput) and bound_field.auto_id:
        parts = error_parts(bound_field)
        for part in widget.parts:
            if parts == _ALL_PARTS or part in parts:
                return widget.part_id(bound_field.auto_id, part)
    return first_input_id(bound_field)


def error_parts(bound_field: BoundField) -> str | set[str]:
    """Which parts of a date field are in error: a set of names, or _ALL_PARTS."""
    if not bound_field.errors:
        return set()
    parts: set[str] = set()
    for error in bound_field.errors.as_data():
        named = (error.params or {}).get("parts") if isinstance(error.params, dict) else None
        if not named:
            return _ALL_PARTS
        parts.update(named)
    return parts


# ---------------------------------------------------------------------------
# Bound field and renderer


# The GOV.UK class of each single-element widget kind; its error class is CLASS--error.
_INPUT_CLASSES = {
    "input": "govuk-input",
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "file": "govuk-file-upload",
}


class GovUKBoundField(BoundField):
    """A BoundField that knows the GOV.UK markup of its widget."""

    @property
    def govuk_kind(self) -> str:
        return widget_kind(self.field.widget)

    @property
    def hint_id(self) -> str:
        return f"{self.auto_id}-hint" if self.auto_id else ""

    @property
    def error_id(self) -> str:
        return f"{self.auto_id}-error" if self.auto_id else ""

    @property
    def first_input_id(self) -> str:
        return first_input_id(self)

    @property
    def error_target_id(self) -> str:
        return error_target_id(self)

    @property
    def aria_describedby(self) -> str:
        ids = []
        if self.auto_id and not self.is_hidden:
            if self.help_text:
                ids.append(self.hint_id)
            if self.errors:
                ids.append(self.error_id)
        return " ".join(ids)

    @property
    def is_page_heading(self) -> bool:
        return bool(self.name) and getattr(self.form, "page_heading", None) == self.name

    @property
    def size(self) -> str:
        """'s', 'm', 'l' or 'xl' for govuk-label--SIZE / govuk-fieldset__legend--SIZE."""
        sizes = getattr(self.form, "label_sizes", None) or {}
        return sizes.get(self.name) or ("l" if self.is_page_heading else "")

    @property
    def container_classes(self) -> str:
        """Classes from the widget's attrs for the radios / checkboxes container."""
        return str(self.field.widget.attrs.get("class", "")).strip()

    def build_widget_attrs(self, attrs, widget=None):
        widget = widget or self.field.widget
        attrs = super().build_widget_attrs(attrs, widget)
        kind = widget_kind(widget)
        own = str(widget.attrs.get("class", "")).strip()
        has_errors = bool(self.errors)
        classes: list[str] = []
        if kind in _INPUT_CLASSES:
            base = _INPUT_CLASSES[kind]
            classes = [base, f"{base}--error" if has_errors else "", own]
            if isinstance(widget, forms.EmailInput | forms.PasswordInput):
                attrs.setdefault("spellcheck", "false")
        elif kind == "radios":
            classes = ["govuk-radios__input"]  # the widget's own classes go on the container
        elif kind in ("checkboxes", "checkbox"):
            classes = ["govuk-checkboxes__input"]
        elif kind in ("date", "datetime"):
            attrs[_ERROR_PARTS] = error_parts(self) if has_errors else None
        if classes:
            attrs["class"] = " ".join(c for c in classes if c)
        # Keep an aria-describedby that the widget was given, as well as ours.
        given = widget.attrs.get("aria-describedby")
        if given and attrs.get("aria-describedby") and given not in attrs["aria-describedby"]:
            attrs["aria-describedby"] = f"{given} {attrs['aria-describedby']}"
        return attrs


class GovUKFormRenderer(TemplatesSetting):
    """Renders forms and fields with the templates in core/templates/govuk/forms/.

    Uses the project's TEMPLATES engine ('django.forms' is in INSTALLED_APPS,
    so Django's widget templates are still found).
    """

    form_template_name = "govuk/forms/form.html"
    field_template_name = "govuk/forms/field.html"
    bound_field_class = GovUKBoundField


# ---------------------------------------------------------------------------
# Form mixin


def _django_default(field: forms.Field, key: str) -> str | None:
    for cls in type(field).__mro__:
        message = getattr(cls, "default_error_messages", {}).get(key)
        if message is not None:
            return str(message)
    return None


def _is_default(field: forms.Field, key: str) -> bool:
    if key not in field.error_messages:
        return True
    return str(field.error_messages[key]) == _django_default(field, key)


class GovUKForm:
    """Mixin for a Form or ModelForm: ``class F(GovUKForm, forms.Form)``.

    - renders with the GOV.UK templates and :class:`GovUKBoundField` whatever
      FORM_RENDERER is;
    - no HTML5 ``required`` attributes (server-side validation only);
    - Django's stock error messages are replaced by GOV.UK-style ones naming the
      field; messages a field was given explicitly are kept.

    ``page_heading``: name of the field whose label or legend is the page's ``<h1>``
    (a one-question page). ``label_sizes``: field name -> 's' | 'm' | 'l' | 'xl'.
    """

    template_name = "govuk/forms/form.html"
    # Typed as BaseForm declares them, so the mixin combines with Form and ModelForm.
    default_renderer: BaseRenderer | type[BaseRenderer] | None = GovUKFormRenderer
    bound_field_class: type[BoundField] | None = GovUKBoundField
    use_required_attribute = False
    page_heading: str | None = None
    label_sizes: dict[str, str] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            label = str(self[name].label)  # type: ignore[index]
            field.error_label = label
            self.govuk_error_messages(field, label)

    @staticmethod
    def govuk_error_messages(field: forms.Field, label: str) -> None:
        kind = widget_kind(field.widget)
        lower = _lower_first(label)
        # Labels go into messages that Django %-formats with params.
        safe_label = label.replace("%", "%%")
        messages: dict[str, str] = {}
        choose = kind in ("radios", "checkboxes", "checkbox", "select")
        messages["required"] = f"Select {lower}" if choose else f"Enter {lower}"
        if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
            messages["invalid_choice"] = f"Select {lower}"
        if isinstance(field, forms.EmailField):
            messages["invalid"] = (
                "Enter an email address in the correct format, like name@example.com"
            )
        elif isinstance(field, forms.IntegerField):
            messages["invalid"] = f"{safe_label} must be a whole number"
        elif isinstance(field, forms.DecimalField | forms.FloatField):
            messages["invalid"] = f"{safe_label} must be a number"
        if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
            messages["max_value"] = f"{safe_label} must be %(limit_value)s or less"
            messages["min_value"] = f"{safe_label} must be %(limit_value)s or more"
        if isinstance(field, forms.CharField):
            messages["max_length"] = f"{safe_label} must be %(limit_value)d characters or fewer"
            messages["min_length"] = f"{safe_label} must be %(limit_value)d characters or more"
        for key, message in messages.items():
            if _is_default(field, key):
                field.error_messages[key] = message


# ---------------------------------------------------------------------------
# Dates


class GovUKDateInput(forms.MultiWidget):
    """Day, month and year text inputs in a ``govuk-date-input``.

    Names are ``<name>_day``, ``<name>_month``, ``<name>_year``; ids
    ``id_<name>_day`` etc. ``autocomplete="bday"`` marks a date of birth.
    """

    template_name = "govuk/forms/widgets/date_input.html"
    govuk_kind = "date"
    parts: tuple[str, ...] = ("day", "month", "year")
    part_labels = {"day": "Day", "month": "Month", "year": "Year", "time": "Time"}
    part_widths = {"day": 2, "month": 2, "year": 4, "time": 5}

    def __init__(self, attrs: dict[str, Any] | None = None, autocomplete: str | None = None):
        self.autocomplete = autocomplete
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {
            part: forms.TextInput(attrs=self.part_attrs(part)) for part in self.parts
        }
        super().__init__(widgets, attrs)

    def part_attrs(self, part: str) -> dict[str, str]:
        attrs = {"inputmode": "numeric"}
        if self.autocomplete == "bday":
            attrs["autocomplete"] = f"bday-{part}"
        return attrs

    @staticmethod
    def part_id(id_: str, part: str) -> str:
        return f"{id_}_{part}"

    def id_for_label(self, id_):
        return self.part_id(id_, self.parts[0]) if id_ else ""

    def decompress(self, value):
        if isinstance(value, dt.datetime):
            value = _london(value).date()
        if isinstance(value, dt.date):
            return [str(value.day), str(value.month), str(value.year)]
        return [None] * len(self.parts)

    def get_context(self, name, value, attrs):
        attrs = dict(attrs or {})
        in_error = attrs.pop(_ERROR_PARTS, None)
        context = super().get_context(name, value, attrs)
        id_ = context["widget"]["attrs"].get("id")
        context["widget"]["container_classes"] = str(self.attrs.get("class", "")).strip()
        for part, sub in zip(self.parts, context["widget"]["subwidgets"], strict=True):
            sub_attrs = sub["attrs"]
            if id_:
                sub_attrs["id"] = self.part_id(id_, part)
            part_in_error = in_error is not None and (in_error == _ALL_PARTS or part in in_error)
            classes = ["govuk-input"]
            if part != "time":
                classes.append("govuk-date-input__input")
            classes.append(f"govuk-input--width-{self.part_widths[part]}")
            if part_in_error:
                classes.append("govuk-input--error")
            else:
                sub_attrs.pop("aria-invalid", None)
            sub_attrs["class"] = " ".join(classes)
            sub["govuk_part"] = part
            sub["govuk_label"] = self.part_labels[part]
        return context


class GovUKDateTimeInput(GovUKDateInput):
    """Day, month, year and a time ("14:05") input."""

    template_name = "govuk/forms/widgets/datetime_input.html"
    govuk_kind = "datetime"
    parts = ("day", "month", "year", "time")

    def part_attrs(self, part: str) -> dict[str, str]:
        if part == "time":
            return {"autocomplete": "off", "spellcheck": "false"}
        return super().part_attrs(part)

    def decompress(self, value):
        if isinstance(value, dt.datetime):
            local = _london(value)
            return [str(local.day), str(local.month), str(local.year), local.strftime("%H:%M")]
        return [None] * len(self.parts)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        time = context["widget"]["subwidgets"][3]
        if time["attrs"].get("id"):
            time["attrs"]["aria-describedby"] = f"{time['attrs']['id']}-hint"
        context["widget"]["date_subwidgets"] = context["widget"]["subwidgets"][:3]
        context["widget"]["time_subwidget"] = time
        return context


_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}

DateLimit = dt.date | Callable[[], dt.date] | None


def _english_list(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


class _GovUKDateParts(forms.Field):
    """Shared parsing for the date and date-time fields."""

    error_label: str = ""

    default_error_messages = {
        "incomplete": "%(label)s must include a %(missing)s",
        "invalid": "%(label)s must be a real date",
        "year_digits": "Year must include 4 numbers",
        "future": "%(label)s must be today or in the past",
        "past": "%(label)s must be today or in the future",
        "min_date": "%(label)s must be the same as or after %(limit)s",
        "max_date": "%(label)s must be the same as or before %(limit)s",
    }

    def __init__(
        self,
        *,
        allow_future: bool = True,
        allow_past: bool = True,
        min_date: DateLimit = None,
        max_date: DateLimit = None,
        **kwargs: Any,
    ) -> None:
        self.allow_future = allow_future
        self.allow_past = allow_past
        self.min_date = min_date
        self.max_date = max_date
        super().__init__(**kwargs)

    @property
    def message_label(self) -> str:
        return _upper_first(str(self.error_label or self.label or "Date"))

    def _error(
        self, code: str, parts: Iterable[str] | None = None, **params: Any
    ) -> ValidationError:
        params = {"label": self.message_label, **params}
        if parts is not None:
            params["parts"] = list(parts)
        return ValidationError(self.error_messages[code], code=code, params=params)

    def _parse_date(self, day: str, month: str, year: str) -> dt.date:
        supplied = {"day": day, "month": month, "year": year}
        missing = [part for part, text in supplied.items() if not text]
        if missing:
            raise self._error("incomplete", parts=missing, missing=_english_list(missing))

        bad: list[str] = []
        day_n = int(day) if re.fullmatch(r"\d{1,2}", day) else None
        if month.isdigit() and len(month) <= 2:
            month_n: int | None = int(month)
        else:
            month_n = _MONTHS.get(month.lower().rstrip("."))
        if day_n is None or not 1 <= day_n <= 31:
            bad.append("day")
        if month_n is None or not 1 <= month_n <= 12:
            bad.append("month")
        if not year.isdigit():
            bad.append("year")
        elif len(year) != 4:
            if bad:
                raise self._error("invalid", parts=[*bad, "year"])
            raise self._error("year_digits", parts=["year"])
        if bad:
            raise self._error("invalid", parts=bad)
        try:
            return dt.date(int(year), month_n, day_n)  # type: ignore[arg-type]
        except ValueError:
            raise self._error("invalid", parts=["day"]) from None

    @staticmethod
    def _limit(limit: DateLimit) -> dt.date | None:
        return limit() if callable(limit) else limit

    def _check_limits(self, value: dt.date, today: dt.date) -> None:
        if not self.allow_future and value > today:
            raise self._error("future")
        if not self.allow_past and value < today:
            raise self._error("past")
        min_date, max_date = self._limit(self.min_date), self._limit(self.max_date)
        if min_date and value < min_date:
            raise self._error("min_date", limit=_format_date(min_date))
        if max_date and value > max_date:
            raise self._error("max_date", limit=_format_date(max_date))

    @staticmethod
    def _parts(value: Any, count: int) -> list[str]:
        parts = [("" if v is None else str(v)).strip() for v in value]
        return (parts + [""] * count)[:count]


def _format_date(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


class GovUKDateField(_GovUKDateParts):
    """A date entered as day, month and year; cleans to a ``datetime.date``.

    Messages (with the field's label): "Date of birth must include a month",
    "Date of birth must be a real date", "Year must include 4 numbers"; an empty
    date gives the field's ``required`` message. ``allow_future=False`` rejects
    dates after today (Europe/London); ``min_date``/``max_date`` take a date or
    a callable returning one. The month may be typed as a name ("Mar").
    """

    widget = GovUKDateInput

    def to_python(self, value: Any) -> dt.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return _london(value).date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                raise self._error("invalid") from None
        day, month, year = self._parts(value, 3)
        if not (day or month or year):
            return None
        return self._parse_date(day, month, year)

    def validate(self, value: dt.date | None) -> None:
        super().validate(value)
        if value is not None:
            self._check_limits(value, timezone.localdate(timezone=LONDON))


_TIME = re.compile(
    r"^(?P<hour>\d{1,2})(?:\s*[:.]\s*(?P<minute>\d{2}))?\s*(?P<ampm>[ap])?\.?\s*(?:m\.?)?$",
    re.IGNORECASE,
)


class GovUKDateTimeField(_GovUKDateParts):
    """A date (day, month, year) and a time ("14:05"); cleans to an aware
    ``datetime`` in Europe/London.

    The time is 24-hour "HH:MM"; "2:05pm" and "14.05" are accepted too. A time
    that did not happen (the hour the clocks go forward) is rejected; a time
    that happened twice (the hour they go back) is taken as the first, in BST.
    ``allow_future=False`` rejects anything later than now.
    """

    widget = GovUKDateTimeInput

    default_error_messages = {
        "invalid_time": "%(label)s must include a real time, like 09:30 or 14:05",
        "nonexistent_time": (
            "%(label)s must be a real time: the clocks went forward at 1am that night, "
            "so there was no time between 1am and 2am"
        ),
        "future_time": "%(label)s must be now or in the past",
        "past_time": "%(label)s must be now or in the future",
    }

    def to_python(self, value: Any) -> dt.datetime | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            if timezone.is_naive(value):
                return value.replace(tzinfo=LONDON)
            return value.astimezone(LONDON)
        day, month, year, time_text = self._parts(value, 4)
        if not (day or month or year or time_text):
            return None
        supplied = {"day": day, "month": month, "year": year, "time": time_text}
        missing = [part for part, text in supplied.items() if not text]
        if missing:
            raise self._error("incomplete", parts=missing, missing=_english_list(missing))
        date = self._parse_date(day, month, year)
        time = self._parse_time(time_text)
        local = dt.datetime.combine(date, time, tzinfo=LONDON)
        if local.astimezone(dt.UTC).astimezone(LONDON).replace(tzinfo=None) != local.replace(
            tzinfo=None
        ):
            raise self._error("nonexistent_time", parts=["time"])
        return local

    def has_changed(self, initial: Any, data: Any) -> bool:
        # The form holds minutes only: a stored 14:05:37 is not a change to 14:05.
        if isinstance(initial, dt.datetime):
            initial = initial.replace(second=0, microsecond=0)
        return super().has_changed(initial, data)

    def _parse_time(self, text: str) -> dt.time:
        match = _TIME.match(text.strip())
        if not match:
            raise self._error("invalid_time", parts=["time"])
        hour = int(match["hour"])
        minute = int(match["minute"] or 0)
        ampm = (match["ampm"] or "").lower()
        if not ampm and match["minute"] is None:
            raise self._error("invalid_time", parts=["time"])
        if ampm:
            if not 1 <= hour <= 12:
                raise self._error("invalid_time", parts=["time"])
            hour = hour % 12 + (12 if ampm == "p" else 0)
        if not (0 <= hour <= 23 and 0 <= minute <= 59):
            raise self._error("invalid_time", parts=["time"])
        return dt.time(hour, minute)

    def validate(self, value: dt.datetime | None) -> None:
        forms.Field.validate(self, value)
        if value is None:
            return
        now = timezone.now()
        if not self.allow_future and value > now:
            raise self._error("future_time")
        if not self.allow_past and value < now:
            raise self._error("past_time")
        local_date = value.astimezone(LONDON).date()
        min_date, max_date = self._limit(self.min_date), self._limit(self.max_date)
        if min_date and local_date < min_date:
            raise self._error("min_date", limit=_format_date(min_date))
        if max_date and local_date > max_date:
            raise self._error("max_date", limit=_format_date(max_date))


__all__ = [
    "LONDON",
    "GovUKBoundField",
    "GovUKDateField",
    "GovUKDateInput",
    "GovUKDateTimeField",
    "GovUKDateTimeInput",
    "GovUKForm",
    "GovUKFormRenderer",
    "error_target_id",
    "first_input_id",
    "non_field_errors_id",
    "widget_kind",
]
