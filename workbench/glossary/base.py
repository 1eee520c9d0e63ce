"""Loading and validating glossary files: TOML arrays of tables, with file and line in errors.

Every glossary kind (idioms, acronyms, terms, locales, sensitive) is a folder under glossaries/
holding TOML files. Each file has an optional [meta] table (version, language, description,
sources) and a list of entries as an array of tables named after the kind, e.g.

    [meta]
    version = "2026.11.1"

    [[idiom]]
    phrase = "get back to"
    ...

Users add files or folders by path in config (`glossaries = [...]`); their entries extend the
bundled ones, and an entry with the same key replaces the bundled one.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.errors import GlossaryError
from workbench.paths import bundled_glossaries


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a glossary file."""

    path: str
    line: int
    message: str
    severity: str = "error"  # "error" | "warning"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message}"


@dataclass(frozen=True)
class RawEntry:
    """One entry as read from a file, before its kind's schema turns it into an object."""

    data: dict[str, Any]
    path: str
    line: int  # line of the [[kind]] header


@dataclass
class GlossaryFile:
    path: str
    meta: dict[str, Any]
    entries: list[RawEntry]
    problems: list[Problem] = field(default_factory=list)


def _entry_lines(text: str, table: str) -> list[int]:
    """1-based line numbers of each [[table]] header, in order (tomllib gives no positions)."""
    pattern = re.compile(rf"^\s*\[\[\s*{re.escape(table)}\s*\]\]\s*(#.*)?$")
    return [n for n, line in enumerate(text.splitlines(), 1) if pattern.match(line)]


def read_glossary_file(path: Path, table: str) -> GlossaryFile:
    """Parse one TOML glossary file; syntax errors become a Problem, not an exception."""
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        return GlossaryFile(str(path), {}, [], [Problem(str(path), 1, f"cannot read: {exc}")])
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        line = int(match.group(1)) if match else 1
        return GlossaryFile(str(path), {}, [], [Problem(str(path), line, f"invalid TOML: {exc}")])
    problems: list[Problem] = []
    meta = data.pop("meta", {})
    raw = data.pop(table, [])
    for key in data:
        problems.append(
            Problem(str(path), 1, f"unknown top-level key {key!r}; expected [meta] and [[{table}]]")
        )
    if not isinstance(raw, list):
        problems.append(Problem(str(path), 1, f"{table} must be an array of tables: [[{table}]]"))
        raw = []
    lines = _entry_lines(text, table)
    entries = [
        RawEntry(item, str(path), lines[i] if i < len(lines) else 1) for i, item in enumerate(raw)
    ]
    return GlossaryFile(str(path), meta if isinstance(meta, dict) else {}, entries, problems)


def glossary_files(kind: str, extra_paths: Iterable[str | Path] = ()) -> list[Path]:
    """Bundled files for `kind` (glossaries/<kind>/*.toml), then the user's, in that order.

    A user path may be a file, a folder of files, or a folder laid out like glossaries/
    (then its <kind>/ subfolder is used).
    """
    files = sorted((bundled_glossaries() / kind).glob("*.toml"))
    for extra in extra_paths:
        p = Path(extra).expanduser()
        if p.is_file():
            if p.parent.name == kind or _declares_kind(p, kind):
                files.append(p)
        elif (p / kind).is_dir():
            files.extend(sorted((p / kind).glob("*.toml")))
        elif p.is_dir() and p.name == kind:
            files.extend(sorted(p.glob("*.toml")))
        elif not p.exists():
            raise GlossaryError(f"glossary path {p} does not exist")
    return files


def _declares_kind(path: Path, kind: str) -> bool:
    try:
        return f"[[{_TABLE.get(kind, kind)}]]" in path.read_text(encoding="utf-8")
    except OSError:
        return False


# Folder name -> TOML table name of its entries.
_TABLE = {
    "idioms": "idiom",
    "acronyms": "acronym",
    "terms": "term",
    "locales": "locale",
    "sensitive": "topic",
    "policy": "rule",
    "qa": "language",
}


def table_for(kind: str) -> str:
    return _TABLE.get(kind, kind)


Validator = Callable[[RawEntry], list[str]]


def check_fields(
    entry: RawEntry,
    required: dict[str, type | tuple[type, ...]],
    optional: dict[str, type | tuple[type, ...]],
) -> list[str]:
    """Messages for missing, unknown, wrongly typed or empty fields of one entry."""
    messages = []
    allowed = {**required, **optional}
    for name in required:
        if name not in entry.data:
            messages.append(f"missing field {name!r}")
    for name, value in entry.data.items():
        if name not in allowed:
            messages.append(f"unknown field {name!r}; valid: {', '.join(sorted(allowed))}")
            continue
        if not isinstance(value, allowed[name]):
            messages.append(f"field {name!r} has the wrong type ({type(value).__name__})")
        elif isinstance(value, str) and not value.strip():
            messages.append(f"field {name!r} is empty")
    return messages


def load_kind(
    kind: str,
    validate: Validator,
    key: Callable[[RawEntry], str],
    extra_paths: Iterable[str | Path] = (),
) -> tuple[list[RawEntry], list[Problem], dict[str, str]]:
    """Read, validate and merge every file of a kind.

    Returns the merged entries (later files override earlier ones by key, so a user's
    glossary replaces a bundled entry), every problem found (duplicates within one file are
    problems; overrides across files are not), and each file's version for run signatures.
    """
    table = table_for(kind)
    merged: dict[str, RawEntry] = {}
    problems: list[Problem] = []
    versions: dict[str, str] = {}
    for path in glossary_files(kind, extra_paths):
        gf = read_glossary_file(path, table)
        problems.extend(gf.problems)
        versions[path.name] = str(gf.meta.get("version", "unversioned"))
        seen_here: dict[str, int] = {}
        for entry in gf.entries:
            errors = validate(entry)
            if errors:
                problems.extend(Problem(entry.path, entry.line, m) for m in errors)
                continue
            k = key(entry)
            if k in seen_here:
                problems.append(
                    Problem(
                        entry.path,
                        entry.line,
                        f"duplicate entry {k!r} (first at line {seen_here[k]})",
                    )
                )
                continue
            seen_here[k] = entry.line
            merged[k] = entry
    return list(merged.values()), problems, versions


def raise_on_errors(problems: list[Problem]) -> None:
    """Fail loudly on invalid glossary data (the lint command lists them all instead)."""
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        more = (
            f" (and {len(errors) - 1} more; run 'workbench glossary lint')"
            if len(errors) > 1
            else ""
        )
        raise GlossaryError(f"{errors[0]}{more}")


def load_valid(
    kind: str,
    validate: Validator,
    key: Callable[[RawEntry], str],
    extra_paths: Iterable[str | Path] = (),
) -> tuple[list[RawEntry], dict[str, str]]:
    """Merged entries and file versions of a kind; GlossaryError on any invalid entry."""
    entries, problems, versions = load_kind(kind, validate, key, extra_paths)
    raise_on_errors(problems)
    return entries, versions


def iter_problems(*groups: Iterable[Problem]) -> Iterator[Problem]:
    for group in groups:
        yield from group
