"""The Scorer protocol and the context every scorer is built with."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, runtime_checkable

from workbench.models import PipelineItem, ScoreResult

if TYPE_CHECKING:
    from workbench.config import Config


@dataclass
class ScoringContext:
    """Shared, lazily built resources (config, glossaries, models) handed to every scorer."""

    config: Config
    cache: dict[str, Any] = field(default_factory=dict)  # heavy objects built once per process
    store: Any = None  # workbench.store.Store for caches that outlive the process (embeddings)

    def get(self, key: str, build: Any) -> Any:
        """Return the cached object for `key`, building it with `build()` the first time."""
        if key not in self.cache:
            self.cache[key] = build()
        return self.cache[key]


@runtime_checkable
class Scorer(Protocol):
    """A batched check: one ScoreResult per item, in order.

    Scorers load heavy models lazily (on first `score`), once, through the context.
    A scorer never raises for one bad item: it records why a signal is unavailable.
    """

    name: ClassVar[str]

    def __init__(self, context: ScoringContext) -> None: ...

    def score(self, items: Sequence[PipelineItem]) -> list[ScoreResult]: ...
