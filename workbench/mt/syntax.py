"""The placeholder grammar: where printf, Python, Qt, ICU, i18next, tags, links and codes are."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

# printf as C, POSIX, Python and Objective-C write it: %[pos$][flags][width][.precision][length]
# conversion. "%%" is an escaped percent sign, so "%%s" is a literal "%s", never a placeholder.
_PRINTF_FLAGS = r"[-+#0']*"
_PRINTF_LENGTH = r"(?:hh|h|ll|l|L|q|j|z|t|I64|I32|I)?"
_PRINTF_CONVERSION = r"[diouxXeEfFgGaAcspnr@]"  # r: Python repr()
_PRINTF = re.compile(
    r"%%"  # the escape: kind "escape", text to the checks (see find_protected)
    # Python named: %(name)s, %(amount).2f, %(name)-10s
    rf"|%\(\w{{1,40}}\){_PRINTF_FLAGS}\d{{0,3}}(?:\.\d{{1,3}})?{_PRINTF_LENGTH}{_PRINTF_CONVERSION}"
    # With any detail (position, flag, width, precision, length) the conversion is unambiguous
    # even when a letter follows it: "%0.2fms", "%lu", "%'d", "%-5s", "%1$s".
    rf"|%(?:[1-9]\d?\$|(?=[-+#0'\d.*hlLqjztI]))"
    rf"{_PRINTF_FLAGS}(?:\d{{1,3}}|\*)?(?:\.(?:\d{{1,3}}|\*))?{_PRINTF_LENGTH}{_PRINTF_CONVERSION}"
    # A bare "%s" only when no letter follows: "100%sure" or "50%off" are not placeholders.
    rf"|%{_PRINTF_CONVERSION}(?![A-Za-z])"
)

# ICU MessageFormat arguments with a type ({n, plural, ...}, {g, select, ...}, {d, date, short});
# the whole argument is then handed to pyicumessageformat.
_ICU_START = re.compile(
    r"\{\s*[A-Za-z_][\w.-]{0,60}\s*,\s*"
    r"(?:plural|selectordinal|select|number|date|time|spellout|ordinal|duration)\s*[,}]"
)

# XLIFF inline codes as the readers render them: <x id="1"/>, <g id="2">…</g>, <pc id="3">…</pc>.
XLIFF_EMPTY = ("x", "bx", "ex", "bpt", "ept", "ph", "sc", "ec", "it", "sm", "em")
XLIFF_PAIRED = ("g", "pc", "mrk")
_ATTRS = r"""(?:\s+[\w:.-]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*"""
_XLIFF = re.compile(
    rf"<(?:{'|'.join(XLIFF_EMPTY)})\b{_ATTRS}\s*/>"
    rf"|<(?:{'|'.join(XLIFF_PAIRED)})\b{_ATTRS}\s*/?>"
    rf"|</(?:{'|'.join(XLIFF_PAIRED)})\s*>"
)

# Tag candidates; a candidate is a tag only when `_is_tag` agrees ("<no view>" is prose).
_TAG = re.compile(
    r"<!--.*?-->"
    r"|</?[A-Za-z][\w:.-]*(?:\s[^<>]*)?/?>"
    r"|</?\d{1,3}\s*/?>",  # react-i18next <Trans> components: <1>…</1>, <0/>
    re.DOTALL,
)
_TAG_NAME = re.compile(r"^</?([A-Za-z][\w:.-]*|\d{1,3})")


@dataclass(frozen=True, slots=True)
class Protected:
    """A stretch of text MT must not touch."""

    kind: str  # one of KINDS, or "escape" for "%%" when asked for, or "literal" (masking)
    text: str
    start: int
    end: int


KINDS = (
    "url", "email", "template", "icu", "format", "printf", "qt", "nesting", "shell", "colon",
    "order_id", "inline", "html",
)  # fmt: skip

# Order matters only for ties: when two patterns match at the same place, the longer match
# wins, and for equal length the earlier pattern names the kind.
PROTECTED_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # URLs first: a query string may hold {id}, %20 or an order number that belongs to the URL.
    (
        "url",
        re.compile(
            r"\b(?:https?://|ftp://|www\.)"
            r"(?:\([^\s()<>]*\)|\{[^\s{}<>]*\}|\[[^\s\[\]<>]*\]|[^\s<>\"'`(){}\[\]“”‘’«»„])+"
            r"(?<![.,;:!?'\"])",  # closing punctuation belongs to the sentence, not the URL
            re.IGNORECASE,
        ),
    ),
    (
        "email",
        re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b"),
    ),
    # Jinja / Mustache / Handlebars / i18next: {{ name }}, {{{raw}}}, {{x, format}}, {% if x %}
    (
        "template",
        re.compile(r"\{\{\{?[^{}\n]{1,80}\}\}\}?|\{%[^{}\n]{1,80}%\}|\{#[^{}\n]{1,80}#\}"),
    ),
    # Python str.format / ICU simple argument: {name}, {0}, {user.name}, {amount:.2f}, {name!r:>10}
    (
        "format",
        re.compile(r"\{[A-Za-z_0-9][\w.\[\]]{0,60}(?:![rsa])?(?::[^{}\n]{0,20})?\}"),
    ),
    ("printf", _PRINTF),
    # Qt: %1 … %99 and the localized %L1; "%1$s" is printf (the longer match wins).
    ("qt", re.compile(r"%L?[1-9]\d?(?![\d$])")),
    # i18next nesting: $t(key), $t(ns:key, {"count": 2})
    ("nesting", re.compile(r"\$t\(\s*[A-Za-z_][\w.:-]{0,80}\s*(?:,\s*\{[^{}()\n]{0,120}\}\s*)?\)")),
    # Shell / JavaScript template literals: ${var}, ${user.name}
    ("shell", re.compile(r"\$\{[A-Za-z_][\w.]{0,60}\}")),
    # Rails / SQL style :name — only as a word of its own, after a space or "(":
    # not "Note: x", "10:30", ":smile:" or a time mask "HH:MM[:ss]".
    ("colon", re.compile(r"(?:(?<=[\s(])|^):[A-Za-z_]\w{0,40}+(?![\w:])", re.MULTILINE)),
    # Order numbers: #12345, ORD-2024-0001, INV-77, and codes that mix capitals and 2+ digits
    (
        "order_id",
        re.compile(
            r"(?<![\w&])#\d{3,}\b"
            r"|\b[A-Z]{2,6}-\d[A-Z0-9]*(?:-[A-Z0-9]+)*\b"
            r"|\b(?=[A-Z0-9]*\d[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-Z0-9]{6,24}\b"
        ),
    ),
    ("inline", _XLIFF),
    ("html", _TAG),
)


@functools.lru_cache(maxsize=1)
def _element_names() -> frozenset[str]:
    from lxml.html import defs

    return frozenset(defs.tags) | frozenset(XLIFF_EMPTY) | frozenset(XLIFF_PAIRED)


def tag_name(tag: str) -> str:
    """The element name of a tag ("</B>" -> "b", "<1>" -> "1"); "" for a comment."""
    m = _TAG_NAME.match(tag)
    return m.group(1).lower() if m else ""


def _is_tag(text: str, m: re.Match[str]) -> bool:
    """Whether a tag-shaped stretch is markup: a known element, attributes with values, a
    self-closing form, a namespace, or a partner tag of the same name in the same text."""
    tag = m.group()
    if tag.startswith("<!--"):
        return True
    name = tag_name(tag)
    if name.isdigit():
        return True
    inner = tag[1 + tag.startswith("</") + len(name) : -1]
    if "=" in inner or ":" in name:
        return True
    if inner.rstrip().endswith("/") and not inner.strip("/ "):
        return True  # <br/>, <custom />
    if name in _element_names():
        return not inner.strip()  # "<a few words>" is prose; "<b>" is a tag
    if inner.strip():
        return False  # "<no view>", "<some text here>"
    partner = rf"<{re.escape(name)}\s*>" if tag.startswith("</") else rf"</{re.escape(name)}\s*>"
    return re.search(partner, text, re.IGNORECASE) is not None


def _icu_arguments(text: str) -> list[tuple[int, int, list[dict[str, Any]], list[Any]]]:
    """ICU arguments with a type: (start, end, tokens, ast) for each one the library parses."""
    return _icu_scan(text)[0]


def _icu_scan(
    text: str,
) -> tuple[list[tuple[int, int, list[dict[str, Any]], list[Any]]], list[tuple[int, int]]]:
    """(ICU arguments the library parses, spans that look like ICU but do not parse)."""
    found = []
    broken: list[tuple[int, int]] = []
    pos = 0
    while (m := _ICU_START.search(text, pos)) is not None:
        end = _balanced_end(text, m.start())
        parsed = _parse_icu(text[m.start() : end]) if end else None
        if parsed is None:
            if not any(s <= m.start() < e for s, e in broken):
                broken.append((m.start(), end or m.end()))
            pos = m.start() + 1
            continue
        tokens, ast = parsed
        found.append((m.start(), end, tokens, ast))
        pos = end
    return found, broken


def icu_candidates(text: str) -> list[tuple[int, int]]:
    """Spans that start like an ICU argument with a type but that the library cannot parse."""
    return _icu_scan(text)[1] if "{" in text else []


def _balanced_end(text: str, start: int) -> int:
    """The end of the brace group opened at `start`, honouring ICU apostrophe quoting; 0 if none."""
    depth = 0
    i = start
    quoted = False
    while i < len(text):
        c = text[i]
        if quoted:
            if c == "'":
                if text[i + 1 : i + 2] == "'":
                    i += 1
                else:
                    quoted = False
        elif c == "'" and text[i + 1 : i + 2] in ("{", "}", "#", "|"):
            quoted = True
        elif c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return 0


@functools.lru_cache(maxsize=4096)
def _parse_icu_cached(source: str) -> tuple[tuple[tuple[str, str], ...], Any] | None:
    from pyicumessageformat import Parser

    tokens: list[dict[str, str]] = []
    try:
        # Lenient about a missing "other" branch: the checks report it by name, and a message
        # with a translated keyword ("uno {…} otro {…}") is still read as ICU, not as "{…}"s.
        ast = Parser({"include_indices": True, "require_other": False}).parse(source, tokens)
    except (SyntaxError, ValueError, TypeError):
        return None
    if len(ast) != 1 or not isinstance(ast[0], dict):
        return None
    return tuple((t["type"], t["text"]) for t in tokens), ast


def _parse_icu(source: str) -> tuple[list[dict[str, Any]], list[Any]] | None:
    parsed = _parse_icu_cached(source)
    if parsed is None:
        return None
    tokens, ast = parsed
    return [{"type": t, "text": s} for t, s in tokens], ast


def icu_arguments(text: str) -> list[tuple[int, int, dict[str, Any]]]:
    """Each ICU argument with a type in `text`: (start, end, its syntax tree from the library).

    Offsets inside the tree ("start"/"end") are relative to the argument's own start.
    """
    return [(start, end, ast[0]) for start, end, _tokens, ast in _icu_arguments(text)]


_Arguments = list[tuple[int, int, list[dict[str, Any]], list[Any]]]


def _icu_runs(arguments: _Arguments, *, text_runs: bool) -> list[tuple[int, int]]:
    """Spans of each ICU argument's syntax (runs of non-text tokens: "{n, plural, one {", "#",
    "} other {", "}}"), or of its branch texts when `text_runs`."""
    runs = []
    for start, _end, tokens, _ast in arguments:
        pos = start
        run_start = None
        for token in tokens:
            if (token["type"] == "text") == text_runs:
                if run_start is None:
                    run_start = pos
            elif run_start is not None:
                runs.append((run_start, pos))
                run_start = None
            pos += len(token["text"])
        if run_start is not None:
            runs.append((run_start, pos))
    return runs


def glued_printf(text: str, conversions: set[str], taken: list[Protected]) -> list[Protected]:
    """Bare printf conversions glued to a word ("%sn", "%sni"), for a text whose source uses
    them: alone such a "%s" may be prose, beside a source with "%s" it is the placeholder."""
    if not conversions:
        return []
    pattern = re.compile(
        r"(?<!%)%(?:" + "|".join(re.escape(c[1:]) for c in sorted(conversions)) + r")(?=[A-Za-z])"
    )
    return [
        Protected("printf", m.group(), m.start(), m.end())
        for m in pattern.finditer(text)
        if not any(p.start <= m.start() < p.end for p in taken)
    ]


def find_protected(text: str, *, escapes: bool = False) -> list[Protected]:
    """Every protected stretch in `text`, non-overlapping, in order (character offsets).

    "%%" escapes take part in the contest (so that "%%s" is not read as "%s") but are returned
    (as kind "escape") only when `escapes` is set: an escaped percent sign is text, not a
    placeholder, yet masking keeps it from an engine that might merge the two signs.
    """
    candidates: list[tuple[int, int, int, str]] = []  # (start, -length, pattern order, kind)
    for order, (kind, pattern) in enumerate(PROTECTED_PATTERNS):
        for m in pattern.finditer(text):
            if m.end() <= m.start():
                continue
            if kind == "html" and not _is_tag(text, m):
                continue
            kind_here = "escape" if kind == "printf" and m.group() == "%%" else kind
            candidates.append((m.start(), -(m.end() - m.start()), order, kind_here))
    found: list[Protected] = []
    arguments = _icu_arguments(text) if "{" in text else []
    if arguments:
        # Inside an ICU argument only its branch texts may hold other placeholders ("<b>",
        # "%s"); its own syntax ("{n, plural, one {", "#", "} other {") is protected as "icu".
        texts = _icu_runs(arguments, text_runs=True)
        candidates = [
            c
            for c in candidates
            if not any(s <= c[0] < e for s, e, _t, _a in arguments)
            or any(s <= c[0] and c[0] - c[1] <= e for s, e in texts)
        ]
        candidates += [(s, s - e, -1, "icu") for s, e in _icu_runs(arguments, text_runs=False)]
    candidates.sort()
    last_end = 0
    for start, neg_len, _order, kind in candidates:
        end = start - neg_len
        if start >= last_end:
            if escapes or kind != "escape":
                found.append(Protected(kind, text[start:end], start, end))
            last_end = end
    return found
