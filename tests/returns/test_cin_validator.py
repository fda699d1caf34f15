"""The DfE's own CIN census validator (data-to-insight/csc-validator-be-cin, in its own
virtual environment, .venv-dfe) judges our census: zero errors, for the 2025-26 rules and
the 2024-25 ones, on the hand-made authority of test_cin_fixture.py (every module of the
return) and on a synthetic ``tiny`` authority.

Queries are the DfE asking an authority to check, not to fix; those these files may
raise, and why each is right:

- 2887Q "fewer than 8 disability codes": the rule counts children recorded with NONE and
  queries a return with 7 or fewer. A small file (the 2024-25 census of the hand-made
  authority has 2 children, tiny's have a handful) has few children; it cannot fire on a
  real authority's return.
- 2888Q "only one disability code per child": raised when no child in the file has two
  or more. Synthetic children have one to three codes, one in ten children has any, so a
  tiny authority's handful of disabled children may all have one; a real-sized file has
  many with several.
- 8770Q "no UPN, or UN1 (not yet at school), for a child of school age": a child first
  recorded before school age as UN1 whose UPN was never added once they started school.
  The record is out of date and the query says so, as it would for a real authority.
- 8825Q "closed RC8/RC9 (after assessment) but no assessment on the episode": the
  assessment was authorised before 1 April and the case closed after it. The DfE reports
  an assessment in the year it ends (8696, an error otherwise), so it was in last year's
  return and cannot be in this one; the query is answered by pointing at last year's.
- 2991Q "a section 47 enquiry on an episode with no assessment": the same, for an episode
  running across 1 April whose assessment ended last year and whose enquiry began this year.
- 8873Q "only assessment found no factors (21) but the case did not close RC8/RC9":
  authorised before 31 March, closed (RC8) in April, so open as at the reference date.
- 8670Q "assessment open more than 45 working days at the year end" and 8675Q "enquiry
  open more than 15 working days with no conference": the synthetic authority has late
  assessments and late conferences at national rates, as a real one does. The census
  reports them as they are; the worklists chase them.

The wrapper (validators/cin_validate.py) prints one JSON summary; ``make test`` builds
.venv-dfe first (``make validators``). A test only skips if it is missing and cannot be
built here.
"""

from __future__ import annotations

import json
import subprocess
from datetime import date
from pathlib import Path

import pytest

from opencsc.returns.cin_census import build_cin_census
from opencsc.synth.runner import generate
from tests.returns.test_cin_fixture import build_authority

REPO = Path(__file__).resolve().parents[2]
PYTHON = REPO / ".venv-dfe" / "bin" / "python"
WRAPPER = REPO / "validators" / "cin_validate.py"

#: Queries a synthetic authority's census may raise: each is explained above.
EXPLAINED_QUERIES = {
    "2887Q", "2888Q", "2991Q", "8670Q", "8675Q", "8770Q", "8825Q", "8873Q",
}


@pytest.fixture(scope="session")
def dfe_python() -> Path:
    if not PYTHON.exists():
        # Build it once, as `make validators` would; skip only if that cannot be done here.
        made = subprocess.run(
            ["make", "-C", str(REPO), ".venv-dfe/.installed"],
            capture_output=True, text=True, timeout=900,
        )
        if made.returncode != 0 or not PYTHON.exists():
            pytest.skip(
                "The DfE CIN validator is not installed (.venv-dfe) and `make validators` "
                f"could not build it here: {made.stderr.strip()[-300:]}"
            )
    return PYTHON


def validate(python: Path, content: bytes, year: int, tmp_path: Path) -> dict:
    path = tmp_path / f"CIN_census_{year}.xml"
    path.write_bytes(content)
    done = subprocess.run(
        [str(python), str(WRAPPER), str(path), "--year", str(year)],
        capture_output=True, text=True, timeout=600,
    )
    assert done.returncode in (0, 1), f"the validator could not run: {done.stdout}{done.stderr}"
    summary = json.loads(done.stdout)
    # The engine counts a rule that raises as passed: none may, on our files.
    assert summary["rules_crashed"] == []
    return summary


def errors_of(summary: dict) -> dict:
    return {c: summary["by_rule"][c] for c in summary["rules_failed_error"]}


@pytest.mark.parametrize("year", [2026, 2025])
def test_the_hand_made_authority_passes_the_dfe_validator(db, dfe_python, tmp_path, year):
    build_authority()
    summary = validate(dfe_python, build_cin_census(year=year), year, tmp_path)
    assert summary["ruleset"] == f"cin{year - 1}_{str(year)[2:]}"
    assert summary["children"] == (10 if year == 2026 else 2)
    assert errors_of(summary) == {}
    # Every module of the return, and not a query on the full year's file.
    expected_queries = [] if year == 2026 else ["2887Q"]
    assert summary["rules_failed_query"] == expected_queries, summary["by_rule"]


@pytest.fixture
def tiny(db):
    # As of 30 June 2026: three months after the 2025-26 year end, so closures and
    # authorisations after 31 March are recorded and must be left out of that census.
    return generate(size="tiny", seed=1, as_of=date(2026, 6, 30))


def test_a_synthetic_authoritys_census_passes_the_dfe_validator(tiny, dfe_python, tmp_path):
    for year in (2026, 2025):
        summary = validate(dfe_python, build_cin_census(year=year), year, tmp_path)
        assert summary["children"] > 0
        assert errors_of(summary) == {}, f"{year}: {summary['by_rule']}"
        assert set(summary["rules_failed_query"]) <= EXPLAINED_QUERIES, summary["by_rule"]
