"""Scorer results remembered across runs, keyed by everything a result depends on."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench import __version__
from workbench.config import Config
from workbench.models import Finding, PipelineItem, ScoreResult
from workbench.paths import bundled_glossaries

if TYPE_CHECKING:
    from workbench.store import Store


def fingerprint(config: Config) -> str:
    """What every result depends on besides the item: workbench's code, the settings and the
    contents of every glossary file (an edited file changes it, version bump or not)."""
    digest = hashlib.sha256(__version__.encode())
    for source in _scoring_sources():
        digest.update(source.read_bytes())
    settings = {k: v for k, v in vars(config).items() if k not in ("path", "root", "db")}
    digest.update(json.dumps(settings, sort_keys=True, default=repr).encode())
    roots = [bundled_glossaries(), *(Path(p) for p in config.glossary_paths())]
    for root in roots:
        files = sorted(root.rglob("*.toml")) if root.is_dir() else [root]
        for file in files:
            if file.is_file():
                digest.update(str(file.name).encode())
                digest.update(file.read_bytes())
    return digest.hexdigest()


# The code a scorer result can depend on; the faces (CLI, TUI, reports) and the store cannot
# change a result, so editing them keeps the cache.
_SCORING_CODE = ("scoring", "glossary", "nlp.py", "embeddings.py", "lang.py", "models.py",
                 "config.py", "mt/masking.py", "mt/syntax.py", "score_cache.py",
                 "paths.py")  # fmt: skip


def _scoring_sources() -> list[Path]:
    package = Path(__file__).parent
    files: list[Path] = []
    for name in _SCORING_CODE:
        path = package / name
        files.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    return files


def item_key(fingerprint_: str, scorer: str, item: PipelineItem) -> str:
    parts = [
        fingerprint_,
        scorer,
        item.message.source_lang,
        item.target,
        item.message.text,
        "\x00" if item.translation is None else item.translation,
        "\x00" if item.back_translation is None else item.back_translation,
        *(f.message for f in item.mt_findings),
    ]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def dump(result: ScoreResult) -> str:
    return json.dumps(
        {
            "signals": result.signals,
            "findings": [f.to_dict() for f in result.findings],
            "unavailable": result.unavailable,
        },
        ensure_ascii=False,
        default=float,  # numpy scalars
    )


def load(raw: str) -> ScoreResult:
    data: dict[str, Any] = json.loads(raw)
    findings = tuple(
        Finding(
            f["rule_id"],
            f["message"],
            tuple(f["span"]),
            f["field"],
            f["severity"],  # type: ignore[arg-type]
            f.get("suggestion"),
        )
        for f in data["findings"]
    )
    return ScoreResult(data["signals"], findings, data["unavailable"])


class ScoreCache:
    """Looks each (scorer, item) up in the store before scoring and remembers new results."""

    def __init__(self, store: Store, config: Config) -> None:
        self.store = store
        self.fingerprint = fingerprint(config)
        self.hits = 0
        self.misses = 0

    def score(self, scorer: Any, items: Sequence[PipelineItem]) -> list[ScoreResult]:
        keys = [item_key(self.fingerprint, scorer.name, item) for item in items]
        known = self.store.cached_scores(keys)
        results: dict[str, ScoreResult] = {k: load(v) for k, v in known.items()}
        todo = [i for i, k in enumerate(keys) if k not in results]
        # the same item twice in one batch is scored once
        unique = list({keys[i]: i for i in todo}.values())
        self.hits += len(items) - len(todo)
        self.misses += len(unique)
        if unique:
            fresh = scorer.score([items[i] for i in unique])
            if len(fresh) != len(unique):
                raise RuntimeError(
                    f"scorer {scorer.name} returned {len(fresh)} results for {len(unique)} items"
                )
            rows = []
            for i, result in zip(unique, fresh, strict=True):
                results[keys[i]] = result
                rows.append((keys[i], dump(result)))
            self.store.cache_scores(scorer.name, rows)
        return [results[k] for k in keys]
