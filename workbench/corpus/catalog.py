"""The language of a catalogue: from the command line, the file, or its path."""

from __future__ import annotations

from pathlib import Path

from workbench.errors import UnknownLanguageError
from workbench.lang import parse_locale


def catalog_locale(*candidates: str | None) -> str | None:
    """The first candidate that is a language tag, as a full locale (de -> de-DE)."""
    for candidate in candidates:
        if not candidate:
            continue
        try:
            return parse_locale(candidate).with_default_region().tag
        except UnknownLanguageError:
            continue
    return None


def path_locale(path: Path) -> str | None:
    """locale/de/LC_MESSAGES/x.po, de.po, x.de.po, de/x.xlf -> de-DE."""
    parent = path.parent
    in_lc = parent.parent.name if parent.name == "LC_MESSAGES" else None
    stem = path.stem
    dotted = stem.rsplit(".", 1)[1] if "." in stem else None
    return catalog_locale(in_lc, stem, dotted, parent.name)
