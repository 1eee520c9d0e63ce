"""Placeholder masking: hide {{name}}, %s, ICU syntax, URLs, codes and tags from MT engines."""

from __future__ import annotations

import re
from dataclasses import dataclass

# The grammar lives in syntax.py; these names are re-exported for the scorers that blank spans.
from workbench.mt.syntax import PROTECTED_PATTERNS, Protected, find_protected

__all__ = ["PROTECTED_PATTERNS", "Masked", "Protected", "UnmaskResult", "find_protected", "mask",
           "unmask"]  # fmt: skip

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
class Masked:
    """Text with its protected stretches replaced by tokens, and what each token stands for."""

    text: str
    originals: tuple[Protected, ...]
    tokens: tuple[str, ...]
    # (space added before, space added after) each token: "<b>here</b>" is sent as
    # "ZXQ0Q here ZXQ1Q" so that the engine sees the word "here", and the spaces go again after.
    padding: tuple[tuple[bool, bool], ...] = ()

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


def mask_token(index: int) -> str:
    return f"{MASK_PREFIX}{index}{MASK_SUFFIX}"


def mask(text: str) -> Masked:
    """Replace every protected stretch with a numbered token engines copy through."""
    protected = find_protected(text, escapes=True)
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
    padding: list[tuple[bool, bool]] = []
    pos = 0
    for i, p in enumerate(protected):
        token = mask_token(i)
        following = protected[i + 1].start if i + 1 < len(protected) else len(text)
        # Only free text glued to the placeholder gets a space; a neighbouring placeholder
        # does not (it is a token too).
        left = p.start > pos and text[p.start - 1].isalnum()
        right = p.end < following and text[p.end].isalnum()
        parts.append(text[pos : p.start])
        parts.append((" " if left else "") + token + (" " if right else ""))
        tokens.append(token)
        padding.append((left, right))
        pos = p.end
    parts.append(text[pos:])
    return Masked("".join(parts), tuple(protected), tuple(tokens), tuple(padding))


def _padded(masked: Masked, index: int, side: int) -> bool:
    return index < len(masked.padding) and masked.padding[index][side]


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
    strip_next = False  # the token just restored had a space added after it
    for m in _MASK_FOUND.finditer(translated):
        index = int(m.group(1))
        known = index < len(masked.originals)
        before = translated[pos : m.start()]
        if strip_next and before.startswith(" "):
            before = before[1:]
        if known and _padded(masked, index, 0) and before.endswith(" "):
            before = before[:-1]
        out.append(before)
        length += len(before)
        if known:
            original = masked.originals[index].text
            out.append(original)
            seen.setdefault(index, []).append((length, length + len(original)))
            length += len(original)
        else:
            out.append(m.group())
            problems.append(UnmaskProblem("mangled", "", (length, length + len(m.group()))))
            length += len(m.group())
        strip_next = known and _padded(masked, index, 1)
        pos = m.end()
    rest = translated[pos:]
    out.append(rest[1:] if strip_next and rest.startswith(" ") else rest)
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
