"""What must be finished before a child in need episode closes, beyond its assessments:
plans, enquiries, conferences and periods of care (CIN census 8565, 2990, 8868; WT2023
ch.3). A period of care sits in the episode: the case closes when care ends, and
``care.services.period_end`` ends the period before it closes the episode the same day."""

from __future__ import annotations

import datetime as dt

from django.db.models import F, Manager, QuerySet, Value
from django.db.models.fields import CharField, DateField

from opencsc.casework.models import CINEpisode
from opencsc.core.codes import ReasonForClosure
from opencsc.frontdoor.wording import long_date

#: CIN census 2990: an episode closed "after assessment" (RC8, RC9) carries no plan,
#: enquiry or conference.
AFTER_ASSESSMENT = {
    ReasonForClosure.NFA_AFTER_ASSESSMENT,
    ReasonForClosure.EARLY_HELP_AFTER_ASSESSMENT,
}


def _dates(
    qs: QuerySet | Manager, episode: CINEpisode, what: str, start: str, end: str | None
) -> QuerySet:
    """(what, start, end) rows; ``end`` None means still open."""
    end_value = F(end) if end else Value(None, output_field=DateField())
    return (
        qs.filter(episode=episode)
        .order_by()
        .annotate(w=Value(what, output_field=CharField()), e=end_value)
        .values_list("w", start, "e")
    )


def closure_errors(
    episode: CINEpisode, *, reason: str, closure_date: dt.date | None
) -> dict[str, str]:
    """Errors (by form field) that stop ``episode`` closing on ``closure_date`` for
    ``reason`` because of its plans, enquiries and conferences. One query."""
    from opencsc.care.models import CarePeriod
    from opencsc.plans.models import ChildInNeedPlan
    from opencsc.protection.models import (
        ChildProtectionPlan,
        Conference,
        EnquiryOutcome,
        Section47Enquiry,
    )

    activity = list(
        _dates(
            ChildInNeedPlan.objects, episode, "child in need plan", "start_date", "end_date"
        ).union(
            _dates(
                ChildProtectionPlan.objects,
                episode,
                "child protection plan",
                "start_date",
                "end_date",
            ),
            _dates(
                Section47Enquiry.objects,
                episode,
                "section 47 enquiry",
                "start_date",
                "completed_on",
            ),
            # An enquiry concluded for a conference that has not been held (CIN census 8868).
            _dates(
                Section47Enquiry.objects.filter(
                    outcome=EnquiryOutcome.ICPC, conference__isnull=True
                ),
                episode,
                "initial child protection conference",
                "completed_on",
                None,
            ),
            _dates(Conference.objects, episode, "conference", "held_on", "held_on"),
            _dates(CarePeriod.objects, episode, "period of care", "start_date", "end_date"),
            all=True,
        )
    )
    errors: dict[str, str] = {}
    still_open = next(((w, s) for w, s, e in activity if e is None), None)
    if still_open is not None:
        what, since = still_open
        if what == "initial child protection conference":
            errors["__all__"] = (
                f"The section 47 enquiry concluded on {long_date(since)} that a conference is "
                "needed, and none has been recorded: record the conference before the case "
                "can close (CIN census 8868)"
            )
        else:
            errors["__all__"] = (
                f"The {what} started on {long_date(since)} is still open: end it before the "
                "case can close"
            )
    if reason in AFTER_ASSESSMENT and activity:
        errors["reason"] = (
            f"'{ReasonForClosure(reason).label}' is for a case closed straight after its "
            f"assessment, and this one had a {activity[0][0]}: choose another reason "
            "(CIN census 2990)"
        )
    last = max((d for _w, s, e in activity for d in (s, e) if isinstance(d, dt.date)), default=None)
    if closure_date and last and closure_date < last:
        errors["closure_date"] = (
            f"The closure date must be on or after {long_date(last)}, the last plan, enquiry "
            "or conference date on this episode (CIN census 8565)"
        )
    return errors
