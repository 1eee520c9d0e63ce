"""translate -> score -> risk, batched across messages, with progress and cancel callbacks."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from workbench.config import Config
from workbench.errors import ModelUnavailableError
from workbench.lang import parse_locale
from workbench.models import Assessment, Field, Finding, Message, MTInfo, PipelineItem
from workbench.scoring.base import Scorer, ScoringContext
from workbench.scoring.registry import build_scorers

if TYPE_CHECKING:
    from workbench.mt.router import MTRouter
    from workbench.score_cache import ScoreCache
    from workbench.store import Store

# progress(done, total, stage): stage is "translate", "back-translate", "score"
Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]

BATCH_SIZE = 64


class RunCancelled(Exception):
    """Raised inside a run when the caller's cancel callback returns True."""


class Pipeline:
    """Round-trips messages through MT and runs every enabled scorer and the risk policy."""

    def __init__(
        self,
        config: Config,
        store: Store | None = None,
        router: MTRouter | None = None,
        scorers: Sequence[Scorer] | None = None,
        context: ScoringContext | None = None,
    ) -> None:
        self.config = config
        self.store = store
        self._router = router
        self.context = context or ScoringContext(config, store=store)
        self._scorers = list(scorers) if scorers is not None else None
        self._risk: Any = None
        self._parallel_mt = False  # set when the router is built with a thread-safe store
        self._scores: ScoreCache | None = None

    # Built lazily: a pipeline that only reads the queue never loads an engine or a model.
    @property
    def router(self) -> MTRouter:
        if self._router is None:
            from workbench.mt.router import MTRouter

            self._router = MTRouter(self.config, store=self._mt_store())
        return self._router

    def _mt_store(self) -> Store | None:
        """The store MT caches into: its own connection to the same file, because `run`
        translates the next batch in a second thread while this one is scored."""
        if self.store is None or self.store.path == ":memory:":
            self._parallel_mt = self.store is None
            return self.store
        from workbench.store import Store

        self._parallel_mt = True
        return Store(self.store.path)

    @property
    def scorers(self) -> list[Scorer]:
        if self._scorers is None:
            self._scorers = build_scorers(self.context)
        return self._scorers

    def _score_cache(self) -> ScoreCache | None:
        """Scorer results kept in the store (config cache_scores = false switches it off)."""
        if self.store is None or not self.config.cache_scores:
            return None
        if self._scores is None:
            from workbench.score_cache import ScoreCache

            self._scores = ScoreCache(self.store, self.config)
        return self._scores

    @property
    def risk_policy(self) -> Any:
        if self._risk is None:
            from workbench.risk import RiskPolicy

            self._risk = RiskPolicy.from_config(self.config)
        return self._risk

    # -- stages -------------------------------------------------------------------------------
    def expand(
        self, messages: Sequence[Message], targets: Sequence[str]
    ) -> list[tuple[Message, str]]:
        """Pair each message with its targets: its own target if it names one, else `targets`.

        A target language that already has a given translation of the same template is not
        machine-translated again: the given translation is what gets checked.
        """
        given = {
            (m.id, m.text, m.target.split("-")[0]) for m in messages if m.target and m.translation
        }
        pairs: list[tuple[Message, str]] = []
        for message in messages:
            wanted = [message.target] if message.target else list(targets)
            for tag in wanted:
                locale = parse_locale(tag).with_default_region()
                if not message.target and (message.id, message.text, locale.language) in given:
                    continue
                pairs.append((message, locale.tag))
        return pairs

    def round_trip(
        self,
        pairs: Sequence[tuple[Message, str]],
        progress: Progress | None = None,
    ) -> list[PipelineItem]:
        """Forward MT (unless a translation is given), then back-translation, batched per pair."""
        forward: dict[int, tuple[str | None, MTInfo | None, tuple[Finding, ...]]] = {}
        unavailable: dict[int, list[tuple[str, str]]] = {i: [] for i in range(len(pairs))}

        groups: dict[tuple[str, str], list[int]] = {}
        for i, (message, target) in enumerate(pairs):
            if message.translation is not None:
                forward[i] = (message.translation, MTInfo("given", "given"), ())
            else:
                # grouped by full locale: an engine may have a regional variant (pt-BR)
                groups.setdefault((message.source_lang, target), []).append(i)
        self._run_mt(groups, [m.text for m, _ in pairs], forward, unavailable, "translation")
        if progress:
            progress(len(pairs), len(pairs), "translate")

        backward: dict[int, tuple[str | None, MTInfo | None, tuple[Finding, ...]]] = {}
        back_groups: dict[tuple[str, str], list[int]] = {}
        for i, (message, target) in enumerate(pairs):
            text = forward.get(i, (None,))[0]
            if text is not None and text.strip():
                back_groups.setdefault((target.split("-")[0], message.source_lang), []).append(i)
        self._run_mt(
            back_groups,
            [forward.get(i, (None,))[0] or "" for i in range(len(pairs))],
            backward,
            unavailable,
            "back_translation",
        )
        if progress:
            progress(len(pairs), len(pairs), "back-translate")

        items = []
        for i, (message, target) in enumerate(pairs):
            translation, fwd_info, fwd_findings = forward.get(i, (None, None, ()))
            back, back_info, back_findings = backward.get(i, (None, None, ()))
            items.append(
                PipelineItem(
                    message=message,
                    target=target,
                    translation=translation,
                    back_translation=back,
                    forward=fwd_info,
                    backward=back_info,
                    mt_findings=fwd_findings + back_findings,
                    unavailable=tuple(unavailable[i]),
                )
            )
        return items

    def _run_mt(
        self,
        groups: dict[tuple[str, str], list[int]],
        texts: Sequence[str],
        out: dict[int, tuple[str | None, MTInfo | None, tuple[Finding, ...]]],
        unavailable: dict[int, list[tuple[str, str]]],
        field_name: Field,
    ) -> None:
        for (source, target), indices in groups.items():
            if source == target.split("-")[0]:
                for i in indices:
                    out[i] = (texts[i], MTInfo("identity", "identity"), ())
                continue
            try:
                results = self.router.translate([texts[i] for i in indices], source, target)
            except ModelUnavailableError as exc:
                for i in indices:
                    unavailable[i].append((field_name, str(exc)))
                continue
            for i, result in zip(indices, results, strict=True):
                findings = tuple(dataclasses.replace(f, field=field_name) for f in result.findings)
                out[i] = (result.text, result.info, findings)

    def score(
        self,
        items: Sequence[PipelineItem],
        progress: Progress | None = None,
        library: Sequence[Sequence[Finding]] | None = None,
    ) -> list[Assessment]:
        """Run every scorer over the batch, merge their results, apply the risk policy.

        `library` holds, per item, findings that needed the whole library (see library_pass).
        """
        per_item_signals: list[dict[str, Any]] = [{} for _ in items]
        per_item_findings: list[list[Finding]] = [list(item.mt_findings) for item in items]
        if library is not None:
            for found, extra in zip(per_item_findings, library, strict=True):
                found.extend(extra)
        per_item_unavailable: list[dict[str, str]] = [dict(item.unavailable) for item in items]
        cache = self._score_cache()
        for scorer in self.scorers:
            results = cache.score(scorer, items) if cache else scorer.score(items)
            if len(results) != len(items):
                raise RuntimeError(
                    f"scorer {scorer.name} returned {len(results)} results for {len(items)} items"
                )
            for i, result in enumerate(results):
                per_item_signals[i].update(result.signals)
                per_item_findings[i].extend(result.findings)
                per_item_unavailable[i].update(result.unavailable)
        assessments = []
        for i, item in enumerate(items):
            findings = tuple(
                f
                for f in per_item_findings[i]
                if self.config.rule_enabled(f.rule_id, item.message.origin)
                and not _ignored(item.message, f.rule_id)
            )
            risk = self.risk_policy.evaluate(item, per_item_signals[i], findings)
            assessments.append(
                Assessment(item, per_item_signals[i], findings, per_item_unavailable[i], risk)
            )
        if progress:
            progress(len(items), len(items), "score")
        return assessments

    def library_pass(self, pairs: Sequence[tuple[Message, str]]) -> list[list[Finding]]:
        """Findings that need every item of the library at once, per pair: given translations
        of one source that differ, and different sources that share one translation (qa.*).
        Machine translations are left out: an engine is consistent by construction."""
        out: list[list[Finding]] = [[] for _ in pairs]
        if not any(s.name == "qa" for s in self.scorers):
            return out
        from workbench.glossary.qa import load_qa_data
        from workbench.scoring.qa.consistency import Unit, library_findings

        units = [
            Unit(
                key=i,
                ident=_where(message),
                unit=(message.origin, message.line) if message.line is not None else message.id,
                source=message.text,
                translation=message.translation,
                target=target,
            )
            for i, (message, target) in enumerate(pairs)
            if message.translation is not None
        ]
        data = self.context.get("qa.data", lambda: load_qa_data(self.config))
        for key, found in library_findings(units, data).items():
            out[key].extend(found)
        return out

    def run(
        self,
        messages: Sequence[Message],
        targets: Sequence[str] | None = None,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
        on_batch: Callable[[list[Assessment]], None] | None = None,
        batch_size: int = BATCH_SIZE,
    ) -> list[Assessment]:
        """The whole flow, in batches; `on_batch` sees (and may store) each batch as it finishes.

        While one batch is scored (embeddings, spaCy: this process) the next one is already
        being translated (apertium subprocesses or CTranslate2 threads), so both cores work.
        """
        pairs = self.expand(messages, targets or self.config.targets)
        library = self.library_pass(pairs)
        batches = [pairs[s : s + batch_size] for s in range(0, len(pairs), batch_size)]
        out: list[Assessment] = []
        if not batches:
            return out
        if progress:
            progress(0, len(pairs), "translate")  # the total is known before the first batch
        self.router  # noqa: B018 -- build it here: it decides whether MT may run in a thread
        pool = (
            ThreadPoolExecutor(1, thread_name_prefix="workbench-mt") if self._parallel_mt else None
        )
        try:
            pending = _start(pool, self.round_trip, batches[0])
            for i in range(len(batches)):
                if cancelled and cancelled():
                    raise RunCancelled()
                items = pending.result()
                if i + 1 < len(batches):
                    pending = _start(pool, self.round_trip, batches[i + 1])
                start = i * batch_size
                assessed = self.score(items, library=library[start : start + len(items)])
                if on_batch:
                    on_batch(assessed)
                out.extend(assessed)
                if progress:
                    progress(len(out), len(pairs), "score")
        finally:
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)
        return out


def _start(pool: ThreadPoolExecutor | None, fn: Callable[..., Any], *args: Any) -> Future[Any]:
    """Run fn in the pool, or right here (as an already finished future) without one."""
    if pool is not None:
        return pool.submit(fn, *args)
    future: Future[Any] = Future()
    try:
        future.set_result(fn(*args))
    except BaseException as exc:  # re-raised by .result(), in the caller's order
        future.set_exception(exc)
    return future


def _where(message: Message) -> str:
    """How a reviewer finds a message: file:line when known, else its id."""
    if message.origin and message.line is not None:
        return f"{message.origin}:{message.line}"
    return message.id


def _ignored(message: Message, rule_id: str) -> bool:
    return any(rule_id == r or rule_id.startswith(r + ".") for r in message.ignore)
