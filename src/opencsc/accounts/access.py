"""Who may see and change which child's record: the only place these rules live.

- A social worker sees the children allocated to them or to their team (now, or until
  30 days ago: a closed case stays reachable for its closing work), and those
  children's recorded family (parents, carers, siblings, household members).
- A team manager sees their own team's children and those of every team they manage.
- An independent reviewing officer (or conference chair) and a care leaver's personal
  adviser see the children allocated to them personally, not their whole team's: they are
  allocated in their own right (allocation roles reviewing officer and personal adviser).
- Front door and out-of-hours practitioners, and the managers of those teams, see the
  children their work needs: any child with a contact still awaiting a decision, or one
  received in the last 90 days.
- Heads of service, performance analysts and inspectors see every child (inspectors
  and analysts read only). Administrators manage accounts, not case records.
- A restricted record is visible only to the people named on it, whatever their role,
  and is absent from search results and counts for everyone else.

Views never fetch a child themselves: ``child_for_user`` fetches and authorises in one
call and answers 404 for "missing" and "not yours" alike.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from opencsc.accounts.models import Role, Team, TeamKind

if TYPE_CHECKING:
    from opencsc.accounts.models import User
    from opencsc.people.models import Person

FRONT_DOOR_LOOKBACK = timedelta(days=90)
RECENTLY_HELD = timedelta(days=30)
FRONT_DOOR_KINDS = [TeamKind.FRONT_DOOR, TeamKind.OUT_OF_HOURS]

ALL_CHILDREN_ROLES = {Role.HEAD_OF_SERVICE, Role.PERFORMANCE_ANALYST, Role.INSPECTOR}
READ_ONLY_ROLES = {Role.PERFORMANCE_ANALYST, Role.INSPECTOR}
#: Allocated to children in their own right, not through a team's caseload.
PERSONALLY_ALLOCATED_ROLES = {Role.REVIEWING_OFFICER, Role.PERSONAL_ADVISER}
CASEWORK_WRITE_ROLES = {
    Role.SOCIAL_WORKER,
    Role.REVIEWING_OFFICER,
    Role.PERSONAL_ADVISER,
    Role.TEAM_MANAGER,
    Role.HEAD_OF_SERVICE,
    Role.FRONT_DOOR,
    Role.OUT_OF_HOURS,
}
MANAGER_ROLES = {Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE}


def _managed_teams(user: User) -> dict[int, str]:
    """The teams a manager manages, by id with their kind (one query, or none when the
    caller prefetched ``managed_teams``; none for other roles)."""
    if user.role not in MANAGER_ROLES:
        return {}
    prefetched = getattr(user, "_prefetched_objects_cache", {}).get("managed_teams")
    if prefetched is not None:
        return {team.pk: team.kind for team in prefetched}
    return dict(user.managed_teams.values_list("pk", "kind"))


def team_ids_for(user: User) -> set[int]:
    """The teams whose children this user works with: their own and those they manage."""
    ids = set(_managed_teams(user))
    if user.team_id:
        ids.add(user.team_id)
    return ids


def _restricted_filter(user: User) -> Q:
    from opencsc.people.models import RestrictedAccess

    named = RestrictedAccess.objects.filter(person=OuterRef("pk"), user=user)
    return Q(is_restricted=False) | Q(Exists(named))


def children_visible_to(user: User) -> QuerySet[Person]:
    """Every person record this user may see, for lists, search and counts."""
    from opencsc.casework.models import Allocation
    from opencsc.frontdoor.models import Contact, ContactStatus
    from opencsc.people.models import Person

    people = Person.objects.filter(merged_into__isnull=True)
    if not user.is_authenticated or not user.is_active:
        return people.none()
    role = user.role
    if role in ALL_CHILDREN_ROLES:
        return people.filter(_restricted_filter(user))
    front_door_view = None
    if role in {Role.FRONT_DOOR, Role.OUT_OF_HOURS, Role.TEAM_MANAGER}:
        since = timezone.now() - FRONT_DOOR_LOOKBACK
        contacts = Contact.objects.filter(child=OuterRef("pk")).filter(
            Q(status=ContactStatus.AWAITING_DECISION) | Q(received_at__gte=since)
        )
        front_door_view = Q(Exists(contacts))
        if role == Role.TEAM_MANAGER:
            # Managers of the front door or out-of-hours team see what those teams see.
            manages_front_door = Team.objects.filter(manager=user, kind__in=FRONT_DOOR_KINDS)
            front_door_view &= Q(Exists(manages_front_door))
    if role in {Role.SOCIAL_WORKER, Role.TEAM_MANAGER, *PERSONALLY_ALLOCATED_ROLES}:
        from opencsc.people.models import Relationship

        # Held now, or until recently: after a case closes its worker still writes the
        # closing summary, and a second person's stale save still gets its clear message.
        recently = timezone.localdate() - RECENTLY_HELD
        holders = Q(worker=user)
        if role not in PERSONALLY_ALLOCATED_ROLES:
            holders |= Q(team_id=user.team_id) | Q(team__manager=user)
        held = Allocation.objects.filter(
            Q(end_date__isnull=True) | Q(end_date__gte=recently)
        ).filter(holders)
        mine = held.filter(child=OuterRef("pk"))
        # The family of a child they work with: parents, carers, siblings and household
        # members are recorded as people too, and the worker must be able to open them.
        held_children = held.values("child_id")
        family = Relationship.objects.filter(
            Q(person=OuterRef("pk"), relative_id__in=held_children)
            | Q(relative=OuterRef("pk"), person_id__in=held_children)
        )
        reach = Q(Exists(mine)) | Q(Exists(family))
        if front_door_view is not None:
            reach |= front_door_view
        return people.filter(reach).filter(_restricted_filter(user))
    if front_door_view is not None:
        return people.filter(front_door_view).filter(_restricted_filter(user))
    return people.none()


def searchable_people(user: User) -> QuerySet[Person]:
    """Whom a user may find by searching.

    The front door must find anyone already known before creating a new record (duplicates
    are a safeguarding risk), so its practitioners search every unrestricted person; what
    they may then open is still decided by ``children_visible_to``.
    """
    from opencsc.people.models import Person

    if user.role in {Role.FRONT_DOOR, Role.OUT_OF_HOURS}:
        return Person.objects.filter(merged_into__isnull=True).filter(_restricted_filter(user))
    return children_visible_to(user)


def can_write_casework(user: User) -> bool:
    return user.is_authenticated and user.role in CASEWORK_WRITE_ROLES


def child_for_user(user: User, child_id: int, *, write: bool = False) -> Person:
    """Fetch a child's record for this user, or 404 if it is missing or not theirs."""
    if write and not can_write_casework(user):
        raise Http404("No such record")
    try:
        return children_visible_to(user).get(pk=child_id)
    except (ValueError, TypeError) as exc:
        raise Http404("No such record") from exc
    except children_visible_to(user).model.DoesNotExist as exc:
        raise Http404("No such record") from exc


def is_manager_of_child(user: User, child: Person | int) -> bool:
    """Managers may authorise, direct and see the access log of their teams' children.

    ``child`` may be the person or their id (a caller holding only the id need not fetch
    the record)."""
    from opencsc.casework.models import Allocation

    if user.role == Role.HEAD_OF_SERVICE:
        return True
    if user.role != Role.TEAM_MANAGER:
        return False
    child_id = child if isinstance(child, int) else child.pk
    held = Allocation.objects.filter(child_id=child_id, end_date__isnull=True)
    if "managed_teams" in getattr(user, "_prefetched_objects_cache", {}):
        return held.filter(team_id__in=team_ids_for(user)).exists()
    # The same teams as team_ids_for (their own, and those they manage), in one query.
    teams = Q(team__manager=user)
    if user.team_id:
        teams |= Q(team_id=user.team_id)
    return held.filter(teams).exists()
