"""Textual messages that workers post back to screens (the UI thread owns every widget)."""

from __future__ import annotations

from typing import Any

from textual.message import Message


class RunProgress(Message):
    """A slow job moved on: `done` of `total` in `stage`."""

    def __init__(self, done: int, total: int, stage: str = "") -> None:
        super().__init__()
        self.done = done
        self.total = total
        self.stage = stage


class RunFinished(Message):
    """A slow job ended: `result` on success, else `error` (one plain sentence)."""

    def __init__(self, kind: str, result: Any = None, error: str | None = None) -> None:
        super().__init__()
        self.kind = kind
        self.result = result
        self.error = error

    @property
    def ok(self) -> bool:
        return self.error is None


class QueueChanged(Message):
    """A decision or a run changed the queue: counts and tables should reload."""
