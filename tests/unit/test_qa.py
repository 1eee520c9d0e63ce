"""The qa.* checks: table-driven must-flag / must-not-flag pairs per check and language, the
library-wide consistency pass, spelling, and a real released catalog that must stay clean."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from workbench.config import Config
from workbench.glossary.qa import load_qa_data
from workbench.models import Message, PipelineItem
from workbench.pipeline import Pipeline
from workbench.scoring.base import ScoringContext
from workbench.scoring.qa import QAScorer, check_pair
from workbench.scoring.qa.consistency import Unit, library_findings
from workbench.scoring.qa.spelling import SpellingChecker

DATA = load_qa_data()
CATALOGS = Path(__file__).resolve().parents[2] / "bench" / "data" / "qa_catalogs"

# (rule, target, source, translation, what the finding must point at or None)
MUST_FLAG = [
    ("qa.whitespace", "de", "Name:", "Name: ", " "),
    ("qa.whitespace", "es", "Search ", "Buscar", ""),
    ("qa.double_space", "de", "Your order has shipped.", "Ihre Bestellung  wurde versandt.", "  "),
    ("qa.repeated_word", "es", "We will refund you.", "Le le reembolsaremos.", "Le le"),
    (
        "qa.repeated_word",
        "de",
        "Thanks for your order.",
        "Danke für für Ihre Bestellung.",
        "für für",
    ),
    ("qa.end_punctuation", "de", "Is the address correct?", "Ist die Adresse korrekt.", "."),
    ("qa.end_punctuation", "fr", "Your parcel is on its way.", "Votre colis est en route", ""),
    ("qa.end_punctuation", "ja", "Your order has shipped.", "ご注文の商品を発送しました.", "."),
    ("qa.inverted_marks", "es", "Can we help?", "Podemos ayudarle?", "Podemos ayudarle?"),
    ("qa.inverted_marks", "es", "Thanks! Is it ok?", "¡Gracias! Está bien?", "Está bien?"),
    ("qa.punctuation_spacing", "fr", "Need help?", "Besoin d'aide?", "e?"),
    ("qa.punctuation_spacing", "fr", "Note: it ships today.", "Remarque : il part.", " :"),
    ("qa.punctuation_spacing", "fr", 'Click "Save".', "Cliquez sur «Enregistrer».", "«"),
    ("qa.punctuation_spacing", "de", "Need help?", "Brauchen Sie Hilfe ?", " ?"),
    ("qa.brackets", "de", "Reply (by e-mail) today.", "Antworten Sie (per E-Mail heute.", "("),
    ("qa.brackets", "es", "Order {order_id} shipped.", "Pedido {order_id ha sido enviado.", "{"),
    ("qa.quotes", "de", 'Click "Save" now.', "Klicken Sie jetzt auf „Speichern.", "„"),
    ("qa.quotes", "fr", 'Click "Save" now.', "Cliquez sur « Enregistrer.", "«"),
    ("qa.newlines", "de", "Hello,\nthanks.", "Hallo, danke.", None),
    ("qa.tabs", "de", "Name:\tValue", "Name: Wert", None),
    ("qa.escapes", "de", "Line one. Line two.", "Zeile eins.\\nZeile zwei.", "\\n"),
    ("qa.accelerators", "de", "&File", "Datei", None),
    ("qa.accelerators", "fr", "E&xit", "&Quit&ter", None),
    ("qa.all_caps", "es", "Please reply today.", "Por favor, responda HOY.", "HOY"),
    ("qa.all_caps", "de", "We are sorry.", "ES TUT UNS LEID.", "TUT UNS LEID"),
    (
        "qa.length_ratio",
        "de",
        "Your refund has been issued and should arrive within five business days.",
        "Ihre Erstattung.",
        None,
    ),
    (
        "qa.length_ratio",
        "ja",
        "Your refund has been issued and should arrive within five business days.",
        "返金",
        None,
    ),
    ("qa.blank", "de", "Thanks!", "   ", None),
]

MUST_NOT_FLAG = [
    ("de", "Your order has shipped.", "Ihre Bestellung wurde versandt."),
    ("de", 'Click "Save".', "Klicken Sie auf „Speichern“."),
    ("de", "Click Save.", "Klicken Sie auf „Speichern“."),  # quotes added: style
    ("de", "Norwegian Bokmål", "Norwegisch (Bokmål)"),  # balanced bracket added: style
    ("de", "Steps: 1) log in 2) pay", "Schritte: 1) anmelden 2) bezahlen"),  # list markers
    ("de", "Thanks :)", "Danke :)"),
    ("de", "Visit {{url}} (see {link}).", "Besuchen Sie {{url}} (siehe {link})."),
    ("de", "Is your address correct, {name}?", "Ist Ihre Adresse korrekt, {name}?"),
    ("de", "Die, die wir lieben.", "Die, die wir lieben."),
    ("de", "Tom & Jerry, R&D and AT&T &amp; more", "Tom & Jerry, R&D und AT&T &amp; mehr"),
    ("fr", "Are you sure?", "Êtes-vous sûr\u202f?"),
    ("fr", "Are you sure?", "Êtes-vous sûr\u00a0?"),
    ("fr", "Note: ships at 10:30.", "Remarque\u00a0: expédié à 10:30."),
    (
        "fr",
        "Visit https://shop.example.com/help today!",
        "Visitez https://shop.example.com/help\u202f!",
    ),
    ("fr", 'Click "Save".', "Cliquez sur «\u00a0Enregistrer\u00a0»."),
    ("fr", "We will get back to you.", "Nous nous occuperons de vous."),
    ("fr", "Really?!", "Vraiment\u202f?!"),
    ("es", "Can we help?", "¿Podemos ayudarle?"),
    ("es", "Thanks! Can we help?", "¡Gracias! Si lo desea, ¿podemos ayudarle?"),
    ("es", "Great!", "¡Genial!"),
    ("ja", "Your order has shipped.", "ご注文の商品を発送しました。"),
    ("ja", "Could you check the address?", "住所をご確認いただけますでしょうか。"),
    ("ja", 'Click "Save".', "「保存」をクリックしてください。"),
    ("ja", "Please reply.", "ご返信ください！"[:-1] + "。"),
    ("pt-BR", "Your order ships TODAY.", "Seu pedido será enviado HOJE."),  # the source shouts
    ("pt-BR", "Track it at www.example.com.", "Acompanhe em www.example.com."),
    ("es", "The EU VAT applies.", "Se aplica el IVA de la UE."),  # acronyms, not shouting
    ("de", "Popup closing…", "Popup wird geschlossen..."),
    ("de", "object repr", "Objekt Darst."),
    ("de", "Hello,\nthanks.", "Hallo,\ndanke."),
    ("de", "Line one.\\nLine two.", "Zeile eins.\\nZeile zwei."),
    ("de", "&File", "&Datei"),
    (
        "de",
        "Your refund has been issued and should arrive within five business days.",
        "Ihre Erstattung wurde veranlasst und sollte innerhalb von fünf Werktagen eingehen.",
    ),
    ("ja", "Your refund has been issued.", "返金手続きが完了しました。"),
]


@pytest.mark.parametrize(("rule", "target", "source", "translation", "points_at"), MUST_FLAG)
def test_must_flag(
    rule: str, target: str, source: str, translation: str, points_at: str | None
) -> None:
    findings = [
        f for f in check_pair(source, translation, DATA.language(target)) if f.rule_id == rule
    ]
    assert findings, f"{rule} missed: {source!r} -> {translation!r}"
    finding = findings[0]
    assert finding.field == "translation" and finding.message.strip()
    start, end = finding.span
    assert 0 <= start <= end <= len(translation)
    if points_at is not None:
        assert translation[start:end] == points_at, finding


@pytest.mark.parametrize(("target", "source", "translation"), MUST_NOT_FLAG)
def test_must_not_flag(target: str, source: str, translation: str) -> None:
    findings = check_pair(source, translation, DATA.language(target))
    assert not findings, [(f.rule_id, f.message) for f in findings]


def test_a_correct_finding_set_is_not_doubled_by_other_rules() -> None:
    # a dropped placeholder is the placeholder scorer's; qa must not also call it a bracket
    findings = check_pair("Order {order_id} shipped.", "Pedido enviado.", DATA.language("es"))
    assert not findings


def test_language_data_defaults_and_unknown_language() -> None:
    fr, unknown = DATA.language("fr-CA"), DATA.language("sw-KE")
    assert fr.nbsp_before == "?!:;" and fr.measured and fr.quotes == ("«", "»")
    assert not unknown.measured and unknown.expansion == 1.0
    assert DATA.language("es-MX").inverted_marks


def test_scorer_skips_length_ratio_without_measured_factor() -> None:
    scorer = QAScorer(ScoringContext(Config()))
    source = "Your refund has been issued and should arrive within five business days."
    item = PipelineItem(Message("m", source), "sw-KE", "Marejesho.", None)
    (result,) = scorer.score([item])
    assert "qa.length_ratio" in result.unavailable
    assert not any(f.rule_id == "qa.length_ratio" for f in result.findings)


# -- library pass ---------------------------------------------------------------------------
def _unit(key: int, source: str, translation: str, unit: object = None) -> Unit:
    return Unit(
        key, f"file.po:{key}", unit if unit is not None else key, source, translation, "de-DE"
    )


def test_one_source_translated_two_ways_is_flagged_on_the_minority() -> None:
    units = [
        _unit(0, "Your order has shipped.", "Ihre Bestellung wurde versandt."),
        _unit(1, "Your order has shipped.", "Ihre Bestellung wurde versandt"),  # same, loosely
        _unit(2, "Your order has shipped.", "Ihr Paket ist unterwegs."),
        _unit(3, "Save", "Speichern"),
        _unit(4, "Save", "Sichern"),  # one-word labels differ by context: not flagged
    ]
    found = library_findings(units, DATA)
    assert set(found) == {2}
    (finding,) = found[2]
    assert finding.rule_id == "qa.inconsistent_translation"
    assert finding.suggestion == "Ihre Bestellung wurde versandt."
    assert "file.po:0" in finding.message


def test_two_unrelated_sources_sharing_a_translation_are_flagged() -> None:
    units = [
        _unit(0, "Your refund has been issued.", "Ihre Erstattung wurde veranlasst."),
        _unit(1, "We cannot cancel this order.", "Ihre Erstattung wurde veranlasst."),
        _unit(2, "Your refund was issued.", "Ihre Erstattung wurde veranlasst."),  # rephrasing
    ]
    found = library_findings(units, DATA)
    assert set(found) == {1}
    assert found[1][0].rule_id == "qa.inconsistent_source"


def test_plural_forms_of_one_entry_are_never_compared() -> None:
    units = [
        _unit(0, "You have {n} new messages.", "Sie haben {n} neue Nachricht.", unit="a.po:7"),
        _unit(1, "You have {n} new messages.", "Sie haben {n} neue Nachrichten.", unit="a.po:7"),
    ]
    assert library_findings(units, DATA) == {}


def test_pipeline_adds_library_findings_to_given_translations() -> None:
    config = Config()
    pipeline = Pipeline(config)
    pipeline._scorers = [QAScorer(pipeline.context)]
    messages = [
        Message(
            "a",
            "Your order has shipped.",
            target="de-DE",
            translation="Ihre Bestellung wurde versandt.",
        ),
        Message(
            "b",
            "Your order has shipped.",
            target="de-DE",
            translation="Ihre Bestellung wurde versandt.",
        ),
        Message(
            "c", "Your order has shipped.", target="de-DE", translation="Ihr Paket ist unterwegs."
        ),
    ]
    assessments = pipeline.run(messages, ["de-DE"], batch_size=2)
    rules = {a.item.message.id: {f.rule_id for f in a.findings} for a in assessments}
    assert rules == {"a": set(), "b": set(), "c": {"qa.inconsistent_translation"}}


# -- spelling -------------------------------------------------------------------------------
SPELLING = [
    ("de-DE", "We will refund you.", "Wir werden Ihnen das Geld zurückerstaten.", "zurückerstaten"),
    (
        "es-ES",
        "Please enter your password.",
        "Por favor, introduzca su contraseñia.",
        "contraseñia",
    ),
    (
        "fr-FR",
        "Your parcel has shipped.",
        "Votre colis a été expédiée hier soir avce soin.",
        "avce",
    ),
    ("pt-BR", "Thank you for your order.", "Obirgado pelo seu pedido hoje.", "Obirgado"),
]


@pytest.mark.parametrize(("target", "source", "translation", "word"), SPELLING)
def test_spelling_flags_a_typo(target: str, source: str, translation: str, word: str) -> None:
    findings, why = SpellingChecker().check(translation, target, source)
    assert why is None
    assert [translation[f.span[0] : f.span[1]] for f in findings] == [word]


@pytest.mark.parametrize(
    ("target", "source", "translation"),
    [
        ("de-DE", "Thanks, Anna!", "Vielen Dank für Ihre Bestellung, Anna!"),
        ("fr-FR", "See you today.", "À bientôt, aujourd'hui même."),
        ("es-ES", "Use code SAVE10 on IPv4.", "Use el código SAVE10 en IPv4 ahora."),
        ("ru-RU", "We use cookies here.", "Мы используем cookie на этом сайте."),
        ("pt-BR", "Contact Zendesk support.", "Fale com o suporte da Zendesk agora."),
    ],
)
def test_spelling_leaves_names_codes_and_kept_words(
    target: str, source: str, translation: str
) -> None:
    findings, why = SpellingChecker().check(translation, target, source)
    assert why is None and findings == []


def test_spelling_says_why_it_did_not_run() -> None:
    findings, why = SpellingChecker().check("Dies ist ein Test hier.", "sw-KE", "This is a test.")
    assert findings == [] and why is not None and "sw-KE" in why


# -- real catalogs --------------------------------------------------------------------------
@pytest.mark.parametrize("language", ["de", "fr", "es", "ja", "pt_BR"])
def test_real_released_catalog_has_no_error_level_qa_finding(language: str) -> None:
    """Django's own admin catalog (released, reviewed) must give no error-level qa finding."""
    path = CATALOGS / "dev" / "django" / language / "admin.po"
    entries = [
        e
        for e in polib.pofile(str(path))
        if e.msgstr and not e.obsolete and "fuzzy" not in e.flags and not e.msgid_plural
    ]
    target = language.replace("_", "-")
    items = [
        PipelineItem(Message(str(e.linenum), e.msgid, target=target), target, e.msgstr, None)
        for e in entries
    ]
    results = QAScorer(ScoringContext(Config())).score(items)
    errors = [
        (i.message.id, f.rule_id)
        for i, r in zip(items, results, strict=True)
        for f in r.findings
        if f.severity == "error"
    ]
    assert len(items) > 100
    assert errors == []
    units = [Unit(i, e.msgid, i, e.msgid, e.msgstr, target) for i, e in enumerate(entries)]
    library = library_findings(units, DATA)
    assert not [f for found in library.values() for f in found if f.severity == "error"]


def test_glossary_lint_checks_qa_language_entries(tmp_path: Path) -> None:
    from workbench.glossary.lint import lint

    folder = tmp_path / "qa"
    folder.mkdir()
    (folder / "bad.toml").write_text(
        '[[language]]\nlanguage = "xx-YY"\nexpansion = -1\nquotes = ["«"]\nsources = []\n\n'
        '[[language]]\nlanguage = "de"\nconsistency_min_words = 3\nsources = ["x"]\n',
        encoding="utf-8",
    )
    report = lint([folder])
    messages = " | ".join(p.message for p in report.errors)
    assert "xx-YY" in messages and "expansion" in messages and "quotes" in messages
    assert "sources" in messages and "library-wide" in messages
    assert all(p.line in (1, 7) for p in report.errors)
    assert not lint([Path(__file__).resolve().parents[2] / "glossaries" / "qa"]).errors


REALFILES = Path(__file__).resolve().parents[1] / "realfiles"


@pytest.mark.parametrize("kind", ["gettext", "xliff", "i18next"])
def test_real_catalogs_read_by_the_readers_give_no_error_level_qa_finding(kind: str) -> None:
    """tests/realfiles through workbench's own readers: released files are clean, except one
    real slip in wagtail's XLIFF sample (a literal backslash-n typed into the target)."""
    from workbench.corpus import read_corpus

    messages = [
        m
        for m in read_corpus([REALFILES / kind], "en").messages
        if m.translation is not None and m.target
    ]
    assert len(messages) > 100
    items = [PipelineItem(m, m.target or "", m.translation, None) for m in messages]
    results = QAScorer(ScoringContext(Config())).score(items)
    errors = {
        (Path(m.origin or "").name, m.line, f.rule_id)
        for m, r in zip(messages, results, strict=True)
        for f in r.findings
        if f.severity == "error"
    }
    expected = {("richtextpage.xliff", 40, "qa.escapes")} if kind == "xliff" else set()
    assert errors == expected
