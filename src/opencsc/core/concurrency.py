"""Optimistic locking: the second, stale save of a record is refused, never merged silently."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django.db.models import F
from django.utils import timezone

if TYPE_CHECKING:
    from opencsc.core.models import Versioned

M = TypeVar("M", bound="Versioned")


class StaleEditError(Exception, Generic[M]):
    """Someone else saved the record after this person opened it. ``current`` is the
    record as it is now (the same model as the one being saved)."""

    def __init__(self, current: M) -> None:
        self.current: M = current
        super().__init__(
            "Someone else changed this record after you opened it. Your changes have not been "
            "saved: they are shown below beside the latest version. Check them and save again."
        )


def save_versioned(instance: M, *, expected_version: int, fields: dict[str, Any]) -> M:
    """Write ``fields`` to ``instance`` only if nobody has saved it since ``expected_version``.

    Runs one conditional UPDATE, so two concurrent saves cannot both succeed. ``instance``
    holds the saved values afterwards (and the new version).
    """
    model = type(instance)
    values = dict(fields)
    if any(f.name == "updated_at" for f in model._meta.get_fields()):
        values["updated_at"] = timezone.now()
    updated = model._default_manager.filter(pk=instance.pk, version=expected_version).update(
        version=F("version") + 1, **values
    )
    if updated == 0:
        raise StaleEditError(current=model._default_manager.get(pk=instance.pk))
    if instance.version == expected_version and not any(
        hasattr(value, "resolve_expression") for value in values.values()
    ):
        # The instance was read at ``expected_version`` and the UPDATE matched that
        # version, so the row now holds exactly the instance's values plus these: set them
        # here instead of reading the row back (the services call this for every edit).
        for name, value in values.items():
            setattr(instance, name, value)
        instance.version = expected_version + 1
    else:
        instance.refresh_from_db()
    return instance
