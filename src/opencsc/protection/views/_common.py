"""What every child protection page shares: the access event, and a stale save."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.forms import BaseForm

from opencsc.audit.models import AccessAction
from opencsc.audit.services import access_record
from opencsc.casework.forms import add_service_errors
from opencsc.core.http import AuthenticatedRequest

F = TypeVar("F", bound=BaseForm)

if TYPE_CHECKING:
    from opencsc.core.concurrency import StaleEditError
    from opencsc.people.models import Person


def record_view(request: AuthenticatedRequest, child: Person, what: str) -> None:
    """Every view of a child's record writes an access event, in the request's transaction."""
    access_record(
        user=request.user,
        action=AccessAction.VIEW_RECORD,
        what=what,
        person=child,
        request=request,
    )


def stale_form(
    form_class: type[F], request: AuthenticatedRequest, exc: StaleEditError, **kwargs: Any
) -> F:
    """The form again with everything the person typed, the version of the record as it
    is now (so their next save is made knowingly over it) and the error saying why."""
    posted = request.POST.copy()
    posted["version"] = str(exc.current.version)
    form = form_class(posted, **kwargs)
    form.is_valid()
    form.add_error(None, str(exc))
    return form


def service_errors(form: BaseForm, exc: ValidationError) -> None:
    add_service_errors(form, exc)
