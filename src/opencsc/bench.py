"""`make bench`: how long the synthetic authority takes to build, and how fast the pages
practitioners use all day answer on it, with their SQL query counts.

For each size (default: small, then la) it generates the authority into a database of its
own (time and peak memory of the `opencsc synth` process), then requests the worklist, a
child's record and a search page many times in-process and reports the median and 95th
percentile time and the number of SQL queries. Query counts must not grow with the size
of the authority: the report sets them side by side.

Then it exports the last complete CIN census and Annex A from that database with the
`opencsc return` command, and times the DfE validator and liiatools' checker on the same
files: the ratio of our export time to the validator's is reported beside them.

    python -m opencsc.bench [--sizes small,la,large] [--repeat 60] [--reuse]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

RESULTS = Path("bench-results")


def run_synth(size: str, db_name: str, as_of: dt.date) -> dict[str, Any]:
    env = dict(os.environ, OPENCSC_DB_NAME=db_name)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "opencsc.cli",
            "synth",
            "--size",
            size,
            "--seed",
            "1",
            "--as-of",
            as_of.isoformat(),
            "--replace",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"synth --size {size} failed:\n{proc.stderr[-3000:]}")
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {
        "size": size,
        "seconds": round(elapsed, 1),
        "peak_memory_mib": round(max(peak_kib, before) / 1024, 1),
        "summary": proc.stdout.strip().splitlines()[-12:],
    }


def measure_pages(db_name: str, repeat: int) -> dict[str, Any]:
    """Run in a fresh interpreter so that settings pick up the database name."""
    env = dict(os.environ, OPENCSC_DB_NAME=db_name)
    proc = subprocess.run(
        [sys.executable, "-m", "opencsc.bench", "--pages-only", "--repeat", str(repeat)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"page measurement failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _pages_only(repeat: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opencsc.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from opencsc.accounts.models import User
    from opencsc.casework.models import Allocation
    from opencsc.people.models import Person
    from opencsc.synth.demo_users import demo_users_create

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    demo_users_create()
    worker = User.objects.get(username="social.worker")
    allocation = Allocation.objects.filter(worker=worker, end_date__isnull=True).first()
    child = allocation.child if allocation else Person.objects.first()
    assert child is not None
    client = Client()
    client.force_login(worker)
    pages = {
        "my worklist": reverse("insight:my-worklist"),
        "team worklist": reverse("insight:team-worklist"),
        "child record": reverse("people:person-detail", args=[child.pk]),
        "search by name": reverse("people:person-search") + f"?q={child.last_name[:-1]}",
    }
    report: dict[str, Any] = {
        "people": Person.objects.count(),
        "worker_caseload": Allocation.objects.filter(worker=worker, end_date__isnull=True).count(),
    }
    for name, url in pages.items():
        client.get(url)  # warm caches and connections
        times = []
        queries = 0
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as ctx:
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{name} answered {response.status_code}")
            queries = len(ctx.captured_queries)
        times.sort()
        report[name] = {
            "median_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 1),
            "queries": queries,
        }
    print(json.dumps(report))


VALIDATORS = Path(__file__).resolve().parents[2] / "validators"


def _timed(cmd: list[str], env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    return round(time.perf_counter() - started, 2), proc


def measure_returns(db_name: str, as_of: dt.date, out_dir: Path) -> dict[str, Any]:
    """Export the census (last complete year) and Annex A; judge both; time everything."""
    env = dict(os.environ, OPENCSC_DB_NAME=db_name)
    year = as_of.year if as_of.month >= 4 else as_of.year - 1
    out_dir.mkdir(parents=True, exist_ok=True)
    census, annex = out_dir / f"cin_{year}.xml", out_dir / "annex_a.xlsx"
    report: dict[str, Any] = {"census_year": year}
    cli = [sys.executable, "-m", "opencsc.cli", "return"]
    seconds, proc = _timed([*cli, "cin", "--year", str(year), "--out", str(census)], env)
    if proc.returncode != 0:
        raise SystemExit(f"census export failed:\n{proc.stderr[-3000:]}")
    report["census_export_seconds"] = seconds
    report["census_bytes"] = census.stat().st_size
    seconds, proc = _timed(
        [*cli, "annex-a", "--as-of", as_of.isoformat(), "--out", str(annex)], env
    )
    if proc.returncode != 0:
        raise SystemExit(f"Annex A export failed:\n{proc.stderr[-3000:]}")
    report["annex_a_export_seconds"] = seconds
    dfe = Path(".venv-dfe/bin/python")
    if dfe.exists():
        seconds, proc = _timed(
            [str(dfe), str(VALIDATORS / "cin_validate.py"), str(census), "--year", str(year)], env
        )
        report["census_validator_seconds"] = seconds
        report["census_validator_exit"] = proc.returncode
        report["census_export_to_validator"] = (
            round(report["census_export_seconds"] / seconds, 3) if seconds else None
        )
    annexa = Path(".venv-annexa/bin/python")
    if annexa.exists():
        seconds, proc = _timed([str(annexa), str(VALIDATORS / "annexa_check.py"), str(annex)], env)
        report["annex_a_checker_seconds"] = seconds
        report["annex_a_checker_exit"] = proc.returncode
        report["annex_a_export_to_checker"] = (
            round(report["annex_a_export_seconds"] / seconds, 3) if seconds else None
        )
    return report


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m opencsc.bench")
    parser.add_argument("--sizes", default="small,la,large")
    parser.add_argument("--repeat", type=int, default=60)
    parser.add_argument("--reuse", action="store_true", help="measure pages on existing databases")
    parser.add_argument(
        "--db", help="with --reuse: the database to measure (default opencsc_bench_SIZE)"
    )
    parser.add_argument("--pages-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.pages_only:
        _pages_only(args.repeat)
        return
    # Today in the UK (settings.TIME_ZONE); Django is not set up in this process yet.
    as_of = dt.datetime.now(tz=ZoneInfo("Europe/London")).date()
    results: dict[str, Any] = {"as_of": as_of.isoformat(), "machine_cores": os.cpu_count()}
    for size in args.sizes.split(","):
        db_name = args.db if (args.reuse and args.db) else f"opencsc_bench_{size}"
        entry: dict[str, Any] = {}
        if not args.reuse:
            print(f"synth --size {size} ...", flush=True)
            entry["synth"] = run_synth(size, db_name, as_of)
            print(f"  {entry['synth']['seconds']} s, peak {entry['synth']['peak_memory_mib']} MiB")
        print(f"pages on {size} ...", flush=True)
        entry["pages"] = measure_pages(db_name, args.repeat)
        for page, figures in entry["pages"].items():
            if isinstance(figures, dict):
                print(
                    f"  {page:<16} median {figures['median_ms']:>7} ms  "
                    f"p95 {figures['p95_ms']:>7} ms  {figures['queries']} queries"
                )
        print(f"returns on {size} ...", flush=True)
        entry["returns"] = measure_returns(db_name, as_of, RESULTS / size)
        for key, value in entry["returns"].items():
            print(f"  {key:<28} {value}")
        results[size] = entry
        # Written after every size: a long run that stops part-way keeps what it measured.
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "bench.json").write_text(json.dumps(results, indent=2))
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / "bench.json"
    out.write_text(json.dumps(results, indent=2))
    print(f"Written to {out}")


if __name__ == "__main__":
    main()
