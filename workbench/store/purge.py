"""Retention and deletion requests: purge what matches, record what was removed."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from workbench.errors import UsageError
from workbench.models import PurgeReport
from workbench.store.base import StoreBase
from workbench.store.common import customer_hash, iso, text_hash


class PurgeMixin(StoreBase):
    """Purges (retention and customer deletion) and their record."""

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
