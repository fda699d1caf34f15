"""Dates and times as practitioners read them in messages.

"3 March 2025", "3 March 2025 at 14:05".
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def long_date(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def long_datetime(value: dt.datetime) -> str:
    local = timezone.localtime(value)
    return f"{long_date(local.date())} at {local:%H:%M}"


def english_list(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
