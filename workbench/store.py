"""SQLite persistence (the only module that imports sqlite_utils).

WAL mode; the schema version and every applied migration are recorded in the database, so
opening a database made by an older workbench upgrades it in place.

Tables: runs (with their signature), messages (deduplicated by content hash and template id),
assessments (immutable: a reviewer's edit or revision is a new row), findings, queue_items
(the only mutable review state), decisions (append-only, enforced by triggers), purges (what
each retention or deletion request removed), translations (the MT cache).

Several processes may share one database: every write is one short `BEGIN IMMEDIATE`
transaction, retried while another process holds the lock, so claims are atomic and a
batch killed half way leaves nothing half-written.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import sqlite_utils

from workbench.errors import StoreError, UsageError
from workbench.models import (
    DECISION_ACTIONS,
    LEVELS,
    OPEN_STATUSES,
    QUEUE_STATUSES,
    Assessment,
    Decision,
    Finding,
    Message,
    MTInfo,
    PipelineItem,
    PurgeReport,
    QueueRow,
    QueueStats,
    ReviewItem,
    Risk,
)

BUSY_TIMEOUT_MS = 30_000
T = TypeVar("T")


class QueueError(UsageError):
    """A queue action the item's state does not allow (claimed by another reviewer, decided)."""


class ItemNotFoundError(UsageError):
    """No queue item with that id."""


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def iso(moment: datetime) -> str:
    """UTC, whole seconds: every stored time has this one form, so text order is time order."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def message_hash(message: Message) -> str:
    """Content identity of a message: its language, text and any given translation."""
    return text_hash(
        json.dumps([message.source_lang, message.text, message.translation], ensure_ascii=False)
    )


def customer_hash(customer: str) -> str:
    """Customers are stored only as this hash: enough to find their data, not to read it."""
    return text_hash("customer:" + customer.strip().lower())


def _m001_translation_cache(db: sqlite_utils.Database) -> None:
    db["translations"].create(  # type: ignore[union-attr]
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


_STATUS_CHECK = ", ".join(f"'{s}'" for s in QUEUE_STATUSES)
_ACTION_CHECK = ", ".join(f"'{a}'" for a in DECISION_ACTIONS)


def _purge_only(table: str) -> list[str]:
    """Triggers that make `table` immutable: no UPDATE ever, DELETE only inside a purge."""
    return [
        f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} BEGIN"
        f" SELECT RAISE(ABORT, '{table} are append-only: rows cannot be changed'); END",
        f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}"
        " WHEN NOT EXISTS (SELECT 1 FROM purges WHERE active = 1) BEGIN"
        f" SELECT RAISE(ABORT, '{table} are append-only: only a recorded purge deletes rows'); END",
    ]


_M002_SQL = [
    """CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        workbench_version TEXT NOT NULL,
        targets TEXT NOT NULL DEFAULT '[]',
        signature TEXT NOT NULL DEFAULT '{}',  -- MT per pair, embedding models, glossary versions
        status TEXT NOT NULL DEFAULT 'running'
            CHECK (status IN ('running', 'finished', 'cancelled', 'failed')),
        started TEXT NOT NULL,
        finished TEXT,
        messages INTEGER NOT NULL DEFAULT 0,
        skipped INTEGER NOT NULL DEFAULT 0,
        assessed INTEGER NOT NULL DEFAULT 0,
        queued INTEGER NOT NULL DEFAULT 0
    )""",
    """CREATE TABLE messages (
        id INTEGER PRIMARY KEY,
        hash TEXT NOT NULL,
        template_id TEXT NOT NULL,
        source_lang TEXT NOT NULL,
        text TEXT NOT NULL,
        translation TEXT,
        origin TEXT,
        line INTEGER,
        tags TEXT NOT NULL DEFAULT '[]',
        ignore TEXT NOT NULL DEFAULT '[]',
        customer_hash TEXT,
        created TEXT NOT NULL,
        UNIQUE (hash, template_id)
    )""",
    "CREATE INDEX messages_customer ON messages (customer_hash) WHERE customer_hash IS NOT NULL",
    "CREATE INDEX messages_created ON messages (created)",
    """CREATE TABLE assessments (
        id INTEGER PRIMARY KEY,
        run_id INTEGER REFERENCES runs (id),
        message_id INTEGER NOT NULL REFERENCES messages (id),
        target TEXT NOT NULL,
        revision INTEGER NOT NULL DEFAULT 0,  -- 0: from a run; n: a reviewer's nth revision
        item_id INTEGER,  -- the queue item a revision belongs to
        translation TEXT,
        back_translation TEXT,
        forward_backend TEXT,
        forward_model TEXT,
        backward_backend TEXT,
        backward_model TEXT,
        item_unavailable TEXT NOT NULL DEFAULT '[]',
        signals TEXT NOT NULL DEFAULT '{}',
        unavailable TEXT NOT NULL DEFAULT '{}',
        risk_score REAL,
        risk_level TEXT,
        risk_reasons TEXT NOT NULL DEFAULT '[]',
        sensitive TEXT NOT NULL DEFAULT '[]',
        created TEXT NOT NULL
    )""",
    # The idempotency key of a run: one assessment per message and target, however often
    # (or however interrupted) a submit is repeated.
    "CREATE UNIQUE INDEX assessments_once ON assessments (message_id, target) WHERE revision = 0",
    "CREATE INDEX assessments_item ON assessments (item_id) WHERE item_id IS NOT NULL",
    "CREATE INDEX assessments_run ON assessments (run_id)",
    """CREATE TABLE findings (
        id INTEGER PRIMARY KEY,
        assessment_id INTEGER NOT NULL REFERENCES assessments (id),
        ord INTEGER NOT NULL,
        rule_id TEXT NOT NULL,
        message TEXT NOT NULL,
        span_start INTEGER NOT NULL,
        span_end INTEGER NOT NULL,
        field TEXT NOT NULL,
        severity TEXT NOT NULL,
        suggestion TEXT
    )""",
    "CREATE INDEX findings_assessment ON findings (assessment_id, ord)",
    "CREATE INDEX findings_rule ON findings (rule_id)",
    f"""CREATE TABLE queue_items (
        id INTEGER PRIMARY KEY,
        message_id INTEGER NOT NULL REFERENCES messages (id),
        target TEXT NOT NULL,
        language TEXT NOT NULL,
        template_id TEXT NOT NULL,
        assessment_id INTEGER NOT NULL REFERENCES assessments (id),
        run_id INTEGER REFERENCES runs (id),
        level TEXT NOT NULL,
        score REAL NOT NULL,
        sensitive INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ({_STATUS_CHECK})),
        claimed_by TEXT,
        claim_expires TEXT,
        created TEXT NOT NULL,
        updated TEXT NOT NULL,
        UNIQUE (message_id, target)
    )""",
    # The queue is read by status and risk, optionally narrowed by language or level.
    "CREATE INDEX queue_status_score ON queue_items (status, score DESC, id)",
    "CREATE INDEX queue_language ON queue_items (language, status, score DESC, id)",
    "CREATE INDEX queue_level ON queue_items (level, status, score DESC, id)",
    "CREATE INDEX queue_template ON queue_items (template_id)",
    "CREATE INDEX queue_age ON queue_items (status, created, id)",
    "CREATE INDEX queue_claims ON queue_items (claim_expires) WHERE status = 'claimed'",
    f"""CREATE TABLE decisions (
        id INTEGER PRIMARY KEY,
        item_id INTEGER NOT NULL REFERENCES queue_items (id),
        reviewer TEXT NOT NULL,
        at TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ({_ACTION_CHECK})),
        note TEXT,
        before TEXT,
        after TEXT,
        assessment_id INTEGER REFERENCES assessments (id)
    )""",
    "CREATE INDEX decisions_item ON decisions (item_id, id)",
    "CREATE INDEX decisions_reviewer ON decisions (reviewer, action)",
    """CREATE TABLE purges (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        criteria TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 0,  -- 1 only inside the purge's own transaction
        report TEXT
    )""",
    *_purge_only("decisions"),
    *_purge_only("assessments"),
    *_purge_only("findings"),
    *_purge_only("messages"),
]


def _m002_review_queue(db: sqlite_utils.Database) -> None:
    # One statement at a time: executescript() would COMMIT the migration's transaction.
    for statement in _M002_SQL:
        db.conn.execute(statement)


# Indexes that hand rows over already in risk (or age) order, so a page of the queue reads
# only as many rows as it shows: a filter on several statuses at once cannot use a
# status-first index for ordering (SQLite would sort every open item), so the list query
# walks one of these instead and checks the status per row.
_M003_SQL = [
    "DROP INDEX queue_language",
    "DROP INDEX queue_level",
    "DROP INDEX queue_age",
    "CREATE INDEX queue_rank ON queue_items (score DESC, id)",
    "CREATE INDEX queue_language_rank ON queue_items (language, score DESC, id)",
    "CREATE INDEX queue_target_rank ON queue_items (target, score DESC, id)",
    "CREATE INDEX queue_level_rank ON queue_items (level, score DESC, id)",
    # Counts by status, level and language read this index alone, never the table; within
    # one status its rows follow the rowid, which is age order.
    "CREATE INDEX queue_counts ON queue_items (status, level, language)",
    "CREATE INDEX queue_status_age ON queue_items (status, id)",
]


def _m003_queue_order_indexes(db: sqlite_utils.Database) -> None:
    for statement in _M003_SQL:
        db.conn.execute(statement)


def _m004_embedding_cache(db: sqlite_utils.Database) -> None:
    # Sentence embeddings by (model, text hash): a second run over an unchanged library
    # loads no embedding model at all.
    db["embeddings"].create(
        {"model": str, "text_hash": str, "dim": int, "vector": bytes, "created": str},
        pk=("model", "text_hash"),
    )


def _m005_score_cache(db: sqlite_utils.Database) -> None:
    # One scorer's result for one item, keyed by a hash of everything it depends on (the
    # texts, the target, the config and the glossary contents): a warm run scores nothing.
    db["score_cache"].create({"key": str, "scorer": str, "result": str, "created": str}, pk="key")


# Append-only list: never edit or reorder an entry that has shipped; add a new one instead.
MIGRATIONS: list[tuple[str, Callable[[sqlite_utils.Database], None]]] = [
    ("001_translation_cache", _m001_translation_cache),
    ("002_review_queue", _m002_review_queue),
    ("003_queue_order_indexes", _m003_queue_order_indexes),
    ("004_embedding_cache", _m004_embedding_cache),
    ("005_score_cache", _m005_score_cache),
]


@dataclass(frozen=True, slots=True)
class SavedBatch:
    """What one save_assessments call stored (already stored pairs are not counted)."""

    assessed: int
    queued: int
    by_level: dict[str, int]


@dataclass(frozen=True, slots=True)
class _ItemState:
    id: int
    status: str
    claimed_by: str | None
    claim_expires: str | None
    assessment_id: int
    message_id: int
    target: str
    template_id: str


class Store:
    """One workbench database."""

    def __init__(self, path: str | Path = ":memory:") -> None:
        self.path = str(path)
        # One connection may serve several threads (the TUI's workers): one at a time.
        self._lock = threading.RLock()
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
                # In WAL mode NORMAL keeps the database consistent through a crash or kill -9;
                # only an OS crash may lose the last commits. It makes each commit cheap.
                conn.execute("PRAGMA synchronous = NORMAL")
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
        conn.commit()
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
        with self._lock:
            # Keeps the query planner's statistics fresh (cheap; SQLite's advice).
            with contextlib.suppress(sqlite3.Error):
                self.db.conn.execute("PRAGMA optimize")
            self.db.conn.close()

    # -- transactions -----------------------------------------------------------------------
    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One IMMEDIATE transaction: it takes the write lock up front, so two processes
        never both read 'queued' and then both claim (no deferred-to-write upgrade)."""
        with self._lock:
            conn = self.db.conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.rollback()
                raise
            conn.commit()

    def _transaction(self, work: Callable[[sqlite3.Connection], T]) -> T:
        def attempt() -> T:
            with self._write() as conn:
                return work(conn)

        return retry_locked(attempt)  # type: ignore[return-value]

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            cursor = self.db.conn.execute(sql, params)
            cursor.row_factory = sqlite3.Row
            return cursor.fetchall()

    # -- translation cache --------------------------------------------------------------------
    def cached_translations(
        self, backend: str, model: str, source: str, target: str, texts: Sequence[str]
    ) -> dict[str, str]:
        """Cached translations for `texts` (text -> translation); misses are absent."""
        by_hash = {text_hash(t): t for t in texts}
        found: dict[str, str] = {}
        hashes = list(by_hash)
        with self._lock:
            for start in range(0, len(hashes), 500):
                chunk = hashes[start : start + 500]
                rows = self.db.conn.execute(
                    "SELECT text_hash, translation FROM translations"
                    " WHERE backend = ? AND model = ?"
                    " AND source_lang = ? AND target_lang = ?"
                    f" AND text_hash IN ({','.join('?' * len(chunk))})",
                    (backend, model, source, target, *chunk),
                )
                for h, translation in rows:
                    found[by_hash[h]] = translation
        return found

    def cached_embeddings(self, model: str, hashes: Sequence[str]) -> dict[str, bytes]:
        """Stored float32 vectors (raw bytes) by text hash; misses are absent."""
        found: dict[str, bytes] = {}
        unique = list(dict.fromkeys(hashes))
        for start in range(0, len(unique), 500):
            chunk = unique[start : start + 500]
            rows = self._read(
                "SELECT text_hash, vector FROM embeddings WHERE model = ?"
                f" AND text_hash IN ({','.join('?' * len(chunk))})",
                (model, *chunk),
            )
            found.update((row[0], row[1]) for row in rows)
        return found

    def cache_embeddings(self, model: str, vectors: Sequence[tuple[str, bytes, int]]) -> None:
        """Remember (text hash, float32 bytes, dimension) rows for `model`."""
        if not vectors:
            return
        stamp = now_iso()

        def work(conn: sqlite3.Connection) -> None:
            conn.executemany(
                "INSERT OR IGNORE INTO embeddings (model, text_hash, dim, vector, created)"
                " VALUES (?, ?, ?, ?, ?)",
                [(model, h, dim, blob, stamp) for h, blob, dim in vectors],
            )

        self._transaction(work)

    def cached_scores(self, keys: Sequence[str]) -> dict[str, str]:
        """Stored scorer results (JSON) by cache key; misses are absent."""
        found: dict[str, str] = {}
        unique = list(dict.fromkeys(keys))
        for start in range(0, len(unique), 500):
            chunk = unique[start : start + 500]
            rows = self._read(
                f"SELECT key, result FROM score_cache WHERE key IN ({','.join('?' * len(chunk))})",
                chunk,
            )
            found.update((row[0], row[1]) for row in rows)
        return found

    def cache_scores(self, scorer: str, results: Sequence[tuple[str, str]]) -> None:
        """Remember (key, result JSON) rows of one scorer."""
        if not results:
            return
        stamp = now_iso()

        def work(conn: sqlite3.Connection) -> None:
            conn.executemany(
                "INSERT OR REPLACE INTO score_cache (key, scorer, result, created)"
                " VALUES (?, ?, ?, ?)",
                [(key, scorer, result, stamp) for key, result in results],
            )

        self._transaction(work)

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
                with self._lock, self.db.conn:
                    table = self.db.table("translations")
                    table.upsert_all(rows, pk=table.pks)

            retry_locked(write)

    # -- runs ---------------------------------------------------------------------------------
    def start_run(
        self,
        version: str,
        targets: Sequence[str],
        signature: dict[str, Any],
        messages: int = 0,
        skipped: int = 0,
        now: datetime | None = None,
    ) -> int:
        """Record a run before its first batch, so an interrupted run is visible as one."""
        stamp = iso(now or datetime.now(UTC))

        def work(conn: sqlite3.Connection) -> int:
            return conn.execute(
                "INSERT INTO runs (workbench_version, targets, signature, started, messages,"
                " skipped) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                (
                    version,
                    json.dumps(list(targets)),
                    json.dumps(signature),
                    stamp,
                    messages,
                    skipped,
                ),
            ).fetchone()[0]

        return self._transaction(work)

    def finish_run(
        self,
        run_id: int,
        status: str = "finished",
        signature: dict[str, Any] | None = None,
        now: datetime | None = None,
    ) -> None:
        stamp = iso(now or datetime.now(UTC))

        def work(conn: sqlite3.Connection) -> None:
            if signature is not None:
                conn.execute(
                    "UPDATE runs SET signature = ? WHERE id = ?", (json.dumps(signature), run_id)
                )
            conn.execute(
                "UPDATE runs SET status = ?, finished = ? WHERE id = ?", (status, stamp, run_id)
            )

        self._transaction(work)

    def get_run(self, run_id: int) -> dict[str, Any]:
        rows = self._read("SELECT * FROM runs WHERE id = ?", (run_id,))
        if not rows:
            raise UsageError(f"no run {run_id}")
        run = dict(rows[0])
        run["targets"] = json.loads(run["targets"])
        run["signature"] = json.loads(run["signature"])
        return run

    # -- storing assessments ------------------------------------------------------------------
    def assessed_keys(self, keys: Iterable[tuple[str, str, str]]) -> set[tuple[str, str, str]]:
        """Which (message hash, template id, target) keys already have a run's assessment."""
        wanted = set(keys)
        by_hash: dict[str, list[tuple[str, str, str]]] = {}
        for key in wanted:
            by_hash.setdefault(key[0], []).append(key)
        hashes = list(by_hash)
        found: set[tuple[str, str, str]] = set()
        for start in range(0, len(hashes), 500):
            chunk = hashes[start : start + 500]
            rows = self._read(
                "SELECT m.hash, m.template_id, a.target FROM messages m"
                " JOIN assessments a ON a.message_id = m.id AND a.revision = 0"
                f" WHERE m.hash IN ({','.join('?' * len(chunk))})",
                chunk,
            )
            found.update(k for k in (tuple(r) for r in rows) if k in wanted)
        return found  # type: ignore[return-value]

    def save_assessments(
        self,
        run_id: int | None,
        assessments: Sequence[Assessment],
        queue_level: str = "medium",
        now: datetime | None = None,
    ) -> SavedBatch:
        """Store one batch in one transaction, queueing those at/above `queue_level` or sensitive.

        Idempotent: a (message, target) pair already assessed is left as it is, so repeating
        an interrupted submit completes it without duplicates.
        """
        if queue_level not in LEVELS:
            raise UsageError(f"unknown queue level {queue_level!r}; valid: {', '.join(LEVELS)}")
        threshold = LEVELS.index(queue_level)  # type: ignore[arg-type]
        stamp = iso(now or datetime.now(UTC))

        def work(conn: sqlite3.Connection) -> SavedBatch:
            assessed = queued = 0
            by_level: dict[str, int] = {}
            for assessment in assessments:
                message = assessment.item.message
                message_id = self._message_id(conn, message, stamp)
                assessment_id = self._insert_assessment(
                    conn, assessment, message_id, run_id=run_id, stamp=stamp
                )
                if assessment_id is None:
                    continue  # assessed before: a repeated or resumed submit
                assessed += 1
                risk = assessment.risk
                if risk is not None:
                    by_level[risk.level] = by_level.get(risk.level, 0) + 1
                if risk is None or not (LEVELS.index(risk.level) >= threshold or risk.sensitive):
                    continue
                target = assessment.item.target
                row = conn.execute(
                    "INSERT OR IGNORE INTO queue_items (message_id, target, language, template_id,"
                    " assessment_id, run_id, level, score, sensitive, status, created, updated)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?) RETURNING id",
                    (
                        message_id,
                        target,
                        target.split("-")[0],
                        message.id,
                        assessment_id,
                        run_id,
                        risk.level,
                        float(risk.score),
                        int(bool(risk.sensitive)),
                        stamp,
                        stamp,
                    ),
                ).fetchone()
                queued += row is not None
            if run_id is not None:
                conn.execute(
                    "UPDATE runs SET assessed = assessed + ?, queued = queued + ? WHERE id = ?",
                    (assessed, queued, run_id),
                )
            return SavedBatch(assessed, queued, by_level)

        return self._transaction(work)

    def _message_id(
        self,
        conn: sqlite3.Connection,
        message: Message,
        stamp: str,
        customer: str | None = None,
    ) -> int:
        digest = message_hash(message)
        row = conn.execute(
            "SELECT id FROM messages WHERE hash = ? AND template_id = ?", (digest, message.id)
        ).fetchone()
        if row:
            return row[0]
        return conn.execute(
            "INSERT INTO messages (hash, template_id, source_lang, text, translation, origin, line,"
            " tags, ignore, customer_hash, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " RETURNING id",
            (
                digest,
                message.id,
                message.source_lang,
                message.text,
                message.translation,
                message.origin,
                message.line,
                json.dumps(list(message.tags), ensure_ascii=False),
                json.dumps(list(message.ignore), ensure_ascii=False),
                customer or (customer_hash(message.customer) if message.customer else None),
                stamp,
            ),
        ).fetchone()[0]

    def _insert_assessment(
        self,
        conn: sqlite3.Connection,
        assessment: Assessment,
        message_id: int,
        *,
        run_id: int | None,
        stamp: str,
        revision: int = 0,
        item_id: int | None = None,
    ) -> int | None:
        """Insert an assessment and its findings; None when this pair was assessed before."""
        item = assessment.item
        risk = assessment.risk
        row = conn.execute(
            "INSERT OR IGNORE INTO assessments (run_id, message_id, target, revision, item_id,"
            " translation, back_translation, forward_backend, forward_model, backward_backend,"
            " backward_model, item_unavailable, signals, unavailable, risk_score, risk_level,"
            " risk_reasons, sensitive, created)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (
                run_id,
                message_id,
                item.target,
                revision,
                item_id,
                item.translation,
                item.back_translation,
                item.forward.backend if item.forward else None,
                item.forward.model if item.forward else None,
                item.backward.backend if item.backward else None,
                item.backward.model if item.backward else None,
                json.dumps([list(u) for u in item.unavailable], ensure_ascii=False),
                json.dumps(assessment.signals, ensure_ascii=False, default=_jsonable),
                json.dumps(assessment.unavailable, ensure_ascii=False),
                float(risk.score) if risk else None,
                risk.level if risk else None,
                json.dumps(list(risk.reasons) if risk else [], ensure_ascii=False),
                json.dumps(list(risk.sensitive) if risk else [], ensure_ascii=False),
                stamp,
            ),
        ).fetchone()
        if row is None:
            return None
        assessment_id = row[0]
        conn.executemany(
            "INSERT INTO findings (assessment_id, ord, rule_id, message, span_start, span_end,"
            " field, severity, suggestion) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    assessment_id,
                    n,
                    f.rule_id,
                    f.message,
                    f.span[0],
                    f.span[1],
                    f.field,
                    f.severity,
                    f.suggestion,
                )
                for n, f in enumerate(assessment.findings)
            ],
        )
        return assessment_id

    # -- loading --------------------------------------------------------------------------------
    def load_assessment(self, assessment_id: int) -> Assessment:
        """Rebuild a models.Assessment (with its findings) from the database."""
        rows = self._read(
            "SELECT a.*, m.template_id, m.source_lang, m.text, m.translation AS given,"
            " m.origin, m.line, m.tags, m.ignore FROM assessments a"
            " JOIN messages m ON m.id = a.message_id WHERE a.id = ?",
            (assessment_id,),
        )
        if not rows:
            raise StoreError(f"assessment {assessment_id} is missing from the database")
        r = rows[0]
        message = Message(
            id=r["template_id"],
            text=r["text"],
            source_lang=r["source_lang"],
            target=r["target"],
            translation=r["given"],
            origin=r["origin"],
            line=r["line"],
            tags=tuple(json.loads(r["tags"])),
            ignore=tuple(json.loads(r["ignore"])),
        )
        item = PipelineItem(
            message=message,
            target=r["target"],
            translation=r["translation"],
            back_translation=r["back_translation"],
            forward=MTInfo(r["forward_backend"], r["forward_model"])
            if r["forward_backend"]
            else None,
            backward=MTInfo(r["backward_backend"], r["backward_model"])
            if r["backward_backend"]
            else None,
            unavailable=tuple((u[0], u[1]) for u in json.loads(r["item_unavailable"])),
        )
        findings = tuple(
            Finding(
                rule_id=f["rule_id"],
                message=f["message"],
                span=(f["span_start"], f["span_end"]),
                field=f["field"],
                severity=f["severity"],
                suggestion=f["suggestion"],
            )
            for f in self._read(
                "SELECT * FROM findings WHERE assessment_id = ? ORDER BY ord", (assessment_id,)
            )
        )
        risk = (
            Risk(
                score=r["risk_score"],
                level=r["risk_level"],
                reasons=tuple(json.loads(r["risk_reasons"])),
                sensitive=tuple(json.loads(r["sensitive"])),
            )
            if r["risk_level"]
            else None
        )
        return Assessment(
            item=item,
            signals=json.loads(r["signals"]),
            findings=findings,
            unavailable=json.loads(r["unavailable"]),
            risk=risk,
        )

    def get_item(self, item_id: int, now: datetime | None = None) -> ReviewItem:
        """A queue item with its current assessment and every decision, oldest first."""
        self.expire_claims(now)
        rows = self._read("SELECT * FROM queue_items WHERE id = ?", (item_id,))
        if not rows:
            raise ItemNotFoundError(f"no queue item {item_id}")
        q = rows[0]
        decisions = tuple(
            Decision(
                id=d["id"],
                item_id=d["item_id"],
                reviewer=d["reviewer"],
                at=d["at"],
                action=d["action"],
                note=d["note"],
                before=d["before"],
                after=d["after"],
                assessment_id=d["assessment_id"],
            )
            for d in self._read("SELECT * FROM decisions WHERE item_id = ? ORDER BY id", (item_id,))
        )
        return ReviewItem(
            id=q["id"],
            status=q["status"],
            assessment=self.load_assessment(q["assessment_id"]),
            decisions=decisions,
            created=q["created"],
            updated=q["updated"],
            claimed_by=q["claimed_by"],
            claim_expires=q["claim_expires"],
            assessment_id=q["assessment_id"],
            run_id=q["run_id"],
        )

    # -- the queue ------------------------------------------------------------------------------
    def list_queue(
        self,
        *,
        language: str | None = None,
        level: str | Sequence[str] | None = None,
        status: str | Sequence[str] | None = None,
        template: str | None = None,
        search: str | None = None,
        sort: str = "risk",
        limit: int = 200,
        offset: int = 0,
        now: datetime | None = None,
    ) -> list[QueueRow]:
        """Queue rows, highest risk first (sort="risk") or oldest first (sort="age").

        status "open" means queued, released or claimed; a language without a region ("es")
        matches every region; a template with * or ? is a glob; search looks in the template
        id, the source text, the translation and the risk reasons.
        """
        self.expire_claims(now)
        where, params = self._queue_filters(language, level, status, template, search)
        if sort not in ("risk", "age"):
            raise UsageError(f"unknown sort {sort!r}; valid: risk, age")
        # Ids grow with insertion, so id order is age order (and needs no index of its own).
        order = "q.score DESC, q.id" if sort == "risk" else "q.id"
        # Choose the page from queue_items alone, then join texts for those rows only.
        rows = self._read(
            "SELECT q.id, q.level, q.score, q.target, q.template_id,"
            " substr(m.text, 1, 400) AS text,"
            " json_extract(a.risk_reasons, '$[0]') AS top_reason, q.status, q.created,"
            " q.claimed_by, q.claim_expires, q.sensitive, q.updated"
            f" FROM (SELECT * FROM queue_items q {where} ORDER BY {order} LIMIT ? OFFSET ?) q"
            " JOIN assessments a ON a.id = q.assessment_id"
            " JOIN messages m ON m.id = a.message_id"
            f" ORDER BY {order}",
            [*params, int(limit), int(offset)],
        )
        return [
            QueueRow(
                id=r["id"],
                level=r["level"],
                score=r["score"],
                target=r["target"],
                template_id=r["template_id"],
                first_line=_first_line(r["text"]),
                top_reason=r["top_reason"] or "",
                status=r["status"],
                created=r["created"],
                claimed_by=r["claimed_by"],
                claim_expires=r["claim_expires"],
                sensitive=bool(r["sensitive"]),
                updated=r["updated"],
            )
            for r in rows
        ]

    @staticmethod
    def _queue_filters(
        language: str | None,
        level: str | Sequence[str] | None,
        status: str | Sequence[str] | None,
        template: str | None,
        search: str | None,
    ) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if language:
            if "-" in language or "_" in language:
                clauses.append("q.target = ?")
                params.append(language.replace("_", "-"))
            else:
                clauses.append("q.language = ?")
                params.append(language.lower())
        levels = _as_list(level)
        if levels:
            bad = [lv for lv in levels if lv not in LEVELS]
            if bad:
                raise UsageError(f"unknown risk level {bad[0]!r}; valid: {', '.join(LEVELS)}")
            clauses.append(f"q.level IN ({','.join('?' * len(levels))})")
            params.extend(levels)
        statuses: list[str] = []
        for s in _as_list(status):
            if s == "open":
                statuses.extend([*OPEN_STATUSES, "claimed"])
            elif s in QUEUE_STATUSES:
                statuses.append(s)
            elif s != "all":
                raise UsageError(
                    f"unknown status {s!r}; valid: open, all, {', '.join(QUEUE_STATUSES)}"
                )
        statuses = list(dict.fromkeys(statuses))
        if len(statuses) == 1:
            clauses.append("q.status = ?")  # the (status, score) index filters and orders
        elif statuses:
            # "+" keeps SQLite off the status index (which cannot order several statuses)
            # and on a (…, score) index that yields rows in order, checking status per row.
            clauses.append(f"+q.status IN ({','.join('?' * len(statuses))})")
        params.extend(statuses)
        if template:
            if any(ch in template for ch in "*?["):
                clauses.append("q.template_id GLOB ?")
            else:
                clauses.append("q.template_id = ?")
            params.append(template)
        if search:
            pattern = (
                "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            )
            clauses.append(
                "(q.template_id LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM assessments a"
                " JOIN messages m ON m.id = a.message_id WHERE a.id = q.assessment_id"
                " AND (m.text LIKE ? ESCAPE '\\' OR a.translation LIKE ? ESCAPE '\\'"
                " OR a.risk_reasons LIKE ? ESCAPE '\\')))"
            )
            params.extend([pattern] * 4)
        return ("WHERE " + " AND ".join(clauses) if clauses else ""), params

    def queue_counts(self, now: datetime | None = None) -> dict[str, int]:
        """Items per status, open items per risk level, and "open" and "total"."""
        self.expire_claims(now)
        counts: dict[str, int] = {s: 0 for s in QUEUE_STATUSES}
        counts.update({lv: 0 for lv in LEVELS})
        for status, n in self._read("SELECT status, count(*) FROM queue_items GROUP BY status"):
            counts[status] = n
        open_statuses = [*OPEN_STATUSES, "claimed"]
        for level, n in self._read(
            "SELECT level, count(*) FROM queue_items"
            f" WHERE status IN ({','.join('?' * len(open_statuses))}) GROUP BY level",
            open_statuses,
        ):
            counts[level] = n
        counts["open"] = sum(counts[s] for s in open_statuses)
        counts["total"] = sum(counts[s] for s in QUEUE_STATUSES)
        return counts

    def stats(self, now: datetime | None = None) -> QueueStats:
        counts = self.queue_counts(now)
        open_statuses = [*OPEN_STATUSES, "claimed"]
        marks = ",".join("?" * len(open_statuses))
        by_language = {
            lang: n
            for lang, n in self._read(
                f"SELECT language, count(*) FROM queue_items WHERE status IN ({marks})"
                " GROUP BY language ORDER BY language",
                open_statuses,
            )
        }
        by_reviewer = {
            reviewer: n
            for reviewer, n in self._read(
                "SELECT reviewer, count(*) FROM decisions WHERE action IN"
                " ('approve', 'edit_approve', 'reject', 'escalate') GROUP BY reviewer"
                " ORDER BY reviewer"
            )
        }
        oldest = self._read(
            f"SELECT min(created) FROM queue_items WHERE status IN ({marks})", open_statuses
        )[0][0]
        runs = self._read("SELECT count(*) FROM runs")[0][0]
        assessments = self._read("SELECT count(*) FROM assessments")[0][0]
        return QueueStats(
            total=counts["total"],
            by_status={s: counts[s] for s in QUEUE_STATUSES},
            by_level={lv: counts[lv] for lv in LEVELS},
            by_language=by_language,
            decisions_by_reviewer=by_reviewer,
            oldest_open=oldest,
            runs=runs,
            assessments=assessments,
        )

    # -- claims and decisions -------------------------------------------------------------------
    def expire_claims(self, now: datetime | None = None) -> int:
        """Hand back claims whose time ran out (a 'release' decision records each)."""
        stamp = iso(now or datetime.now(UTC))
        if not self._read(
            "SELECT 1 FROM queue_items WHERE status = 'claimed' AND claim_expires <= ? LIMIT 1",
            (stamp,),
        ):
            return 0  # the common case stays a pure read
        return self._transaction(lambda conn: self._expire(conn, stamp))

    @staticmethod
    def _expire(conn: sqlite3.Connection, stamp: str) -> int:
        stale = conn.execute(
            "SELECT id, claimed_by, claim_expires, assessment_id FROM queue_items"
            " WHERE status = 'claimed' AND claim_expires <= ?",
            (stamp,),
        ).fetchall()
        for item_id, reviewer, expires, assessment_id in stale:
            conn.execute(
                "UPDATE queue_items SET status = 'released', claimed_by = NULL,"
                " claim_expires = NULL, updated = ? WHERE id = ?",
                (stamp, item_id),
            )
            conn.execute(
                "INSERT INTO decisions (item_id, reviewer, at, action, note, assessment_id)"
                " VALUES (?, ?, ?, 'release', ?, ?)",
                (item_id, reviewer or "", stamp, f"claim expired at {expires}", assessment_id),
            )
        return len(stale)

    @staticmethod
    def _state(conn: sqlite3.Connection, item_id: int) -> _ItemState:
        row = conn.execute(
            "SELECT id, status, claimed_by, claim_expires, assessment_id, message_id, target,"
            " template_id FROM queue_items WHERE id = ?",
            (item_id,),
        ).fetchone()
        if row is None:
            raise ItemNotFoundError(f"no queue item {item_id}")
        return _ItemState(*row)

    @staticmethod
    def _record(
        conn: sqlite3.Connection,
        item_id: int,
        reviewer: str,
        action: str,
        stamp: str,
        *,
        note: str | None = None,
        before: str | None = None,
        after: str | None = None,
        assessment_id: int | None = None,
    ) -> None:
        conn.execute(
            "INSERT INTO decisions (item_id, reviewer, at, action, note, before, after,"
            " assessment_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (item_id, reviewer, stamp, action, note, before, after, assessment_id),
        )

    def claim(
        self,
        reviewer: str,
        item_id: int | None = None,
        *,
        minutes: int = 30,
        now: datetime | None = None,
    ) -> int | None:
        """Claim an item for `minutes`; None = the highest-risk open one. Returns its id, or
        None when nothing is left. Atomic across processes: two reviewers never get one item."""
        _need_reviewer(reviewer)
        moment = now or datetime.now(UTC)
        stamp, expires = iso(moment), iso(moment + timedelta(minutes=minutes))

        def work(conn: sqlite3.Connection) -> int | None:
            self._expire(conn, stamp)
            if item_id is None:
                row = conn.execute(
                    "UPDATE queue_items SET status = 'claimed', claimed_by = ?, claim_expires = ?,"
                    " updated = ? WHERE id = (SELECT id FROM queue_items"
                    " WHERE status IN ('queued', 'released') ORDER BY score DESC, id LIMIT 1)"
                    " AND status IN ('queued', 'released') RETURNING id, assessment_id",
                    (reviewer, expires, stamp),
                ).fetchone()
                if row is None:
                    return None
            else:
                state = self._state(conn, item_id)
                if state.status == "claimed" and state.claimed_by != reviewer:
                    raise QueueError(
                        f"item {item_id} is claimed by {state.claimed_by}"
                        f" until {state.claim_expires}"
                    )
                if state.status in ("approved", "rejected"):
                    raise QueueError(f"item {item_id} is already {state.status}")
                row = conn.execute(
                    "UPDATE queue_items SET status = 'claimed', claimed_by = ?, claim_expires = ?,"
                    " updated = ? WHERE id = ? RETURNING id, assessment_id",
                    (reviewer, expires, stamp, item_id),
                ).fetchone()
            self._record(
                conn,
                row[0],
                reviewer,
                "claim",
                stamp,
                note=f"until {expires}",
                assessment_id=row[1],
            )
            return row[0]

        return self._transaction(work)

    def release(self, item_id: int, reviewer: str, now: datetime | None = None) -> None:
        """Hand a claimed item back to the queue (status "released")."""
        _need_reviewer(reviewer)
        stamp = iso(now or datetime.now(UTC))

        def work(conn: sqlite3.Connection) -> None:
            self._expire(conn, stamp)
            state = self._state(conn, item_id)
            if state.status != "claimed" or state.claimed_by != reviewer:
                holder = (
                    f"claimed by {state.claimed_by}" if state.status == "claimed" else state.status
                )
                raise QueueError(f"item {item_id} is not claimed by {reviewer} (it is {holder})")
            conn.execute(
                "UPDATE queue_items SET status = 'released', claimed_by = NULL,"
                " claim_expires = NULL, updated = ? WHERE id = ?",
                (stamp, item_id),
            )
            self._record(
                conn, item_id, reviewer, "release", stamp, assessment_id=state.assessment_id
            )

        self._transaction(work)

    def decide(
        self,
        item_id: int,
        reviewer: str,
        action: str,
        *,
        note: str | None = None,
        revision: Assessment | None = None,
        now: datetime | None = None,
    ) -> None:
        """Record a reviewer's action and move the item to its new status, in one transaction.

        approve / edit_approve / reject / escalate need the item to be open, escalated or
        claimed by this reviewer; `revision` (an edited or re-run assessment) becomes the
        item's current assessment, the old one stays. "revise" changes the assessment but not
        the status; "note" only appends.
        """
        _need_reviewer(reviewer)
        new_status = {
            "approve": "approved",
            "edit_approve": "approved",
            "reject": "rejected",
            "escalate": "escalated",
        }.get(action)
        if new_status is None and action not in ("revise", "note"):
            raise UsageError(f"unknown decision {action!r}")
        if action in ("reject", "escalate", "note") and not (note and note.strip()):
            raise UsageError(f"{action} needs a reason or text")
        if action in ("edit_approve", "revise") and revision is None:
            raise UsageError(f"{action} needs the revised assessment")
        stamp = iso(now or datetime.now(UTC))

        def work(conn: sqlite3.Connection) -> None:
            self._expire(conn, stamp)
            state = self._state(conn, item_id)
            if action == "note":
                self._record(
                    conn,
                    item_id,
                    reviewer,
                    "note",
                    stamp,
                    note=note,
                    assessment_id=state.assessment_id,
                )
                return
            if state.status in ("approved", "rejected"):
                raise QueueError(f"item {item_id} is already {state.status}")
            if state.status == "claimed" and state.claimed_by != reviewer:
                raise QueueError(
                    f"item {item_id} is claimed by {state.claimed_by} until {state.claim_expires}"
                )
            if action == "escalate" and state.status == "escalated":
                raise QueueError(f"item {item_id} is already escalated")
            assessment_id = state.assessment_id
            before = after = None
            if revision is not None:
                before = conn.execute(
                    "SELECT translation FROM assessments WHERE id = ?", (assessment_id,)
                ).fetchone()[0]
                assessment_id = self._insert_revision(conn, state, revision, stamp)
                after = revision.item.translation
                risk = revision.risk
                conn.execute(
                    "UPDATE queue_items SET assessment_id = ?, level = coalesce(?, level),"
                    " score = coalesce(?, score), sensitive = ? WHERE id = ?",
                    (
                        assessment_id,
                        risk.level if risk else None,
                        float(risk.score) if risk else None,
                        int(bool(risk and risk.sensitive)),
                        item_id,
                    ),
                )
            if new_status is not None:
                conn.execute(
                    "UPDATE queue_items SET status = ?, claimed_by = NULL, claim_expires = NULL,"
                    " updated = ? WHERE id = ?",
                    (new_status, stamp, item_id),
                )
            else:  # revise: the claim (if any) stays
                conn.execute("UPDATE queue_items SET updated = ? WHERE id = ?", (stamp, item_id))
            self._record(
                conn,
                item_id,
                reviewer,
                action,
                stamp,
                note=note,
                before=before,
                after=after,
                assessment_id=assessment_id,
            )

        self._transaction(work)

    def _insert_revision(
        self, conn: sqlite3.Connection, state: _ItemState, assessment: Assessment, stamp: str
    ) -> int:
        original = conn.execute(
            "SELECT customer_hash FROM messages WHERE id = ?", (state.message_id,)
        ).fetchone()
        message = assessment.item.message
        if message.id != state.template_id:  # a revision stays under the item's template id
            message = Message(
                id=state.template_id,
                text=message.text,
                source_lang=message.source_lang,
                translation=message.translation,
                origin=message.origin,
                line=message.line,
                tags=message.tags,
                ignore=message.ignore,
            )
        message_id = self._message_id(conn, message, stamp, customer=original[0])
        revision = conn.execute(
            "SELECT coalesce(max(revision), 0) + 1 FROM assessments WHERE item_id = ?", (state.id,)
        ).fetchone()[0]
        new_id = self._insert_assessment(
            conn,
            assessment,
            message_id,
            run_id=None,
            stamp=stamp,
            revision=revision,
            item_id=state.id,
        )
        assert new_id is not None  # revisions are never deduplicated
        return new_id

    # -- export ---------------------------------------------------------------------------------
    def approved(self, language: str | None = None) -> list[dict[str, Any]]:
        """Approved items with their final translation, reviewer and time, by target."""
        where, params = self._queue_filters(language, None, "approved", None, None)
        rows = self._read(
            "SELECT q.id, q.template_id, q.target, m.source_lang, m.text AS source,"
            " a.translation, d.reviewer, d.at AS approved, d.action"
            " FROM queue_items q JOIN assessments a ON a.id = q.assessment_id"
            " JOIN messages m ON m.id = a.message_id"
            " JOIN decisions d ON d.id = (SELECT max(id) FROM decisions WHERE item_id = q.id"
            " AND action IN ('approve', 'edit_approve'))"
            f" {where} ORDER BY q.target, q.template_id, q.id",
            params,
        )
        return [
            {
                "id": r["id"],
                "template_id": r["template_id"],
                "source_lang": r["source_lang"],
                "target": r["target"],
                "source": r["source"],
                "translation": r["translation"],
                "edited": r["action"] == "edit_approve",
                "reviewer": r["reviewer"],
                "approved": r["approved"],
            }
            for r in rows
        ]

    # -- retention and deletion -----------------------------------------------------------------
    def purge(
        self,
        *,
        before: datetime | None = None,
        customer: str | None = None,
        now: datetime | None = None,
    ) -> PurgeReport:
        """Delete messages created before `before` and/or of `customer` (id or e-mail), with
        everything derived from them: assessments, findings, queue items, decisions and the
        MT cache entries of their texts (and, with `before`, every older cache entry).

        Both criteria given = only what matches both. The purge and what it removed are
        recorded in the purges table, in the same transaction.
        """
        if before is None and customer is None:
            raise UsageError("purge needs --older-than or --customer (or both)")
        stamp = iso(now or datetime.now(UTC))
        cutoff = iso(before) if before else None
        parts = []
        if cutoff:
            parts.append(f"created before {cutoff}")
        if customer:
            parts.append(f"customer sha256:{customer_hash(customer)[:16]}")
        criteria = "; ".join(parts)

        def work(conn: sqlite3.Connection) -> PurgeReport:
            purge_id = conn.execute(
                "INSERT INTO purges (at, criteria, active) VALUES (?, ?, 1) RETURNING id",
                (stamp, criteria),
            ).fetchone()[0]
            conn.execute("CREATE TEMP TABLE IF NOT EXISTS purge_messages (id INTEGER PRIMARY KEY)")
            conn.execute("CREATE TEMP TABLE IF NOT EXISTS purge_items (id INTEGER PRIMARY KEY)")
            conn.execute(
                "CREATE TEMP TABLE IF NOT EXISTS purge_assessments (id INTEGER PRIMARY KEY)"
            )
            conn.execute("CREATE TEMP TABLE IF NOT EXISTS purge_texts (text TEXT PRIMARY KEY)")
            conn.execute("CREATE TEMP TABLE IF NOT EXISTS purge_hashes (hash TEXT PRIMARY KEY)")
            tables = (
                "purge_messages",
                "purge_items",
                "purge_assessments",
                "purge_texts",
                "purge_hashes",
            )
            for table in tables:
                conn.execute(f"DELETE FROM temp.{table}")
            clauses: list[str] = []
            params: list[Any] = []
            if cutoff:
                clauses.append("created < ?")
                params.append(cutoff)
            if customer:
                match = ["customer_hash = ?"]
                params.append(customer_hash(customer))
                if "@" in customer:  # an e-mail address may also sit in unredacted text
                    match.append("instr(lower(text), ?) > 0 OR instr(lower(translation), ?) > 0")
                    params.extend([customer.strip().lower()] * 2)
                clauses.append("(" + " OR ".join(match) + ")")
            conn.execute(
                "INSERT INTO temp.purge_messages SELECT id FROM messages WHERE "
                + " AND ".join(clauses),
                params,
            )
            # Items of those messages, and every assessment of the messages or the items
            # (a reviewer's revision may have its own message row).
            conn.execute(
                "INSERT INTO temp.purge_items SELECT id FROM queue_items"
                " WHERE message_id IN (SELECT id FROM temp.purge_messages)"
            )
            conn.execute(
                "INSERT INTO temp.purge_assessments SELECT id FROM assessments"
                " WHERE message_id IN (SELECT id FROM temp.purge_messages)"
                " OR item_id IN (SELECT id FROM temp.purge_items)"
            )
            conn.execute(
                "INSERT OR IGNORE INTO temp.purge_messages SELECT message_id FROM assessments"
                " WHERE id IN (SELECT id FROM temp.purge_assessments)"
            )
            # Texts whose MT cache entries would still hold the same words.
            texts = conn.execute(
                "SELECT text FROM messages WHERE id IN (SELECT id FROM temp.purge_messages)"
                " UNION SELECT translation FROM messages"
                " WHERE id IN (SELECT id FROM temp.purge_messages) AND translation IS NOT NULL"
                " UNION SELECT translation FROM assessments"
                " WHERE id IN (SELECT id FROM temp.purge_assessments) AND translation IS NOT NULL"
                " UNION SELECT back_translation FROM assessments"
                " WHERE id IN (SELECT id FROM temp.purge_assessments)"
                " AND back_translation IS NOT NULL"
            ).fetchall()
            # The MT cache is keyed by the placeholder-masked text the engine saw.
            from workbench.mt.masking import mask

            variants = {v for (t,) in texts for v in (t, mask(t).text)}
            conn.executemany(
                "INSERT OR IGNORE INTO temp.purge_texts VALUES (?)", [(v,) for v in variants]
            )
            conn.executemany(
                "INSERT OR IGNORE INTO temp.purge_hashes VALUES (?)",
                [(text_hash(v),) for v in variants],
            )

            def delete(sql: str, args: Sequence[Any] = ()) -> int:
                return conn.execute(sql, args).rowcount

            decisions = delete(
                "DELETE FROM decisions WHERE item_id IN (SELECT id FROM temp.purge_items)"
            )
            items = delete("DELETE FROM queue_items WHERE id IN (SELECT id FROM temp.purge_items)")
            findings = delete(
                "DELETE FROM findings"
                " WHERE assessment_id IN (SELECT id FROM temp.purge_assessments)"
            )
            assessments = delete(
                "DELETE FROM assessments WHERE id IN (SELECT id FROM temp.purge_assessments)"
            )
            # A message another (kept) assessment still uses stays.
            messages = delete(
                "DELETE FROM messages WHERE id IN (SELECT id FROM temp.purge_messages)"
                " AND NOT EXISTS (SELECT 1 FROM assessments a WHERE a.message_id = messages.id)"
            )
            translations = delete(
                "DELETE FROM translations WHERE text_hash IN (SELECT hash FROM temp.purge_hashes)"
                " OR translation IN (SELECT text FROM temp.purge_texts)"
            )
            if cutoff and customer is None:
                translations += delete("DELETE FROM translations WHERE created < ?", (cutoff,))
            # Embeddings and cached scores are keyed by hashes of sentences and whole items, so
            # they cannot be matched to a customer: clear them whole; they are rebuilt on demand.
            derived = delete("DELETE FROM embeddings") + delete("DELETE FROM score_cache")
            report = PurgeReport(
                criteria=criteria,
                messages=messages,
                assessments=assessments,
                findings=findings,
                queue_items=items,
                decisions=decisions,
                translations=translations,
                derived=derived,
                purge_id=purge_id,
            )
            conn.execute(
                "UPDATE purges SET active = 0, report = ? WHERE id = ?",
                (json.dumps(report.to_dict()), purge_id),
            )
            return report

        return self._transaction(work)

    def purges(self) -> list[dict[str, Any]]:
        return [
            {
                "id": r["id"],
                "at": r["at"],
                "criteria": r["criteria"],
                "report": json.loads(r["report"] or "{}"),
            }
            for r in self._read("SELECT * FROM purges ORDER BY id")
        ]


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:200]
    return ""


def _as_list(value: str | Sequence[str] | None) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return [v for v in value if v]


def _need_reviewer(reviewer: str) -> None:
    if not reviewer or not reviewer.strip():
        raise UsageError("a reviewer name is needed (--reviewer or review.reviewer in config)")


def _jsonable(value: Any) -> Any:
    """Signals may hold numpy numbers or tuples: store them as plain JSON values."""
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    return str(value)


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
