"""Argos Translate backend: installed packages run directly through CTranslate2, batched."""

from __future__ import annotations

import logging
import os
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from workbench.config import Config
from workbench.errors import EngineLoadError, ModelUnavailableError

log = logging.getLogger(__name__)

# Sentences per translate_batch call: a few calls per run, each bounded in memory.
CHUNK_SENTENCES = 1024
# CTranslate2 sorts by length and splits into batches of this many sentences: on one thread
# per batch, 16 was a little faster than 8, 32 or 512 tokens on an OPUS-MT-sized model.
MAX_BATCH_SIZE = 16
# Output length cap: about twice the input, in steps of 64 tokens, so a sentence always gets
# the same cap however it is batched, and a model that loops cannot run away.
CAP_STEP = 64
MAX_DECODING_LENGTH = 512
# Parallel workers per model, one thread each: each sub-batch runs on one core, so no OpenMP
# barrier per layer (which costs several times the work itself on small or busy machines), and
# a sub-batch's result does not depend on how many workers there are.
MAX_WORKERS = 4
# A line break (with its surrounding spaces) splits a sentence: replies keep their layout.
_LINE_BREAK = re.compile(r"[ \t]*\n\s*")


def default_packages_dirs() -> list[Path]:
    """argostranslate's own package folders (ARGOS_PACKAGES_DIR or its settings.json)."""
    from argostranslate import settings  # reads settings only; creates its folders, no download

    return [Path(p) for p in settings.package_dirs]


def packages_dirs(config: Config) -> list[Path]:
    """Where Argos packages live for this config: mt.argos_packages_dir, else Argos' default."""
    if config.mt.argos_packages_dir:
        return [config.resolve(config.mt.argos_packages_dir)]
    return default_packages_dirs()


def installed_packages(dirs: Sequence[Path]) -> list[Any]:
    """Installed argostranslate Packages in `dirs`; a broken package folder is skipped."""
    from argostranslate import package as argos_package

    existing = [d for d in dirs if d.is_dir()]
    try:
        return list(argos_package.get_installed_packages(existing))
    except (OSError, ValueError):
        pass  # one unreadable folder fails the whole listing; retry folder by folder
    found = []
    for folder in existing:
        for child in sorted(folder.iterdir()):
            if not child.is_dir():
                continue
            try:
                found.append(argos_package.Package(child))
            except (OSError, ValueError) as exc:
                log.warning("skipping broken Argos package %s: %s", child, exc)
    return found


def package_name(pkg: Any) -> str:
    """argospm-style name with version: "translate-en_de-1_9"."""
    version = str(pkg.package_version or "0").replace(".", "_")
    return f"{pkg.type}-{pkg.from_code}_{pkg.to_code}-{version}"


def _version_key(pkg: Any) -> tuple[int, Any]:
    from packaging.version import InvalidVersion, Version

    try:
        return (1, Version(str(pkg.package_version)))
    except InvalidVersion:
        return (0, str(pkg.package_version))


@dataclass
class _Model:
    """A loaded package: the CTranslate2 translator and the package's tokenizer."""

    translator: Any  # ctranslate2.Translator
    sp: Any | None  # sentencepiece.SentencePieceProcessor, or None for BPE packages
    package: Any  # argostranslate.package.Package
    target_prefix: str

    def encode(self, sentences: list[str]) -> list[list[str]]:
        if self.sp is not None:
            return self.sp.encode(sentences, out_type=str)
        return [self.package.tokenizer.encode(s) for s in sentences]

    def decode(self, hypotheses: list[list[str]]) -> list[str]:
        if self.target_prefix:
            hypotheses = [h[1:] if h and h[0] == self.target_prefix else h for h in hypotheses]
        if self.sp is not None:
            # A model vocabulary may hold pieces the tokenizer lacks; those come back with
            # their word-boundary mark, which argostranslate also turns into a space.
            return [self.sp.decode_pieces(h).replace("\u2581", " ").strip() for h in hypotheses]
        return [self.package.tokenizer.decode(h).strip() for h in hypotheses]


def worker_count() -> int:
    """Translation workers: the cores this process may use, at most MAX_WORKERS."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(MAX_WORKERS, cores))


def _open_model(pkg: Any) -> _Model:
    """Load one package's model and tokenizer (CPU, int8 weights, one worker per core)."""
    import ctranslate2
    import sentencepiece as spm

    model_dir = Path(pkg.package_path) / "model"
    try:
        translator = ctranslate2.Translator(
            str(model_dir),
            device="cpu",
            compute_type="int8",
            inter_threads=worker_count(),  # the workers share one copy of the weights
            intra_threads=1,
        )
    except (RuntimeError, ValueError, OSError) as exc:
        raise EngineLoadError(
            f"the Argos package {package_name(pkg)} at {pkg.package_path} cannot be loaded "
            f"({_first_line(exc)}); reinstall it with `workbench models install`"
        ) from None
    sp_path = Path(pkg.package_path) / "sentencepiece.model"
    try:
        sp = spm.SentencePieceProcessor(model_file=str(sp_path)) if sp_path.is_file() else None
    except (RuntimeError, ValueError, OSError) as exc:
        raise EngineLoadError(
            f"the Argos package {package_name(pkg)} at {pkg.package_path} cannot be loaded "
            f"(sentencepiece.model: {_first_line(exc)}); reinstall it with "
            "`workbench models install`"
        ) from None
    if sp is None and getattr(pkg, "tokenizer", None) is None:
        raise EngineLoadError(
            f"the Argos package {package_name(pkg)} has no sentencepiece.model or bpe.model"
        )
    return _Model(translator, sp, pkg, getattr(pkg, "target_prefix", "") or "")


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


LOAD_TEST_SENTENCE = "Thank you for your message."


def load_test(package_dir: Path) -> str:
    """Load an unpacked package as a translation would (model, tokenizer) and translate one
    sentence; its translation, or EngineLoadError saying what failed."""
    from argostranslate import package as argos_package

    try:
        pkg = argos_package.Package(package_dir)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise EngineLoadError(f"its metadata cannot be read ({_first_line(exc)})") from None
    model = _open_model(pkg)
    try:
        tokens = model.encode([LOAD_TEST_SENTENCE])
        prefix = [[model.target_prefix]] if model.target_prefix else None
        result = model.translator.translate_batch(
            tokens, target_prefix=prefix, beam_size=1, max_decoding_length=decoding_cap(16)
        )
        return model.decode([result[0].hypotheses[0]])[0]
    except (RuntimeError, ValueError, OSError, IndexError) as exc:
        raise EngineLoadError(
            f"the model loads but cannot translate ({_first_line(exc)})"
        ) from None


class ArgosTranslator:
    """Translate with installed Argos Translate packages (direct pairs only; the router pivots)."""

    name: ClassVar[str] = "argos"
    dedupe: bool = True  # translate each distinct sentence of a call once

    def __init__(self, config: Config | None = None) -> None:
        self.config = config or Config()
        self.dirs = packages_dirs(self.config)
        self._packages: dict[tuple[str, str], Any] | None = None
        self._models: dict[Path, _Model] = {}
        self._lock = threading.Lock()

    # -- discovery ---------------------------------------------------------------------------

    def packages(self) -> dict[tuple[str, str], Any]:
        """Installed translate packages by (source, target); the newest version wins."""
        if self._packages is None:
            found: dict[tuple[str, str], Any] = {}
            for pkg in installed_packages(self.dirs):
                if pkg.type != "translate" or not pkg.from_code or not pkg.to_code:
                    continue
                key = (pkg.from_code, pkg.to_code)
                if key not in found or _version_key(pkg) > _version_key(found[key]):
                    found[key] = pkg
            self._packages = found
        return self._packages

    def refresh(self) -> None:
        """Forget the package listing (after an install); loaded models stay cached."""
        self._packages = None

    def pairs(self) -> list[tuple[str, str]]:
        return sorted(self.packages())

    def package_for(self, source: str, target: str) -> Any:
        """The package for a direct pair, or a ModelUnavailableError naming what is installed."""
        pkg = self.packages().get((source, target))
        if pkg is None:
            have = ", ".join(f"{s}-{t}" for s, t in self.pairs()) or "none"
            where = ", ".join(str(d) for d in self.dirs)
            raise ModelUnavailableError(
                f"no Argos package for {source}-{target} in {where} (installed: {have}); "
                f"install one with `workbench models install {source}-{target}` "
                "or from a .argosmodel file"
            )
        return pkg

    def model_id(self, source: str, target: str) -> str:
        return f"argos:{package_name(self.package_for(source, target))}"

    def _model(self, pkg: Any) -> _Model:
        path = Path(pkg.package_path)
        with self._lock:  # one load per package, even when called from several threads
            if path not in self._models:
                self._models[path] = _open_model(pkg)
            return self._models[path]

    # -- translation -------------------------------------------------------------------------

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        texts = list(texts)
        model = self._model(self.package_for(source, target))
        layouts = _segment(texts, source)
        sentences = [seg for layout in layouts for seg in layout[1::2]]
        # Replies share greetings, sign-offs and stock sentences: translate each one once.
        if self.dedupe:
            unique = list(dict.fromkeys(sentences))
            done = dict(zip(unique, self._translate_sentences(model, unique), strict=True))
            translated = [done[s] for s in sentences]
        else:
            translated = self._translate_sentences(model, sentences)
        out: list[str] = []
        pos = 0
        for layout in layouts:
            parts = list(layout)
            for i in range(1, len(parts), 2):
                parts[i] = translated[pos]
                pos += 1
            out.append("".join(parts))
        return out

    def _translate_sentences(self, model: _Model, sentences: list[str]) -> list[str]:
        if not sentences:
            return []
        tokens = model.encode(sentences)
        # One call per decoding cap (a handful), each at most CHUNK_SENTENCES sentences.
        groups: dict[int, list[int]] = {}
        for i, toks in enumerate(tokens):
            groups.setdefault(decoding_cap(len(toks)), []).append(i)
        result: list[str] = [""] * len(tokens)
        beam = max(1, int(self.config.mt.beam_size))
        # Queue every call at once (asynchronous): CTranslate2 splits each into sorted
        # sub-batches of MAX_BATCH_SIZE and the workers take them in turn, across caps too.
        pending = []
        for cap, members in sorted(groups.items()):
            for start in range(0, len(members), CHUNK_SENTENCES):
                idx = members[start : start + CHUNK_SENTENCES]
                batch = [tokens[i] for i in idx]
                prefix = [[model.target_prefix] for _ in batch] if model.target_prefix else None
                futures = model.translator.translate_batch(
                    batch,
                    target_prefix=prefix,
                    max_batch_size=MAX_BATCH_SIZE,
                    beam_size=beam,
                    length_penalty=0.2,  # as argostranslate does
                    replace_unknowns=True,
                    max_decoding_length=cap,
                    asynchronous=True,
                )
                pending.append((idx, futures))
        for idx, futures in pending:
            decoded = model.decode([f.result().hypotheses[0] for f in futures])
            for i, text in zip(idx, decoded, strict=True):
                result[i] = text
        return result


def decoding_cap(source_tokens: int) -> int:
    """Most output tokens for a sentence of this many tokens (2x + 16, rounded up to a step)."""
    want = 2 * source_tokens + 16
    return min(MAX_DECODING_LENGTH, -(-want // CAP_STEP) * CAP_STEP)


def _segment(texts: list[str], lang: str) -> list[list[str]]:
    """Each text as [gap, sentence, gap, sentence, ..., gap]: sentences at odd indexes.

    Gaps are the original whitespace (including line breaks), so the translation keeps the
    layout of the reply. Empty and whitespace-only texts are a single gap.
    """
    from workbench.nlp import blank

    layouts: list[list[str]] = [[t] for t in texts]
    todo = [i for i, t in enumerate(texts) if t.strip()]
    if not todo:
        return layouts
    docs = blank(lang).pipe(texts[i] for i in todo)
    for i, doc in zip(todo, docs, strict=True):
        text = texts[i]
        layout: list[str] = []
        cursor = 0
        for sent in doc.sents:
            for m_start, m_end in _line_spans(text, sent.start_char, sent.end_char):
                layout.append(text[cursor:m_start])
                layout.append(text[m_start:m_end])
                cursor = m_end
        layout.append(text[cursor:])
        layouts[i] = layout
    return layouts


def _line_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Non-blank pieces of text[start:end] split at line breaks, without outer whitespace."""
    spans = []
    piece_start = start
    for m in _LINE_BREAK.finditer(text, start, end):
        spans.append((piece_start, m.start()))
        piece_start = m.end()
    spans.append((piece_start, end))
    out = []
    for s, e in spans:
        chunk = text[s:e]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            trail = len(chunk) - len(chunk.rstrip())
            out.append((s + lead, e - trail))
    return out
