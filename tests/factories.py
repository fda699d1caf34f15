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
