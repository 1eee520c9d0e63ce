"""Formality scorer: register detection with spans, findings against locale profiles, edge cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.config import Config
from workbench.errors import GlossaryError
from workbench.glossary.base import RawEntry, load_kind
from workbench.glossary.locales import clear_cache as clear_locales
from workbench.models import Message, PipelineItem, ScoreResult
from workbench.nlp import blank
from workbench.scoring.base import ScoringContext
from workbench.scoring.formality import FormalityScorer
from workbench.scoring.register_rules import (
    clear_cache,
    entry_key,
    find_markers,
    load_register_rules,
    validate_entry,
)
from workbench.scoring.registry import SCORERS, scorer_class


@pytest.fixture(autouse=True)
def _fresh() -> None:
    clear_cache()
    clear_locales()


def _score(target: str, *texts: str | None, config: Config | None = None) -> list[ScoreResult]:
    scorer = FormalityScorer(ScoringContext(config or Config()))
    items = [PipelineItem(Message(str(i), "source"), target, t, None) for i, t in enumerate(texts)]
    return scorer.score(items)


def _one(target: str, text: str, config: Config | None = None) -> ScoreResult:
    return _score(target, text, config=config)[0]


# (locale, translation, detected register, marker texts that must be found with their spans)
CASES = [
    ("de-DE", "Können Sie uns Ihre Bestellnummer schicken?", "formal", ["Sie", "Ihre"]),
    ("de-DE", "Kannst du uns deine Bestellnummer schicken?", "informal", ["Kannst", "du", "deine"]),
    ("de-DE", "Ihr könnt euch jederzeit melden.", "informal", ["Ihr", "euch"]),
    ("de-DE", "Ihr Paket ist unterwegs.", "formal", ["Ihr"]),
    ("de-DE", "Sie ist leider beschädigt angekommen.", "neutral", []),
    ("de-DE", "Der Kurier hat das Paket bei ihr abgegeben.", "neutral", []),
    ("de-DE", "Vielen Dank für Ihre Nachricht, wir melden uns bei dir.", "mixed", ["Ihre", "dir"]),
    ("fr-FR", "Vous pouvez suivre votre colis ici.", "formal", ["Vous", "pouvez", "votre"]),
    ("fr-FR", "Tu peux suivre ton colis ici.", "informal", ["Tu", "ton"]),
    ("fr-FR", "N'hésite pas à nous écrire.", "informal", ["hésite"]),
    ("fr-FR", "Le ton était sec.", "neutral", []),
    (
        "es-ES",
        "Puede devolver su pedido; póngase en contacto con nosotros.",
        "formal",
        ["su", "póngase"],
    ),
    ("es-ES", "Puedes regresar vuestro orden dentro 14 días.", "informal", ["Puedes", "vuestro"]),
    ("es-ES", "Tenemos un regalo para ti.", "informal", ["ti"]),
    ("es-MX", "Gracias por su mensaje, mañana te respondemos.", "mixed", ["su", "te"]),
    ("pt-BR", "Você pode acompanhar o seu pedido pelo aplicativo.", "formal", ["Você", "seu"]),
    ("pt-BR", "O senhor receberá um e-mail.", "formal", ["O senhor"]),
    ("pt-BR", "Vamos te enviar o teu código.", "informal", ["te", "teu"]),
    ("it-IT", "Saremo lieti di aiutarLa. Le invieremo un codice.", "formal", ["aiutarLa", "Le"]),
    ("it-IT", "Le spedizioni partono il lunedì.", "neutral", []),
    ("it-IT", "Ti invieremo il tuo rimborso.", "informal", ["Ti", "tuo"]),
    ("nl-NL", "U kunt uw bestelling volgen.", "formal", ["U", "uw"]),
    ("nl-NL", "Kun je je bestelling volgen?", "informal", ["je"]),
    ("pl-PL", "Czy może Pan przesłać zdjęcie?", "formal", ["Pan"]),
    ("pl-PL", "Czy możesz przesłać zdjęcie?", "informal", ["możesz"]),
    ("pl-PL", "Ci klienci otrzymali zwrot.", "neutral", []),
    ("tr-TR", "Siparişiniz kargoya verildi.", "formal", ["Siparişiniz"]),
    ("tr-TR", "Bize her zaman ulaşabilirsin.", "informal", ["ulaşabilirsin"]),
    ("tr-TR", "Para beş iş günü içinde hesabına geçer.", "informal", ["hesabına"]),
    ("tr-TR", "Ödemen onaylandı, paketin kargolandı.", "informal", ["Ödemen", "paketin"]),
    # 3rd person readings: a compound's first noun, a genitive owner, a -mesi clause
    ("tr-TR", "Banka hesabına para yatırıldı.", "neutral", []),
    ("tr-TR", "Müşterinin hesabına iade yapıldı.", "neutral", []),
    ("tr-TR", "Ürünün bir fotoğrafını gönderebilir misiniz?", "formal", ["misiniz"]),
    ("tr-TR", "Paketin perşembe günü teslim edilmesi bekleniyor.", "neutral", []),
    ("ar-SA", "نرجو من حضرتك إرسال رقم طلبكم.", "formal", ["نرجو", "حضرتك", "طلبكم"]),
    ("ar-SA", "شو رقم الطلب يا حبيبي؟", "informal", ["شو", "حبيبي"]),
    ("ar-SA", "عميلنا العزيز، طلبك رح يوصل بكرة.", "mixed", ["عميلنا العزيز", "رح"]),
    # plain standard Arabic with singular -ك is neither; the greeting is not a plural of respect
    ("ar-SA", "السلام عليكم، يمكنك تتبع طلبك من التطبيق.", "neutral", []),
    # short vowels and hamza spellings fold to one form
    ("ar-SA", "إنتي بس اضغطي على الرابط.", "informal", ["إنتي", "بس"]),
    ("ar-SA", "نرجُو مِن حَضرتِك الانتظار.", "formal", ["نرجُو", "حَضرتِك"]),
    ("ru-RU", "Вы можете вернуть товар на сайте.", "formal", ["Вы", "можете"]),
    ("ru-RU", "Ты можешь вернуть товар.", "informal", ["Ты", "можешь"]),
    ("ja-JP", "ご注文の商品は明日届きます。", "formal", ["ます"]),
    ("ja-JP", "商品は明日届くよ。", "informal", ["届く"]),
    ("ja-JP", "商品は明日届きます。返金はもう済んだ。", "mixed", ["ます", "済んだ"]),
    ("ja-JP", "ご注文番号：12345", "neutral", []),
]


@pytest.mark.parametrize(("target", "text", "detected", "words"), CASES)
def test_register_detection_with_spans(
    target: str, text: str, detected: str, words: list[str]
) -> None:
    language = target.split("-")[0]
    rules = load_register_rules()[language]
    markers = find_markers(blank(language)(text), rules)
    for m in markers:  # every span points at exactly the marker's text
        assert text[m.span[0] : m.span[1]] == m.text
    found = [m.text for m in markers]
    for word in words:
        assert word in found, (word, found)
    assert _one(target, text).signals["register_detected"] == detected


def test_informal_where_formal_expected_is_error_with_span() -> None:
    text = "Vielen Dank! Kannst du uns deine Bestellnummer schicken?"
    result = _one("de-DE", text)
    assert result.signals == {
        "register_detected": "informal",
        "register_expected": "formal",
        "formal_markers": 0,
        "informal_markers": 3,
    }
    (finding,) = result.findings
    assert finding.rule_id == "formality.informal"
    assert finding.severity == "error" and finding.field == "translation"
    assert text[finding.span[0] : finding.span[1]] == "Kannst"
    assert "du" in finding.message and "Sie is expected" in finding.message
    assert finding.suggestion and "Sie" in finding.suggestion


def test_formal_where_informal_expected_is_warning() -> None:
    config = Config(locales={"nl-NL": {"register": "informal"}})
    result = _one("nl-NL", "U kunt uw bestelling volgen.", config)
    (finding,) = result.findings
    assert finding.rule_id == "formality.formal" and finding.severity == "warning"
    assert finding.span == (0, 1)
    assert result.signals["register_expected"] == "informal"


def test_mixed_is_error_pointing_at_the_stray_register() -> None:
    text = "Gracias por su mensaje, mañana te respondemos."
    (finding,) = _one("es-ES", text).findings
    assert finding.rule_id == "formality.mixed" and finding.severity == "error"
    assert text[finding.span[0] : finding.span[1]] == "te"


def test_mixed_register_ok_profile_suppresses_mixed() -> None:
    config = Config(locales={"es-ES": {"mixed_register_ok": True}})
    result = _one("es-ES", "Gracias por su mensaje, mañana te respondemos.", config)
    assert result.signals["register_detected"] == "mixed"
    assert result.findings == ()


def test_weak_only_evidence_downgrades_severity() -> None:
    # 'su' may be 'his' and 'le' 'him': informal wins only on strong markers, so a weak-only
    # formal finding in an informal-brand locale is just info
    config = Config(locales={"es-ES": {"register": "informal"}})
    (finding,) = _one("es-ES", "El paquete llegó a su destino.", config).findings
    assert finding.rule_id == "formality.formal" and finding.severity == "info"
    assert finding.message.startswith("probably")


def test_apertium_informal_spanish_is_caught() -> None:
    text = "Gracias Para contactarnos. Puedes regresar vuestro orden dentro 14 días."
    (finding,) = _one("es-ES", text).findings
    assert finding.rule_id == "formality.informal"
    assert text[finding.span[0] : finding.span[1]] == "Puedes"


def test_pt_br_voce_counts_as_the_expected_polite_register() -> None:
    result = _one("pt-BR", "Você pode devolver o produto em até 7 dias.")
    assert result.signals["register_detected"] == "formal"
    assert result.findings == ()


def test_formal_expectation_met_gives_no_findings() -> None:
    assert _one("ja-JP", "お問い合わせいただき、誠にありがとうございます。").findings == ()


@pytest.mark.parametrize("text", ["", "   ", "🙂👍", "12345 !!!", "\n\n"])
def test_no_letters_is_neutral(text: str) -> None:
    result = _one("de-DE", text)
    assert result.signals["register_detected"] == "neutral" and result.findings == ()


def test_wrong_language_text_does_not_crash() -> None:
    for target, text in [
        ("ja-JP", "Vielen Dank für Ihre Nachricht."),
        ("ru-RU", "ご注文ありがとうございます。"),
        ("tr-TR", "Привет, как дела?"),
    ]:
        result = _one(target, text)
        assert result.signals["register_detected"] in ("formal", "informal", "neutral", "mixed")


def test_unknown_language_is_unavailable() -> None:
    result = _one("sv-SE", "Tack för ditt meddelande.")
    assert result.signals["register_detected"] == "neutral"
    assert result.unavailable == {"register": "no register rules for sv"}
    assert result.findings == ()


def test_english_has_rules_but_no_register() -> None:
    result = _one("en-GB", "Could you send us your order number?")
    assert result.signals["register_detected"] == "neutral"
    assert result.unavailable == {}


def test_missing_translation_is_unavailable() -> None:
    (result,) = _score("de-DE", None)
    assert "register" in result.unavailable and result.findings == ()


def test_batch_keeps_order_across_languages() -> None:
    scorer = FormalityScorer(ScoringContext(Config()))
    items = [
        PipelineItem(Message("a", "x"), "de-DE", "Du kannst das.", None),
        PipelineItem(Message("b", "x"), "fr-FR", "Vous pouvez.", None),
        PipelineItem(Message("c", "x"), "sv-SE", "Hej", None),
        PipelineItem(Message("d", "x"), "de-DE", "Sie können das.", None),
    ]
    detected = [r.signals["register_detected"] for r in scorer.score(items)]
    assert detected == ["informal", "formal", "neutral", "formal"]


def test_brand_markers_from_profile() -> None:
    config = Config(
        locales={"de-DE": {"informal_markers": ["Moin"], "formal_markers": ["Hochachtungsvoll"]}}
    )
    result = _one("de-DE", "Moin! Das Paket ist da.", config)
    assert result.signals["register_detected"] == "informal"
    (finding,) = result.findings
    assert finding.span == (0, 4)


def test_registered_in_scorer_table() -> None:
    assert scorer_class("formality") is FormalityScorer
    assert SCORERS["formality"] == "workbench.scoring.formality:FormalityScorer"


def test_bundled_register_data_is_valid() -> None:
    entries, problems, _ = load_kind("register", validate_entry, entry_key)
    assert problems == []
    languages = {entry_key(e).split(".")[0] for e in entries}
    assert {"de", "fr", "es", "pt", "it", "nl", "pl", "tr", "ru", "ja", "ar"} <= languages


def _examples() -> list[tuple[str, str]]:
    entries, _, _ = load_kind("register", validate_entry, entry_key)
    return [(e.data["id"], ex) for e in entries for ex in e.data.get("examples", [])]


@pytest.mark.parametrize(("rule_id", "example"), _examples())
def test_every_rule_example_fires_its_rule(rule_id: str, example: str) -> None:
    language = rule_id.split(".")[0]
    markers = find_markers(blank(language)(example), load_register_rules()[language])
    assert rule_id in {m.rule_id for m in markers}, (example, markers)


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        ({"id": "de.x", "register": "formal"}, "exactly one of"),
        ({"id": "de.x", "register": "polite", "words": ["a"]}, "register 'polite'"),
        ({"id": "x", "register": "formal", "words": ["a"]}, "must look like"),
        ({"id": "de.x", "register": "formal", "pattern": "("}, "not a valid regular expression"),
        (
            {"id": "tr.x", "register": "formal", "words": ["a"], "unless_prev_pattern": "["},
            "unless_prev_pattern is not a valid",
        ),
        (
            {"id": "tr.x", "register": "formal", "words": ["a"], "unless_later_pattern": "("},
            "unless_later_pattern is not a valid",
        ),
        ({"id": "de.x", "register": "formal", "words": ["a"], "strength": "huge"}, "strength"),
        ({"id": "de.x", "register": "formal", "words": ["a"], "colour": 1}, "unknown field"),
        ({"id": "de.x", "register": "formal", "words": [""]}, "non-empty"),
    ],
)
def test_validate_entry_problems(data: dict, needle: str) -> None:
    assert any(needle in m for m in validate_entry(RawEntry(data, "x.toml", 1)))


def test_user_register_file_extends_a_language(tmp_path: Path) -> None:
    folder = tmp_path / "register"
    folder.mkdir()
    (folder / "brand.toml").write_text(
        '[meta]\nversion = "1"\nlanguage = "sv"\nformal_address = "ni"\ninformal_address = "du"\n\n'
        '[[register]]\nid = "sv.du"\nregister = "informal"\nwords = ["du", "dig", "din", "ditt"]\n',
        encoding="utf-8",
    )
    config = Config(glossaries=[str(tmp_path)], locales={"sv": {"register": "formal"}})
    result = _one("sv-SE", "Tack för ditt meddelande.", config)
    assert result.signals["register_detected"] == "informal"
    assert result.findings[0].rule_id == "formality.informal"
    assert "ni is expected" in result.findings[0].message


def test_invalid_user_register_file_raises_with_location(tmp_path: Path) -> None:
    folder = tmp_path / "register"
    folder.mkdir()
    (folder / "bad.toml").write_text(
        '[meta]\nlanguage = "de"\n\n[[register]]\nid = "de.bad"\nregister = "formal"\n',
        encoding="utf-8",
    )
    with pytest.raises(GlossaryError, match=r"bad\.toml:4"):
        _one("de-DE", "Hallo", Config(glossaries=[str(tmp_path)]))


def test_line_breaks_end_sentences() -> None:
    # a Japanese line without 。 is judged on its own, and 'Sie' after a greeting line is initial
    ja = "ご注文ありがとうございます\n商品は明日届くよ\nよろしくお願いいたします"
    result = _one("ja-JP", ja)
    assert result.signals["register_detected"] == "mixed"
    (finding,) = result.findings
    assert ja[finding.span[0] : finding.span[1]] == "届く"
    de = "Hallo Frau Schmidt,\nSie erhalten morgen Ihr Paket."
    assert _one("de-DE", de).signals["register_detected"] == "formal"
