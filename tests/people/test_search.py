"""Finding a person despite misspellings, nicknames, swapped names; restricted records absent."""

from __future__ import annotations

import datetime as dt

import pytest

from opencsc.accounts.models import Role
from opencsc.audit.models import AccessEvent
from opencsc.people.models import AliasKind, Person, PersonAlias, RestrictedAccess
from opencsc.people.nicknames import name_variants
from opencsc.people.search import likely_duplicates, person_search
from tests.factories import AllocationFactory, ContactFactory, PersonFactory, UserFactory
from tests.people.conftest import NHS_A, NHS_B

pytestmark = pytest.mark.django_db

DOB = dt.date(2015, 3, 27)


def person(first, last, **kw):  # type: ignore[no-untyped-def]
    kw.setdefault("date_of_birth", DOB)
    return PersonFactory(first_name=first, last_name=last, **kw)


def names(results) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.full_name for p in results]


def test_nickname_table_goes_both_ways():
    assert {"william", "will", "billy"} <= name_variants("Bill")
    assert "bill" in name_variants("William")
    assert "elizabeth" in name_variants("liz")
    assert "katherine" in name_variants("Kate")
    assert "john" in name_variants("jack")
    assert name_variants("Zebedee") == frozenset()


def test_exact_name_ranks_above_nickname_above_phonetic_above_trigram(head):
    trigram = person("William", "Smithers")
    phonetic = person("William", "Smyth")
    nickname = person("Bill", "Smith")
    exact = person("William", "Smith")
    results = person_search(user=head, query="William Smith")
    assert [p.pk for p in results[:4]] == [exact.pk, nickname.pk, phonetic.pk, trigram.pk]
    assert results[0].match_label == "Exact name"
    assert results[1].match_label == "Nickname"
    assert results[2].match_label == "Sounds alike"
    assert results[3].match_label == "Similar spelling"


def test_nickname_finds_the_formal_name(head):
    liz = person("Elizabeth", "Taylor")
    kate = person("Katherine", "Brown")
    jack = person("John", "Roberts")
    assert names(person_search(user=head, query="Liz Taylor")) == [liz.full_name]
    assert names(person_search(user=head, query="Kate Brown")) == [kate.full_name]
    assert names(person_search(user=head, query="jack roberts")) == [jack.full_name]


def test_misspelt_name_is_found(head):
    found = person("Jonathon", "Fitzgerald")
    person("Mary", "Jones")
    assert names(person_search(user=head, query="Jonathan Fitzgerold")) == [found.full_name]


def test_sounds_alike_name_is_found(head):
    # Too differently spelt for trigrams (similarity 0.0 and 0.23), same double metaphone.
    found = person("Caitlin", "Phillips")
    results = person_search(user=head, query="Katelyn Fillips")
    assert [p.pk for p in results] == [found.pk]


def test_swapped_first_and_last_names_are_found_just_below_the_right_order(head):
    right = person("Morgan", "Thomas")
    swapped = person("Thomas", "Morgan")
    results = person_search(user=head, query="Morgan Thomas")
    assert [p.pk for p in results] == [right.pk, swapped.pk]
    assert results[1].match_label == "Exact name, first and last swapped"


def test_single_word_searches_first_and_last_names(head):
    a = person("Priya", "Patel")
    b = person("Patel", "Singh")
    assert set(p.pk for p in person_search(user=head, query="patel")) == {a.pk, b.pk}


def test_other_names_and_merged_names_are_searched(head):
    child = person("Amelia", "Hughes")
    PersonAlias.objects.create(
        person=child, first_name="Amelia", last_name="Kowalski", kind=AliasKind.PREVIOUS
    )
    results = person_search(user=head, query="Amelia Kowalski")
    assert [p.pk for p in results] == [child.pk]
    assert results[0].match_label == "Exact name"


def test_search_by_date_of_birth_nhs_number_and_postcode(head):
    a = person("Ada", "Lovelace", nhs_number=NHS_A, postcode="CW1 2AB")
    b = person(
        "Ada", "Byron", date_of_birth=dt.date(2014, 1, 1), nhs_number=NHS_B, postcode="CW2 3CD"
    )
    assert names(person_search(user=head, date_of_birth=DOB)) == [a.full_name]
    assert names(person_search(user=head, nhs_number="999 000 0026")) == [b.full_name]
    assert names(person_search(user=head, postcode="cw12ab")) == [a.full_name]
    assert set(names(person_search(user=head, postcode="CW2"))) == {b.full_name}
    # A name narrowed by date of birth.
    assert names(person_search(user=head, query="Ada", date_of_birth=DOB)) == [a.full_name]


def test_nhs_number_postcode_and_record_id_typed_in_the_name_box(head):
    a = person("Ada", "Lovelace", nhs_number=NHS_A, postcode="CW1 2AB")
    assert names(person_search(user=head, query="999 000 0018")) == [a.full_name]
    assert names(person_search(user=head, query="CW1 2AB")) == [a.full_name]
    assert names(person_search(user=head, query=a.la_child_id)) == [a.full_name]


def test_results_are_limited(head):
    for i in range(30):
        person(f"Child{i}", "Abbott")
    assert len(person_search(user=head, query="abbott")) == 25
    assert len(person_search(user=head, query="abbott", limit=5)) == 5


def test_merged_records_are_not_found(head):
    keep = person("Ruby", "Walsh")
    dup = person("Ruby", "Walsh")
    Person.objects.filter(pk=dup.pk).update(merged_into=keep)
    assert [p.pk for p in person_search(user=head, query="Ruby Walsh")] == [keep.pk]


def test_restricted_records_are_absent_for_everyone_not_named(head, front_door_worker):
    hidden = person("Sam", "Restricted", is_restricted=True, restricted_reason="Staff relative")
    person("Sam", "Restrickted")
    for user in (head, front_door_worker):
        assert hidden.pk not in [p.pk for p in person_search(user=user, query="Sam Restricted")]
    RestrictedAccess.objects.create(person=hidden, user=head)
    assert hidden.pk in [p.pk for p in person_search(user=head, query="Sam Restricted")]


def test_social_worker_finds_only_children_they_may_see(social_worker, team, outsider):
    mine = person("Leo", "Green")
    AllocationFactory(child=mine, team=team, worker=social_worker)
    person("Leo", "Green")
    assert [p.pk for p in person_search(user=social_worker, query="Leo Green")] == [mine.pk]
    assert person_search(user=outsider, query="Leo Green") == []


def test_front_door_finds_everyone_but_opens_only_their_contacts(front_door_worker):
    known = person("Isla", "Moore")
    other = person("Isla", "Moore")
    ContactFactory(child=known)
    results = {p.pk: p for p in person_search(user=front_door_worker, query="Isla Moore")}
    assert set(results) == {known.pk, other.pk}
    assert results[known.pk].can_open is True
    assert results[other.pk].can_open is False


def test_each_search_writes_one_access_event_with_the_criteria(head):
    person_search(user=head, query="Ada Lovelace", date_of_birth=DOB, postcode="cw1 2ab")
    event = AccessEvent.objects.get()
    assert event.action == "search"
    assert event.detail == "name: Ada Lovelace; date of birth: 2015-03-27; postcode: CW1 2AB"
    assert event.user == head


def test_search_query_count_does_not_grow_with_results(head, django_assert_num_queries):
    for i in range(30):
        person("Mia", f"Clark{i}")
        PersonAlias.objects.create(
            person=person("Zed", f"Q{i}"), first_name="Mia", last_name="Clark"
        )
    # alias lookup, the ranked search, which results may be opened, the access event
    with django_assert_num_queries(4):
        results = person_search(user=head, query="Mia Clark")
    assert len(results) == 25


def test_search_with_no_criteria_finds_no_one(head):
    person("Ada", "Lovelace")
    assert person_search(user=head) == []


def test_likely_duplicates_by_name_and_date_of_birth(social_worker):
    same = person("William", "Smith")
    nickname = person("Billy", "Smyth")
    no_dob = person("William", "Smith", date_of_birth=None)
    person("William", "Smith", date_of_birth=dt.date(2001, 1, 1))  # different DOB: not shown
    found = likely_duplicates(first_name="Bill", last_name="Smith", date_of_birth=DOB)
    assert {p.pk for p in found} == {same.pk, nickname.pk, no_dob.pk}


def test_likely_duplicates_by_nhs_number_first(social_worker):
    by_nhs = person("Totally", "Different", nhs_number=NHS_A)
    by_name = person("Ada", "Lovelace")
    found = likely_duplicates(
        first_name="Ada", last_name="Lovelace", date_of_birth=DOB, nhs_number="999 000 0018"
    )
    assert [p.pk for p in found] == [by_nhs.pk, by_name.pk]
    assert found[0].match_label == "Same NHS number"


def test_likely_duplicates_include_swapped_names(social_worker):
    swapped = person("Lovelace", "Ada")
    found = likely_duplicates(first_name="Ada", last_name="Lovelace", date_of_birth=DOB)
    assert [p.pk for p in found] == [swapped.pk]


def test_likely_duplicates_skip_merged_and_need_something_to_go_on(social_worker):
    keep = person("Ada", "Lovelace")
    Person.objects.filter(pk=person("Ada", "Lovelace").pk).update(merged_into=keep)
    assert [p.pk for p in likely_duplicates(first_name="Ada", last_name="Lovelace")] == [keep.pk]
    assert likely_duplicates(first_name="", last_name="") == []


def test_inspector_search_is_read_only_but_works(db):
    inspector = UserFactory(role=Role.INSPECTOR)
    found = person("Ada", "Lovelace")
    assert [p.pk for p in person_search(user=inspector, query="Ada Lovelace")] == [found.pk]
