"""Generate the synthetic local authority: ``generate(size=..., seed=..., as_of=...)``.

1. Plan (in memory, seeded): the organisation, then every child's journey day by day.
2. Write the teams and staff through the account services.
3. Replay each family's journeys through the case services, in batches of families per
   transaction.

Same seed and as-of date, same authority. The database should be empty of case records
(the CLI's ``--replace`` flushes it first).
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import random
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import date, datetime

from django.db import connection, connections, transaction
from django.utils import timezone

from opencsc.synth.calibration import size_profile
from opencsc.synth.journeys import Plan, plan_journeys
from opencsc.synth.organisation import create_organisation, plan_organisation

__all__ = ["SynthSummary", "generate", "make_plan"]

Progress = Callable[[str, int, int], None]

#: Families written per transaction.
BATCH = 100
#: Writer processes by size: tests run ``tiny`` inside their own transaction, in-process.
DEFAULT_WORKERS = {"tiny": 1, "small": 2, "la": 2, "large": 2}


@dataclass(slots=True)
class SynthSummary:
    size: str
    seed: int
    as_of: date
    teams: int
    workers: int
    people: int
    children: int
    contacts: int
    contacts_awaiting_decision: int
    referrals: int
    re_referrals: int
    assessments: int
    open_assessments: int
    overdue_assessments: int
    late_decisions: int
    early_help_episodes: int
    notes: int
    elapsed_seconds: float
    # Child protection and child in need plans (issue 3). Defaults keep older callers
    # (and stored summaries) working.
    open_episodes: int = 0
    strategy_discussions: int = 0
    enquiries: int = 0
    initial_conferences: int = 0
    late_initial_conferences: int = 0
    cp_plans: int = 0
    open_cp_plans: int = 0
    open_cin_plans: int = 0
    visits: int = 0

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    def describe(self) -> str:
        """A few lines for the terminal: what was made, and how long it took."""
        minutes, seconds = divmod(round(self.elapsed_seconds), 60)
        return "\n".join(
            [
                f"Synthetic authority '{self.size}' (seed {self.seed}, as of "
                f"{self.as_of:%d %B %Y}) made in {minutes}m {seconds:02d}s. Nobody in it is real.",
                f"  teams {self.teams:,}, workers {self.workers:,}",
                f"  people {self.people:,}, of whom children {self.children:,}",
                f"  contacts {self.contacts:,} ({self.contacts_awaiting_decision:,} awaiting a "
                f"decision; {self.late_decisions:,} decided late)",
                f"  referrals {self.referrals:,} (re-referrals within 12 months "
                f"{self.re_referrals:,})",
                f"  assessments {self.assessments:,} ({self.open_assessments:,} open, "
                f"{self.overdue_assessments:,} overdue)",
                f"  early help episodes {self.early_help_episodes:,}",
                f"  children in need at the as-of date (open episodes) {self.open_episodes:,}",
                f"  strategy discussions {self.strategy_discussions:,}; section 47 enquiries "
                f"{self.enquiries:,}; initial conferences {self.initial_conferences:,} "
                f"({self.late_initial_conferences:,} beyond 15 working days)",
                f"  child protection plans {self.cp_plans:,} ({self.open_cp_plans:,} open); "
                f"child in need plans open {self.open_cin_plans:,}",
                f"  statutory visits {self.visits:,}",
                f"  case notes {self.notes:,}",
            ]
        )


def make_plan(*, size: str, seed: int, as_of: date, now: datetime | None = None) -> Plan:
    """The whole authority, planned in memory (no database)."""
    profile = size_profile(size)
    rng = random.Random(f"opencsc-synth:{size}:{seed}:{as_of.isoformat()}")
    org = plan_organisation(profile, rng)
    return plan_journeys(
        profile=profile, seed=seed, as_of=as_of, now=now or timezone.now(), org=org, rng=rng
    )


def _check_as_of(as_of: date) -> None:
    today = timezone.localdate()
    if as_of > today:
        raise ValueError(
            f"as_of ({as_of}) is in the future: the services refuse dates after today "
            f"({today}), so the synthetic history must end today or earlier"
        )


def generate(
    *,
    size: str,
    seed: int,
    as_of: date,
    progress: Progress | None = None,
    workers: int | None = None,
) -> SynthSummary:
    """Plan and write the synthetic authority; returns what is in the database after.

    ``workers`` processes write families in parallel (default: 1 for ``tiny``, else 2,
    one per core of the machine it was tuned on). Each writes whole families, so every
    record is the same whatever the number of workers; only the primary keys (in what
    order rows were inserted) differ between runs with more than one worker.
    """
    started = time.perf_counter()
    _check_as_of(as_of)
    report = progress or (lambda stage, done, total: None)
    if workers is None:
        workers = min(DEFAULT_WORKERS.get(size, 2), os.cpu_count() or 1)

    report("Planning", 0, 1)
    plan = make_plan(size=size, seed=seed, as_of=as_of)
    # The plan lives until the end: keep the garbage collector from walking it again and
    # again (and forked writers from touching, so copying, its pages).
    gc.collect()
    gc.freeze()
    report("Planning", 1, 1)

    staff = plan.org.all_users
    report("Teams and staff", 0, len(staff))
    with transaction.atomic():
        create_organisation(plan.org)
    report("Teams and staff", len(staff), len(staff))

    try:
        if workers > 1 and not connection.in_atomic_block:
            _write_in_parallel(plan, report, workers)
        else:
            _write_families(plan, plan.families, report)
    finally:
        gc.unfreeze()
    return summarise(plan, size=size, seed=seed, elapsed=time.perf_counter() - started)


@contextlib.contextmanager
def _without_savepoints() -> Iterator[None]:
    """Inside one batch transaction, the services' own ``transaction.atomic`` need not set
    savepoints: nothing catches a refusal and carries on (a refusal is a bug in the
    generator and aborts the batch). Skipping them halves the round trips to the server;
    every service still runs, checks and writes exactly as it does for a user."""
    features = connection.features
    had = features.__dict__.get("uses_savepoints")
    features.uses_savepoints = False
    try:
        yield
    finally:
        if had is None:
            del features.uses_savepoints
        else:
            features.uses_savepoints = had


def _writer(plan: Plan):  # noqa: ANN202
    from django.db.models import Prefetch

    from opencsc.accounts.models import Team, User
    from opencsc.synth.writer import Writer

    # Managers' teams prefetched: access rules ask "which teams does this manager manage?"
    # on every authorisation, oversight and supervision.
    users_by_pk = {
        u.pk: u
        for u in User.objects.filter(pk__in=[w.pk for w in plan.org.all_users])
        .select_related("team")
        .prefetch_related(Prefetch("managed_teams"))
    }
    teams_by_pk = {t.pk: t for t in Team.objects.filter(pk__in=[t.pk for t in plan.org.teams])}
    return Writer(
        plan,
        # Every planned worker and team has been written by now, so each has its pk.
        users={w.key: users_by_pk[w.pk] for w in plan.org.all_users if w.pk is not None},
        teams={t.key: teams_by_pk[t.pk] for t in plan.org.teams if t.pk is not None},
    )


def _write_families(
    plan: Plan, families: list, report: Progress, *, done: Callable[[int], None] | None = None
) -> None:
    writer = _writer(plan)
    total = len(families)
    report("Families", 0, total)
    with _without_savepoints():
        for start in range(0, total, BATCH):
            with transaction.atomic():
                for family in families[start : start + BATCH]:
                    writer.write_family(family)
            n = min(start + BATCH, total)
            report("Families", n, total)
            if done is not None:
                done(n)


def _prepare_statements() -> None:
    """Let this process's connection prepare the statements it repeats.

    The writer runs the same few hundred service queries hundreds of thousands of times.
    With server-side parameters, psycopg prepares a statement once it has run twice, and
    the server then skips parsing and planning it again. Only the forked writers do this:
    the app's own connections keep client-side binding, which connection poolers need.
    ``OPENCSC_SYNTH_PREPARE=0`` turns it off (to compare)."""
    if os.environ.get("OPENCSC_SYNTH_PREPARE", "1") == "0":
        return
    options = connection.settings_dict.setdefault("OPTIONS", {})
    options["server_side_binding"] = True
    options["prepare_threshold"] = 2


def _worker_main(plan: Plan, index: int, workers: int, counter, errors) -> None:  # noqa: ANN001
    """A forked writer: its own database connection, every ``workers``-th family."""
    connections.close_all()  # never share the parent's socket
    _prepare_statements()
    try:
        families = plan.families[index::workers]

        def done(n: int) -> None:
            with counter.get_lock():
                counter.value += n - done.last  # type: ignore[attr-defined]
            done.last = n  # type: ignore[attr-defined]

        done.last = 0  # type: ignore[attr-defined]
        _write_families(plan, families, lambda *a: None, done=done)
    except BaseException:
        errors.put(traceback.format_exc())
        raise
    finally:
        connections.close_all()


def _write_in_parallel(plan: Plan, report: Progress, workers: int) -> None:
    total = len(plan.families)
    report("Families", 0, total)
    # Fork after planning: the workers share the plan (copy on write) and open their own
    # connections to the same server.
    connections.close_all()
    ctx = multiprocessing.get_context("fork")
    counter = ctx.Value("l", 0)
    errors = ctx.Queue()
    procs = [
        ctx.Process(target=_worker_main, args=(plan, i, workers, counter, errors), daemon=True)
        for i in range(workers)
    ]
    for p in procs:
        p.start()
    last = -1
    while any(p.is_alive() for p in procs):
        for p in procs:
            p.join(timeout=0.5)
        if counter.value != last:
            last = counter.value
            report("Families", last, total)
        if any(p.exitcode not in (None, 0) for p in procs):
            break
    failed = [p for p in procs if p.exitcode not in (None, 0)]
    if failed:
        for p in procs:
            if p.is_alive():
                p.terminate()
        for p in procs:
            p.join()
        detail = errors.get(timeout=5) if not errors.empty() else "see the log above"
        raise RuntimeError(f"a synthetic data writer failed:\n{detail}")
    report("Families", total, total)


def summarise(plan: Plan, *, size: str, seed: int, elapsed: float) -> SynthSummary:
    """Counts from the database (expected to hold only the generated authority)."""
    from django.db.models import F

    from opencsc.accounts.models import Team, User
    from opencsc.assessments.models import Assessment, AssessmentStatus
    from opencsc.casework.models import CaseNote, CINEpisode
    from opencsc.frontdoor.models import Contact, ContactStatus, EarlyHelpEpisode
    from opencsc.people.models import Person
    from opencsc.plans.models import ChildInNeedPlan, StatutoryVisit
    from opencsc.protection.models import (
        ChildProtectionPlan,
        Conference,
        ConferenceKind,
        Section47Enquiry,
        StrategyDiscussion,
    )

    initial = Conference.objects.filter(kind=ConferenceKind.INITIAL)
    open_assessments = Assessment.objects.exclude(status=AssessmentStatus.AUTHORISED)
    return SynthSummary(
        size=size,
        seed=seed,
        as_of=plan.as_of,
        teams=Team.objects.count(),
        workers=User.objects.filter(pk__in=[w.pk for w in plan.org.all_users]).count(),
        people=Person.objects.count(),
        children=Person.objects.filter(contacts__isnull=False).distinct().count(),
        contacts=Contact.objects.count(),
        contacts_awaiting_decision=Contact.objects.filter(
            status=ContactStatus.AWAITING_DECISION
        ).count(),
        referrals=CINEpisode.objects.count(),
        re_referrals=CINEpisode.objects.filter(is_re_referral=True).count(),
        assessments=Assessment.objects.count(),
        open_assessments=open_assessments.count(),
        overdue_assessments=open_assessments.filter(due_date__lt=plan.as_of).count(),
        late_decisions=Contact.objects.filter(decided_at__gt=F("decision_due_at")).count(),
        early_help_episodes=EarlyHelpEpisode.objects.count(),
        notes=CaseNote.objects.count(),
        elapsed_seconds=round(elapsed, 1),
        open_episodes=CINEpisode.objects.filter(closure_date__isnull=True).count(),
        strategy_discussions=StrategyDiscussion.objects.count(),
        enquiries=Section47Enquiry.objects.count(),
        initial_conferences=initial.count(),
        # WT2023 ch.3: within 15 working days of the last strategy discussion.
        late_initial_conferences=initial.filter(
            held_on__gt=F("enquiry__conference_target_date")
        ).count(),
        cp_plans=ChildProtectionPlan.objects.count(),
        open_cp_plans=ChildProtectionPlan.objects.filter(end_date__isnull=True).count(),
        open_cin_plans=ChildInNeedPlan.objects.filter(end_date__isnull=True).count(),
        visits=StatutoryVisit.objects.count(),
    )
