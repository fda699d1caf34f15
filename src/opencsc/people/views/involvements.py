"""Small forms from the child's record: a relative, an address, a professional."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render

from opencsc.accounts.access import child_for_user
from opencsc.core.codes import Sex
from opencsc.core.http import AuthenticatedRequest
from opencsc.people.forms import AddressForm, ProfessionalForm, RelationshipForm, add_service_errors
from opencsc.people.services import address_add, person_create, professional_add, relationship_add
from opencsc.people.views.common import linkable_people, record_view
from opencsc.people.views.person import (
    CONFIRM_SALT,
    carried_fields,
    confirmed,
    duplicate_key,
    matches_for,
)


def _form_page(request, template: str, child, form) -> HttpResponse:  # type: ignore[no-untyped-def]
    return render(
        request, template, {"form": form, "child": child, "nav_section": "people:person-search"}
    )


def relationship_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = child_for_user(request.user, pk, write=True)
    record_view(request, child, "Add a relative or household member")
    form = RelationshipForm(request.POST if request.method == "POST" else None)
    if not form.is_valid() or "edit" in request.POST:
        return _form_page(request, "people/relationship_new.html", child, form)
    data = form.cleaned_data
    people = linkable_people(request.user)
    other = None
    if data["existing"]:
        other = people.filter(pk=data["existing"]).first()
        if other is None:
            form.add_error(
                "existing",
                "There is no one with this record ID that you can link: check the ID, or "
                "leave it blank and record someone new",
            )
            return _form_page(request, "people/relationship_new.html", child, form)
    elif not confirmed(data.get("confirm_new", ""), data):
        matches = [p for p in matches_for(request, data, people) if p.pk != child.pk]
        if matches:
            from django.core import signing

            keep = carried_fields(
                request, {"confirm_new", "edit", "existing", "first_name", "last_name", "sex"}
            )
            keep = [(k, v) for k, v in keep if not k.startswith("date_of_birth")]
            return render(
                request,
                "people/relationship_duplicates.html",
                {
                    "child": child,
                    "matches": matches,
                    "carried": carried_fields(request, {"confirm_new", "edit"}),
                    "carried_for_existing": keep,
                    "confirmation": signing.dumps(duplicate_key(data), salt=CONFIRM_SALT),
                    "data": data,
                },
            )
    try:
        with transaction.atomic():  # a new relative and the link to them, or neither
            if other is None:
                other = person_create(
                    actor=request.user,
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    sex=data["sex"] or Sex.UNKNOWN,
                    date_of_birth=data["date_of_birth"],
                )
            relationship_add(
                actor=request.user,
                person=other,
                relative=child,
                kind=data["kind"],
                parental_responsibility=data["parental_responsibility"],
                lives_with=data["lives_with"],
            )
    except ValidationError as exc:
        add_service_errors(form, exc, aliases={"person": "existing"})
        return _form_page(request, "people/relationship_new.html", child, form)
    messages.success(request, f"{other.full_name} added to {child.full_name}'s record")
    return redirect("people:person-detail", child.pk)


def address_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = child_for_user(request.user, pk, write=True)
    record_view(request, child, "Add an address")
    form = AddressForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            address_add(actor=request.user, person=child, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Address added")
            return redirect("people:person-detail", child.pk)
    return _form_page(request, "people/address_new.html", child, form)


def professional_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = child_for_user(request.user, pk, write=True)
    record_view(request, child, "Add a professional")
    form = ProfessionalForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            professional_add(actor=request.user, person=child, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Professional added")
            return redirect("people:person-detail", child.pk)
    return _form_page(request, "people/professional_new.html", child, form)
