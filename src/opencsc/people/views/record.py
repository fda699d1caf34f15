"""The child's record, and the manager's view of who has looked at it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from opencsc.accounts.access import (
    can_write_casework,
    child_for_user,
    children_visible_to,
    is_manager_of_child,
)
from opencsc.core.http import AuthenticatedRequest
from opencsc.people.models import Person
from opencsc.people.selectors import child_record
from opencsc.people.views.common import action_url, record_view

ACCESS_LOG_PAGE = 50


def _actions(user, child: Person, record) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Links to the next things a worker does, each only if that page exists and is theirs."""
    pk = child.pk
    write = can_write_casework(user) and child.merged_into_id is None
    links: dict[str, Any] = {
        "contact_new": action_url(user, "frontdoor:contact-new", query={"child": pk}),
        "note_new": action_url(user, "casework:note-new", pk),
        "oversight_new": action_url(user, "casework:oversight-new", pk),
        "supervision_new": action_url(user, "casework:supervision-new", pk),
        "allocation_new": action_url(user, "casework:allocation-new", pk),
        "change_new": action_url(user, "casework:change-new", pk),
        "chronology": action_url(user, "casework:chronology", pk),
        "edit": action_url(user, "people:person-edit", pk),
        "relationship_new": action_url(user, "people:relationship-new", pk),
        "address_new": action_url(user, "people:address-new", pk),
        "professional_new": action_url(user, "people:professional-new", pk),
        "merge": action_url(user, "people:person-merge", pk),
        "access_log": None,
    }
    episode = record.open_episode
    # A referral's next step is its assessment: offered until one is started on it.
    if episode is not None and not any(a.episode_id == episode.pk for a in record.assessments):
        links["assessment_start"] = action_url(user, "assessments:assessment-start", episode.pk)
    if not write:
        for name in list(links):
            if name != "chronology":
                links[name] = None
    if links["merge"] or action_url(user, "people:person-access-log", pk):
        # One query, and only for managers: whether this child is in a team they manage.
        manages = is_manager_of_child(user, child)
        links["merge"] = links["merge"] if manages else None
        links["access_log"] = action_url(user, "people:person-access-log", pk) if manages else None
    for assessment in record.assessments:
        assessment.url = action_url(user, "assessments:assessment-detail", assessment.pk)
    for note in record.notes:
        note.addendum_url = action_url(user, "casework:note-addendum", note.pk) if write else None
    for episode in record.episodes:
        episode.close_url = (
            action_url(user, "casework:episode-close", episode.pk)
            if write and episode.closure_date is None
            else None
        )
    for episode in record.early_help:
        episode.url = action_url(user, "frontdoor:earlyhelp-detail", episode.pk)
    for contact in record.contacts:
        contact.url = action_url(user, "frontdoor:contact-detail", contact.pk)
    return links


def person_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    try:
        child = child_for_user(request.user, pk)
    except Http404:
        # An old link to a record since merged: go to the record kept, if it is theirs.
        keeper = children_visible_to(request.user).filter(merged_from__pk=pk).first()
        if keeper is None:
            raise
        messages.info(request, f"Record C{pk:07d} was merged into this record")
        return redirect("people:person-detail", keeper.pk)
    record_view(request, child, "Child's record")
    record = child_record(child)
    return render(
        request,
        "people/person_detail.html",
        {
            "record": record,
            "child": record.child,
            "actions": _actions(request.user, record.child, record),
            "nav_section": "people:person-search",
        },
    )


def person_access_log(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    from opencsc.audit.services import access_events_for

    child = child_for_user(request.user, pk)
    if not is_manager_of_child(request.user, child):
        # Same answer as a record they cannot see: the log's existence is not theirs either.
        raise Http404("No such record")
    record_view(request, child, "Access log")
    page = Paginator(access_events_for(child), ACCESS_LOG_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "people/person_access_log.html",
        {"child": child, "page": page, "nav_section": "people:person-search"},
    )
