"""XLIFF 1.2 (trans-unit) and 2.0 (unit/segment) files, read with lxml."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from workbench.corpus.suppress import inline_ignores
from workbench.corpus.types import Corpus, ReadError
from workbench.errors import UnknownLanguageError
from workbench.lang import parse_locale
from workbench.models import Message

NS12 = "urn:oasis:names:tc:xliff:document:1.2"
NS20 = "urn:oasis:names:tc:xliff:document:2.0"


def _text(element: etree._Element | None) -> str | None:
    """Text content including inline elements' text (g, mrk, pc); placeholders (x, ph) by id."""
    if element is None:
        return None
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            local = etree.QName(child).localname
            if local in ("x", "ph", "bx", "ex", "sc", "ec") and not (child.text or len(child)):
                parts.append(child.get("equiv-text") or child.get("disp") or "")
            else:
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(element)
    return "".join(parts)


def _notes(unit: etree._Element) -> tuple[str, ...]:
    """Rules a unit's notes suppress (<note>workbench: ignore=tags.mismatch</note>, 1.2 or 2.x)."""
    return inline_ignores(n.text for n in unit.iter("{*}note"))


def _locale(code: str | None) -> str | None:
    try:
        return parse_locale(code).with_default_region().tag if code else None
    except UnknownLanguageError:
        return None


def read_xliff(path: Path, source_lang: str) -> Corpus:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.parse(str(path), parser).getroot()
    except etree.XMLSyntaxError as exc:
        raise ReadError(f"invalid XML: {exc.msg}", exc.lineno) from None
    corpus = Corpus(files=1)
    if root.tag == f"{{{NS12}}}xliff":
        for file_el in root.iter(f"{{{NS12}}}file"):
            src = (file_el.get("source-language") or source_lang).split("-")[0].lower()
            target = _locale(file_el.get("target-language"))
            for unit in file_el.iter(f"{{{NS12}}}trans-unit"):
                _add(
                    corpus,
                    path,
                    unit.get("id"),
                    src,
                    target,
                    _text(unit.find(f"{{{NS12}}}source")),
                    _text(unit.find(f"{{{NS12}}}target")),
                    unit.sourceline,
                    _notes(unit),
                )
    elif root.tag == f"{{{NS20}}}xliff":
        src = (root.get("srcLang") or source_lang).split("-")[0].lower()
        target = _locale(root.get("trgLang"))
        for unit in root.iter(f"{{{NS20}}}unit"):
            segments = unit.findall(f"{{{NS20}}}segment")
            source = "".join(_text(s.find(f"{{{NS20}}}source")) or "" for s in segments)
            translated = "".join(_text(s.find(f"{{{NS20}}}target")) or "" for s in segments)
            _add(
                corpus,
                path,
                unit.get("id"),
                src,
                target,
                source,
                translated,
                unit.sourceline,
                _notes(unit),
            )
    else:
        raise ReadError("not an XLIFF 1.2 or 2.0 document (root element and namespace)", 1)
    return corpus


def _add(
    corpus: Corpus,
    path: Path,
    ident: str | None,
    src: str,
    target: str | None,
    source: str | None,
    translated: str | None,
    line: int | None,
    ignore: tuple[str, ...] = (),
) -> None:
    if not source or not source.strip():
        return
    has_translation = bool(translated and translated.strip() and target)
    corpus.messages.append(
        Message(
            ident or f"{path.stem}:{line}",
            source,
            src,
            target=target if has_translation else None,
            translation=translated if has_translation else None,
            origin=str(path),
            line=line,
            ignore=ignore,
        )
    )
