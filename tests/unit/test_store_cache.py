import sqlite3
from pathlib import Path

from workbench.store import MIGRATIONS, Store


def test_translation_cache_round_trip(tmp_path: Path) -> None:
    store = Store(tmp_path / "w.db")
    assert store.cached_translations("apertium", "m", "en", "es", ["hello"]) == {}
    store.cache_translations("apertium", "m", "en", "es", [("hello", "hola"), ("bye", "adiós")])
    assert store.cached_translations("apertium", "m", "en", "es", ["hello", "bye", "x"]) == {
        "hello": "hola",
        "bye": "adiós",
    }
    # keyed by model and direction too
    assert store.cached_translations("apertium", "other", "en", "es", ["hello"]) == {}
    assert store.cached_translations("apertium", "m", "es", "en", ["hello"]) == {}
    store.close()


def test_migrations_are_recorded_once(tmp_path: Path) -> None:
    path = tmp_path / "w.db"
    Store(path).close()
    Store(path).close()
    rows = sqlite3.connect(path).execute("SELECT name FROM schema_migrations").fetchall()
    assert [r[0] for r in rows] == [name for name, _ in MIGRATIONS]


def test_wal_mode(tmp_path: Path) -> None:
    store = Store(tmp_path / "w.db")
    assert store.db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.close()
