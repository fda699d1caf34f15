"""GOV.UK Design System helpers for templates: ``{% load govuk %}``.

Filters: ``govuk_date`` ("3 March 2026"), ``govuk_datetime`` ("3 March 2026 at 2:05pm").
Tags: ``{% govuk_tag text colour %}``, ``{% url_or_none "ns:name" arg as u %}``,
``{% govuk_error_summary form [form2 ...] %}``,
``{% summary_row key value href=... action_text="Change" %}``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.forms.boundfield import BoundField
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html

from opencsc.core.forms import LONDON, error_target_id, non_field_errors_id

register = template.Library()

TAG_COLOURS = frozenset(
    {"grey", "green", "turquoise", "teal", "purple", "magenta", "pink", "red", "orange", "yellow"}
)


def _local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value, LONDON) if timezone.is_aware(value) else value


@register.filter
def govuk_date(value: Any) -> str:
    """A date in GOV.UK style: 3 March 2026. Datetimes are shown in UK time."""
    if value in (None, ""):
        return ""
    if isinstance(value, dt.datetime):
        value = _local(value).date()
    if not isinstance(value, dt.date):
        return str(value)
    return f"{value.day} {value:%B %Y}"


def govuk_time(value: dt.time | dt.datetime) -> str:
    """2:05pm, 10am, midday, midnight."""
    hour, minute = value.hour, value.minute
    if minute == 0 and hour == 12:
        return "midday"
    if minute == 0 and hour == 0:
        return "midnight"
    suffix = "am" if hour < 12 else "pm"
    hour12 = hour % 12 or 12
    return f"{hour12}{suffix}" if minute == 0 else f"{hour12}:{minute:02d}{suffix}"


@register.filter
def govuk_datetime(value: Any) -> str:
    """A date and time in GOV.UK style, in UK time: 3 March 2026 at 2:05pm."""
    if value in (None, ""):
        return ""
    if not isinstance(value, dt.datetime):
        return govuk_date(value)
    local = _local(value)
    return f"{govuk_date(local.date())} at {govuk_time(local)}"


@register.simple_tag
def govuk_tag(text: Any, colour: str | None = None, classes: str = "") -> str:
    """``<strong class="govuk-tag govuk-tag--COLOUR">text</strong>``.

    Colours: grey, green, turquoise, teal, purple, magenta, pink, red, orange,
    yellow; none (or "blue", or an unknown one) gives the default blue tag.
    """
    colour = (colour or "").strip().lower()
    css = "govuk-tag"
    if colour in TAG_COLOURS:
        css += f" govuk-tag--{colour}"
    if classes:
        css += f" {classes}"
    return format_html('<strong class="{}">{}</strong>', css, text)


@register.simple_tag(takes_context=True)
def route_allowed(context: Any, name: str) -> bool:
    """Whether the signed-in user's role may open the route (for menus and links)."""
    from opencsc.accounts.policy import may_use

    user = getattr(context.get("request"), "user", None)
    return bool(user and user.is_authenticated and may_use(getattr(user, "role", ""), name))


@register.simple_tag
def url_or_none(name: str, *args: Any, **kwargs: Any) -> str | None:
    """Like ``{% url %}`` but gives None when the name does not resolve.

    ``{% url_or_none "people:person-search" as u %}{% if u %}...{% endif %}``
    """
    try:
        return reverse(name, args=args or None, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


def error_summary_items(*forms: Any) -> list[dict[str, str | None]]:
    """The error summary's list: one item per error, linked to the input in error.

    Accepts forms and formsets (None is skipped). Non-field errors come first,
    linked to where the form shows them; then fields in the order of the form.
    """
    items: list[dict[str, str | None]] = []
    for form in forms:
        if form is None:
            continue
        if hasattr(form, "forms"):  # a formset
            for error in form.non_form_errors():
                items.append({"text": str(error), "href": None})
            for sub in form.forms:
                items.extend(error_summary_items(sub))
            continue
        if not form.is_bound or not form.errors:
            continue
        for error in form.non_field_errors():
            items.append({"text": str(error), "href": f"#{non_field_errors_id(form)}"})
        for bound_field in form:
            if not bound_field.errors:
                continue
            # A hidden field's errors are shown with the form's own errors.
            href: str | None
            if bound_field.is_hidden:
                href = f"#{non_field_errors_id(form)}"
            else:
                target = _target(bound_field)
                href = f"#{target}" if target else None
            for error in bound_field.errors:
                items.append({"text": str(error), "href": href})
    return items


def _target(bound_field: BoundField) -> str:
    target = getattr(bound_field, "error_target_id", None)
    return target if target is not None else error_target_id(bound_field)


@register.simple_tag
def govuk_error_summary(*forms: Any) -> str:
    """The GOV.UK error summary for one or more forms; empty when there are no errors.

    Put it at the top of the main content, before the ``<h1>``.
    """
    items = error_summary_items(*forms)
    if not items:
        return ""
    return render_to_string("govuk/forms/error_summary.html", {"items": items})


@register.inclusion_tag("govuk/summary_row.html")
def summary_row(
    key: Any,
    value: Any = None,
    href: str | None = None,
    action_text: str = "Change",
    visually_hidden: str | None = None,
    empty: str = "Not recorded",
    spacer: bool = False,
) -> dict[str, Any]:
    """One ``govuk-summary-list__row``.

    ``{% summary_row "Date of birth" person.date_of_birth|govuk_date href=edit_url %}``
    gives a "Change" link whose hidden text is "date of birth". ``spacer=True`` on a
    row without a link, in a list where other rows have one, keeps the columns
    aligned (``govuk-summary-list__row--no-actions``).
    """
    if visually_hidden is None:
        text = str(key)
        visually_hidden = text[:1].lower() + text[1:] if text[1:2].islower() else text
    return {
        "key": key,
        "value": value,
        "is_empty": value is None or value == "" or value == [],
        "empty": empty,
        "href": href,
        "action_text": action_text,
        "visually_hidden": visually_hidden,
        "spacer": spacer and not href,
    }
