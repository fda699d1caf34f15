"""The chronology: every kind of event of a child's record, newest first, in fixed queries."""

from __future__ import annotations

import datetime as dt

import pytest

from opencsc.assessments import services as assessments
from opencsc.casework import services
from opencsc.casework.chronology import EventKind, chronology_for
from opencsc.casework.models import CINEpisode
from tests.factories import (
    AllocationFactory,
    CINEpisodeFactory,
    ContactFactory,
    EarlyHelpEpisodeFactory,
    PersonFactory,
    UserFactory,
)

D = dt.date


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.UTC)  # January: UTC = London


@pytest.fixture
def record(frozen, team, other_team, social_worker, outsider, manager, dc_team, dc_worker):
    """A child's journey from birth to death, recorded step by step through the services."""

    def on(day: dt.date, hour: int = 10) -> None:
        frozen.move_to(at(day, hour), tick=True)

    on(D(2026, 1, 5), 9)
    child = PersonFactory(date_of_birth=D(2015, 6, 1), first_name="Synthetic")
    EarlyHelpEpisodeFactory(
        child=child,
        start_date=D(2025, 9, 1),
        end_date=D(2026, 1, 5),
        end_reason="Concerns escalated",
    )
    contact = ContactFactory(child=child, received_at=at(D(2026, 1, 5), 9))
    contact.status, contact.decision, contact.threshold = "decided", "referral", "child_in_need"
    contact.decision_rationale, contact.decided_by = "Needs an assessment", manager
    contact.decided_at = at(D(2026, 1, 5), 15)
    contact.save()

    on(D(2026, 1, 6))
    episode = CINEpisodeFactory(child=child, referral_date=D(2026, 1, 6), contact=contact)
    AllocationFactory(child=child, team=team, worker=social_worker, start_date=D(2026, 1, 6))

    on(D(2026, 1, 7))
    first = assessments.assessment_start(
        actor=social_worker, episode=episode, start_date=D(2026, 1, 7)
    )
    on(D(2026, 1, 8))
    assessments.assessment_child_seen(
        actor=social_worker, assessment=first, seen_on=D(2026, 1, 8), seen_alone=True
    )
    on(D(2026, 1, 9))
    note = services.note_add(
        actor=social_worker,
        child=child,
        kind="home_visit",
        occurred_on=D(2026, 1, 9),
        text="Home visit: the house was warm.",
    )
    services.note_addendum_add(actor=social_worker, note=note, text="The visit was at 4pm.")
    assessments.assessment_update(
        actor=social_worker,
        assessment=first,
        expected_version=first.version,
        factors=["16A"],
        analysis="Analysis",
        outcome="cin_plan",
    )
    on(D(2026, 1, 12))
    assessments.assessment_submit(actor=social_worker, assessment=first)
    on(D(2026, 1, 13))
    assessments.assessment_return(actor=manager, assessment=first, comments="Add the GP's view")
    on(D(2026, 1, 14))
    assessments.assessment_submit(actor=social_worker, assessment=first)
    on(D(2026, 1, 15))
    assessments.assessment_authorise(actor=manager, assessment=first)
    on(D(2026, 1, 16))
    services.supervision_record(
        actor=manager,
        child=child,
        worker=social_worker,
        held_on=D(2026, 1, 16),
        reflection="Good engagement",
        actions=[("Visit school", social_worker, D(2026, 1, 23))],
    )
    services.oversight_add(
        actor=manager, child=child, direction="Transfer to the CIN team", reasons="Plan agreed"
    )
    on(D(2026, 1, 19))
    services.allocation_add_coworker(
        actor=manager, child=child, team=dc_team, worker=dc_worker, start_date=D(2026, 1, 19)
    )
    on(D(2026, 1, 20))
    services.allocation_assign(
        actor=manager,
        child=child,
        team=other_team,
        worker=outsider,
        start_date=D(2026, 1, 20),
        reason="Child in need plan",
    )
    on(D(2026, 1, 21))
    change = services.circumstance_change_record(
        actor=outsider, child=child, occurred_on=D(2026, 1, 21), description="Father moved out"
    )
    on(D(2026, 1, 22))
    update = assessments.assessment_start_update(
        actor=outsider, previous=first, change=change, start_date=D(2026, 1, 22)
    )
    on(D(2026, 1, 23))
    assessments.assessment_child_seen(
        actor=outsider, assessment=update, seen_on=D(2026, 1, 23), seen_alone=False
    )
    assessments.assessment_update(
        actor=outsider,
        assessment=update,
        expected_version=update.version,
        factors=["21"],
        analysis="Settled",
        outcome="nfa",
    )
    on(D(2026, 2, 1))
    cowork = child.allocations.get(role="co_worker")
    services.allocation_end_coworker(actor=manager, allocation=cowork, end_date=D(2026, 2, 1))
    on(D(2026, 2, 4))
    assessments.assessment_submit(actor=outsider, assessment=update)
    on(D(2026, 2, 5))
    other_manager = UserFactory(role="team_manager", team=other_team)
    other_team.manager = other_manager
    other_team.save()
    assessments.assessment_authorise(actor=other_manager, assessment=update)
    on(D(2026, 2, 10))
    child.date_of_death = D(2026, 2, 10)
    child.save()
    CINEpisode.objects.filter(pk=episode.pk).update(
        closure_date=D(2026, 2, 10), closure_reason="RC2"
    )
    return child


EXPECTED = [
    (D(2026, 2, 10), "person", "Died"),
    (D(2026, 2, 10), "referral", "Child in need episode closed"),
    (D(2026, 2, 5), "assessment", "Assessment authorised: No further action"),
    (D(2026, 2, 4), "assessment", "Assessment submitted for authorisation"),
    (D(2026, 2, 1), "allocation", "Co-working ended: {dc_worker} (Disabled children's team)"),
    (D(2026, 1, 23), "child_seen", "Child seen (not alone)"),
    (D(2026, 1, 22), "assessment", "Updated assessment started"),
    (D(2026, 1, 21), "change", "Change of circumstances"),
    (D(2026, 1, 20), "allocation", "Transferred to {other_team}: {outsider}"),
    (D(2026, 1, 19), "allocation", "Co-worker added: {dc_worker} (Disabled children's team)"),
    (D(2026, 1, 16), "oversight", "Management oversight"),
    (D(2026, 1, 16), "supervision", "Supervision of {social_worker}"),
    (D(2026, 1, 15), "assessment", "Assessment authorised: Child in need plan"),
    (D(2026, 1, 14), "assessment", "Assessment submitted for authorisation"),
    (D(2026, 1, 13), "assessment", "Assessment returned to the worker"),
    (D(2026, 1, 12), "assessment", "Assessment submitted for authorisation"),
    (D(2026, 1, 9), "note", "Home visit"),
    (D(2026, 1, 8), "child_seen", "Child seen alone"),
    (D(2026, 1, 7), "assessment", "Assessment started"),
    (D(2026, 1, 6), "allocation", "Allocated to {team}: {social_worker}"),
    (D(2026, 1, 6), "referral", "Referral: child in need episode opened"),
    (D(2026, 1, 5), "early_help", "Early help ended"),
    (D(2026, 1, 5), "contact", "Contact decided: Referral to children's social care (assessment)"),
    (D(2026, 1, 5), "contact", "Contact received from Schools"),
    (D(2025, 9, 1), "early_help", "Early help started"),
    (D(2015, 6, 1), "person", "Born"),
]


def test_chronology_has_every_kind_of_event_newest_first(
    record, team, other_team, social_worker, outsider, dc_worker
):
    names = {
        "team": team,
        "other_team": other_team,
        "social_worker": social_worker,
        "outsider": outsider,
        "dc_worker": dc_worker,
    }
    events = chronology_for(record)
    got = [(e.on, e.kind, e.title) for e in events]
    assert got == [(on, kind, title.format(**names)) for on, kind, title in EXPECTED]
    # Child protection and plans: tests/casework/test_chronology_protection.py.
    protection = {EventKind.PROTECTION, EventKind.CIN_PLAN, EventKind.VISIT}
    assert {e.kind for e in events} == set(EventKind.values) - protection


def test_chronology_details(record, manager, social_worker):
    events = {e.title: e for e in chronology_for(record)}
    returned = events["Assessment returned to the worker"]
    assert (returned.detail, returned.by) == ("Add the GP's view", str(manager))
    note = events["Home visit"]
    assert note.detail == "Home visit: the house was warm."
    assert note.lines[0].endswith("The visit was at 4pm.")
    assert note.url.endswith(f"/notes/{record.notes.get().pk}/addendum/")
    supervision = events[f"Supervision of {social_worker}"]
    assert supervision.lines == (
        f"Action: Visit school (owner {social_worker}, due 23 January 2026)",
    )
    updated = events["Updated assessment started"]
    assert "Father moved out" in updated.lines[0]
    transfer = next(e for e in events.values() if e.title.startswith("Transferred"))
    assert transfer.lines == (
        f"From {social_worker.team}: {social_worker}",
        "Reason: Child in need plan",
    )


def test_chronology_filtered_by_kind(record):
    events = chronology_for(record, kinds=["note", "oversight"])
    assert [e.title for e in events] == ["Management oversight", "Home visit"]
    assert chronology_for(record, kinds=["nonsense"]) == chronology_for(record)


def test_chronology_runs_a_fixed_number_of_queries(
    record, social_worker, django_assert_num_queries
):
    # One query per kind of record (assessments bring their transitions and visits, notes
    # their addenda, supervisions their actions), however long the record: 13, and 7 for
    # child protection and plans.
    with django_assert_num_queries(20):
        chronology_for(record)
    for n in range(5):
        services.note_add(
            actor=social_worker,
            child=record,
            kind="case_note",
            occurred_on=D(2026, 1, 10),
            text=f"Note {n}",
        )
    with django_assert_num_queries(20):
        chronology_for(record)


def test_empty_record_has_only_a_birth(db, django_assert_max_num_queries):
    child = PersonFactory(date_of_birth=D(2020, 2, 29))
    with django_assert_max_num_queries(20):
        events = chronology_for(child)
    assert [(e.on, e.title) for e in events] == [(D(2020, 2, 29), "Born")]


def test_unborn_child_shows_expected_date_of_birth(db):
    child = PersonFactory(date_of_birth=None, expected_date_of_birth=D(2026, 6, 1))
    (event,) = chronology_for(child)
    assert (event.title, event.tag) == ("Expected date of birth", "Unborn")
