"""Emergency legal powers: police protection and emergency protection orders."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from opencsc.protection.models import EmergencyPower, EmergencyPowerKind
from opencsc.protection.services._common import clean_text, format_date, today

if TYPE_CHECKING:
    from opencsc.accounts.models import User
    from opencsc.people.models import Person

# Children Act 1989 s46(6): police protection lasts at most 72 hours.
POLICE_PROTECTION_MAX_DAYS = 3
# Children Act 1989 s45(1), (5)-(6): an EPO lasts up to 8 days, extended once by up to 7.
EPO_MAX_DAYS = 15
MAX_DAYS = {
    EmergencyPowerKind.POLICE_PROTECTION: (POLICE_PROTECTION_MAX_DAYS, "72 hours (s46(6))"),
    EmergencyPowerKind.EPO: (EPO_MAX_DAYS, "8 days, extended once by up to 7 (s45)"),
}


@transaction.atomic
def emergency_power_record(
    *,
    actor: User,
    child: Person,
    kind: str,
    start_date: dt.date,
    end_date: dt.date | None = None,
    notes: str = "",
) -> EmergencyPower:
    """Record police protection or an emergency protection order, with its dates (Annex A
    list 7 asks whether either was used in the last six months)."""
    errors: dict[str, str] = {}
    if kind not in EmergencyPowerKind.values:
        errors["kind"] = "Select the emergency power used"
    if not isinstance(start_date, dt.date):
        errors["start_date"] = "Enter the date it started"
    elif start_date > today():
        errors["start_date"] = "Date it started must be today or in the past"
    elif child.date_of_birth and start_date < child.date_of_birth:
        errors["start_date"] = (
            "Date it started must be the same as or after the child's date of birth "
            f"({format_date(child.date_of_birth)})"
        )
    if end_date is not None and isinstance(start_date, dt.date) and "start_date" not in errors:
        if end_date < start_date:
            errors["end_date"] = "Date it ended must be the same as or after the date it started"
        elif kind in MAX_DAYS and (end_date - start_date).days > MAX_DAYS[kind][0]:  # type: ignore[index]
            days, law = MAX_DAYS[kind]  # type: ignore[index]
            label = EmergencyPowerKind(kind).label.split(" (")[0]
            errors["end_date"] = (
                f"{label} lasts at most {law} under the Children Act 1989: the date it "
                f"ended must be no more than {days} days after it started"
            )
    if errors:
        raise ValidationError(errors)
    return EmergencyPower.objects.create(
        child=child,
        kind=kind,
        start_date=start_date,
        end_date=end_date,
        notes=clean_text(notes),
        recorded_by=actor,
    )
