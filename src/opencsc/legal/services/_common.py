"""Shared checks for the legal services: dates and who may decide."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from opencsc.accounts.access import MANAGER_ROLES


def format_date(value: dt.date) -> str:
    """3 March 2026, as GOV.UK writes dates in messages."""
    return f"{value.day} {value:%B %Y}"


def today() -> dt.date:
    return timezone.localdate()


def clean_text(value: Any) -> str:
    return str(value or "").strip()


def is_manager(user: Any) -> bool:
    return getattr(user, "role", None) in MANAGER_ROLES


def past_date_error(value: Any, what: str) -> str | None:
    """The message for a missing or future date, or None when the date is fine."""
    if not isinstance(value, dt.date):
        return f"Enter the {what}"
    if value > today():
        return f"The {what} must be today or in the past"
    return None
