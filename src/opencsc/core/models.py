"""Abstract bases every case record shares."""

from __future__ import annotations

from django.db import models


class Versioned(models.Model):
    """A record two people may edit at once: every save through a service bumps
    ``version``, and a save made against an older version is refused (see
    ``opencsc.core.concurrency``) so that nothing either person typed is lost."""

    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
