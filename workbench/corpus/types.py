"""What a reader returns: messages, and problems that did not stop the rest of the library."""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.models import Message


@dataclass(frozen=True)
class CorpusProblem:
    """A file (or one record in it) that could not be read."""

    path: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.reason}"


@dataclass
class Corpus:
    messages: list[Message] = field(default_factory=list)
    problems: list[CorpusProblem] = field(default_factory=list)
    files: int = 0

    def extend(self, other: Corpus) -> None:
        self.messages.extend(other.messages)
        self.problems.extend(other.problems)
        self.files += other.files


class ReadError(Exception):
    """Raised inside a reader for a broken file; the dispatcher turns it into a CorpusProblem."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line
