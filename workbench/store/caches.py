"""The caches that outlive a process: MT translations, sentence embeddings, scorer results."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

from workbench.errors import StoreError
from workbench.store.base import StoreBase, _is_store_failure, retry_locked
from workbench.store.common import now_iso, text_hash


class CachesMixin(StoreBase):
    """Translation, embedding and score caches, keyed by content hashes."""

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
                with self._lock:
                    try:
                        with self.db.conn:
                            table = self.db.table("translations")
                            table.upsert_all(rows, pk=table.pks)
                    except sqlite3.OperationalError as exc:
                        if _is_store_failure(exc):
                            raise StoreError(self._failure(exc)) from None
                        raise

            retry_locked(write)
