"""Runs, messages, assessments and the review queue: claims, decisions, revisions, stats, export."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from workbench.errors import StoreError, UsageError
from workbench.models import (
    LEVELS,
    OPEN_STATUSES,
    QUEUE_STATUSES,
    Assessment,
    Decision,
    Finding,
    Message,
    MTInfo,
    PipelineItem,
    QueueRow,
    QueueStats,
    ReviewItem,
    Risk,
)
from workbench.store.base import StoreBase
from workbench.store.common import (
    ItemNotFoundError,
    QueueError,
    customer_hash,
    iso,
    message_hash,
)


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


class QueueMixin(StoreBase):
    """Runs, assessments and the review queue over them."""

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

        host, pid = socket.gethostname(), os.getpid()

        def work(conn: sqlite3.Connection) -> int:
            _mark_interrupted(conn, host, stamp)
            return conn.execute(
                "INSERT INTO runs (workbench_version, targets, signature, started, messages,"
                " skipped, pid, host) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (
                    version,
                    json.dumps(list(targets)),
                    json.dumps(signature),
                    stamp,
                    messages,
                    skipped,
                    pid,
                    host,
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
                    " assessment_id, run_id, level, score, rank, sensitive, status, created,"
                    " updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?) RETURNING id",
                    (
                        message_id,
                        target,
                        target.split("-")[0],
                        message.id,
                        assessment_id,
                        run_id,
                        risk.level,
                        float(risk.score),
                        risk.sort_key,
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
            " risk_reasons, sensitive, created, risk_priority)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
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
                risk.priority if risk else None,
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
                priority=r["risk_priority"] if r["risk_priority"] is not None else 3,
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
        # Risk order: by level, then what to fix first inside it (Risk.sort_key), then score.
        order = "q.rank, q.score DESC, q.id" if sort == "risk" else "q.id"
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
                    " WHERE status IN ('queued', 'released') ORDER BY rank, score DESC, id"
                    " LIMIT 1)"
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
                    " score = coalesce(?, score), rank = coalesce(?, rank), sensitive = ?"
                    " WHERE id = ?",
                    (
                        assessment_id,
                        risk.level if risk else None,
                        float(risk.score) if risk else None,
                        risk.sort_key if risk else None,
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


def _mark_interrupted(conn: sqlite3.Connection, host: str, stamp: str) -> int:
    """Runs of this host still 'running' whose process is gone (kill -9, power loss) were
    interrupted: say so, instead of showing them as running forever."""
    rows = conn.execute(
        "SELECT id, pid FROM runs WHERE status = 'running' AND host = ? AND pid IS NOT NULL",
        (host,),
    ).fetchall()
    gone = [run_id for run_id, pid in rows if not _process_alive(pid)]
    for run_id in gone:
        conn.execute(
            "UPDATE runs SET status = 'interrupted', finished = ? WHERE id = ?", (stamp, run_id)
        )
    return len(gone)


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True  # someone else's process (or not ours to judge): leave the run alone
    return True


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
