"""Shared by the health and missing tests (no tests here): periods of care built with the
models directly (helper A's services are written beside these), and a URL configuration
that includes the health routes under ``care:`` until care/urls.py does."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import include, path

from opencsc import urls as root
from opencsc.care import urls as care_urls
from opencsc.care.health_urls import health_urlpatterns
from opencsc.care.models import CareEpisode, CarePeriod
from tests.factories import UserFactory

D = dt.timedelta


def make_period(  # type: ignore[no-untyped-def]
    child,
    episode,
    start: dt.date,
    end: dt.date | None = None,
    *,
    end_reason: str = "E4A",
    legal_status: str = "C2",
    moves: tuple[dt.date, ...] = (),
) -> CarePeriod:
    """A period of care from ``start`` with an episode, a new one (RNE P) on each day in
    ``moves``, ended on ``end`` with ``end_reason`` when given."""
    user = UserFactory()
    period = CarePeriod.objects.create(
        child=child,
        episode=episode,
        start_date=start,
        end_date=end,
        end_reason=end_reason if end else "",
        recorded_by=user,
    )
    starts = [start, *moves]
    for i, on in enumerate(starts):
        last = i == len(starts) - 1
        ends = (end if last else starts[i + 1]) if (end or not last) else None
        CareEpisode.objects.create(
            period=period,
            child=child,
            start_date=on,
            reason_new_episode="S" if i == 0 else "P",
            legal_status=legal_status,
            category_of_need="N1",
            placement="U6",
            provider="PR1",
            carer=f"Carer {i}",
            end_date=ends,
            end_reason=("" if ends is None else ("X1" if not last else end_reason)),
            recorded_by=user,
        )
    return period


def refused(call, **kwargs) -> ValidationError:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as info:
        call(**kwargs)
    return info.value


def text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def date_fields(name: str, value: dt.date) -> dict[str, str]:
    return {
        f"{name}_day": str(value.day),
        f"{name}_month": str(value.month),
        f"{name}_year": str(value.year),
    }


_names = {getattr(p, "name", None) for p in care_urls.urlpatterns}
_care = list(care_urls.urlpatterns)
if "health-summary" not in _names:
    _care += health_urlpatterns
urlpatterns = [p for p in root.urlpatterns if getattr(p, "namespace", None) != "care"] + [
    path("care/", include((_care, "care")))
]


@pytest.fixture
def health_urls(settings):  # type: ignore[no-untyped-def]
    """The health routes under ``care:``, whether or not care/urls.py has them yet."""
    settings.ROOT_URLCONF = __name__
