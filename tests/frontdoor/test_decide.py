"""The threshold decision on a contact: every rule at entry, and what each decision opens."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from opencsc.casework.models import Allocation, CINEpisode
from opencsc.core.concurrency import StaleEditError
from opencsc.core.working_days import LONDON
from opencsc.frontdoor.models import ContactStatus, EarlyHelpEpisode
from opencsc.frontdoor.services import contact_decide
from tests.factories import (
    AllocationFactory,
    CINEpisodeFactory,
    ContactFactory,
    EarlyHelpEpisodeFactory,
    TeamFactory,
)
from tests.frontdoor.conftest import answer_all


def decide(contact, actor, **overrides):
    fields = dict(
        actor=actor,
        contact=contact,
        expected_version=contact.version,
        threshold="universal",
        decision="nfa",
        rationale="Needs met by school; no role for social care.",
    )
    fields.update(overrides)
    return contact_decide(**fields)


def refer(contact, actor, **overrides):
    fields = dict(threshold="child_in_need", decision="referral", primary_need="N1")
    fields.update(overrides)
    return decide(contact, actor, **fields)


def errors_of(excinfo):
    return excinfo.value.message_dict


def test_nfa_closes_the_contact(contact, front_door_worker):
    decided = decide(contact, front_door_worker)
    assert decided.status == ContactStatus.DECIDED
    assert decided.decided_by == front_door_worker
    assert decided.decided_at is not None
    assert decided.version == 2
    assert not CINEpisode.objects.exists()
    assert not EarlyHelpEpisode.objects.exists()


def test_information_and_advice_closes_the_contact(contact, front_door_worker):
    decided = decide(contact, front_door_worker, decision="information_advice")
    assert decided.status == ContactStatus.DECIDED
    assert decided.decision == "information_advice"


def test_referral_opens_an_episode_allocated_to_the_first_assessment_team(
    contact, front_door_worker
):
    TeamFactory(kind="assessment", name="Zulu assessment team")
    first = TeamFactory(kind="assessment", name="Alpha assessment team")
    with time_machine.travel(dt.datetime(2025, 3, 11, 0, 30, tzinfo=LONDON), tick=False):
        contact.received_at = dt.datetime(2025, 3, 10, 23, 0, tzinfo=LONDON)
        contact.save()
        refer(contact, front_door_worker)
    episode = CINEpisode.objects.get(child=contact.child)
    # The local date of the decision (00:30 on 11 March is 11 March in London).
    assert episode.referral_date == dt.date(2025, 3, 11)
    assert episode.referral_source == contact.source
    assert episode.primary_need == "N1"
    assert episode.contact == contact
    assert episode.opened_by == front_door_worker
    assert episode.is_re_referral is False
    allocation = Allocation.objects.get(child=contact.child, end_date__isnull=True)
    assert allocation.team == first
    assert allocation.start_date == episode.referral_date


def test_referral_allocates_to_the_chosen_team(contact, front_door_worker, other_team):
    refer(contact, front_door_worker, allocate_team=other_team)
    assert Allocation.objects.get(child=contact.child, end_date__isnull=True).team == other_team


def test_referral_keeps_the_worker_of_a_team_that_already_holds_the_child(
    contact, front_door_worker, team, social_worker
):
    held = AllocationFactory(child=contact.child, team=team, worker=social_worker)
    refer(contact, front_door_worker, allocate_team=team)
    assert Allocation.objects.get(child=contact.child, end_date__isnull=True) == held


def test_referral_ends_the_previous_primary_allocation(
    contact, front_door_worker, other_team, team
):
    old = AllocationFactory(
        child=contact.child, team=team, start_date=timezone.localdate() - dt.timedelta(days=400)
    )
    CINEpisodeFactory(
        child=contact.child,
        referral_date=timezone.localdate() - dt.timedelta(days=400),
        closure_date=timezone.localdate() - dt.timedelta(days=200),
        closure_reason="RC7",
    )
    refer(contact, front_door_worker, allocate_team=other_team)
    old.refresh_from_db()
    # A transfer: the handover day belongs to both allocations.
    assert old.end_date == timezone.localdate()
    assert Allocation.objects.get(child=contact.child, end_date__isnull=True).team == other_team


def test_strategy_discussion_opens_an_episode_and_records_the_decision(contact, front_door_worker):
    decided = decide(
        contact,
        front_door_worker,
        threshold="child_protection",
        decision="strategy_discussion",
        primary_need="N1",
        allocate_team=TeamFactory(kind="assessment"),
    )
    assert decided.decision == "strategy_discussion"
    assert CINEpisode.objects.get(child=contact.child).contact == contact


def test_early_help_opens_an_early_help_episode(contact, front_door_worker):
    decide(
        contact,
        front_door_worker,
        threshold="early_help",
        decision="early_help",
        lead_professional="Synthetic Family Worker",
        lead_organisation="Synthetic Family Hub",
    )
    episode = EarlyHelpEpisode.objects.get(child=contact.child)
    assert episode.contact == contact
    assert episode.start_date == timezone.localdate()
    assert episode.lead_professional == "Synthetic Family Worker"
    assert episode.end_date is None


def test_early_help_needs_a_lead_professional_and_organisation(contact, front_door_worker):
    with pytest.raises(ValidationError) as err:
        decide(contact, front_door_worker, threshold="early_help", decision="early_help")
    assert set(errors_of(err)) == {"lead_professional", "lead_organisation"}


@pytest.mark.parametrize("decision", ["referral", "strategy_discussion"])
def test_referral_needs_a_primary_need(contact, front_door_worker, decision):
    threshold = "child_in_need" if decision == "referral" else "child_protection"
    with pytest.raises(ValidationError) as err:
        decide(contact, front_door_worker, threshold=threshold, decision=decision)
    assert "primary need" in errors_of(err)["primary_need"][0]


@pytest.mark.parametrize("need", ["N9", "N0", "X1"])
def test_referral_refuses_a_primary_need_that_is_not_a_need(contact, front_door_worker, need):
    with pytest.raises(ValidationError) as err:
        refer(contact, front_door_worker, primary_need=need)
    assert "primary_need" in errors_of(err)


def test_referral_needs_a_team_when_there_is_no_assessment_team(contact, front_door_worker):
    with pytest.raises(ValidationError) as err:
        refer(contact, front_door_worker)
    assert "team" in errors_of(err)["allocate_team"][0]


@pytest.mark.parametrize(
    ("threshold", "decision", "says"),
    [
        ("child_protection", "nfa", "strategy discussion must be held"),
        ("child_protection", "referral", "strategy discussion must be held"),
        ("child_in_need", "information_advice", "social care assessment"),
        ("child_in_need", "early_help", "social care assessment"),
        ("universal", "referral", "universal services"),
        ("universal", "early_help", "universal services"),
        ("early_help", "strategy_discussion", "early help threshold"),
    ],
)
def test_threshold_must_be_consistent_with_the_decision(
    contact, front_door_worker, threshold, decision, says
):
    with pytest.raises(ValidationError) as err:
        decide(
            contact,
            front_door_worker,
            threshold=threshold,
            decision=decision,
            primary_need="N1",
            lead_professional="A",
            lead_organisation="B",
        )
    assert says in errors_of(err)["decision"][0]


@pytest.mark.parametrize(("field", "value"), [("threshold", "high"), ("decision", "maybe")])
def test_threshold_and_decision_must_be_on_the_list(contact, front_door_worker, field, value):
    with pytest.raises(ValidationError) as err:
        decide(contact, front_door_worker, **{field: value})
    assert field in errors_of(err)


def test_rationale_is_required(contact, front_door_worker):
    with pytest.raises(ValidationError) as err:
        decide(contact, front_door_worker, rationale="   ")
    assert "rationale" in errors_of(err)


def test_decision_cannot_be_before_the_contact_was_received(contact, front_door_worker):
    with pytest.raises(ValidationError) as err:
        decide(contact, front_door_worker, decided_at=contact.received_at - dt.timedelta(minutes=1))
    assert "after the contact was received" in errors_of(err)["decided_at"][0]


def test_decision_cannot_be_in_the_future(contact, front_door_worker):
    with pytest.raises(ValidationError) as err:
        decide(contact, front_door_worker, decided_at=timezone.now() + dt.timedelta(hours=1))
    assert "now or in the past" in errors_of(err)["decided_at"][0]


def test_decision_time_can_be_recorded_after_the_event(contact, front_door_worker):
    when = contact.received_at + dt.timedelta(minutes=20)
    assert decide(contact, front_door_worker, decided_at=when).decided_at == when


def test_referral_refused_while_the_child_has_an_open_episode(contact, front_door_worker):
    CINEpisodeFactory(child=contact.child)
    with pytest.raises(ValidationError) as err:
        refer(contact, front_door_worker, allocate_team=TeamFactory(kind="assessment"))
    message = errors_of(err)["decision"][0]
    assert "already has an open child in need episode" in message
    assert "Record this on the open case instead" in message
    assert CINEpisode.objects.filter(child=contact.child).count() == 1


def test_contact_on_an_open_case_closes_with_advice_whatever_the_threshold(
    contact, front_door_worker
):
    CINEpisodeFactory(child=contact.child)
    decided = decide(
        contact,
        front_door_worker,
        threshold="child_protection",
        decision="information_advice",
        rationale="Passed to the allocated social worker, who is holding a strategy discussion.",
    )
    assert decided.status == ContactStatus.DECIDED


def test_early_help_refused_while_early_help_is_open(contact, front_door_worker):
    EarlyHelpEpisodeFactory(child=contact.child)
    with pytest.raises(ValidationError) as err:
        decide(
            contact,
            front_door_worker,
            threshold="early_help",
            decision="early_help",
            lead_professional="A",
            lead_organisation="B",
        )
    assert "already has open early help" in errors_of(err)["decision"][0]


def test_referral_steps_up_open_early_help(contact, front_door_worker):
    early_help = EarlyHelpEpisodeFactory(child=contact.child)
    refer(contact, front_door_worker, allocate_team=TeamFactory(kind="assessment"))
    early_help.refresh_from_db()
    episode = CINEpisode.objects.get(child=contact.child)
    assert early_help.end_date == episode.referral_date
    assert early_help.stepped_up_to == episode
    assert "Stepped up" in early_help.end_reason


# --- Required information --------------------------------------------------------------


@pytest.fixture
def contact_missing_police(front_door_worker):
    contact = ContactFactory(taken_by=front_door_worker, team=front_door_worker.team)
    answer_all(contact, agencies=["health", "education", "csc_history"])
    return contact


def test_decision_waits_for_missing_information(contact_missing_police, front_door_worker):
    with pytest.raises(ValidationError) as err:
        decide(contact_missing_police, front_door_worker)
    message = errors_of(err)["decide_without_missing_information"][0]
    assert message.startswith("Information is still missing from police")


def test_deciding_without_missing_information_needs_a_reason(
    contact_missing_police, front_door_worker
):
    with pytest.raises(ValidationError) as err:
        decide(contact_missing_police, front_door_worker, decide_without_missing_information=True)
    assert "missing_information_reason" in errors_of(err)


def test_deciding_without_missing_information_adds_the_reason_to_the_rationale(
    contact_missing_police, front_door_worker
):
    decided = decide(
        contact_missing_police,
        front_door_worker,
        decide_without_missing_information=True,
        missing_information_reason="Police system down; concerns are low level.",
    )
    assert decided.decision_rationale.endswith(
        "Decided without information from police: Police system down; concerns are low level."
    )


def test_strategy_discussion_does_not_wait_for_information(
    contact_missing_police, front_door_worker
):
    decided = decide(
        contact_missing_police,
        front_door_worker,
        threshold="child_protection",
        decision="strategy_discussion",
        primary_need="N1",
        allocate_team=TeamFactory(kind="assessment"),
    )
    assert decided.status == ContactStatus.DECIDED


# --- Concurrency and state ---------------------------------------------------------------


def test_stale_decision_is_refused(contact, front_door_worker):
    stale_version = contact.version
    decide(contact, front_door_worker)
    with pytest.raises(StaleEditError) as err:
        decide(
            contact,
            front_door_worker,
            expected_version=stale_version,
            decision="information_advice",
        )
    assert err.value.current.decision == "nfa"


def test_stale_object_is_refused_by_the_database(contact, front_door_worker):
    from opencsc.frontdoor.models import Contact

    other_copy = Contact.objects.get(pk=contact.pk)
    decide(other_copy, front_door_worker)
    # ``contact`` still says version 1 and awaiting decision: the conditional update refuses.
    with pytest.raises(StaleEditError):
        decide(contact, front_door_worker)
    assert Contact.objects.get(pk=contact.pk).version == 2


def test_decided_contact_cannot_be_decided_again(contact, front_door_worker):
    decide(contact, front_door_worker)
    contact.refresh_from_db()
    with pytest.raises(ValidationError, match="decision on this contact was made"):
        decide(contact, front_door_worker)


def test_failed_referral_leaves_nothing_half_saved(contact, front_door_worker):
    from opencsc.frontdoor.models import Contact

    # The service saves the decision, then episode_open refuses the referral (it would
    # overlap a previous episode, CIN census 8820): the decision must roll back with it.
    CINEpisodeFactory(
        child=contact.child,
        referral_date=timezone.localdate() - dt.timedelta(days=30),
        closure_date=timezone.localdate(),
        closure_reason="RC7",
    )
    contact.received_at = timezone.now() - dt.timedelta(days=3)
    contact.save()
    with pytest.raises(ValidationError):
        refer(
            contact,
            front_door_worker,
            decided_at=timezone.now() - dt.timedelta(days=2),
            allocate_team=TeamFactory(kind="assessment"),
        )
    contact = Contact.objects.get(pk=contact.pk)
    assert contact.status == ContactStatus.AWAITING_DECISION
    assert contact.version == 1


# --- A referral with no further action (CIN census ReferralNFA) ----------------------------


def test_referral_nfa_opens_an_episode_marked_nfa(contact, front_door_worker):
    TeamFactory(kind="assessment")
    refer(contact, front_door_worker, referral_nfa=True)
    episode = CINEpisode.objects.get(contact=contact)
    assert episode.referral_nfa is True
    assert episode.primary_need == "N1"


def test_a_referral_is_not_nfa_unless_said(contact, front_door_worker):
    TeamFactory(kind="assessment")
    refer(contact, front_door_worker)
    assert CINEpisode.objects.get(contact=contact).referral_nfa is False


def test_referral_nfa_needs_no_primary_need_but_a_given_one_must_be_valid(
    contact, front_door_worker
):
    TeamFactory(kind="assessment")
    with pytest.raises(ValidationError) as err:
        refer(contact, front_door_worker, referral_nfa=True, primary_need="X9")
    assert errors_of(err)["primary_need"] == ["Select the child's primary need from the list"]
    # CIN census 8610 asks for a primary need only when the referral leads to further action.
    refer(contact, front_door_worker, referral_nfa=True, primary_need="")
    assert CINEpisode.objects.get(contact=contact).primary_need == ""


@pytest.mark.parametrize(
    ("threshold", "decision"),
    [("universal", "nfa"), ("child_protection", "strategy_discussion")],
)
def test_only_a_referral_can_be_a_referral_nfa(contact, front_door_worker, threshold, decision):
    TeamFactory(kind="assessment")
    with pytest.raises(ValidationError) as err:
        decide(
            contact, front_door_worker, threshold=threshold, decision=decision,
            primary_need="N1", referral_nfa=True,
        )
    assert "referral_nfa" in errors_of(err)
    assert not CINEpisode.objects.exists()
