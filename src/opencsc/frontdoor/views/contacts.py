"""Recording a contact, seeing it, gathering information on it, handing it over."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from opencsc.accounts.access import searchable_people
from opencsc.core.codes import Agency
from opencsc.core.http import AuthenticatedRequest
from opencsc.frontdoor import services
from opencsc.frontdoor.forms import (
    ContactForm,
    HandoverForm,
    InformationReceiveForm,
    InformationRequestForm,
    add_service_errors,
)
from opencsc.frontdoor.models import ContactInformation, EarlyHelpEpisode
from opencsc.frontdoor.selectors import contact_for_user, contact_siblings
from opencsc.frontdoor.services import (
    REQUIRED_AGENCIES,
    agency_labels,
    contact_information_receive,
    contact_information_request,
    contact_missing_information,
    contact_record,
)
from opencsc.frontdoor.views.common import record_view, still_visible
from opencsc.frontdoor.wording import english_list

REQUEST, RECEIVE = "request", "receive"


def _children_for_contact(request: AuthenticatedRequest) -> list:
    """The children named by ``?child=<id>`` (one or more siblings). The front door may
    record a contact about anyone it can find (``searchable_people``): a person not found
    is a 404, as for any record."""
    wanted: list[int] = []
    for value in request.GET.getlist("child"):
        if not value.isdigit():
            raise Http404("No such record")
        if int(value) not in wanted:
            wanted.append(int(value))
    if not wanted:
        return []
    found = {p.pk: p for p in searchable_people(request.user).filter(pk__in=wanted)}
    if len(found) != len(wanted):
        raise Http404("No such record")
    return [found[pk] for pk in wanted]


def contact_new(request: AuthenticatedRequest) -> HttpResponse:
    children = _children_for_contact(request)
    if not children:
        return render(request, "frontdoor/contact_new.html", {"children": [], "form": None})
    for child in children:
        record_view(request, child, "New contact")
    form = ContactForm(
        request.POST if request.method == "POST" else None,
        initial={"received_at": timezone.now().replace(second=0, microsecond=0)},
    )
    if request.method == "POST" and form.is_valid():
        group = uuid.uuid4()
        try:
            # One contact per child; all of them or none.
            with transaction.atomic():
                contacts = [
                    contact_record(
                        actor=request.user, child=child, group_ref=group, **form.cleaned_data
                    )
                    for child in children
                ]
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            names = english_list([c.child.full_name for c in contacts])
            messages.success(request, f"Contact recorded for {names}")
            if still_visible(request, contacts[0].child):
                return redirect("frontdoor:contact-detail", pk=contacts[0].pk)
            return redirect("frontdoor:worklist")
    return render(request, "frontdoor/contact_new.html", {"children": children, "form": form})


def checklist(contact) -> list[dict]:  # type: ignore[no-untyped-def]
    """The required agencies, then any other agency asked, with what came back."""
    by_agency = {i.agency: i for i in contact.information.all()}
    rows = []
    for agency in [*REQUIRED_AGENCIES, *[a for a in by_agency if a not in REQUIRED_AGENCIES]]:
        info = by_agency.get(agency)
        rows.append(
            {
                "agency": Agency(agency).label,
                "required": agency in REQUIRED_AGENCIES,
                "info": info,
                "status": "Received"
                if info and info.received_at
                else ("Requested" if info else "Not requested"),
            }
        )
    return rows


def contact_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    from opencsc.casework.models import CINEpisode

    contact = contact_for_user(request.user, pk)
    record_view(request, contact.child, f"Contact {contact.pk}")
    # One query for the checklist and the missing list.
    prefetch_related_objects(
        [contact],
        Prefetch("information", queryset=ContactInformation.objects.select_related("recorded_by")),
    )
    return render(
        request,
        "frontdoor/contact_detail.html",
        {
            "contact": contact,
            "child": contact.child,
            "overdue": not contact.is_decided and contact.decision_due_at < timezone.now(),
            "checklist": checklist(contact),
            "missing": agency_labels(contact_missing_information(contact)),
            "siblings": contact_siblings(request.user, contact),
            "episode": CINEpisode.objects.filter(contact=contact).first(),
            "early_help": EarlyHelpEpisode.objects.filter(contact=contact).first(),
        },
    )


def contact_information(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    contact = contact_for_user(request.user, pk, write=True)
    record_view(request, contact.child, f"Contact {contact.pk}: information from partners")
    action = request.POST.get("action") if request.method == "POST" else None
    ask = InformationRequestForm(request.POST if action == REQUEST else None, prefix=REQUEST)
    answer = InformationReceiveForm(request.POST if action == RECEIVE else None, prefix=RECEIVE)
    done = ""
    if action == REQUEST and ask.is_valid():
        try:
            requested = contact_information_request(
                actor=request.user,
                contact=contact,
                agency=ask.cleaned_data["agency"],
                requested_at=ask.cleaned_data["requested_at"],
            )
            done = f"Information requested from {requested.get_agency_display().lower()}"
        except ValidationError as exc:
            add_service_errors(ask, exc)
    elif action == RECEIVE and answer.is_valid():
        data = answer.cleaned_data
        try:
            # Information that arrives unasked (or asked outside OpenCSC) is requested and
            # received at once; both or neither.
            with transaction.atomic():
                info = ContactInformation.objects.filter(
                    contact=contact, agency=data["agency"]
                ).first()
                if info is None:
                    info = contact_information_request(
                        actor=request.user,
                        contact=contact,
                        agency=data["agency"],
                        requested_at=data["received_at"],
                    )
                contact_information_receive(
                    actor=request.user,
                    information=info,
                    summary=data["summary"],
                    received_at=data["received_at"],
                )
            done = f"Information from {info.get_agency_display().lower()} recorded"
        except ValidationError as exc:
            add_service_errors(answer, exc)
    if done:
        messages.success(request, done)
        return redirect("frontdoor:contact-information", pk=contact.pk)
    return render(
        request,
        "frontdoor/contact_information.html",
        {
            "contact": contact,
            "child": contact.child,
            "checklist": checklist(contact),
            "missing": agency_labels(contact_missing_information(contact)),
            "ask": ask,
            "answer": answer,
        },
    )


def contact_handover(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    contact = contact_for_user(request.user, pk, write=True)
    record_view(request, contact.child, f"Contact {contact.pk}: handover")
    if not contact.out_of_hours or contact.handover_at is not None:
        messages.info(
            request,
            "This contact was already handed over"
            if contact.handover_at
            else "Only contacts taken out of hours are handed over",
        )
        return redirect("frontdoor:contact-detail", pk=contact.pk)
    form = HandoverForm(
        request.POST if request.method == "POST" else None,
        initial={"handover_at": timezone.now().replace(second=0, microsecond=0)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_handover(actor=request.user, contact=contact, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Contact handed over to daytime services")
            return redirect("frontdoor:contact-detail", pk=contact.pk)
    return render(
        request,
        "frontdoor/contact_handover.html",
        {"contact": contact, "child": contact.child, "form": form},
    )
