"""Reads at the front door, scoped by the access rules: a contact or early help episode is
reachable only if its child is (``opencsc.accounts.access.children_visible_to``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from opencsc.accounts.access import can_write_casework, children_visible_to
from opencsc.accounts.models import TeamKind
from opencsc.core.working_days import effective_received_date, working_days_between
from opencsc.frontdoor.models import Contact, ContactStatus, EarlyHelpEpisode
from opencsc.frontdoor.services import agency_labels, contact_missing_information

if TYPE_CHECKING:
    from opencsc.accounts.models import Team, User


def contacts_visible_to(user: User) -> QuerySet[Contact]:
    return Contact.objects.filter(child__in=children_visible_to(user).values("pk"))


def contact_for_user(user: User, contact_id: int, *, write: bool = False) -> Contact:
    """One contact, or 404 for missing and not-yours alike (as ``child_for_user``)."""
    if write and not can_write_casework(user):
        raise Http404("No such record")
    contact = (
        contacts_visible_to(user)
        .select_related("child", "team", "taken_by", "decided_by")
        .filter(pk=contact_id)
        .first()
    )
    if contact is None:
        raise Http404("No such record")
    return contact


def contact_siblings(user: User, contact: Contact) -> list[Contact]:
    """The other contacts made together with this one (same ``group_ref``) that ``user``
    may see: a restricted sibling stays invisible, even as a name."""
    return list(
        contacts_visible_to(user)
        .filter(group_ref=contact.group_ref)
        .exclude(pk=contact.pk)
        .select_related("child")
        .order_by("child__last_name", "child__first_name")
    )


def earlyhelp_for_user(user: User, episode_id: int, *, write: bool = False) -> EarlyHelpEpisode:
    if write and not can_write_casework(user):
        raise Http404("No such record")
    episode = (
        EarlyHelpEpisode.objects.filter(child__in=children_visible_to(user).values("pk"))
        .select_related("child", "contact", "stepped_down_from", "stepped_up_to")
        .filter(pk=episode_id)
        .first()
    )
    if episode is None:
        raise Http404("No such record")
    return episode


@dataclass
class AwaitingContact:
    """A contact on the front door worklist, with its clock."""

    contact: Contact
    missing: list[str] = field(default_factory=list)  # agency labels still outstanding
    age_hours: int = 0
    age_working_days: int = 0
    overdue: bool = False
    due_today: bool = False


def front_door_teams() -> QuerySet[Team]:
    from opencsc.accounts.models import Team

    return Team.objects.filter(kind__in=[TeamKind.FRONT_DOOR, TeamKind.OUT_OF_HOURS]).order_by(
        "name"
    )


def contacts_awaiting_decision(
    user: User, *, team: Team | None = None, now: dt.datetime | None = None
) -> list[AwaitingContact]:
    """Every contact awaiting a decision that ``user`` may see, oldest first, with its age,
    whether it is overdue or due today (WT2023 ch.3: one working day), and the required
    information still missing. Two queries, however many contacts."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    contacts = (
        contacts_visible_to(user)
        .filter(status=ContactStatus.AWAITING_DECISION)
        .select_related("child", "team", "taken_by")
        .prefetch_related("information")
        .order_by("received_at", "pk")
    )
    if team is not None:
        contacts = contacts.filter(team=team)
    day_ends = settings.OPENCSC_WORKING_DAY_ENDS_HOUR
    rows = []
    for contact in contacts:
        received_on = effective_received_date(contact.received_at, day_ends_hour=day_ends)
        overdue = contact.decision_due_at < now
        rows.append(
            AwaitingContact(
                contact=contact,
                missing=agency_labels(contact_missing_information(contact)),
                age_hours=max(0, int((now - contact.received_at).total_seconds() // 3600)),
                age_working_days=max(0, working_days_between(received_on, today)),
                overdue=overdue,
                due_today=not overdue and timezone.localdate(contact.decision_due_at) == today,
            )
        )
    return rows


def contacts_awaiting_handover(user: User, *, team: Team | None = None) -> list[Contact]:
    """Out-of-hours contacts not yet handed over to daytime services, oldest first."""
    contacts = (
        contacts_visible_to(user)
        .filter(out_of_hours=True, handover_at__isnull=True)
        .select_related("child", "team", "taken_by")
        .order_by("received_at", "pk")
    )
    if team is not None:
        contacts = contacts.filter(team=team)
    return list(contacts)
