"""XLIFF 1.0-1.2 (trans-unit) and 2.0-2.2 (unit/segment), read with lxml.

Inline codes keep their identity: each one is written into the unit's text as a canonical
token that names its kind and id (`<x id="1"/>`, `<g id="2">…</g>`, `<ec id="3"
startRef="1"/>`), so the placeholder checks compare codes by id, never by their native text.
A unit that is not translated yet, rejected, or marked translate="no" is counted as skipped.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

from lxml import etree

from workbench.corpus import types as why
from workbench.corpus.catalog import catalog_locale, path_locale
from workbench.corpus.suppress import inline_ignores
from workbench.corpus.types import Corpus, ReadError
from workbench.errors import UnknownLanguageError
from workbench.lang import parse_locale
from workbench.models import Message

_NAMESPACE = re.compile(r"^urn:oasis:names:tc:xliff:document:(\d\.\d)$")

# codes that stand alone (1.x x/bx/ex/ph/bpt/ept/it, 2.x ph/sc/ec/sm/em): their content, if
# any, is native code (<ph>&lt;br/&gt;</ph>), never translatable text
EMPTY_CODES = {"x", "bx", "ex", "ph", "bpt", "ept", "it", "sc", "ec", "sm", "em"}
# codes that wrap translatable text
PAIRED_CODES = {"g", "pc", "mrk"}
NOT_TRANSLATED_STATES = {"new", "needs-translation", "initial"}


def _attr(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _code_attrs(element: etree._Element) -> str:
    ident = element.get("id") or element.get("mid") or element.get("rid")
    parts = [f' id="{_attr(ident)}"'] if ident is not None else []
    start_ref = element.get("startRef")
    if start_ref is not None:
        parts.append(f' startRef="{_attr(start_ref)}"')
    return "".join(parts)


def render(element: etree._Element | None) -> str | None:
    """The text of a <source>/<target>, inline codes as canonical tokens.

    Comments and processing instructions inside the text are dropped; an entity reference
    the parser did not expand is kept as written (&name;).
    """
    if element is None:
        return None
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if isinstance(child, etree._Entity):
                parts.append(child.text or f"&{child.name};")
            elif isinstance(child.tag, str):
                _inline(child)
            # comments and processing instructions carry no text
            if child.tail:
                parts.append(child.tail)

    def _inline(child: etree._Element) -> None:
        local = etree.QName(child).localname
        if local == "cp" and child.get("hex"):
            with contextlib.suppress(ValueError, OverflowError):
                parts.append(chr(int(child.get("hex", ""), 16)))
        elif local == "mrk" and child.get("mtype") == "seg":
            walk(child)  # 1.2 segmentation markers: the text itself, no code
        elif local in PAIRED_CODES:
            parts.append(f"<{local}{_code_attrs(child)}>")
            walk(child)
            parts.append(f"</{local}>")
        elif local in EMPTY_CODES:
            parts.append(f"<{local}{_code_attrs(child)}/>")
        else:
            walk(child)  # an unknown extension element: keep its text

    walk(element)
    return "".join(parts)


def _language(code: str | None) -> str | None:
    try:
        return parse_locale(code).language if code else None
    except UnknownLanguageError:
        return None


def _version(root: etree._Element) -> str:
    """'1.2', '2.0', … from the namespace, else the version attribute; ReadError otherwise."""
    qname = etree.QName(root)
    if qname.localname == "xliff":
        match = _NAMESPACE.match(qname.namespace or "")
        version = match.group(1) if match else (root.get("version") or "").strip()
        if re.fullmatch(r"1\.[0-2]|2\.[0-2]", version):
            return version
    raise ReadError(
        "not an XLIFF 1.0-1.2 or 2.0-2.2 document (root element, namespace or version)", 1
    )


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in element if isinstance(c.tag, str) and etree.QName(c).localname == name]


def _iter(element: etree._Element, name: str):  # type: ignore[no-untyped-def]
    for node in element.iter(etree.Element):
        if etree.QName(node).localname == name:
            yield node


def _translate_no(unit: etree._Element) -> bool:
    """translate="no" on the unit or the nearest group/file that says."""
    node: etree._Element | None = unit
    while node is not None:
        value = node.get("translate")
        if value is not None:
            return value.strip().lower() == "no"
        node = node.getparent()
    return False


def _notes(unit: etree._Element) -> tuple[str, ...]:
    notes = []
    for note in _iter(unit, "note"):
        text = " ".join((note.text or "").split())
        if text:
            source = note.get("from") or note.get("category")
            notes.append(f"{source}: {text}" if source else text)
    return tuple(notes)


def read_xliff(
    path: Path, source_lang: str, target_lang: str | None = None, source_override: bool = False
) -> Corpus:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        tree = etree.parse(str(path), parser)
    except etree.XMLSyntaxError as exc:
        raise ReadError(f"invalid XML: {exc.msg}", exc.lineno) from None
    root = tree.getroot()
    if root is None:
        raise ReadError("empty XML document", 1)
    version = _version(root)
    corpus = Corpus(files=1)
    reader = _read_v1 if version.startswith("1") else _read_v2
    reader(root, path, corpus, source_lang, target_lang, source_override)
    return corpus


def _languages(
    declared_source: str | None,
    declared_target: str | None,
    path: Path,
    source_lang: str,
    target_lang: str | None,
    source_override: bool,
) -> tuple[str, str | None]:
    src = source_lang if source_override else (_language(declared_source) or source_lang)
    target = catalog_locale(target_lang) or catalog_locale(declared_target) or path_locale(path)
    return src, target


def _read_v1(
    root: etree._Element,
    path: Path,
    corpus: Corpus,
    source_lang: str,
    target_lang: str | None,
    source_override: bool,
) -> None:
    for file_el in _iter(root, "file"):
        src, target = _languages(
            file_el.get("source-language"),
            file_el.get("target-language"),
            path,
            source_lang,
            target_lang,
            source_override,
        )
        declares_target = target is not None  # from the command line, the file or its path
        for unit in _iter(file_el, "trans-unit"):
            ident = unit.get("id") or unit.get("resname") or f"{path.stem}:{unit.sourceline}"
            if unit.get("restype") == "x-gettext-domain-header":  # a .po header as XLIFF
                corpus.skip(path, why.HEADER, ident, unit.sourceline)
                continue
            seg_source = _children(unit, "seg-source")
            source = render((seg_source or _children(unit, "source") or [None])[0])
            target_el = (_children(unit, "target") or [None])[0]
            translated = render(target_el)
            state = target_el.get("state") if target_el is not None else None
            qualifier = target_el.get("state-qualifier") if target_el is not None else None
            _add(
                corpus,
                path,
                unit,
                ident,
                src,
                target,
                declares_target,
                source,
                translated,
                state,
                qualifier,
            )


def _read_v2(
    root: etree._Element,
    path: Path,
    corpus: Corpus,
    source_lang: str,
    target_lang: str | None,
    source_override: bool,
) -> None:
    src, target = _languages(
        root.get("srcLang"), root.get("trgLang"), path, source_lang, target_lang, source_override
    )
    declares_target = target is not None
    for unit in _iter(root, "unit"):
        ident = unit.get("id") or f"{path.stem}:{unit.sourceline}"
        sources: list[str] = []
        targets: list[str] = []
        states: list[str] = []
        missing_target = False
        # segments and ignorables in document order, joined with the whitespace the file has
        for part in unit:
            if not isinstance(part.tag, str):
                continue
            local = etree.QName(part).localname
            if local not in ("segment", "ignorable"):
                continue
            source_text = render((_children(part, "source") or [None])[0]) or ""
            target_el = (_children(part, "target") or [None])[0]
            sources.append(source_text)
            if target_el is None:
                if local == "segment" and source_text.strip():
                    missing_target = True
                targets.append(source_text if local == "ignorable" else "")
            else:
                targets.append(render(target_el) or "")
            if local == "segment" and part.get("state"):
                states.append(part.get("state", ""))
        source = "".join(sources)
        translated = None if missing_target else "".join(targets)
        state = next((s for s in states if s in NOT_TRANSLATED_STATES), None)
        qualifier = next(
            (p.get("subState") for p in _iter(unit, "segment") if p.get("subState")), None
        )
        _add(
            corpus,
            path,
            unit,
            ident,
            src,
            target,
            declares_target,
            source,
            translated,
            state,
            qualifier,
        )


def _add(
    corpus: Corpus,
    path: Path,
    unit: etree._Element,
    ident: str,
    src: str,
    target: str | None,
    declares_target: bool,
    source: str | None,
    translated: str | None,
    state: str | None,
    qualifier: str | None,
) -> None:
    line = unit.sourceline
    if not source or not source.strip():
        corpus.skip(path, why.EMPTY_SOURCE, ident, line)
        return
    if _translate_no(unit):
        corpus.skip(path, why.DO_NOT_TRANSLATE, ident, line)
        return
    notes = _notes(unit)
    # <note>workbench: ignore=tags.mismatch</note> suppresses those rules for this unit
    ignore = inline_ignores(n.text for n in _iter(unit, "note"))
    has_target = translated is not None and bool(translated.strip())
    if not has_target and not declares_target:
        # a template (Angular's extracted messages.xlf): the drafts go to the configured targets
        corpus.messages.append(
            Message(ident, source, src, origin=str(path), line=line, notes=notes, ignore=ignore)
        )
        return
    if not has_target or (state or "").lower() in NOT_TRANSLATED_STATES:
        reason = why.NOT_TRANSLATED + (f" (state={state})" if state else "")
        corpus.skip(path, reason, ident, line)
        return
    if qualifier and qualifier.lower().startswith("rejected"):
        corpus.skip(path, f"{why.REJECTED}: {qualifier}", ident, line)
        return
    if target is None:
        corpus.skip(path, why.NO_TARGET_LANGUAGE, ident, line)
        return
    corpus.messages.append(
        Message(
            ident,
            source,
            src,
            target=target,
            translation=translated,
            origin=str(path),
            line=line,
            notes=notes,
            ignore=ignore,
        )
    )
