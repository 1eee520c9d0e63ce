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
def test_unknown_code_lists_supported_languages(code: str) -> None:
    with pytest.raises(UnknownLanguageError) as info:
        parse_locale(code)
    assert "supported:" in str(info.value) and "es" in str(info.value)


def test_parse_locales_keeps_order_and_drops_repeats() -> None:
    assert [loc.tag for loc in parse_locales("es,pt-BR,es,fr")] == ["es", "pt-BR", "fr"]


def test_default_region() -> None:
    assert parse_locale("pt").with_default_region().tag == "pt-BR"
    assert parse_locale("es-MX").with_default_region().tag == "es-MX"
