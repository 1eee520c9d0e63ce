"""Language and locale codes: parse 'es', 'es-ES', 'pt_br', 'af', 'zh-Hant-TW' into one form.

Any language, script and region that CLDR (through babel) knows is accepted; what workbench
has its own data for (register, idioms, locale policy) is a separate question that each
check answers for itself and reports when it cannot.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from workbench.errors import UnknownLanguageError

# The locale a bare language code means when workbench has a preference (its locale profiles
# in glossaries/locales/); every other language gets CLDR's likely region (af -> af-ZA).
DEFAULT_REGION: dict[str, str] = {
    "en": "US",
    "es": "ES",
    "pt": "BR",
    "fr": "FR",
    "de": "DE",
    "it": "IT",
    "nl": "NL",
    "pl": "PL",
    "tr": "TR",
    "ru": "RU",
    "ja": "JP",
    "ar": "SA",
    "ca": "ES",
    "gl": "ES",
    "sv": "SE",
    "da": "DK",
    "fi": "FI",
    "zh": "CN",
    "ko": "KR",
}

# language[-Script][-REGION], with - or _ (gettext and Java spell pt_BR, sr_Cyrl)
_CODE = re.compile(r"^([A-Za-z]{2,3})(?:[-_]([A-Za-z]{4}))?(?:[-_]([A-Za-z]{2}|\d{3}))?$")


@dataclass(frozen=True, slots=True, order=True)
class Locale:
    """A language with an optional region (and script), e.g. Locale('pt', 'BR')."""

    language: str
    region: str | None = None
    script: str | None = None

    @property
    def tag(self) -> str:
        """BCP 47 tag: 'pt-BR', 'zh-Hant-TW', or 'pt' without a region."""
        return "-".join(p for p in (self.language, self.script, self.region) if p)

    def with_default_region(self) -> Locale:
        if self.region:
            return self
        preferred = None if self.script else DEFAULT_REGION.get(self.language)
        region = preferred or _likely_region(self.language, self.script)
        return Locale(self.language, region, self.script)

    def __str__(self) -> str:
        return self.tag


def supported_languages() -> list[str]:
    """Languages workbench has its own data for (locale profiles, detectors)."""
    return sorted(DEFAULT_REGION)


@cache
def _cldr() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(languages, scripts, regions) that CLDR knows, from babel's data."""
    from babel import Locale as BabelLocale
    from babel.localedata import locale_identifiers

    english = BabelLocale("en")
    languages = frozenset(i.split("_")[0] for i in locale_identifiers())
    return languages, frozenset(english.scripts), frozenset(english.territories)


@cache
def _likely_region(language: str, script: str | None) -> str | None:
    from babel.core import get_global

    likely = get_global("likely_subtags")
    for key in (f"{language}_{script}" if script else None, language):
        found = likely.get(key) if key else None
        if found:
            parts = found.split("_")
            if len(parts) > 1 and (parts[-1].isupper() or parts[-1].isdigit()):
                return parts[-1]
    return None


def parse_locale(code: str) -> Locale:
    """Parse a BCP 47 language tag; raise UnknownLanguageError saying what a valid one is."""
    match = _CODE.match(code.strip()) if isinstance(code, str) else None
    languages, scripts, regions = _cldr()
    if match is not None:
        language, script, region = match.groups()
        language = language.lower()
        script = script.title() if script else None
        region = region.upper() if region else None
        if (
            language in languages
            and (script is None or script in scripts)
            and (region is None or region in regions)
        ):
            return Locale(language, region, script)
    raise UnknownLanguageError(
        f"unknown language code {code!r}: expected a BCP 47 language tag that CLDR knows, "
        "such as de, pt-BR, es-419, af or zh-Hant-TW (workbench has its own locale data for "
        f"{', '.join(supported_languages())})"
    )


def parse_locales(codes: str | list[str]) -> list[Locale]:
    """Parse a comma-separated list (or a list) of codes, keeping order, dropping repeats."""
    items = codes.split(",") if isinstance(codes, str) else list(codes)
    seen: dict[Locale, None] = {}
    for raw in items:
        if raw.strip():
            seen.setdefault(parse_locale(raw), None)
    if not seen:
        raise UnknownLanguageError("no target language given; e.g. --to es,pt-BR,fr")
    return list(seen)
