"""Term glossary (glossaries/terms/): do-not-translate names and approved target-language terms."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from workbench.glossary.acronyms import TOKEN_CHAR, normalize_locale_key
from workbench.glossary.base import RawEntry, check_fields, load_valid

if TYPE_CHECKING:
    from workbench.config import Config

_REQUIRED: dict[str, type | tuple[type, ...]] = {"term": str}
_OPTIONAL: dict[str, type | tuple[type, ...]] = {
    "dnt": bool,
    "translations": dict,
    "variants": list,
    "case_sensitive": bool,
    "note": str,
}
_LOCALE_KEY = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z]{2}|-\d{3})?$")

# Languages written without spaces between words: terms match as plain substrings there.
UNSPACED_LANGUAGES = frozenset({"ja", "zh", "th", "lo", "km", "my"})


@dataclass(frozen=True, slots=True)
class Term:
    """One glossary entry: a do-not-translate name, or a source term with approved translations."""

    term: str
    dnt: bool = False
    translations: dict[str, tuple[str, ...]] = field(default_factory=dict)
    variants: tuple[str, ...] = ()
    case_sensitive: bool = False
    note: str = ""

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.term, *self.variants)

    def translations_for(self, locale: str | None) -> tuple[str, ...]:
        """Approved target terms for a locale: its tag's, then its language's."""
        if not locale:
            return ()
        tag = normalize_locale_key(locale)
        language = tag.split("-")[0]
        out = list(self.translations.get(tag, ())) if tag != language else []
        out.extend(self.translations.get(language, ()))
        return tuple(dict.fromkeys(out))


def validate_entry(entry: RawEntry) -> list[str]:
    """Problems with one [[term]] entry (field reference in glossaries/terms/sample.toml)."""
    messages = check_fields(entry, _REQUIRED, _OPTIONAL)
    data = entry.data
    variants = data.get("variants")
    if isinstance(variants, list) and not all(isinstance(v, str) and v.strip() for v in variants):
        messages.append("field 'variants' must be a list of non-empty strings")
    translations = data.get("translations")
    if isinstance(translations, dict):
        for key, value in translations.items():
            if not _LOCALE_KEY.match(key):
                messages.append(
                    f"translations: {key!r} is not a language or locale code like 'de' or 'pt-BR'"
                )
            if not (
                (isinstance(value, str) and value.strip())
                or (
                    isinstance(value, list)
                    and value
                    and all(isinstance(v, str) and v.strip() for v in value)
                )
            ):
                messages.append(f"translations.{key} must be a non-empty string or list of strings")
    if messages:
        return messages
    if data.get("dnt") and translations:
        messages.append("a do-not-translate term (dnt = true) cannot have translations")
    if not data.get("dnt") and not translations:
        messages.append("give translations, or set dnt = true for a name that stays as it is")
    return messages


def entry_key(entry: RawEntry) -> str:
    """Entries are keyed by the term, ignoring case and spacing."""
    return " ".join(str(entry.data.get("term", "")).casefold().split())


def to_term(entry: RawEntry) -> Term:
    data: dict[str, Any] = entry.data
    dnt = bool(data.get("dnt", False))
    return Term(
        term=data["term"].strip(),
        dnt=dnt,
        translations={
            normalize_locale_key(k): (v,) if isinstance(v, str) else tuple(v)
            for k, v in data.get("translations", {}).items()
        },
        variants=tuple(v.strip() for v in data.get("variants", ())),
        # Names are matched as written; ordinary terms in any case.
        case_sensitive=bool(data.get("case_sensitive", dnt)),
        note=data.get("note", ""),
    )


# -- matching ------------------------------------------------------------------------------

_GAP = r"[\s\u00a0\-\u2010\u2011]+"  # between words: spaces or hyphens ("e-mail" / "e mail")


def source_pattern(phrase: str, *, case_sensitive: bool = False) -> re.Pattern[str]:
    """An English phrase with its plural/possessive forms: "return label" -> "return labels"."""
    words = phrase.split()
    parts = [re.escape(w) for w in words]
    # English inflects the head noun at the end of a term: label -> labels, label's.
    parts[-1] += r"(?:s|es|['\u2019]s)?"
    body = _GAP.join(parts)
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile(rf"(?<![{TOKEN_CHAR}]){body}(?![{TOKEN_CHAR}])", flags)


def target_pattern(phrase: str, language: str, *, case_sensitive: bool = False) -> re.Pattern[str]:
    """An approved target term, tolerant of inflection by stem prefix.

    "etiqueta de devolución" also matches "etiquetas de devolución"; "Rücksendeetikett" also
    "Rücksendeetiketten". Long words keep all but their last two letters as a stem and accept
    a short ending; short words (articles, prepositions) must match but may take one or two
    letters ("de" / "del"). Languages without spaces match the exact text anywhere.
    """
    flags = 0 if case_sensitive else re.IGNORECASE
    if language in UNSPACED_LANGUAGES:
        return re.compile(re.escape(phrase), flags)
    parts = []
    for word in phrase.split():
        if len(word) >= 6 and word[-1].isalpha():
            stem = word[: len(word) - 2]
            parts.append(re.escape(stem) + r"\w{0,5}")
        elif word[-1:].isalpha():
            parts.append(re.escape(word) + r"\w{0,2}")
        else:
            parts.append(re.escape(word))
    body = _GAP.join(parts)
    return re.compile(rf"(?<!\w){body}(?!\w)", flags)


@functools.lru_cache(maxsize=64)
def _stemmer(language: str) -> Any | None:
    """The Snowball stemmer for a language code ("es" -> spanish), or None when there is none."""
    import babel
    import snowballstemmer

    try:
        name = (babel.Locale.parse(language).get_display_name("en") or "").lower()
    except (ValueError, babel.UnknownLocaleError):
        return None
    return snowballstemmer.stemmer(name) if name in snowballstemmer.algorithms() else None


@functools.lru_cache(maxsize=1024)
def _stems(text: str, language: str) -> tuple[str, ...]:
    stemmer = _stemmer(language)
    words = re.findall(r"\w+", text.casefold())
    return tuple(stemmer.stemWords(words)) if stemmer is not None else ()


def stem_match(phrase: str, text: str, language: str) -> bool:
    """Whether `text` has every word of `phrase`, in order, in some inflected form: the same
    Snowball stems ("reembolsaremos" and "reembolsar" both stem to "reembols").

    Catches verb and plural endings the stem prefix of `target_pattern` is too short for.
    False for languages Snowball has no stemmer for.
    """
    want = _stems(phrase, language)
    have = _stems(text, language)
    if not want or len(want) > len(have):
        return False
    n = len(want)
    return any(have[i : i + n] == want for i in range(len(have) - n + 1))


def exact_pattern(phrase: str, *, case_sensitive: bool = True) -> re.Pattern[str]:
    """A name as written, as a token of its own (Latin letters only count as neighbours)."""
    flags = 0 if case_sensitive else re.IGNORECASE
    body = _GAP.join(re.escape(w) for w in phrase.split())
    return re.compile(rf"(?<![{TOKEN_CHAR}]){body}(?![{TOKEN_CHAR}])", flags)


class TermGlossary:
    """Every term with its compiled source pattern."""

    def __init__(self, terms: Iterable[Term], versions: dict[str, str] | None = None) -> None:
        self.terms = list(terms)
        self.versions = dict(versions or {})
        self.source_patterns: list[tuple[Term, re.Pattern[str]]] = []
        for term in self.terms:
            alternation = "|".join(
                source_pattern(f, case_sensitive=term.case_sensitive).pattern
                if not term.dnt
                else exact_pattern(f, case_sensitive=term.case_sensitive).pattern
                for f in sorted(term.forms, key=len, reverse=True)
            )
            flags = 0 if term.case_sensitive else re.IGNORECASE
            self.source_patterns.append((term, re.compile(alternation, flags)))

    def __len__(self) -> int:
        return len(self.terms)


@functools.lru_cache(maxsize=16)
def _load(extra_paths: tuple[str, ...]) -> TermGlossary:
    entries, versions = load_valid("terms", validate_entry, entry_key, extra_paths)
    return TermGlossary((to_term(e) for e in entries), versions)


def load_terms(config: Config | None = None) -> TermGlossary:
    """Bundled and user terms (config.glossaries extend/override), cached per path list.

    Raises GlossaryError when a file is invalid.
    """
    extra = config.glossary_paths() if config else ()
    return _load(extra)


def clear_cache() -> None:
    _load.cache_clear()


__all__ = [
    "Term",
    "TermGlossary",
    "entry_key",
    "exact_pattern",
    "load_terms",
    "source_pattern",
    "target_pattern",
    "validate_entry",
]
