"""What every plans page shares: the access event, and putting a stale save back on the form."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django import forms
from django.urls import NoReverseMatch, reverse

from opencsc.audit.models import AccessAction
from opencsc.audit.services import access_record
from opencsc.core.http import AuthenticatedRequest

if TYPE_CHECKING:
    from opencsc.core.concurrency import StaleEditError
    from opencsc.people.models import Person
    from opencsc.plans.models import ChildInNeedPlan
    from opencsc.protection.models import ChildProtectionPlan


def record_view(request: AuthenticatedRequest, child: Person, what: str) -> None:
    """Every view of a child's record writes an access event in the same transaction."""
    access_record(
        user=request.user,
        action=AccessAction.VIEW_RECORD,
        what=what,
        person=child,
        request=request,
    )


F = TypeVar("F", bound=forms.Form)


def stale_form(form_class: type[F], request: AuthenticatedRequest, exc: StaleEditError[Any]) -> F:
    """The form again with everything the person typed, the version moved on to the latest
    (so the next save is made knowingly over it) and the error summary message."""
    posted = request.POST.copy()
    posted["version"] = str(exc.current.version)
    form = form_class(posted)
    form.is_valid()
    form.add_error(None, str(exc))
    return form


def plan_page_url(kind: str, plan_id: int, child: Person) -> str:
    """The page of a plan of either kind ("cp" or "cin"). The child protection plan page is
    the protection app's: reversed at request time, and the child's record until that
    route exists."""
    if kind == "cin":
        return reverse("plans:cin-plan-detail", kwargs={"plan_id": plan_id})
    try:
        return reverse("protection:plan-detail", kwargs={"plan_id": plan_id})
    except NoReverseMatch:
        return reverse("people:person-detail", args=[child.pk])


def plan_kind(plan: ChildProtectionPlan | ChildInNeedPlan) -> str:
    from opencsc.plans.models import ChildInNeedPlan

    return "cin" if isinstance(plan, ChildInNeedPlan) else "cp"
