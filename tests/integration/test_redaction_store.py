"""`workbench score` with redaction on leaves no personal data anywhere in the database file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from workbench.cli import main
from workbench.config import ReviewConfig

pytestmark = pytest.mark.integration

# Each as written in a template; and its digits alone, in case a step reformats it.
PERSONAL = [
    "ana.lopez@example.com",
    "(555) 867-5309",
    "5558675309",
    "4111 1111 1111 1111",
    "4111111111111111",
    "5500-0000-0000-0004",
    "5500000000000004",
    "DE89 3704 0044 0532 0130 00",
    "DE89370400440532013000",
]


def test_redaction_is_on_by_default() -> None:
    assert ReviewConfig().redact is True


def test_score_with_redaction_stores_no_personal_data(tmp_path: Path) -> None:
    library = tmp_path / "templates"
    library.mkdir()
    (library / "refund.md").write_text(
        "Hello, we have refunded the card 4111 1111 1111 1111 and will call you at "
        "(555) 867-5309.\n\nWrite to ana.lopez@example.com if it has not arrived.\n",
        encoding="utf-8",
    )
    (library / "payment.md").write_text(
        "We could not charge 5500-0000-0000-0004; please pay to DE89 3704 0044 0532 0130 00.\n",
        encoding="utf-8",
    )
    config = tmp_path / "workbench.toml"
    config.write_text("[review]\nredact = true\n", encoding="utf-8")
    db = tmp_path / "w.db"
    result = CliRunner().invoke(
        main,
        [
            "--config",
            str(config),
            "score",
            str(library),
            "--to",
            "es",
            "--db",
            str(db),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "{card}" in result.stdout and "{email}" in result.stdout  # the report shows tokens

    def scan(label: str) -> None:
        for file in (db, Path(f"{db}-wal")):
            if file.exists():
                data = file.read_bytes()
                for value in PERSONAL:
                    assert value.encode() not in data, f"{value!r} in {file.name} ({label})"

    scan("after the run")
    conn = sqlite3.connect(db)
    counts = {
        table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
        for table in ("messages", "assessments", "translations", "runs")
    }
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    assert counts["messages"] == 2 and counts["assessments"] == 2 and counts["translations"] > 0
    scan("after a checkpoint")
