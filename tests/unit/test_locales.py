"""Locale profiles: bundled data, fallbacks, user files and brand overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.config import Config
from workbench.errors import ConfigError, GlossaryError
from workbench.glossary.base import RawEntry, load_kind
from workbench.glossary.locales import (
    LocaleProfile,
    clear_cache,
    entry_key,
    load_locale_profiles,
    profile_for,
    validate_entry,
)

BUNDLED = [
    "de-DE",
    "ja-JP",
    "pt-BR",
    "pt-PT",
    "es-ES",
    "es-MX",
    "fr-FR",
    "it-IT",
    "nl-NL",
    "pl-PL",
    "tr-TR",
    "ru-RU",
    "ar-SA",
    "en-US",
    "en-GB",
]


@pytest.fixture(autouse=True)
def _fresh() -> None:
    clear_cache()


def test_bundled_files_are_valid_and_complete() -> None:
    entries, problems, versions = load_kind("locales", validate_entry, entry_key)
    assert problems == []
    assert sorted(entry_key(e) for e in entries) == sorted(BUNDLED)
    assert all(v == "2026.11.1" for v in versions.values())


@pytest.mark.parametrize(
    ("tag", "register", "apology", "window", "currency"),
    [
        ("de-DE", "formal", "low", 14, "EUR"),
        ("ja-JP", "formal", "high", None, "JPY"),
        ("pt-BR", "formal", "low", 7, "BRL"),
        ("pt-PT", "formal", "low", 14, "EUR"),
        ("es-ES", "formal", "low", 14, "EUR"),
        ("en-US", "any", "low", None, "USD"),
    ],
)
def test_profile_facts(
    tag: str, register: str, apology: str, window: int | None, currency: str
) -> None:
    p = profile_for(tag, Config())
    assert isinstance(p, LocaleProfile)
    assert (p.tag, p.register, p.apology_expected, p.return_window_days, p.currency) == (
        tag,
        register,
        apology,
        window,
        currency,
    )
    assert p.sources and p.notes


def test_pt_br_allows_emoji_and_de_does_not() -> None:
    assert profile_for("pt-BR", Config()).emoji_ok is True
    assert profile_for("de-DE", Config()).emoji_ok is False


@pytest.mark.parametrize(
    ("asked", "base"), [("de", "de-DE"), ("pt_br", "pt-BR"), ("PT", "pt-BR"), ("es-es", "es-ES")]
)
def test_language_fallback(asked: str, base: str) -> None:
    p = profile_for(asked, Config())
    assert p.tag == base
    assert p == load_locale_profiles(Config())[base]


def test_unknown_region_uses_language_default_with_requested_tag() -> None:
    p = profile_for("de-AT", Config())
    assert p.tag == "de-AT" and p.language == "de"
    assert p.register == "formal" and "de-DE" in p.notes


def test_unknown_language_is_neutral() -> None:
    p = profile_for("sv-SE", Config())
    assert (p.tag, p.language, p.register) == ("sv-SE", "sv", "any")
    assert profile_for("xx", Config()).register == "any"


def test_brand_override_by_tag_and_language() -> None:
    config = Config(locales={"nl-NL": {"register": "informal", "informal_markers": ["hoi"]}})
    p = profile_for("nl-NL", config)
    assert p.register == "informal" and p.informal_markers == ("hoi",)
    assert p.currency == "EUR"  # untouched fields keep the bundled value
    assert profile_for("de-DE", config).register == "formal"
    by_language = Config(locales={"es": {"emoji_ok": True}})
    assert profile_for("es-MX", by_language).emoji_ok is True
    assert profile_for("es-ES", by_language).emoji_ok is True


@pytest.mark.parametrize(
    ("override", "needle"),
    [
        ({"registr": "informal"}, "unknown setting locales.nl-NL.registr"),
        ({"register": "casual"}, "register 'casual'"),
        ({"return_window_days": "14"}, "return_window_days"),
        ({"tag": "fr-FR"}, "unknown setting"),
    ],
)
def test_invalid_override_is_config_error(override: dict, needle: str) -> None:
    with pytest.raises(ConfigError, match=needle.replace(".", r"\.")):
        profile_for("nl-NL", Config(locales={"nl-NL": override}))


def test_user_file_replaces_and_extends(tmp_path: Path) -> None:
    folder = tmp_path / "locales"
    folder.mkdir()
    (folder / "brand.toml").write_text(
        '[meta]\nversion = "1"\n\n[[locale]]\ntag = "de-DE"\nlanguage = "de"\n'
        'register = "informal"\n'
        '\n[[locale]]\ntag = "sv-SE"\nlanguage = "sv"\nregister = "informal"\ncurrency = "SEK"\n',
        encoding="utf-8",
    )
    config = Config(glossaries=[str(folder)])
    assert profile_for("de-DE", config).register == "informal"
    assert profile_for("sv-SE", config).currency == "SEK"
    assert "sv-SE" in load_locale_profiles(config)


def test_invalid_user_file_names_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "locales"
    folder.mkdir()
    (folder / "bad.toml").write_text(
        '[meta]\nversion = "1"\n\n[[locale]]\ntag = "de-DE"\nlanguage = "fr"\n'
        'register = "formal"\n',
        encoding="utf-8",
    )
    with pytest.raises(GlossaryError, match=r"bad\.toml:4: .*does not match tag"):
        load_locale_profiles(Config(glossaries=[str(folder)]))


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        ({"tag": "de-DE", "language": "de"}, "missing field 'register'"),
        ({"tag": "deDE", "language": "de", "register": "formal"}, "must look like"),
        (
            {"tag": "de-DE", "language": "de", "register": "formal", "apology_expected": "lots"},
            "apology_expected",
        ),
        (
            {"tag": "de-DE", "language": "de", "register": "formal", "return_window_days": -1},
            "return_window_days",
        ),
        (
            {"tag": "de-DE", "language": "de", "register": "formal", "return_window_days": True},
            "return_window_days",
        ),
        ({"tag": "de-DE", "language": "de", "register": "formal", "currency": "euro"}, "currency"),
        (
            {"tag": "de-DE", "language": "de", "register": "formal", "formal_markers": ["", 3]},
            "formal_markers",
        ),
        (
            {"tag": "de-DE", "language": "de", "register": "formal", "colour": "red"},
            "unknown field",
        ),
    ],
)
def test_validate_entry_problems(data: dict, needle: str) -> None:
    messages = validate_entry(RawEntry(data, "x.toml", 1))
    assert any(needle in m for m in messages), messages


def test_entry_key_normalizes_tag() -> None:
    assert entry_key(RawEntry({"tag": "pt_br"}, "x.toml", 1)) == "pt-BR"
