"""The facade the CLI and the TUI call: they never reach into the store, pipeline or scorers."""

from __future__ import annotations

from collections.abc import Sequence

from workbench.config import Config
from workbench.lang import parse_locales
from workbench.models import Assessment, Message
from workbench.pipeline import Pipeline, Progress
from workbench.store import Store


class Service:
    """One workbench session: a config, a database and a pipeline, all opened lazily."""

    def __init__(self, config: Config, store: Store | None = None) -> None:
        self.config = config
        self._store = store
        self._pipeline: Pipeline | None = None

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store(self.config.db_path())
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
        return self.pipeline.run([message], locales, progress=progress)
