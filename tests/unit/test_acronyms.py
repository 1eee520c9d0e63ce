"""Acronym glossary and scorer: policies per locale, first-use expansion, translations, eval set."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.config import Config
from workbench.errors import GlossaryError
from workbench.glossary.acronyms import clear_cache, entry_key, load_acronyms, validate_entry
from workbench.glossary.base import RawEntry
from workbench.models import Message, PipelineItem
from workbench.scoring.acronyms import AcronymScorer, check_translation, defines, find_uses
from workbench.scoring.base import ScoringContext

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def scorer() -> AcronymScorer:
    return AcronymScorer(ScoringContext(Config()))


def rules(scorer: AcronymScorer, text: str, target: str = "de-DE", translation: str | None = None):
    result = scorer.score([PipelineItem(Message("m", text), target, translation, None)])[0]
    return [
        (f.rule_id, text[f.span[0] : f.span[1]] if f.field == "source" else f.field)
        for f in result.findings
    ]


# -- glossary --------------------------------------------------------------------------------


def test_bundled_glossary_is_large_and_has_the_named_acronyms() -> None:
    glossary = load_acronyms()
    assert len(glossary) >= 150
    for name in (
        "FBA",
        "FBM",
        "RMA",
        "ETA",
        "SKU",
        "ASIN",
        "EAN",
        "UPC",
        "COD",
        "DDP",
        "DAP",
        "EORI",
        "VAT",
        "GST",
        "MOQ",
        "OOS",
        "TBD",
        "ASAP",
        "FYI",
        "PO",
        "AWB",
        "POD",
        "RTO",
        "CS",
        "T&C",
        "EU",
        "USA",
        "PDF",
        "DHL",
        "UPS",
        "USB",
    ):
        assert name in glossary, name
    assert glossary.get("DHL").policy == "keep"
    assert glossary.get("WISMO").policy == "never"
    assert glossary.get("T&Cs").acronym == "T&C"


def test_policy_and_translations_resolve_by_locale_then_language() -> None:
    glossary = load_acronyms()
    cpf = glossary.get("CPF")
    assert cpf.policy_for("pt-BR") == "keep" and cpf.policy_for("pt-PT") == "expand"
    vat = glossary.get("VAT")
    assert vat.policy_for("de-DE") == "keep" and vat.policy_for("ja-JP") == "expand"
    assert "MwSt." in vat.local_forms_for("de-AT")
    assert "Versand durch Amazon" in glossary.get("FBA").translations_for("de-DE")


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({"expansion": "x"}, "missing field 'acronym'"),
        ({"acronym": "FBA", "expansion": "x", "policy": "sometimes"}, "is not one of"),
        ({"acronym": "fba", "expansion": "x"}, "at least one capital"),
        (
            {"acronym": "FBA", "expansion": "x", "policy_by_locale": {"german": "keep"}},
            "not a language or locale code",
        ),
        ({"acronym": "FBA", "expansion": "x", "translations": {"de": []}}, "non-empty string"),
        ({"acronym": "FBA", "expansion": "x", "colour": "red"}, "unknown field 'colour'"),
        ({"acronym": "PO", "expansion": "x", "exceptions": ["Post box"]}, "does not contain"),
    ],
)
def test_validate_entry_names_the_problem(data: dict, problem: str) -> None:
    messages = validate_entry(RawEntry(data, "x.toml", 3))
    assert any(problem in m for m in messages), messages


def test_valid_entry_and_key() -> None:
    entry = RawEntry({"acronym": "ToS", "expansion": "terms of service"}, "x.toml", 1)
    assert validate_entry(entry) == []
    assert entry_key(entry) == "TOS"


def test_user_glossary_overrides_and_extends(tmp_path: Path) -> None:
    user = tmp_path / "acronyms"
    user.mkdir()
    (user / "brand.toml").write_text(
        '[[acronym]]\nacronym = "FBA"\nexpansion = "Fulfillment by Amazon"\npolicy = "keep"\n\n'
        '[[acronym]]\nacronym = "ZQX"\nexpansion = "Zone Quick Exchange"\npolicy = "never"\n',
        encoding="utf-8",
    )
    config = Config(glossaries=[str(tmp_path)])
    glossary = load_acronyms(config)
    assert glossary.get("FBA").policy == "keep"
    assert glossary.get("ZQX").policy == "never"
    assert load_acronyms(config) is glossary  # cached
    scorer = AcronymScorer(ScoringContext(config))
    assert rules(scorer, "Your FBA order via ZQX.") == [("acronyms.forbidden", "ZQX")]


def test_invalid_user_glossary_raises_with_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "acronyms"
    bad.mkdir()
    (bad / "bad.toml").write_text('\n[[acronym]]\nacronym = "FBA"\n', encoding="utf-8")
    clear_cache()
    with pytest.raises(GlossaryError, match=r"bad.toml:2: .*missing field 'expansion'"):
        load_acronyms(Config(glossaries=[str(tmp_path)]))


# -- source checks -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "target", "expected"),
    [
        ("Your FBA order ships soon.", "de-DE", [("acronyms.unexpanded", "FBA")]),
        ("Your Fulfillment by Amazon (FBA) order ships. FBA is fast.", "de-DE", []),
        ("Your FBA (fulfilment by Amazon) order ships soon.", "de-DE", []),
        ("Please send the purchase order (PO) today.", "de-DE", []),
        ("Send it to our PO Box 12.", "de-DE", []),
        ("Write to our CS team. CS replies fast.", "fr-FR", [("acronyms.unexpanded", "CS")]),
        (
            "Check CSAT and NPS, then CSAT again.",
            "es-ES",
            [
                ("acronyms.forbidden", "CSAT"),
                ("acronyms.forbidden", "NPS"),
                ("acronyms.forbidden", "CSAT"),
            ],
        ),
        ("Your CPF is needed.", "pt-BR", []),
        ("Your CPF is needed.", "es-ES", [("acronyms.unexpanded", "CPF")]),
        ("Our XKR desk will call.", "de-DE", [("acronyms.unknown", "XKR")]),
        ("Our Quick Kit Return (QKR) desk will call.", "de-DE", []),
        ("PLEASE NOTE: CONTACT US NOW. OK?", "de-DE", []),
        ("Prices include VAT; shipped from the EU by DHL as a PDF invoice.", "de-DE", []),
        (
            "See https://x.example/FBA/RMA, mail RMA@example.com, {{SKU}} or ORD-2024-0001.",
            "de-DE",
            [],
        ),
        ("Chapter II, 128GB, 10AM and 5G.", "de-DE", []),
        # ISO 4217 currency codes are known and kept as written
        ("Prices are in EUR; we also take USD, GBP, BRL and JPY.", "de-DE", []),
        ("Bitte 🎉 FBA 🎉 jetzt", "de-DE", [("acronyms.unexpanded", "FBA")]),
        # anonymisation tokens of public support-chat data are placeholders, not acronyms
        ("Hi #PRS_ORG#, your order #NUMBER# from #NAME# ships to #ADDRESS#.", "de-DE", []),
        ("Hi #PRS_ORG#, our XKR desk will call.", "de-DE", [("acronyms.unknown", "XKR")]),
    ],
)
def test_source_findings(scorer: AcronymScorer, text: str, target: str, expected: list) -> None:
    assert [r for r in rules(scorer, text, target) if r[1] != "translation"] == expected


def test_suggestions_and_severities(scorer: AcronymScorer) -> None:
    items = [PipelineItem(Message("a", "FBA, ASAP and WISMO and XKR"), "de-DE", None, None)]
    found = {f.rule_id + ":" + f.message.split()[0]: f for f in scorer.score(items)[0].findings}
    assert (
        found["acronyms.unexpanded:FBA"].suggestion
        == "Write 'Fulfillment by Amazon (FBA)' on first use"
    )
    assert found["acronyms.unexpanded:ASAP"].suggestion == "as soon as possible"
    assert found["acronyms.forbidden:WISMO"].severity == "error"
    assert found["acronyms.unknown:XKR"].severity == "info"
    assert found["acronyms.unexpanded:FBA"].severity == "warning"


def test_defines_follows_schwartz_hearst() -> None:
    assert defines("COD", "cash on delivery")
    assert defines("PO", "purchase order")
    assert not defines("PO", "the order")
    assert not defines("FBA", "")


# -- translation checks ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "target", "translation", "expected"),
    [
        ("Your FBA order", "de-DE", "Ihre FBA-Bestellung", []),
        ("Your FBA order", "de-DE", "Ihre Bestellung (Versand durch Amazon)", []),
        ("Prices include VAT.", "de-DE", "Die Preise enthalten MwSt.", []),
        ("Prices include VAT.", "es-ES", "Los precios incluyen IVA.", []),
        ("Ships from the EU.", "fr-FR", "Expédié depuis l'UE.", []),
        ("Your RMA number", "es-ES", "Su número de autorización de devoluciones", []),
        ("Your FBA order", "de-DE", "Ihre Bestellung", ["acronyms.dropped"]),
        ("Your ETA is Monday.", "pt-BR", "Sua E.T.A. é segunda", ["acronyms.mangled"]),
        ("Your FBA order", "it-IT", "Il tuo ordine FAB", ["acronyms.mangled"]),
        ("Your FBA order", "es-ES", "Su pedido Fba", ["acronyms.mangled"]),
        # a short lower-case word is a word of the target language, not a mangled acronym
        ("The POD is signed.", "pl-PL", "Dokument pod spodem.", ["acronyms.dropped"]),
        ("Okay, OK.", "de-DE", "In Ordnung.", []),
        ("WISMO ticket", "de-DE", "Ticket", []),  # forbidden: reported on the source only
        ("Your FBA order", "ja-JP", "FBAのご注文", []),
    ],
)
def test_translation_findings(source: str, target: str, translation: str, expected: list) -> None:
    glossary = load_acronyms()
    from workbench.scoring.acronyms import english_words

    uses = find_uses(source, glossary, english_words())
    found = check_translation(translation, target, uses)
    assert [f.rule_id for f in found] == expected
    for f in found:
        assert f.field == "translation" and 0 <= f.span[0] <= f.span[1] <= len(translation)


@pytest.mark.parametrize(
    ("translation", "severity"),
    [
        # the translation spells the acronym out: only a note about the draft remains
        (
            "Este artículo se envía a través de Logística de Amazon (FBA), por lo que las "
            "actualizaciones de seguimiento las proporciona Amazon.",
            "info",
        ),
        ("Este artículo se envía a través de Logística de Amazon.", "info"),
        ("Este artículo se envía a través de FBA.", "warning"),
    ],
)
def test_unexpanded_is_a_note_when_the_translation_expands_it(
    scorer: AcronymScorer, translation: str, severity: str
) -> None:
    source = "This item ships via FBA, so tracking updates come from Amazon."
    item = PipelineItem(Message("a", source), "es-ES", translation, None)
    found = [f for f in scorer.score([item])[0].findings if f.rule_id == "acronyms.unexpanded"]
    assert [(f.severity, source[f.span[0] : f.span[1]]) for f in found] == [(severity, "FBA")]


def test_missing_translation_is_unavailable_not_an_error(scorer: AcronymScorer) -> None:
    result = scorer.score([PipelineItem(Message("a", "FBA"), "de-DE", None, None)])[0]
    assert "acronyms.translation" in result.unavailable
    assert [f.rule_id for f in result.findings] == ["acronyms.unexpanded"]


# -- robustness ------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    source=st.text(
        alphabet=st.sampled_from(list("FBAEUTCRM&SKPO ()-.,{}@/:#0123456789xyz🎉日本\x00\x1b\n")),
        max_size=80,
    ),
    translation=st.text(max_size=60),
)
def test_never_crashes_and_spans_stay_inside(
    scorer: AcronymScorer, source: str, translation: str
) -> None:
    item = PipelineItem(Message("h", source), "ja-JP", translation, None)
    (result,) = scorer.score([item])
    assert not result.unavailable.get("acronyms", "").startswith("check failed")
    for f in result.findings:
        text = item.text_of(f.field)
        assert text is not None and 0 <= f.span[0] <= f.span[1] <= len(text)


def test_huge_line_is_handled(scorer: AcronymScorer) -> None:
    text = "Your FBA order ships ASAP, see {{link}}. " * 5000
    (result,) = scorer.score([PipelineItem(Message("big", text), "de-DE", text, None)])
    assert [f.rule_id for f in result.findings] == ["acronyms.unexpanded", "acronyms.unexpanded"]


# -- the labelled eval set ---------------------------------------------------------------------


def _bench_module():
    spec = importlib.util.spec_from_file_location(
        "eval_acronyms", ROOT / "bench" / "eval_acronyms.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_eval_set_recall_and_false_positive_rate() -> None:
    bench = _bench_module()
    rows = bench.load()
    assert sum(r["flag"] for r in rows) >= 150 and sum(not r["flag"] for r in rows) >= 150
    result = bench.evaluate(rows)
    assert result.recall >= 0.9, result.misses[:5]
    assert result.fp_rate <= 0.05, result.false_alarms[:5]
