"""Case notes and their addenda (append-only), and changes of circumstances."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from opencsc.assessments.selectors import needs_updated_assessment
from opencsc.casework.forms import AddendumForm, ChangeForm, NoteForm, add_service_errors
from opencsc.casework.selectors import note_for_user
from opencsc.casework.services import circumstance_change_record, note_add, note_addendum_add
from opencsc.casework.views.common import child_seen_by, record_view
from opencsc.core.http import AuthenticatedRequest


def note_new(request: AuthenticatedRequest, child_id: int) -> HttpResponse:
    child = child_seen_by(request, child_id, "case note", write=True)
    if request.method == "POST":
        form = NoteForm(request.POST)
        if form.is_valid():
            try:
                note_add(actor=request.user, child=child, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Case note saved")
                return redirect("casework:chronology", child_id=child.pk)
    else:
        form = NoteForm(initial={"occurred_on": timezone.localdate()})
    return render(request, "casework/note_new.html", {"form": form, "child": child})


def note_addendum(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    note = note_for_user(request.user, pk, write=True)
    child = note.child
    record_view(request, child, "case note")
    if request.method == "POST":
        form = AddendumForm(request.POST)
        if form.is_valid():
            try:
                note_addendum_add(actor=request.user, note=note, text=form.cleaned_data["text"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Addendum added to the case note")
                return redirect("casework:chronology", child_id=child.pk)
    else:
        form = AddendumForm()
    return render(
        request,
        "casework/note_addendum.html",
        {
            "form": form,
            "child": child,
            "note": note,
            "addenda": note.addenda.select_related("author"),
        },
    )


def change_new(request: AuthenticatedRequest, child_id: int) -> HttpResponse:
    child = child_seen_by(request, child_id, "change of circumstances", write=True)
    if request.method == "POST":
        form = ChangeForm(request.POST)
        if form.is_valid():
            try:
                circumstance_change_record(actor=request.user, child=child, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                prompt = needs_updated_assessment(child)
                messages.success(
                    request,
                    prompt.message if prompt else "Change of circumstances recorded",
                )
                return redirect("casework:chronology", child_id=child.pk)
    else:
        form = ChangeForm(initial={"occurred_on": timezone.localdate()})
    return render(request, "casework/change_new.html", {"form": form, "child": child})
