"""Where bundled data lives, in a checkout and in an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def bundled_glossaries() -> Path:
    """The glossaries/ folder shipped with workbench."""
    installed = _PACKAGE / "_glossaries"
    return installed if installed.is_dir() else _PACKAGE.parent / "glossaries"


def bundled_corpora() -> Path:
    return _PACKAGE.parent / "corpora"
