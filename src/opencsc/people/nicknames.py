"""English nicknames and the names they stand for (people/data/nicknames.csv).

A referrer says "Bill Jones"; the record says William. The list is small and curated
(about 200 common pairs) rather than a large generated one, so a search for "Nat" does
not drag in every name that ever shortened to "N".
"""

from __future__ import annotations

import csv
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

NICKNAMES_CSV = Path(__file__).resolve().parent / "data" / "nicknames.csv"


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """(name -> its nicknames, nickname -> the names it stands for), all lower case."""
    nicknames: dict[str, set[str]] = defaultdict(set)
    formal: dict[str, set[str]] = defaultdict(set)
    with NICKNAMES_CSV.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            name, nickname = row["name"].strip().lower(), row["nickname"].strip().lower()
            if name and nickname:
                nicknames[name].add(nickname)
                formal[nickname].add(name)
    return (
        {k: frozenset(v) for k, v in nicknames.items()},
        {k: frozenset(v) for k, v in formal.items()},
    )


def name_variants(first_name: str) -> frozenset[str]:
    """Other first names that may be the same person's, lower case, excluding the name itself.

    One step each way: "bill" -> william and William's other nicknames (will, billy,
    liam...); "william" -> its nicknames. Not transitive beyond that, so "nat" gives
    nathaniel and natalie but not everything those could be shortened to.
    """
    nicknames, formal = _tables()
    name = (first_name or "").strip().lower()
    if not name:
        return frozenset()
    variants: set[str] = set(nicknames.get(name, ()))
    for full in formal.get(name, ()):
        variants.add(full)
        variants.update(nicknames.get(full, ()))
    variants.discard(name)
    return frozenset(variants)
