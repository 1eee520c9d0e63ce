"""Placeholder masking: hide {{name}}, %s, URLs, e-mails, order ids and tags from MT engines."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Order matters only for ties: when two patterns match at the same place, the longer match
# wins, and for equal length the earlier pattern names the kind.
PROTECTED_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # URLs first: a query string may hold {id}, %20 or an order number that belongs to the URL.
    (
        "url",
        re.compile(
            r"\b(?:https?://|ftp://|www\.)"
            r"(?:\([^\s()<>]*\)|\{[^\s{}<>]*\}|\[[^\s\[\]<>]*\]|[^\s<>\"'`(){}\[\]])+"
            r"(?<![.,;:!?'\"])",  # closing punctuation belongs to the sentence, not the URL
            re.IGNORECASE,
        ),
    ),
    (
        "email",
        re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b"),
    ),
    # Jinja / Mustache / Handlebars: {{ name }}, {{{raw}}}, {% if x %}, {# comment #}
    (
        "template",
        re.compile(r"\{\{\{?[^{}\n]{1,80}\}\}\}?|\{%[^{}\n]{1,80}%\}|\{#[^{}\n]{1,80}#\}"),
    ),
    # Python str.format / ICU simple argument: {name}, {0}, {user.name}, {amount:.2f}, {0!r}
    (
        "format",
        re.compile(r"\{[A-Za-z_0-9][\w.\[\]]{0,60}(?:![rsa])?(?::[^{}\n]{0,20})?\}"),
    ),
    # printf: %s, %d, %(name)s, %1$s, %.2f — never "50% off" (no space flag allowed)
    (
        "printf",
        re.compile(
            r"%(?:\(\w{1,40}\)|\d{1,2}\$)?[-+#0]?\d{0,3}(?:\.\d{1,3})?[sdifuxXeEgGc@](?![A-Za-z])"
        ),
    ),
    # Shell / JavaScript template literals: ${var}, ${user.name}
    ("shell", re.compile(r"\$\{[A-Za-z_][\w.]{0,60}\}")),
    # Rails / SQL style :name — only as a token of its own: not "Note: x", "10:30" or ":smile:"
    ("colon", re.compile(r"(?<![\w:/]):[A-Za-z_]\w{0,40}+(?![\w:])")),
    # Order numbers: #12345, ORD-2024-0001, INV-77, and codes that mix capitals and 2+ digits
    (
        "order_id",
        re.compile(
            r"(?<![\w&])#\d{3,}\b"
            r"|\b[A-Z]{2,6}-\d[A-Z0-9]*(?:-[A-Z0-9]+)*\b"
            r"|\b(?=[A-Z0-9]*\d[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-Z0-9]{6,24}\b"
        ),
    ),
    ("html", re.compile(r"<!--.*?-->|</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>", re.DOTALL)),
)

# The token an engine sees instead of a placeholder. Capitals and digits with no meaning in any
# language: every Apertium pair installed here (en-es, es-en, es-pt, pt-es, es-fr, fr-es) copies
# them unchanged, while __0__, [0], ⟦0⟧ and bare digits risk being reformatted or dropped by
# SentencePiece-based models. The closing Q stops a digit that follows a placeholder
# ("{{n}}5") from being read as part of the index.
MASK_PREFIX = "ZXQ"
MASK_SUFFIX = "Q"

# What an engine may turn a token into: other case, a space inside, a lost closing letter.
_MASK_FOUND = re.compile(r"z\s?x\s?q\s?(\d{1,4})(?:\s?q(?![a-z])|q|(?!\d))", re.IGNORECASE)
# A fragment that still looks like a mask after the restorable ones were put back.
_MASK_LEFTOVER = re.compile(r"z\s?x\s?q", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Protected:
    """A stretch of text MT must not touch."""

    kind: (
        str  # "url", "email", "template", "format", "printf", "shell", "colon", "order_id", "html"
    )
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Masked:
    """Text with its protected stretches replaced by tokens, and what each token stands for."""

    text: str
    originals: tuple[Protected, ...]
    tokens: tuple[str, ...]

    @property
    def is_identity(self) -> bool:
        return not self.originals


@dataclass(frozen=True, slots=True)
class UnmaskProblem:
    """A token the engine dropped, duplicated or mangled beyond repair."""

    kind: str  # "dropped" | "duplicated" | "mangled"
    original: str  # the placeholder text ("" when a fragment cannot be tied to one)
    span: tuple[int, int]  # where in the restored text; (0, 0) for a dropped one

    def describe(self) -> str:
        what = f"placeholder {self.original!r}" if self.original else "a placeholder"
        return {
            "dropped": f"machine translation dropped {what}",
            "duplicated": f"machine translation repeated {what}",
            "mangled": "machine translation mangled a placeholder beyond repair",
        }[self.kind]


@dataclass(frozen=True, slots=True)
class UnmaskResult:
    text: str
    problems: tuple[UnmaskProblem, ...] = ()


def find_protected(text: str) -> list[Protected]:
    """Every protected stretch in `text`, non-overlapping, in order (character offsets)."""
    candidates: list[tuple[int, int, int, str]] = []  # (start, -length, pattern order, kind)
    for order, (kind, pattern) in enumerate(PROTECTED_PATTERNS):
        for m in pattern.finditer(text):
            if m.end() > m.start():
                candidates.append((m.start(), -(m.end() - m.start()), order, kind))
    candidates.sort()
    found: list[Protected] = []
    last_end = 0
    for start, neg_len, _order, kind in candidates:
        end = start - neg_len
        if start >= last_end:
            found.append(Protected(kind, text[start:end], start, end))
            last_end = end
    return found


def mask_token(index: int) -> str:
    return f"{MASK_PREFIX}{index}{MASK_SUFFIX}"


def mask(text: str) -> Masked:
    """Replace every protected stretch with a numbered token engines copy through."""
    protected = find_protected(text)
    # Text that already contains something token-like is masked too, so that unmasking can
    # never mistake the writer's own text for an engine's output.
    taken = [(p.start, p.end) for p in protected]
    for m in _MASK_LEFTOVER.finditer(text):
        if not any(s < m.end() and m.start() < e for s, e in taken):
            protected.append(Protected("literal", m.group(), m.start(), m.end()))
    protected.sort(key=lambda p: p.start)
    if not protected:
        return Masked(text, (), ())
    parts: list[str] = []
    tokens: list[str] = []
    pos = 0
    for i, p in enumerate(protected):
        token = mask_token(i)
        parts.append(text[pos : p.start])
        parts.append(token)
        tokens.append(token)
        pos = p.end
    parts.append(text[pos:])
    return Masked("".join(parts), tuple(protected), tuple(tokens))


def unmask(translated: str, masked: Masked) -> UnmaskResult:
    """Put the originals back; report tokens the engine dropped, repeated or broke.

    Tokens that only changed case or gained a space are restored silently. What cannot be
    tied to a placeholder stays in the text as it is and is reported, never guessed at.
    """
    if masked.is_identity:
        return UnmaskResult(translated)
    out: list[str] = []
    length = 0
    seen: dict[int, list[tuple[int, int]]] = {}
    problems: list[UnmaskProblem] = []
    pos = 0
    for m in _MASK_FOUND.finditer(translated):
        index = int(m.group(1))
        before = translated[pos : m.start()]
        out.append(before)
        length += len(before)
        if index < len(masked.originals):
            original = masked.originals[index].text
            out.append(original)
            seen.setdefault(index, []).append((length, length + len(original)))
            length += len(original)
        else:
            out.append(m.group())
            problems.append(UnmaskProblem("mangled", "", (length, length + len(m.group()))))
            length += len(m.group())
        pos = m.end()
    out.append(translated[pos:])
    text = "".join(out)

    restored_spans = [span for spans in seen.values() for span in spans]
    for m in _MASK_LEFTOVER.finditer(text):
        inside = any(s <= m.start() < e for s, e in restored_spans)
        already = any(p.span[0] <= m.start() < p.span[1] for p in problems)
        if not inside and not already:
            problems.append(UnmaskProblem("mangled", "", (m.start(), m.end())))
    for index, protected in enumerate(masked.originals):
        spans = seen.get(index, [])
        if not spans:
            problems.append(UnmaskProblem("dropped", protected.text, (0, 0)))
        for span in spans[1:]:
            problems.append(UnmaskProblem("duplicated", protected.text, span))
    return UnmaskResult(text, tuple(problems))
