"""What a reader returns: messages, and problems that did not stop the rest of the library."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from workbench.models import Message


@dataclass(frozen=True)
class CorpusProblem:
    """A file (or one record in it) that could not be read."""

    path: str
    reason: str
    line: int | None = None

    def __post_init__(self) -> None:
        # A problem is shown as one line on stderr, in CI annotations and in reports: parser
        # messages that span lines (lxml's, libyaml's) are joined here, once for every reader.
        one_line = " ".join(self.reason.split())
        if one_line != self.reason:
            object.__setattr__(self, "reason", one_line)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.reason}"


# Why a unit that a file holds is not checked (the keys of every "skipped" count).
NOT_TRANSLATED = "not translated yet"
FUZZY = "fuzzy (needs review by the translator)"
OBSOLETE = "obsolete entry"
DO_NOT_TRANSLATE = "marked translate=no"
REJECTED = "translation rejected (state-qualifier)"
NO_TARGET_LANGUAGE = "target language unknown (not in the file or its path; give --target-lang)"
EMPTY_SOURCE = "empty source text"
HEADER = "catalogue header, not a message"


@dataclass(frozen=True)
class SkippedUnit:
    """A unit a file holds that is not checked, and why (counted and reported, never lost)."""

    path: str
    reason: str
    unit: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.unit or 'unit'}: {self.reason}"


@dataclass
class Corpus:
    messages: list[Message] = field(default_factory=list)
    problems: list[CorpusProblem] = field(default_factory=list)
    files: int = 0
    skipped: list[SkippedUnit] = field(default_factory=list)

    def extend(self, other: Corpus) -> None:
        self.messages.extend(other.messages)
        self.problems.extend(other.problems)
        self.files += other.files
        self.skipped.extend(other.skipped)

    def skip(
        self, path: Path | str, reason: str, unit: str | None = None, line: int | None = None
    ) -> None:
        self.skipped.append(SkippedUnit(str(path), reason, unit, line))


def skipped_by_reason(skipped: list[SkippedUnit]) -> dict[str, int]:
    """reason -> how many units, most frequent first."""
    counts: dict[str, int] = {}
    for s in skipped:
        counts[s.reason] = counts.get(s.reason, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


class ReadError(Exception):
    """Raised inside a reader for a broken file; the dispatcher turns it into a CorpusProblem."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line
