"""Building plans through the services, as the pages and the generator do, and small
helpers for the tests."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from opencsc.plans import services
from tests.plans.conftest import REFERRAL, TODAY

D = dt.timedelta
PLAN_START = REFERRAL + D(days=14)


def refused(call, **kwargs) -> ValidationError:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as info:
        call(**kwargs)
    return info.value


def messages(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def start(episode, actor, on=PLAN_START, **kwargs):  # type: ignore[no-untyped-def]
    return services.cin_plan_start(actor=actor, episode=episode, start_date=on, **kwargs)


def end(plan, actor, on=TODAY, reason="outcomes_met", version=None):  # type: ignore[no-untyped-def]
    return services.cin_plan_end(
        actor=actor,
        plan=plan,
        expected_version=plan.version if version is None else version,
        end_date=on,
        reason=reason,
    )


def url(name: str, **kwargs: object) -> str:
    return reverse(f"plans:{name}", kwargs=kwargs)


def date_fields(name: str, value: dt.date) -> dict[str, str]:
    return {
        f"{name}_day": str(value.day),
        f"{name}_month": str(value.month),
        f"{name}_year": str(value.year),
    }


def get_as(client, user, path):  # type: ignore[no-untyped-def]
    client.force_login(user)
    return client.get(path)
