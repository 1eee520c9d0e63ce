"""Dispatch paths to format readers; a broken file is reported and the rest is still read."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from workbench.corpus.folder import (
    TEMPLATE_SUFFIXES,
    read_folder,
    read_template,
    template_message,
)
from workbench.corpus.gettext import read_po
from workbench.corpus.limits import DEFAULT_LIMITS, ReadLimits, check_file, message_problem
from workbench.corpus.structured import (
    _is_locale_file,
    read_csv,
    read_i18next,
    read_json,
    read_jsonl,
    read_yaml,
)
from workbench.corpus.types import Corpus, CorpusProblem, ReadError
from workbench.corpus.xliff import read_xliff
from workbench.errors import UsageError

Reader = Callable[[Path, str], Corpus]

READERS: dict[str, Reader] = {
    ".csv": read_csv,
    ".json": read_json,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".yaml": read_yaml,
    ".yml": read_yaml,
    ".po": read_po,
    ".pot": read_po,
    ".xlf": read_xliff,
    ".xliff": read_xliff,
}
LIBRARY_SUFFIXES = set(READERS) | TEMPLATE_SUFFIXES


def _read_file(path: Path, source_lang: str, limits: ReadLimits = DEFAULT_LIMITS) -> Corpus:
    suffix = path.suffix.lower()
    try:
        if suffix in TEMPLATE_SUFFIXES:
            template = read_template(path, path.parent, limits)
            return Corpus([template_message(template, path, source_lang)], [], 1)
        reader = READERS.get(suffix)
        if reader is None:
            return Corpus(
                [],
                [
                    CorpusProblem(
                        str(path),
                        f"unsupported file type {suffix!r}; "
                        f"supported: {', '.join(sorted(LIBRARY_SUFFIXES))}",
                    )
                ],
                1,
            )
        check_file(path, limits)
        return reader(path, source_lang)
    except ReadError as exc:
        return Corpus([], [CorpusProblem(str(path), exc.reason, exc.line)], 1)
    except OSError as exc:
        return Corpus([], [CorpusProblem(str(path), f"cannot read: {exc.strerror or exc}")], 1)
    except RecursionError:
        return Corpus([], [CorpusProblem(str(path), "nested too deeply to read")], 1)


def _read_locale_files(files: list[Path], source_lang: str, limits: ReadLimits) -> Corpus:
    """i18next files of one folder, each checked against the limits first."""
    corpus = Corpus()
    readable = []
    for path in files:
        try:
            check_file(path, limits)
            readable.append(path)
        except ReadError as exc:
            corpus.extend(Corpus([], [CorpusProblem(str(path), exc.reason)], 1))
    if readable:
        try:
            corpus.extend(read_i18next(readable, source_lang))
        except RecursionError:
            folder = str(readable[0].parent)
            corpus.extend(Corpus([], [CorpusProblem(folder, "nested too deeply to read")], 0))
    return corpus


def within_limits(corpus: Corpus, limits: ReadLimits) -> Corpus:
    """Move messages over the length limit to problems: refused one by one, never the batch."""
    kept = []
    for message in corpus.messages:
        problem = message_problem(message, limits)
        if problem is None:
            kept.append(message)
        else:
            corpus.problems.append(CorpusProblem(message.origin or "input", problem, message.line))
    corpus.messages = kept
    return corpus


def read_corpus(
    paths: Sequence[str | Path], source_lang: str = "en", limits: ReadLimits | None = None
) -> Corpus:
    """Read every path (files or folders) into one Corpus; never raises for a broken file."""
    limits = limits or DEFAULT_LIMITS
    corpus = Corpus()
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise UsageError(f"{path} does not exist")
        if not path.is_dir():
            if path.suffix.lower() == ".json" and path.is_file() and _is_locale_file(path):
                siblings = sorted(p for p in path.parent.glob("*.json") if _is_locale_file(p))
                corpus.extend(_read_locale_files(siblings, source_lang, limits))
            else:
                corpus.extend(_read_file(path, source_lang, limits))
            continue
        corpus.extend(read_folder(path, source_lang, limits))
        locale_json = sorted(p for p in path.rglob("*.json") if _is_locale_file(p))
        for folder in sorted({p.parent for p in locale_json}):
            files = [p for p in locale_json if p.parent == folder]
            corpus.extend(_read_locale_files(files, source_lang, limits))
        for file in sorted(path.rglob("*")):
            if not file.is_dir() and file.suffix.lower() in READERS and file not in locale_json:
                corpus.extend(_read_file(file, source_lang, limits))
    return within_limits(corpus, limits)
