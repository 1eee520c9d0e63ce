"""Language and locale codes: parse 'es', 'es-ES', 'pt_br' into one canonical form."""

from __future__ import annotations

import re
from dataclasses import dataclass

from workbench.errors import UnknownLanguageError

# Languages workbench knows about (ISO 639-1) and the locale each bare code defaults to.
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

_CODE = re.compile(r"^([A-Za-z]{2,3})(?:[-_]([A-Za-z]{2}|\d{3}))?$")


@dataclass(frozen=True, slots=True, order=True)
class Locale:
    """A language with an optional region, e.g. Locale('pt', 'BR')."""

    language: str
    region: str | None = None

    @property
    def tag(self) -> str:
        """BCP-47 style tag: 'pt-BR', or 'pt' without a region."""
        return f"{self.language}-{self.region}" if self.region else self.language

    def with_default_region(self) -> Locale:
        if self.region:
            return self
        return Locale(self.language, DEFAULT_REGION.get(self.language))

    def __str__(self) -> str:
        return self.tag


def supported_languages() -> list[str]:
    return sorted(DEFAULT_REGION)


def parse_locale(code: str) -> Locale:
    """Parse a language code; raise UnknownLanguageError listing the supported ones."""
    match = _CODE.match(code.strip()) if isinstance(code, str) else None
    if match is None or match.group(1).lower() not in DEFAULT_REGION:
        raise UnknownLanguageError(
            f"unknown language code {code!r}; supported: {', '.join(supported_languages())} "
            "(optionally with a region, e.g. pt-BR, es_MX)"
        )
    region = match.group(2)
    return Locale(match.group(1).lower(), region.upper() if region else None)


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
