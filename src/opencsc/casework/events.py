"""The events of a chronology: what each one says, and how they sort (newest first)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from opencsc.core.working_days import LONDON


class EventKind(models.TextChoices):
    PERSON = "person", "Birth and death"
    CONTACT = "contact", "Contacts"
    EARLY_HELP = "early_help", "Early help"
    REFERRAL = "referral", "Referrals and episodes"
    ALLOCATION = "allocation", "Allocations and transfers"
    ASSESSMENT = "assessment", "Assessments"
    CHILD_SEEN = "child_seen", "Child seen"
    PROTECTION = "protection", "Child protection"
    CIN_PLAN = "cin_plan", "Child in need plans"
    VISIT = "visit", "Statutory visits"
    NOTE = "note", "Case notes"
    OVERSIGHT = "oversight", "Management oversight"
    SUPERVISION = "supervision", "Supervision"
    CHANGE = "change", "Changes of circumstances"


# Within one day the events read in the order of the child's journey (newest first on
# the page means the highest rank on top).
RANK = {
    "born": 0,
    "contact": 1,
    "decided": 2,
    "early_help": 3,
    "referral": 4,
    "allocation": 5,
    "assessment": 6,
    "child_seen": 7,
    # Child protection (WT2023 ch.3): police powers first, then the strategy discussion,
    # the enquiry it starts, its conclusion, the conference, and the plan it makes.
    "emergency_power": 8,
    "strategy": 9,
    "enquiry": 10,
    "enquiry_completed": 11,
    "conference": 12,
    "plan": 13,
    "plan_review": 14,
    "visit": 15,
    "note": 16,
    "change": 17,
    "supervision": 18,
    "oversight": 19,
    "transition": 20,
    "ended": 21,
    "closed": 22,
    "died": 23,
}

_MIN_AT = dt.datetime.min.replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class Event:
    kind: str
    on: dt.date
    title: str
    detail: str = ""
    by: str = ""
    at: dt.datetime | None = None
    url: str = ""
    lines: tuple[str, ...] = ()
    rank: int = 0
    tag: str = ""
    sort_extra: tuple[Any, ...] = field(default=(), compare=False)

    @property
    def kind_label(self) -> str:
        return EventKind(self.kind).label

    def sort_key(self) -> tuple[Any, ...]:
        return (self.on, self.rank, self.at or _MIN_AT, *self.sort_extra)


def user_name(user: Any) -> str:
    return str(user) if user is not None else ""


def local_date(value: dt.datetime) -> dt.date:
    return timezone.localtime(value, LONDON).date()


def date_text(value: dt.date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


def clip(text: str, limit: int = 400) -> str:
    text = (text or "").strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


_url_cache: dict[str, bool] = {}


def page_url(name: str, pk: int) -> str:
    """A link when the page exists (other apps' pages may not be built yet)."""
    if _url_cache.get(name) is False:
        return ""
    try:
        url = reverse(name, args=[pk])
    except NoReverseMatch:
        _url_cache[name] = False
        return ""
    _url_cache[name] = True
    return url


def choice_label(choices: type[models.TextChoices], value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value
