"""Shared checks for the child protection services: dates, the episode, rows of people."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from opencsc.core.working_days import LONDON
from opencsc.protection.models import StrategyAgency

if TYPE_CHECKING:
    from opencsc.casework.models import CINEpisode

AGENCIES = frozenset(StrategyAgency.values)
NAME_MAX = 120


def format_date(value: dt.date) -> str:
    """3 March 2026, as GOV.UK writes dates in messages."""
    return f"{value.day} {value:%B %Y}"


def today() -> dt.date:
    return timezone.localdate()


def london_date(value: dt.datetime) -> dt.date:
    """The UK calendar day of a moment (statutory clocks run on local days)."""
    return aware(value).astimezone(LONDON).date()


def aware(value: dt.datetime) -> dt.datetime:
    """Naive datetimes are taken as UK local time, as the forms give them."""
    if timezone.is_naive(value):
        return value.replace(tzinfo=LONDON)
    return value


def refuse_unless_episode_open(episode: CINEpisode) -> None:
    if not episode.is_open:
        # CIN census 8565: nothing may be recorded after the episode's closure date.
        raise ValidationError(
            f"This referral's episode closed on {format_date(episode.closure_date)}: "  # type: ignore[arg-type]
            "record a new referral first (CIN census 8565)."
        )
    if episode.referral_nfa:
        # CIN census 8831/8832: a referral marked no further action carries no child
        # protection activity.
        raise ValidationError(
            "This referral was marked no further action, so it cannot carry child "
            "protection work (CIN census 8831, 8832). Record a new referral first."
        )


def clean_text(value: Any) -> str:
    return str(value or "").strip()


def clean_people(
    rows: Iterable[Iterable[Any]], *, what: str, width: int
) -> tuple[list[tuple[Any, ...]], list[str]]:
    """Rows of (agency, name, role, ...) with the agency code checked and the name given.

    Returns the cleaned rows and messages ("Participant 2: select their agency").
    """
    cleaned: list[tuple[Any, ...]] = []
    messages: list[str] = []
    for n, row in enumerate(rows, start=1):
        values = list(row)
        values += [""] * (width - len(values))
        agency, name, role = clean_text(values[0]), clean_text(values[1]), clean_text(values[2])
        if agency not in AGENCIES:
            messages.append(f"{what} {n}: select their agency from the list")  # noqa: S608
        if not name:
            messages.append(f"{what} {n}: enter their name")
        elif len(name) > NAME_MAX:
            messages.append(f"{what} {n}: the name must be {NAME_MAX} characters or fewer")
        if len(role) > NAME_MAX:
            messages.append(f"{what} {n}: the role must be {NAME_MAX} characters or fewer")
        cleaned.append((agency, name, role, *values[3:width]))
    return cleaned, messages
