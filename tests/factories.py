"""factory_boy factories for synthetic test records (never real people)."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from opencsc.accounts.models import Role, Team, User
from opencsc.casework.models import Allocation, CINEpisode
from opencsc.people.models import Person


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Team {n}")
    kind = "assessment"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"worker{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    role = Role.SOCIAL_WORKER
    team = factory.SubFactory(TeamFactory)
    password = factory.django.Password("a-long-test-password")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = factory.Faker("date_between", start_date="-15y", end_date="-1y")
    sex = "F"
    ethnicity = "WBRI"


class AllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Allocation

    child = factory.SubFactory(PersonFactory)
    team = factory.SubFactory(TeamFactory)
    worker = None
    start_date = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=30))


class CINEpisodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CINEpisode

    child = factory.SubFactory(PersonFactory)
    referral_date = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=10))
    referral_source = "6"
    primary_need = "N1"


# --- Front door (frontdoor helper) -------------------------------------------------------


def _contact_decision_due(received_at: dt.datetime) -> dt.datetime:
    from opencsc.core.working_days import contact_decision_due

    return contact_decision_due(received_at)


class ContactFactory(factory.django.DjangoModelFactory):
    """A contact awaiting a decision, received an hour ago by a front door worker."""

    class Meta:
        model = "frontdoor.Contact"

    child = factory.SubFactory(PersonFactory)
    received_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=1))
    decision_due_at = factory.LazyAttribute(lambda o: _contact_decision_due(o.received_at))
    received_via = "phone"
    source = "2A"
    referrer_name = factory.Faker("name", locale="en_GB")
    referrer_organisation = "Synthetic Primary School"
    presenting_concerns = "Child came to school hungry and with bruising on the arm."
    consent = "given"
    taken_by = factory.SubFactory(
        UserFactory,
        role=Role.FRONT_DOOR,
        team=factory.SubFactory(TeamFactory, kind="front_door", name="Front door (MASH)"),
    )
    team = factory.LazyAttribute(lambda o: o.taken_by.team)


class EarlyHelpEpisodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "frontdoor.EarlyHelpEpisode"

    child = factory.SubFactory(PersonFactory)
    start_date = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=20))
    lead_professional = factory.Faker("name", locale="en_GB")
    lead_organisation = "Synthetic Family Hub"


# --- assessments and casework (casework helper) ---

from opencsc.core.working_days import assessment_due  # noqa: E402


class AssessmentFactory(factory.django.DjangoModelFactory):
    """An assessment in progress, started on the day of its referral."""

    class Meta:
        model = "assessments.Assessment"

    episode = factory.SubFactory(CINEpisodeFactory)
    child = factory.LazyAttribute(lambda o: o.episode.child)
    start_date = factory.LazyAttribute(lambda o: o.episode.referral_date)
    due_date = factory.LazyAttribute(lambda o: assessment_due(o.episode.referral_date))


# --- plans: child in need plans, plan actions, statutory visits (plans helper) ---


class ChildInNeedPlanFactory(factory.django.DjangoModelFactory):
    """An open child in need plan, started on the day of its referral, at the standards."""

    class Meta:
        model = "plans.ChildInNeedPlan"

    episode = factory.SubFactory(CINEpisodeFactory)
    child = factory.LazyAttribute(lambda o: o.episode.child)
    start_date = factory.LazyAttribute(lambda o: o.episode.referral_date)
    review_every_months = 3
    visit_every_working_days = 20
    recorded_by = factory.SubFactory(UserFactory)


class PlanActionFactory(factory.django.DjangoModelFactory):
    """An action of a child in need plan (pass cp_plan=..., cin_plan=None for a CP plan)."""

    class Meta:
        model = "plans.PlanAction"

    cin_plan = factory.SubFactory(ChildInNeedPlanFactory)
    what = "Mum attends the six-week parenting course at the family hub"
    who = "Synthetic Family Hub parenting worker"
    by_when = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=28))
    measure = "Bedtimes and school mornings are calm; school reports full attendance"


class StatutoryVisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "plans.StatutoryVisit"

    child = factory.LazyAttribute(lambda o: o.episode.child)
    episode = factory.SubFactory(CINEpisodeFactory)
    kind = "cin"
    visited_on = factory.LazyFunction(timezone.localdate)
    visited_by = factory.SubFactory(UserFactory)
    child_seen = True
    seen_alone = True
    bedroom_seen = True
    observations = "Synthetic visit: the child showed me their room and talked about school."


# --- child protection (protection helper) ---------------------------------------------------
# For records a test needs as a given; tests of the rules build them through
# opencsc.protection.services (tests/protection/helpers.py), as the pages do.

from opencsc.core.working_days import icpc_due  # noqa: E402


class Section47EnquiryFactory(factory.django.DjangoModelFactory):
    """An open enquiry started on its referral's day."""

    class Meta:
        model = "protection.Section47Enquiry"

    episode = factory.SubFactory(CINEpisodeFactory)
    child = factory.LazyAttribute(lambda o: o.episode.child)
    start_date = factory.LazyAttribute(lambda o: o.episode.referral_date)
    conference_target_date = factory.LazyAttribute(lambda o: icpc_due(o.start_date))


class ConferenceFactory(factory.django.DjangoModelFactory):
    """A transfer-in conference that made a plan (no enquiry needed)."""

    class Meta:
        model = "protection.Conference"

    episode = factory.SubFactory(CINEpisodeFactory)
    child = factory.LazyAttribute(lambda o: o.episode.child)
    kind = "transfer_in"
    held_on = factory.LazyAttribute(lambda o: o.episode.referral_date)
    chair = factory.SubFactory(UserFactory, role=Role.TEAM_MANAGER)
    plan_required = True
    category = "NEG"
    recorded_by = factory.LazyAttribute(lambda o: o.chair)


class ChildProtectionPlanFactory(factory.django.DjangoModelFactory):
    """An open plan started by its conference (pass conference__episode=... to place it)."""

    class Meta:
        model = "protection.ChildProtectionPlan"

    conference = factory.SubFactory(ConferenceFactory)
    episode = factory.LazyAttribute(lambda o: o.conference.episode)
    child = factory.LazyAttribute(lambda o: o.conference.child)
    start_date = factory.LazyAttribute(lambda o: o.conference.held_on)
    initial_category = factory.LazyAttribute(lambda o: o.conference.category)
    latest_category = factory.LazyAttribute(lambda o: o.conference.category)


class EmergencyPowerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "protection.EmergencyPower"

    child = factory.SubFactory(PersonFactory)
    kind = "police_protection"
    start_date = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=10))
    end_date = factory.LazyAttribute(lambda o: o.start_date + dt.timedelta(days=2))
    recorded_by = factory.SubFactory(UserFactory)
