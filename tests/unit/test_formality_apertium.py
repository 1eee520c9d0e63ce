"""Real Apertium output: its informal Spanish (tú/vuestro) is caught; register carries es -> fr."""

from __future__ import annotations

import pytest

from workbench.config import Config
from workbench.models import Message, PipelineItem, ScoreResult
from workbench.mt.apertium import ApertiumTranslator
from workbench.scoring.base import ScoringContext
from workbench.scoring.formality import FormalityScorer

pytestmark = pytest.mark.integration

ADDRESSING = [
    "You can return your order within 14 days.",
    "If you have any questions, please contact us.",
    "We will send you a new label tomorrow.",
    "Your refund has been processed.",
    "Thank you for your patience.",
]


def _score(target: str, texts: list[str]) -> list[ScoreResult]:
    scorer = FormalityScorer(ScoringContext(Config()))
    return scorer.score(
        [PipelineItem(Message(str(i), "src"), target, t, None) for i, t in enumerate(texts)]
    )


@pytest.fixture(scope="module")
def apertium() -> ApertiumTranslator:
    return ApertiumTranslator(Config())


def test_apertium_english_to_spanish_is_flagged_informal(apertium: ApertiumTranslator) -> None:
    translations = apertium.translate([*ADDRESSING, "The parcel was shipped today."], "en", "es")
    results = _score("es-ES", translations)
    for text, result in zip(translations[:-1], results[:-1], strict=True):
        assert result.signals["register_detected"] == "informal", text
        (finding,) = result.findings
        assert finding.rule_id == "formality.informal" and finding.severity == "error"
        start, end = finding.span
        assert text[start:end].strip()  # the span points at the informal word in the output
    assert results[-1].signals["register_detected"] == "neutral"
    assert results[-1].findings == ()


def test_register_survives_spanish_to_french(apertium: ApertiumTranslator) -> None:
    formal, informal = apertium.translate(
        ["Usted puede devolver su pedido en 14 días.", "Puedes devolver tu pedido en 14 días."],
        "es",
        "fr",
    )
    detected = [r.signals["register_detected"] for r in _score("fr-FR", [formal, informal])]
    assert detected == ["formal", "informal"], (formal, informal)
