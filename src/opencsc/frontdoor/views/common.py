"""What every front door page shares: the access event, and re-showing a form after
someone else saved the record first."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from opencsc.accounts.access import children_visible_to
from opencsc.audit.models import AccessAction
from opencsc.audit.services import access_record
from opencsc.core.concurrency import StaleEditError
from opencsc.core.http import AuthenticatedRequest
from opencsc.frontdoor.forms import VersionForm

if TYPE_CHECKING:
    from opencsc.core.models import Versioned
    from opencsc.people.models import Person

F = TypeVar("F", bound=VersionForm)


def record_view(request: AuthenticatedRequest, child: Person, what: str) -> None:
    access_record(
        user=request.user,
        action=AccessAction.VIEW_RECORD,
        what=what,
        person=child,
        request=request,
    )


def stale_form(form: F, exc: StaleEditError[Versioned]) -> F:
    """The user's input, intact, now against the latest version, with the error at the top.
    The page shows ``exc.current`` beside it, so they can check and save again."""
    again = form.with_version(exc.current.version)
    again.is_valid()
    again.add_error(None, str(exc))
    return again


def still_visible(request: AuthenticatedRequest, child: Person) -> bool:
    """After a referral moves the case to another team, the decider may no longer see it."""
    return children_visible_to(request.user).filter(pk=child.pk).exists()
