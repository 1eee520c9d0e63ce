"""--db pointed at another application's SQLite file is refused before anything is written."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from workbench.cli import main
from workbench.errors import StoreError
from workbench.store import Store


def foreign_db(path: Path, journal: str = "delete") -> Path:
    """A small database as another application would leave it (one of Firefox's tables)."""
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA journal_mode = {journal}")
    conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT, title TEXT)")
    conn.execute("CREATE TABLE schema_migrations (version TEXT PRIMARY KEY)")  # Rails' kind
    conn.execute("INSERT INTO moz_places (url, title) VALUES ('https://example.org', 'Example')")
    conn.commit()
    conn.close()
    return path


def fingerprint(path: Path) -> tuple[str, list[str]]:
    siblings = sorted(p.name for p in path.parent.iterdir())
    return hashlib.sha256(path.read_bytes()).hexdigest(), siblings


@pytest.mark.parametrize("journal", ["delete", "wal"])
def test_store_refuses_a_foreign_database_and_leaves_it_unchanged(
    tmp_path: Path, journal: str
) -> None:
    path = foreign_db(tmp_path / "places.sqlite", journal)
    before = fingerprint(path)
    with pytest.raises(StoreError, match="not a workbench database.*moz_places"):
        Store(path)
    assert fingerprint(path) == before
    conn = sqlite3.connect(path)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    conn.close()
    assert tables == {"moz_places", "schema_migrations"}


def test_cli_refuses_a_foreign_database_with_one_line(tmp_path: Path) -> None:
    path = foreign_db(tmp_path / "places.sqlite")
    before = fingerprint(path)
    for args in (
        ["queue", "list", "--db", str(path)],
        ["queue", "stats", "--db", str(path)],
    ):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2, result.output
        assert result.stderr.count("\n") == 1
        assert "is not a workbench database" in result.stderr
        assert "Traceback" not in result.stderr
    assert fingerprint(path) == before


def test_new_empty_and_own_databases_open(tmp_path: Path) -> None:
    Store(tmp_path / "new.db").close()
    (tmp_path / "empty.db").touch()
    Store(tmp_path / "empty.db").close()
    sqlite3.connect(tmp_path / "blank.db").execute("PRAGMA user_version = 1").connection.close()
    Store(tmp_path / "blank.db").close()
    again = Store(tmp_path / "new.db")  # a workbench database opens again
    assert again.schema_version >= 1
    again.close()


def test_a_first_open_cut_short_still_counts_as_ours(tmp_path: Path) -> None:
    path = tmp_path / "half.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied TEXT)")
    conn.commit()
    conn.close()
    Store(path).close()
