"""Sensitive-topic lexicon (glossaries/sensitive/): messages a person should always check."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workbench.glossary.base import RawEntry, check_fields, load_valid

if TYPE_CHECKING:
    from workbench.config import Config

LEVELS = ("medium", "high")


@dataclass(frozen=True)
class SensitiveTopic:
    name: str
    label: str
    level: str
    pattern: re.Pattern[str]  # all of the entry's patterns as one alternation


def validate_entry(entry: RawEntry) -> list[str]:
    messages = check_fields(entry, {"name": str, "label": str, "level": str, "patterns": list}, {})
    if messages:
        return messages
    if entry.data["level"] not in LEVELS:
        messages.append(f"level must be one of {', '.join(LEVELS)}")
    if not entry.data["patterns"]:
        messages.append("patterns is empty")
    for raw in entry.data["patterns"]:
        try:
            re.compile(raw)
        except (re.error, TypeError) as exc:
            messages.append(f"pattern {raw!r} is not a valid regular expression ({exc})")
    return messages


def entry_key(entry: RawEntry) -> str:
    return str(entry.data.get("name", "")).lower()


def _compile(entry: RawEntry) -> SensitiveTopic:
    alternation = "|".join(f"(?:{p})" for p in entry.data["patterns"])
    return SensitiveTopic(
        name=entry.data["name"],
        label=entry.data["label"],
        level=entry.data["level"],
        pattern=re.compile(rf"\b(?:{alternation})\b", re.IGNORECASE),
    )


def load_sensitive_topics(
    config: Config | None = None,
) -> tuple[list[SensitiveTopic], dict[str, str]]:
    """Bundled and user topics, compiled; raises GlossaryError on invalid data."""
    extra = list(config.glossary_paths()) if config else []
    entries, versions = load_valid("sensitive", validate_entry, entry_key, extra)
    return [_compile(e) for e in entries], versions


def match_topics(text: str, topics: list[SensitiveTopic]) -> list[SensitiveTopic]:
    """The topics whose patterns occur in `text`, in glossary order."""
    return [t for t in topics if t.pattern.search(text)]
