"""A change of legal status or placement during a period of care: the open episode ends
(REC X1) and the next begins the same day, with the reason for the new episode worked out
from what changed (903 rules 431-436), never typed.

    legal status only                          -> L
    placement, new carer                       -> P
    placement, same carer                      -> T
    legal status and placement, new carer      -> B
    legal status and placement, same carer     -> U

"Placement" is what rules 434-436 compare: the placement type, the provider, the
placement's postcode and its URN. An episode never starts and ends the same day (903 rule
355): a second change on the day an episode began is folded into that episode instead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from opencsc.care.codes import (
    ADOPTION_PLACEMENTS,
    FOSTER_PLACEMENTS,
    TEMPORARY_PLACEMENTS,
    ReasonPlacementChange,
)
from opencsc.care.models import CareEpisode, CarePeriod
from opencsc.care.services._common import (
    NO_PROVIDER,
    NO_URN,
    SHORT_BREAKS,
    Details,
    birthday,
    details_errors,
    lock_child,
    long_date,
    same_carer,
    today,
)
from opencsc.care.services.limits import ending_errors

if TYPE_CHECKING:
    from opencsc.accounts.models import User
    from opencsc.people.models import Person


def reason_new_episode(before: Details, after: Details) -> str | None:
    """The 903 RNE for moving from ``before`` to ``after``; None when nothing changed
    that starts an episode (903 rules 434-436)."""
    status = before.legal_status != after.legal_status
    placement = before.placement_fields() != after.placement_fields()
    new_carer = not same_carer(before.carer, after.carer)
    if status and placement:
        return "B" if new_carer else "U"
    if placement:
        return "P" if new_carer else "T"
    if status:
        return "L"
    return None


def _new_details(
    defaults: Details,
    *,
    legal_status: str | None,
    placement: str | None,
    provider: str | None,
    carer: str | None,
    placement_postcode: str | None,
    urn: str | None,
) -> Details:
    place = (placement or defaults.placement).strip().upper()
    new = replace(
        defaults,
        legal_status=legal_status if legal_status is not None else defaults.legal_status,
        placement=place,
        # A placement that has no provider or URN drops the old one rather than carry it.
        provider=provider
        if provider is not None
        else ("" if place in NO_PROVIDER else defaults.provider),
        carer=carer if carer is not None else defaults.carer,
        placement_postcode=(
            placement_postcode if placement_postcode is not None else defaults.placement_postcode
        ),
        urn=urn if urn is not None else ("" if place in NO_URN else defaults.urn),
    ).cleaned()
    if new.legal_status in SHORT_BREAKS:
        new = replace(new, home_postcode="")
    return new


def _sequence_errors(  # noqa: C901 - one branch per 903 rule
    *,
    child: Person,
    base: CareEpisode,
    before_base: CareEpisode | None,
    new: Details,
    rne: str,
    reason: str,
) -> dict[str, str]:
    """The 903 rules on what may follow ``base``."""
    errors: dict[str, str] = {}
    old = Details.of(base)
    if new.legal_status == "V3" and old.legal_status != "V3":
        # 903 rule 366: a V3 short break is a period of its own (RNE S).
        errors["legal_status"] = (
            "A short break (V3) is recorded as a period of care of its own: end this period "
            "and start one for the break (903 rule 366)"
        )
    if (
        new.legal_status == "V4"
        and old.legal_status != "V4"
        and CareEpisode.objects.filter(child=child, legal_status="V3").exists()
    ):
        errors["legal_status"] = (
            f"{child.full_name}'s short breaks are recorded as V3: record them the same "
            "way (903 rule 426)"
        )
    if base.placement in TEMPORARY_PLACEMENTS:
        usual = Details.of(before_base) if before_base is not None else None
        if (
            usual is None
            or rne != "P"
            or new.placement != usual.placement
            or new.placement_postcode != usual.placement_postcode
        ):
            # 903 rule 383 (2025-26): after a temporary placement the child returns to the
            # placement they came from, with no other change.
            where = (
                f"'{usual.placement}' at {usual.placement_postcode or 'the same address'}"
                if usual
                else "their usual placement"
            )
            errors["placement"] = (
                "After a temporary placement the child goes back to their usual placement "
                f"({where}) with no change of legal status: record the return first, then any "
                "other change from the next day (903 rule 383)"
            )
    elif new.placement in TEMPORARY_PLACEMENTS and rne not in {"P", "B"}:
        # 903 rule 380: a temporary placement is with someone other than the usual carer.
        errors["carer"] = (
            "A temporary placement is with someone other than the child's usual carer: enter "
            "who the child is staying with (903 rule 380)"
        )
    if new.placement in {"A3", "A5"} and rne not in {"T", "U"}:
        # 903 rule 217: placed for adoption with the current foster carer keeps the carer.
        errors["carer"] = (
            "Placed for adoption with the current foster carer means the carer stays the same "
            "(903 rule 217): choose a placement 'not with current foster carer' otherwise"
        )
    if (
        new.placement in {"A3", "A4"}
        and new.placement != base.placement
        and base.placement not in FOSTER_PLACEMENTS | ADOPTION_PLACEMENTS
    ):
        # 903 rule 336: placed for adoption with consent from a foster placement.
        errors["placement"] = (
            "A child placed for adoption with consent comes from a foster placement (903 rule 336)"
        )
    if rne in {"P", "B", "T", "U"} and needs_reason(base.placement, new.placement):
        if not reason:
            errors["reason_place_change"] = "Select why the child moved (903 rule 225)"
        elif reason not in ReasonPlacementChange.values:
            errors["reason_place_change"] = "Select why the child moved (903 rule 1009)"
        elif reason == "CUSTOD":
            ten = birthday(child, 10)
            if ten is not None and base.start_date < ten:
                errors["reason_place_change"] = (
                    "A child under 10 is not taken into custody (903 rule 234)"
                )
    return errors


def needs_reason(old_place: str, new_place: str) -> bool:
    """903 rules 225, 226: a move records why, except into or out of a temporary
    placement."""
    return old_place not in TEMPORARY_PLACEMENTS and new_place not in TEMPORARY_PLACEMENTS


@transaction.atomic
def care_change(  # noqa: C901 - the same-day cases are spelled out
    *,
    actor: User,
    period: CarePeriod,
    on: dt.date,
    legal_status: str | None = None,
    placement: str | None = None,
    provider: str | None = None,
    carer: str | None = None,
    placement_postcode: str | None = None,
    urn: str | None = None,
    reason_place_change: str = "",
) -> CareEpisode:
    """Record a change of legal status and/or placement on ``on``; returns the episode
    open afterwards."""
    child = period.child
    lock_child(child)
    period.refresh_from_db()
    if period.end_date is not None:
        raise ValidationError(f"This period of care ended on {long_date(period.end_date)}")
    if on is None:
        raise ValidationError({"on": "Enter the date of the change"})
    if on > today():
        raise ValidationError({"on": "The date of the change must be today or in the past"})
    if child.date_of_death is not None and on > child.date_of_death:
        raise ValidationError({"on": f"{child.full_name} died on {long_date(child.date_of_death)}"})
    episodes = list(CareEpisode.objects.filter(period=period).order_by("start_date", "pk"))
    current = episodes[-1]
    if on < current.start_date:
        # 903 rules 142, 501: episodes never overlap; a change is recorded in order.
        raise ValidationError(
            {
                "on": "The date of the change must be on or after "
                f"{long_date(current.start_date)}, when the current episode began (903 rule 501)"
            }
        )
    if current.legal_status == "V3":
        # 903 rule 366: nothing changes during a short break.
        raise ValidationError(
            "A child's placement or legal status does not change during a short break: end "
            "the break and start a new period (903 rule 366)"
        )
    reason = (reason_place_change or "").strip().upper()
    same_day = on == current.start_date

    if same_day and len(episodes) == 1:
        # The period began today: correct its first episode (RNE stays S).
        new = _new_details(
            Details.of(current),
            legal_status=legal_status,
            placement=placement,
            provider=provider,
            carer=carer,
            placement_postcode=placement_postcode,
            urn=urn,
        )
        if new == Details.of(current):
            raise ValidationError("Nothing has changed: change the legal status or the placement")
        errors = details_errors(new, child=child, on=on)
        if new.placement in TEMPORARY_PLACEMENTS:
            errors.setdefault(
                "placement", "A period of care cannot start in a temporary placement (903 rule 380)"
            )
        if errors:
            raise ValidationError(errors)
        new.apply(current)
        current.version += 1
        current.save()
        return current

    if same_day:
        # A second change on the day: measured against the episode that ended today.
        base, before_base, defaults = (
            episodes[-2],
            (episodes[-3] if len(episodes) > 2 else None),
            Details.of(current),
        )
    else:
        base = current
        before_base = episodes[-2] if len(episodes) > 1 else None
        # Back from a temporary placement, the child's usual placement is the default.
        defaults = Details.of(
            before_base
            if current.placement in TEMPORARY_PLACEMENTS and before_base is not None
            else current
        )
        defaults = replace(
            defaults, legal_status=current.legal_status, home_postcode=current.home_postcode
        )
    new = _new_details(
        defaults,
        legal_status=legal_status,
        placement=placement,
        provider=provider,
        carer=carer,
        placement_postcode=placement_postcode,
        urn=urn,
    )
    if same_day and not reason:
        # The move recorded earlier today keeps the reason it was given.
        reason = base.reason_place_change
    rne = reason_new_episode(Details.of(base), new)
    if rne is None:
        if same_day:
            # Today's changes cancel out: the episode that ended today simply continues.
            current.delete()
            CareEpisode.objects.filter(pk=base.pk).update(
                end_date=None, end_reason="", reason_place_change="", version=base.version + 1
            )
            base.refresh_from_db()
            return base
        if not same_carer(base.carer, new.carer):
            raise ValidationError(
                {
                    "carer": "A new carer means a new placement: enter the new placement's "
                    "postcode and details (903 rules 434, 435)"
                }
            )
        raise ValidationError("Nothing has changed: change the legal status or the placement")

    errors = details_errors(new, child=child, on=on)
    for field, message in _sequence_errors(
        child=child, base=base, before_base=before_base, new=new, rne=rne, reason=reason
    ).items():
        errors.setdefault(field, message)
    if not same_day:
        for field, message in ending_errors(current, child=child, on=on, ends_period=False).items():
            errors.setdefault(field, message)
    if errors:
        raise ValidationError(errors)
    stored_reason = (
        reason
        if rne in {"P", "B", "T", "U"} and needs_reason(base.placement, new.placement)
        else ""
    )

    if same_day:
        CareEpisode.objects.filter(pk=base.pk).update(reason_place_change=stored_reason)
        new.apply(current)
        current.reason_new_episode = rne
        current.version += 1
        current.save()
        return current
    CareEpisode.objects.filter(pk=current.pk).update(
        end_date=on, end_reason="X1", reason_place_change=stored_reason, version=current.version + 1
    )
    episode = CareEpisode(
        period=period,
        child=child,
        start_date=on,
        reason_new_episode=rne,
        # 903 rule 504: the category of need stays as it was when the period began.
        category_of_need=current.category_of_need,
        recorded_by=actor,
    )
    new.apply(episode)
    episode.save()
    return episode
