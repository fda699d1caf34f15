"""Every write to the legal record: legal planning meetings, pre-proceedings under the
Public Law Outline, care proceedings, hearings and court orders.

Each service is keyword-only, runs in one transaction and raises ``ValidationError``
saying what to fix; the rules cite PD12A, the Public Law Working Group's guidance
(PLWG 2021) and the Children Act 1989.
"""

from opencsc.legal.services.planning import (
    UNSET,
    legal_meeting_record,
    pre_proceedings_end,
    pre_proceedings_review_record,
    pre_proceedings_update,
)
from opencsc.legal.services.proceedings import (
    hearing_record,
    order_record,
    proceedings_conclude,
    proceedings_issue,
)

__all__ = [
    "UNSET",
    "hearing_record",
    "legal_meeting_record",
    "order_record",
    "pre_proceedings_end",
    "pre_proceedings_review_record",
    "pre_proceedings_update",
    "proceedings_conclude",
    "proceedings_issue",
]
