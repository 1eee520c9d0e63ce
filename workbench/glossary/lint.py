"""Lint glossary files of every kind: syntax, schema, duplicates, language codes, with file:line."""

from __future__ import annotations

import importlib
import tomllib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.errors import GlossaryError, UsageError
from workbench.glossary.base import Problem, RawEntry, read_glossary_file, table_for
from workbench.paths import bundled_glossaries

# kind (folder under glossaries/) -> module exposing validate_entry(entry) and entry_key(entry),
# and optionally entry_aliases(entry): other keys the entry answers to (an idiom's variants), so
# the same words listed under two entries are caught as duplicates too.
# Modules are imported lazily: one missing or broken module must not stop the other kinds.
VALIDATORS: dict[str, str] = {
    "idioms": "workbench.glossary.idioms",
    "acronyms": "workbench.glossary.acronyms",
    "terms": "workbench.glossary.terms",
    "locales": "workbench.glossary.locales",
    "sensitive": "workbench.glossary.sensitive",
    "policy": "workbench.glossary.policy",
    "register": "workbench.scoring.register_rules",
    "qa": "workbench.glossary.qa",
}
# Kinds whose files are one lexicon of sections, not [[entries]]: checked by loading them.
LEXICONS: dict[str, str] = {
    "meaning": "workbench.scoring.meaning:check_lexicon",  # validates without spaCy
    "engines": "workbench.scoring.engine_errors:load_engine_errors",
}
KINDS: tuple[str, ...] = (*VALIDATORS, *LEXICONS)
# Table names differing from what workbench.glossary.base knows.
_TABLES = {"register": "register", "qa": "language"}


@dataclass
class LintReport:
    """Every problem found, and what was checked."""

    files: list[str] = field(default_factory=list)
    entries: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != "error"]

    def to_dict(self) -> dict[str, Any]:
        return {
            "files": len(self.files),
            "entries": self.entries,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "problems": [
                {"path": p.path, "line": p.line, "severity": p.severity, "message": p.message}
                for p in self.problems
            ],
        }


def table(kind: str) -> str:
    return _TABLES.get(kind, table_for(kind))


Validate = Callable[[RawEntry], list[str]]
Key = Callable[[RawEntry], str]


Aliases = Callable[[RawEntry], list[str]]


def _no_aliases(entry: RawEntry) -> list[str]:
    return []


def _validator(kind: str) -> tuple[Validate, Key, Aliases] | str:
    """(validate_entry, entry_key, entry_aliases) of a kind, or why they cannot be had."""
    try:
        module = importlib.import_module(VALIDATORS[kind])
        aliases: Aliases = getattr(module, "entry_aliases", _no_aliases)
        return module.validate_entry, module.entry_key, aliases
    except Exception as exc:  # noqa: BLE001 - a broken module must not stop the other kinds
        return f"{type(exc).__name__}: {exc}"


def discover(paths: Sequence[str | Path] = ()) -> list[tuple[str, Path]]:
    """(kind, file) pairs for the given files and folders, or every bundled glossary file.

    A folder may be a kind folder (idioms/), a tree laid out like glossaries/, or any folder
    whose .toml files declare their kind by their [[table]] header.
    """
    if not paths:
        paths = [bundled_glossaries()]
    found: list[tuple[str, Path]] = []
    for raw in paths:
        p = Path(raw).expanduser()
        if not p.exists():
            raise UsageError(f"glossary path {p} does not exist")
        if p.is_file():
            found.append((_kind_of(p), p))
        elif p.name in KINDS:
            found.extend((p.name, f) for f in sorted(p.glob("*.toml")))
        elif any((p / k).is_dir() for k in KINDS):
            for kind in KINDS:
                found.extend((kind, f) for f in sorted((p / kind).glob("*.toml")))
        else:
            found.extend((_kind_of(f), f) for f in sorted(p.glob("*.toml")))
    return found


def _kind_of(path: Path) -> str:
    """The kind of a file: its folder's name, else the [[table]] it declares ('' if neither)."""
    if path.parent.name in KINDS:
        return path.parent.name
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""
    for kind in VALIDATORS:
        if f"[[{table(kind)}]]" in text:
            return kind
    return ""


def lint(paths: Sequence[str | Path] = ()) -> LintReport:
    """Check every file (bundled glossaries by default) and report every problem found."""
    report = LintReport()
    by_kind: dict[str, list[Path]] = {}
    for kind, path in discover(paths):
        report.files.append(str(path))
        if not kind:
            report.problems.append(
                Problem(
                    str(path),
                    1,
                    f"cannot tell the glossary kind; put the file in a folder named one of "
                    f"{', '.join(KINDS)} or give it [[idiom]]-style entries",
                )
            )
            continue
        by_kind.setdefault(kind, []).append(path)
    for kind, files in by_kind.items():
        if kind in LEXICONS:
            for path in files:
                report.problems.extend(_lint_lexicon(kind, path))
        else:
            _lint_entries(kind, files, report)
    return report


def _lint_entries(kind: str, files: Iterable[Path], report: LintReport) -> None:
    validator = _validator(kind)
    seen: dict[str, tuple[str, int]] = {}  # across all files of a kind linted together
    claimed: dict[str, tuple[str, int, str]] = {}  # key or alias -> (path, line, owning key)
    for path in files:
        gf = read_glossary_file(path, table(kind))
        report.problems.extend(gf.problems)
        report.problems.extend(_meta_problems(path, gf.meta))
        report.entries += len(gf.entries)
        if isinstance(validator, str):
            report.problems.append(
                Problem(
                    str(path),
                    1,
                    f"entries not checked: the {kind} validator is unavailable ({validator})",
                    "warning",
                )
            )
            continue
        validate, key, aliases = validator
        for entry in gf.entries:
            try:
                messages = validate(entry)
                k = key(entry)
                also = [a for a in aliases(entry) if a and a != k]
            except Exception as exc:  # noqa: BLE001 - report it against the entry
                report.problems.append(
                    Problem(entry.path, entry.line, f"cannot check entry: {exc}")
                )
                continue
            report.problems.extend(Problem(entry.path, entry.line, m) for m in messages)
            if not k:
                continue
            if k in seen:
                first_path, first_line = seen[k]
                where = (
                    f"line {first_line}"
                    if first_path == entry.path
                    else f"{first_path}:{first_line}"
                )
                report.problems.append(
                    Problem(entry.path, entry.line, f"duplicate entry {k!r} (first at {where})")
                )
            else:
                seen[k] = (entry.path, entry.line)
            report.problems.extend(_alias_problems(entry, k, also, claimed))


def _alias_problems(
    entry: RawEntry, key: str, aliases: list[str], claimed: dict[str, tuple[str, int, str]]
) -> list[Problem]:
    """The entry's key or aliases already claimed by another entry (e.g. one idiom's variant)."""
    problems = []
    for name in [key, *aliases]:
        owner = claimed.get(name)
        if owner is None:
            claimed[name] = (entry.path, entry.line, key)
        elif owner[2] != key:
            what = "entry" if name == key else "variant"
            problems.append(
                Problem(
                    entry.path,
                    entry.line,
                    f"{what} {name!r} is also listed under {owner[2]!r} ({owner[0]}:{owner[1]})",
                )
            )
    return problems


def _meta_problems(path: Path, meta: dict[str, Any]) -> list[Problem]:
    from workbench.lang import parse_locale

    problems = []
    language = meta.get("language")
    if language is not None:
        try:
            parse_locale(language)
        except Exception as exc:  # noqa: BLE001 - UnknownLanguageError, or a non-string value
            line = _meta_line(path, "language")
            problems.append(Problem(str(path), line, f"meta.language: {exc}"))
    version = meta.get("version")
    if version is not None and not (isinstance(version, str) and version.strip()):
        line = _meta_line(path, "version")
        problems.append(Problem(str(path), line, "meta.version must be a non-empty string"))
    return problems


def _meta_line(path: Path, key: str) -> int:
    try:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip().startswith(f"{key} ") or line.strip().startswith(f"{key}="):
                return n
    except OSError:
        pass
    return 1


def _lint_lexicon(kind: str, path: Path) -> list[Problem]:
    """A lexicon file is valid when its own loader accepts it."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError:
        return read_glossary_file(path, kind).problems  # the reader words it with its line
    except (OSError, UnicodeDecodeError) as exc:
        return [Problem(str(path), 1, f"cannot read: {exc}")]
    meta = data.get("meta", {})
    problems = _meta_problems(path, meta if isinstance(meta, dict) else {})
    module_name, _, func_name = LEXICONS[kind].partition(":")
    try:
        loader = getattr(importlib.import_module(module_name), func_name)
    except Exception as exc:  # noqa: BLE001
        why = f"not checked: the {kind} loader is unavailable ({exc})"
        return [*problems, Problem(str(path), 1, why, "warning")]
    loader = getattr(loader, "__wrapped__", loader)  # skip its cache: the file may have changed
    try:
        loader(path.stem, str(path.parent))
    except GlossaryError as exc:
        problems.append(Problem(str(path), 1, str(exc).removeprefix(f"{path}: ")))
    return problems
