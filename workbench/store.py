"""SQLite persistence (the only module that imports sqlite_utils).

WAL mode; the schema version and every applied migration are recorded in the database, so
opening a database made by an older workbench upgrades it in place.
"""

from __future__ import annotations

import hashlib
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from workbench.errors import StoreError

BUSY_TIMEOUT_MS = 30_000


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _m001_translation_cache(db: sqlite_utils.Database) -> None:
    db["translations"].create(
        {
            "backend": str,
            "model": str,
            "source_lang": str,
            "target_lang": str,
            "text_hash": str,
            "translation": str,
            "created": str,
        },
        pk=("backend", "model", "source_lang", "target_lang", "text_hash"),
    )


# Append-only list: never edit or reorder an entry that has shipped; add a new one instead.
MIGRATIONS: list[tuple[str, Callable[[sqlite_utils.Database], None]]] = [
    ("001_translation_cache", _m001_translation_cache),
]


class Store:
    """One workbench database."""

    def __init__(self, path: str | Path = ":memory:") -> None:
        self.path = str(path)
        try:
            if self.path != ":memory:":
                Path(self.path).expanduser().parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(
                self.path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
            )
            self.db = sqlite_utils.Database(conn)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            if self.path != ":memory:":
                self.db.enable_wal()
            conn.execute("PRAGMA foreign_keys = ON")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open database {self.path}: {exc}") from None

    # -- schema -----------------------------------------------------------------------------
    def _migrate(self) -> None:
        conn = self.db.conn
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied TEXT)"
        )
        done = {row[0] for row in conn.execute("SELECT name FROM schema_migrations")}
        for name, migrate in MIGRATIONS:
            if name in done:
                continue
            with conn:  # each migration is one transaction: a crash leaves it undone, not half-done
                conn.execute("BEGIN IMMEDIATE")
                if conn.execute(
                    "SELECT 1 FROM schema_migrations WHERE name = ?", (name,)
                ).fetchone():
                    continue  # another process applied it while we waited for the lock
                migrate(self.db)
                conn.execute(
                    "INSERT INTO schema_migrations (name, applied) VALUES (?, ?)",
                    (name, now_iso()),
                )

    @property
    def schema_version(self) -> int:
        return self.db.conn.execute("SELECT count(*) FROM schema_migrations").fetchone()[0]

    def close(self) -> None:
        self.db.conn.close()

    # -- translation cache --------------------------------------------------------------------
    def cached_translations(
        self, backend: str, model: str, source: str, target: str, texts: Sequence[str]
    ) -> dict[str, str]:
        """Cached translations for `texts` (text -> translation); misses are absent."""
        by_hash = {text_hash(t): t for t in texts}
        found: dict[str, str] = {}
        hashes = list(by_hash)
        for start in range(0, len(hashes), 500):
            chunk = hashes[start : start + 500]
            rows = self.db.conn.execute(
                "SELECT text_hash, translation FROM translations WHERE backend = ? AND model = ?"
                " AND source_lang = ? AND target_lang = ?"
                f" AND text_hash IN ({','.join('?' * len(chunk))})",
                (backend, model, source, target, *chunk),
            )
            for h, translation in rows:
                found[by_hash[h]] = translation
        return found

    def cache_translations(
        self,
        backend: str,
        model: str,
        source: str,
        target: str,
        pairs: Iterable[tuple[str, str]],
    ) -> None:
        stamp = now_iso()
        rows = [
            {
                "backend": backend,
                "model": model,
                "source_lang": source,
                "target_lang": target,
                "text_hash": text_hash(text),
                "translation": translation,
                "created": stamp,
            }
            for text, translation in pairs
        ]
        if rows:

            def write() -> None:
                with self.db.conn:
                    self.db["translations"].upsert_all(rows, pk=self.db["translations"].pks)

            retry_locked(write)


def retry_locked(fn: Callable[[], object], attempts: int = 5) -> object:
    """Run fn, retrying with backoff when another process holds the write lock."""
    for attempt in range(attempts):
        try:
            return fn()
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            if attempt == attempts - 1:
                raise StoreError(f"database is busy; tried {attempts} times") from None
            time.sleep(0.1 * 2**attempt)
    return None
