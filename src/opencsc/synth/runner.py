"""Generate the synthetic local authority: ``generate(size=..., seed=..., as_of=...)``.

1. Plan (in memory, seeded): the organisation, then every child's journey day by day.
2. Write the teams and staff through the account services.
3. Replay each family's journeys through the case services, in batches of families per
   transaction.

Same seed and as-of date, same authority. The database should be empty of case records
(the CLI's ``--replace`` flushes it first).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from opencsc.synth.calibration import size_profile
from opencsc.synth.journeys import Plan, plan_journeys
from opencsc.synth.organisation import create_organisation, plan_organisation

__all__ = ["SynthSummary", "generate", "make_plan"]

Progress = Callable[[str, int, int], None]

#: Families written per transaction.
BATCH = 200


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

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


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
) -> SynthSummary:
    started = time.perf_counter()
    _check_as_of(as_of)
    report = progress or (lambda stage, done, total: None)

    report("Planning", 0, 1)
    plan = make_plan(size=size, seed=seed, as_of=as_of)
    report("Planning", 1, 1)

    staff = plan.org.all_users
    report("Teams and staff", 0, len(staff))
    with transaction.atomic():
        create_organisation(plan.org)
    report("Teams and staff", len(staff), len(staff))

    _write_families(plan, report)
    return summarise(plan, size=size, seed=seed, elapsed=time.perf_counter() - started)


def _write_families(plan: Plan, report: Progress) -> None:
    from opencsc.accounts.models import Team, User
    from opencsc.synth.writer import Writer

    users_by_pk = {u.pk: u for u in User.objects.filter(pk__in=[w.pk for w in plan.org.all_users])}
    teams_by_pk = {t.pk: t for t in Team.objects.filter(pk__in=[t.pk for t in plan.org.teams])}
    writer = Writer(
        plan,
        users={w.key: users_by_pk[w.pk] for w in plan.org.all_users},
        teams={t.key: teams_by_pk[t.pk] for t in plan.org.teams},
    )
    families = plan.families
    total = len(families)
    report("Families", 0, total)
    for start in range(0, total, BATCH):
        with transaction.atomic():
            for family in families[start : start + BATCH]:
                writer.write_family(family)
        report("Families", min(start + BATCH, total), total)


def summarise(plan: Plan, *, size: str, seed: int, elapsed: float) -> SynthSummary:
    """Counts from the database (expected to hold only the generated authority)."""
    from django.db.models import F

    from opencsc.accounts.models import Team, User
    from opencsc.assessments.models import Assessment, AssessmentStatus
    from opencsc.casework.models import CaseNote, CINEpisode
    from opencsc.frontdoor.models import Contact, ContactStatus, EarlyHelpEpisode
    from opencsc.people.models import Person

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
    )
