"""Optimistic locking: save_versioned writes once, refuses a stale save, and leaves the
instance holding what was saved."""

from __future__ import annotations

import pytest
from django.db.models import F

from opencsc.core.concurrency import StaleEditError, save_versioned
from opencsc.people.models import Person
from tests.factories import PersonFactory


@pytest.fixture
def person(db):
    return PersonFactory(first_name="Amy", last_name="Example")


def test_save_is_one_update_and_the_instance_holds_the_saved_values(
    person, django_assert_num_queries
):
    before = person.updated_at
    with django_assert_num_queries(1):
        saved = save_versioned(person, expected_version=1, fields={"first_name": "Amelia"})
    assert saved is person
    assert (person.first_name, person.version) == ("Amelia", 2)
    assert person.updated_at > before
    row = Person.objects.get(pk=person.pk)
    assert (row.first_name, row.version, row.updated_at) == ("Amelia", 2, person.updated_at)


def test_stale_save_is_refused_and_changes_nothing(person):
    Person.objects.filter(pk=person.pk).update(version=F("version") + 1, last_name="Other")
    with pytest.raises(StaleEditError) as err:
        save_versioned(person, expected_version=1, fields={"first_name": "Amelia"})
    assert err.value.current.last_name == "Other"
    assert Person.objects.get(pk=person.pk).first_name == "Amy"


def test_an_instance_read_at_another_version_is_read_again_after_the_save(person):
    # The form carried version 2 while this copy was read at version 1: the save matches
    # the row, and the instance is refreshed so that it shows the row, not its old values.
    Person.objects.filter(pk=person.pk).update(version=2, last_name="Changed")
    save_versioned(person, expected_version=2, fields={"first_name": "Amelia"})
    assert (person.first_name, person.last_name, person.version) == ("Amelia", "Changed", 3)


def test_an_expression_is_read_back_from_the_row(person):
    save_versioned(person, expected_version=1, fields={"first_name": F("last_name")})
    assert person.first_name == "Example"
