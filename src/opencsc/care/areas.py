"""Which local authority a placement is in, from its postcode (data/README.md).

The answer feeds the 903 and Annex A list 8 (placement in or out of the authority's area,
and which authority) and the out-of-area placements leaders watch.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from django.conf import settings

from opencsc.people.postcodes import normalise_postcode

DATA = Path(__file__).parent / "data" / "placement_postcodes.csv"

#: Names of the authorities the postcode table covers, for pages and Annex A.
AUTHORITY_NAMES = {
    "E06000049": "Cheshire East",
    "E06000050": "Cheshire West and Chester",
    "E06000021": "Stoke-on-Trent",
    "E08000007": "Stockport",
    "E06000051": "Shropshire",
    "E08000009": "Trafford",
    "E06000007": "Warrington",
    "E08000003": "Manchester",
    "E08000012": "Liverpool",
}


@cache
def _table() -> dict[str, str]:
    with DATA.open(newline="") as handle:
        return {row["postcode"]: row["la_code"] for row in csv.DictReader(handle)}


def placement_authority(postcode: str) -> str:
    """The ONS code of the authority a postcode is in, or "" when it is not known."""
    return _table().get(normalise_postcode(postcode), "") if postcode else ""


def placement_in_area(postcode: str) -> bool | None:
    """In the authority's own area (True), elsewhere (False), or not known (None)."""
    authority = placement_authority(postcode)
    if not authority:
        return None
    return authority == settings.OPENCSC_LA_ONS_CODE
