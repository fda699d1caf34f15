"""Care proceedings, their hearings and the orders the court makes (Children Act 1989
ss.31-38, 91; Adoption and Children Act 2002 ss.21, 29, 46; PD12A).

Orders are recorded here as the court made them, with what they end: an interim order
ends when the application is disposed of (CA 1989 s.38(4)); a care order discharges a
supervision order (s.91(3)); a child arrangements or special guardianship order
discharges a care order (s.91(1), (5A)); an adoption order ends every order about the
child's care (ACA 2002 s.46(2)). A placement order suspends a care order rather than
ending it (ACA 2002 s.29(1)): the care order revives if the placement order is revoked.
The period of care's legal status is the care app's: it is changed there.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q

from opencsc.core.concurrency import StaleEditError, save_versioned
from opencsc.legal.models import (
    CareProceedings,
    CourtOrder,
    Hearing,
    OrderKind,
    PreProceedings,
    PreProceedingsOutcome,
)
from opencsc.legal.services._common import clean_text, format_date, past_date_error, today

if TYPE_CHECKING:
    from opencsc.accounts.models import User
    from opencsc.people.models import Person

K = OrderKind
#: CA 1989 s.38(1): interim orders are made only within proceedings.
INTERIM = frozenset({K.INTERIM_CARE, K.INTERIM_SUPERVISION})
#: Final orders that dispose of an application, so end interim orders (s.38(4)).
FINAL = frozenset({K.CARE, K.PLACEMENT, K.SGO, K.CHILD_ARRANGEMENTS, K.SUPERVISION})
#: What each order ends when it is made, besides interim orders for final orders.
ENDS: dict[str, frozenset[str]] = {
    K.CARE: frozenset({K.SUPERVISION}),  # s.91(3)
    K.SGO: frozenset({K.CARE, K.SUPERVISION}),  # s.91(5A), and the order it replaces
    K.CHILD_ARRANGEMENTS: frozenset({K.CARE}),  # s.91(1)
    K.DISCHARGE: frozenset({K.CARE}),  # s.39(1)
    # ACA 2002 s.46(2): the adoption order ends parental responsibility and every
    # order about the child's care.
    K.ADOPTION: frozenset(OrderKind.values) - {K.ADOPTION, K.DISCHARGE},
}
#: Orders with no lasting effect of their own to end later.
NO_DURATION = frozenset({K.DISCHARGE})
CASE_NUMBER_MAX = 40
COURT_MAX = 120


@transaction.atomic
def proceedings_issue(
    *,
    actor: User,
    child: Person,
    issued_on: dt.date,
    court: str,
    court_case_number: str = "",
    pre_proceedings: PreProceedings | None = None,
) -> CareProceedings:
    """Record the application to court (CourtAppDate). Open pre-proceedings end the same
    day with the outcome "proceedings issued"."""
    court, number = clean_text(court), clean_text(court_case_number)
    errors: dict[str, str] = {}
    if not court:
        errors["court"] = "Enter the court the application was made to"
    elif len(court) > COURT_MAX:
        errors["court"] = f"The court must be {COURT_MAX} characters or fewer"
    if len(number) > CASE_NUMBER_MAX:
        errors["court_case_number"] = (
            f"The case number must be {CASE_NUMBER_MAX} characters or fewer"
        )
    problem = past_date_error(issued_on, "date the application was issued")
    if problem:
        errors["issued_on"] = problem
    elif child.date_of_birth is None or issued_on < child.date_of_birth:
        # CA 1989 s.31: an application is about a child, so not before birth.
        errors["issued_on"] = (
            "Care proceedings can only be issued once the child is born: record the date "
            "of birth first"
            if child.date_of_birth is None
            else "The date of issue must be the same as or after the child's date of birth"
        )
    if CareProceedings.objects.filter(child=child, concluded_on__isnull=True).exists():
        raise ValidationError(
            "Care proceedings are already open for this child: record the hearing or order "
            "in them instead."
        )
    plo = pre_proceedings
    if plo is None:
        plo = PreProceedings.objects.filter(child=child, ended_on__isnull=True).first()
    elif plo.child_id != child.pk:
        errors["pre_proceedings"] = "Those pre-proceedings are another child's"
    if plo is not None and "issued_on" not in errors:
        if plo.ended_on is not None and plo.outcome != PreProceedingsOutcome.PROCEEDINGS:
            errors["pre_proceedings"] = (
                f"Those pre-proceedings ended on {format_date(plo.ended_on)} with another outcome"
            )
        elif issued_on < plo.start_date:
            errors["issued_on"] = (
                "The date of issue must be the same as or after pre-proceedings started "
                f"({format_date(plo.start_date)})"
            )
    if errors:
        raise ValidationError(errors)
    proceedings = CareProceedings.objects.create(
        child=child,
        pre_proceedings=plo,
        issued_on=issued_on,
        court=court,
        court_case_number=number,
        recorded_by=actor,
    )
    if plo is not None and plo.ended_on is None:
        # The step decision is the decision to issue (StepDecisionDate, PPOutcome).
        save_versioned(
            plo,
            expected_version=plo.version,
            fields={"ended_on": issued_on, "outcome": PreProceedingsOutcome.PROCEEDINGS},
        )
    return proceedings


@transaction.atomic
def hearing_record(
    *,
    actor: User,
    proceedings: CareProceedings,
    kind: str,
    held_on: dt.date,
    outcome: str = "",
) -> Hearing:
    """A hearing, past or listed. An outcome is recorded once it has been held."""
    outcome = clean_text(outcome)
    errors: dict[str, str] = {}
    if kind not in Hearing.Kind.values:
        errors["kind"] = "Select the kind of hearing"
    elif (
        kind == Hearing.Kind.FIRST
        and Hearing.objects.filter(proceedings=proceedings, kind=kind).exists()
    ):
        # PD12A stage 1: one case management hearing opens the case.
        errors["kind"] = "The first hearing is already recorded: choose another kind"
    if not isinstance(held_on, dt.date):
        errors["held_on"] = "Enter the date of the hearing"
    elif held_on < proceedings.issued_on:
        errors["held_on"] = (
            "The hearing must be the same as or after the application was issued "
            f"({format_date(proceedings.issued_on)})"
        )
    elif proceedings.concluded_on is not None and held_on > proceedings.concluded_on:
        errors["held_on"] = (
            "The hearing must be the same as or before the proceedings concluded "
            f"({format_date(proceedings.concluded_on)})"
        )
    elif outcome and held_on > today():
        errors["outcome"] = "Record the outcome once the hearing has been held"
    if errors:
        raise ValidationError(errors)
    return Hearing.objects.create(
        proceedings=proceedings, kind=kind, held_on=held_on, outcome=outcome
    )


def _order_errors(
    child: Person,
    kind: str,
    made_on: dt.date,
    proceedings: CareProceedings | None,
    ends_on: dt.date | None,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if kind not in OrderKind.values:
        errors["kind"] = "Select the order the court made"
    problem = past_date_error(made_on, "date the order was made")
    if problem:
        errors["made_on"] = problem
    elif child.date_of_birth is None or made_on < child.date_of_birth:
        errors["made_on"] = "The order must be made on or after the child's date of birth"
    if ends_on is not None and isinstance(made_on, dt.date) and ends_on < made_on:
        errors["ends_on"] = "The date the order ends must be the same as or after it was made"
    if kind in NO_DURATION and ends_on is not None:
        errors["ends_on"] = "A discharge has no end date: leave it empty"
    if errors:
        return errors
    if proceedings is None:
        if kind in INTERIM:
            # CA 1989 s.38(1): interim orders are made only within proceedings.
            errors["proceedings"] = (
                "An interim order is made within care proceedings: record the proceedings first"
            )
        return errors
    if proceedings.child_id != child.pk:
        errors["proceedings"] = "Those proceedings are another child's"
    elif made_on < proceedings.issued_on:
        errors["made_on"] = (
            "The order must be made on or after the application was issued "
            f"({format_date(proceedings.issued_on)})"
        )
    elif proceedings.concluded_on is not None and made_on > proceedings.concluded_on:
        errors["made_on"] = (
            "The order must be made on or before the proceedings concluded "
            f"({format_date(proceedings.concluded_on)})"
        )
    return errors


def _ended_by(kind: str) -> set[str]:
    """The kinds of order a new order of this kind ends."""
    ended = set(ENDS.get(kind, frozenset()))
    if kind in FINAL:
        ended |= INTERIM
    return ended


@transaction.atomic
def order_record(
    *,
    actor: User,
    child: Person,
    kind: str,
    made_on: dt.date,
    proceedings: CareProceedings | None = None,
    ends_on: dt.date | None = None,
) -> CourtOrder:
    """Record an order the court made, and end the orders it replaces. An order made while
    proceedings are open belongs to them unless others are named."""
    if proceedings is None and isinstance(made_on, dt.date):
        proceedings = CareProceedings.objects.filter(
            child=child, concluded_on__isnull=True, issued_on__lte=made_on
        ).first()
    errors = _order_errors(child, kind, made_on, proceedings, ends_on)
    if errors:
        raise ValidationError(errors)
    in_force = CourtOrder.objects.filter(child=child, made_on__lte=made_on).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=made_on)
    )
    if kind not in NO_DURATION and in_force.filter(kind=kind).exists():
        raise ValidationError(
            {"kind": f"A {OrderKind(kind).label.lower()} is already in force for this child"}
        )
    if CourtOrder.objects.filter(child=child, kind=kind, made_on=made_on).exists():
        raise ValidationError({"kind": "This order is already recorded for that day"})
    if kind == K.DISCHARGE and not in_force.filter(kind=K.CARE).exists():
        raise ValidationError({"kind": "There is no care order in force to discharge"})
    ended = _ended_by(kind)
    if ended:
        in_force.filter(kind__in=ended).update(ends_on=made_on)
    # An order recorded late, after one that ended it was made: it ended on that day.
    for later_kind, later_on in (
        CourtOrder.objects.filter(child=child, made_on__gt=made_on)
        .order_by("made_on", "pk")
        .values_list("kind", "made_on")
    ):
        if kind in _ended_by(later_kind) and (ends_on is None or ends_on > later_on):
            ends_on = later_on
            break
    return CourtOrder.objects.create(
        child=child,
        proceedings=proceedings,
        kind=kind,
        made_on=made_on,
        ends_on=ends_on,
        recorded_by=actor,
    )


@transaction.atomic
def proceedings_conclude(
    *,
    actor: User,
    proceedings: CareProceedings,
    expected_version: int,
    concluded_on: dt.date,
) -> CareProceedings:
    """The proceedings end: interim orders made in them end the same day (s.38(4))."""
    current = CareProceedings.objects.annotate(
        last_hearing=Max("hearings__held_on", filter=Q(hearings__held_on__lte=today())),
        last_order=Max("orders__made_on"),
    ).get(pk=proceedings.pk)
    if current.version != expected_version:
        raise StaleEditError(current=current)
    if current.concluded_on is not None:
        raise ValidationError(
            f"These proceedings already concluded on {format_date(current.concluded_on)}."
        )
    problem = past_date_error(concluded_on, "date the proceedings concluded")
    if problem is None:
        for when, what in (
            (current.issued_on, "the application was issued"),
            (current.last_hearing, "the last hearing"),  # type: ignore[attr-defined]
            (current.last_order, "the last order"),  # type: ignore[attr-defined]
        ):
            if when is not None and concluded_on < when:
                problem = (
                    f"The date the proceedings concluded must be the same as or after {what} "
                    f"({format_date(when)})"
                )
                break
    if problem:
        raise ValidationError({"concluded_on": problem})
    CourtOrder.objects.filter(
        proceedings=current, kind__in=INTERIM, made_on__lte=concluded_on
    ).filter(Q(ends_on__isnull=True) | Q(ends_on__gt=concluded_on)).update(ends_on=concluded_on)
    return save_versioned(
        proceedings, expected_version=expected_version, fields={"concluded_on": concluded_on}
    )
