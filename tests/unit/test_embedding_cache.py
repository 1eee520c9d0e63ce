"""Embeddings persist in the store: a later process finds them without loading the model."""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

import numpy as np

from workbench.embeddings import CachedEncoder
from workbench.store import Store


class CountingEncoder:
    """A deterministic encoder that counts what it is asked to embed."""

    name = "counting"

    def __init__(self) -> None:
        self.seen: list[str] = []

    def encode(self, texts):  # type: ignore[no-untyped-def]
        self.seen.extend(texts)
        rows = [[float(len(t)), float(sum(map(ord, t)) % 97), 1.0] for t in texts]
        out = np.asarray(rows, dtype=np.float32).reshape(len(texts), 3)
        return out / np.linalg.norm(out, axis=1, keepdims=True) if len(texts) else out


def test_second_process_reads_vectors_from_the_store(tmp_path: Path) -> None:
    store = Store(tmp_path / "w.db")
    builds: list[CountingEncoder] = []

    def build() -> CountingEncoder:
        builds.append(CountingEncoder())
        return builds[-1]

    first = CachedEncoder(build, "counting", OrderedDict(), store)
    vectors = first.encode(["a", "bb", "a"])
    assert builds[0].seen == ["a", "bb"]  # repeats are embedded once

    # a "new process": empty memory, same database file
    second = CachedEncoder(build, "counting", OrderedDict(), Store(tmp_path / "w.db"))
    again = second.encode(["bb", "a", "a"])
    assert len(builds) == 1, "the model was built although every text was stored"
    np.testing.assert_allclose(again, vectors[[1, 0, 0]])

    third = CachedEncoder(build, "counting", OrderedDict(), Store(tmp_path / "w.db"))
    third.encode(["a", "new"])
    assert builds[-1].seen == ["new"]


def test_vectors_are_keyed_by_model(tmp_path: Path) -> None:
    store = Store(tmp_path / "w.db")
    enc = CountingEncoder()
    CachedEncoder(lambda: enc, "model-a", OrderedDict(), store).encode(["x"])
    other = CountingEncoder()
    CachedEncoder(lambda: other, "model-b", OrderedDict(), store).encode(["x"])
    assert other.seen == ["x"]
