"""Merging a duplicate record: everything moves to the record kept, nothing is lost."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from opencsc.accounts.models import Role
from opencsc.audit.models import AccessEvent
from opencsc.audit.services import access_record
from opencsc.casework.models import (
    Allocation,
    CaseNote,
    CINEpisode,
    CircumstanceChange,
    ManagementOversight,
    NoteAddendum,
    Supervision,
)
from opencsc.frontdoor.models import Contact, EarlyHelpEpisode
from opencsc.people.merging import person_references
from opencsc.people.models import (
    Address,
    Person,
    PersonAlias,
    PersonDisability,
    PersonMerge,
    ProfessionalInvolvement,
    Relationship,
    RestrictedAccess,
)
from opencsc.people.services import person_merge
from tests.factories import (
    AllocationFactory,
    AssessmentFactory,
    CINEpisodeFactory,
    ContactFactory,
    EarlyHelpEpisodeFactory,
    PersonFactory,
    UserFactory,
)
from tests.people.conftest import NHS_A

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def fill(person, *, author, team, open_episode=True, allocate=True, tag="x"):  # type: ignore[no-untyped-def]
    """One of everything that can point at a person."""
    relative = PersonFactory(first_name=f"Parent {tag}")
    sibling = PersonFactory(first_name=f"Sibling {tag}")
    ContactFactory(child=person)
    closed = CINEpisodeFactory(
        child=person,
        referral_date=TODAY() - dt.timedelta(days=400),
        closure_date=TODAY() - dt.timedelta(days=300),
        closure_reason="RC8",
    )
    AssessmentFactory(episode=closed, child=person)
    if open_episode:
        CINEpisodeFactory(child=person)
    if allocate:
        AllocationFactory(child=person, team=team, worker=author)
    else:
        AllocationFactory(
            child=person,
            team=team,
            start_date=TODAY() - dt.timedelta(days=500),
            end_date=TODAY() - dt.timedelta(days=300),
        )
    note = CaseNote.objects.create(
        child=person, author=author, occurred_on=TODAY(), text=f"Visited {tag}"
    )
    NoteAddendum.objects.create(note=note, author=author, text="Correction")
    ManagementOversight.objects.create(child=person, manager=author, direction="d", reasons="r")
    Supervision.objects.create(
        child=person, worker=author, supervisor=author, held_on=TODAY(), reflection="r"
    )
    CircumstanceChange.objects.create(
        child=person, recorded_by=author, occurred_on=TODAY(), description="Moved school"
    )
    EarlyHelpEpisodeFactory(
        child=person,
        start_date=TODAY() - dt.timedelta(days=800),
        end_date=TODAY() - dt.timedelta(days=700),
    )
    Address.objects.create(
        person=person, line1=f"1 {tag} Street", postcode="CW1 2AB", start_date=dt.date(2020, 1, 1)
    )
    Relationship.objects.create(
        person=relative, relative=person, kind="mother", parental_responsibility=True
    )
    Relationship.objects.create(person=person, relative=sibling, kind="sibling")
    ProfessionalInvolvement.objects.create(person=person, role="gp", organisation=f"GP {tag}")
    PersonAlias.objects.create(person=person, first_name="Alias", last_name=tag)
    access_record(user=author, action="view_record", what="Child's record", person=person)


def counts(person) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {
        "contacts": Contact.objects.filter(child=person).count(),
        "episodes": CINEpisode.objects.filter(child=person).count(),
        "assessments": person.assessments.count(),
        "allocations": Allocation.objects.filter(child=person).count(),
        "notes": CaseNote.objects.filter(child=person).count(),
        "oversights": ManagementOversight.objects.filter(child=person).count(),
        "supervisions": Supervision.objects.filter(child=person).count(),
        "changes": CircumstanceChange.objects.filter(child=person).count(),
        "early_help": EarlyHelpEpisode.objects.filter(child=person).count(),
        "addresses": Address.objects.filter(person=person).count(),
        "relatives": Relationship.objects.filter(relative=person).count(),
        "relationships": Relationship.objects.filter(person=person).count(),
        "professionals": ProfessionalInvolvement.objects.filter(person=person).count(),
    }


@pytest.fixture
def pair(manager, team, social_worker):
    keep = PersonFactory(first_name="Amelia", last_name="Hughes")
    duplicate = PersonFactory(first_name="Emilia", last_name="Hughs", nhs_number=NHS_A)
    fill(keep, author=social_worker, team=team, tag="keep")
    fill(duplicate, author=social_worker, team=team, open_episode=False, allocate=False, tag="dup")
    return keep, duplicate


def test_merge_moves_everything_and_loses_nothing(pair, manager, social_worker):
    keep, duplicate = pair
    before = {k: counts(keep)[k] + counts(duplicate)[k] for k in counts(keep)}
    notes_before = set(CaseNote.objects.values_list("pk", "text"))

    kept = person_merge(actor=manager, keep=keep, duplicate=duplicate)

    assert kept.pk == keep.pk
    assert counts(keep) == before
    assert all(v == 0 for v in counts(duplicate).values())
    # Append-only rows moved, their words untouched; addenda still hang off their notes.
    assert set(CaseNote.objects.values_list("pk", "text")) == notes_before
    assert NoteAddendum.objects.filter(note__child=keep).count() == 2
    # The duplicate is kept, pointing at the record kept, and its name is an alias.
    duplicate.refresh_from_db()
    assert duplicate.merged_into_id == keep.pk
    assert PersonAlias.objects.filter(
        person=keep, first_name="Emilia", last_name="Hughs", kind="merged"
    ).exists()
    assert PersonAlias.objects.filter(person=keep).count() == 3
    # The keeper gains identity it lacked; its version moves on.
    keep.refresh_from_db()
    assert keep.nhs_number == NHS_A
    assert keep.version == 2


def test_merge_leaves_the_access_log_and_history_where_they_were(pair, manager):
    keep, duplicate = pair
    person_merge(actor=manager, keep=keep, duplicate=duplicate)
    assert AccessEvent.objects.filter(person=duplicate).count() == 1
    assert AccessEvent.objects.filter(person=keep).count() == 1


def test_merge_is_logged_with_every_row_moved(pair, manager):
    keep, duplicate = pair
    note_ids = list(CaseNote.objects.filter(child=duplicate).values_list("pk", flat=True))
    person_merge(actor=manager, keep=keep, duplicate=duplicate)
    log = PersonMerge.objects.get()
    assert (log.keep, log.duplicate, log.merged_by) == (keep, duplicate, manager)
    assert log.moved["casework.CaseNote.child"] == note_ids
    assert log.filled["nhs_number"] == NHS_A


def test_every_foreign_key_to_person_is_covered_except_the_logs():
    labels = {f"{m._meta.label}.{f.name}" for m, f in person_references()}
    assert {
        "casework.CaseNote.child",
        "people.Relationship.person",
        "people.Relationship.relative",
        "assessments.Assessment.child",
        "frontdoor.Contact.child",
        "people.Person.merged_into",
    } <= labels
    assert not any(label.startswith(("audit.", "people.PersonMerge")) for label in labels)
    assert not any("Event" in label for label in labels)


def test_disabilities_already_on_the_keeper_are_skipped(manager):
    keep, duplicate = PersonFactory(), PersonFactory()
    PersonDisability.objects.create(person=keep, code="MOB")
    PersonDisability.objects.create(person=duplicate, code="MOB")
    PersonDisability.objects.create(person=duplicate, code="HEAR")
    person_merge(actor=manager, keep=keep, duplicate=duplicate)
    assert sorted(keep.disabilities.values_list("code", flat=True)) == ["HEAR", "MOB"]
    # The duplicate's copy stays with it rather than being deleted.
    assert list(duplicate.disabilities.values_list("code", flat=True)) == ["MOB"]


def test_recorded_disability_replaces_no_disability(manager):
    # CIN census rule 8790: NONE cannot stand beside a disability.
    keep, duplicate = PersonFactory(), PersonFactory()
    PersonDisability.objects.create(person=keep, code="NONE")
    PersonDisability.objects.create(person=duplicate, code="AUT")
    person_merge(actor=manager, keep=keep, duplicate=duplicate)
    assert list(keep.disabilities.values_list("code", flat=True)) == ["AUT"]


def test_relationship_between_the_two_records_stays_on_the_duplicate(manager):
    keep, duplicate = PersonFactory(), PersonFactory()
    link = Relationship.objects.create(person=duplicate, relative=keep, kind="sibling")
    person_merge(actor=manager, keep=keep, duplicate=duplicate)
    link.refresh_from_db()
    assert (link.person_id, link.relative_id) == (duplicate.pk, keep.pk)


def test_restricted_flag_and_named_users_carry_over(manager, social_worker, colleague):
    keep = PersonFactory()
    duplicate = PersonFactory(is_restricted=True, restricted_reason="Relative of staff")
    RestrictedAccess.objects.create(person=duplicate, user=social_worker)
    RestrictedAccess.objects.create(person=duplicate, user=colleague)
    RestrictedAccess.objects.create(person=keep, user=colleague)
    person_merge(actor=manager, keep=keep, duplicate=duplicate)
    keep.refresh_from_db()
    assert keep.is_restricted and keep.restricted_reason == "Relative of staff"
    assert set(keep.named_users.values_list("user", flat=True)) == {social_worker.pk, colleague.pk}


def test_records_merged_earlier_into_the_duplicate_now_point_at_the_keeper(manager):
    keep, duplicate, older = PersonFactory(), PersonFactory(), PersonFactory()
    Person.objects.filter(pk=older.pk).update(merged_into=duplicate)
    person_merge(actor=manager, keep=keep, duplicate=duplicate)
    older.refresh_from_db()
    assert older.merged_into_id == keep.pk


def test_cannot_merge_a_record_into_itself(manager):
    person = PersonFactory()
    with pytest.raises(ValidationError, match="cannot be merged into itself"):
        person_merge(actor=manager, keep=person, duplicate=person)


def test_cannot_merge_when_both_have_an_open_cin_episode(manager):
    keep, duplicate = PersonFactory(), PersonFactory()
    CINEpisodeFactory(child=keep)
    CINEpisodeFactory(child=duplicate)
    with pytest.raises(ValidationError) as exc:
        person_merge(actor=manager, keep=keep, duplicate=duplicate)
    message = exc.value.message_dict["duplicate"][0]
    assert "Both records have an open child in need episode" in message
    assert "Close" in message
    assert CINEpisode.objects.filter(child=duplicate).count() == 1


def test_when_both_are_allocated_the_duplicate_s_allocation_ends(manager, team, other_team):
    keep, duplicate = PersonFactory(), PersonFactory()
    kept = AllocationFactory(child=keep, team=team)
    theirs = AllocationFactory(child=duplicate, team=other_team)
    person_merge(actor=manager, keep=keep, duplicate=duplicate)
    kept.refresh_from_db()
    theirs.refresh_from_db()
    assert kept.end_date is None
    assert (theirs.child_id, theirs.end_date) == (keep.pk, TODAY())
    assert PersonMerge.objects.get().ended == {"casework.Allocation": [theirs.pk]}


def test_duplicate_s_allocation_moves_over_when_the_keeper_has_none(manager, team):
    keep, duplicate = PersonFactory(), PersonFactory()
    allocation = AllocationFactory(child=duplicate, team=team)
    person_merge(actor=manager, keep=keep, duplicate=duplicate)
    allocation.refresh_from_db()
    assert (allocation.child_id, allocation.end_date) == (keep.pk, None)


def test_cannot_merge_when_both_have_open_early_help(manager):
    keep, duplicate = PersonFactory(), PersonFactory()
    EarlyHelpEpisodeFactory(child=keep)
    EarlyHelpEpisodeFactory(child=duplicate)
    with pytest.raises(ValidationError, match="open early help episode"):
        person_merge(actor=manager, keep=keep, duplicate=duplicate)


def test_cannot_merge_a_record_already_merged(manager):
    keep, duplicate = PersonFactory(), PersonFactory()
    person_merge(actor=manager, keep=keep, duplicate=duplicate)
    with pytest.raises(ValidationError, match="already merged"):
        person_merge(actor=manager, keep=PersonFactory(), duplicate=duplicate)
    with pytest.raises(ValidationError, match="itself merged"):
        person_merge(actor=manager, keep=duplicate, duplicate=PersonFactory())


def test_only_managers_merge(social_worker):
    with pytest.raises(ValidationError, match="team manager or head of service"):
        person_merge(actor=social_worker, keep=PersonFactory(), duplicate=PersonFactory())
    head = UserFactory(role=Role.HEAD_OF_SERVICE)
    person_merge(actor=head, keep=PersonFactory(), duplicate=PersonFactory())
