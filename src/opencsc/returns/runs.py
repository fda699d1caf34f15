"""Run a statutory return away from the request that asked for it.

The page that asks for a return commits a ``ReturnRun`` and starts a thread once the
transaction commits; the thread builds the file with the same function the command line
uses, writing its progress to the row so the run's page (which refreshes itself) can
show it. A run the server lost (restarted mid-run) is shown as failed, never as running
forever.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable

from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from opencsc.returns.models import ReturnKind, ReturnRun, RunStatus

__all__ = ["build", "execute_run", "run_return_in_background", "mark_lost_runs"]

log = logging.getLogger(__name__)

#: A run whose progress has not moved for this long is taken to be lost.
LOST_AFTER = dt.timedelta(minutes=30)
#: Write progress to the row at most this often (seconds): it is read, not watched.
PROGRESS_EVERY = 0.5

Progress = Callable[[str, int, int], None]


def build(
    kind: str, *, year: int | None, as_of: dt.date | None, progress: Progress | None
) -> tuple[bytes, str]:
    """The return's file and its name: the one place both the CLI and the web build one."""
    if kind == ReturnKind.CIN_CENSUS:
        from opencsc.returns.cin_census import build_cin_census

        assert year is not None
        return build_cin_census(year=year, progress=progress), f"CIN_census_{year}.xml"
    if kind == ReturnKind.ANNEX_A:
        from opencsc.returns.annex_a import build_annex_a

        assert as_of is not None
        return build_annex_a(as_of=as_of, progress=progress), f"Annex_A_{as_of:%Y-%m-%d}.xlsx"
    if kind == "ssda903":  # ReturnKind.SSDA903 once the model lists it
        from opencsc.returns.ssda903 import check_year, ssda903_zip

        assert year is not None
        check_year(year)
        return ssda903_zip(year, progress), f"SSDA903_{year}.zip"
    raise ValueError(f"unknown return {kind!r}")


def execute_run(run_id: int) -> ReturnRun:
    """Build the file for a queued run, recording progress, the file or the error."""
    import time

    run = ReturnRun.objects.get(pk=run_id)
    ReturnRun.objects.filter(pk=run_id).update(
        status=RunStatus.RUNNING, started_at=timezone.now(), stage="Starting"
    )
    last = 0.0

    def progress(stage: str, done: int, total: int) -> None:
        nonlocal last
        now = time.monotonic()
        if now - last >= PROGRESS_EVERY or done >= total:
            last = now
            ReturnRun.objects.filter(pk=run_id).update(stage=stage[:120], done=done, total=total)

    try:
        content, filename = build(run.kind, year=run.year, as_of=run.as_of, progress=progress)
    except Exception as exc:  # the run's page says what went wrong; the log keeps the detail
        log.exception("return run %s failed", run_id)
        ReturnRun.objects.filter(pk=run_id).update(
            status=RunStatus.FAILED, finished_at=timezone.now(), error=str(exc)[:2000]
        )
    else:
        ReturnRun.objects.filter(pk=run_id).update(
            status=RunStatus.DONE,
            finished_at=timezone.now(),
            filename=filename,
            content=content,
            stage="Finished",
        )
    run.refresh_from_db()
    return run


def _thread_main(run_id: int) -> None:
    try:
        execute_run(run_id)
    finally:
        close_old_connections()
        connection.close()


def run_return_in_background(run: ReturnRun) -> None:
    """Start the run once the transaction that created it commits (the thread uses its
    own connection and must see the row)."""

    def start() -> None:
        threading.Thread(
            target=_thread_main, args=(run.pk,), name=f"return-run-{run.pk}", daemon=True
        ).start()

    transaction.on_commit(start)


def mark_lost_runs() -> int:
    """Runs left queued or running by a server that stopped: failed, with the reason."""
    cutoff = timezone.now() - LOST_AFTER
    return ReturnRun.objects.filter(
        status__in=[RunStatus.QUEUED, RunStatus.RUNNING], requested_at__lt=cutoff
    ).update(
        status=RunStatus.FAILED,
        finished_at=timezone.now(),
        error="The server stopped before this run finished. Ask for the return again.",
    )
