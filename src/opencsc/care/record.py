"""The "Looked after" section of a child's record: the current period of care, its
placement, the next review and visit, the permanence option, and earlier periods.

``record_section(child, user)`` runs six queries whatever the length of the record; for a
child not looked after now, three, or two if never looked after (pinned in
tests/care/test_views.py). The due dates come from care/deadlines.py, the same rules the
period page and the worklist use.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db.models import Max
from django.utils import timezone

from opencsc.accounts.access import can_write_casework
from opencsc.care import deadlines as due
from opencsc.care.models import CarePlan, LookedAfterReview
from opencsc.care.selectors import periods_for

if TYPE_CHECKING:
    from opencsc.accounts.models import User
    from opencsc.people.models import Person

#: Queries record_section runs (tests pin it).
QUERIES = 6
#: For a child never looked after: the periods (none, so nothing to prefetch) and whether
#: an episode is open.
QUERIES_NOT_LOOKED_AFTER = 2


def record_section(child: Person, user: User, today: dt.date | None = None) -> dict[str, Any]:
    """Everything the record shows about the child being looked after, for
    ``care/_record_care.html`` (context key ``care``)."""
    from opencsc.casework.models import CINEpisode
    from opencsc.plans.models import StatutoryVisit, VisitKind

    today = today or timezone.localdate()
    periods = periods_for(child)  # two queries
    current = next((p for p in periods if p.end_date is None), None)
    has_episode = CINEpisode.objects.filter(child=child, closure_date__isnull=True).exists()
    section: dict[str, Any] = {
        "child_id": child.pk,
        "periods": periods,
        "current": current,
        "episode": None,
        "earlier": [p for p in periods if p is not current],
        "can_start": can_write_casework(user) and current is None and has_episode,
        "can_write": can_write_casework(user),
        "is_empty": not periods,
    }
    if current is None:
        return section  # QUERIES_NOT_LOOKED_AFTER
    period_id = current.pk
    held = list(
        LookedAfterReview.objects.filter(period_id=period_id)
        .order_by("held_on")
        .values_list("held_on", flat=True)
    )
    plan = (
        CarePlan.objects.filter(period_id=period_id)
        .order_by("-agreed_on", "-pk")
        .values_list("agreed_on", "permanence_option")
        .first()
    )
    last_seen = StatutoryVisit.objects.filter(
        child=child, kind=VisitKind.LOOKED_AFTER, child_seen=True
    ).aggregate(last=Max("visited_on"))["last"]
    episodes = list(current.episodes.all())  # prefetched
    episode = episodes[-1]
    option = plan[1] if plan else ""
    review = due.review_due(current.start_date, held)
    visit = due.visit_due(
        due.placement_start([(e.start_date, e.reason_new_episode) for e in episodes]),
        last_seen,
        long_term=due.is_long_term(episode.placement, option),
    )
    permanence = due.permanence_due(current.start_date, held, bool(option))
    moves = sum(1 for e in episodes if e.reason_new_episode in {"P", "B", "T", "U"})
    section.update(
        episode=episode,
        reviews_held=len(held),
        last_review=held[-1] if held else None,
        review_due=review,
        review_overdue=review < today,
        visit_due=visit,
        visit_overdue=visit < today,
        last_visit=last_seen,
        permanence_option=option,
        permanence_due=permanence,
        permanence_missing=permanence is not None and (len(held) >= 2 or permanence < today),
        moves=moves,
        at_home_on_order=episode.legal_status == "C2" and episode.placement == "P1",
    )
    return section
