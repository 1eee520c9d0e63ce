import pytest

from workbench.errors import UnknownLanguageError
from workbench.lang import Locale, parse_locale, parse_locales


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("es", Locale("es")),
        ("es-ES", Locale("es", "ES")),
        ("pt-BR", Locale("pt", "BR")),
        ("pt_br", Locale("pt", "BR")),
        (" DE-de ", Locale("de", "DE")),
        ("es-419", Locale("es", "419")),
    ],
)
def test_parse_locale_accepts_common_spellings(code: str, expected: Locale) -> None:
    assert parse_locale(code) == expected


@pytest.mark.parametrize("code", ["xx", "", "english", "pt-BRA", "1", "de--DE"])
def test_unknown_code_says_what_a_valid_tag_is(code: str) -> None:
    with pytest.raises(UnknownLanguageError) as info:
        parse_locale(code)
    assert "BCP 47" in str(info.value) and "pt-BR" in str(info.value)


def test_parse_locales_keeps_order_and_drops_repeats() -> None:
    assert [loc.tag for loc in parse_locales("es,pt-BR,es,fr")] == ["es", "pt-BR", "fr"]


def test_default_region() -> None:
    assert parse_locale("pt").with_default_region().tag == "pt-BR"
    assert parse_locale("es-MX").with_default_region().tag == "es-MX"


@pytest.mark.parametrize(
    ("code", "tag", "default"),
    [
        ("af", "af", "af-ZA"),  # no locale data of our own, still a language
        ("sr_Cyrl", "sr-Cyrl", "sr-Cyrl-RS"),
        ("zh-Hant", "zh-Hant", "zh-Hant-TW"),
        ("haw", "haw", "haw-US"),
        ("ar", "ar", "ar-SA"),  # the project's preference over CLDR's likely region (EG)
    ],
)
def test_any_cldr_language_is_accepted(code: str, tag: str, default: str) -> None:
    locale = parse_locale(code)
    assert locale.tag == tag and locale.with_default_region().tag == default


@pytest.mark.parametrize("code", ["src", "app", "base", "de-XX", "en-Latx"])
def test_names_that_only_look_like_tags_are_refused(code: str) -> None:
    with pytest.raises(UnknownLanguageError):
        parse_locale(code)
