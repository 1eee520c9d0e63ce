"""The facade the CLI and the TUI call: they never reach into the store, pipeline or scorers."""

from __future__ import annotations

import csv
import dataclasses
import functools
import getpass
import io
import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from workbench import __version__
from workbench.config import Config
from workbench.errors import UsageError
from workbench.lang import parse_locales
from workbench.models import (
    Assessment,
    Message,
    MTInfo,
    PurgeReport,
    QueueRow,
    QueueStats,
    ReviewItem,
    SubmitResult,
)
from workbench.pipeline import BATCH_SIZE, Cancelled, Pipeline, Progress, RunCancelled
from workbench.store import QueueError, Store, message_hash
from workbench.terminal_text import check_name

if TYPE_CHECKING:
    from workbench.batch import BatchResult

EXPORT_FORMATS = ("json", "csv", "po")


def default_reviewer(config: Config) -> str:
    """review.reviewer from config, else the login name (a name unfit to show: "reviewer")."""
    if config.review.reviewer:
        return check_name(config.review.reviewer, "reviewer name in the config (review.reviewer)")
    try:
        login = getpass.getuser()
    except (OSError, KeyError):  # no login name in a bare container
        return "reviewer"
    try:
        return check_name(login)
    except UsageError:
        return "reviewer"


class Service:
    """One workbench session: a config, a database and a pipeline, all opened lazily."""

    def __init__(
        self,
        config: Config,
        store: Store | None = None,
        *,
        pipeline: Pipeline | None = None,
        clock: Callable[[], datetime] | None = None,
        on_lock_wait: Callable[[str], None] | None = None,
    ) -> None:
        self.config = config
        self.on_lock_wait = on_lock_wait  # told when a write waits for another process
        self.held_claims: dict[int, str] = {}  # item id -> reviewer: claims not yet handed back
        self._store = store
        self._pipeline = pipeline
        self._clock = clock or (lambda: datetime.now(UTC))

    def now(self) -> datetime:
        """The session's current time (its clock), for every time-relative display."""
        return self._clock()

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store(
                self.config.db_path(),
                lock_timeout=self.config.review.lock_timeout,
                on_lock_wait=self.on_lock_wait,
            )
        return self._store

    @property
    def pipeline(self) -> Pipeline:
        if self._pipeline is None:
            self._pipeline = Pipeline(self.config, store=self.store)
        return self._pipeline

    def close(self) -> None:
        if self._store is not None:
            self._store.close()

    # -- round trip -----------------------------------------------------------------------------
    def roundtrip(
        self,
        text: str,
        targets: Sequence[str],
        source_lang: str = "en",
        progress: Progress | None = None,
    ) -> list[Assessment]:
        """Round-trip one draft into each target locale and score it (nothing is queued)."""
        locales = [loc.with_default_region().tag for loc in parse_locales(list(targets))]
        message = Message(id="draft", text=text, source_lang=source_lang)
        self._check_length([message])
        # The MT cache is kept in the database: redaction applies here too.
        [message], _ = self._redacted([message], locales, self.config.review.redact)
        return self.pipeline.run([message], locales, progress=progress)

    # -- submitting -----------------------------------------------------------------------------
    def submit(
        self,
        messages: Sequence[Message],
        targets: Sequence[str] | None = None,
        *,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
        redact: bool | None = None,
        batch_size: int | None = None,
    ) -> SubmitResult:
        """Assess messages and queue those at/above risk.queue_level or sensitive.

        Each batch is stored in one transaction as it finishes, and a (message, target) pair
        assessed before is skipped, so a submit that was interrupted (even by kill -9)
        completes when repeated, without duplicates. With redaction (review.redact or
        `redact=True`) e-mails, phone numbers and order ids are replaced before MT runs, so
        neither the MT cache nor the store ever sees them.
        """
        locales = [
            loc.with_default_region().tag
            for loc in parse_locales(list(targets) if targets else list(self.config.targets))
        ]
        self._check_length(messages)
        redact = self.config.review.redact if redact is None else redact
        messages, redacted = self._redacted(messages, locales, redact)

        pending: dict[tuple[str, str, str], Message] = {}
        pairs = self.pipeline.expand(messages, locales)
        for message, target in pairs:
            # Each pair runs as its own message with its target named, so only the targets
            # still missing for a message are translated again.
            pending.setdefault(
                (message_hash(message), message.id, target),
                dataclasses.replace(message, target=target),
            )
        done = self.store.assessed_keys(pending)
        todo = [m for key, m in pending.items() if key not in done]
        skipped = len(pairs) - len(todo)

        run_id = self.store.start_run(
            __version__,
            locales,
            self._signature(redact=redact),
            messages=len(messages),
            skipped=skipped,
            now=self._clock(),
        )
        mt: dict[str, str] = {}
        totals: dict[str, Any] = {"assessed": 0, "queued": 0, "by_level": {}, "missing": {}}

        def store_batch(batch: list[Assessment]) -> None:
            saved = self.store.save_assessments(
                run_id, batch, self.config.risk.queue_level, now=self._clock()
            )
            totals["assessed"] += saved.assessed
            totals["queued"] += saved.queued
            for level, n in saved.by_level.items():
                totals["by_level"][level] = totals["by_level"].get(level, 0) + n
            for direction in _missing_directions(batch):
                totals["missing"][direction] = totals["missing"].get(direction, 0) + 1
            _record_mt(batch, mt)

        def result(cancel: bool) -> SubmitResult:
            return SubmitResult(
                run_id=run_id,
                assessed=totals["assessed"],
                queued=totals["queued"],
                skipped=skipped,
                redacted=redacted,
                cancelled=cancel,
                by_level=dict(totals["by_level"]),
                missing_engines=dict(totals["missing"]),
            )

        try:
            if todo:
                self.pipeline.run(
                    todo,
                    locales,
                    progress=progress,
                    cancelled=cancelled,
                    on_batch=store_batch,
                    batch_size=batch_size or BATCH_SIZE,
                )
        except (RunCancelled, KeyboardInterrupt) as exc:
            signature = self._signature(mt, redact)
            self.store.finish_run(run_id, "cancelled", signature, now=self._clock())
            if isinstance(exc, KeyboardInterrupt):
                raise
            return result(cancel=True)
        except BaseException:
            self.store.finish_run(run_id, "failed", self._signature(mt, redact), now=self._clock())
            raise
        self.store.finish_run(run_id, "finished", self._signature(mt, redact), now=self._clock())
        return result(cancel=False)

    def _check_length(self, messages: Sequence[Message]) -> None:
        """Refuse a message too long to check (readers already drop them one by one)."""
        from workbench.corpus.limits import ReadLimits, message_problem

        limits = ReadLimits.from_config(self.config)
        for message in messages:
            problem = message_problem(message, limits)
            if problem is not None:
                raise UsageError(problem)

    def _signature(
        self, mt: dict[str, str] | None = None, redact: bool | None = None
    ) -> dict[str, Any]:
        """What a run was made with: enough to say exactly how a report came about."""
        config = self.config
        return {
            "workbench": __version__,
            "mt": dict(sorted((mt or {}).items())),
            "mt_backend": config.mt.backend,
            "embeddings": {
                "model": config.embeddings.model,
                "multilingual": config.embeddings.multilingual,
            },
            "glossaries": glossary_versions(config),
            "risk": {
                "medium": config.risk.medium,
                "high": config.risk.high,
                "queue_level": config.risk.queue_level,
            },
            "redact": config.review.redact if redact is None else redact,
        }

    # -- reading the queue ----------------------------------------------------------------------
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
    ) -> list[QueueRow]:
        """Queue rows; status "open" = queued, released or claimed; None = every status."""
        return self.store.list_queue(
            language=language,
            level=level,
            status=status,
            template=template,
            search=search,
            sort=sort,
            limit=limit,
            offset=offset,
            now=self._clock(),
        )

    def queue_counts(self) -> dict[str, int]:
        """Items per status, open items per level ("high", …), plus "open" and "total"."""
        return self.store.queue_counts(now=self._clock())

    def get_item(self, item_id: int) -> ReviewItem:
        return self.store.get_item(item_id, now=self._clock())

    def stats(self) -> QueueStats:
        return self.store.stats(now=self._clock())

    # -- reviewing ------------------------------------------------------------------------------
    def claim(self, reviewer: str, item_id: int | None = None) -> ReviewItem | None:
        """Claim an item (None = the highest-risk open one) for review.claim_minutes."""
        reviewer = check_name(reviewer)
        claimed = self.store.claim(
            reviewer, item_id, minutes=self.config.review.claim_minutes, now=self._clock()
        )
        if claimed is None:
            return None
        self.held_claims[claimed] = reviewer
        return self.get_item(claimed)

    def release(self, item_id: int, reviewer: str) -> ReviewItem:
        reviewer = check_name(reviewer)
        self.store.release(item_id, reviewer, now=self._clock())
        self.held_claims.pop(item_id, None)
        return self.get_item(item_id)

    def release_held_claims(self) -> int:
        """Hand back every claim this session took and did not decide (the reviewer's
        terminal closed, the process is told to stop). Uses its own connection: the session's
        may be in the middle of something. Returns how many were released."""
        from workbench.store import Store

        held, self.held_claims = dict(self.held_claims), {}
        if not held:
            return 0
        store = Store(self.config.db_path(), lock_timeout=5)
        released = 0
        try:
            for item_id, reviewer in held.items():
                try:
                    store.release(item_id, reviewer, now=self._clock())
                    released += 1
                except UsageError:  # decided or expired meanwhile: nothing to hand back
                    continue
        finally:
            store.close()
        return released

    def approve(
        self,
        item_id: int,
        reviewer: str,
        edited_translation: str | None = None,
        note: str | None = None,
    ) -> ReviewItem:
        """Approve; an edited translation is back-translated and rescored before it is stored."""
        reviewer = check_name(reviewer)
        current = self._decidable(item_id, reviewer)
        changed = edited_translation != current.assessment.item.translation
        if edited_translation is not None and changed:
            revised = self.rescore(item_id, edited_translation)
            self.store.decide(
                item_id, reviewer, "edit_approve", note=note, revision=revised, now=self._clock()
            )
        else:
            self.store.decide(item_id, reviewer, "approve", note=note, now=self._clock())
        self.held_claims.pop(item_id, None)
        return self.get_item(item_id)

    def reject(self, item_id: int, reviewer: str, reason: str) -> ReviewItem:
        reviewer = check_name(reviewer)
        self.store.decide(item_id, reviewer, "reject", note=reason, now=self._clock())
        self.held_claims.pop(item_id, None)
        return self.get_item(item_id)

    def escalate(self, item_id: int, reviewer: str, reason: str) -> ReviewItem:
        reviewer = check_name(reviewer)
        self.store.decide(item_id, reviewer, "escalate", note=reason, now=self._clock())
        self.held_claims.pop(item_id, None)
        return self.get_item(item_id)

    def note(self, item_id: int, reviewer: str, text: str) -> ReviewItem:
        reviewer = check_name(reviewer)
        self.store.decide(item_id, reviewer, "note", note=text, now=self._clock())
        return self.get_item(item_id)

    def _decidable(self, item_id: int, reviewer: str) -> ReviewItem:
        # Fail before the (slow) rescoring; the store checks again inside its transaction.
        item = self.get_item(item_id)
        if item.status in ("approved", "rejected"):
            raise QueueError(f"item {item_id} is already {item.status}")
        if item.status == "claimed" and item.claimed_by != reviewer:
            raise QueueError(
                f"item {item_id} is claimed by {item.claimed_by} until {item.claim_expires}"
            )
        return item

    def rescore(self, item_id: int, translation: str) -> Assessment:
        """Back-translate and score a reviewer's translation (nothing is stored)."""
        item = self.get_item(item_id).assessment.item
        translation = self._maybe_redact(translation, item.target)
        edited = dataclasses.replace(item.message, translation=translation)
        [pipeline_item] = self.pipeline.round_trip([(edited, item.target)])
        pipeline_item = dataclasses.replace(
            pipeline_item, forward=MTInfo("edited", "reviewer edit")
        )
        return self.pipeline.score([pipeline_item])[0]

    def retranslate(self, item_id: int, draft: str) -> Assessment:
        """Round-trip and score a new draft of the source text (nothing is stored)."""
        item = self.get_item(item_id).assessment.item
        draft = self._maybe_redact(draft, item.target)
        message = dataclasses.replace(item.message, text=draft, translation=None)
        return self.pipeline.score(self.pipeline.round_trip([(message, item.target)]))[0]

    def save_revision(self, item_id: int, reviewer: str, assessment: Assessment) -> ReviewItem:
        """Make a re-run (rescore or retranslate) the item's current assessment ("revise")."""
        reviewer = check_name(reviewer)
        self.store.decide(item_id, reviewer, "revise", revision=assessment, now=self._clock())
        return self.get_item(item_id)

    def _maybe_redact(self, text: str, target: str) -> str:
        [message], _ = self._redacted(
            [Message(id="edit", text=text)], [target], self.config.review.redact
        )
        return message.text

    def _redacted(
        self, messages: Sequence[Message], locales: Sequence[str], redact: bool
    ) -> tuple[list[Message], int]:
        """Every entry point's messages go through here before MT, scoring and storing, so
        with redaction on no cache, run or queue item ever sees the personal data."""
        if not redact:
            return list(messages), 0
        from workbench.redact import redact_messages, regions_for

        targets = [*locales, *(m.target for m in messages if m.target)]
        return redact_messages(messages, regions_for(targets, self.config.review.phone_regions))

    # -- export and retention -------------------------------------------------------------------
    def export(self, language: str | None = None, fmt: str = "json") -> str:
        """Approved translations (the reviewer's edit where there was one) as json, csv or po."""
        if fmt not in EXPORT_FORMATS:
            raise UsageError(f"unknown export format {fmt!r}; valid: {', '.join(EXPORT_FORMATS)}")
        if fmt == "po" and not language:
            raise UsageError("a .po file holds one language: give it with --language (e.g. de-DE)")
        rows = self.store.approved(language)
        if fmt == "json":
            return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
        if fmt == "csv":
            out = io.StringIO()
            fields = [
                "id",
                "template_id",
                "source_lang",
                "target",
                "source",
                "translation",
                "edited",
                "reviewer",
                "approved",
            ]
            writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
            return out.getvalue()
        return _to_po(rows, language)

    def purge(
        self, older_than: timedelta | None = None, customer: str | None = None
    ) -> PurgeReport:
        """Delete what is older than `older_than` and/or belongs to `customer` (id or e-mail),
        with everything derived from it, and report what went (GDPR/LGPD erasure, retention)."""
        now = self._clock()
        try:
            before = now - older_than if older_than is not None else None
        except OverflowError:  # older than the calendar: nothing can be that old
            before = datetime.min.replace(tzinfo=UTC)
        return self.store.purge(before=before, customer=customer, now=now)

    # -- template libraries (score / check) -----------------------------------------------------
    def score_library(
        self,
        paths: Sequence[str],
        targets: Sequence[str],
        *,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
        store: bool = True,
        source_lang: str | None = None,
        target_lang: str | None = None,
    ) -> BatchResult:
        """Assess every template of a library in every target and return all assessments.

        Unlike submit, nothing is skipped: a report needs every result. Repeated runs stay fast
        because translations and embeddings are cached; storing is idempotent per
        (message, target), and queues what reaches the queue level for `workbench review`.
        `source_lang` replaces the configured one and the one catalogues declare; `target_lang`
        the language catalogues declare for their translations.
        """
        from workbench.batch import score_paths
        from workbench.corpus.limits import ReadLimits

        redact = self.config.review.redact
        mt: dict[str, str] = {}
        run_id = None
        if store:
            run_id = self.store.start_run(
                __version__,
                list(targets),
                self._signature(),
                messages=0,
                skipped=0,
                now=self._clock(),
            )

        def on_batch(batch: list[Assessment]) -> None:
            _record_mt(batch, mt)
            if run_id is not None:
                self.store.save_assessments(
                    run_id, batch, self.config.risk.queue_level, now=self._clock()
                )

        try:
            result = score_paths(
                self.pipeline,
                paths,
                targets,
                source_lang=source_lang or self.config.source_lang,
                target_lang=target_lang,
                source_override=source_lang is not None,
                progress=progress,
                cancelled=cancelled,
                on_batch=on_batch,
                limits=ReadLimits.from_config(self.config),
                prepare=lambda messages: self._redacted(messages, targets, redact)[0],
            )
        except BaseException:
            if run_id is not None:
                self.store.finish_run(run_id, "failed", self._signature(mt), now=self._clock())
            raise
        result.signature = self._signature(mt)
        result.run_id = run_id
        if run_id is not None:
            self.store.finish_run(run_id, "finished", result.signature, now=self._clock())
        return result


def _missing_directions(batch: Sequence[Assessment]) -> list[str]:
    """'en->ja' for each assessment that had no engine for one of its directions."""
    out = []
    for a in batch:
        src, lang = a.item.message.source_lang, a.item.target_language
        if a.item.translation is None and "translation" in a.unavailable:
            out.append(f"{src}->{lang}")
        elif a.item.back_translation is None and "back_translation" in a.unavailable:
            out.append(f"{lang}->{src}")
    return out


def _record_mt(batch: Sequence[Assessment], mt: dict[str, str]) -> None:
    """The engine used per direction, for the run signature (given text used none)."""
    for assessment in batch:
        item = assessment.item
        lang = item.target_language
        for key, info in (
            (f"{item.message.source_lang}-{lang}", item.forward),
            (f"{lang}-{item.message.source_lang}", item.backward),
        ):
            if info is not None and info.backend not in ("given", "identity"):
                mt.setdefault(key, str(info))


def glossary_versions(config: Config) -> dict[str, str]:
    """kind/file -> version of every glossary file a run would read."""
    from workbench.glossary.base import glossary_files, table_for
    from workbench.paths import bundled_glossaries

    extra = list(config.glossary_paths())
    root = bundled_glossaries()
    kinds = sorted(p.name for p in root.iterdir() if p.is_dir()) if root.is_dir() else []
    versions: dict[str, str] = {}
    for kind in kinds:
        try:
            for path in glossary_files(kind, extra):
                stat = path.stat()
                versions[f"{kind}/{path.name}"] = _glossary_version(
                    str(path), stat.st_mtime_ns, stat.st_size, table_for(kind)
                )
        except Exception as exc:  # noqa: BLE001 - a broken glossary is reported by its loader
            versions[kind] = f"unreadable: {exc}"
    return versions


@functools.lru_cache(maxsize=1024)
def _glossary_version(path: str, mtime_ns: int, size: int, table: str) -> str:
    """One file's [meta] version, parsed again only when the file changes (a run asks twice,
    at its start and its end, and the TUI once per rescore)."""
    from pathlib import Path

    from workbench.glossary.base import read_glossary_file

    return str(read_glossary_file(Path(path), table).meta.get("version", "unversioned"))


def _to_po(rows: list[dict[str, Any]], language: str | None) -> str:
    import polib

    targets = sorted({r["target"] for r in rows})
    if len(targets) > 1:
        raise UsageError(
            f"a .po file holds one language; give a language (found: {', '.join(targets)})"
        )
    target = targets[0] if targets else (language or "")
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": f"workbench {__version__}",
        "Language": target.replace("-", "_"),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": f"workbench {__version__}",
    }
    seen: dict[tuple[str, str], polib.POEntry] = {}
    for row in rows:
        key = (row["template_id"], row["source"])
        entry = polib.POEntry(
            msgctxt=row["template_id"],
            msgid=row["source"],
            msgstr=row["translation"] or "",
            comment=f"approved by {row['reviewer']} at {row['approved']}"
            + (" (edited)" if row["edited"] else ""),
        )
        if key in seen:  # the same template approved twice (two runs): the later one wins
            po.remove(seen[key])
        seen[key] = entry
        po.append(entry)
    return str(po)
