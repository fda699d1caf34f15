"""Merging a duplicate person record into the record kept.

Two records for one child are a safeguarding risk: half the history is on each. A merge
moves everything that points at the duplicate onto the record kept. The duplicate is
never deleted: it stays, with ``merged_into`` set, so old links and the access log still
resolve, and its name becomes a "merged" alias of the record kept so searches for it
still find the child.

Where both records hold something there may be only one of: an open child in need
episode or open early help episode refuses the merge (close the one opened in error
first); an open allocation on both ends the duplicate's on the day of the merge, since
the team holding the record kept carries on.

Every foreign key to Person is found from the model registry, so a model added by a
later app is merged too without touching this module. Left alone, on purpose:

- the access log (``audit.AccessEvent``): evidence of who saw which record, append-only;
- history events (django-pghistory): what a record looked like at the time;
- earlier merge logs (``PersonMerge``).
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

import pghistory.models
import pgtrigger
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, ForeignObjectRel
from django.utils import timezone

from opencsc.accounts.access import MANAGER_ROLES
from opencsc.core.codes import Disability, Sex
from opencsc.people.models import (
    AliasKind,
    Person,
    PersonAlias,
    PersonDisability,
    PersonMerge,
)

if TYPE_CHECKING:
    from opencsc.accounts.models import User

# What to say when both records hold something there may only be one of.
CONFLICT_MESSAGES = {
    "casework.CINEpisode": (
        "Both records have an open child in need episode. Close the one opened in error "
        "first (CIN census rule 8815: one open episode per child), then merge."
    ),
    "frontdoor.EarlyHelpEpisode": (
        "Both records have an open early help episode. Close one of them first, then merge."
    ),
}

# Open rows the duplicate may hold beside the keeper's: the duplicate's is ended on the day
# of the merge (the keeper's allocation carries on) rather than the merge being refused.
# {model label: date field that ends the row}
END_ON_MERGE = {"casework.Allocation": "end_date"}

# Identity fields the record kept takes from the duplicate when it has none of its own.
_FILL_TEXT = (
    "middle_names",
    "preferred_name",
    "gender_identity",
    "ethnicity",
    "first_language",
    "religion",
    "postcode",
    "restricted_reason",
)


def _excluded(model: type[models.Model]) -> bool:
    from opencsc.audit.models import AccessEvent

    return model is AccessEvent or model is PersonMerge or issubclass(model, pghistory.models.Event)


def person_references() -> list[tuple[type[models.Model], models.ForeignObject]]:
    """Every (model, foreign key) pointing at Person that a merge re-points."""
    found: list[tuple[type[models.Model], models.ForeignObject]] = []
    for rel in Person._meta.get_fields(include_hidden=True):
        # The reverse side of each foreign key (and one-to-one) to Person.
        if not (
            isinstance(rel, ForeignObjectRel)
            and rel.auto_created
            and (rel.one_to_many or rel.one_to_one)
        ):
            continue
        model = rel.field.model  # the model holding the key (what rel.related_model is)
        if _excluded(model):
            continue
        found.append((model, rel.field))
    return found


def _unique_sets(model: type[models.Model], field: models.Field) -> list[tuple[list[str], Any]]:
    """The unique rules on ``model`` that include ``field``: (other field names, condition)."""
    sets: list[tuple[list[str], Any]] = []
    if field.unique:
        sets.append(([], None))
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields:
            names = [model._meta.get_field(n).name for n in constraint.fields]
            if field.name in names:
                sets.append(([n for n in names if n != field.name], constraint.condition))
    for together in model._meta.unique_together:
        if field.name in together:
            sets.append(([n for n in together if n != field.name], None))
    return sets


def _collisions(model, field, keep: Person, duplicate: Person) -> tuple[set[int], set[int]]:
    """Rows of the duplicate that would break a unique rule on the record kept.

    Returns (same facts: leave them on the duplicate, conflicting open things: refuse).
    """
    same: set[int] = set()
    conflicts: set[int] = set()
    manager = model._default_manager
    for others, condition in _unique_sets(model, field):
        kept = manager.filter(**{field.name: keep})
        dup = manager.filter(**{field.name: duplicate})
        if condition is not None:
            kept, dup = kept.filter(condition), dup.filter(condition)
        fields = [model._meta.get_field(n).attname for n in others]
        if fields:
            kept_keys = {tuple(r) for r in kept.values_list(*fields)}
            hits = {
                r[0]
                for r in dup.values_list("pk", *fields)
                if None not in r[1:] and tuple(r[1:]) in kept_keys
            }
        else:
            hits = set(dup.values_list("pk", flat=True)) if kept.exists() else set()
        # An unconditional rule ("each disability once") means the keeper already has the
        # same fact; a conditional one ("one open episode") means two live things clash.
        (conflicts if condition is not None else same).update(hits)
    return same, conflicts


def _other_person_fields(model, field) -> list[str]:
    return [
        f.attname
        for f in model._meta.concrete_fields
        if f.is_relation and f.related_model is Person and f.name != field.name
    ]


def _fill_from_duplicate(keep: Person, duplicate: Person) -> dict[str, Any]:
    """Identity the record kept lacks and the duplicate has; nothing it has is overwritten."""
    filled: dict[str, Any] = {}
    for name in _FILL_TEXT:
        if not getattr(keep, name) and getattr(duplicate, name):
            filled[name] = getattr(duplicate, name)
    if keep.sex == Sex.UNKNOWN and duplicate.sex != Sex.UNKNOWN and not keep.is_unborn:
        filled["sex"] = duplicate.sex
    if keep.date_of_birth is None and keep.expected_date_of_birth is None:
        if duplicate.date_of_birth:
            filled["date_of_birth"] = duplicate.date_of_birth
        elif duplicate.expected_date_of_birth:
            filled["expected_date_of_birth"] = duplicate.expected_date_of_birth
    born = keep.date_of_birth or filled.get("date_of_birth")
    if born and not keep.nhs_number and duplicate.nhs_number:
        filled["nhs_number"] = duplicate.nhs_number
    if born and not keep.upn and duplicate.upn:
        # A known UPN replaces "why it is unknown" (CIN census 8772: never both).
        filled["upn"] = duplicate.upn
        filled["upn_unknown_reason"] = ""
    elif not keep.upn and not keep.upn_unknown_reason and duplicate.upn_unknown_reason:
        filled["upn_unknown_reason"] = duplicate.upn_unknown_reason
    died = duplicate.date_of_death
    if keep.date_of_death is None and died and (born is None or died >= born):
        filled["date_of_death"] = died
    if duplicate.uasc and not keep.uasc:
        filled["uasc"] = True
        if duplicate.uasc_ceased and keep.uasc_ceased is None:
            filled["uasc_ceased"] = duplicate.uasc_ceased
    if duplicate.is_restricted and not keep.is_restricted:
        # A restricted record stays restricted whichever record it ends up as.
        filled["is_restricted"] = True
    return filled


def _protect_triggers(model) -> list[str]:
    """The append-only (Protect) triggers of ``model``; history triggers keep running."""
    return [
        f"{model._meta.label}:{t.name}"
        for t in getattr(model._meta, "triggers", [])
        if isinstance(t, pgtrigger.Protect)
    ]


@transaction.atomic
def person_merge(*, actor: User, keep: Person, duplicate: Person) -> Person:
    """Merge ``duplicate`` into ``keep``; returns the record kept."""
    if getattr(actor, "role", None) not in MANAGER_ROLES:
        raise ValidationError("Only a team manager or head of service can merge records")
    if keep.pk == duplicate.pk:
        raise ValidationError(
            {"duplicate": "Choose a different record: a record cannot be merged into itself"}
        )
    # Lock both (in a fixed order, so two merges of the same pair cannot deadlock).
    locked = {
        p.pk: p
        for p in Person.objects.select_for_update()
        .filter(pk__in=[keep.pk, duplicate.pk])
        .order_by("pk")
    }
    keep, duplicate = locked[keep.pk], locked[duplicate.pk]
    if duplicate.merged_into_id:
        raise ValidationError(
            {"duplicate": f"This record was already merged into record {duplicate.merged_into_id}"}
        )
    if keep.merged_into_id:
        raise ValidationError(
            {
                "duplicate": "The record to keep was itself merged into record "
                f"{keep.merged_into_id}: merge into that record instead"
            }
        )

    plan: list[tuple[type[models.Model], models.ForeignObject, set[int]]] = []
    left: dict[str, list[int]] = defaultdict(list)
    ended: dict[str, list[int]] = {}
    today = timezone.localdate()
    for model, field in person_references():
        same, conflicts = _collisions(model, field, keep, duplicate)
        end_field = END_ON_MERGE.get(model._meta.label)
        if conflicts and end_field:
            for row in model._default_manager.filter(pk__in=conflicts):
                start = getattr(row, "start_date", None) or today
                model._default_manager.filter(pk=row.pk).update(**{end_field: max(today, start)})
            ended[model._meta.label] = sorted(conflicts)
            conflicts = set()
        if conflicts:
            message = CONFLICT_MESSAGES.get(
                model._meta.label,
                f"Both records have an open {model._meta.verbose_name}: close or end one "
                "first, then merge.",
            )
            raise ValidationError({"duplicate": message})
        skip = set(same)
        # Rows linking the two records to each other would link the keeper to itself.
        for other in _other_person_fields(model, field):
            skip.update(
                model._default_manager.filter(
                    **{field.name: duplicate, other: keep.pk}
                ).values_list("pk", flat=True)
            )
        if model is PersonDisability:
            skip.update(_disabilities_to_leave(keep, duplicate))
        plan.append((model, field, skip))
        key = f"{model._meta.label}.{field.name}"
        if skip:
            left[key] = sorted(skip)

    # CIN census 8790: a recorded disability replaces the keeper's "no disability".
    dup_codes = set(duplicate.disabilities.values_list("code", flat=True))
    if dup_codes - {Disability.NONE}:
        keep.disabilities.filter(code=Disability.NONE).delete()

    moved: dict[str, list[int]] = {}
    for model, field, skip in plan:
        rows = model._default_manager.filter(**{field.name: duplicate}).exclude(pk__in=skip)
        pks = sorted(rows.values_list("pk", flat=True))
        if not pks:
            continue
        # Append-only tables (case notes, oversight...) refuse updates; a merge changes
        # which record a row is on, never what it says, and PersonMerge records the move.
        protect = _protect_triggers(model)
        if protect:  # pgtrigger.ignore() with no names would silence every trigger
            with pgtrigger.ignore(*protect):
                model._default_manager.filter(pk__in=pks).update(**{field.name: keep})
        else:
            model._default_manager.filter(pk__in=pks).update(**{field.name: keep})
        moved[f"{model._meta.label}.{field.name}"] = pks

    filled = _fill_from_duplicate(keep, duplicate)
    now = timezone.now()
    Person.objects.filter(pk=duplicate.pk).update(
        merged_into=keep, version=F("version") + 1, updated_at=now
    )
    Person.objects.filter(pk=keep.pk).update(**filled, version=F("version") + 1, updated_at=now)
    _add_merged_alias(keep, duplicate)
    PersonMerge.objects.create(
        keep=keep,
        duplicate=duplicate,
        merged_by=actor,
        moved=moved,
        left=dict(left),
        filled={k: str(v) for k, v in filled.items()},
        ended=ended,
    )
    keep.refresh_from_db()
    return keep


def _disabilities_to_leave(keep: Person, duplicate: Person) -> set[int]:
    """The duplicate's "no disability" stays behind when the keeper has a disability."""
    keep_codes = set(keep.disabilities.values_list("code", flat=True))
    if keep_codes - {Disability.NONE}:
        return set(duplicate.disabilities.filter(code=Disability.NONE).values_list("pk", flat=True))
    return set()


def _add_merged_alias(keep: Person, duplicate: Person) -> None:
    first, last = duplicate.first_name, duplicate.last_name
    if (first.lower(), last.lower()) == (keep.first_name.lower(), keep.last_name.lower()):
        return  # the same name twice is noise, not an alias
    if PersonAlias.objects.filter(
        person=keep, first_name__iexact=first, last_name__iexact=last
    ).exists():
        return
    PersonAlias.objects.create(person=keep, first_name=first, last_name=last, kind=AliasKind.MERGED)
