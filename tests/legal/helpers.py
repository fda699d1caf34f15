"""Building legal records through the services, as the pages and the generator do."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from opencsc.legal import services
from opencsc.legal.models import PreProceedings
from tests.legal.conftest import REFERRAL

D = dt.timedelta
DECIDED = REFERRAL + D(days=14)  # Monday 19 January 2026


def open_plo(child, manager, on=DECIDED) -> PreProceedings:  # type: ignore[no-untyped-def]
    meeting = services.legal_meeting_record(
        actor=manager,
        child=child,
        held_on=on,
        chair=manager,
        decision="pre_proceedings",
        rationale="Neglect continues despite the child in need plan",
    )
    return PreProceedings.objects.get(meeting=meeting)


def refused(call, **kwargs) -> ValidationError:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as info:
        call(**kwargs)
    return info.value


def date_fields(name: str, value: dt.date) -> dict[str, str]:
    return {
        f"{name}_day": str(value.day),
        f"{name}_month": str(value.month),
        f"{name}_year": str(value.year),
    }
