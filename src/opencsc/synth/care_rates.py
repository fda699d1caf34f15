"""Rates for children looked after (DfE "Children looked after in England" 2024, scaled to
Cheshire East's ~80,000 children; DOMAIN.md section 6). Pure data, as ``calibration``."""

from __future__ import annotations

import random

from opencsc.synth.calibration import Weighted

#: About 27 children in 10,000 start to be looked after each year: ~216 at Cheshire
#: East's size. Those who entered before the window and are still looked after at its
#: start are made the same way (``care.CarePlanning._stock``), over this many years.
STARTS_PER_CHILD_YEAR = 27 / 10_000
STOCK_YEARS = 17

#: Age at entry (DfE: under 1 ~18%, 1-4 ~14%, 5-9 ~17%, 10-15 ~36%, 16+ ~15%).
ENTRY_AGE = Weighted({(0.0, 1.0): 18, (1.0, 5.0): 14, (5.0, 10.0): 17, (10.0, 16.0): 36,
                      (16.0, 17.6): 15})


def sample_entry_age(rng: random.Random) -> float:
    lo, hi = ENTRY_AGE.draw(rng)
    return rng.uniform(lo, hi)


def exit_route(rng: random.Random, age: float) -> str:
    """How the period is planned to end, by age at entry (DfE reasons ceased: home ~35%,
    special guardianship ~12%, adoption ~9%, age 18 ~30%, others)."""
    if age < 1:
        table = {"adoption": 38, "sgo": 20, "home": 27, "cao": 5, "long": 8, "moved": 2}
    elif age < 5:
        table = {"adoption": 22, "sgo": 25, "home": 33, "cao": 8, "long": 10, "moved": 2}
    elif age < 10:
        table = {"home": 40, "sgo": 15, "cao": 5, "long": 36, "moved": 2, "other": 2}
    elif age < 16:
        table = {"home": 44, "long": 49, "moved": 2, "other": 3, "sgo": 2}
    else:
        table = {"home": 33, "long": 62, "other": 5}
    return Weighted(table).draw(rng)


#: Days looked after before the planned exit (returns home are mostly short; orders take
#: the 26 weeks of proceedings and more; an adoption about two years).
def exit_days(rng: random.Random, route: str) -> int:
    if route == "home":
        return max(8, int(rng.lognormvariate(4.9, 1.0)))  # median ~135 days
    if route == "adoption":
        return rng.randint(540, 900)
    if route == "sgo":
        return rng.randint(300, 760)
    if route == "cao":
        return rng.randint(200, 540)
    if route == "moved":
        return rng.randint(60, 700)
    return rng.randint(40, 600)  # other


#: Looked after under section 20 at entry (the rest on an interim care order), by age.
def s20_at_entry(rng: random.Random, age: float, route: str) -> bool:
    if route == "adoption":
        return False
    return rng.random() < (0.55 if age >= 12 else 0.2)


#: Placement moves a year (DfE: ~68% of children one placement in the year, ~10% three
#: or more); older children move more.
def moves_a_year(age: float) -> float:
    return 0.25 if age < 10 else 0.45


MOVE_REASONS = Weighted({"CARPL": 35, "CREQB": 15, "CREQO": 12, "LAREQ": 10, "CHILD": 10,
                         "STAND": 5, "CLOSE": 10, "ALLEG": 3})
#: Reviews: the share held after the date they were due (CPPCR 2010 reg 33).
REVIEW_LATE_RATE = 0.08
VISIT_LATE_RATE = 0.1
PARTICIPATION = Weighted({"PN1": 45, "PN2": 8, "PN3": 10, "PN4": 8, "PN5": 6, "PN6": 10,
                          "PN7": 13})
#: Children aged 11+ who go missing in a year, and how often.
MISSING_CHILD_RATE = 0.14
RHI_IN_72_HOURS = 0.82
RHI_ACCEPTED = 0.6
CONVICTION_RATE = 0.03
SUBSTANCE_RATE = 0.04
IMMUNISATIONS_UP_TO_DATE = 0.9
#: Leaving care at 18 (903 reasons ceased for 18-year-olds).
LEAVING_AT_18 = Weighted({"E5": 35, "E6": 8, "E17": 22, "E8": 20, "E13": 10, "E4A": 5})
#: Children entering care from a child protection plan, a child in need plan, or straight
#: after an assessment (mostly adolescents accommodated under section 20).
CARE_AFTER_CP = 0.2
CARE_AFTER_CIN = 0.045


def direct_entry(age: float) -> float:
    """The chance an assessment recommending a plan leads straight into care."""
    return 0.14 if age >= 12 else 0.03
