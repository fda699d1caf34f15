"""GOV.UK pagination links for a Django ``Page``, keeping the rest of the query string."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page
from django.http import HttpRequest


def _href(request: HttpRequest, number: int) -> str:
    query = request.GET.copy()
    query["page"] = str(number)
    return "?" + query.urlencode()


def pagination(request: HttpRequest, page: Page | None) -> dict[str, Any] | None:
    """What ``insight/_pagination.html`` needs, or None when everything fits on one page."""
    if page is None or page.paginator.num_pages <= 1:
        return None
    items: list[dict[str, Any]] = []
    for number in page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1):
        if isinstance(number, str):  # page.paginator.ELLIPSIS; the rest are page numbers
            items.append({"ellipsis": True})
        else:
            items.append(
                {"number": number, "href": _href(request, number), "current": number == page.number}
            )
    return {
        "items": items,
        "previous": _href(request, page.previous_page_number()) if page.has_previous() else None,
        "next": _href(request, page.next_page_number()) if page.has_next() else None,
    }
