"""Rates the synthetic authority is calibrated to, and the draws made from them.

Every figure is from DOMAIN.md section 6 (DfE "Characteristics of children in need",
ADCS Safeguarding Pressures, DfE children's social work workforce), scaled to
Cheshire East's ~80,000 children. Nothing here touches the database: these are pure
functions of a ``random.Random``, so the tests can check the rates directly and the
generator is deterministic for a seed.
"""

from __future__ import annotations

import bisect
import itertools
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "SizeProfile",
    "SIZES",
    "size_profile",
    "Weighted",
    "CONTACTS_PER_CHILD_YEAR",
    "REFERRALS_PER_CHILD_YEAR",
    "RE_REFERRAL_RATE",
    "REFERRAL_SOURCES",
    "CONTACT_SOURCES",
    "REFERRAL_NFA_RATE",
    "STRATEGY_AT_FRONT_DOOR_RATE",
    "NON_REFERRAL_DECISIONS",
    "ASSESSMENT_OUTCOMES",
    "PRIMARY_NEEDS",
    "ETHNICITIES",
    "DISABILITY_RATE_CIN",
    "LATE_DECISION_RATE",
    "OUT_OF_HOURS_RATE",
    "AGENCY_SHARE",
    "assessment_working_days",
    "assessment_start_delay",
    "cin_plan_days",
    "sample_factors",
    "sample_disabilities",
    "sample_age_at_contact",
    "sample_family_size",
    "sample_hour",
]


# --------------------------------------------------------------------------
# Sizes
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SizeProfile:
    name: str
    #: The authority's child population (0-17): the base every rate is per.
    children: int
    years: int = 3
    #: Number of assessment teams and of child in need / child protection teams.
    assessment_teams: int = 4
    cin_cp_teams: int = 4

    @property
    def scale(self) -> float:
        return self.children / 80_000


SIZES: dict[str, SizeProfile] = {
    # A few dozen children: for unit tests, runs in seconds.
    "tiny": SizeProfile("tiny", 120, assessment_teams=2, cin_cp_teams=2),
    # A tenth of Cheshire East.
    "small": SizeProfile("small", 8_000, assessment_teams=3, cin_cp_teams=3),
    # Cheshire East: ONS E06000049, about 80,000 children (DOMAIN.md section 6).
    "la": SizeProfile("la", 80_000),
    # A large county, about four times Cheshire East.
    "large": SizeProfile("large", 320_000, assessment_teams=8, cin_cp_teams=8),
}


def size_profile(size: str) -> SizeProfile:
    try:
        return SIZES[size]
    except KeyError:
        raise ValueError(f"size must be one of {', '.join(SIZES)}, not {size!r}") from None


# --------------------------------------------------------------------------
# Weighted draws
# --------------------------------------------------------------------------


class Weighted:
    """A discrete distribution: ``draw(rng)`` returns a value with probability weight/total."""

    __slots__ = ("values", "weights", "_cum", "_total")

    def __init__(self, table: dict | Sequence[tuple]) -> None:
        items = list(table.items()) if isinstance(table, dict) else list(table)
        self.values = [v for v, _ in items]
        self.weights = [float(w) for _, w in items]
        self._cum = list(itertools.accumulate(self.weights))
        self._total = self._cum[-1]

    def draw(self, rng: random.Random):  # noqa: ANN201 - any value type
        return self.values[bisect.bisect_right(self._cum, rng.random() * self._total)]

    def share(self, value: object) -> float:
        return sum(w for v, w in zip(self.values, self.weights, strict=True) if v == value) / (
            self._total
        )


# --------------------------------------------------------------------------
# Volumes (DOMAIN.md section 6, scaled to 80,000 children)
# --------------------------------------------------------------------------

# ~19,000 contacts and ~4,150 referrals a year for 80,000 children; contacts are about
# 4.5 times referrals (ADCS), i.e. ~22% of contacts become referrals.
CONTACTS_PER_CHILD_YEAR = 19_000 / 80_000
REFERRALS_PER_CHILD_YEAR = 4_150 / 80_000
# DfE: 22.6% of referrals are within 12 months of a previous referral.
RE_REFERRAL_RATE = 0.226
# DfE: about 7% of referrals lead to no further action.
REFERRAL_NFA_RATE = 0.07
# Referrals the front door sends straight to a strategy discussion (possible
# significant harm); the rest go to a child and family assessment. With the assessments
# whose outcome is a strategy discussion, about 36% of referrals lead to a section 47
# enquiry (DfE: ~225,000 enquiries from ~630,000 referrals).
STRATEGY_AT_FRONT_DOOR_RATE = 0.25
# WT2023 ch.3 sets one working day; in practice ~8-12% of decisions are late.
LATE_DECISION_RATE = 0.10
# Contacts received in the evening, at night, at weekends or on bank holidays.
OUT_OF_HOURS_RATE = 0.11
# DfE workforce 2023: 17.8% of children and family social workers are agency staff.
AGENCY_SHARE = 0.18

# Referral sources (CIN census ReferralSource): police 28%, schools 21%, health 14%,
# local authority 11%, individuals 8%, the rest other agencies, anonymous, unknown.
REFERRAL_SOURCES = Weighted(
    {
        "6": 28.0,
        "2A": 19.0,
        "2B": 2.0,
        "3A": 2.5,
        "3B": 2.5,
        "3C": 1.0,
        "3D": 2.0,
        "3E": 3.5,
        "3F": 2.5,
        "5A": 4.0,
        "5B": 2.5,
        "5C": 1.5,
        "5D": 3.0,
        "1A": 4.5,
        "1B": 1.5,
        "1C": 1.0,
        "1D": 1.0,
        "4": 2.5,
        "7": 4.0,
        "8": 7.0,
        "9": 1.5,
        "10": 1.0,
    }
)

# Contacts come from the same agencies but convert at different rates: police notifications
# (domestic abuse incidents in particular) far more often end in advice or no further action.
_CONVERSION = {"6": 0.16, "2": 0.27, "3": 0.25, "5": 0.30, "1": 0.20, "other": 0.24}


def _conversion(source: str) -> float:
    return _CONVERSION.get(source[:1] if source[:1] in "1235" else source, _CONVERSION["other"])


# Sources of the contacts that do NOT become referrals: the referral mix divided by each
# source's conversion, times the share that does not convert.
CONTACT_SOURCES = Weighted(
    {s: w / _conversion(s) for s, w in zip(REFERRAL_SOURCES.values, REFERRAL_SOURCES.weights,
                                            strict=True)}
)
NON_REFERRAL_SOURCES = Weighted(
    {
        s: w / _conversion(s) * (1 - _conversion(s))
        for s, w in zip(REFERRAL_SOURCES.values, REFERRAL_SOURCES.weights, strict=True)
    }
)

# What happens to contacts that do not become referrals.
NON_REFERRAL_DECISIONS = Weighted(
    {"nfa": 45.0, "information_advice": 35.0, "early_help": 20.0}
)

# Assessment outcomes: ~30% find the child not in need (closed RC8), some step down to
# early help (RC9); the rest continue as child in need or child protection.
ASSESSMENT_OUTCOMES = Weighted(
    {"nfa": 27.0, "early_help": 11.0, "cin_plan": 47.0, "strategy_discussion": 15.0}
)

# Primary need at assessment (CIN census PrimaryNeedCode): abuse or neglect ~55%.
PRIMARY_NEEDS = Weighted(
    {"N1": 55.0, "N5": 15.0, "N4": 10.0, "N2": 6.0, "N3": 4.5, "N6": 4.0, "N8": 3.5, "N7": 2.0}
)

# Ethnicity of Cheshire East's children (Census 2021: ~90% White British).
ETHNICITIES = Weighted(
    {
        "WBRI": 88.5, "WIRI": 0.4, "WIRT": 0.2, "WOTH": 3.5, "WROM": 0.2,
        "MWBC": 1.0, "MWBA": 0.5, "MWAS": 1.2, "MOTH": 1.0,
        "AIND": 0.8, "APKN": 0.3, "ABAN": 0.1, "AOTH": 0.6,
        "BCRB": 0.2, "BAFR": 0.5, "BOTH": 0.1, "CHNE": 0.3, "OOTH": 0.4,
        "REFU": 0.1, "NOBT": 0.1,
    }
)

# About one child in need in ten has a disability recorded (DfE CIN census).
DISABILITY_RATE_CIN = 0.10
_DISABILITIES = Weighted(
    {"LD": 25, "AUT": 25, "COMM": 15, "BEH": 12, "MOB": 6, "PC": 4, "HAND": 2, "INC": 3,
     "HEAR": 3, "VIS": 2, "CON": 3, "DDA": 8}
)


def sample_disabilities(rng: random.Random) -> list[str]:
    """One to three distinct disability codes (CIN census 8794: no code twice)."""
    n = 1 if rng.random() < 0.65 else (2 if rng.random() < 0.8 else 3)
    codes: list[str] = []
    while len(codes) < n:
        code = _DISABILITIES.draw(rng)
        if code not in codes:
            codes.append(code)
    return codes


# --------------------------------------------------------------------------
# Durations
# --------------------------------------------------------------------------


def assessment_working_days(rng: random.Random) -> int:
    """Working days from referral to authorisation of the assessment.

    A mixture: 88% Gamma(shape 6, scale 4.8) (most finish in four to eight weeks) and a
    12% tail of assessments that drift, 46-100 working days. Mean ~34 (DfE: mean
    duration 33), ~19% beyond the 45-working-day timescale, and at any moment about a
    tenth of open assessments are overdue, as on real worklists.
    """
    if rng.random() < 0.12:
        return rng.randint(46, 100)
    return max(4, round(rng.gammavariate(6.0, 4.8)))


def assessment_start_delay(rng: random.Random) -> int:
    """Working days between the referral and the assessment starting."""
    return Weighted({0: 45, 1: 30, 2: 15, 3: 6, 5: 4}).draw(rng)


def cin_plan_days(rng: random.Random, *, disabled: bool = False) -> int:
    """Calendar days a child in need plan lasts."""
    if disabled:
        # Disabled children's cases stay open longer (short breaks, reviews).
        return round(rng.uniform(180, 720))
    # Median about four and a half months: with the plans' throughput, about a third of
    # the ~2,650 children in need at 31 March are on a child in need plan.
    return max(45, round(rng.lognormvariate(math.log(135), 0.5)))


# --------------------------------------------------------------------------
# Children and families
# --------------------------------------------------------------------------

# Age at a referral (DfE CIN census): under 1 ~10%, 1-4 ~20%, 5-9 ~26%, 10-15 ~33%, 16+ ~11%.
_AGE_BANDS = Weighted({(0, 1): 10, (1, 5): 20, (5, 10): 26, (10, 16): 33, (16, 18): 11})


def sample_age_at_contact(rng: random.Random) -> float:
    lo, hi = _AGE_BANDS.draw(rng)
    return rng.uniform(lo, hi)


_FAMILY_SIZES = Weighted({1: 42, 2: 33, 3: 16, 4: 7, 5: 2})


def sample_family_size(rng: random.Random) -> int:
    return _FAMILY_SIZES.draw(rng)


# Hours at which in-hours contacts arrive (front door 9-5, busiest late morning).
_IN_HOURS = Weighted({9: 12, 10: 16, 11: 16, 12: 12, 13: 11, 14: 13, 15: 12, 16: 8})
_OUT_OF_HOURS = Weighted({17: 14, 18: 13, 19: 12, 20: 11, 21: 10, 22: 9, 23: 8, 0: 6, 1: 5,
                          2: 4, 3: 3, 4: 2, 5: 2, 6: 3, 7: 4, 8: 5})


def sample_hour(rng: random.Random, *, out_of_hours: bool) -> int:
    return (_OUT_OF_HOURS if out_of_hours else _IN_HOURS).draw(rng)


# --------------------------------------------------------------------------
# Assessment factors (CIN census AssessmentFactors)
# --------------------------------------------------------------------------

# Weights per factor by primary need; the commonest nationally are domestic abuse
# (3A/3B), mental health (4B), emotional abuse (17A), neglect (16A), drugs and alcohol
# (2B/1B). Suffix A = the child, B = a parent or carer, C = another household member.
_FACTORS_BY_NEED: dict[str, Weighted] = {
    "N1": Weighted({"3A": 14, "3B": 16, "4B": 14, "17A": 12, "16A": 12, "2B": 7, "1B": 6,
                    "18C": 5, "19C": 2, "18B": 1, "19B": 1, "11A": 2, "24A": 2, "10A": 2,
                    "4A": 3, "15A": 2, "3C": 2, "5B": 1, "22A": 0.2, "23A": 0.2}),
    "N2": Weighted({"6A": 30, "5A": 30, "4A": 10, "7A": 3, "4B": 6, "14A": 6, "20": 5}),
    "N3": Weighted({"4B": 30, "6B": 25, "5B": 10, "7A": 15, "1B": 6, "2B": 6, "20": 4}),
    "N4": Weighted({"4B": 20, "3B": 15, "20": 15, "2B": 8, "1B": 8, "4A": 10, "17A": 6,
                    "6B": 5}),
    "N5": Weighted({"3B": 25, "3A": 15, "4B": 15, "17A": 12, "1B": 8, "2B": 8, "4A": 6,
                    "14A": 4}),
    "N6": Weighted({"14A": 25, "10A": 15, "24A": 12, "13A": 8, "2A": 10, "1A": 6, "11A": 6,
                    "4A": 8, "15A": 6}),
    "N7": Weighted({"20": 30, "4B": 20, "16A": 15, "6B": 10, "3B": 8}),
    "N8": Weighted({"16A": 25, "8E": 10, "9A": 15, "4B": 15, "2B": 10, "1B": 10, "17A": 8,
                    "12A": 2}),
    "N0": Weighted({"20": 50, "4B": 20, "3B": 20}),
}


def sample_factors(rng: random.Random, *, need: str, outcome: str) -> list[str]:
    """Factors identified at assessment.

    CIN census 8869: "21" (no factors) is only ever alone; 8873Q: it goes with a closure
    after assessment (RC8/RC9). A quarter of "not in need" assessments find no factors.
    """
    if outcome in ("nfa", "early_help") and rng.random() < 0.25:
        return ["21"]
    table = _FACTORS_BY_NEED.get(need, _FACTORS_BY_NEED["N1"])
    n = Weighted({1: 30, 2: 33, 3: 22, 4: 10, 5: 5}).draw(rng)
    factors: list[str] = []
    for _ in range(n * 3):
        factor = table.draw(rng)
        if factor not in factors:
            factors.append(factor)
        if len(factors) == n:
            break
    return sorted(factors, key=lambda f: (int("".join(c for c in f if c.isdigit())), f))


# --------------------------------------------------------------------------
# Child protection and child in need plans (DOMAIN.md section 6)
# --------------------------------------------------------------------------
# Scaled to 80,000 children a year: ~1,500 section 47 enquiries, ~500 initial conferences,
# ~415 plans starting (DfE: 64,000 plans from ~77,000 ICPCs, 83%); at 31 March ~330 plans
# open (so a mean length of ~9.5 months) and ~2,650 children in need (with the ~540 looked
# after children the generator does not model yet). Section 47s come from the front door
# (STRATEGY_AT_FRONT_DOOR_RATE), from assessments whose outcome is a strategy discussion,
# and from children on child in need plans whose circumstances worsen.

#: What a strategy discussion decides (WT2023 ch.3). Most go on to an enquiry.
STRATEGY_DECISIONS = Weighted({"s47_single": 48, "s47_joint": 42, "nfa": 6, "other": 4})
#: Share held as a meeting rather than a discussion (phone or video call).
STRATEGY_MEETING_SHARE = 0.3
#: Strategy discussions held without one of social care, police and health (WT2023 ch.3
#: minimum): usually health not reached in time.
STRATEGY_NOT_QUORATE_RATE = 0.08
#: Enquiries with a second strategy discussion (new information), which moves the
#: conference target on (15 working days from the last discussion).
SECOND_STRATEGY_RATE = 0.15
#: Outcome of a section 47 enquiry: ~500 ICPCs from ~1,500 enquiries a year.
ENQUIRY_OUTCOMES = Weighted({"icpc": 33, "cin_plan": 31, "nfa": 36})
#: DfE: ~78-80% of initial conferences are held within 15 working days of the strategy
#: discussion: about a fifth late.
ICPC_LATE_RATE = 0.22
#: DfE: ~83% of initial conferences make a plan (64,000 plans from 77,000 ICPCs).
ICPC_PLAN_RATE = 0.84
#: Initial category of abuse (DfE CIN census 2023: neglect 48%, emotional 38%, physical
#: 7%, sexual 4%, multiple 3%).
CATEGORIES = Weighted({"NEG": 48, "EMO": 38, "PHY": 7, "SAB": 4, "MUL": 3})
#: A review conference changes the latest category now and then.
CATEGORY_CHANGE_RATE = 0.07
#: How many review conferences a plan has before the one that ends it (reviews at ~3, 9,
#: 15, 21 ... months): a mean of ~9.5 months, ~5% beyond two years (DfE: 2-4% of plans
#: ending have lasted 2 years or more).
REVIEWS_TO_END = Weighted({1: 33, 2: 38, 3: 16, 4: 7, 5: 3, 6: 3})
#: Reviews held after their due date (first within 3 months, then within 6).
REVIEW_LATE_RATE = 0.09
#: Plans ended between conferences because the family moved to another authority.
CP_MOVED_AWAY_RATE = 0.03
#: Children whose earlier plans are not in our records (another authority, or before
#: the records began): with the repeats made here, ~22% of plans are second or later
#: (DfE: 23-25%).
PREVIOUS_PLANS_ELSEWHERE = 0.16
#: First core group later than 10 working days after the ICPC.
CORE_GROUP_LATE_RATE = 0.12
#: Plans that end with the child stepped down to a child in need plan.
CP_STEP_DOWN_TO_CIN = 0.6
#: Child in need plans during which a strategy discussion is held.
CIN_ESCALATION_RATE = 0.08
#: Police protection (CA 1989 s46) at a front door strategy discussion, and emergency
#: protection orders (s44) in enquiries that go to conference: a few a year.
POLICE_PROTECTION_RATE = 0.03
EPO_RATE = 0.015


_VISIT_BANDS_CP = Weighted({"on_time": 78, "late": 16, "missed": 6})
_VISIT_BANDS_CIN = Weighted({"on_time": 72, "late": 20, "missed": 8})


def cp_visit_gap(rng: random.Random) -> int:
    """Working days between child protection visits (authority standard: 10). About four
    in five on time; some late; a few a month or more apart (missed)."""
    band = _VISIT_BANDS_CP.draw(rng)
    if band == "on_time":
        return rng.randint(7, 10)  # workers visit towards the date it is due
    if band == "late":
        return rng.randint(11, 15)
    return rng.randint(16, 30)


def cin_visit_gap(rng: random.Random) -> int:
    """Working days between child in need visits (authority standard: 20)."""
    band = _VISIT_BANDS_CIN.draw(rng)
    if band == "on_time":
        return rng.randint(14, 20)
    if band == "late":
        return rng.randint(21, 30)
    return rng.randint(31, 50)
