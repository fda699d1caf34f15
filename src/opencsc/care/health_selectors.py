"""Reads of the looked-after child's health: what is due and when, for the record and the
worklists in a fixed number of queries, and the 903 OC2 items for the return.

Timescales (CPPCR 2010 reg 7; Promoting the health and wellbeing of looked-after
children, statutory guidance 2015):
- the initial health assessment before the first review (reg 33: within 20 working days);
- the review health assessment every 6 months before the fifth birthday, every 12 months
  from it (reg 7(4));
- a dental check and an immunisations review every year, a development check every year
  under 5, an SDQ every year from 4 to 16 (the 903 OC2 asks for each within the year).
With none recorded yet in the period of care, the yearly items fall due 12 months after
it began: the 12 months after which the child is counted in the OC2.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Max
from django.http import Http404
from django.urls import reverse

from opencsc.accounts.access import child_for_user
from opencsc.care.models import (
    CareEpisode,
    CarePeriod,
    Conviction,
    HealthCheck,
    HealthCheckKind,
    MissingEpisode,
    SDQScore,
    SubstanceMisuse,
)
from opencsc.care.services.health import RHI_DAYS
from opencsc.core.working_days import add_months, add_working_days

if TYPE_CHECKING:
    from opencsc.accounts.models import User
    from opencsc.people.models import Person

FIRST_REVIEW_WORKING_DAYS = 20  # CPPCR 2010 reg 33(1)
UNDER_FIVE_MONTHS = 6  # CPPCR 2010 reg 7(4)(a)
FROM_FIVE_MONTHS = 12  # CPPCR 2010 reg 7(4)(b)
YEARLY = 12
#: Queries health_deadlines_for runs for a non-empty page (pinned in tests).
QUERIES = 4

ASSESSMENTS = (HealthCheckKind.INITIAL_ASSESSMENT, HealthCheckKind.REVIEW_ASSESSMENT)


@dataclass(frozen=True)
class Deadline:
    """A health timescale for a worklist or the record, as protection's Deadline."""

    child_id: int
    kind: str  # a HealthCheckKind value, "sdq" or "rhi"
    label: str
    due_date: dt.date
    url: str


def _birthday(dob: dt.date | None, years: int) -> dt.date | None:
    return add_months(dob, 12 * years) if dob is not None else None


def _under(dob: dt.date | None, years: int, on: dt.date) -> bool:
    nth = _birthday(dob, years)
    return nth is not None and on < nth


def due_items(
    dob: dt.date | None,
    period_start: dt.date,
    last: dict[str, dt.date],
    last_sdq: dt.date | None,
) -> list[tuple[str, str, dt.date]]:
    """(kind, label, due date) of each health item due for a child looked after since
    ``period_start``; ``last`` holds the latest date of each HealthCheckKind. Pure."""
    items: list[tuple[str, str, dt.date]] = []
    initial = last.get(HealthCheckKind.INITIAL_ASSESSMENT)
    if initial is None or initial < period_start:
        # CPPCR 2010 reg 7(2): the initial assessment before the first review.
        due = add_working_days(period_start, FIRST_REVIEW_WORKING_DAYS)
        items.append((HealthCheckKind.INITIAL_ASSESSMENT, "Initial health assessment", due))
    else:
        latest = max(d for k, d in last.items() if k in ASSESSMENTS)
        six = add_months(latest, UNDER_FIVE_MONTHS)
        # CPPCR 2010 reg 7(4): 6-monthly before the fifth birthday, then yearly.
        due = six if _under(dob, 5, six) else add_months(latest, FROM_FIVE_MONTHS)
        items.append((HealthCheckKind.REVIEW_ASSESSMENT, "Review health assessment", due))
    first_year = add_months(period_start, YEARLY)

    def yearly(kind: str) -> dt.date:
        done = last.get(kind)
        return add_months(done, YEARLY) if done and done >= period_start else first_year

    items.append((HealthCheckKind.DENTAL, "Dental check", yearly(HealthCheckKind.DENTAL)))
    items.append(
        (
            HealthCheckKind.IMMUNISATIONS,
            "Immunisations review",
            yearly(HealthCheckKind.IMMUNISATIONS),
        )
    )
    development = yearly(HealthCheckKind.DEVELOPMENT)
    if _under(dob, 5, development):  # 903 rules 545/546: under 5s
        items.append((HealthCheckKind.DEVELOPMENT, "Development check", development))
    # 903 OC2: an SDQ every year for children aged 4 to 16.
    fourth = _birthday(dob, 4)
    if fourth is not None:
        if last_sdq and last_sdq >= period_start:
            sdq_due = add_months(last_sdq, YEARLY)
        else:  # the first: a year into care, or on turning 4 if later
            sdq_due = max(first_year, fourth)
        if not _under(dob, 4, sdq_due) and _under(dob, 17, sdq_due):
            items.append(("sdq", "Strengths and difficulties questionnaire", sdq_due))
    return items


def health_deadlines_for(child_ids: Iterable[int], today: dt.date) -> dict[int, list[Deadline]]:
    """Health items due for the looked-after children among ``child_ids``, and return home
    interviews not yet offered, soonest first. At most four queries; one when none of the
    children is looked after."""
    ids = list(child_ids)
    if not ids:
        return {}
    periods = {
        child_id: (start, dob)
        for child_id, start, dob in CarePeriod.objects.filter(
            child_id__in=ids, end_date__isnull=True
        ).values_list("child_id", "start_date", "child__date_of_birth")
    }
    if not periods:
        return {}
    looked_after = list(periods)
    last: dict[int, dict[str, dt.date]] = defaultdict(dict)
    for child_id, kind, done_on in (
        HealthCheck.objects.filter(child_id__in=looked_after)
        .order_by()
        .values("child_id", "kind")
        .annotate(last=Max("done_on"))
        .values_list("child_id", "kind", "last")
    ):
        last[child_id][kind] = done_on
    last_sdq = dict(
        SDQScore.objects.filter(child_id__in=looked_after)
        .order_by()
        .values("child_id")
        .annotate(last=Max("completed_on"))
        .values_list("child_id", "last")
    )
    found: dict[int, list[Deadline]] = defaultdict(list)
    for child_id, (start, dob) in periods.items():
        url = reverse("care:health-summary", kwargs={"child_id": child_id})
        for kind, label, due in due_items(dob, start, last[child_id], last_sdq.get(child_id)):
            found[child_id].append(Deadline(child_id, kind, label, due, url))
    # DfE guidance (2014): the return home interview within 72 hours of the return.
    for child_id, pk, ended_on in MissingEpisode.objects.filter(
        child_id__in=looked_after, ended_on__isnull=False, rhi_offered_on__isnull=True
    ).values_list("child_id", "pk", "ended_on"):
        if ended_on is not None and ended_on >= periods[child_id][0]:
            url = reverse("care:missing-return", kwargs={"missing_id": pk})
            due = ended_on + dt.timedelta(days=RHI_DAYS)
            found[child_id].append(
                Deadline(child_id, "rhi", "Return home interview offer", due, url)
            )
    return {k: sorted(v, key=lambda d: (d.due_date, d.label)) for k, v in found.items()}


def health_due(child: Person, today: dt.date) -> list[Deadline]:
    """The health items due for one child (empty when not looked after)."""
    return health_deadlines_for([child.pk], today).get(child.pk, [])


def missing_for_user(user: User, pk: int, *, write: bool = False) -> MissingEpisode:
    """A missing episode and its child, for this user, or 404."""
    episode = MissingEpisode.objects.filter(pk=pk).first()
    if episode is None:
        raise Http404("No such record")
    episode.child = child_for_user(user, episode.child_id, write=write)
    return episode


# --- 903 OC2 ---------------------------------------------------------------------------------


def collection_year(year: int) -> tuple[dt.date, dt.date]:
    """The 903 year ending 31 March ``year``."""
    return dt.date(year - 1, 4, 1), dt.date(year, 3, 31)


def continuously_looked_after(
    episodes: Iterable[tuple[dt.date, dt.date | None, str, str, str]], year: int
) -> bool:
    """Looked after continuously for 12 months at 31 March, as the 903 validator works it
    out from the episodes (lac_validator utils, from the 903 validation rules): some
    episode in the year, and none starting care after 1 April (RNE S), ending care before
    31 March (REC not X1), or of short breaks (V3/V4) in the year.
    ``episodes``: (start, end, RNE, REC, LS)."""
    start, end = collection_year(year)
    during = False
    for decom, dec, rne, rec, ls in episodes:
        in_year = decom <= end and (dec is None or dec >= start)
        during = during or in_year
        if rne == "S" and start < decom <= end:
            return False
        if dec is not None and rec != "X1" and start <= dec < end:
            return False
        if in_year and ls in ("V3", "V4"):
            return False
    return during


def _flag(value: bool) -> str:
    return "1" if value else "0"


def oc2_for(child_ids: Iterable[int], year: int) -> dict[int, dict[str, str]]:
    """The OC2 items of each child looked after continuously for 12 months at 31 March
    ``year``, as strings for the CSV ("" for blank): SDQ_SCORE, SDQ_REASON, CONVICTED,
    HEALTH_CHECK, IMMUNISATIONS, TEETH_CHECK, HEALTH_ASSESSMENT, SUBSTANCE_MISUSE,
    INTERVENTION_RECEIVED, INTERVENTION_OFFERED. Children not continuously looked after
    are left out (903 rules 185/190/198). Five queries."""
    ids = list(child_ids)
    if not ids:
        return {}
    start, end = collection_year(year)
    episodes: dict[int, list[tuple[dt.date, dt.date | None, str, str, str]]] = defaultdict(list)
    dobs: dict[int, dt.date | None] = {}
    for child_id, dob, *fields in CareEpisode.objects.filter(
        child_id__in=ids, start_date__lte=end
    ).values_list(
        "child_id",
        "child__date_of_birth",
        "start_date",
        "end_date",
        "reason_new_episode",
        "end_reason",
        "legal_status",
    ):
        dobs[child_id] = dob
        episodes[child_id].append(tuple(fields))  # type: ignore[arg-type]
    cohort = [c for c, eps in episodes.items() if continuously_looked_after(eps, year)]
    if not cohort:
        return {}
    checks: dict[int, dict[str, list[tuple[dt.date, bool | None]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for child_id, kind, done_on, up_to_date in HealthCheck.objects.filter(
        child_id__in=cohort, done_on__range=(start, end)
    ).values_list("child_id", "kind", "done_on", "up_to_date"):
        checks[child_id][kind].append((done_on, up_to_date))
    sdq: dict[int, tuple[int | None, str]] = {}
    for child_id, score, reason in (
        SDQScore.objects.filter(child_id__in=cohort, completed_on__range=(start, end))
        .order_by("child_id", "completed_on", "pk")
        .values_list("child_id", "score", "reason")
    ):
        sdq[child_id] = (score, reason)  # the latest in the year wins
    convicted = set(
        Conviction.objects.filter(
            child_id__in=cohort, convicted_on__range=(start, end)
        ).values_list("child_id", flat=True)
    )
    misuse: dict[int, tuple[bool, bool]] = {}
    for child_id, offered, received in SubstanceMisuse.objects.filter(
        child_id__in=cohort, identified_on__range=(start, end)
    ).values_list("child_id", "intervention_offered", "intervention_received"):
        was = misuse.get(child_id, (False, False))
        misuse[child_id] = (was[0] or offered, was[1] or received)

    rows: dict[int, dict[str, str]] = {}
    for child_id in cohort:
        dob = dobs[child_id]
        done = checks[child_id]
        immunisations = sorted(done[HealthCheckKind.IMMUNISATIONS])
        row = {
            "SDQ_SCORE": "",
            "SDQ_REASON": "",
            "CONVICTED": "",
            "HEALTH_CHECK": "",
            # 903 rules 182/191: these four always for the cohort. Immunisations: the
            # latest review in the year found them up to date.
            "IMMUNISATIONS": _flag(bool(immunisations) and bool(immunisations[-1][1])),
            "TEETH_CHECK": _flag(bool(done[HealthCheckKind.DENTAL])),
            "HEALTH_ASSESSMENT": _flag(any(done[k] for k in ASSESSMENTS)),
            "SUBSTANCE_MISUSE": _flag(child_id in misuse),
            "INTERVENTION_RECEIVED": "",
            "INTERVENTION_OFFERED": "",
        }
        if child_id in misuse:
            offered, received = misuse[child_id]
            # 903 rules 158/159/192/193: received always; offered only when not received.
            row["INTERVENTION_RECEIVED"] = _flag(received)
            row["INTERVENTION_OFFERED"] = "" if received else _flag(offered)
        tenth, fifth = _birthday(dob, 10), _birthday(dob, 5)
        if tenth is not None and tenth <= end:  # 903 rules 542/543: aged 10 at 31 March
            row["CONVICTED"] = _flag(child_id in convicted)
        if fifth is not None and end < fifth:  # 903 rules 545/546: under 5 at 31 March
            row["HEALTH_CHECK"] = _flag(bool(done[HealthCheckKind.DEVELOPMENT]))
        fourth, seventeenth = _birthday(dob, 4), _birthday(dob, 17)
        # 903 rules 188/189: no SDQ under 4 at 31 March or 17 at 1 April.
        in_age = fourth is not None and seventeenth is not None
        if in_age and fourth <= end and seventeenth >= start and child_id in sdq:  # type: ignore[operator]
            score, reason = sdq[child_id]
            row["SDQ_SCORE"] = "" if score is None else str(score)
            row["SDQ_REASON"] = reason if score is None else ""
        rows[child_id] = row
    return rows
