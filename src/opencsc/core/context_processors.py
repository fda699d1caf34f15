"""Template context for every page."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def service(request: HttpRequest) -> dict[str, object]:
    """The authority's name for the header, and whether the data is synthetic."""
    return {
        "la_name": settings.OPENCSC_LA_NAME,
        "synthetic_data": settings.SYNTHETIC_DATA,
    }
