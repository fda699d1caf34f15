"""POST /contacts: a partner agency refers a child electronically.

The child is matched to the record we already hold (by NHS number, or by exact name and
date of birth) so the front door sees the child's history; otherwise a new record is
created through ``people.services.person_create``. The contact itself is recorded by
``frontdoor.services.contact_record``, the same service the front door's own form uses,
so an electronic referral meets the same rules and gets the same decision clock.
Everything happens in one transaction: a refused request saves nothing.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router

from opencsc.api.compat import Status
from opencsc.api.errors import prefixed
from opencsc.api.schemas import ContactChildIn, ContactCreatedOut, ContactIn, ErrorsOut
from opencsc.audit.models import AccessAction
from opencsc.audit.services import access_record
from opencsc.frontdoor.models import ReceivedVia
from opencsc.frontdoor.services import contact_record
from opencsc.people.models import Person
from opencsc.people.services import person_create

router = Router(tags=["contacts"])


def person_match(child: ContactChildIn, nhs_number: str) -> Person | None:
    """The one existing record this child is, or None.

    An NHS number identifies a person outright. Otherwise exact (case-insensitive) name and
    date of birth, among records with no NHS number or the same one: a record with a
    different NHS number is a different child. Several matches are not guessed between:
    a new record is created and the front door's duplicate check offers the merge.
    """
    people = Person.objects.filter(merged_into__isnull=True)
    if nhs_number:
        found = people.filter(nhs_number=nhs_number).first()
        if found:
            return found
    if not child.date_of_birth:
        return None
    candidates = list(
        people.filter(
            first_name__iexact=child.first_name,
            last_name__iexact=child.last_name,
            date_of_birth=child.date_of_birth,
            nhs_number__in=["", nhs_number] if nhs_number else [""],
        ).order_by("pk")[:2]
    )
    return candidates[0] if len(candidates) == 1 else None


def person_for_contact(*, actor, child: ContactChildIn):  # type: ignore[no-untyped-def]
    nhs_number = child.nhs_number  # validated and normalised by the schema
    found = person_match(child, nhs_number)
    if found:
        return found
    try:
        return person_create(
            actor=actor,
            first_name=child.first_name,
            last_name=child.last_name,
            sex=child.sex.value,
            date_of_birth=child.date_of_birth,
            expected_date_of_birth=child.expected_date_of_birth,
            nhs_number=nhs_number,
            postcode=child.postcode,
        )
    except ValidationError as exc:
        raise prefixed(exc, "child.") from exc


@router.post(
    "/contacts",
    url_name="contact-create",
    response={201: ContactCreatedOut, 422: ErrorsOut},
    summary="Record a contact (electronic referral)",
)
def contact_create(request: HttpRequest, payload: ContactIn):
    """Record a contact about a child. Answers 201 with the contact's id and when the front
    door's decision is due, or 422 listing each field in error and what to fix."""
    user = request.auth  # type: ignore[attr-defined]
    # An agency's own account always refers as that agency (CIN census ReferralSource).
    source = user.agency_source or (payload.source.value if payload.source else "")
    if not source:
        raise ValidationError({"source": "Enter the referral source code, for example 3A for a GP"})
    with transaction.atomic():
        child = person_for_contact(actor=user, child=payload.child)
        contact = contact_record(
            actor=user,
            child=child,
            received_at=timezone.now(),
            received_via=ReceivedVia.API,
            source=source,
            referrer_name=payload.referrer_name,
            referrer_organisation=payload.referrer_organisation,
            referrer_phone=payload.referrer_phone,
            referrer_email=payload.referrer_email,
            presenting_concerns=payload.presenting_concerns,
            consent=payload.consent.value,
            consent_notes=payload.consent_notes,
        )
        access_record(
            user=user,
            action=AccessAction.API_WRITE,
            what="contact recorded",
            person=child,
            detail=f"contact {contact.pk}",
            request=request,
        )
    return Status(
        201,
        {
            "contact_id": contact.pk,
            "received_at": contact.received_at,
            "decision_due_at": contact.decision_due_at,
        },
    )
