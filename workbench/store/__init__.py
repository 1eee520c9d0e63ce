"""SQLite persistence (the only package that imports sqlite_utils).

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

from workbench.store.base import BUSY_TIMEOUT_MS, StoreBase, retry_locked
from workbench.store.caches import CachesMixin
from workbench.store.common import (
    ItemNotFoundError,
    QueueError,
    customer_hash,
    iso,
    message_hash,
    now_iso,
    text_hash,
)
from workbench.store.purge import PurgeMixin
from workbench.store.queue import QueueMixin, SavedBatch
from workbench.store.schema import (
    MIGRATIONS,
    _m001_translation_cache,
    _m002_review_queue,
    _m003_queue_order_indexes,
    _m004_embedding_cache,
    _m005_score_cache,
    _m006_run_liveness,
)


class Store(CachesMixin, QueueMixin, PurgeMixin, StoreBase):
    """One workbench database."""


__all__ = [
    "BUSY_TIMEOUT_MS",
    "MIGRATIONS",
    "ItemNotFoundError",
    "QueueError",
    "SavedBatch",
    "Store",
    "_m001_translation_cache",
    "_m002_review_queue",
    "_m003_queue_order_indexes",
    "_m004_embedding_cache",
    "_m005_score_cache",
    "_m006_run_liveness",
    "customer_hash",
    "iso",
    "message_hash",
    "now_iso",
    "retry_locked",
    "text_hash",
]
