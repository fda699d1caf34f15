"""The synthetic authority end to end, on the ``tiny`` size (a few dozen children)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from opencsc.accounts.models import Team, User
from opencsc.assessments.models import Assessment, AssessmentStatus, ChildSeen
from opencsc.casework.models import Allocation, CaseNote, CINEpisode
from opencsc.frontdoor.models import Contact, ContactInformation, EarlyHelpEpisode
from opencsc.people.models import Address, Person, Relationship
from opencsc.synth.runner import generate

AS_OF = date(2025, 3, 31)


@pytest.fixture
def tiny(db):
    return generate(size="tiny", seed=1, as_of=AS_OF)


def test_tiny_authority_has_every_kind_of_record(tiny):
    assert tiny.teams == Team.objects.count() >= 10
    assert tiny.workers == User.objects.count()
    assert 20 <= tiny.children <= 120
    assert tiny.people > tiny.children  # and their parents
    assert tiny.contacts == Contact.objects.count() > 30
    assert tiny.referrals == CINEpisode.objects.count() > 5
    assert Assessment.objects.filter(status=AssessmentStatus.AUTHORISED).exists()
    assert ChildSeen.objects.exists()
    assert ContactInformation.objects.filter(received_at__isnull=False).exists()
    assert EarlyHelpEpisode.objects.exists()
    assert CaseNote.objects.exists()
    assert Address.objects.exists()
    assert Relationship.objects.filter(kind="mother").exists()
    assert Allocation.objects.filter(worker__isnull=False).exists()
    for name in ("Front door (MASH)", "Out-of-hours", "Assessment team 1",
                 "Child in need and child protection team 1"):
        assert Team.objects.filter(name=name).exists()


def test_every_record_passes_the_model_rules(tiny):
    # Written through the services, so every field validator and constraint holds.
    for model in (Person, Contact, CINEpisode, Assessment, EarlyHelpEpisode, Allocation):
        for obj in model.objects.all():
            obj.full_clean()


def test_nothing_happens_after_the_as_of_date(tiny):
    end = timezone.make_aware(
        timezone.datetime.combine(AS_OF + timedelta(days=1), timezone.datetime.min.time())
    )
    assert not Contact.objects.filter(received_at__gte=end).exists()
    assert not Contact.objects.filter(decided_at__gte=end).exists()
    assert not CINEpisode.objects.filter(closure_date__gt=AS_OF).exists()
    assert not Assessment.objects.filter(authorised_on__gt=AS_OF).exists()
    assert not CaseNote.objects.filter(occurred_on__gt=AS_OF).exists()
    window = AS_OF - timedelta(days=3 * 366)
    # Only children already looked after when the history begins were referred before it,
    # and each of them is still looked after on its first day.
    for episode in CINEpisode.objects.filter(referral_date__lt=window):
        period = episode.care_periods.get()
        assert period.start_date < window
        assert period.end_date is None or period.end_date >= window
    assert CINEpisode.objects.filter(referral_date__gte=window).exists()


def test_closed_cases_are_no_longer_allocated(tiny):
    for episode in CINEpisode.objects.filter(closure_date__isnull=False):
        if not CINEpisode.objects.filter(child=episode.child, closure_date__isnull=True).exists():
            assert not Allocation.objects.filter(
                child=episode.child, end_date__isnull=True
            ).exists()


def test_referrals_nfa_are_recorded_as_planned(tiny):
    from opencsc.synth.runner import make_plan

    plan = make_plan(size="tiny", seed=1, as_of=AS_OF)
    planned = sorted(
        c.referral.referral_date for c in plan.contacts if c.referral and c.referral.nfa
    )
    nfa = CINEpisode.objects.filter(referral_nfa=True)
    assert sorted(nfa.values_list("referral_date", flat=True)) == planned
    for episode in nfa:
        assert not episode.assessments.exists()  # CIN census 8831
        assert (episode.closure_date, episode.closure_reason) == (episode.referral_date, "RC7")


def test_assessments_are_submitted_at_their_planned_time_not_today(tiny):
    submitted = Assessment.objects.filter(submitted_at__isnull=False)
    assert submitted.exists()
    for a in submitted:
        on = timezone.localdate(a.submitted_at)
        assert a.start_date <= on <= AS_OF
        assert a.authorised_on is None or on <= a.authorised_on


def test_as_of_in_the_future_is_refused(db):
    with pytest.raises(ValueError, match="future"):
        generate(size="tiny", seed=1, as_of=timezone.localdate() + timedelta(days=1))


def _snapshot():
    return {
        "people": sorted(
            Person.objects.values_list(
                "first_name", "last_name", "date_of_birth", "expected_date_of_birth", "sex",
                "ethnicity", "nhs_number", "upn", "upn_unknown_reason", "postcode",
            )
        ),
        "contacts": sorted(
            Contact.objects.values_list(
                "child__nhs_number", "child__first_name", "received_at", "source",
                "referrer_name", "presenting_concerns", "decision", "threshold", "decided_at",
                "taken_by__username",
            )
        ),
        "episodes": sorted(
            CINEpisode.objects.values_list(
                "child__first_name", "referral_date", "primary_need", "is_re_referral",
                "closure_date", "closure_reason",
            )
        ),
        "assessments": sorted(
            (a.child.first_name, a.start_date, a.authorised_on, tuple(a.factors), a.outcome,
             a.analysis)
            for a in Assessment.objects.select_related("child")
        ),
        "notes": sorted(CaseNote.objects.values_list("occurred_on", "kind", "text")),
        "allocations": sorted(
            Allocation.objects.values_list(
                "child__first_name", "team__name", "worker__username", "start_date", "end_date"
            ),
            key=str,
        ),
        **_protection_snapshot(),
    }


def _protection_snapshot():
    from opencsc.plans.models import ChildInNeedPlan, StatutoryVisit
    from opencsc.protection.models import ChildProtectionPlan, Conference, StrategyDiscussion

    return {
        "strategy": sorted(StrategyDiscussion.objects.values_list(
            "child__first_name", "held_at", "decision", "information_shared", "quorate"
        )),
        "conferences": sorted(Conference.objects.values_list(
            "child__first_name", "kind", "held_on", "plan_required", "category",
            "chair__username",
        )),
        "cp_plans": sorted(ChildProtectionPlan.objects.values_list(
            "child__first_name", "start_date", "end_date", "previous_plans", "latest_category"
        ), key=str),
        "cin_plans": sorted(ChildInNeedPlan.objects.values_list(
            "child__first_name", "start_date", "end_date", "end_reason"
        ), key=str),
        "visits": sorted(StatutoryVisit.objects.values_list(
            "child__first_name", "visited_on", "kind", "child_seen", "observations",
            "visited_by__username",
        )),
    }


@pytest.mark.django_db(transaction=True)
def test_same_seed_gives_the_same_authority():
    generate(size="tiny", seed=5, as_of=AS_OF)
    first = _snapshot()
    call_command("flush", interactive=False, verbosity=0)
    generate(size="tiny", seed=5, as_of=AS_OF)
    assert _snapshot() == first
    call_command("flush", interactive=False, verbosity=0)
    generate(size="tiny", seed=6, as_of=AS_OF)
    assert _snapshot()["people"] != first["people"]
