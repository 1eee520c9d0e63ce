"""gettext .po/.pot catalogues (polib): msgid is the draft, msgstr the existing translation."""

from __future__ import annotations

from pathlib import Path

import polib

from workbench.corpus.suppress import inline_ignores
from workbench.corpus.types import Corpus, ReadError
from workbench.errors import UnknownLanguageError
from workbench.lang import parse_locale
from workbench.models import Message


def _target(catalog: polib._BaseFile, path: Path) -> str | None:
    for candidate in (catalog.metadata.get("Language", ""), path.stem):
        try:
            return parse_locale(candidate).with_default_region().tag
        except UnknownLanguageError:
            continue
    return None


def read_po(path: Path, source_lang: str) -> Corpus:
    try:
        catalog = polib.pofile(str(path), encoding="utf-8")
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise ReadError(f"not a valid gettext catalogue: {exc}") from None
    target = None if path.suffix == ".pot" else _target(catalog, path)
    corpus = Corpus(files=1)
    for entry in catalog:
        if entry.obsolete or not entry.msgid.strip():
            continue
        ident = entry.msgctxt or entry.msgid[:60]
        translated = entry.msgstr if entry.msgstr and "fuzzy" not in entry.flags else None
        corpus.messages.append(
            Message(
                ident,
                entry.msgid,
                source_lang,
                target=target if translated else None,
                translation=translated if target else None,
                origin=str(path),
                line=entry.linenum,
                ignore=inline_ignores((entry.comment, entry.tcomment)),
            )
        )
    return corpus
