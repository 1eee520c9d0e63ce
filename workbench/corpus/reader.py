"""Dispatch paths to format readers; a broken file is reported and the rest is still read."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from workbench.corpus import i18next
from workbench.corpus.folder import (
    TEMPLATE_SUFFIXES,
    read_folder,
    read_template,
    template_message,
)
from workbench.corpus.gettext import read_po
from workbench.corpus.limits import DEFAULT_LIMITS, ReadLimits, check_file, message_problem
from workbench.corpus.structured import read_csv, read_json, read_jsonl, read_yaml
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
    ".poxliff": read_xliff,  # translate-toolkit's XLIFF 1.2 form of a .po catalogue
}
LIBRARY_SUFFIXES = set(READERS) | TEMPLATE_SUFFIXES


def _read_file(
    path: Path,
    source_lang: str,
    limits: ReadLimits = DEFAULT_LIMITS,
    target_lang: str | None = None,
    source_override: bool = False,
) -> Corpus:
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
        # catalogues carry their own languages; the command line may replace them
        if reader is read_po:
            return read_po(path, source_lang, target_lang)
        if reader is read_xliff:
            return read_xliff(path, source_lang, target_lang, source_override)
        return reader(path, source_lang)
    except ReadError as exc:
        return Corpus([], [CorpusProblem(str(path), exc.reason, exc.line)], 1)
    except OSError as exc:
        return Corpus([], [CorpusProblem(str(path), f"cannot read: {exc.strerror or exc}")], 1)
    except RecursionError:
        return Corpus([], [CorpusProblem(str(path), "nested too deeply to read")], 1)


def _checked(files: list[Path], limits: ReadLimits, corpus: Corpus) -> list[Path]:
    """The files within the limits; the others become problems."""
    readable = []
    for path in files:
        try:
            check_file(path, limits)
            readable.append(path)
        except ReadError as exc:
            corpus.extend(Corpus([], [CorpusProblem(str(path), exc.reason)], 1))
    return readable


def _read_flat(files: list[Path], source_lang: str, limits: ReadLimits) -> Corpus:
    corpus = Corpus()
    readable = _checked(files, limits, corpus)
    if readable:
        corpus.extend(i18next.read_flat(readable, source_lang))
    return corpus


def _read_namespaced(root: Path, source_lang: str, limits: ReadLimits) -> Corpus:
    corpus = Corpus()
    files = sorted(p for p in root.glob("*/*.json") if i18next.locale_of(p.parent.name))
    if len(_checked(files, limits, Corpus())) == len(files):
        corpus.extend(i18next.read_namespaced(root, source_lang))
    else:
        _checked(files, limits, corpus)  # a file over the limits: report it, read none
    return corpus


def _read_i18next(folder: Path, source_lang: str, limits: ReadLimits, corpus: Corpus) -> set[Path]:
    """Read every i18next group under a folder; return the files they took."""
    taken: set[Path] = set()
    for kind, root in i18next.discover(folder):
        if kind == "namespaced":
            corpus.extend(_read_namespaced(root, source_lang, limits))
            taken |= {p for p in root.glob("*/*.json") if i18next.locale_of(p.parent.name)}
        else:
            files = sorted(p for p in root.glob("*.json") if i18next.is_locale_file(p))
            corpus.extend(_read_flat(files, source_lang, limits))
            taken |= set(files)
    return taken


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
    paths: Sequence[str | Path],
    source_lang: str = "en",
    limits: ReadLimits | None = None,
    *,
    target_lang: str | None = None,
    source_override: bool = False,
) -> Corpus:
    """Read every path (files or folders) into one Corpus; never raises for a broken file.

    `target_lang` replaces the language a catalogue (.po, XLIFF) declares for its
    translations; `source_override` makes `source_lang` replace the one it declares.
    """
    limits = limits or DEFAULT_LIMITS
    corpus = Corpus()
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise UsageError(f"{path} does not exist")
        if not path.is_dir():
            namespaced_root = path.parent.parent
            if path.is_file() and i18next.is_locale_file(path):
                siblings = sorted(
                    p for p in path.parent.glob("*.json") if i18next.is_locale_file(p)
                )
                corpus.extend(_read_flat(siblings, source_lang, limits))
            elif (
                path.is_file()
                and path.suffix.lower() == ".json"
                and i18next.locale_of(path.parent.name)
                and i18next.is_namespaced_root(namespaced_root)
            ):
                corpus.extend(_read_namespaced(namespaced_root, source_lang, limits))
            else:
                corpus.extend(_read_file(path, source_lang, limits, target_lang, source_override))
            continue
        corpus.extend(read_folder(path, source_lang, limits))
        taken = _read_i18next(path, source_lang, limits, corpus)
        for file in sorted(path.rglob("*")):
            if not file.is_dir() and file.suffix.lower() in READERS and file not in taken:
                corpus.extend(_read_file(file, source_lang, limits, target_lang, source_override))
    return within_limits(corpus, limits)
