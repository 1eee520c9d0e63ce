"""The schema: every migration, in order (append-only; a shipped entry never changes)."""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils

from workbench.models import DECISION_ACTIONS, QUEUE_STATUSES


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
    db.table("embeddings").create(
        {"model": str, "text_hash": str, "dim": int, "vector": bytes, "created": str},
        pk=("model", "text_hash"),
    )


def _m005_score_cache(db: sqlite_utils.Database) -> None:
    # One scorer's result for one item, keyed by a hash of everything it depends on (the
    # texts, the target, the config and the glossary contents): a warm run scores nothing.
    db.table("score_cache").create(
        {"key": str, "scorer": str, "result": str, "created": str}, pk="key"
    )


_RUN_COLUMNS = (
    "id, workbench_version, targets, signature, status, started, finished, messages, skipped,"
    " assessed, queued"
)


def _m006_run_liveness(db: sqlite_utils.Database) -> None:
    # A run killed with kill -9 never records its end; the next run on the same host sees
    # that its process is gone and marks it 'interrupted'. SQLite cannot change a CHECK
    # constraint in place: the table is rebuilt (SQLite's documented procedure; the migration
    # runner switches foreign keys off around it and checks them before committing).
    db.conn.execute(
        """CREATE TABLE runs_new (
        id INTEGER PRIMARY KEY,
        workbench_version TEXT NOT NULL,
        targets TEXT NOT NULL DEFAULT '[]',
        signature TEXT NOT NULL DEFAULT '{}',
        status TEXT NOT NULL DEFAULT 'running'
            CHECK (status IN ('running', 'finished', 'cancelled', 'failed', 'interrupted')),
        started TEXT NOT NULL,
        finished TEXT,
        messages INTEGER NOT NULL DEFAULT 0,
        skipped INTEGER NOT NULL DEFAULT 0,
        assessed INTEGER NOT NULL DEFAULT 0,
        queued INTEGER NOT NULL DEFAULT 0,
        pid INTEGER,  -- the process that runs it, on `host`
        host TEXT
    )"""
    )
    db.conn.execute(f"INSERT INTO runs_new ({_RUN_COLUMNS}) SELECT {_RUN_COLUMNS} FROM runs")
    db.conn.execute("DROP TABLE runs")
    db.conn.execute("ALTER TABLE runs_new RENAME TO runs")
    db.conn.execute("CREATE INDEX runs_running ON runs (host, pid) WHERE status = 'running'")


def _m007_queue_priority(db: sqlite_utils.Database) -> None:
    # Inside a risk level, what a reviewer should fix first (Risk.priority): the queue is read
    # in (rank, score) order, rank = level (high 0, medium 10, low 20) + priority. Items queued
    # before this migration get the middle priority of their level.
    db.conn.execute("ALTER TABLE assessments ADD COLUMN risk_priority INTEGER")
    db.conn.execute("ALTER TABLE queue_items ADD COLUMN rank INTEGER NOT NULL DEFAULT 0")
    db.conn.execute(
        "UPDATE queue_items SET rank = CASE level WHEN 'high' THEN 0 WHEN 'medium' THEN 10"
        " ELSE 20 END + 3"
    )
    for name, columns in (
        ("queue_priority_rank", "rank, score DESC, id"),
        ("queue_language_priority", "language, rank, score DESC, id"),
        ("queue_target_priority", "target, rank, score DESC, id"),
        ("queue_level_priority", "level, rank, score DESC, id"),
    ):
        db.conn.execute(f"CREATE INDEX {name} ON queue_items ({columns})")


# Append-only list: never edit or reorder an entry that has shipped; add a new one instead.
MIGRATIONS: list[tuple[str, Callable[[sqlite_utils.Database], None]]] = [
    ("001_translation_cache", _m001_translation_cache),
    ("002_review_queue", _m002_review_queue),
    ("003_queue_order_indexes", _m003_queue_order_indexes),
    ("004_embedding_cache", _m004_embedding_cache),
    ("005_score_cache", _m005_score_cache),
    ("006_run_liveness", _m006_run_liveness),
    ("007_queue_priority", _m007_queue_priority),
]
