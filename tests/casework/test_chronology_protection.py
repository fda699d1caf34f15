"""The chronology carries a child protection and child in need journey: strategy
discussions, enquiries, conferences, plans started and ended, reviews, statutory visits
and emergency powers, in fixed queries."""

from __future__ import annotations

import datetime as dt

import pytest

from opencsc.casework.chronology import EventKind, chronology_for
from opencsc.plans import services as plans
from opencsc.protection import services as protection
from tests.factories import CINEpisodeFactory, PersonFactory, UserFactory

D = dt.date
PROTECTION_KINDS = [EventKind.PROTECTION, EventKind.CIN_PLAN, EventKind.VISIT]
QUORATE = [
    ("social_care", "Sam Social", "Social worker"),
    ("police", "Pat Police", "Detective constable"),
    ("health", "Hal Health", "Named nurse"),
]


@pytest.fixture
def journey(frozen, social_worker):
    """Referred Friday 20 March 2026; police protection over the weekend; a strategy
    discussion, a joint enquiry, a plan from the initial conference, ended at its first
    review; then a child in need plan, reviewed and ended. Recorded through the services."""
    frozen.move_to(dt.datetime(2026, 9, 15, 9, tzinfo=dt.UTC), tick=True)
    sw = social_worker
    chair = UserFactory(role="team_manager", first_name="Chair")
    child = PersonFactory(date_of_birth=D(2016, 5, 1))
    episode = CINEpisodeFactory(child=child, referral_date=D(2026, 3, 20))
    protection.emergency_power_record(
        actor=sw,
        child=child,
        kind="police_protection",
        start_date=D(2026, 3, 21),
        end_date=D(2026, 3, 23),
        notes="Found alone at home at night",
    )
    enquiry = protection.strategy_discussion_record(
        actor=sw,
        episode=episode,
        held_at=dt.datetime(2026, 3, 23, 10, tzinfo=dt.UTC),
        kind="discussion",
        participants=QUORATE,
        information_shared="School reported bruising; the GP saw the child.",
        decision="s47_joint",
        rationale="Reasonable cause to suspect significant harm.",
    ).enquiry
    enquiry = protection.enquiry_update(
        actor=sw,
        enquiry=enquiry,
        expected_version=enquiry.version,
        child_seen_on=D(2026, 3, 24),
        seen_alone=True,
        findings="Injuries consistent with the child's account.",
    )
    enquiry = protection.enquiry_complete(
        actor=sw,
        enquiry=enquiry,
        expected_version=enquiry.version,
        completed_on=D(2026, 3, 30),
        outcome="icpc",
    )
    plan = protection.conference_record(
        actor=sw,
        episode=episode,
        kind="initial",
        held_on=D(2026, 4, 14),
        chair=chair,
        plan_required=True,
        category="NEG",
        summary="At continuing risk of significant harm through neglect.",
        enquiry=enquiry,
    ).started_plan
    plans.visit_record(
        actor=sw,
        child=child,
        visited_on=D(2026, 4, 21),
        child_seen=True,
        seen_alone=True,
        bedroom_seen=True,
        observations="Bedroom warm; the child showed me their drawings.",
    )
    protection.conference_record(
        actor=sw,
        episode=episode,
        kind="review",
        held_on=D(2026, 7, 14),
        chair=chair,
        plan_required=False,
        plan=plan,
        end_reason="no_risk",
    )
    cin = plans.cin_plan_start(actor=sw, episode=episode, start_date=D(2026, 7, 15))
    plans.visit_record(
        actor=sw,
        child=child,
        visited_on=D(2026, 8, 3),
        child_seen=True,
        seen_alone=False,
        observations="Seen with mum in the kitchen.",
    )
    plans.cin_plan_review_record(
        actor=sw, plan=cin, held_on=D(2026, 8, 14), progress="Attendance up", decision="Continue"
    )
    cin.refresh_from_db()
    plans.cin_plan_end(
        actor=sw,
        plan=cin,
        expected_version=cin.version,
        end_date=D(2026, 9, 1),
        reason="outcomes_met",
    )
    return child


EXPECTED = [
    (D(2026, 9, 1), "cin_plan", "Child in need plan ended"),
    (D(2026, 8, 14), "cin_plan", "Child in need plan review"),
    (D(2026, 8, 3), "visit", "Child in need visit: child seen (not alone)"),
    (D(2026, 7, 15), "cin_plan", "Child in need plan started"),
    (D(2026, 7, 14), "protection", "Child protection plan ended"),
    (D(2026, 7, 14), "protection", "Review child protection conference: plan ended"),
    (D(2026, 4, 21), "visit", "Child protection visit: child seen alone"),
    (D(2026, 4, 14), "protection", "Child protection plan started"),
    (
        D(2026, 4, 14),
        "protection",
        "Initial child protection conference: child protection plan",
    ),
    (
        D(2026, 3, 30),
        "protection",
        "Section 47 enquiry completed: Initial child protection conference",
    ),
    (D(2026, 3, 23), "protection", "Section 47 enquiry started"),
    (
        D(2026, 3, 23),
        "protection",
        "Strategy discussion: Section 47 enquiry jointly with the police",
    ),
    (D(2026, 3, 21), "protection", "Police protection (Children Act 1989 s46)"),
]


def test_chronology_has_the_protection_and_plan_journey_newest_first(journey):
    events = chronology_for(journey, kinds=PROTECTION_KINDS)
    assert [(e.on, e.kind, e.title) for e in events] == EXPECTED
    everything = chronology_for(journey)
    assert [e.title for e in everything][-2:] == [
        "Referral: child in need episode opened",
        "Born",
    ]


def test_protection_events_carry_decisions_outcomes_and_categories(journey):
    events = {e.title: e for e in chronology_for(journey, kinds=PROTECTION_KINDS)}
    strategy = events["Strategy discussion: Section 47 enquiry jointly with the police"]
    assert strategy.detail == "Reasonable cause to suspect significant harm."
    assert strategy.tag == "" and strategy.url.startswith("/")
    started = events["Section 47 enquiry started"]
    assert started.tag == "Joint with the police"
    assert started.lines == ("Initial conference target: 15 April 2026",)
    completed = events["Section 47 enquiry completed: Initial child protection conference"]
    assert completed.lines == ("Child seen 24 March 2026, alone",)
    conference = events["Initial child protection conference: child protection plan"]
    assert "Category of abuse: Neglect" in conference.lines
    assert conference.lines[0].startswith("Chair: Chair ")
    ended = events["Child protection plan ended"]
    assert ended.detail == "Reason: No longer at continuing risk of significant harm"
    visit = events["Child protection visit: child seen alone"]
    assert visit.lines == ("Bedroom seen",)
    assert events["Child in need plan ended"].detail.startswith("Reason: Outcomes achieved")
    assert events["Child in need plan review"].lines == ("Decision: Continue",)
    power = events["Police protection (Children Act 1989 s46)"]
    assert power.lines == ("Until 23 March 2026",)


def test_a_discussion_without_police_or_health_is_tagged(frozen, social_worker, db):
    frozen.move_to(dt.datetime(2026, 9, 15, 9, tzinfo=dt.UTC), tick=True)
    child = PersonFactory()
    episode = CINEpisodeFactory(child=child, referral_date=D(2026, 9, 1))
    protection.strategy_discussion_record(
        actor=social_worker,
        episode=episode,
        held_at=dt.datetime(2026, 9, 2, 10, tzinfo=dt.UTC),
        kind="meeting",
        participants=[("social_care", "Sam Social", "Social worker")],
        information_shared="Only the school's account so far.",
        decision="nfa",
        rationale="No reasonable cause to suspect significant harm.",
    )
    (event,) = chronology_for(child, kinds=[EventKind.PROTECTION])
    assert event.title == "Strategy meeting: No further action under section 47"
    assert event.tag == "Not quorate"


def test_protection_and_plan_events_cost_seven_queries_however_many(
    journey, django_assert_num_queries
):
    # Four for child protection (discussions, enquiries, conferences with their plans,
    # emergency powers), two for child in need plans and reviews, one for visits.
    with django_assert_num_queries(7):
        chronology_for(journey, kinds=PROTECTION_KINDS)
    plans.visit_record(
        actor=UserFactory(),
        child=journey,
        visited_on=D(2026, 8, 20),
        child_seen=False,
        observations="No answer at the door.",
    )
    with django_assert_num_queries(7):
        events = chronology_for(journey, kinds=PROTECTION_KINDS)
    missed = next(e for e in events if e.on == D(2026, 8, 20))
    assert (missed.title, missed.tag) == ("Child in need visit: child not seen", "Child not seen")
