"""How long an episode may last before it ends: the 903 rules on emergency statuses,
short breaks and temporary placements, checked when an episode ends (by a change or the
end of the period), so the return never shows one longer than the law allows."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from opencsc.care.codes import STATUS_DAY_LIMITS, LegalStatus, Placement
from opencsc.care.models import CareEpisode
from opencsc.care.services._common import (
    STATUS_RULES,
    TEMPORARY_DAY_LIMITS,
    long_date,
)

if TYPE_CHECKING:
    from opencsc.people.models import Person

#: 903 rule 365: one short break lasts at most 17 days.
SHORT_BREAK_DAYS = 17


def status_run_start(current: CareEpisode) -> dt.date:
    """When the current legal status began: the first of the unbroken run of episodes of
    the period with the same legal status (903 rules 361-364 count the run)."""
    start = current.start_date
    earlier = (
        CareEpisode.objects.filter(period_id=current.period_id, start_date__lt=current.start_date)
        .order_by("-start_date")
        .values_list("legal_status", "start_date")
    )
    for status, began in earlier:
        if status != current.legal_status:
            break
        start = began
    return start


def ending_errors(
    current: CareEpisode, *, child: Person, on: dt.date, ends_period: bool
) -> dict[str, str]:
    """What stops ``current`` ending on ``on``: one query for an emergency status, none
    otherwise."""
    errors: dict[str, str] = {}
    status = current.legal_status
    if status in STATUS_DAY_LIMITS:
        began = status_run_start(current)
        limit = STATUS_DAY_LIMITS[status]
        if (on - began).days > limit:
            errors["__all__"] = (
                f"'{LegalStatus(status).label}' began on {long_date(began)} and lasts at most "
                f"{limit} days: record the change of legal status on the day it happened "
                f"(903 rule {STATUS_RULES[status]})"
            )
    if status == "V3" and (on - current.start_date).days > SHORT_BREAK_DAYS:
        errors["__all__"] = (
            f"A short break lasts at most {SHORT_BREAK_DAYS} days, and this one began on "
            f"{long_date(current.start_date)}: end it on the day it ended (903 rule 365)"
        )
    place = current.placement
    if place in TEMPORARY_DAY_LIMITS:
        limit, rule = TEMPORARY_DAY_LIMITS[place]
        if (on - current.start_date).days > limit:
            errors["__all__"] = (
                f"'{Placement(place).label}' lasts at most {limit} days, and this one began "
                f"on {long_date(current.start_date)}: record the return on the day it "
                f"happened (903 rule {rule})"
            )
    if ends_period and place in {"T0", "T1", "T2", "T3", "T4"}:
        # 903 rule 381: a period of care does not end in a temporary placement.
        errors["reason"] = (
            "The child is in a temporary placement: record their return to their usual "
            "placement before they stop being looked after (903 rule 381)"
        )
    return errors
