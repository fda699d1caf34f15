"""A hand-made authority for Annex A lists 8 to 11: children in care, care leavers,
children with an adoption decision and adopters, inside and just outside each list's
period. Built record by record with the models (as the care, leaving and adoption services
would leave them), so the list tests do not wait on those services.

The as-of date is Tuesday 30 September 2025, as for lists 1 to 7: lists 8 and 9 look back
six months (from 30 March 2025), lists 10 and 11 and the "last 12 months" columns twelve
(from 30 September 2024). Synthetic people only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from opencsc.adoption.models import AdoptiveFamily
from opencsc.care.models import (
    CareEpisode,
    CarePeriod,
    CarePlan,
    HealthCheck,
    IROContact,
    LookedAfterReview,
    MissingEpisode,
)
from opencsc.casework.models import AllocationRole
from opencsc.leaving.models import CareLeaver, LeaverAccommodation, LeaverActivity
from opencsc.people.models import PersonDisability
from tests.factories import (
    AllocationFactory,
    CINEpisodeFactory,
    PersonFactory,
    StatutoryVisitFactory,
    TeamFactory,
    UserFactory,
)
from tests.returns.test_annex_care_authority_adoption import build_adoption

AS_OF = dt.date(2025, 9, 30)
D = dt.date.fromisoformat
OWN, STOCKPORT = "E06000049", "E08000007"


@dataclass
class CareAuthority:
    worker: object
    adviser: object
    team: object
    children: dict[str, object] = field(default_factory=dict)
    families: dict[str, AdoptiveFamily] = field(default_factory=dict)


def build_care() -> CareAuthority:  # noqa: PLR0915 - one authority, record by record
    team = TeamFactory(name="Children in care team 1", kind="cin_cp")
    leaving = TeamFactory(name="Leaving care team", kind="cin_cp")
    worker = UserFactory(first_name="Cara", last_name="Carer", team=team)
    adviser = UserFactory(first_name="Pat", last_name="Adviser", team=leaving)
    auth = CareAuthority(worker=worker, adviser=adviser, team=team)

    def child(number, *, born="2012-03-15", disabled=False, uasc=False, uasc_ceased=None):
        person = PersonFactory(
            case_number=number,
            first_name="Test",
            last_name=number,
            date_of_birth=D(born),
            sex="M",
            ethnicity="WBRI",
            uasc=uasc,
            uasc_ceased=D(uasc_ceased) if uasc_ceased else None,
        )
        if disabled:
            PersonDisability.objects.create(person=person, code="LD")
        auth.children[number] = person
        return person

    def period(person, start, end=None, reason=""):
        cin = CINEpisodeFactory(
            child=person,
            referral_date=D(start) - dt.timedelta(days=20),
            closure_date=D(end) if end else None,
            closure_reason="RC7" if end else "",
        )
        return CarePeriod.objects.create(
            child=person,
            episode=cin,
            start_date=D(start),
            end_date=D(end) if end else None,
            end_reason=reason,
            recorded_by=worker,
        )

    def episode(
        care,
        start,
        *,
        rne,
        ls="C2",
        place="U6",
        provider="PR1",
        end=None,
        reason="",
        postcode="CH3 9PE",
        la=OWN,
        urn="SC100001",
        need="N1",
    ):
        return CareEpisode.objects.create(
            period=care,
            child=care.child,
            start_date=D(start),
            end_date=D(end) if end else None,
            end_reason=reason,
            reason_new_episode=rne,
            legal_status=ls,
            category_of_need=need,
            placement=place,
            provider=provider,
            carer=f"Carer of {place}",
            placement_postcode=postcode,
            home_postcode="CW1 2AB",
            urn=urn,
            placement_la=la,
            in_area=(la == OWN) if la else None,
            recorded_by=worker,
        )

    # ---------------------------------------------------------------- list 8
    lac = child("LAC-1", disabled=True)
    AllocationFactory(child=lac, team=team, worker=worker, start_date=D("2024-01-10"))
    care = period(lac, "2024-01-10")
    episode(care, "2024-01-10", rne="S", ls="V2", end="2024-11-01", reason="X1")
    episode(
        care,
        "2024-11-01",
        rne="P",
        ls="V2",
        place="K2",
        provider="PR4",
        postcode="SK1 1AT",
        la=STOCKPORT,
        urn="SC200002",
        end="2025-02-01",
        reason="X1",
    )
    episode(
        care,
        "2025-02-01",
        rne="L",
        place="K2",
        provider="PR4",
        postcode="SK1 1AT",
        la=STOCKPORT,
        urn="SC200002",
        end="2025-08-20",
        reason="X1",
    )
    # A stay in hospital: temporary placements have no provider (903 rule 213).
    episode(
        care,
        "2025-08-20",
        rne="T",
        place="T1",
        provider="",
        postcode="ST1 1DU",
        la="E06000021",
        urn="",
    )
    for held in ("2025-03-01", "2025-08-01", "2025-10-05"):
        LookedAfterReview.objects.create(
            period=care,
            child=lac,
            held_on=D(held),
            participation="PN1",
            chair=worker,
            decisions="Synthetic review decisions.",
            recorded_by=worker,
        )
    cin = care.episode
    StatutoryVisitFactory(child=lac, episode=cin, kind="cla", visited_on=D("2025-09-10"))
    StatutoryVisitFactory(
        child=lac,
        episode=cin,
        kind="cla",
        visited_on=D("2025-09-20"),
        child_seen=False,
        seen_alone=False,
        bedroom_seen=False,
    )
    StatutoryVisitFactory(child=lac, episode=cin, kind="cla", visited_on=D("2025-10-01"))
    CarePlan.objects.create(
        period=care,
        agreed_on=D("2025-02-15"),
        agreed_by=worker,
        permanence_option="long_term_fostering",
        summary="Synthetic plan.",
    )
    CarePlan.objects.create(
        period=care,
        agreed_on=D("2025-06-01"),
        agreed_by=worker,
        summary="Synthetic plan update, permanence unchanged.",
    )
    IROContact.objects.create(
        period=care,
        child=lac,
        iro=worker,
        contact_on=D("2025-07-15"),
        kind="visit",
        summary="Synthetic IRO visit.",
    )
    for kind, done in (
        ("initial", "2024-02-01"),
        ("review", "2025-01-20"),
        ("dental", "2025-04-04"),
        ("review", "2025-10-02"),
    ):
        HealthCheck.objects.create(child=lac, kind=kind, done_on=D(done), recorded_by=worker)
    for kind, start, end, offered, accepted in (
        ("M", "2024-08-01", "2024-08-02", None, None),  # before the 12 months
        ("M", "2025-05-01", "2025-05-02", "2025-05-03", True),
        ("A", "2025-06-01", "2025-06-01", None, None),
        ("M", "2025-07-10", "2025-07-11", "2025-07-12", False),
    ):
        MissingEpisode.objects.create(
            child=lac,
            kind=kind,
            started_on=D(start),
            ended_on=D(end),
            rhi_offered_on=D(offered) if offered else None,
            rhi_accepted=accepted,
            recorded_by=worker,
        )

    left = child("LAC-LEFT", born="2009-05-01")
    AllocationFactory(
        child=left, team=team, worker=worker, start_date=D("2024-01-01"), end_date=D("2025-05-15")
    )
    first = period(left, "2024-01-01", "2024-03-01", "E4B")
    episode(first, "2024-01-01", rne="S", ls="V2", end="2024-03-01", reason="E4B")
    care = period(left, "2024-06-01", "2025-05-15", "E4A")
    # A placement in Wales: not in care/areas.py's table, Ofsted's code instead.
    episode(
        care,
        "2024-06-01",
        rne="S",
        ls="V2",
        place="U4",
        provider="PR2",
        postcode="CF10 1AA",
        la="",
        urn="SC300003",
        end="2025-05-15",
        reason="E4A",
    )

    again = child("LAC-AGAIN", uasc=True, uasc_ceased="2025-01-01", born="2008-01-20")
    AllocationFactory(child=again, team=team, worker=worker, start_date=D("2024-10-01"))
    first = period(again, "2024-10-01", "2025-01-10", "E4B")
    episode(first, "2024-10-01", rne="S", ls="V2", end="2025-01-10", reason="E4B")
    care = period(again, "2025-04-01")
    episode(care, "2025-04-01", rne="S", ls="C1", place="U3", provider="PR1", need="N4")
    MissingEpisode.objects.create(
        child=again, kind="M", started_on=D("2025-09-29"), recorded_by=worker
    )  # still missing on the day

    old = child("LAC-OLD")
    care = period(old, "2023-01-01", "2025-03-29", "E4A")
    episode(care, "2023-01-01", rne="S", end="2025-03-29", reason="E4A")
    breaks = child("LAC-BREAKS")
    care = period(breaks, "2025-01-01")
    episode(care, "2025-01-01", rne="S", ls="V3", place="U6", postcode="", la="", urn="")
    future = child("LAC-FUTURE")
    care = period(future, "2025-10-02")
    episode(care, "2025-10-02", rne="S")

    # ---------------------------------------------------------------- list 9
    leaver = child("CL-1", born="2006-02-01")
    CareLeaver.objects.create(
        child=leaver, eligibility="former_relevant", personal_adviser=adviser, recorded_by=adviser
    )
    record = leaver.care_leaver
    for day, kind, suitable in (
        ("2025-01-01", "U", True),
        ("2025-09-01", "W", False),
        ("2025-10-10", "B", True),
    ):
        LeaverAccommodation.objects.create(
            care_leaver=record, from_date=D(day), kind=kind, suitable=suitable, recorded_by=adviser
        )
    LeaverActivity.objects.create(
        care_leaver=record, from_date=D("2025-02-01"), activity="F4", recorded_by=adviser
    )
    eligible = child("CL-ELIGIBLE", born="2009-01-10")
    AllocationFactory(child=eligible, team=team, worker=worker, start_date=D("2024-05-01"))
    CareLeaver.objects.create(
        child=eligible, eligibility="eligible", in_touch="NO", recorded_by=worker
    )
    AllocationFactory(
        child=eligible,
        team=leaving,
        worker=adviser,
        role=AllocationRole.PERSONAL_ADVISER,
        start_date=D("2025-01-01"),
    )
    ended = child("CL-ENDED", born="2000-01-01")
    CareLeaver.objects.create(
        child=ended,
        eligibility="former_relevant",
        support_ended_on=D("2025-06-01"),
        recorded_by=worker,
    )

    build_adoption(auth, child=child, period=period, episode=episode)
    return auth
