"""Property: whatever sequence of care events the services accept, the episodes they store
keep the 903 invariants.

Hypothesis draws random journeys through care (starting to be looked after, changes of
legal status, moves to new carers, moves with the same carer, temporary placements and
the return from them, going home on a care order, leaving care, re-entry, turning 18),
at random intervals, and drives them through the same services the pages call. A step
the services refuse is not recorded, as for a user. The stored episodes must then hold
what the 903 rules state: no overlaps (142, 501), DEC with REC (148), one open episode,
X1 only mid-period with the next episode the same day (388, 433), S exactly at the start
of a period (357, 431, 432), the RNE matching the actual change (434-436), no episode
shorter than a day (355), the category of need kept through a period (504), temporary
placements entered with a new carer and left back to the usual placement (380, 383), and
the reason for a move exactly where rules 225, 226 and 233 want it.

When the 903 export exists (returns/ssda903.py, helper F), the year's files are also
written and judged by the DfE's own validator: none of the episode rules enforced here may
fail. Until then that step is skipped.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import random
import subprocess
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from opencsc.accounts.models import Role
from opencsc.care import services
from opencsc.care.codes import STATUS_DAY_LIMITS, TEMPORARY_PLACEMENTS
from opencsc.care.models import CareEpisode, CarePeriod
from opencsc.care.services._common import Details
from opencsc.care.services.changes import needs_reason, reason_new_episode
from opencsc.casework.episodes import episode_open
from opencsc.people.services import person_create
from tests.factories import TeamFactory, UserFactory

REPO = Path(__file__).resolve().parents[2]
DFE_PYTHON = REPO / ".venv-dfe" / "bin" / "python"
LAC_WRAPPER = REPO / "validators" / "lac_validate.py"
YEAR = 2026
TODAY = dt.date(2026, 4, 20)

STEPS = [
    "start",
    "status",
    "move",
    "same_carer",
    "temporary",
    "back",
    "home_on_order",
    "leave",
    "leave",
    "turn_18",
]
STATUSES = ["V2", "C1", "C2", "E1", "L1", "L2", "J1"]
POSTCODES = ["CW1 1AB", "CW1 1AD", "CW1 1AE", "CW1 1AF", "CW1 1AG", "CW1 1AH"]
#: The episode rules these services enforce: the export must never fail them. Not here:
#: 361-363 (how long police protection, an EPO or a child assessment order may last) and
#: 375, 376, 379 (how long a temporary placement may last). They judge time passing, which
#: no service can refuse at entry: a status or temporary placement left open past its
#: limit (nobody recorded the change) shows as a deadline on the worklist instead
#: (care/deadlines.py), and the services refuse recording one that ended too late.
ENFORCED = {
    "142", "148", "213", "214", "217", "218", "222", "225", "226", "233", "302", "352",
    "355", "356", "357", "358", "359", "366", "371", "372", "373",
    "374", "378", "380", "381", "382", "383", "384", "386", "387",
    "388", "389", "390", "392d", "398", "407", "408", "420", "426", "431", "432", "433",
    "434", "435", "436", "437", "440", "441", "445", "460", "501", "504", "516", "526",
    "527", "528", "529", "530", "531", "550", "630", "631", "632", "633", "635",
}  # fmt: skip


class Skip(Exception):
    """The step does not apply now (no open period to change...)."""


def _open(child) -> CarePeriod:  # type: ignore[no-untyped-def]
    period = CarePeriod.objects.filter(child=child, end_date__isnull=True).first()
    if period is None:
        raise Skip
    return period


def settle(name: str, period: CarePeriod, day: dt.date, actor) -> CareEpisode:  # type: ignore[no-untyped-def]
    """What a careful worker records first: the end of an emergency legal status, and the
    return from a temporary placement, the day after they began (so within the limits of
    903 rules 361-364 and 375-379)."""
    current = period.episodes.get(end_date__isnull=True)
    soon = min(day, current.start_date + dt.timedelta(days=1))
    if current.legal_status in STATUS_DAY_LIMITS and name != "status":
        services.care_change(actor=actor, period=period, on=soon, legal_status="C1")
    elif current.placement in TEMPORARY_PLACEMENTS and name != "back":
        before = period.episodes.filter(end_date__isnull=False).order_by("-start_date").first()
        services.care_change(actor=actor, period=period, on=soon, placement=before.placement)
    else:
        return current
    return period.episodes.get(end_date__isnull=True)


def step(name: str, child, day: dt.date, rng: random.Random, staff: dict) -> None:  # type: ignore[no-untyped-def]  # noqa: C901
    actor = staff["worker"]
    if name == "start":
        if not child.episodes.filter(closure_date__isnull=True).exists():
            episode_open(
                actor=staff["manager"],
                child=child,
                referral_date=day,
                source="6",
                primary_need=rng.choice(["N1", "N2", "N4"]),
                allocate_team=staff["team"],
            )
        status = rng.choice(["V2", "V2", "C1", "L1"])
        services.period_start(
            actor=actor,
            child=child,
            start_date=day,
            legal_status=status,
            placement=rng.choice(["U6", "U3", "K2"]),
            provider=rng.choice(["PR1", "PR4"]),
            carer=f"Carer {rng.randint(1, 4)}",
            placement_postcode=rng.choice(POSTCODES),
            urn="SC123456",
        )
        return
    period = _open(child)
    current = settle(name, period, day, actor)
    if name == "status":
        services.care_change(actor=actor, period=period, on=day, legal_status=rng.choice(STATUSES))
    elif name == "move":
        services.care_change(
            actor=actor,
            period=period,
            on=day,
            placement=rng.choice(["U6", "U4", "U3", "K2"]),
            provider=rng.choice(["PR1", "PR4", "PR5"]),
            carer=f"Carer {rng.randint(5, 30)}",
            placement_postcode=rng.choice(POSTCODES),
            urn="SC654321",
            reason_place_change=rng.choice(["CARPL", "CLOSE", "CHILD", "LAREQ"]),
        )
    elif name == "same_carer":
        services.care_change(
            actor=actor,
            period=period,
            on=day,
            placement={"U6": "U4", "U3": "U1"}.get(current.placement, "U6"),
            reason_place_change="PLACE",
        )
    elif name == "temporary":
        services.care_change(
            actor=actor,
            period=period,
            on=day,
            placement=rng.choice(["T1", "T3", "T4"]),
            carer="Temporary carer",
            placement_postcode=rng.choice(POSTCODES),
        )
    elif name == "back":
        if current.placement not in TEMPORARY_PLACEMENTS:
            raise Skip
        before = period.episodes.filter(end_date__isnull=False).order_by("-start_date").first()
        services.care_change(actor=actor, period=period, on=day, placement=before.placement)
    elif name == "home_on_order":
        services.care_change(
            actor=actor,
            period=period,
            on=day,
            legal_status="C2",
            placement="P1",
            provider="PR0",
            carer="Parents",
            placement_postcode=child.postcode,
            urn="",
            reason_place_change="CARPL",
        )
    elif name == "leave":
        services.period_end(
            actor=actor,
            period=period,
            end_date=day,
            reason=rng.choice(["E4A", "E4B", "E13", "E41", "E8", "E3"]),
        )
    elif name == "turn_18":
        eighteen = child.date_of_birth.replace(year=child.date_of_birth.year + 18)
        services.period_end(
            actor=actor,
            period=period,
            end_date=max(day, eighteen),
            reason=rng.choice(["E17", "E5", "E6", "E8"]),
        )


def check_invariants(child) -> None:  # type: ignore[no-untyped-def]  # noqa: C901
    """The 903 rules on a child's episodes, checked on what was stored."""
    episodes = list(CareEpisode.objects.filter(child=child).order_by("start_date", "pk"))
    periods = {p.pk: p for p in CarePeriod.objects.filter(child=child)}
    assert sum(e.end_date is None for e in episodes) <= 1
    if episodes and episodes[-1].end_date is None:
        assert periods[episodes[-1].period_id].end_date is None
    for i, e in enumerate(episodes):
        assert (e.end_date is None) == (e.end_reason == "")  # 148
        assert e.end_date is None or e.end_date > e.start_date  # 355, 356
        assert e.reason_place_change == "" or e.end_date is not None  # 233
        prev = episodes[i - 1] if i else None
        nxt = episodes[i + 1] if i + 1 < len(episodes) else None
        if prev is None or prev.period_id != e.period_id:
            assert e.reason_new_episode == "S"  # 357, 432
            assert e.start_date == periods[e.period_id].start_date
            if prev is not None:
                assert e.start_date > prev.end_date  # 142, 431, 501
            assert e.placement not in TEMPORARY_PLACEMENTS  # 380
        else:
            assert prev.end_reason == "X1" and prev.end_date == e.start_date  # 388, 433
            assert e.category_of_need == prev.category_of_need  # 504
            assert e.reason_new_episode == reason_new_episode(Details.of(prev), Details.of(e))
            if e.placement in TEMPORARY_PLACEMENTS:
                assert e.reason_new_episode in {"P", "B"}  # 380
            if prev.placement in TEMPORARY_PLACEMENTS:  # 383
                usual = episodes[i - 2]
                assert e.reason_new_episode == "P"
                assert (e.placement, e.placement_postcode) == (
                    usual.placement,
                    usual.placement_postcode,
                )
        if nxt is not None and nxt.period_id == e.period_id:
            moved = nxt.reason_new_episode in {"P", "B", "T", "U"}
            wanted = moved and needs_reason(e.placement, nxt.placement)
            assert bool(e.reason_place_change) == wanted  # 225, 226
        elif e.end_date is not None:
            assert e.end_reason != "X1"  # 388
            assert e.end_date == periods[e.period_id].end_date
            assert e.placement not in TEMPORARY_PLACEMENTS  # 381


def validate_export(tmp_path: Path) -> None:
    """Export the year and run the DfE 903 validator, when both exist."""
    if importlib.util.find_spec("opencsc.returns.ssda903") is None:
        return  # helper F's export is not written yet
    if not DFE_PYTHON.exists():
        pytest.skip("The DfE 903 validator is not installed (.venv-dfe)")
    from opencsc.returns.ssda903 import write_ssda903  # type: ignore[import-not-found]

    out = tmp_path / "903"
    out.mkdir(exist_ok=True)
    write_ssda903(YEAR, out)
    files = sorted(str(p) for p in out.glob("*.csv"))
    done = subprocess.run(
        [str(DFE_PYTHON), str(LAC_WRAPPER), *files, "--year", str(YEAR), "--la", "E06000049"],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode in (0, 1), f"the validator could not run: {done.stdout}{done.stderr}"
    summary = json.loads(done.stdout)
    failed = set(summary["rules_failed"]) & ENFORCED
    assert not failed, {code: summary["by_rule"][code] for code in failed}


journeys = st.lists(
    st.tuples(
        st.integers(0, 300),  # the first day in care: days after 1 April 2025
        st.lists(st.tuples(st.sampled_from(STEPS), st.integers(1, 40)), min_size=3, max_size=25),
    ),
    min_size=1,
    max_size=3,
)


@pytest.fixture
def staff(db):
    team = TeamFactory(kind="cin_cp", name="Children looked after")
    manager = UserFactory(role=Role.TEAM_MANAGER, team=team)
    team.manager = manager
    team.save()
    return {"team": team, "manager": manager, "worker": UserFactory(team=team)}


@settings(
    max_examples=40,
    # The same examples on every run: CI judges the code, not the luck of the draw. (Run
    # with HYPOTHESIS_PROFILE unset and derandomize off locally to explore new ones.)
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=journeys, seed=st.integers(0, 2**16))
def test_episode_sequences_keep_the_903_invariants(staff, tmp_path, time_machine, plan, seed):
    time_machine.move_to(dt.datetime(2026, 4, 20, 9, 0, tzinfo=dt.UTC), tick=False)
    rng = random.Random(seed)
    with transaction.atomic():
        recorded = 0
        for i, (first_day, steps) in enumerate(plan):
            day = dt.date(2025, 4, 1) + dt.timedelta(days=first_day)
            # Some are near 18, so turning 18 happens inside the year.
            born = day - dt.timedelta(days=rng.choice([365 * 17 + 200, 365 * 12, 365 * 6]))
            child = person_create(
                actor=staff["manager"],
                first_name="Test",
                last_name=f"Child{i}",
                sex="F",
                date_of_birth=born,
                ethnicity="WBRI",
                postcode="CW1 1AA",
            )
            for name, gap in [("start", 0), *steps]:
                day += dt.timedelta(days=gap)
                if day > TODAY:
                    break
                try:
                    with transaction.atomic():
                        step(name, child, day, rng, staff)
                except (ValidationError, Skip) as exc:
                    if isinstance(exc, ValidationError):
                        event(f"refused {name}")
                        if os.environ.get("SHOW_REFUSALS"):
                            print(name, day, exc.messages)
                    continue  # refused (nothing saved) or not applicable
                event(f"recorded {name}")
                recorded += 1
            check_invariants(child)
        validate_export(tmp_path)
        transaction.set_rollback(True)
