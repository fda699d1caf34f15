"""Display helpers for people: ``{% load people %}``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils import timezone

from opencsc.core.identifiers import format_nhs_number

register = template.Library()


@register.filter
def nhs(value: Any) -> str:
    """An NHS number as people read it: 943 476 5919."""
    return format_nhs_number(value) if value else ""


@register.filter
def age(person: Any) -> str:
    """'7 years', '10 months', '3 weeks'; '' for the unborn or without a date of birth."""
    born = getattr(person, "date_of_birth", None)
    if not born:
        return ""
    until = getattr(person, "date_of_death", None) or timezone.localdate()
    years = until.year - born.year - ((until.month, until.day) < (born.month, born.day))
    if years >= 2:
        return f"{years} years"
    months = (until.year - born.year) * 12 + until.month - born.month - (until.day < born.day)
    if months >= 1:
        return f"{months} month{'s' if months != 1 else ''}"
    weeks = (until - born).days // 7
    return f"{weeks} week{'s' if weeks != 1 else ''}"


@register.filter
def yes_no(value: Any) -> str:
    return "Yes" if value else "No"


@register.filter
def days_left(value: int | None) -> str:
    """Working days remaining, in words: 'Due today', '3 working days overdue'."""
    if value is None:
        return ""
    if value == 0:
        return "Due today"
    if value < 0:
        n = -value
        return f"{n} working day{'s' if n != 1 else ''} overdue"
    return f"{value} working day{'s' if value != 1 else ''}"


@register.filter
def is_past(value: dt.date | None) -> bool:
    return value is not None and value < timezone.localdate()
