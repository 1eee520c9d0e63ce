"""Currency markers (symbols, ISO codes, names per language from CLDR) next to numbers."""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass, field

from workbench.scoring.placeholders.numbers import SPACES, UNSPACED_LANGUAGES, NumToken

# Locales whose currency symbols are collected: "$" is USD in en-US, MXN in es-MX, CAD in en-CA…
_SYMBOL_LOCALES = (
    "en",
    "en_US",
    "en_GB",
    "en_CA",
    "en_AU",
    "en_NZ",
    "en_IN",
    "en_SG",
    "es",
    "es_MX",
    "es_AR",
    "es_CO",
    "es_CL",
    "pt_BR",
    "pt_PT",
    "fr",
    "fr_CA",
    "fr_CH",
    "de",
    "de_CH",
    "it",
    "nl",
    "pl",
    "tr",
    "ru",
    "ja",
    "ar",
    "ar_SA",
    "ca",
    "gl",
    "sv",
    "da",
    "fi",
    "zh",
    "zh_Hant_HK",
    "ko",
)


@dataclass(frozen=True)
class CurrencyTable:
    """Currency symbols, ISO codes and names -> the ISO codes they may mean."""

    markers: dict[str, frozenset[str]]  # exact marker (case-sensitive) -> codes
    words: dict[str, frozenset[str]]  # lower-case words of names (per language) -> codes
    symbols: tuple[tuple[str, frozenset[str]], ...] = ()  # non-letter markers, longest first
    by_code: dict[str, tuple[str, ...]] = field(default_factory=dict)  # code -> its markers


@functools.lru_cache(maxsize=32)
def currency_table(language: str) -> CurrencyTable:
    """Markers for English sources and for one target language (from CLDR via babel)."""
    import babel.numbers
    from babel import Locale
    from babel.core import UnknownLocaleError

    markers: dict[str, set[str]] = defaultdict(set)
    words: dict[str, set[str]] = defaultdict(set)
    codes = babel.numbers.list_currencies()
    for tag in _SYMBOL_LOCALES:
        loc = Locale.parse(tag)
        for code, symbol in loc.currency_symbols.items():
            if code in codes and symbol and not symbol.isdigit():
                markers[symbol].add(code)
    for code in codes:
        markers[code].add(code)
    for tag in {"en", language}:
        try:
            loc = Locale.parse(tag)
        except (UnknownLocaleError, ValueError):
            continue
        for code in codes:
            for count in (1, 2):
                name = babel.numbers.get_currency_name(code, count=count, locale=loc)
                if name and name != code and "(" not in name:
                    markers[name].add(code)
                    for word in re.split(r"[\s\-]+", name):
                        if len(word) >= 3:
                            words[word.casefold()].add(code)
    by_code: dict[str, list[str]] = defaultdict(list)
    for marker, marker_codes in markers.items():
        for code in marker_codes:
            by_code[code].append(marker)
    symbols = tuple(
        (m, frozenset(markers[m]))
        for m in sorted(markers, key=len, reverse=True)
        if not m.replace(" ", "").isalpha()
    )
    return CurrencyTable(
        {k: frozenset(v) for k, v in markers.items()},
        {k: frozenset(v) for k, v in words.items()},
        symbols,
        {k: tuple(v) for k, v in by_code.items()},
    )


_BEFORE = re.compile(rf"([^\s\d{SPACES}]+)[\s{SPACES}]?$")
_AFTER = re.compile(rf"^[\s{SPACES}]?([^\s\d{SPACES}.,;:!?)]+)")


def _marker_codes(word: str, table: CurrencyTable, *, side: str) -> frozenset[str]:
    """Codes of a currency marker written right before or after a number ("$", "EUR", "euros")."""
    if word in table.markers:
        return table.markers[word]
    # A symbol glued to other characters: "US$", "R$", "€25" or "25€)".
    for marker, codes in table.symbols:
        if word.endswith(marker) if side == "before" else word.startswith(marker):
            return codes
    return frozenset()


def attach_currencies(text: str, tokens: list[NumToken], table: CurrencyTable) -> None:
    """Give each number the currency written next to it (at most one space away)."""
    for token in tokens:
        if not any(isinstance(r, tuple) and r[0] == "num" for r in token.readings):
            continue
        before = _BEFORE.search(text, max(0, token.span[0] - 12), token.span[0])
        after = _AFTER.search(text[token.span[1] : token.span[1] + 30])
        codes: frozenset[str] = frozenset()
        if before:
            codes = _marker_codes(before.group(1), table, side="before")
        if not codes and after:
            word = after.group(1)
            codes = _marker_codes(word, table, side="after")
            if not codes:
                # Multi-word names ("US dollars", "reales brasileños"): try two words.
                two = re.match(
                    rf"^[\s{SPACES}]?(\S+[\s{SPACES}]\S+)", text[token.span[1] : token.span[1] + 40]
                )
                if two and two.group(1).rstrip(".,;:!?)") in table.markers:
                    codes = table.markers[two.group(1).rstrip(".,;:!?)")]
        token.currency = codes


def mentions_currency(
    text: str, token: NumToken, codes: frozenset[str], table: CurrencyTable, language: str
) -> bool:
    """Whether the translation names one of `codes` next to a number (any marker or name word)."""
    if token.currency & codes:
        return True
    window_start, window_end = max(0, token.span[0] - 25), token.span[1] + 30
    window = text[window_start:window_end]
    markers = {m for code in codes for m in table.by_code.get(code, ())}
    if language in UNSPACED_LANGUAGES:
        # "25円" for 日本円, "25ドル" for 米ドル: the end of a name written after the number.
        after = text[token.span[1] : token.span[1] + 6].lstrip()
        if any(after.startswith(m[i:]) for m in markers for i in range(len(m))):
            return True
    if any(m in window for m in markers):
        return True
    return any(
        w.casefold() in table.words and table.words[w.casefold()] & codes
        for w in re.findall(r"\w{3,}", window)
    )
