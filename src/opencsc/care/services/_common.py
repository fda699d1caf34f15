"""What the care services share: dates in messages, ages, locking the child, and the
903 checks on one episode's details (legal status, placement, provider, URN, postcodes)
that starting a period and changing an episode both make."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from django.utils import timezone

from opencsc.care.areas import placement_authority
from opencsc.care.codes import (
    ADOPTION_PLACEMENTS,
    FOSTER_PLACEMENTS,
    NO_URN_PLACEMENTS,
    TEMPORARY_PLACEMENTS,
    LegalStatus,
    Placement,
    PlacementProvider,
)
from opencsc.people.postcodes import normalise_postcode, postcode_problem

if TYPE_CHECKING:
    from opencsc.care.models import CareEpisode
    from opencsc.people.models import Person

NO_URN = NO_URN_PLACEMENTS
# 903 rules 213 and 526 (2025-26): the placements recorded without a provider.
NO_PROVIDER = frozenset({*TEMPORARY_PLACEMENTS, "Z11", "Z12", "Z13", "Z14"})
SHORT_BREAKS = frozenset({"V3", "V4"})
STATUS_RULES = {"L1": "361", "L2": "362", "L3": "363", "J2": "364"}
#: 903 rules 375, 376, 379: how long a temporary placement may last, in days.
TEMPORARY_DAY_LIMITS = {"T1": (42, "375"), "T3": (21, "376"), "T4": (7, "379")}
#: 903 rules 358, 371-374: the youngest age at which a legal status or placement starts.
#: Placement codes new in the 2025-26 903 (903 rule 146 rejects them in earlier years).
CODES_FROM_2025_26 = frozenset({"K3", "Z11", "Z12", "Z13", "Z14"})
FIRST_DAY_2025_26 = dt.date(2025, 4, 1)
MIN_AGES = {
    "J1": (10, "358"),
    "J2": (10, "358"),
    "J3": (10, "358"),
    "K3": (16, "371"),
    "R5": (10, "372"),
    "S1": (4, "373"),
    "P3": (14, "374"),
}
# Ofsted URNs: "SC" and six digits for children's social care settings, six or seven
# digits for schools and other settings; XXXXXXX for regional adoption agencies (242).
_URN = re.compile(r"^(SC\d{6}|\d{6,7}|XXXXXXX)$")
URN_RAA = "XXXXXXX"


def today() -> dt.date:
    return timezone.localdate()


def long_date(value: dt.date) -> str:
    """3 March 2026, as GOV.UK writes dates in messages."""
    return f"{value.day} {value:%B %Y}"


def birthday(child: Person, years: int) -> dt.date | None:
    """The day the child turns ``years`` (29 February birthdays fall on 1 March), or None
    when the date of birth is not known. The 903 validator adds years with pandas'
    DateOffset, which moves 29 February to 28 February: a day earlier, never later."""
    born = child.date_of_birth
    return None if born is None else years_after(born, years)


def years_after(born: dt.date, years: int) -> dt.date:
    try:
        return born.replace(year=born.year + years)
    except ValueError:
        return dt.date(born.year + years, 3, 1)


def age_on(child: Person, on: dt.date) -> int | None:
    born = child.date_of_birth
    if born is None:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def lock_child(child: Person) -> None:
    """Lock the child's row for the transaction: one child's periods and episodes change
    one at a time, so two people cannot start overlapping episodes (903 rule 142)."""
    from opencsc.people.models import Person

    Person.objects.select_for_update().filter(pk=child.pk).values_list("pk").get()


def same_carer(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


@dataclass(frozen=True)
class Details:
    """What one episode records of where the child lives and under which legal status."""

    legal_status: str
    placement: str
    provider: str
    carer: str
    placement_postcode: str
    urn: str
    home_postcode: str

    @classmethod
    def of(cls, episode: CareEpisode) -> Details:
        return cls(
            legal_status=episode.legal_status,
            placement=episode.placement,
            provider=episode.provider,
            carer=episode.carer,
            placement_postcode=episode.placement_postcode,
            urn=episode.urn,
            home_postcode=episode.home_postcode,
        )

    def cleaned(self) -> Details:
        return replace(
            self,
            legal_status=(self.legal_status or "").strip().upper(),
            placement=(self.placement or "").strip().upper(),
            provider=(self.provider or "").strip().upper(),
            carer=" ".join((self.carer or "").split()),
            placement_postcode=normalise_postcode(self.placement_postcode or ""),
            urn=(self.urn or "").strip().upper(),
            home_postcode=normalise_postcode(self.home_postcode or ""),
        )

    def placement_fields(self) -> tuple[str, str, str, str]:
        """What 903 rules 434-436 compare to decide whether the placement changed."""
        return (self.placement, self.provider, self.placement_postcode, self.urn)

    def apply(self, episode: CareEpisode) -> None:
        episode.legal_status = self.legal_status
        episode.placement = self.placement
        episode.provider = self.provider
        episode.carer = self.carer
        episode.placement_postcode = self.placement_postcode
        episode.urn = self.urn
        episode.home_postcode = self.home_postcode
        authority = placement_authority(self.placement_postcode)
        episode.placement_la = authority
        episode.in_area = None if not authority else authority == _own_la()


def _own_la() -> str:
    from django.conf import settings

    return str(settings.OPENCSC_LA_ONS_CODE)


def details_errors(  # noqa: C901 - one branch per 903 rule
    d: Details, *, child: Person, on: dt.date
) -> dict[str, str]:
    """What the 903 rules reject in one episode's details, starting on ``on``, by field."""
    errors: dict[str, str] = {}
    if d.legal_status not in LegalStatus.values:
        errors["legal_status"] = "Select the legal status (903 rule 144)"
    elif d.legal_status == "D1":
        # 903 rule 445: freeing orders ended on 30 December 2005.
        errors["legal_status"] = (
            "Freeing orders could not be made after 30 December 2005: choose another legal "
            "status (903 rule 445)"
        )
    if d.placement not in Placement.values:
        errors["placement"] = "Select the placement type (903 rule 146)"
    elif d.placement in CODES_FROM_2025_26 and on < FIRST_DAY_2025_26:
        # 903 rule 146: supported accommodation (K3) and the four other placements (Z11 to
        # Z14) are codes of the 2025-26 return; an episode before it cannot use them.
        errors["placement"] = (
            f"'{Placement(d.placement).label}' is a placement type from 1 April 2025: for an "
            "earlier placement choose the type used then (903 rule 146)"
        )
    if errors:
        return errors
    ls, place = d.legal_status, d.placement
    short_break = ls in SHORT_BREAKS

    # Placement provider: 903 rules 178, 213, 526, 527-531, 550.
    if place in NO_PROVIDER:
        if d.provider:
            errors["provider"] = (
                f"Leave the provider empty for '{Placement(place).label}' (903 rule 213)"
            )
    elif d.provider not in PlacementProvider.values:
        errors["provider"] = "Select who provides the placement (903 rules 178, 526)"
    elif place == "P1" and d.provider != "PR0":
        errors["provider"] = (
            "A child placed with parents is provided by the parents: choose 'Parent or other "
            "person with parental responsibility' (903 rules 527-531)"
        )
    elif d.provider == "PR0" and place != "P1":
        errors["provider"] = (
            "'Parent or other person with parental responsibility' provides only placements "
            "with parents (903 rule 550)"
        )
    elif place in {"R2", "R5"} and d.provider in {"PR1", "PR2"}:
        errors["provider"] = (
            f"A local authority does not provide '{Placement(place).label}' (903 rules 527, 528)"
        )
    elif d.provider == "PR3" and place in {*ADOPTION_PLACEMENTS, "K1", "K2", *FOSTER_PLACEMENTS}:
        errors["provider"] = (
            f"Other public bodies do not provide '{Placement(place).label}' (903 rule 529)"
        )

    if not d.carer:
        errors["carer"] = "Enter who cares for the child: the carer's or the home's name"

    # Short breaks: no placement details, no temporary or long-term foster placement.
    if short_break:
        if d.placement_postcode or d.urn or d.home_postcode:
            errors["placement_postcode"] = (
                "Short breaks are recorded without postcodes or a URN (903 rules 214, 398, 420)"
            )
        if place in TEMPORARY_PLACEMENTS:
            errors["placement"] = "A short break cannot be a temporary placement (903 rule 382)"
        elif place in {"U1", "U4"}:
            errors["placement"] = (
                "A short break cannot be a long-term foster placement (903 rule 384)"
            )
    else:
        errors.update(_postcode_errors(d, child=child))
        errors.update(_urn_errors(d))

    if place == "P1" and ls == "V2":
        # 903 rule 378: a child accommodated under s.20 is not placed with parents.
        errors["placement"] = (
            "A child accommodated under section 20 cannot be placed with parents (903 rule 378)"
        )
    if place in {"A5", "A6"} and ls != "E1":
        errors["placement"] = (
            "Placed for adoption under a placement order needs the legal status 'Placement "
            "order granted' (903 rule 408)"
        )
    if (
        d.provider == "PR1"
        and not short_break
        and place not in {*ADOPTION_PLACEMENTS, *FOSTER_PLACEMENTS, "K3"}
    ):
        # 903 rule 1015 (2025-26): the authority's own provision is in its own area.
        authority = placement_authority(d.placement_postcode)
        if authority and authority != _own_la():
            errors["provider"] = (
                "The authority's own homes are in its own area, and this postcode is not: "
                "check the provider or the postcode (903 rule 1015)"
            )
    errors.update(_age_errors(d, child=child, on=on))
    return errors


def _postcode_errors(d: Details, *, child: Person) -> dict[str, str]:
    errors: dict[str, str] = {}
    # 903 rule 392b: both postcodes, except for (former) unaccompanied asylum seekers.
    required = not child.uasc
    for field, value, what in (
        ("placement_postcode", d.placement_postcode, "the placement's postcode"),
        ("home_postcode", d.home_postcode, "the postcode of the child's home"),
    ):
        if not value:
            if required:
                errors[field] = f"Enter {what} (903 rule 392b)"
        elif postcode_problem(value):
            errors[field] = f"Enter a real postcode for {what}, like CW1 2AB (903 rule 392c)"
    if (
        d.placement != "P1"
        and d.placement_postcode
        and d.placement_postcode == d.home_postcode
        and "placement_postcode" not in errors
    ):
        errors["placement_postcode"] = (
            "The placement's postcode is the same as the child's home: only a placement with "
            "parents is at home (903 rule 392d)"
        )
    return errors


def _urn_errors(d: Details) -> dict[str, str]:
    place = d.placement
    if place in NO_URN:
        if d.urn and d.urn != URN_RAA:
            return {
                "urn": f"'{Placement(place).label}' is not registered with Ofsted: leave the "
                "URN empty (903 rule 222)"
            }
        if d.urn == URN_RAA:
            return {"urn": "URN XXXXXXX is for regional adoption agencies only (903 rule 242)"}
        return {}
    if not d.urn:
        return {"urn": "Enter the Ofsted URN of the placement (903 rule 218)"}
    if not _URN.fullmatch(d.urn):
        return {"urn": "Enter the Ofsted URN as it is written, like SC123456 (903 rule 1008)"}
    if d.urn == URN_RAA and place not in {*ADOPTION_PLACEMENTS, *FOSTER_PLACEMENTS}:
        return {"urn": "URN XXXXXXX is for regional adoption agencies only (903 rule 242)"}
    return {}


def _age_errors(d: Details, *, child: Person, on: dt.date) -> dict[str, str]:
    errors: dict[str, str] = {}
    for field, code in (("legal_status", d.legal_status), ("placement", d.placement)):
        if code not in MIN_AGES:
            continue
        years, rule = MIN_AGES[code]
        turns = birthday(child, years)
        # Rule 358 wants the child older than 10 (after the birthday); the others at least.
        too_young = turns is not None and (on <= turns if rule == "358" else on < turns)
        if too_young:
            label = (LegalStatus if field == "legal_status" else Placement)(code).label
            errors[field] = (
                f"'{label}' is for children aged {years} or over"
                f"{' (after their birthday)' if rule == '358' else ''}, and "
                f"{child.full_name} is younger on {long_date(on)} (903 rule {rule})"
            )
    eighteen = birthday(child, 18)
    if (
        eighteen is not None
        and on >= eighteen
        and not (d.legal_status == "V2" and d.placement == "K2")
    ):
        # 903 rule 359: after 18 a young person is looked after only under s.20(5), in a
        # community home.
        errors.setdefault(
            "legal_status",
            f"{child.full_name} is 18 on {long_date(on)}: after 18 a young person stays looked "
            "after only under section 20 in a children's home (903 rule 359). End the period "
            "of care instead",
        )
    return errors
