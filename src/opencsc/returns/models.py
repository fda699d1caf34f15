"""A statutory return asked for from the web: what, by whom, how far it has got, the file."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ReturnKind(models.TextChoices):
    CIN_CENSUS = "cin", "Children in need census"
    ANNEX_A = "annex_a", "Ofsted Annex A"
    SSDA903 = "ssda903", "SSDA903 children looked after"


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Running"
    DONE = "done", "Ready to download"
    FAILED = "failed", "Failed"


class ReturnRun(models.Model):
    kind = models.CharField(max_length=10, choices=ReturnKind.choices)
    # The census's collection year (year ending 31 March), or Annex A's as-of date.
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    as_of = models.DateField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="return_runs"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    stage = models.CharField(max_length=120, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    filename = models.CharField(max_length=120, blank=True)
    content = models.BinaryField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(kind="cin") & models.Q(year__isnull=False))
                | (models.Q(kind="ssda903") & models.Q(year__isnull=False))
                | (models.Q(kind="annex_a") & models.Q(as_of__isnull=False)),
                name="return_run_has_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period_label}"

    @property
    def period_label(self) -> str:
        if self.kind in (ReturnKind.CIN_CENSUS, ReturnKind.SSDA903) and self.year:
            return f"{self.year - 1}-{str(self.year)[-2:]}"
        return f"as of {self.as_of:%d %B %Y}" if self.as_of else ""

    @property
    def percent(self) -> int:
        if self.status == RunStatus.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def is_finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED)
