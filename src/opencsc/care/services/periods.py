"""Starting and ending a period of care (Children Act 1989 ss.20-22; 903 Episodes).

A period sits in the child's open child in need episode. The first episode is RNE S; the
period ends with its last episode, whose REC says why. Ending it closes the child in need
episode the same day when the two returns must agree (CIN_CLOSURE_FOR_REC, or the young
person turning 18), so the CIN census and the 903 tell one story.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from opencsc.care.codes import (
    CIN_CLOSURE_FOR_REC,
    FOSTER_PLACEMENTS,
    PreviousPermanence,
    ReasonEpisodeCeased,
)
from opencsc.care.models import CareEpisode, CarePeriod
from opencsc.care.services._common import (
    Details,
    birthday,
    details_errors,
    lock_child,
    long_date,
    today,
)
from opencsc.care.services.limits import ending_errors
from opencsc.core.codes import ReasonForClosure

if TYPE_CHECKING:
    from opencsc.accounts.models import User
    from opencsc.people.models import Person

# 903 rule 353: no episode starts before the Children Act 1989 came into force.
EARLIEST = dt.date(1991, 10, 14)
#: 903 rule 633: the authority codes (and out-of-England codes) LA_PERM may take.
_LA_PERM = (
    "800,889,822,301,304,303,330,825,837,302,846,370,350,890,867,380,305,801,351,873,823,"
    "895,896,381,909,202,908,331,306,841,830,831,878,371,835,332,840,307,308,811,881,845,"
    "390,916,203,876,850,311,204,884,312,205,313,805,919,310,309,420,921,206,207,886,810,"
    "382,314,340,888,208,856,383,855,209,925,341,201,821,352,806,887,826,315,929,812,391,"
    "926,892,813,802,928,891,392,316,815,353,931,879,836,851,874,807,354,317,870,318,372,"
    "857,333,935,343,803,373,342,893,356,355,871,394,334,933,882,936,861,852,319,860,808,"
    "393,866,210,357,894,883,880,358,211,937,869,320,359,865,384,335,336,212,868,872,885,"
    "344,877,213,938,816,999,WAL,SCO,NUK,NIR"
)
LA_PERM_CODES = frozenset(_LA_PERM.split(","))


def _permanence_errors(
    code: str, on: dt.date | None, la: str, start_date: dt.date
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if code not in PreviousPermanence.values:
        errors["previous_permanence"] = (
            "Select whether the child had an adoption, special guardianship or child "
            "arrangements order before (903 rule 631)"
        )
    elif code == "Z1":
        if on is not None or la:
            # 903 rule 635: no order date or authority when no order is known.
            errors["previous_permanence_date"] = (
                "Leave the date and authority empty when no previous order is known (903 rule 635)"
            )
    else:
        # 903 rules 630, 632, 633: the order's date, before this period, and where.
        if on is None:
            errors["previous_permanence_date"] = (
                "Enter the date of the previous order (903 rule 630)"
            )
        elif on >= start_date:
            errors["previous_permanence_date"] = (
                "The previous order must be dated before the child started to be looked "
                "after (903 rule 632)"
            )
        if la not in LA_PERM_CODES:
            errors["previous_permanence_la"] = (
                "Enter the code of the authority that arranged the previous order, like 895, "
                "or WAL, SCO, NIR or NUK outside England (903 rule 633)"
            )
    return errors


@transaction.atomic
def period_start(  # noqa: C901 - one branch per rule
    *,
    actor: User,
    child: Person,
    start_date: dt.date,
    legal_status: str,
    placement: str,
    provider: str,
    carer: str,
    placement_postcode: str = "",
    urn: str = "",
    category_of_need: str | None = None,
    home_postcode: str = "",
    previous_permanence: str = "",
    previous_permanence_date: dt.date | None = None,
    previous_permanence_la: str = "",
) -> CarePeriod:
    """The child starts to be looked after: a period of care and its first episode (S)."""
    from opencsc.casework.models import CINEpisode

    lock_child(child)
    if start_date is None:
        raise ValidationError({"start_date": "Enter the date the child started to be looked after"})
    errors: dict[str, str] = {}
    if start_date > today():
        errors["start_date"] = "The start date must be today or in the past"
    elif start_date < EARLIEST:
        errors["start_date"] = "The start date must be on or after 14 October 1991 (903 rule 353)"
    elif child.date_of_birth is not None and start_date < child.date_of_birth:
        errors["start_date"] = (
            "The start date must be on or after the child's date of birth (903 rule 302)"
        )
    elif child.date_of_death is not None and start_date > child.date_of_death:
        errors["start_date"] = f"{child.full_name} died on {long_date(child.date_of_death)}"
    eighteen = birthday(child, 18)
    if eighteen is not None and start_date >= eighteen and "start_date" not in errors:
        # 903 rule 352: nobody starts to be looked after at 18 or over.
        errors["start_date"] = (
            f"{child.full_name} was 18 on {long_date(eighteen)}: a young person cannot start "
            "to be looked after at 18 or over (903 rule 352)"
        )
    if errors:
        raise ValidationError(errors)

    if CarePeriod.objects.filter(child=child, end_date__isnull=True).exists():
        raise ValidationError(f"{child.full_name} is already looked after: record a change instead")
    last = CarePeriod.objects.filter(child=child).order_by("-start_date").first()
    if last is not None:
        if last.end_reason in {"E11", "E12"} and last.end_date is not None:
            # 903 rule 199: an adopted child who comes back into care is a new record.
            raise ValidationError(
                f"{child.full_name} was adopted from care on {long_date(last.end_date)}. A child "
                "who returns to care after adoption is recorded on a new record, with the "
                "previous permanence 'Adoption' (903 rule 199)"
            )
        if last.end_reason in {"E2", "E15"}:
            # 903 rule 437: nothing follows death or an age assessment finding 18 or over.
            raise ValidationError(
                f"{child.full_name}'s last period of care ended "
                f"'{ReasonEpisodeCeased(last.end_reason).label}': no period can follow it "
                "(903 rule 437)"
            )
        if last.end_date is not None and start_date <= last.end_date:
            # 903 rules 142, 431, 501: periods never overlap, and a new one starts the day
            # after the last one ended at the earliest.
            raise ValidationError(
                {
                    "start_date": "The start date must be after "
                    f"{long_date(last.end_date)}, the day the last period of care ended "
                    "(903 rules 431, 501)"
                }
            )
    episode = (
        CINEpisode.objects.filter(
            child=child, closure_date__isnull=True, referral_date__lte=start_date
        )
        .order_by("-referral_date")
        .first()
    )
    if episode is None:
        raise ValidationError(
            {
                "start_date": f"{child.full_name} has no child in need episode open on "
                f"{long_date(start_date)}: record the referral first, as a child looked after "
                "is a child in need"
            }
        )

    category = category_of_need or episode.primary_need
    if category in {"", "N0", "N9"}:
        errors["category_of_need"] = "Select the child's category of need (903 rule 145)"
    home = home_postcode if home_postcode else child.postcode
    details = Details(
        legal_status=legal_status,
        placement=placement,
        provider=provider,
        carer=carer,
        placement_postcode=placement_postcode,
        urn=urn,
        home_postcode="" if legal_status in {"V3", "V4"} else home,
    ).cleaned()
    errors.update(details_errors(details, child=child, on=start_date))
    if details.placement in {"T0", "T1", "T2", "T3", "T4"}:
        # 903 rule 380: a period of care does not start in a temporary placement.
        errors.setdefault(
            "placement",
            "A period of care cannot start in a temporary placement: record the child's "
            "usual placement (903 rule 380)",
        )
    other_break = {"V3": "V4", "V4": "V3"}.get(details.legal_status)
    if other_break and CareEpisode.objects.filter(child=child, legal_status=other_break).exists():
        # 903 rule 426: short breaks are recorded one way (V3 episodes or V4 agreements).
        errors.setdefault(
            "legal_status",
            f"{child.full_name}'s short breaks are recorded as {other_break}: record them "
            "the same way (903 rule 426)",
        )
    if details.legal_status == "V3":
        errors.update(_short_break_year_errors(child, start_date))
    prev = (previous_permanence or "Z1").strip().upper()
    errors.update(
        _permanence_errors(
            prev,
            previous_permanence_date,
            (previous_permanence_la or "").strip().upper(),
            start_date,
        )
    )
    if errors:
        raise ValidationError(errors)

    period = CarePeriod.objects.create(
        child=child,
        episode=episode,
        start_date=start_date,
        previous_permanence=prev,
        previous_permanence_date=previous_permanence_date if prev != "Z1" else None,
        previous_permanence_la=(previous_permanence_la or "").strip().upper()
        if prev != "Z1"
        else "",
        recorded_by=actor,
    )
    first = CareEpisode(
        period=period,
        child=child,
        start_date=start_date,
        reason_new_episode="S",  # 903 rule 357: the first episode of a period
        category_of_need=category,
        recorded_by=actor,
    )
    details.apply(first)
    first.save()
    return period


def _short_break_year_errors(child: Person, on: dt.date, days: int = 0) -> dict[str, str]:
    """903 rule 367: at most 75 days of V3 short breaks in any 12 months."""
    since = on - dt.timedelta(days=365)
    used = 0
    for start, end in CareEpisode.objects.filter(
        child=child, legal_status="V3", end_date__gt=since
    ).values_list("start_date", "end_date"):
        if end is not None:
            used += (end - max(start, since)).days
    if used + days > 75:
        return {
            "legal_status": f"{child.full_name} has had {used} days of short breaks in the "
            "last 12 months: the most is 75 (903 rule 367)"
        }
    return {}


@transaction.atomic
def period_end(
    *,
    actor: User,
    period: CarePeriod,
    end_date: dt.date,
    reason: str,
    close_cin_episode: bool | None = None,
) -> CarePeriod:
    """The child stops being looked after: the open episode ends with ``reason``."""
    from opencsc.casework.episodes import episode_close
    from opencsc.casework.models import CINEpisode

    child = period.child
    lock_child(child)
    period.refresh_from_db()
    if period.end_date is not None:
        raise ValidationError(f"This period of care already ended on {long_date(period.end_date)}")
    current = CareEpisode.objects.get(period=period, end_date__isnull=True)
    errors: dict[str, str] = {}
    if reason not in ReasonEpisodeCeased.values or reason == "X1":
        errors["reason"] = "Select why the child stopped being looked after (903 rule 149)"
    if end_date is None:
        errors["end_date"] = "Enter the date the child stopped being looked after"
    elif end_date > today():
        errors["end_date"] = "The end date must be today or in the past"
    elif end_date <= current.start_date:
        # 903 rules 355, 356: an episode lasts at least a day.
        errors["end_date"] = (
            f"The end date must be after {long_date(current.start_date)}, when the current "
            "episode began: an episode lasts at least a day (903 rule 355)"
        )
    if errors:
        raise ValidationError(errors)

    errors.update(ending_errors(current, child=child, on=end_date, ends_period=True))
    errors.update(_reason_errors(period, current, child=child, reason=reason, end_date=end_date))
    if current.legal_status == "V3":
        errors.update(
            _short_break_year_errors(child, end_date, (end_date - current.start_date).days)
        )
    if errors:
        raise ValidationError(errors)

    CareEpisode.objects.filter(pk=current.pk).update(end_date=end_date, end_reason=reason)
    period.end_date = end_date
    period.end_reason = reason
    period.version += 1
    period.save(update_fields=["end_date", "end_reason", "version"])

    eighteen = birthday(child, 18)
    adult = eighteen is not None and end_date >= eighteen
    closure = CIN_CLOSURE_FOR_REC.get(reason) or (
        ReasonForClosure.SERVICES_CEASED.value if adult or close_cin_episode else None
    )
    if close_cin_episode is False or closure is None:
        return period
    episode = CINEpisode.objects.get(pk=period.episode_id)
    if episode.closure_date is None:
        # The CIN census and the 903 agree: the case closes the day care ends.
        episode_close(
            actor=actor,
            episode=episode,
            expected_version=episode.version,
            closure_date=end_date,
            reason=closure,
        )
    return period


def _reason_errors(  # noqa: C901 - one branch per reason
    period: CarePeriod, current: CareEpisode, *, child: Person, reason: str, end_date: dt.date
) -> dict[str, str]:
    errors: dict[str, str] = {}
    label = ReasonEpisodeCeased(reason).label

    def at_least(years: int, rule: str) -> None:
        turns = birthday(child, years)
        if turns is not None and end_date < turns:
            errors["reason"] = (
                f"'{label}' is for young people aged {years} or over (903 rule {rule})"
            )

    def under(years: int, rule: str, *, strictly_after: bool = False) -> None:
        turns = birthday(child, years)
        if turns is not None and (end_date > turns if strictly_after else end_date >= turns):
            errors["reason"] = f"'{label}' is for children under {years} (903 rule {rule})"

    died = child.date_of_death
    if reason == "E2":
        if died is None:
            errors["reason"] = (
                "Record the child's date of death on their record before ending the period "
                "with 'Died'"
            )
        elif end_date != died:
            errors["end_date"] = (
                f"A period of care ends on the day the child died, {long_date(died)}"
            )
    elif died is not None and end_date >= died:
        errors["reason"] = f"{child.full_name} died on {long_date(died)}: choose 'Died'"
    if reason in {"E11", "E12"}:
        under(18, "386")
        if current.placement not in {"A3", "A4", "A5", "A6"}:
            errors["reason"] = (
                "A child is adopted from a placement for adoption: record the placement for "
                "adoption first (903 rule 390)"
            )
        else:
            from opencsc.adoption.models import AdoptionPlan

            order_on = (
                AdoptionPlan.objects.filter(period=period, adoption_order_on__isnull=False)
                .values_list("adoption_order_on", flat=True)
                .first()
            )
            if order_on is None:
                errors["reason"] = "Record the adoption order on the adoption plan first"
            elif order_on != end_date:
                errors["end_date"] = (
                    f"The period ends on the day of the adoption order, {long_date(order_on)}"
                )
    elif reason in {"E45", "E46", "E47", "E48"}:
        under(18, "407", strictly_after=True)
        if reason in {"E45", "E46"} and current.placement not in FOSTER_PLACEMENTS:
            errors["reason"] = (
                "A special guardianship order to former foster carers needs the child to be in "
                "a foster placement: choose E47 or E48 (903 rule 516)"
            )
    elif reason in {"E5", "E6"}:
        at_least(14, "387")
    elif reason == "E7":
        at_least(16, "389")
    elif reason == "E17":
        at_least(18, "460")
    return errors
