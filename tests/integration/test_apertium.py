"""The Apertium backend against the real `apertium` command and its installed pairs."""

from __future__ import annotations

import re

import pytest

from workbench.config import Config
from workbench.errors import ModelUnavailableError
from workbench.mt import apertium as apertium_module
from workbench.mt.apertium import ApertiumTranslator
from workbench.mt.router import MTRouter

pytestmark = pytest.mark.integration

DIRECT = [("en", "es"), ("es", "en"), ("es", "pt"), ("pt", "es"), ("es", "fr"), ("fr", "es")]

# Texts that stress the batch separator: line breaks, blank lines, edge whitespace, a NUL,
# the separator word itself, markup-like characters and other scripts.
AWKWARD = [
    "Thank you for your order.",
    "First line\nsecond line.\n\nA new paragraph.",
    "  leading and trailing spaces  ",
    "No final stop",
    "Ends with blank lines\n\n",
    "\n\nStarts with blank lines",
    "The separator WBSEPX0 and WBSEPX1 appear here.",
    "Brackets [a] ^b$ / @c \\d <e> {f} # % & *g",
    "A NUL \x00 character",
    "Mixed scripts: café, 日本語, Привет, 😀.",
    "",
    "   ",
]


@pytest.fixture(scope="module")
def apertium() -> ApertiumTranslator:
    return ApertiumTranslator(Config())


def test_installed_direct_pairs_use_iso_codes(apertium: ApertiumTranslator) -> None:
    assert set(DIRECT) <= set(apertium.pairs())
    assert all(len(s) == 2 and len(t) == 2 for s, t in apertium.pairs())
    assert re.fullmatch(r"apertium:eng-spa@\S+", apertium.model_id("en", "es"))
    assert apertium.model_id("es", "pt").startswith("apertium:es-pt")


@pytest.mark.parametrize(
    ("source", "target", "text", "expected"),
    [
        ("en", "es", "The house is big.", "casa"),
        ("en", "es", "Thank you for your patience.", "paciencia"),
        ("es", "en", "La casa es grande.", "house"),
        ("es", "en", "Gracias por su paciencia.", "patience"),
        ("es", "pt", "La casa es grande.", "casa"),
        ("es", "fr", "La casa es grande.", "maison"),
        ("fr", "es", "La maison est grande.", "casa"),
        ("pt", "es", "A casa é grande.", "casa"),
    ],
)
def test_real_sentences_translate(
    apertium: ApertiumTranslator, source: str, target: str, text: str, expected: str
) -> None:
    [out] = apertium.translate([text], source, target)
    assert expected in out.lower()
    assert out != text or source == target


@pytest.mark.parametrize(("source", "target"), DIRECT)
def test_batch_equals_one_by_one(apertium: ApertiumTranslator, source: str, target: str) -> None:
    batched = apertium.translate(AWKWARD, source, target)
    single = [apertium.translate([t], source, target)[0] for t in AWKWARD]
    assert batched == single
    assert len(batched) == len(AWKWARD)
    assert batched[-2:] == ["", "   "]  # blank text is returned as it came
    assert batched[1].count("\n") == 3  # the layout of a multi-line reply survives


def test_chunked_batches_equal_a_single_call(
    apertium: ApertiumTranslator, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = [f"Order {n} has shipped to the house." for n in range(7)] + AWKWARD[:4]
    whole = apertium.translate(texts, "en", "es")
    monkeypatch.setattr(apertium_module, "MAX_TEXTS_PER_CALL", 2)
    monkeypatch.setattr(apertium_module, "MAX_CHARS_PER_CALL", 60)
    assert apertium.translate(texts, "en", "es") == whole


def test_large_text_translates(apertium: ApertiumTranslator) -> None:
    text = "Your package will arrive tomorrow. We are sorry for the delay.\n" * 1600  # ~100 KB
    [out] = apertium.translate([text], "en", "es")
    assert out.count("\n") == 1600
    assert "mañana" in out


def test_missing_binary_names_the_packages_to_install() -> None:
    config = Config()
    config.mt.apertium_path = "/nonexistent/bin/apertium"
    missing = ApertiumTranslator(config)
    assert missing.pairs() == []
    with pytest.raises(ModelUnavailableError, match="apt-get install apertium"):
        missing.translate(["Hello"], "en", "es")


def test_missing_pair_lists_the_installed_ones(apertium: ApertiumTranslator) -> None:
    with pytest.raises(ModelUnavailableError, match=r"no en-de pair .*en-es"):
        apertium.translate(["Hello"], "en", "de")


# Every placeholder syntax workbench protects, in a sentence around it.
PLACEHOLDERS = {
    "en": [
        "Hello {{name}}, your order has shipped.",
        "Hello {{ customer.first_name }}, thanks for waiting.",
        "{% if vip %}Welcome back!{% endif %}",
        "You have {0} new messages in {folder}.",
        "The total is {amount:.2f} for this month.",
        "Dear %s, you have %d new messages.",
        "Dear %(name)s, your refund is ready.",
        "Hi ${firstName}, your parcel is on the way.",
        "Hi :name, your parcel is on the way.",
        "Track it at https://shop.example.com/track?id=42&lang=en today.",
        "Write to support@example.com if you need help.",
        "Your order #12345 and the return ORD-2024-0001 are linked.",
        "The tracking number 1Z999AA10123456784 is active.",
        'Click <a href="https://example.com">here</a> to <b>confirm</b>.',
    ],
    "es": [
        "Hola {{name}}, su pedido ha sido enviado.",
        "Tiene {0} mensajes nuevos en {folder}.",
        "Estimado %s, tiene %d mensajes nuevos.",
        "Estimado %(name)s, su reembolso está listo.",
        "Hola ${firstName}, su paquete está en camino.",
        "Hola :name, su paquete está en camino.",
        "Consulte https://shop.example.com/track?id=42 hoy.",
        "Escriba a soporte@example.com si necesita ayuda.",
        "Su pedido #12345 y la devolución ORD-2024-0001 están vinculados.",
        'Haga clic <a href="https://example.com">aquí</a> para <b>confirmar</b>.',
    ],
    "pt": [
        "Olá {{name}}, a sua encomenda foi enviada.",
        "Caro %s, tem %d mensagens novas.",
        "Veja https://shop.example.com/track?id=42 hoje ou escreva a ajuda@example.com.",
        "A sua encomenda #12345 e a devolução ORD-2024-0001 estão ligadas.",
    ],
}


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("en", "es"),
        ("es", "en"),
        ("es", "pt"),
        ("es", "fr"),
        ("en", "pt"),
        ("en", "fr"),
        ("pt", "en"),
    ],
)
def test_placeholders_survive_real_apertium(source: str, target: str) -> None:
    from workbench.mt.masking import find_protected

    router = MTRouter(Config(), backends={"apertium": ApertiumTranslator(Config())})
    texts = PLACEHOLDERS[source]
    results = router.translate(texts, source, target)
    for text, result in zip(texts, results, strict=True):
        assert result.findings == (), (text, result)
        assert result.text is not None and result.text != text
        for protected in find_protected(text):
            assert protected.text in result.text, (protected, result.text)


def test_pivot_translations_carry_real_content() -> None:
    router = MTRouter(Config(), backends={"apertium": ApertiumTranslator(Config())})
    [pt] = router.translate(["The house is big."], "en", "pt")
    [fr] = router.translate(["The house is big."], "en", "fr")
    [back] = router.translate(["A casa é grande."], "pt", "en")
    assert "casa" in pt.text.lower()
    assert "maison" in fr.text.lower()
    assert "house" in back.text.lower()
    assert pt.info is not None and pt.info.model.count("+") == 1
    assert pt.info.model.startswith("apertium:eng-spa") and "apertium:es-pt" in pt.info.model


def test_spaces_left_by_dropped_words_are_tidied(apertium: ApertiumTranslator) -> None:
    # apertium drops subject pronouns ("I'll" -> "") and clitics ("Lo siento" -> "Sento")
    # but leaves their spaces behind; a reply's own spacing is kept.
    [es] = apertium.translate(["Hi John, I'll get back to you tomorrow."], "en", "es")
    assert "  " not in es and es.startswith("Hola John, ")
    [pt] = apertium.translate(["Lo siento por el retraso."], "es", "pt")
    assert not pt.startswith(" ")
    [kept] = apertium.translate(["Total:    12 items"], "en", "es")
    assert "    12" in kept
