"""Legal planning pages, split by the record they are about."""

from opencsc.legal.views.planning import (
    meeting_new,
    plo_detail,
    plo_edit,
    plo_end,
    plo_review_new,
)
from opencsc.legal.views.proceedings import (
    hearing_new,
    order_new,
    proceedings_detail,
    proceedings_new,
)
from opencsc.legal.views.tracker import tracker

__all__ = [
    "hearing_new",
    "meeting_new",
    "order_new",
    "plo_detail",
    "plo_edit",
    "plo_end",
    "plo_review_new",
    "proceedings_detail",
    "proceedings_new",
    "tracker",
]
