"""The synthetic families of the area: names, dates of birth, identifiers and addresses.

Everyone here is made up. Names come from Faker, NHS numbers from the 999 test range
(never issued to a patient), UPNs carry LA code 895 with a valid check letter, and
house numbers and street names are invented; only the postcodes are real (Cheshire
East's, from the ONS postcode directory: see data/README.md).

Only the children who come to the front door, and a parent or two of theirs, ever
become Person records. The area's 80,000 children are the base the rates are per.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from faker import Faker

from opencsc.core.identifiers import make_nhs_number, make_upn
from opencsc.synth.calibration import ETHNICITIES, Weighted, sample_family_size

__all__ = [
    "LA_CODE",
    "PlannedPerson",
    "Family",
    "Postcode",
    "load_postcodes",
    "locality_of",
    "Population",
]

# DfE LA number for Cheshire East: characters 2-4 of its UPNs (CIN census 1530).
LA_CODE = "895"

DATA_DIR = Path(__file__).parent / "data"

# Postcode districts grouped into the four localities the area teams cover.
_LOCALITIES: dict[str, int] = {
    **dict.fromkeys(["CW1", "CW2", "CW3", "CW5"], 0),  # Crewe and Nantwich
    **dict.fromkeys(["SK10", "SK11"], 1),  # Macclesfield
    **dict.fromkeys(
        ["SK9", "WA16", "SK12", "SK6", "SK7", "SK8", "SK22", "SK23", "WA13", "WA14", "WA15",
         "M22"],
        2,
    ),  # Wilmslow, Knutsford and Poynton
}  # everything else (CW4, CW10, CW11, CW12, ST7, ...): Congleton, Sandbach and Alsager
LOCALITY_NAMES = [
    "Crewe and Nantwich",
    "Macclesfield",
    "Wilmslow, Knutsford and Poynton",
    "Congleton, Sandbach and Alsager",
]

_STREET_SUFFIXES = [
    ("Road", 20), ("Street", 14), ("Lane", 12), ("Avenue", 9), ("Close", 10), ("Drive", 8),
    ("Way", 5), ("Crescent", 4), ("Grove", 4), ("Gardens", 3), ("Court", 3), ("Place", 2),
    ("Mews", 1), ("Walk", 1), ("View", 1),
]
_FLAT_SHARE = 0.12

# Names for other heritages come from Faker's locales (a few per cent of families).
_FAKER_LOCALE_ETHNICITIES = {"WOTH", "AIND", "APKN", "ABAN", "AOTH"}


def _en_gb_names() -> dict[str, Weighted]:
    """Faker's en_GB name tables, drawn from directly: a Faker call per name made planning
    Cheshire East's 80,000 people take seconds longer than everything else together."""
    from faker.providers.person.en_GB import Provider

    def table(names: Iterable[str] | dict[str, float]) -> Weighted:
        if isinstance(names, dict):
            return Weighted(list(names.items()))
        return Weighted([(n, 1) for n in names])

    return {
        "F": table(Provider.first_names_female),
        "M": table(Provider.first_names_male),
        "last": table(Provider.last_names),
    }


_EN_GB_NAMES = _en_gb_names()


@dataclass(frozen=True, slots=True)
class Postcode:
    postcode: str
    town: str
    locality: int


def locality_of(postcode: str) -> int:
    return _LOCALITIES.get(postcode.split()[0], 3)


@lru_cache(maxsize=1)
def load_postcodes() -> tuple[Postcode, ...]:
    with (DATA_DIR / "postcodes.csv").open(newline="", encoding="utf-8") as f:
        return tuple(
            Postcode(row["postcode"], row["post_town"], locality_of(row["postcode"]))
            for row in csv.DictReader(f)
        )


@dataclass(slots=True, eq=False)
class PlannedPerson:
    """A person the generator will create (children only once they are needed)."""

    key: int
    role: str  # "child", "mother", "father"
    first_name: str
    last_name: str
    sex: str
    date_of_birth: date | None
    ethnicity: str
    expected_date_of_birth: date | None = None
    nhs_number: str = ""
    upn: str = ""
    upn_unknown_reason: str = ""
    disabilities: list[str] = field(default_factory=list)
    family: Family | None = None
    #: Set once the child has come to the front door: only then is a record created.
    needed: bool = False
    #: Journeys of this child (PlannedContact, in the order received).
    contacts: list = field(default_factory=list)
    #: An unborn child who is born by the as-of date: (date of birth, sex, first name).
    birth: tuple[date, str, str] | None = None


@dataclass(slots=True, eq=False)
class Family:
    key: int
    last_name: str
    ethnicity: str
    postcode: Postcode
    line1: str
    moved_in: date
    parents: list[PlannedPerson]
    children: list[PlannedPerson]
    #: The seed for everything written later about this family (notes, phone numbers).
    seed: int = 0

    @property
    def locality(self) -> int:
        return self.postcode.locality


class Population:
    """Makes families on demand, deterministically from one ``random.Random``."""

    def __init__(self, rng: random.Random, *, first_day: date, last_day: date) -> None:
        self.rng = rng
        self.first_day = first_day
        self.last_day = last_day
        self.fakers = {loc: Faker(loc) for loc in ("en_GB", "pl_PL", "en_IN", "ro_RO")}
        for i, f in enumerate(self.fakers.values()):
            f.seed_instance(rng.randrange(2**31) + i)
        self.postcodes = load_postcodes()
        self._street_suffix = Weighted(_STREET_SUFFIXES)
        self._nhs_numbers: set[str] = set()
        self._upns: set[str] = set()
        self._next_person = 0
        self._next_family = 0
        self.families: list[Family] = []

    # -- identifiers ---------------------------------------------------------

    def nhs_number(self) -> str:
        while True:
            number = make_nhs_number(self.rng)
            if number not in self._nhs_numbers:
                self._nhs_numbers.add(number)
                return number

    def upn(self) -> str:
        while True:
            upn = make_upn(self.rng, LA_CODE)
            if upn not in self._upns:
                self._upns.add(upn)
                return upn

    # -- names ---------------------------------------------------------------

    def last_name(self, ethnicity: str) -> str:
        if ethnicity in _FAKER_LOCALE_ETHNICITIES:
            return self._faker_for(ethnicity).last_name()
        return _EN_GB_NAMES["last"].draw(self.rng)

    def _faker_for(self, ethnicity: str) -> Faker:
        if ethnicity == "WOTH":
            return self.fakers["pl_PL"] if self.rng.random() < 0.6 else self.fakers["ro_RO"]
        if ethnicity in ("AIND", "APKN", "ABAN", "AOTH"):
            return self.fakers["en_IN"]
        return self.fakers["en_GB"]

    def first_name(self, sex: str, ethnicity: str) -> str:
        if ethnicity in _FAKER_LOCALE_ETHNICITIES:
            fake = self._faker_for(ethnicity)
            return fake.first_name_female() if sex == "F" else fake.first_name_male()
        return _EN_GB_NAMES["F" if sex == "F" else "M"].draw(self.rng)

    def street(self) -> str:
        names = _EN_GB_NAMES["last"] if self.rng.random() < 0.6 else _EN_GB_NAMES["F"]
        stem = names.draw(self.rng)
        suffix = self._street_suffix.draw(self.rng)
        number = self.rng.randint(1, 140)
        if self.rng.random() < _FLAT_SHARE:
            return f"Flat {self.rng.randint(1, 24)}, {number} {stem} {suffix}"
        return f"{number} {stem} {suffix}"

    # -- families ------------------------------------------------------------

    def _person_key(self) -> int:
        self._next_person += 1
        return self._next_person

    def new_family(self, *, eldest_age_on: date, eldest_age: float) -> Family:
        """A household whose eldest child (the one first contacted about, usually) is
        ``eldest_age`` years old on ``eldest_age_on``."""
        rng = self.rng
        self._next_family += 1
        ethnicity = ETHNICITIES.draw(rng)
        last_name = self.last_name(ethnicity)
        postcode = rng.choice(self.postcodes)
        size = sample_family_size(rng)
        eldest_dob = eldest_age_on - timedelta(days=round(eldest_age * 365.25))
        children: list[PlannedPerson] = []
        dob = eldest_dob
        for i in range(size):
            if i:
                dob = dob + timedelta(days=rng.randint(330, 1500))
                if dob > self.last_day:
                    break
            # Mixed-heritage children's parents may have different ethnicities; the child's
            # own is recorded as the family's for simplicity.
            sex = "M" if rng.random() < 0.515 else "F"
            # Some children carry another parent's surname.
            child_last = last_name if rng.random() < 0.8 else self.last_name(ethnicity)
            children.append(
                PlannedPerson(
                    key=self._person_key(),
                    role="child",
                    first_name=self.first_name(sex, ethnicity),
                    last_name=child_last,
                    sex=sex,
                    date_of_birth=dob,
                    ethnicity=ethnicity,
                )
            )
        mother_age = rng.uniform(17.5, 38.0)
        mother_dob = eldest_dob - timedelta(days=round(mother_age * 365.25))
        parents = [
            PlannedPerson(
                key=self._person_key(),
                role="mother",
                first_name=self.first_name("F", ethnicity),
                last_name=last_name,
                sex="F",
                date_of_birth=mother_dob,
                ethnicity=ethnicity,
                needed=True,
            )
        ]
        if rng.random() < 0.35:
            father_dob = mother_dob - timedelta(days=rng.randint(-800, 3000))
            parents.append(
                PlannedPerson(
                    key=self._person_key(),
                    role="father",
                    first_name=self.first_name("M", ethnicity),
                    last_name=last_name if rng.random() < 0.7 else self.last_name(ethnicity),
                    sex="M",
                    date_of_birth=father_dob,
                    ethnicity=ethnicity,
                    needed=True,
                )
            )
        moved_in = self.first_day - timedelta(days=rng.randint(30, 3650))
        family = Family(
            key=self._next_family,
            last_name=last_name,
            ethnicity=ethnicity,
            postcode=postcode,
            line1=self.street(),
            moved_in=moved_in,
            parents=parents,
            children=children,
            seed=rng.randrange(2**31),
        )
        for person in (*children, *parents):
            person.family = family
        self.families.append(family)
        return family

    def unborn_child(self, family: Family, *, expected: date) -> PlannedPerson:
        """A pre-birth referral: an expected date of birth, sex not known (CIN 4180)."""
        child = PlannedPerson(
            key=self._person_key(),
            role="child",
            first_name="Baby",
            last_name=family.last_name,
            sex="U",
            date_of_birth=None,
            expected_date_of_birth=expected,
            ethnicity=family.ethnicity,
            family=family,
        )
        family.children.append(child)
        born = expected + timedelta(days=self.rng.randint(-19, 10))
        if born <= self.last_day:
            sex = "M" if self.rng.random() < 0.515 else "F"
            child.birth = (born, sex, self.first_name(sex, family.ethnicity))
        return child

    def mark_needed(self, child: PlannedPerson, *, on: date) -> None:
        """The child comes to the front door for the first time: give them identifiers.

        NHS number for nearly everyone (a few not yet traced); a UPN for children of
        school age, otherwise the reason it is unknown (CIN census 8772: UN1 under school
        age). School age is judged on the last day of the history: the record is as it
        stands now, after the worker added the UPN a young child got on starting school
        (otherwise every such child would raise CIN census query 8770Q).
        """
        if child.needed:
            return
        child.needed = True
        rng = self.rng
        if child.date_of_birth is not None and rng.random() < 0.96:
            child.nhs_number = self.nhs_number()
        if child.date_of_birth is None:
            child.upn_unknown_reason = "UN1"
            return
        age = (self.last_day - child.date_of_birth).days / 365.25
        if age >= 4.5:
            if rng.random() < 0.93:
                child.upn = self.upn()
            else:
                child.upn_unknown_reason = "UN4" if age < 16 else "UN2"
        else:
            child.upn_unknown_reason = "UN1"

    def parent_identifiers(self, family: Family) -> None:
        for parent in family.parents:
            if not parent.nhs_number and self.rng.random() < 0.7:
                parent.nhs_number = self.nhs_number()
