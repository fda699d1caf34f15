"""Access to a child's record, tested from three sides: allocated worker, colleague, outsider."""

import pytest
from django.http import Http404

from opencsc.accounts.access import child_for_user, children_visible_to
from opencsc.accounts.models import Role
from opencsc.people.models import RestrictedAccess
from tests.factories import UserFactory


def test_allocated_worker_and_team_colleague_see_the_child(child, social_worker, colleague):
    assert child_for_user(social_worker, child.pk) == child
    assert child_for_user(colleague, child.pk) == child


def test_worker_in_another_team_gets_404(child, outsider):
    with pytest.raises(Http404):
        child_for_user(outsider, child.pk)
    assert not children_visible_to(outsider).filter(pk=child.pk).exists()


def test_manager_sees_children_of_teams_they_manage(child, manager, other_team):
    assert child_for_user(manager, child.pk) == child
    other_manager = UserFactory(role=Role.TEAM_MANAGER, team=other_team)
    with pytest.raises(Http404):
        child_for_user(other_manager, child.pk)


def test_restricted_record_visible_only_to_people_named_on_it(child, social_worker, colleague):
    child.is_restricted = True
    child.save()
    RestrictedAccess.objects.create(person=child, user=social_worker)
    assert child_for_user(social_worker, child.pk) == child
    with pytest.raises(Http404):
        child_for_user(colleague, child.pk)
    head = UserFactory(role=Role.HEAD_OF_SERVICE)
    assert not children_visible_to(head).filter(pk=child.pk).exists()


def test_inspector_reads_but_cannot_write(child):
    inspector = UserFactory(role=Role.INSPECTOR)
    assert child_for_user(inspector, child.pk) == child
    with pytest.raises(Http404):
        child_for_user(inspector, child.pk, write=True)


def test_administrator_sees_no_case_records(child):
    admin = UserFactory(role=Role.ADMINISTRATOR)
    assert children_visible_to(admin).count() == 0


def test_worker_sees_the_family_of_their_children_but_outsider_does_not(
    child, social_worker, outsider
):
    from opencsc.people.models import Relationship
    from tests.factories import PersonFactory

    mother = PersonFactory(first_name="Mum", date_of_birth=None)
    Relationship.objects.create(person=mother, relative=child, kind="mother")
    assert child_for_user(social_worker, mother.pk) == mother
    with pytest.raises(Http404):
        child_for_user(outsider, mother.pk)


def test_production_password_hasher_is_argon2():
    from django.conf import settings as django_settings

    from opencsc import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert django_settings.PASSWORD_HASHERS  # the test-only override is in place


def test_manager_of_the_front_door_sees_children_with_open_contacts(
    front_door_team, front_door_worker
):
    from django.utils import timezone

    from opencsc.frontdoor.services import contact_record
    from tests.factories import PersonFactory

    manager = UserFactory(role=Role.TEAM_MANAGER, team=front_door_team)
    front_door_team.manager = manager
    front_door_team.save()
    other_manager = UserFactory(role=Role.TEAM_MANAGER)
    child = PersonFactory()
    contact_record(
        actor=front_door_worker, child=child, received_at=timezone.now(), received_via="phone",
        source="2A", referrer_name="Synthetic Teacher", presenting_concerns="Bruise seen at school",
        consent="given",
    )
    assert child_for_user(manager, child.pk) == child
    with pytest.raises(Http404):
        child_for_user(other_manager, child.pk)


def test_closed_case_stays_reachable_for_30_days_then_not(child, social_worker):
    import datetime as dt

    from opencsc.casework.models import Allocation

    allocation = Allocation.objects.get(child=child)
    allocation.end_date = dt.date.today() - dt.timedelta(days=29)
    allocation.start_date = allocation.end_date - dt.timedelta(days=10)
    allocation.save()
    assert child_for_user(social_worker, child.pk) == child
    allocation.end_date = dt.date.today() - dt.timedelta(days=31)
    allocation.save()
    with pytest.raises(Http404):
        child_for_user(social_worker, child.pk)


# --- is_manager_of_child: the same answer with fewer queries ---------------------------------


def _is_manager_cases(child, manager, other_team):
    from opencsc.accounts.access import is_manager_of_child

    elsewhere = UserFactory(role=Role.TEAM_MANAGER, team=other_team)
    # Manages the child's team without being a member of it.
    other_team.manager = UserFactory(role=Role.TEAM_MANAGER, team=None)
    other_team.save()
    from tests.factories import AllocationFactory, PersonFactory

    held_elsewhere = PersonFactory()
    AllocationFactory(child=held_elsewhere, team=other_team)
    return [
        (is_manager_of_child, manager, child, True),
        (is_manager_of_child, manager, child.pk, True),
        (is_manager_of_child, elsewhere, child, False),
        (is_manager_of_child, elsewhere, held_elsewhere, True),  # their own team's child
        (is_manager_of_child, other_team.manager, held_elsewhere, True),  # managed, not member
        (is_manager_of_child, other_team.manager, child, False),
    ]


def test_manager_of_child_answers_alike_with_and_without_prefetched_teams(
    child, manager, other_team, django_assert_num_queries
):
    from django.db.models import Prefetch

    from opencsc.accounts.models import User

    for check, user, whom, expected in _is_manager_cases(child, manager, other_team):
        fresh = User.objects.get(pk=user.pk)
        with django_assert_num_queries(1):
            assert check(fresh, whom) is expected
        prefetched = User.objects.prefetch_related(Prefetch("managed_teams")).get(pk=user.pk)
        # The writer of the synthetic authority prefetches a manager's teams once.
        with django_assert_num_queries(1):
            assert check(prefetched, whom) is expected


def test_head_of_service_manages_every_child_without_a_query(child, django_assert_num_queries):
    from opencsc.accounts.access import is_manager_of_child

    head = UserFactory(role=Role.HEAD_OF_SERVICE)
    with django_assert_num_queries(0):
        assert is_manager_of_child(head, child.pk)
