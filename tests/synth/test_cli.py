"""``opencsc synth`` on a database that is not empty."""

from __future__ import annotations

from opencsc.cli import main
from tests.factories import TeamFactory


def test_synth_refuses_a_database_with_the_staff_of_a_failed_run(db, capsys):
    # A run that failed part-way leaves its teams and staff: --replace is needed.
    TeamFactory()
    assert main(["synth", "--size", "tiny", "--seed", "1", "--as-of", "2026-06-30"]) == 2
    assert "already holds records" in capsys.readouterr().err
