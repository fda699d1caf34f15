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
