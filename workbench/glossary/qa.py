"""Per-language data for the mechanical QA checks (glossaries/qa/): punctuation, quotes, length."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from workbench.glossary.base import RawEntry, check_fields, load_valid

if TYPE_CHECKING:
    from workbench.config import Config

DEFAULT = "*"
_LANGUAGE = re.compile(r"^(\*|[a-z]{2,3})$")

_REQUIRED: dict[str, type | tuple[type, ...]] = {"language": str, "sources": list}
_OPTIONAL: dict[str, type | tuple[type, ...]] = {
    "expansion": (int, float),
    "low": (int, float),
    "high": (int, float),
    "min_source_chars": int,
    "nbsp_before": str,
    "inverted_marks": bool,
    "full_stop": str,
    "question_ends": list,
    "quotes": list,
    "valid_double_words": list,
    "consistency_min_words": int,
    "distinct_max_overlap": (int, float),
    "notes": str,
}
# Only the defaults entry may set these: they are library-wide, not per language.
_DEFAULT_ONLY = ("consistency_min_words", "distinct_max_overlap")
# The defaults entry must set these, so every language has a value.
_DEFAULT_REQUIRED = ("expansion", "low", "high", "min_source_chars", *_DEFAULT_ONLY)


@dataclass(frozen=True, slots=True)
class QALanguage:
    """What the qa.* checks know about one target language (defaults filled in)."""

    language: str
    expansion: float = 1.0
    low: float = 0.35
    high: float = 2.2
    min_source_chars: int = 20
    nbsp_before: str = ""
    inverted_marks: bool = False
    full_stop: str = "."
    question_ends: tuple[str, ...] = ()  # marks besides ? that may end a question
    quotes: tuple[str, str] | None = None
    valid_double_words: frozenset[str] = frozenset()
    consistency_min_words: int = 2
    distinct_max_overlap: float = 0.34
    measured: bool = False  # False when the language has no entry of its own


def _value_problems(data: dict[str, Any]) -> list[str]:
    messages: list[str] = []
    language = data.get("language")
    if isinstance(language, str) and not _LANGUAGE.match(language):
        messages.append(f"language {language!r} must be an ISO 639 code such as 'de', or '*'")
    for name in ("expansion", "low", "high", "distinct_max_overlap"):
        value = data.get(name)
        if isinstance(value, bool) or (isinstance(value, (int, float)) and value <= 0):
            messages.append(f"{name} must be a number above 0")
    low, high = data.get("low"), data.get("high")
    if isinstance(low, (int, float)) and isinstance(high, (int, float)) and low >= high:
        messages.append("low must be below high")
    quotes = data.get("quotes")
    if isinstance(quotes, list) and (
        len(quotes) != 2 or not all(isinstance(q, str) and len(q) == 1 for q in quotes)
    ):
        messages.append("quotes must be two single characters: [opening, closing]")
    ends = data.get("question_ends")
    if isinstance(ends, list) and not all(isinstance(e, str) and len(e) == 1 for e in ends):
        messages.append("question_ends must be a list of single characters")
    words = data.get("valid_double_words")
    if isinstance(words, list) and not all(isinstance(w, str) and w.strip() for w in words):
        messages.append("valid_double_words must be a list of non-empty strings")
    sources = data.get("sources")
    if isinstance(sources, list) and not (
        sources and all(isinstance(s, str) and s.strip() for s in sources)
    ):
        messages.append("sources must list at least one non-empty string")
    if language == DEFAULT:
        messages.extend(
            f"the '*' defaults entry needs {name!r}"
            for name in _DEFAULT_REQUIRED
            if name not in data
        )
    else:
        messages.extend(
            f"{name!r} is library-wide: set it on the '*' entry only"
            for name in _DEFAULT_ONLY
            if name in data
        )
    return messages


def validate_entry(entry: RawEntry) -> list[str]:
    """Problems with one [[language]] entry (empty when it is valid)."""
    return check_fields(entry, _REQUIRED, _OPTIONAL) + _value_problems(entry.data)


def entry_key(entry: RawEntry) -> str:
    return str(entry.data.get("language", "")).lower()


def _merge(default: dict[str, Any], own: dict[str, Any] | None, language: str) -> QALanguage:
    data = {**default, **(own or {})}
    quotes = data.get("quotes")
    return QALanguage(
        language=language,
        expansion=float(data.get("expansion", 1.0)),
        low=float(data.get("low", 0.35)),
        high=float(data.get("high", 2.2)),
        min_source_chars=int(data.get("min_source_chars", 20)),
        nbsp_before=str(data.get("nbsp_before", "")),
        inverted_marks=bool(data.get("inverted_marks", False)),
        full_stop=str(data.get("full_stop", ".")),
        question_ends=tuple(data.get("question_ends", [])),
        quotes=(quotes[0], quotes[1]) if quotes else None,
        valid_double_words=frozenset(w.casefold() for w in data.get("valid_double_words", [])),
        consistency_min_words=int(data.get("consistency_min_words", 2)),
        distinct_max_overlap=float(data.get("distinct_max_overlap", 0.34)),
        measured=own is not None,
    )


@dataclass(frozen=True)
class QAData:
    """Every language entry and the defaults, as loaded from glossaries/qa/."""

    entries: dict[str, dict[str, Any]]
    versions: dict[str, str]

    def language(self, tag: str) -> QALanguage:
        """The data for a locale tag ('pt-BR' -> 'pt'), defaults filled in."""
        language = tag.replace("_", "-").split("-")[0].lower()
        return _merge(self.entries.get(DEFAULT, {}), self.entries.get(language), language)


@functools.lru_cache(maxsize=8)
def _load(extra_paths: tuple[str, ...]) -> QAData:
    entries, versions = load_valid("qa", validate_entry, entry_key, extra_paths)
    return QAData({entry_key(e): dict(e.data) for e in entries}, versions)


def load_qa_data(config: Config | None = None) -> QAData:
    """Bundled glossaries/qa/ files, then the user's (config.glossaries); GlossaryError if bad."""
    return _load(config.glossary_paths() if config is not None else ())
