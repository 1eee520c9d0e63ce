"""Input limits every reader obeys: a file's size and kind, a message's length (configurable).

A template library is read from files a stranger may have written. These caps keep one
hostile or broken file (a 2 GB log, a named pipe, a one-megabyte "message") from hanging the
run or eating the memory the rest of the batch needs; the file or message over a limit is
reported and everything else is still read.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from workbench.corpus.types import ReadError
from workbench.models import Message

# Support replies are a few hundred characters; a whole help-centre article is ~10,000.
DEFAULT_MAX_MESSAGE_CHARS = 20_000
DEFAULT_MAX_FILE_MB = 20.0


@dataclass(frozen=True, slots=True)
class ReadLimits:
    """How big one input file and one message may be (config: [input])."""

    max_file_bytes: int = int(DEFAULT_MAX_FILE_MB * 2**20)
    max_message_chars: int = DEFAULT_MAX_MESSAGE_CHARS

    @classmethod
    def from_config(cls, config: object) -> ReadLimits:
        """From a Config's `input` section (defaults for anything without one)."""
        section = getattr(config, "input", None)
        if section is None:
            return cls()
        return cls(int(section.max_file_mb * 2**20), int(section.max_message_chars))


DEFAULT_LIMITS = ReadLimits()


def _short(text: str, keep: int = 60) -> str:
    return text if len(text) <= keep else text[: keep - 1] + "…"


def _size(n: int) -> str:
    return f"{n / 2**20:.1f} MB" if n >= 2**20 else f"{n:,} bytes"


def check_file(path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> None:
    """Raise ReadError unless `path` is a regular file within the size limit.

    Checked with stat before anything opens the file: opening a named pipe would wait for a
    writer forever, and /dev/zero would never end.
    """
    try:
        info = os.stat(path)
    except OSError as exc:
        raise ReadError(f"cannot read: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        kind = "a named pipe" if stat.S_ISFIFO(info.st_mode) else "not a regular file"
        if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode):
            kind = "a device"
        elif stat.S_ISSOCK(info.st_mode):
            kind = "a socket"
        raise ReadError(f"{kind}, not a file: only regular files are read")
    if info.st_size > limits.max_file_bytes:
        raise ReadError(
            f"file is {_size(info.st_size)}, over the {_size(limits.max_file_bytes)} limit "
            "(input.max_file_mb in the config)"
        )
    if not os.access(path, os.R_OK):
        raise ReadError("cannot read: permission denied")


def read_capped(stream: object, limits: ReadLimits = DEFAULT_LIMITS, name: str = "input") -> bytes:
    """Read a binary stream (standard input) up to the file limit; more is an error."""
    data = stream.read(limits.max_file_bytes + 1)  # type: ignore[attr-defined]
    if len(data) > limits.max_file_bytes:
        raise ReadError(
            f"{name} is over the {_size(limits.max_file_bytes)} limit (input.max_file_mb)"
        )
    return data


def message_problem(message: Message, limits: ReadLimits = DEFAULT_LIMITS) -> str | None:
    """Why this message is refused (too long to check), or None when it is fine."""
    for what, text in (("text", message.text), ("translation", message.translation)):
        if text is None:
            continue
        if len(text) > limits.max_message_chars:
            return (
                f"{what} of {_short(message.id)!r} is {len(text):,} characters, over the "
                f"{limits.max_message_chars:,} limit (input.max_message_chars); "
                "split it into shorter messages"
            )
        bad = _unpaired_surrogate(text)
        if bad is not None:
            return (
                f"{what} of {_short(message.id)!r} holds an unpaired UTF-16 surrogate "
                f"(\\u{ord(text[bad]):04x} at character {bad}), which is not text"
            )
    for what, text in (("id", message.id), ("customer", message.customer or "")):
        if _unpaired_surrogate(text) is not None:
            return f"{what} {_short(text)!r} holds an unpaired UTF-16 surrogate, which is not text"
    return None


def _unpaired_surrogate(text: str) -> int | None:
    """Index of a lone surrogate ("\\ud800" in JSON): it cannot be stored as UTF-8."""
    try:
        text.encode("utf-8")
        return None
    except UnicodeEncodeError as exc:
        return exc.start
