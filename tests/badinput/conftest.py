"""Harness of the bad-input matrix: run a command on hostile input, check how it failed.

Every case asserts the same contract: the exit code, every error a single line on stderr
that names the input, no traceback, a bounded time, and the good items of the same batch
stored. The pipeline is the real one with the cheap policy scorer only and a target without
an MT engine (ja-JP): what is under test is input handling, not scoring, and 130 cases must
run in well under a minute.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from workbench.cli import main

SECONDS = 10.0  # an in-process case that takes longer than this counts as a hang


@dataclass
class Outcome:
    code: int
    stdout: str
    stderr: str
    seconds: float

    @property
    def errors(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.startswith("error:")]


def assert_clean_failure(outcome: Outcome, code: int = 2, *mentions: str) -> None:
    """Exit `code`, at least one error line, each error one line naming what it is about."""
    assert "Traceback" not in outcome.stderr + outcome.stdout, outcome.stderr
    assert outcome.code == code, (outcome.code, outcome.stderr, outcome.stdout[-500:])
    assert outcome.errors, outcome.stderr
    for mention in mentions:
        assert any(mention in line for line in outcome.errors), (mention, outcome.stderr)
    assert outcome.seconds < SECONDS, outcome.seconds


@pytest.fixture(autouse=True)
def _policy_only_pipeline(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The real pipeline, store and CLI; only the policy scorer (no model loads)."""
    from workbench import service as service_module
    from workbench.pipeline import Pipeline
    from workbench.scoring.base import ScoringContext
    from workbench.scoring.registry import build_scorers

    def pipeline(self):  # type: ignore[no-untyped-def]
        if self._pipeline is None:
            scorers = build_scorers(ScoringContext(self.config), ["policy"])
            self._pipeline = Pipeline(self.config, store=self.store, scorers=scorers)
        return self._pipeline

    monkeypatch.setattr(service_module.Service, "pipeline", property(pipeline))
    yield


@pytest.fixture
def run():  # type: ignore[no-untyped-def]
    """run(*args, input=None) -> Outcome, in process (stderr kept apart from stdout)."""

    def invoke(*args: str, input: bytes | str | None = None) -> Outcome:
        started = time.monotonic()
        result = CliRunner().invoke(main, list(args), input=input)
        seconds = time.monotonic() - started
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception  # an uncaught exception is a traceback for the user
        return Outcome(result.exit_code, result.stdout, result.stderr, seconds)

    return invoke


def stored_ids(db: Path) -> set[str]:
    """Template ids with an assessment in the database (nothing when there is no database)."""
    if not db.exists():
        return set()
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(
            "SELECT DISTINCT m.template_id FROM messages m JOIN assessments a"
            " ON a.message_id = m.id"
        ).fetchall()
    except sqlite3.OperationalError:
        return set()
    finally:
        conn.close()
    return {r[0] for r in rows}
