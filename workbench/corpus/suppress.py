"""Inline suppressions written in a file's own comment syntax.

A .po translator or extracted comment (`# workbench: ignore=placeholders.changed` or
`#. workbench: ignore=placeholders.changed`), an XLIFF <note> with the same text, and the
`ignore:` list of a folder template's front matter all end in Message.ignore: rule ids or
prefixes whose findings are not reported for that message.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

DIRECTIVE = re.compile(
    r"\bworkbench:\s*ignore\s*[=:]\s*([A-Za-z0-9_.\-]+(?:\s*,\s*[A-Za-z0-9_.\-]+)*)"
)


def inline_ignores(notes: Iterable[str | None]) -> tuple[str, ...]:
    """Rule ids named by `workbench: ignore=a, b` directives in these comments or notes."""
    found: list[str] = []
    for note in notes:
        for match in DIRECTIVE.finditer(note or ""):
            found.extend(r.strip() for r in match.group(1).split(",") if r.strip())
    return tuple(dict.fromkeys(found))
