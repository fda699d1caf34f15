"""Writing access events. Called inside the transaction that reads the record, so that if
the event cannot be written, nothing is served (the view's transaction fails)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.http import HttpRequest

from opencsc.audit.models import AccessAction, AccessEvent

if TYPE_CHECKING:
    from opencsc.accounts.models import User
    from opencsc.people.models import Person


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def access_record(
    *,
    user: User,
    action: AccessAction | str,
    what: str,
    person: Person | None = None,
    detail: str = "",
    request: HttpRequest | None = None,
) -> AccessEvent:
    """Write one access event: who (and their role and team), what, when, from where."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("access events are written inside the transaction that reads the data")
    team = getattr(user, "team", None)
    return AccessEvent.objects.create(
        user=user if user.is_authenticated else None,
        username=user.get_username() if user.is_authenticated else "",
        role=getattr(user, "role", ""),
        team_name=team.name if team else "",
        action=action,
        person=person,
        what=what[:200],
        detail=detail,
        path=request.get_full_path()[:300] if request else "",
        ip_address=client_ip(request),
        user_agent=(request.META.get("HTTP_USER_AGENT", "")[:300] if request else ""),
    )


def access_events_for(person: Person):  # type: ignore[no-untyped-def]
    """Who has seen this child's record, newest first (for the manager's access log)."""
    return AccessEvent.objects.filter(person=person).select_related("user").order_by("-at")
