"""Dispatch paths to format readers; a broken file is reported and the rest is still read."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from workbench.corpus.folder import TEMPLATE_SUFFIXES, read_folder, read_template
from workbench.corpus.gettext import read_po
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
from workbench.models import Message

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


def _read_file(path: Path, source_lang: str) -> Corpus:
    suffix = path.suffix.lower()
    try:
        if suffix in TEMPLATE_SUFFIXES:
            _, body, line, ident = read_template(path, path.parent)
            return Corpus([Message(ident, body, source_lang, origin=str(path), line=line)], [], 1)
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
        return reader(path, source_lang)
    except ReadError as exc:
        return Corpus([], [CorpusProblem(str(path), exc.reason, exc.line)], 1)
    except OSError as exc:
        return Corpus([], [CorpusProblem(str(path), f"cannot read: {exc.strerror or exc}")], 1)


def read_corpus(paths: Sequence[str | Path], source_lang: str = "en") -> Corpus:
    """Read every path (files or folders) into one Corpus; never raises for a broken file."""
    corpus = Corpus()
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise UsageError(f"{path} does not exist")
        if path.is_file():
            if path.suffix.lower() == ".json" and _is_locale_file(path):
                siblings = sorted(p for p in path.parent.glob("*.json") if _is_locale_file(p))
                corpus.extend(read_i18next(siblings, source_lang))
            else:
                corpus.extend(_read_file(path, source_lang))
            continue
        corpus.extend(read_folder(path, source_lang))
        locale_json = sorted(p for p in path.rglob("*.json") if _is_locale_file(p))
        for folder in sorted({p.parent for p in locale_json}):
            corpus.extend(read_i18next([p for p in locale_json if p.parent == folder], source_lang))
        for file in sorted(path.rglob("*")):
            if file.is_file() and file.suffix.lower() in READERS and file not in locale_json:
                corpus.extend(_read_file(file, source_lang))
    return corpus
