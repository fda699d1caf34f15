"""Building periods of care through the services, as the pages and the generator do."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from opencsc.care import services
from tests.care.conftest import REFERRAL

D = dt.timedelta
START = REFERRAL + D(days=10)  # Thursday 15 January 2026

FOSTER = {
    "legal_status": "V2",
    "placement": "U6",
    "provider": "PR1",
    "carer": "Mr and Mrs Foster",
    "placement_postcode": "CW1 1AB",
    "urn": "SC123456",
}


def start(child, actor, on=START, **kwargs):  # type: ignore[no-untyped-def]
    fields = {**FOSTER, **kwargs}
    return services.period_start(actor=actor, child=child, start_date=on, **fields)


def change(period, actor, on, **kwargs):  # type: ignore[no-untyped-def]
    return services.care_change(actor=actor, period=period, on=on, **kwargs)


def refused(call, **kwargs) -> ValidationError:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as info:
        call(**kwargs)
    return info.value


def messages(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def rows(period) -> list[tuple]:  # type: ignore[no-untyped-def]
    """The period's episodes as (DECOM, RNE, LS, PLACE, DEC, REC, REASON_PLACE_CHANGE)."""
    return list(
        period.episodes.order_by("start_date", "pk").values_list(
            "start_date",
            "reason_new_episode",
            "legal_status",
            "placement",
            "end_date",
            "end_reason",
            "reason_place_change",
        )
    )


def url(name: str, **kwargs: object) -> str:
    return reverse(f"care:{name}", kwargs=kwargs)


def date_fields(name: str, value: dt.date) -> dict[str, str]:
    return {
        f"{name}_day": str(value.day),
        f"{name}_month": str(value.month),
        f"{name}_year": str(value.year),
    }
