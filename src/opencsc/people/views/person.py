"""Recording a new person (after checking they are not already known) and editing one."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse

from opencsc.accounts.access import child_for_user, children_visible_to, searchable_people
from opencsc.audit.models import AccessAction
from opencsc.audit.services import access_record
from opencsc.core.concurrency import StaleEditError
from opencsc.core.http import AuthenticatedRequest
from opencsc.people.forms import PersonEditForm, PersonNewForm, add_service_errors
from opencsc.people.models import Person
from opencsc.people.search import likely_duplicates, search_criteria
from opencsc.people.services import (
    PERSON_FIELDS,
    alias_add,
    person_create,
    person_set_disabilities,
    person_update,
)
from opencsc.people.views.common import action_url, record_view, visible_ids

CONFIRM_SALT = "opencsc.people.person-new"
EDITABLE = [f for f in PERSON_FIELDS if f not in {"is_restricted", "restricted_reason"}]


def duplicate_key(data: dict[str, Any]) -> list[str]:
    """What the duplicate check looked at: a confirmation is for these details only."""
    dob = data.get("date_of_birth")
    return [
        (data.get("first_name") or "").strip().lower(),
        (data.get("last_name") or "").strip().lower(),
        dob.isoformat() if dob else "",
        "".join((data.get("nhs_number") or "").split()),
    ]


def confirmed(value: str, data: dict[str, Any]) -> bool:
    try:
        return signing.loads(value or "", salt=CONFIRM_SALT) == duplicate_key(data)
    except signing.BadSignature:
        return False


def matches_for(request: AuthenticatedRequest, data: dict[str, Any], searchable) -> list[Person]:  # type: ignore[no-untyped-def]
    """Likely duplicates the user may know of; the check is logged like any search."""
    access_record(
        user=request.user,
        action=AccessAction.SEARCH,
        what="Duplicate check",
        detail=search_criteria(
            query=f"{data.get('first_name', '')} {data.get('last_name', '')}",
            date_of_birth=data.get("date_of_birth"),
            nhs_number=data.get("nhs_number") or "",
        ),
        request=request,
    )
    found = likely_duplicates(
        first_name=data.get("first_name") or "",
        last_name=data.get("last_name") or "",
        date_of_birth=data.get("date_of_birth"),
        nhs_number=data.get("nhs_number") or "",
    )
    if not found:
        return []
    # Restricted records and people outside the user's reach are never shown.
    allowed = set(searchable.filter(pk__in=[p.pk for p in found]).values_list("pk", flat=True))
    return [p for p in found if p.pk in allowed]


def carried_fields(request: AuthenticatedRequest, skip: set[str]) -> list[tuple[str, str]]:
    """The submitted values, to post again as hidden inputs from the confirmation page."""
    return [
        (name, value)
        for name, values in request.POST.lists()
        if name not in skip and name != "csrfmiddlewaretoken"
        for value in values
    ]


def _after_create(request: AuthenticatedRequest, person: Person) -> HttpResponse:
    if request.GET.get("next") == "contact":
        url = action_url(request.user, "frontdoor:contact-new", query={"child": person.pk})
        if url:
            return redirect(url)
    messages.success(request, f"{person.full_name} recorded (record {person.la_child_id})")
    if children_visible_to(request.user).filter(pk=person.pk).exists():
        return redirect("people:person-detail", person.pk)
    # Not theirs to open yet (no contact, no allocation): show it where they can find it.
    return redirect(f"{reverse('people:person-search')}?query={person.la_child_id}")


def person_new(request: AuthenticatedRequest) -> HttpResponse:
    next_contact = request.GET.get("next") == "contact"
    if request.method != "POST":
        initial = {k: request.GET[k] for k in ("first_name", "last_name") if request.GET.get(k)}
        form = PersonNewForm(initial=initial)
        return render(
            request, "people/person_new.html", {"form": form, "next_contact": next_contact}
        )
    form = PersonNewForm(request.POST)
    if form.is_valid() and "edit" not in request.POST:
        data = form.cleaned_data
        if not confirmed(data.get("confirm_new", ""), data):
            matches = matches_for(request, data, searchable_people(request.user))
            if matches:
                can_open = visible_ids(request.user, matches)
                for person in matches:
                    person.can_open = person.pk in can_open
                    person.use_url = (
                        action_url(
                            request.user, "frontdoor:contact-new", query={"child": person.pk}
                        )
                        if next_contact
                        else None
                    )
                return render(
                    request,
                    "people/person_duplicates.html",
                    {
                        "matches": matches,
                        "carried": carried_fields(request, {"confirm_new", "edit"}),
                        "confirmation": signing.dumps(duplicate_key(data), salt=CONFIRM_SALT),
                        "next_contact": next_contact,
                        "data": data,
                    },
                )
        try:
            with transaction.atomic():
                person = person_create(
                    actor=request.user,
                    **{f: data[f] for f in EDITABLE if f in data and f != "date_of_death"},
                )
                if data["disabilities"]:
                    person_set_disabilities(
                        actor=request.user, person=person, codes=data["disabilities"]
                    )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _after_create(request, person)
    return render(request, "people/person_new.html", {"form": form, "next_contact": next_contact})


def _initial(person: Person) -> dict[str, Any]:
    initial = {f: getattr(person, f) for f in EDITABLE}
    initial["disabilities"] = list(person.disabilities.values_list("code", flat=True))
    initial["version"] = person.version
    return initial


def person_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = child_for_user(request.user, pk, write=True)
    record_view(request, person, "Edit person's details")
    current = None
    if request.method != "POST":
        form = PersonEditForm(initial=_initial(person))
    else:
        form = PersonEditForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    person_update(
                        actor=request.user,
                        person=person,
                        expected_version=data["version"],
                        **{f: data[f] for f in EDITABLE},
                    )
                    person_set_disabilities(
                        actor=request.user, person=person, codes=data["disabilities"]
                    )
                    if form.alias_given():
                        alias_add(
                            actor=request.user,
                            person=person,
                            first_name=data["alias_first_name"],
                            last_name=data["alias_last_name"],
                            kind=data["alias_kind"] or "alias",
                        )
            except StaleEditError as exc:
                # Nothing typed is lost: the form keeps the user's input, shows what the
                # record says now, and carries the new version so a deliberate save works.
                current = exc.current
                # The form was bound to the submitted POST: a QueryDict, copied to change.
                posted = cast(QueryDict, form.data).copy()
                posted["version"] = str(current.version)
                form.data = posted
                form.add_error(None, str(exc))
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"{person.full_name}'s details saved")
                return redirect("people:person-detail", person.pk)
    return render(
        request,
        "people/person_edit.html",
        {
            "form": form,
            "person": person,
            "current": current,
            "current_disabilities": (
                list(current.disabilities.all()) if current is not None else []
            ),
        },
    )
