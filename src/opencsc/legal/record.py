"""The "Legal" section of a child's record: open pre-proceedings against 16 weeks with
the manager's review date, open care proceedings against 26 weeks, and the orders in
force and past.

``record_section(child, user)`` runs three queries whatever the length of the record
(pinned in tests/legal). The clocks come from legal/deadlines.py, as on the tracker.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from opencsc.accounts.access import can_write_casework
from opencsc.legal.deadlines import manager_review_overdue, plo_clock, proceedings_clock
from opencsc.legal.models import CareProceedings, CourtOrder, PreProceedings

if TYPE_CHECKING:
    from opencsc.accounts.models import User
    from opencsc.people.models import Person

#: Queries record_section runs (tests pin it).
QUERIES = 3


def record_section(child: Person, user: User, today: dt.date | None = None) -> dict[str, Any]:
    """Everything the record shows about legal planning, for ``legal/_record_legal.html``
    (context key ``legal``)."""
    today = today or timezone.localdate()
    plos = list(PreProceedings.objects.filter(child=child).order_by("-start_date", "-pk"))
    proceedings = list(CareProceedings.objects.filter(child=child).order_by("-issued_on", "-pk"))
    orders = list(CourtOrder.objects.filter(child=child).order_by("-made_on", "-pk"))
    open_plo = next((p for p in plos if p.ended_on is None), None)
    open_proceedings = next((p for p in proceedings if p.concluded_on is None), None)
    in_force = [o for o in orders if o.ends_on is None or o.ends_on > today]
    return {
        "child_id": child.pk,
        "open_plo": open_plo,
        "plo_clock": plo_clock(open_plo.start_date, None, today) if open_plo else None,
        "plo_review_overdue": bool(open_plo)
        and manager_review_overdue(open_plo.next_review_due, today),  # type: ignore[union-attr]
        "open_proceedings": open_proceedings,
        "proceedings_clock": proceedings_clock(open_proceedings.issued_on, None, today)
        if open_proceedings
        else None,
        "earlier_plos": [p for p in plos if p is not open_plo],
        "earlier_proceedings": [p for p in proceedings if p is not open_proceedings],
        "orders_in_force": in_force,
        "past_orders": [o for o in orders if o not in in_force],
        "can_write": can_write_casework(user),
        "is_empty": not (plos or proceedings or orders),
    }
