"""A hand-made authority for the SSDA903 return: a dozen children looked after in
2024-25 and 2025-26, built from model objects directly (care, adoption, leaving, people,
casework allocations), so the return is tested whatever the services refuse or allow.

Between them they fill every table and the cases the 903 finds hard: a child looked
after on 1 April, placement moves, legal status changes, a return home, a re-entry,
an adoption, missing and away episodes, care leavers at 17 and 19, an unaccompanied
asylum-seeking child, a girl who is a mother, and changes of social worker.
Synthetic people only; postcodes are real ones from care/data/placement_postcodes.csv.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from opencsc.accounts.models import User
from opencsc.adoption.models import Adopter, AdoptionPlan, AdoptiveFamily
from opencsc.care.models import (
    CareEpisode,
    CarePeriod,
    Conviction,
    HealthCheck,
    LookedAfterReview,
    MissingEpisode,
    SDQScore,
)
from opencsc.casework.models import Allocation
from opencsc.core.identifiers import make_upn
from opencsc.leaving.models import CareLeaver, LeaverAccommodation, LeaverActivity, LeaverContact
from opencsc.people.models import Person, Relationship
from tests.factories import CINEpisodeFactory, TeamFactory, UserFactory

D = dt.date
HOME = "CW1 1FZ"  # Cheshire East
IN_AREA = ["CW1 9HZ", "CW12 3AE", "CW5 9EL", "SK11 7NP", "SK9 6LX"]  # Cheshire East
OUT_OF_AREA = "ST1 1DU"  # Stoke-on-Trent


@dataclass
class Authority:
    """The children by the case each one covers, and the people who recorded them."""

    worker: User
    other_worker: User
    children: dict[str, Person] = field(default_factory=dict)


def ep(start: D, ls: str, place: str, **kw: Any) -> dict[str, Any]:
    """One episode: DECOM, LS, PLACE and the rest (provider PR1, a foster carer, a
    placement in the area) unless given."""
    return {"start": start, "ls": ls, "place": place, **kw}


class Builder:
    def __init__(self) -> None:
        self.rng = random.Random(903)
        self.cin: dict[int, Any] = {}
        team = TeamFactory(name="Cared for children 903")
        self.worker = UserFactory(team=team)
        self.other_worker = UserFactory(team=team)
        self.authority = Authority(self.worker, self.other_worker)

    def child(self, key: str, born: D, sex: str, **kw: Any) -> Person:
        person = Person.objects.create(
            first_name=key.title().replace("_", " "),
            last_name="Fixture",
            date_of_birth=born,
            sex=sex,
            ethnicity=kw.pop("ethnicity", "WBRI"),
            upn=make_upn(self.rng, "895"),
            postcode=HOME,
            **kw,
        )
        self.authority.children[key] = person
        return person

    def period(
        self,
        child: Person,
        episodes: list[dict[str, Any]],
        end: D | None = None,
        reason: str = "",
        **period_fields: Any,
    ) -> CarePeriod:
        """A period of care; each episode after the first works out its RNE from what
        changed (903 rules 431-436: L status only, P new carer, U status and placement)."""
        # Both periods of a child who comes back sit in the one open CIN episode.
        cin = self.cin.get(child.pk) or CINEpisodeFactory(
            child=child, referral_date=episodes[0]["start"] - dt.timedelta(days=20)
        )
        self.cin[child.pk] = cin
        period = CarePeriod.objects.create(
            child=child,
            episode=cin,
            start_date=episodes[0]["start"],
            end_date=end,
            end_reason=reason,
            recorded_by=self.worker,
            **period_fields,
        )
        previous: dict[str, Any] | None = None
        for i, spec in enumerate(episodes):
            nxt = episodes[i + 1] if i + 1 < len(episodes) else None
            carer = spec.get("carer", f"carer-{spec['place']}-{spec.get('pl_post', IN_AREA[0])}")
            if previous is None:
                rne = "S"
            else:
                status = spec["ls"] != previous["ls"]
                new_carer = carer != previous["carer"]
                moved = new_carer or spec["place"] != previous["place"]
                if not moved:
                    rne = "L"
                elif new_carer:
                    rne = "B" if status else "P"
                else:
                    rne = "U" if status else "T"
            placement_postcode = spec.get("pl_post", IN_AREA[0])
            CareEpisode.objects.create(
                period=period,
                child=child,
                start_date=spec["start"],
                reason_new_episode=rne,
                legal_status=spec["ls"],
                category_of_need=spec.get("cin", "N1"),
                placement=spec["place"],
                provider=spec.get("provider", "PR0" if spec["place"] == "P1" else "PR1"),
                carer=carer,
                placement_postcode=placement_postcode,
                home_postcode=HOME,
                urn=spec.get("urn", ""),
                end_date=nxt["start"] if nxt else end,
                end_reason="X1" if nxt else reason,
                # 903 rules 225/226: the reason for a move sits on the episode it ends.
                reason_place_change=(
                    nxt.get("why", "CARPL")
                    if nxt and (nxt["place"] != spec["place"] or nxt.get("carer", carer) != carer)
                    else ""
                ),
                recorded_by=self.worker,
            )
            previous = {**spec, "carer": carer}
        return period

    def allocate(
        self, child: Person, worker: User, start: D, end: D | None = None, why: str = ""
    ) -> None:
        Allocation.objects.create(
            child=child,
            team=worker.team,
            worker=worker,
            start_date=start,
            end_date=end,
            change_reason=why,
        )

    def review(self, child: Person, period: CarePeriod, on: D, code: str) -> None:
        LookedAfterReview.objects.create(
            period=period,
            child=child,
            held_on=on,
            participation=code,
            chair=self.worker,
            decisions="Plan agreed.",
            recorded_by=self.worker,
        )

    def health(self, child: Person, on: D, *, development: bool = False) -> None:
        """A year's health items: review assessment, dental check, immunisations."""
        for kind in ("review", "dental", *(("development",) if development else ())):
            HealthCheck.objects.create(child=child, kind=kind, done_on=on, recorded_by=self.worker)
        HealthCheck.objects.create(
            child=child, kind="immunisations", done_on=on, up_to_date=True, recorded_by=self.worker
        )

    def sdq(self, child: Person, on: D, score: int) -> None:
        SDQScore.objects.create(child=child, completed_on=on, score=score, recorded_by=self.worker)

    def missing(self, child: Person, kind: str, start: D, end: D | None) -> None:
        MissingEpisode.objects.create(
            child=child, kind=kind, started_on=start, ended_on=end, recorded_by=self.worker
        )

    def leaver(self, child: Person, contact: D, activity: str, accommodation: str) -> None:
        leaver = CareLeaver.objects.create(
            child=child,
            eligibility="former_relevant",
            personal_adviser=self.other_worker,
            recorded_by=self.worker,
        )
        LeaverContact.objects.create(
            care_leaver=leaver,
            contact_on=contact,
            kind="visit",
            made_by=self.other_worker,
            summary="Seen.",
        )
        start = contact - dt.timedelta(days=120)
        LeaverActivity.objects.create(
            care_leaver=leaver, from_date=start, activity=activity, recorded_by=self.worker
        )
        LeaverAccommodation.objects.create(
            care_leaver=leaver,
            from_date=start,
            kind=accommodation,
            suitable=True,
            recorded_by=self.worker,
        )


def build_903_authority() -> Authority:
    b = Builder()
    w, w2 = b.worker, b.other_worker

    # Looked after on 1 April 2024 and 2025 and all year: care order, long-term foster
    # placement; a change of social worker in each year (903 SW episodes).
    kid = b.child("open_all_year", D(2014, 6, 1), "F")
    period = b.period(kid, [ep(D(2021, 5, 1), "C2", "U4", urn="SC100001")])
    b.allocate(kid, w, D(2021, 4, 20), D(2024, 9, 30))
    b.allocate(kid, w2, D(2024, 10, 1), D(2025, 9, 30), why="LEFTRL")
    b.allocate(kid, w, D(2025, 10, 1), why="MANAGE")
    for on in (D(2024, 6, 1), D(2024, 12, 1), D(2025, 6, 1), D(2025, 12, 1)):
        b.review(kid, period, on, "PN1")
    for on in (D(2024, 7, 1), D(2025, 7, 1)):
        b.health(kid, on)
        b.sdq(kid, on, 14)
    Conviction.objects.create(
        child=kid, convicted_on=D(2025, 11, 1), description="Theft", recorded_by=w
    )

    # Comes into care under section 20 in 2025-26, moves to a children's home out of the
    # area (RNE P), goes missing and away.
    kid = b.child("mover", D(2011, 2, 14), "M")
    period = b.period(
        kid,
        [
            ep(D(2025, 5, 10), "V2", "U6", urn="SC100002"),
            ep(
                D(2025, 8, 1),
                "V2",
                "K2",
                provider="PR4",
                pl_post=OUT_OF_AREA,
                urn="SC100003",
                why="CREQB",
            ),
        ],
    )
    b.allocate(kid, w, D(2025, 4, 20))
    b.review(kid, period, D(2025, 6, 5), "PN1")
    b.missing(kid, "M", D(2025, 9, 1), D(2025, 9, 3))
    # (An away episode still open at 31 March passes rules 575/577 run alone but fails
    # them in a full run: earlier rules fill the open episodes' DEC in the validator's
    # shared tables. So this one ends before the year does.)
    b.missing(kid, "A", D(2026, 3, 20), D(2026, 3, 22))

    # Legal status changes with no move (RNE L): s20, interim care order, care order.
    kid = b.child("status_changes", D(2018, 3, 3), "M")
    period = b.period(
        kid,
        [
            ep(D(2024, 11, 1), "V2", "U6", urn="SC100004"),
            ep(D(2025, 6, 15), "C1", "U6", urn="SC100004", carer="carer-U6-CW1 9HZ"),
            ep(D(2025, 10, 20), "C2", "U6", urn="SC100004", carer="carer-U6-CW1 9HZ"),
        ],
    )
    b.allocate(kid, w, D(2024, 10, 15))
    for on in (D(2024, 11, 20), D(2025, 2, 15), D(2025, 8, 10)):
        b.review(kid, period, on, "PN1")
    b.health(kid, D(2025, 9, 1))
    b.sdq(kid, D(2025, 9, 1), 9)

    # Returns home as planned (E4A) in December 2025; the case stays open.
    kid = b.child("returned_home", D(2012, 9, 9), "F")
    period = b.period(kid, [ep(D(2025, 4, 20), "V2", "U6", urn="SC100005")], D(2025, 12, 1), "E4A")
    b.allocate(kid, w2, D(2025, 4, 1))
    b.review(kid, period, D(2025, 5, 15), "PN2")

    # In care in April 2025, home in June, back in November (two periods, RNE S each).
    # (Not looked after at 31 March 2025: 903 rules SW12 and SW16b cannot both hold for a
    # child whose social worker was open at last year's end and who comes back into care.)
    kid = b.child("re_entry", D(2014, 1, 20), "M", ethnicity="MWBC")
    b.period(kid, [ep(D(2025, 4, 10), "V2", "U6", urn="SC100006")], D(2025, 6, 30), "E4B")
    period = b.period(kid, [ep(D(2025, 11, 1), "V2", "U6", urn="SC100007", pl_post=IN_AREA[1])])
    b.allocate(kid, w, D(2025, 4, 1))
    b.review(kid, period, D(2025, 11, 25), "PN6")

    # Adopted in September 2025 (E12) after a placement order and placement (A6).
    kid = b.child("adopted", D(2023, 1, 10), "F", ethnicity="WOTH")
    period = b.period(
        kid,
        [
            ep(D(2023, 3, 1), "C1", "U6", urn="SC100008"),
            ep(D(2023, 9, 1), "C2", "U6", urn="SC100008", carer="carer-U6-CW1 9HZ"),
            ep(D(2024, 5, 1), "E1", "U6", urn="SC100008", carer="carer-U6-CW1 9HZ"),
            ep(D(2025, 2, 1), "E1", "A6", provider="PR1", urn="SC100009", carer="adopters"),
        ],
        D(2025, 9, 15),
        "E12",
    )
    b.allocate(kid, w2, D(2023, 2, 1))
    for on in (D(2024, 8, 1), D(2025, 2, 20), D(2025, 8, 1)):
        b.review(kid, period, on, "PN0")
    b.health(kid, D(2024, 6, 1), development=True)
    family = AdoptiveFamily.objects.create(
        reference="FAM-903-1", legal_status="L11", enquiry_on=D(2023, 6, 1), recorded_by=w
    )
    Adopter.objects.create(
        family=family, reference="AD-903-1", first_name="A", last_name="Fixture", sex="M"
    )
    Adopter.objects.create(
        family=family, reference="AD-903-2", first_name="B", last_name="Fixture", sex="F"
    )
    AdoptionPlan.objects.create(
        child=kid,
        period=period,
        decided_on=D(2024, 3, 1),
        placement_order_on=D(2024, 5, 1),
        family=family,
        matched_on=D(2025, 1, 10),
        placed_on=D(2025, 2, 1),
        adoption_order_on=D(2025, 9, 15),
        recorded_by=w,
    )

    # Left care at 18 in October 2024 (staying put, E17): a care leaver at 19 in 2025-26.
    kid = b.child("leaver_19", D(2006, 10, 1), "M")
    b.period(kid, [ep(D(2020, 1, 1), "C2", "U4", urn="SC100010")], D(2024, 10, 1), "E17")
    b.allocate(kid, w, D(2019, 12, 1))
    b.leaver(kid, D(2025, 9, 15), "F2", "Z")

    # Left care at 16 in February 2025 (to a relative, E13): a care leaver at 17.
    kid = b.child("leaver_17", D(2008, 12, 1), "F")
    b.period(
        kid, [ep(D(2022, 6, 1), "V2", "K2", provider="PR4", urn="SC100011")], D(2025, 2, 1), "E13"
    )
    b.allocate(kid, w2, D(2022, 5, 1))
    b.leaver(kid, D(2025, 11, 20), "F2", "B")

    # An unaccompanied asylum-seeking child (903 UASC table).
    kid = b.child("uasc", D(2009, 5, 1), "M", ethnicity="OOTH", uasc=True)
    period = b.period(kid, [ep(D(2025, 7, 1), "V2", "U6", urn="SC100012")])
    b.allocate(kid, w2, D(2025, 7, 1))
    b.review(kid, period, D(2025, 7, 25), "PN1")

    # A girl in care who is a mother: her baby was born in January 2026.
    kid = b.child("mother", D(2009, 8, 8), "F")
    period = b.period(kid, [ep(D(2025, 6, 1), "C2", "R3", urn="SC100013", provider="PR4")])
    b.allocate(kid, w, D(2025, 5, 1))
    b.review(kid, period, D(2025, 6, 25), "PN1")
    baby = Person.objects.create(
        first_name="Baby", last_name="Fixture", date_of_birth=D(2026, 1, 5), sex="M"
    )
    Relationship.objects.create(
        person=kid, relative=baby, kind="mother", parental_responsibility=True
    )
    return b.authority
