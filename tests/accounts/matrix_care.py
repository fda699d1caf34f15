"""The looked-after, legal, adoption and care-leaver records of the route matrix's child
(tests/accounts/test_matrix.py), made directly: the matrix needs one of each, not a
journey the services would accept."""

from __future__ import annotations

import datetime as dt
from typing import Any

from opencsc.accounts.models import Role
from opencsc.adoption.models import AdoptionPlan, AdoptiveFamily
from opencsc.care.models import CareEpisode, CarePeriod, MissingEpisode
from opencsc.casework.models import Allocation
from opencsc.leaving.models import CareLeaver, LeaverAccommodation
from opencsc.legal.models import CareProceedings, PreProceedings
from tests.factories import TeamFactory, UserFactory


def care_records(*, child, episode, manager, today: dt.date) -> dict[str, Any]:
    start = today - dt.timedelta(days=10)
    period = CarePeriod.objects.create(
        child=child, episode=episode, start_date=start, recorded_by=manager
    )
    CareEpisode.objects.create(
        period=period,
        child=child,
        start_date=start,
        reason_new_episode="S",
        legal_status="C1",
        category_of_need="N1",
        placement="U6",
        provider="PR1",
        carer="Foster household 1",
        urn="SC123456",
        recorded_by=manager,
    )
    # An IRO and a personal adviser, each allocated to the child in their own right.
    iro = UserFactory(
        role=Role.REVIEWING_OFFICER, team=TeamFactory(kind="reviewing", name="Reviewing")
    )
    adviser = UserFactory(
        role=Role.PERSONAL_ADVISER, team=TeamFactory(kind="leaving_care", name="Leaving care")
    )
    for user, role in ((iro, "reviewing_officer"), (adviser, "personal_adviser")):
        Allocation.objects.create(
            child=child, team=user.team, worker=user, role=role, start_date=start
        )
    plo = PreProceedings.objects.create(
        child=child,
        episode=episode,
        start_date=start,
        next_review_due=today,
        recorded_by=manager,
    )
    family = AdoptiveFamily.objects.create(
        reference="AF-0001", legal_status="L11", enquiry_on=start, recorded_by=manager
    )
    leaver = CareLeaver.objects.create(child=child, eligibility="eligible", recorded_by=manager)
    return {
        "period": period,
        "iro": iro,
        "adviser": adviser,
        "missing": MissingEpisode.objects.create(
            child=child, kind="M", started_on=start, recorded_by=manager
        ),
        "plo": plo,
        "proceedings": CareProceedings.objects.create(
            child=child, issued_on=today, court="Family Court at Crewe", recorded_by=manager
        ),
        "adoption_plan": AdoptionPlan.objects.create(
            child=child, period=period, decided_on=start, recorded_by=manager
        ),
        "family": family,
        "leaver": leaver,
        "accommodation": LeaverAccommodation.objects.create(
            care_leaver=leaver,
            from_date=start,
            kind="W",
            suitable=False,
            recorded_by=manager,
        ),
    }
