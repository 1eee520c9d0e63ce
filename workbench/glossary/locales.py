"""Locale profiles: what a target market expects (register, emoji, apologies, returns, currency)."""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from workbench.errors import ConfigError
from workbench.glossary.base import RawEntry, check_fields, load_valid
from workbench.lang import DEFAULT_REGION

if TYPE_CHECKING:
    from workbench.config import Config

REGISTERS = ("formal", "informal", "any")
APOLOGY_LEVELS = ("none", "low", "high")

_TAG = re.compile(r"^([a-z]{2,3})-([A-Z]{2}|\d{3})$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")

_REQUIRED: dict[str, type | tuple[type, ...]] = {"tag": str, "language": str, "register": str}
_OPTIONAL: dict[str, type | tuple[type, ...]] = {
    "mixed_register_ok": bool,
    "emoji_ok": bool,
    "apology_expected": str,
    "return_window_days": int,
    "currency": str,
    "formal_markers": list,
    "informal_markers": list,
    "notes": str,
    "sources": list,
}


@dataclass(frozen=True, slots=True)
class LocaleProfile:
    """The expectations of one target locale (glossaries/locales/<tag>.toml plus brand config)."""

    tag: str  # "de-DE"
    language: str  # "de"
    register: str = "any"  # formal | informal | any
    mixed_register_ok: bool = False
    emoji_ok: bool = True
    apology_expected: str = "low"  # none | low | high
    return_window_days: int | None = None  # statutory distance-sale minimum; None when none
    currency: str | None = None  # ISO 4217
    formal_markers: tuple[str, ...] = ()  # extra words marking formal register
    informal_markers: tuple[str, ...] = ()  # extra words marking informal register
    notes: str = ""
    sources: tuple[str, ...] = ()


_FIELDS = tuple(f.name for f in dataclasses.fields(LocaleProfile))
_TUPLE_FIELDS = ("formal_markers", "informal_markers", "sources")


def normalize_tag(tag: str) -> str:
    """'pt_br' -> 'pt-BR', 'DE' -> 'de'; leaves anything else trimmed as it is."""
    lang, _, region = tag.strip().replace("_", "-").partition("-")
    lang = lang.lower()
    return f"{lang}-{region.upper()}" if region else lang


def _value_problems(data: dict[str, Any]) -> list[str]:
    """Checks beyond field types: enums, tag shape, non-negative windows, marker lists."""
    # bool is an int subclass, so `return_window_days = true` is caught here, not by type
    messages: list[str] = []
    tag, language = data.get("tag"), data.get("language")
    if isinstance(tag, str):
        match = _TAG.match(tag)
        if match is None:
            messages.append(f"tag {tag!r} must look like 'de-DE' (language-REGION)")
        elif isinstance(language, str) and match.group(1) != language:
            messages.append(f"language {language!r} does not match tag {tag!r}")
    register = data.get("register")
    if isinstance(register, str) and register not in REGISTERS:
        messages.append(f"register {register!r} is not one of {', '.join(REGISTERS)}")
    apology = data.get("apology_expected")
    if isinstance(apology, str) and apology not in APOLOGY_LEVELS:
        messages.append(f"apology_expected {apology!r} is not one of {', '.join(APOLOGY_LEVELS)}")
    days = data.get("return_window_days")
    if isinstance(days, bool) or (isinstance(days, int) and days < 0):
        messages.append("return_window_days must be a whole number of days >= 0")
    currency = data.get("currency")
    if isinstance(currency, str) and not _CURRENCY.match(currency):
        messages.append(f"currency {currency!r} must be an ISO 4217 code such as 'EUR'")
    for name in _TUPLE_FIELDS:
        value = data.get(name)
        if isinstance(value, (list, tuple)) and not all(
            isinstance(v, str) and v.strip() for v in value
        ):
            messages.append(f"{name} must be a list of non-empty strings")
    return messages


def validate_entry(entry: RawEntry) -> list[str]:
    """Problems with one [[locale]] entry (empty when it is valid)."""
    messages = check_fields(entry, _REQUIRED, _OPTIONAL)
    return messages + _value_problems(entry.data)


def entry_key(entry: RawEntry) -> str:
    """Entries are keyed by their locale tag: a user file with 'de-DE' replaces the bundled one."""
    return normalize_tag(str(entry.data.get("tag", "")))


def _profile(data: dict[str, Any]) -> LocaleProfile:
    kwargs: dict[str, Any] = {
        k: (tuple(v) if k in _TUPLE_FIELDS else v) for k, v in data.items() if k in _FIELDS
    }
    return LocaleProfile(**kwargs)


@functools.lru_cache(maxsize=16)
def _load(extra_paths: tuple[str, ...]) -> tuple[dict[str, LocaleProfile], dict[str, str]]:
    entries, versions = load_valid("locales", validate_entry, entry_key, extra_paths)
    return {entry_key(e): _profile(e.data) for e in entries}, versions


def _extra_paths(config: Config) -> tuple[str, ...]:
    return config.glossary_paths()


def load_locale_profiles(config: Config) -> dict[str, LocaleProfile]:
    """Every locale profile by tag: bundled files, then the user's (config.glossaries), cached.

    Raises GlossaryError when a file is invalid. Brand overrides (config.locales) are applied
    by `profile_for`, not here.
    """
    return dict(_load(_extra_paths(config))[0])


def locale_glossary_versions(config: Config) -> dict[str, str]:
    """File name -> [meta] version of every locale file read (for run signatures)."""
    return dict(_load(_extra_paths(config))[1])


def neutral_profile(tag: str) -> LocaleProfile:
    """The profile for a locale nothing is known about: no register expectation."""
    norm = normalize_tag(tag)
    return LocaleProfile(
        tag=norm,
        language=norm.split("-")[0],
        register="any",
        notes=f"no locale profile for {norm}: no register, emoji or return-window expectations",
    )


def _base_profile(tag: str, profiles: dict[str, LocaleProfile]) -> LocaleProfile:
    """Exact tag, else the language's default locale (de -> de-DE), else any same-language one."""
    norm = normalize_tag(tag)
    if norm in profiles:
        return profiles[norm]
    language = norm.split("-")[0]
    candidates = []
    if language in DEFAULT_REGION:
        candidates.append(f"{language}-{DEFAULT_REGION[language]}")
    candidates.extend(sorted(t for t in profiles if t.split("-")[0] == language))
    for candidate in candidates:
        if candidate in profiles:
            base = profiles[candidate]
            if candidate == norm or "-" not in norm:
                return base
            note = f"no profile for {norm}; using {candidate}. {base.notes}".strip()
            return dataclasses.replace(base, tag=norm, notes=note)
    return neutral_profile(norm)


def _apply_overrides(
    profile: LocaleProfile, overrides: dict[str, Any], where: str
) -> LocaleProfile:
    if not isinstance(overrides, dict):
        raise ConfigError(f"{where} must be a table of locale settings")
    allowed = sorted(set(_FIELDS) - {"tag", "language"})
    for key in overrides:
        if key not in allowed:
            raise ConfigError(f"unknown setting {where}.{key}; valid: {', '.join(allowed)}")
    merged = {**dataclasses.asdict(profile), **overrides}
    merged = {k: (list(v) if isinstance(v, tuple) else v) for k, v in merged.items()}
    entry = RawEntry({k: v for k, v in merged.items() if v is not None and v != ""}, where, 1)
    problems = [m for m in validate_entry(entry) if not m.startswith("tag ")]
    if problems:
        raise ConfigError(f"{where}: {problems[0]}")
    return _profile(merged)


def profile_for(tag: str, config: Config) -> LocaleProfile:
    """The effective profile of `tag`: bundled/user data with fallbacks, then brand overrides.

    Overrides come from config.locales, first by language ("nl"), then by exact tag ("nl-NL"),
    e.g. `[locales.nl-NL] register = "informal"` for a brand that addresses customers with je.
    Invalid override keys or values raise ConfigError.
    """
    profile = _base_profile(tag, load_locale_profiles(config))
    overrides = {normalize_tag(k): (k, v) for k, v in config.locales.items()}
    for key in (profile.language, profile.tag):
        if key in overrides:
            original, values = overrides[key]
            profile = _apply_overrides(profile, values, f"locales.{original}")
    return profile


def clear_cache() -> None:
    """Forget loaded files (tests and long-running faces after a glossary edit)."""
    _load.cache_clear()


__all__ = [
    "LocaleProfile",
    "REGISTERS",
    "APOLOGY_LEVELS",
    "validate_entry",
    "entry_key",
    "load_locale_profiles",
    "locale_glossary_versions",
    "profile_for",
    "neutral_profile",
    "normalize_tag",
    "clear_cache",
]
