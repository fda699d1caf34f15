"""Lists 10 and 11 of the hand-made care authority (test_annex_care_authority.py):
children with an adoption decision, and adoptive families with their adopters, inside and
just outside the twelve months before 30 September 2025. Synthetic people only."""

from __future__ import annotations

import datetime as dt

from opencsc.adoption.models import Adopter, AdoptionPlan, AdoptiveFamily

D = dt.date.fromisoformat


def build_adoption(auth, *, child, period, episode) -> None:
    """Adds the adoption records to ``auth``, with its helpers for children, periods of
    care and their episodes."""
    worker = auth.worker

    def family(reference, enquiry, adopters, **dates):
        made = AdoptiveFamily.objects.create(
            reference=reference,
            legal_status="L11",
            enquiry_on=D(enquiry),
            recorded_by=worker,
            **{
                k: D(v) if isinstance(v, str) and k.endswith("_on") else v for k, v in dates.items()
            },
        )
        for i, (sex, ethnicity) in enumerate(adopters, 1):
            Adopter.objects.create(
                family=made,
                reference=f"{reference}-A{i}",
                first_name="Ad",
                last_name=f"Opter{i}",
                sex=sex,
                ethnicity=ethnicity,
            )
        auth.families[reference] = made
        return made

    f1 = family(
        "F-1",
        "2024-11-01",
        [("M", "WBRI"), ("F", "")],
        fostering_for_adoption=True,
        stage_one_started_on="2024-11-20",
        stage_one_ended_on="2025-01-20",
        stage_two_started_on="2025-01-21",
        stage_two_ended_on="2025-04-20",
        application_on="2025-01-21",
        approved_on="2025-05-01",
    )
    f_left = family(
        "F-LEFT", "2024-10-10", [("F", "BAFR")], left_on="2025-02-01", left_reason="withdrew"
    )
    family("F-GONE", "2023-01-01", [("M", "WBRI")], left_on="2024-05-01", left_reason="other")
    f_done = family("F-DONE", "2022-01-01", [("F", "WBRI")], approved_on="2022-09-01")
    f_adopted = family(
        "F-ADOPTED", "2023-03-01", [("M", "WBRI"), ("M", "WBRI")], approved_on="2023-10-01"
    )
    f_future = family("F-FUTURE", "2025-10-03", [("F", "WBRI")])
    assert f_left and f_future

    def adoption(number, start, decided, *, fam=None, end=None, rec="", **dates):
        person = child(number, born="2022-06-01")
        care = period(person, start, end, rec)
        episode(care, start, rne="S", end=end, reason=rec or "")
        return AdoptionPlan.objects.create(
            child=person,
            period=care,
            decided_on=D(decided),
            family=fam,
            recorded_by=worker,
            **{k: D(v) if k.endswith("_on") else v for k, v in dates.items()},
        )

    adoption(
        "AD-1",
        "2024-09-01",
        "2025-01-10",
        fam=f1,
        placement_order_on="2025-03-01",
        matched_on="2025-06-01",
        placed_on="2025-07-01",
        ffa_placed_on="2025-02-01",
    )
    adoption(
        "AD-ADOPTED",
        "2023-01-01",
        "2023-05-01",
        fam=f_adopted,
        end="2025-02-01",
        rec="E11",
        placement_order_on="2023-08-01",
        matched_on="2024-01-10",
        placed_on="2024-02-01",
        adoption_order_on="2025-02-01",
    )
    adoption(
        "AD-OLD",
        "2021-01-01",
        "2021-05-01",
        fam=f_done,
        end="2024-06-01",
        rec="E12",
        matched_on="2022-10-01",
        placed_on="2022-11-01",
        adoption_order_on="2024-06-01",
    )
    adoption(
        "AD-REVERSED",
        "2024-05-01",
        "2024-08-01",
        no_longer_placed_on="2025-04-01",
        no_longer_placed_reason="RD3",
    )
    adoption("AD-FUTURE", "2025-06-01", "2025-10-05")
