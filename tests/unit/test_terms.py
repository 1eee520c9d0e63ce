"""Term glossary and scorer: do-not-translate names and approved target-language terms."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.config import Config
from workbench.glossary.base import RawEntry
from workbench.glossary.terms import (
    entry_key,
    load_terms,
    stem_match,
    target_pattern,
    validate_entry,
)
from workbench.models import Message, PipelineItem
from workbench.scoring.base import ScoringContext
from workbench.scoring.terms import TermScorer, check_terms


def found(source: str, translation: str, target: str, config: Config | None = None):
    out = []
    for f in check_terms(source, translation, target, load_terms(config)):
        text = source if f.field == "source" else translation
        assert 0 <= f.span[0] <= f.span[1] <= len(text)
        out.append((f.rule_id, f.field, text[f.span[0] : f.span[1]], f.suggestion))
    return out


def test_bundled_sample_has_names_and_approved_terms() -> None:
    glossary = load_terms()
    by_term = {t.term: t for t in glossary.terms}
    assert by_term["PayPal"].dnt and by_term["PayPal"].case_sensitive
    assert "Rücksendeetikett" in by_term["return label"].translations_for("de-AT")
    assert "etiqueta de devolución" in by_term["return label"].translations_for("es-MX")


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({"dnt": True}, "missing field 'term'"),
        ({"term": "refund"}, "give translations, or set dnt = true"),
        (
            {"term": "PayPal", "dnt": True, "translations": {"de": "PayPal"}},
            "cannot have translations",
        ),
        (
            {"term": "refund", "translations": {"Deutsch": "Erstattung"}},
            "not a language or locale code",
        ),
        ({"term": "refund", "translations": {"de": ""}}, "non-empty string"),
        (
            {"term": "refund", "translations": {"de": "x"}, "plural": "refunds"},
            "unknown field 'plural'",
        ),
    ],
)
def test_validate_entry_names_the_problem(data: dict, problem: str) -> None:
    messages = validate_entry(RawEntry(data, "t.toml", 4))
    assert any(problem in m for m in messages), messages


def test_entry_key_ignores_case_and_spacing() -> None:
    assert entry_key(RawEntry({"term": "Return  Label"}, "t.toml", 1)) == "return label"


@pytest.mark.parametrize(
    ("source", "translation", "target", "expected"),
    [
        (
            "Pay with PayPal and print the return label.",
            "Bezahlen Sie mit PayPal und drucken Sie das Rücksendeetikett aus.",
            "de-DE",
            [],
        ),
        # inflection: plural in both languages
        ("Print the return labels.", "Drucken Sie die Rücksendeetiketten aus.", "de-DE", []),
        ("Print the return labels.", "Imprima las etiquetas de devolución.", "es-ES", []),
        ("Your refund was sent.", "Su reembolso fue enviado.", "es-ES", []),
        ("Your refund was sent.", "返金を送りました。", "ja-JP", []),
        # a verb form of an approved term, beyond the stem prefix: Snowball stems agree
        (
            "We will refund you in full.",
            "Le reembolsaremos el importe completo.",
            "es-ES",
            [],
        ),
        (
            "Your refund was sent.",
            "Uw geld is teruggestuurd.",
            "nl-NL",
            [("terms.unapproved", "source", "refund", "terugbetaling")],
        ),
        (
            "Print the return label.",
            "Imprima la etiqueta de envío.",
            "es-ES",
            [("terms.unapproved", "source", "return label", "etiqueta de devolución")],
        ),
        (
            "Pay with PayPal.",
            "Bezahlen Sie mit Paypal.",
            "de-DE",
            [("terms.dnt_changed", "translation", "Paypal", "PayPal")],
        ),
        (
            "Pay with PayPal.",
            "Bezahlen Sie online.",
            "de-DE",
            [("terms.dnt_changed", "source", "PayPal", "PayPal")],
        ),
        (
            "Your Amazon Prime order",
            "Su pedido de Amazon Primo",
            "es-ES",
            [("terms.dnt_changed", "translation", "Amazon Primo", "Amazon Prime")],
        ),
        ("Your PayPal order", "PayPalのご注文", "ja-JP", []),
        # no approved term for the language: no opinion
        ("Your refund was sent.", "Geri ödemeniz gönderildi.", "tr-TR", []),
        # inside a URL the name is part of the address, not a mention
        ("See https://paypal.example/refund", "Voir https://paypal.example/refund", "fr-FR", []),
    ],
)
def test_term_findings(source: str, translation: str, target: str, expected: list) -> None:
    assert found(source, translation, target) == expected


def test_target_pattern_tolerates_inflection_but_not_other_words() -> None:
    pattern = target_pattern("etiqueta de devolución", "es")
    assert pattern.search("las Etiquetas de devolución")
    assert not pattern.search("la etiqueta de envío")
    assert target_pattern("Rücksendeetikett", "de").search("Rücksendeetiketten")
    assert not target_pattern("Rücksendeetikett", "de").search("Rücksendung")


def test_stem_match_counts_inflections_and_nothing_else() -> None:
    assert stem_match("reembolsar", "Le reembolsaremos el importe.", "es")
    assert stem_match("número de pedido", "Indique sus números de pedido.", "es")
    assert not stem_match("reembolso", "Le devolveremos el dinero.", "es")
    assert not stem_match("número de pedido", "número de seguimiento", "es")
    assert not stem_match("refund", "refund", "xx")  # no stemmer for the language: no opinion


def test_user_terms_extend_and_override(tmp_path: Path) -> None:
    folder = tmp_path / "terms"
    folder.mkdir()
    (folder / "brand.toml").write_text(
        '[[term]]\nterm = "SuperBox"\ndnt = true\n\n'
        '[[term]]\nterm = "refund"\ntranslations = { de = "Geld zurück" }\n',
        encoding="utf-8",
    )
    config = Config(glossaries=[str(tmp_path)])
    assert found("Your SuperBox refund", "Ihre Super-Box Geld zurück", "de-DE", config) == [
        ("terms.dnt_changed", "translation", "Super-Box", "SuperBox")
    ]
    assert found("Your refund", "Ihre Rückerstattung", "de-DE", config) == [
        ("terms.unapproved", "source", "refund", "Geld zurück")
    ]


def test_scorer_batches_and_reports_unavailable() -> None:
    scorer = TermScorer(ScoringContext(Config()))
    items = [
        PipelineItem(Message("a", "Pay with PayPal."), "de-DE", "Zahlen Sie mit Paypal.", None),
        PipelineItem(Message("b", "Pay with PayPal."), "de-DE", None, None),
    ]
    first, second = scorer.score(items)
    assert [f.rule_id for f in first.findings] == ["terms.dnt_changed"]
    assert first.findings[0].severity == "error"
    assert "terms" in second.unavailable
    assert scorer.score([]) == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    source=st.lists(
        st.sampled_from(
            [
                "PayPal",
                "return label",
                "refunds",
                "Amazon Prime",
                "https://paypal.x/a",
                " ",
                "🎉",
                "日本",
                "\x00",
                "\n",
                "Klarna",
                "tracking number",
            ]
        ),
        max_size=10,
    ).map("".join),
    translation=st.text(max_size=50),
)
def test_never_crashes_and_spans_stay_inside(source: str, translation: str) -> None:
    for f in check_terms(source, translation, "de-DE", load_terms()):
        text = source if f.field == "source" else translation
        assert 0 <= f.span[0] <= f.span[1] <= len(text)


def test_approved_term_as_the_head_of_a_compound(tmp_path: Path) -> None:
    """German and Dutch write compounds as one word: "Kontodaten" uses the approved "Daten"."""
    folder = tmp_path / "terms"
    folder.mkdir()
    (folder / "data.toml").write_text(
        '[[term]]\nterm = "data"\ntranslations = { de = "Daten", nl = "gegevens" }\n',
        encoding="utf-8",
    )
    config = Config(glossaries=[str(tmp_path)])
    assert (
        found("Please check your data.", "Bitte prüfen Sie Ihre Kontodaten.", "de-DE", config) == []
    )
    assert found("Check your data.", "Controleer uw accountgegevens.", "nl-NL", config) == []
    # the term as the first part of a compound, or another word, is not the approved term
    assert found("Check your data.", "Prüfen Sie den Datenschutz.", "de-DE", config) == [
        ("terms.unapproved", "source", "data", "Daten")
    ]
    assert found("Check your data.", "Prüfen Sie Ihre Angaben.", "de-DE", config) == [
        ("terms.unapproved", "source", "data", "Daten")
    ]
    # Spanish does not compound: a word merely ending in the term does not count
    assert found(
        "Check your data.",
        "Revise sus metadatos.",
        "es-ES",
        Config(glossaries=[str(_es_data(tmp_path))]),
    ) == [("terms.unapproved", "source", "data", "datos")]


def _es_data(tmp_path: Path) -> Path:
    folder = tmp_path / "es" / "terms"
    folder.mkdir(parents=True)
    (folder / "data.toml").write_text(
        '[[term]]\nterm = "data"\ntranslations = { es = "datos" }\n', encoding="utf-8"
    )
    return tmp_path / "es"
