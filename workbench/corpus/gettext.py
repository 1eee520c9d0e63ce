"""gettext .po/.pot catalogues (polib): msgid is the draft, msgstr the existing translation.

Every entry is either read or counted as skipped with its reason (fuzzy, obsolete, not
translated yet, no known language). A plural entry gives one message per msgstr[n], checked
against msgid or msgid_plural by the CLDR category of the counts that select it.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import polib

from workbench.corpus import types as why
from workbench.corpus.catalog import catalog_locale, path_locale
from workbench.corpus.plurals import gettext_forms
from workbench.corpus.suppress import inline_ignores
from workbench.corpus.types import Corpus, ReadError
from workbench.models import Message


def unit_id(entry: polib.POEntry, contexts: Counter[str]) -> str:
    """The entry's id: its msgctxt when no other entry has that context (catalogues that use
    msgctxt as the message key), else msgctxt::msgid (Django's 'abbrev. month' entries), else
    the msgid. Two entries never get the same id."""
    if entry.msgctxt is None:
        return entry.msgid
    if contexts[entry.msgctxt] == 1:
        return entry.msgctxt
    return f"{entry.msgctxt}::{entry.msgid}"


def read_po(path: Path, source_lang: str, target_lang: str | None = None) -> Corpus:
    try:
        # no encoding given: polib reads the declared charset (ISO-8859-1 catalogues exist)
        catalog = polib.pofile(str(path), wrapwidth=0)
    except (OSError, ValueError, UnicodeDecodeError, LookupError) as exc:
        raise ReadError(f"not a valid gettext catalogue: {exc}") from None
    corpus = Corpus(files=1)
    is_template = path.suffix.lower() == ".pot"
    target = None
    if not is_template:
        target = catalog_locale(target_lang) or catalog_locale(
            catalog.metadata.get("Language", "").strip()
        )
        target = target or path_locale(path)
    plural_forms = catalog.metadata.get("Plural-Forms")
    contexts = Counter(e.msgctxt for e in catalog if e.msgctxt is not None)
    for entry in catalog:
        ident = unit_id(entry, contexts)
        if entry.obsolete:
            corpus.skip(path, why.OBSOLETE, ident, entry.linenum)
            continue
        if not entry.msgid.strip():
            corpus.skip(path, why.EMPTY_SOURCE, ident, entry.linenum)
            continue
        notes = _notes(entry)
        ignore = inline_ignores((entry.comment, entry.tcomment))
        if is_template:
            for text, form_id, form_notes in _sources(entry, ident):
                corpus.messages.append(
                    Message(
                        form_id or ident,
                        text,
                        source_lang,
                        origin=str(path),
                        line=entry.linenum,
                        ignore=ignore,
                        notes=notes + form_notes,
                    )
                )
            continue
        if entry.fuzzy:
            corpus.skip(path, why.FUZZY, ident, entry.linenum)
            continue
        if not entry.translated():
            corpus.skip(path, why.NOT_TRANSLATED, ident, entry.linenum)
            continue
        if target is None:
            corpus.skip(path, why.NO_TARGET_LANGUAGE, ident, entry.linenum)
            continue
        for source, translation, form_id, form_notes in _pairs(entry, ident, target, plural_forms):
            corpus.messages.append(
                Message(
                    form_id or ident,
                    source,
                    source_lang,
                    target=target,
                    translation=translation,
                    origin=str(path),
                    line=entry.linenum,
                    ignore=ignore,
                    notes=notes + form_notes,
                )
            )
    return corpus


def _notes(entry: polib.POEntry) -> tuple[str, ...]:
    notes = []
    if entry.msgctxt:
        notes.append(f"context: {entry.msgctxt}")
    for comment in (entry.comment, entry.tcomment):
        if comment and comment.strip():
            notes.append(comment.strip())
    return tuple(notes)


def _pairs(
    entry: polib.POEntry, ident: str, target: str, plural_forms: str | None
) -> list[tuple[str, str, str | None, tuple[str, ...]]]:
    """(source, translation, unit id or None, notes) per form of the entry."""
    if not entry.msgid_plural:
        return [(entry.msgid, entry.msgstr, None, ())]
    indices = sorted(entry.msgstr_plural)
    forms = gettext_forms(target.split("-")[0], plural_forms, max(indices) + 1)
    out: list[tuple[str, str, str | None, tuple[str, ...]]] = []
    for i in indices:
        category, singular = forms[i]
        source = entry.msgid if singular else entry.msgid_plural
        note = f"plural form msgstr[{i}] ({category}), checked against " + (
            "msgid" if singular else "msgid_plural"
        )
        out.append((source, entry.msgstr_plural[i], f"{ident}[{i}]", (note,)))
    return out


def _sources(entry: polib.POEntry, ident: str) -> list[tuple[str, str | None, tuple[str, ...]]]:
    """A template's drafts: msgid, and msgid_plural when the entry has one."""
    if not entry.msgid_plural:
        return [(entry.msgid, None, ())]
    return [
        (entry.msgid, f"{ident}[one]", ("singular (msgid)",)),
        (entry.msgid_plural, f"{ident}[other]", ("plural (msgid_plural)",)),
    ]
