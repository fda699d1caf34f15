"""What every case page does first: fetch the child through the access function and
record that their record was seen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from opencsc.accounts.access import child_for_user
from opencsc.audit.models import AccessAction
from opencsc.audit.services import access_record
from opencsc.core.http import AuthenticatedRequest

if TYPE_CHECKING:
    from opencsc.people.models import Person


def record_view(request: AuthenticatedRequest, child: Person, what: str) -> None:
    access_record(
        user=request.user,
        action=AccessAction.VIEW_RECORD,
        what=what,
        person=child,
        request=request,
    )


def child_seen_by(
    request: AuthenticatedRequest, child_id: int, what: str, *, write: bool = False
) -> Person:
    """The child (404 if missing or not this user's), with the access event written."""
    child = child_for_user(request.user, child_id, write=write)
    record_view(request, child, what)
    return child
