"""What the period page shows: the placement history, the review timeline with due dates,
the care plan and permanence option, and the review of a care order at home."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from opencsc.care import deadlines as due
from opencsc.care.models import CarePeriod
from opencsc.care.selectors import visit_due


def period_page(period: CarePeriod) -> dict[str, Any]:
    today = timezone.localdate()
    episodes = list(period.episodes.order_by("start_date", "pk"))
    reviews = list(period.reviews.select_related("chair").order_by("held_on"))
    plans = list(period.care_plans.select_related("agreed_by").order_by("-agreed_on", "-pk"))
    contacts = list(period.iro_contacts.select_related("iro").order_by("-contact_on")[:10])
    pwp = list(period.placed_with_parents_reviews.select_related("reviewed_by"))
    held = [r.held_on for r in reviews]
    schedule = due.review_schedule(period.start_date, held)
    if period.end_date is not None:
        schedule = schedule[:-1]
    timeline = [
        {"due": d, "held": h, "late": (h or today) > d, "review": reviews[i] if h else None}
        for i, (d, h) in enumerate(schedule)
    ]
    # Each move with the reason recorded on the episode it ended (903 REASON_PLACE_CHANGE).
    history = []
    for i, e in enumerate(episodes):
        nxt = episodes[i + 1] if i + 1 < len(episodes) else None
        history.append(
            {"episode": e, "moved_because": e.get_reason_place_change_display() if nxt else ""}
        )
    current = episodes[-1] if episodes and episodes[-1].end_date is None else None
    option_plan = next((p for p in plans if p.permanence_option), None)
    permanence_due = (
        None
        if period.end_date is not None
        else due.permanence_due(period.start_date, held, option_plan is not None)
    )
    at_home_on_order = (
        current is not None and current.legal_status == "C2" and current.placement == "P1"
    )
    return {
        "child": period.child,
        "period": period,
        "episodes": episodes,
        "history": list(reversed(history)),
        "current": current,
        "timeline": timeline,
        "next_review": timeline[-1] if period.end_date is None and timeline else None,
        "care_plan": plans[0] if plans else None,
        "plans": plans,
        "permanence_option": option_plan.get_permanence_option_display() if option_plan else "",
        "permanence_due": permanence_due,
        "permanence_missing": permanence_due is not None
        and (len(held) >= 2 or permanence_due < today),
        "iro_contacts": contacts,
        "pwp_reviews": pwp,
        "at_home_on_order": at_home_on_order,
        "show_pwp": at_home_on_order or bool(pwp),
        "visit_due": visit_due(period) if current else None,
        "today": today,
    }
