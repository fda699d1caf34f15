"""The child's record, and the manager's view of who has looked at it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from opencsc.accounts.access import (
    can_write_casework,
    child_for_user,
    children_visible_to,
    is_manager_of_child,
)
from opencsc.care.health_record import health_record_section
from opencsc.care.record import record_section as care_record_section
from opencsc.core.http import AuthenticatedRequest
from opencsc.legal.record import record_section as legal_record_section
from opencsc.people.models import Person
from opencsc.people.record_protection import ProtectionRecord, protection_record
from opencsc.people.selectors import ChildRecord, child_record
from opencsc.people.views.common import action_url, record_view

ACCESS_LOG_PAGE = 50

#: Links a reader follows without writing anything: kept for roles that only read.
READ_LINKS = {"chronology", "visit_list"}


def _protection_actions(
    user: Any, record: ChildRecord, protection: ProtectionRecord, looked_after: bool
) -> dict[str, str | None]:
    """The child protection and plan steps a worker may take next, each offered only when
    the service would accept it: a strategy discussion or conference needs an open
    episode; a child in need plan an open episode and no plan open (CIN census 4001: not
    alongside a child protection plan); a statutory visit an open plan or a child looked
    after (CPPCR 2010 reg 28)."""
    pk = record.child.pk
    episode = record.open_episode
    links: dict[str, str | None] = {
        "strategy_new": None,
        "conference_new": None,
        "cin_plan_new": None,
        "visit_new": None,
        "visit_list": None,
        "emergency_power_new": action_url(user, "protection:emergency-power-new", pk),
    }
    if episode is not None:
        links["strategy_new"] = action_url(user, "protection:strategy-new", pk)
        links["conference_new"] = action_url(user, "protection:conference-new", pk)
        if protection.open_plan is None:
            links["cin_plan_new"] = action_url(user, "plans:cin-plan-new", episode.pk)
    if protection.open_plan is not None or looked_after:
        links["visit_new"] = action_url(user, "plans:visit-new", pk)
    if protection.cp_plans or protection.cin_plans or protection.last_visit or looked_after:
        links["visit_list"] = action_url(user, "plans:visit-list", pk)
    return links


def _protection_links(user: Any, protection: ProtectionRecord, write: bool) -> None:
    """Each record on the "Protection and plans" tab links to its own page; the next
    conference is offered where it is due."""
    for d in protection.discussions:
        d.url = action_url(user, "protection:strategy-detail", d.pk)  # type: ignore[attr-defined]
    for e in protection.enquiries:
        e.url = action_url(user, "protection:enquiry-detail", e.pk)  # type: ignore[attr-defined]
        e.conference_new_url = (  # type: ignore[attr-defined]
            action_url(
                user,
                "protection:conference-new",
                protection.child.pk,
                query={"kind": "initial", "enquiry": e.pk},
            )
            if write and e is protection.awaiting_conference
            else None
        )
    for c in protection.conferences:
        c.url = action_url(user, "protection:conference-detail", c.pk)  # type: ignore[attr-defined]
    for p in protection.cp_plans:
        p.url = action_url(user, "protection:plan-detail", p.pk)  # type: ignore[attr-defined]
        p.review_new_url = (  # type: ignore[attr-defined]
            action_url(
                user,
                "protection:conference-new",
                protection.child.pk,
                query={"kind": "review", "plan": p.pk},
            )
            if write and p.end_date is None
            else None
        )
    for cin in protection.cin_plans:
        cin.url = action_url(user, "plans:cin-plan-detail", cin.pk)  # type: ignore[attr-defined]


def _actions(  # type: ignore[no-untyped-def]
    user, child: Person, record, protection: ProtectionRecord, looked_after: bool = False
) -> dict[str, Any]:
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
    links.update(_protection_actions(user, record, protection, looked_after))
    if not write:
        for name in list(links):
            if name not in READ_LINKS:
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
    _protection_links(user, protection, write)
    return links


def person_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    try:
        child = child_for_user(request.user, pk)
    except Http404:
        # An old link to a record since merged: go to the record kept, if it is theirs.
        # The merged record's case number (its LAchildID) comes in the same query.
        keeper = (
            children_visible_to(request.user)
            .filter(merged_from__pk=pk)
            .annotate(merged_case_number=F("merged_from__case_number"))
            .first()
        )
        if keeper is None:
            raise
        messages.info(
            request,
            f"Record {keeper.merged_case_number} was merged into this record",  # type: ignore[attr-defined]
        )
        return redirect("people:person-detail", keeper.pk)
    record_view(request, child, "Child's record")
    record = child_record(child)
    protection = protection_record(record.child, today=record.today)
    care = care_record_section(record.child, request.user, record.today)
    legal = legal_record_section(record.child, request.user, record.today)
    # The health tab only for a child who has been looked after (six more queries).
    health = (
        health_record_section(record.child, request.user, today=record.today)
        if care["periods"]
        else None
    )
    return render(
        request,
        "people/person_detail.html",
        {
            "record": record,
            "protection": protection,
            "care": care,
            "legal": legal,
            "health": health,
            "alerts": record.alerts + protection.alerts + (health["alerts"] if health else []),
            "child": record.child,
            "actions": _actions(
                request.user, record.child, record, protection, care["current"] is not None
            ),
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
