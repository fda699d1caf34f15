"""A manager merges a duplicate record into the record kept, after comparing them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from opencsc.accounts.access import child_for_user, is_manager_of_child
from opencsc.core.http import AuthenticatedRequest
from opencsc.people.forms import MergeForm, add_service_errors
from opencsc.people.models import Person
from opencsc.people.services import person_merge as merge_people
from opencsc.people.views.common import record_view


def _compared(keep: Person, duplicate: Person) -> list[Person]:
    """Both records with counts of what is on them, for the side-by-side check (one query)."""
    people = {
        p.pk: p
        for p in Person.objects.filter(pk__in=[keep.pk, duplicate.pk]).annotate(
            n_contacts=Count("contacts", distinct=True),
            n_episodes=Count("episodes", distinct=True),
            n_open_episodes=Count(
                "episodes", filter=Q(episodes__closure_date__isnull=True), distinct=True
            ),
            n_notes=Count("notes", distinct=True),
            n_assessments=Count("assessments", distinct=True),
            n_relationships=Count("relatives", distinct=True),
        )
    }
    return [people[keep.pk], people[duplicate.pk]]


def person_merge(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    keep = child_for_user(request.user, pk, write=True)
    if not is_manager_of_child(request.user, keep):
        raise Http404("No such record")
    record_view(request, keep, "Merge records")
    form = MergeForm(request.POST if request.method == "POST" else None)
    compared = None
    if form.is_valid():
        duplicate_id = form.cleaned_data["duplicate"]
        try:
            duplicate = child_for_user(request.user, duplicate_id, write=True)
        except Http404:
            duplicate = None
            form.add_error(
                "duplicate",
                "There is no record with this ID that you can see: check the record ID",
            )
        if duplicate is not None:
            record_view(request, duplicate, "Merge records")
            if duplicate.pk == keep.pk:
                form.add_error(
                    "duplicate",
                    "Enter the ID of the other record: a record cannot be merged into itself",
                )
            elif form.cleaned_data.get("confirmed") == str(duplicate.pk):
                try:
                    merge_people(actor=request.user, keep=keep, duplicate=duplicate)
                except ValidationError as exc:
                    add_service_errors(form, exc)
                else:
                    messages.success(
                        request,
                        f"Record {duplicate.la_child_id} merged into this record. "
                        "Everything on it is now here.",
                    )
                    return redirect("people:person-detail", keep.pk)
            if duplicate.pk != keep.pk:
                compared = _compared(keep, duplicate)
    return render(
        request,
        "people/person_merge.html",
        {"form": form, "child": keep, "compared": compared},
    )
