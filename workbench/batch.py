"""Score a template library: read it, run the pipeline in batches, report problems and timing."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.corpus import CorpusProblem, read_corpus
from workbench.corpus.limits import ReadLimits
from workbench.corpus.types import SkippedUnit, skipped_by_reason
from workbench.models import Assessment, Message
from workbench.pipeline import Cancelled, Pipeline, Progress


@dataclass
class BatchResult:
    assessments: list[Assessment] = field(default_factory=list)
    problems: list[CorpusProblem] = field(default_factory=list)
    skipped: list[SkippedUnit] = field(default_factory=list)  # units a file holds, not checked
    signature: dict[str, Any] = field(default_factory=dict)
    messages: int = 0
    files: int = 0
    seconds: float = 0.0
    run_id: int | None = None

    def skipped_by_reason(self) -> dict[str, int]:
        return skipped_by_reason(self.skipped)

    @property
    def all_unreadable(self) -> bool:
        """Nothing could be read and something was unreadable: the run checked nothing."""
        return bool(self.problems) and self.messages == 0

    def checks_skipped(self) -> dict[str, dict[str, str]]:
        """Per target locale: check (signal) -> why it was not made, for any of its items.

        Checks that need language knowledge (register, idioms, a language detector, an MT
        engine) say so in `unavailable`; this gathers those answers per locale.
        """
        out: dict[str, dict[str, str]] = {}
        for a in self.assessments:
            for name, why in a.unavailable.items():
                out.setdefault(a.item.target, {}).setdefault(name, why)
        return {t: dict(sorted(c.items())) for t, c in sorted(out.items())}

    def summary(self) -> dict[str, dict[str, int]]:
        """Per target locale: how many assessments at each risk level."""
        out: dict[str, Counter[str]] = {}
        for a in self.assessments:
            level = a.risk.level if a.risk else "low"
            out.setdefault(a.item.target, Counter())[level] += 1
        return {
            t: {lvl: c[lvl] for lvl in ("low", "medium", "high")} for t, c in sorted(out.items())
        }


def score_paths(
    pipeline: Pipeline,
    paths: Sequence[str | Path],
    targets: Sequence[str],
    *,
    source_lang: str = "en",
    target_lang: str | None = None,
    source_override: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    on_batch: Callable[[list[Assessment]], None] | None = None,
    limits: ReadLimits | None = None,
    prepare: Callable[[list[Message]], list[Message]] | None = None,
) -> BatchResult:
    """Read every path and assess each template in each target (given translations as given).

    `prepare` sees the messages before any of them reaches MT, the scorers or the store (the
    service redacts personal data there).
    """
    start = time.perf_counter()
    corpus = read_corpus(
        paths, source_lang, limits, target_lang=target_lang, source_override=source_override
    )
    messages = prepare(list(corpus.messages)) if prepare else corpus.messages
    assessments = pipeline.run(
        messages, targets, progress=progress, cancelled=cancelled, on_batch=on_batch
    )
    return BatchResult(
        assessments=assessments,
        problems=corpus.problems,
        skipped=corpus.skipped,
        messages=len(corpus.messages),
        files=corpus.files,
        seconds=time.perf_counter() - start,
    )
