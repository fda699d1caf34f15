"""The CIN census pre-proceedings module (``PreProceedingsandFGDM``, inside CINdetails).

The module first appears in the 2026-27 census (reference date 31 March 2027, our census
year 2027): the DfE validator (data-to-insight/csc-validator-be-cin) reads the block
since January 2026 (``ingress.py`` ``create_PreProceedings``, PR #508), its sample
``fake_data/CIN_Census_2026.xml`` carries one dated September 2026 to February 2027,
the 2025-26 schema (liia-tools-pipeline ``CIN_schema_2026.xsd``) has no such element,
and the validator's rules up to cin2025_26 have none on it. Elements, in the sample's
order: PPStartDate, LBPSentDate, FGDMMeetingOffer, FGDMMeetingFac, InitialPPMeetingDate,
ReviewMeetingsCount, StepDecisionDate, PPOutcome, CourtAppDate, LetterInitCPDate.

Pre-proceedings open at any time in the collection year are reported in the episode they
were opened in; anything after the reference date is left out, as in the rest of the
census (it had not happened as at 31 March).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, OuterRef, Q, Subquery

from opencsc.legal.models import CareProceedings, PreProceedings, PreProceedingsReview

#: The first census year (ending 31 March) whose specification has the module.
FIRST_YEAR = 2027
#: PPOutcome. The sample file's only value is "A", with a court application date: the
#: decision to issue. The other letters are ours until the DfE's 2026-27 code list is
#: published (see the report): B stepped down, C other.
OUTCOME_CODES = {"proceedings": "A", "diverted": "B", "other": "C"}
ELEMENTS = (
    "PPStartDate",
    "LBPSentDate",
    "FGDMMeetingOffer",
    "FGDMMeetingFac",
    "InitialPPMeetingDate",
    "ReviewMeetingsCount",
    "StepDecisionDate",
    "PPOutcome",
    "CourtAppDate",
    "LetterInitCPDate",
)
#: Queries pre_proceedings_for_census runs for a year with the module (tests pin it).
QUERIES = 1

Row = dict[str, Any]


def has_module(year: int) -> bool:
    return year >= FIRST_YEAR


def pre_proceedings_for_census(episode_ids: Iterable[int], year: int) -> dict[int, list[Row]]:
    """The module's rows by CIN episode id, each a dict of element name to value in the
    schema's order (dates as dates, flags "1"/"0", None for an element to leave out),
    oldest first. One query; none, and no rows, for a year without the module."""
    ids = list(episode_ids)
    if not ids or not has_module(year):
        return {}
    start, end = dt.date(year - 1, 4, 1), dt.date(year, 3, 31)
    issued = (
        CareProceedings.objects.filter(pre_proceedings=OuterRef("pk"), issued_on__lte=end)
        .order_by("issued_on")
        .values("issued_on")[:1]
    )
    found: dict[int, list[Row]] = defaultdict(list)
    rows = (
        PreProceedings.objects.filter(episode_id__in=ids, start_date__lte=end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
        .annotate(
            review_meetings=Count(
                "reviews",
                filter=Q(
                    reviews__kind=PreProceedingsReview.Kind.REVIEW_MEETING,
                    reviews__held_on__lte=end,
                ),
            ),
            court_app=Subquery(issued),
        )
        .order_by("start_date", "pk")
        .values_list(
            "episode_id",
            "start_date",
            "letter_sent_on",
            "fgdm_offered_on",
            "fgdm_held_on",
            "initial_meeting_on",
            "review_meetings",
            "ended_on",
            "outcome",
            "court_app",
        )
    )

    def by_end(d: dt.date | None) -> dt.date | None:
        return d if d is not None and d <= end else None

    for episode_id, begun, letter, offered, held, initial, reviews, ended, outcome, court in rows:
        ended = by_end(ended)
        found[episode_id].append(
            {
                "PPStartDate": begun,
                "LBPSentDate": by_end(letter),
                "FGDMMeetingOffer": "1" if by_end(offered) else "0",
                "FGDMMeetingFac": "1" if by_end(held) else "0",
                "InitialPPMeetingDate": by_end(initial),
                "ReviewMeetingsCount": reviews,
                "StepDecisionDate": ended,
                "PPOutcome": OUTCOME_CODES.get(outcome) if ended else None,
                "CourtAppDate": court,
                # Not recorded: its definition awaits the 2026-27 specification.
                "LetterInitCPDate": None,
            }
        )
    return dict(found)
