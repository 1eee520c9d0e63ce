"""Locale policy rules (glossaries/policy/): review requests, return windows, apologies, emoji."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workbench.glossary.base import RawEntry, check_fields, load_valid

if TYPE_CHECKING:
    from workbench.config import Config

KINDS = ("pattern", "return_window", "apology", "emoji", "currency", "missing", "brevity")
SEVERITIES = ("info", "warning", "error")


@dataclass(frozen=True)
class PolicyRule:
    id: str
    kind: str
    severity: str
    message: str
    suggestion: str | None
    patterns: tuple[re.Pattern[str], ...]
    context: tuple[re.Pattern[str], ...]
    currency: str | None
    locales: tuple[str, ...] = ()  # target tags or languages the rule applies to (all if empty)
    min_count: int = 1  # pattern: matches needed for a finding (2: an apology repeated)
    min_words: int = 0  # the draft must be at least this long (a whole reply, not a snippet)
    max_words: int = 0  # brevity: a draft shorter than this in a `context` is a finding

    def applies_to(self, tag: str, language: str) -> bool:
        return not self.locales or tag in self.locales or language in self.locales


def validate_entry(entry: RawEntry) -> list[str]:
    messages = check_fields(
        entry,
        {"id": str, "kind": str, "severity": str, "message": str, "patterns": list},
        {
            "suggestion": str,
            "context": list,
            "currency": str,
            "reason": str,
            "locales": list,
            "min_count": int,
            "min_words": int,
            "max_words": int,
        },
    )
    if messages:
        return messages
    data = entry.data
    if not data["id"].startswith("policy."):
        messages.append("id must start with 'policy.'")
    if data["kind"] not in KINDS:
        messages.append(f"kind must be one of {', '.join(KINDS)}")
    if data["severity"] not in SEVERITIES:
        messages.append(f"severity must be one of {', '.join(SEVERITIES)}")
    if data["kind"] not in ("emoji", "brevity") and not data["patterns"]:
        messages.append("patterns is empty")
    if data["kind"] == "apology" and not data.get("context"):
        messages.append("an apology rule needs a context list")
    if data["kind"] == "brevity" and not (data.get("context") and data.get("max_words")):
        messages.append("a brevity rule needs a context list and max_words")
    if data["kind"] == "currency" and not data.get("currency"):
        messages.append("a currency rule needs the currency it stands for")
    if data["kind"] == "return_window":
        for raw in data["patterns"]:
            if "(?P<days>" not in raw:
                messages.append(f"return_window pattern {raw!r} needs a (?P<days>...) group")
    for raw in [*data["patterns"], *data.get("context", [])]:
        try:
            re.compile(raw)
        except (re.error, TypeError) as exc:
            messages.append(f"pattern {raw!r} is not a valid regular expression ({exc})")
    return messages


def entry_key(entry: RawEntry) -> str:
    return str(entry.data.get("id", ""))


def _compile(entry: RawEntry) -> PolicyRule:
    d = entry.data

    def regexes(items: list[str]) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(rf"(?<!\w)(?:{p})", re.IGNORECASE) for p in items)

    return PolicyRule(
        id=d["id"],
        kind=d["kind"],
        severity=d["severity"],
        message=d["message"],
        suggestion=d.get("suggestion"),
        patterns=regexes(d["patterns"]),
        context=regexes(d.get("context", [])),
        currency=d.get("currency"),
        locales=tuple(d.get("locales", ())),
        min_count=int(d.get("min_count", 1)),
        min_words=int(d.get("min_words", 0)),
        max_words=int(d.get("max_words", 0)),
    )


@functools.lru_cache(maxsize=8)
def _load(extra: tuple[str, ...]) -> tuple[tuple[PolicyRule, ...], dict[str, str]]:
    entries, versions = load_valid("policy", validate_entry, entry_key, extra)
    return tuple(_compile(e) for e in entries), versions


def load_policy_rules(config: Config) -> tuple[PolicyRule, ...]:
    """Bundled and user policy rules, compiled and cached."""
    return _load(config.glossary_paths())[0]


def policy_glossary_versions(config: Config) -> dict[str, str]:
    return _load(config.glossary_paths())[1]
