"""The care episodes list 8 reads (903 Episodes: care.CareEpisode), and what it works
out from them: the placement's authority, placements in a year, runs of one legal status
or one placement."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from opencsc.returns.annex_care_codes import OUTSIDE_ENGLAND, PLACEMENT_LOCATION, outside_england

__all__ = ["Episode", "episodes_of", "placement_authority_cell", "placements_in", "run_start"]

#: 903 RNE: every reason for a new episode but L (legal status only) is a new placement.
SAME_PLACEMENT = "L"


@dataclass(frozen=True)
class Episode:
    child_id: int
    period_id: int
    start: dt.date
    end: dt.date | None
    rne: str
    legal_status: str
    need: str
    placement: str
    provider: str
    postcode: str
    urn: str
    la: str
    in_area: bool | None


def placement_authority_cell(episode: Episode) -> tuple[str | None, str | None]:
    """(Placement Location, LA of Placement) for the child's placement.

    Both come from the episode's placement authority (care/areas.py, from the placement
    postcode): in or out of the authority's area, and the authority's name. Ofsted's
    codes stand for placements outside England (a postcode area wholly in Northern
    Ireland, Wales or Scotland). Unknown (no postcode, or one care/areas.py does not
    place) stays blank: we do not guess.
    """
    from django.conf import settings

    from opencsc.care.areas import AUTHORITY_NAMES

    if episode.la:
        in_area = episode.in_area
        if in_area is None:
            in_area = episode.la == settings.OPENCSC_LA_ONS_CODE
        return PLACEMENT_LOCATION[in_area], AUTHORITY_NAMES.get(episode.la, episode.la)
    nation = outside_england(episode.postcode) if episode.postcode else None
    if nation:
        return PLACEMENT_LOCATION[False], OUTSIDE_ENGLAND[nation]
    if episode.in_area is not None:
        return PLACEMENT_LOCATION[episode.in_area], None
    return None, None


#: Episode's fields and the CareEpisode fields they are read from.
_FIELDS = {
    "child_id": "child_id",
    "period_id": "period_id",
    "start": "start_date",
    "end": "end_date",
    "rne": "reason_new_episode",
    "legal_status": "legal_status",
    "need": "category_of_need",
    "placement": "placement",
    "provider": "provider",
    "postcode": "placement_postcode",
    "urn": "urn",
    "la": "placement_la",
    "in_area": "in_area",
}


def episodes_of(child_ids: set[int], as_of: dt.date) -> dict[int, list[Episode]]:
    """Query 2: every episode of the children up to the as-of day, oldest first. An
    episode that ended after the as-of day was still open on it."""
    from opencsc.care.models import CareEpisode

    by_child: dict[int, list[Episode]] = defaultdict(list)
    rows = (
        CareEpisode.objects.filter(child_id__in=child_ids, start_date__lte=as_of)
        .order_by("child_id", "start_date", "id")
        .values(*_FIELDS.values())
    )
    for row in rows:
        end = row["end_date"]
        episode = Episode(**{name: row[field] for name, field in _FIELDS.items()})
        if end is not None and end > as_of:
            episode = replace(episode, end=None)
        by_child[row["child_id"]].append(episode)
    return by_child


def placements_in(episodes: Sequence[Episode], since: dt.date) -> int:
    """How many placements the child had in the 12 months: the one they were in when the
    12 months began (in each period of care open then), and every new placement after
    (an episode for any reason but a change of legal status only, 903 RNE)."""
    count = 0
    previous_period = None
    for ep in episodes:
        if ep.end is not None and ep.end < since:
            continue
        first_of_period = ep.period_id != previous_period
        previous_period = ep.period_id
        if first_of_period or ep.rne != SAME_PLACEMENT:
            count += 1
    return count


def run_start(episodes: Sequence[Episode], same: Callable[[Episode, Episode], bool]) -> dt.date:
    """The start of the run of episodes, ending with the last, for which ``same(previous,
    next)`` holds between neighbours."""
    start = episodes[-1].start
    for before, after in zip(reversed(episodes[:-1]), reversed(episodes[1:]), strict=True):
        if not same(before, after):
            break
        start = before.start
    return start
