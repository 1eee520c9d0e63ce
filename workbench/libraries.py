"""From changed files to the template libraries they belong to (what the pre-commit hook checks).

A translation is only meaningful next to its source: `es/refund.md` alone would be read as an
English draft. So a changed file is widened to its library, found through the same layouts the
readers pair by: locale subfolders next to the source language's folder (`templates/en/` +
`templates/es/`, i18next `locales/en/` + `locales/de/`), sibling locale files (`en.json` +
`de.json`); self-contained catalogs (.po, XLIFF) stand alone.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from pathlib import Path

from workbench.errors import UnknownLanguageError
from workbench.lang import parse_locale

# What a template library is made of; anything else a hook is handed is not ours to read.
TEMPLATE_SUFFIXES = frozenset(
    {".md", ".txt", ".po", ".pot", ".xlf", ".xliff", ".json", ".jsonl", ".ndjson", ".csv"}
    | {".yaml", ".yml"}
)
# Files that share a template suffix but are never templates.
NOT_TEMPLATES = frozenset(
    {
        "readme.md", "changelog.md", "contributing.md", "license.md", "code_of_conduct.md",
        "security.md", "package.json", "package-lock.json", "composer.json", "tsconfig.json",
        "renovate.json", ".pre-commit-config.yaml", ".pre-commit-hooks.yaml",
    }
)  # fmt: skip
MAX_DEPTH = 4  # how far above a file a locale folder may be (locale/de/LC_MESSAGES/x.po: 2)


def _is_locale(name: str) -> bool:
    try:
        parse_locale(name)
        return True
    except UnknownLanguageError:
        return False


def _has_source_folder(folder: Path, source_lang: str) -> bool:
    return any(
        child.is_dir()
        and _is_locale(child.name)
        and parse_locale(child.name).language == source_lang
        for child in folder.iterdir()
    )


def is_template_file(path: Path) -> bool:
    """A file the hook should look at: a template format, not a dotfile or a known non-template."""
    shown = path
    if path.is_absolute():  # judge only the part inside the repository (pre-commit's cwd)
        with contextlib.suppress(ValueError):
            shown = path.relative_to(Path.cwd())
    return (
        path.suffix.lower() in TEMPLATE_SUFFIXES
        and path.name.lower() not in NOT_TEMPLATES
        and not any(part.startswith(".") for part in shown.parts if part not in (".", ".."))
    )


def library_of(path: Path, source_lang: str = "en") -> Path:
    """The folder or file to check so that `path` is read with its source and translations."""
    folder = path.parent
    for _ in range(MAX_DEPTH):
        parent = folder.parent
        if parent == folder:
            break
        if _is_locale(folder.name) and _has_source_folder(parent, source_lang):
            return parent
        folder = parent
    if path.suffix.lower() == ".json" and _is_locale(path.stem):
        # en.json + de.json in one folder: the reader pairs every sibling from any one of them
        return (
            path.parent / f"{source_lang}.json"
            if (path.parent / f"{source_lang}.json").is_file()
            else path
        )
    return path


def libraries(
    paths: Iterable[str | Path], source_lang: str = "en"
) -> tuple[list[Path], list[Path]]:
    """(libraries to check, files skipped as not templates); nested libraries collapse into the
    outer one, and each library appears once."""
    roots: set[Path] = set()
    skipped: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if not is_template_file(path):
            skipped.append(path)
            continue
        if path.exists():
            roots.add(library_of(path, source_lang))
    ordered = sorted(roots, key=lambda p: (len(p.parts), str(p)))
    kept: list[Path] = []
    for root in ordered:
        if not any(root != k and k in root.parents for k in kept):
            kept.append(root)
    return sorted(kept), skipped
