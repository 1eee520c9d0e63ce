"""Translation cache: one MT hop at a time, keyed by backend, model, pair and (masked) text."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from workbench.mt.base import Translator

if TYPE_CHECKING:
    from workbench.store import Store


class TranslationCache:
    """Looks translations up in the store before asking an engine, and remembers new ones.

    Without a store it still sends each distinct text to the engine only once per call.
    """

    def __init__(self, store: Store | None = None, enabled: bool = True) -> None:
        self.store = store if enabled else None
        self.hits = 0
        self.misses = 0

    def translate(
        self, translator: Translator, texts: Sequence[str], source: str, target: str
    ) -> list[str]:
        """One output per input, in order; only texts not seen before reach the engine."""
        distinct = list(dict.fromkeys(texts))
        model = translator.model_id(source, target) if self.store is not None else ""
        known: dict[str, str] = {}
        if self.store is not None:
            known = self.store.cached_translations(translator.name, model, source, target, distinct)
        missing = [t for t in distinct if t not in known]
        self.hits += len(distinct) - len(missing)
        self.misses += len(missing)
        if missing:
            fresh = translator.translate(missing, source, target)
            if len(fresh) != len(missing):
                raise RuntimeError(
                    f"{translator.name} returned {len(fresh)} translations for {len(missing)} texts"
                )
            new = dict(zip(missing, fresh, strict=True))
            if self.store is not None:
                self.store.cache_translations(
                    translator.name, model, source, target, list(new.items())
                )
            known.update(new)
        return [known[t] for t in texts]
