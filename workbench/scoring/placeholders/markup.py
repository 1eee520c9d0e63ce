"""Links, tags and XLIFF inline codes: the keys they are compared by, and their findings."""

from __future__ import annotations

import re
from collections import defaultdict

from workbench.models import Finding
from workbench.mt.syntax import XLIFF_PAIRED, Protected, tag_name

_TAG_LINK = re.compile(r"""\b(href|src)\s*=\s*(["']?)([^"'\s>]*)\2""", re.IGNORECASE)
_INLINE_ID = re.compile(r"""(?<![\w-])id\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`/]+))""")
_START_REF = re.compile(r"""\bstartRef\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`/]+))""")


def key_link(p: Protected) -> str:
    # Scheme and host are case-insensitive; the path is not. A trailing slash changes nothing.
    text = p.text.rstrip("/")
    if p.kind == "email":
        return text.casefold()
    m = re.match(r"^((?:[a-z]+://)?[^/?#]*)(.*)$", text, re.IGNORECASE | re.DOTALL)
    return m.group(1).casefold() + m.group(2) if m else text


def key_tag(p: Protected) -> str:
    """A tag by name, closing slash and link targets ("<A HREF='x'>" is "<a href=x>")."""
    if p.text.startswith("<!--"):
        return "<!---->"
    name = tag_name(p.text)
    if not name:
        return p.text
    closing_slash = "/" if p.text.startswith("</") else ""
    links = " ".join(f"{a.lower()}={v}" for a, _q, v in _TAG_LINK.findall(p.text))
    empty = "/" if p.text.rstrip().endswith("/>") and not closing_slash else ""
    return f"<{closing_slash}{name}{(' ' + links) if links else ''}{empty}>"


def _attribute(pattern: re.Pattern[str], tag: str) -> str | None:
    m = pattern.search(tag)
    return next((g for g in m.groups() if g is not None), "") if m else None


def key_inline(p: Protected) -> str:
    """An XLIFF inline code by element and id (and startRef for an XLIFF 2 end code without
    an id): <x id="1"/> and <x id='1' /> are the same code."""
    name = tag_name(p.text)
    if p.text.startswith("</"):
        return f"</{name}>"
    attrs = ""
    if (ident := _attribute(_INLINE_ID, p.text)) is not None:
        attrs += f' id="{ident}"'
    if (start_ref := _attribute(_START_REF, p.text)) is not None:
        attrs += f' startRef="{start_ref}"'
    return f"<{name}{attrs}>" if name in XLIFF_PAIRED else f"<{name}{attrs}/>"


def compare_inline(source: list[Protected], target: list[Protected]) -> list[Finding]:
    """Inline codes must all come through, by element and id, in any order (word order moves
    them); the text inside <g>, <pc> and <mrk> is translatable and not compared here."""
    pool: dict[str, list[Protected]] = defaultdict(list)
    for p in target:
        pool[key_inline(p)].append(p)
    missing = []
    for p in source:
        bucket = pool.get(key_inline(p))
        if bucket:
            bucket.pop(0)
        else:
            missing.append(p)
    extra = sorted((p for bucket in pool.values() for p in bucket), key=lambda p: p.start)
    findings = []
    for m in missing:
        findings.append(
            Finding(
                "tags.inline_missing",
                f"inline code {key_inline(m)} is missing from the translation",
                (m.start, m.end),
                "source",
                "error",
                m.text,
            )
        )
    for e in extra:
        findings.append(
            Finding(
                "tags.inline_extra",
                f"the translation has inline code {key_inline(e)} that the source does not",
                (e.start, e.end),
                "translation",
                "error",
                None,
            )
        )
    return findings
