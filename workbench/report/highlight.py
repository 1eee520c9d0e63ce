"""Split a text into runs marked by the findings that point at it (shared by HTML and the TUI)."""

from __future__ import annotations

from collections.abc import Sequence

from workbench.models import Finding
from workbench.scoring.rules import FAMILIES

# One colour class per rule family, in the rule table's order.
CATEGORIES: tuple[str, ...] = FAMILIES


def category(rule_id: str) -> str:
    """The finding's category for colouring: its rule id prefix ('idioms.idiom' -> 'idioms')."""
    head = rule_id.split(".", 1)[0]
    return head if head in CATEGORIES else "other"


def runs(text: str, findings: Sequence[Finding]) -> list[tuple[str, Finding | None]]:
    """(segment, finding or None) covering `text` in order; overlapping spans: first wins."""
    spans = sorted(
        (f for f in findings if 0 <= f.span[0] < f.span[1] <= len(text)),
        key=lambda f: (f.span[0], -(f.span[1] - f.span[0])),
    )
    out: list[tuple[str, Finding | None]] = []
    pos = 0
    for f in spans:
        start, end = f.span
        if start < pos:
            continue
        if start > pos:
            out.append((text[pos:start], None))
        out.append((text[start:end], f))
        pos = end
    if pos < len(text):
        out.append((text[pos:], None))
    return out
