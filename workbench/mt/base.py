"""The Translator protocol every MT backend implements."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, Protocol, runtime_checkable


@runtime_checkable
class Translator(Protocol):
    """A machine-translation backend.

    Language codes are bare ISO 639-1 codes ("en", "es", "pt"); regions are the caller's concern.
    """

    name: ClassVar[str]  # "apertium", "argos"

    def pairs(self) -> list[tuple[str, str]]:
        """Every (source, target) pair this backend can translate directly or by its own pivot."""
        ...

    def model_id(self, source: str, target: str) -> str:
        """Identifies the model used for a pair, for the run signature and the cache key."""
        ...

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        """Translate many texts in few engine calls; one output per input, in order."""
        ...
