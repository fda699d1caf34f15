"""Helpers every people page shares: links to other apps' pages, and whom a user may link."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import NoReverseMatch, reverse

from opencsc.accounts.access import children_visible_to, searchable_people
from opencsc.accounts.policy import rule_for
from opencsc.audit.models import AccessAction
from opencsc.audit.services import access_record
from opencsc.core.http import AuthenticatedRequest
from opencsc.people.models import Person, Relationship, RestrictedAccess

if TYPE_CHECKING:
    from opencsc.accounts.models import User


def action_url(
    user: User, name: str, *args: Any, query: dict[str, Any] | None = None
) -> str | None:
    """The URL of ``name`` if it exists yet and the user's role may use it, else None.

    Other apps' pages are written alongside this one: a link appears once its URL name
    resolves, and never to a page the route policy would refuse this user.
    """
    rule = rule_for(name)
    if rule is None or (not rule.public and getattr(user, "role", None) not in rule.roles):
        return None
    try:
        url = reverse(name, args=args or None)
    except NoReverseMatch:
        return None
    return f"{url}?{urlencode(query)}" if query else url


def record_view(request: AuthenticatedRequest, person: Person, what: str) -> None:
    access_record(
        user=request.user,
        action=AccessAction.VIEW_RECORD,
        what=what,
        person=person,
        request=request,
    )


def linkable_people(user: User) -> QuerySet[Person]:
    """Whom a user may name as a child's relative by record ID.

    Anyone they may search for, and anyone already in the family of a child they work
    with (parents are rarely allocated, so a social worker cannot search for them, but
    should link a sibling's mother rather than record her twice). Restricted records
    only for those named on them.
    """
    visible = children_visible_to(user)
    in_family = Exists(
        Relationship.objects.filter(person=OuterRef("pk"), relative__in=visible)
    ) | Exists(Relationship.objects.filter(relative=OuterRef("pk"), person__in=visible))
    named = RestrictedAccess.objects.filter(person=OuterRef("pk"), user=user)
    searchable = searchable_people(user).values("pk")
    return (
        Person.objects.filter(merged_into__isnull=True)
        .filter(Q(pk__in=searchable) | Q(in_family))
        .filter(Q(is_restricted=False) | Q(Exists(named)))
    )


def visible_ids(user: User, people: list[Person]) -> set[int]:
    """Which of ``people`` the user may open (one query)."""
    if not people:
        return set()
    return set(
        children_visible_to(user).filter(pk__in=[p.pk for p in people]).values_list("pk", flat=True)
    )
