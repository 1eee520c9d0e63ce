"""Language check on real lingua models (they ship in the PyPI package)."""

from __future__ import annotations

import pytest

from workbench.config import Config
from workbench.models import Message, PipelineItem
from workbench.scoring.base import ScoringContext
from workbench.scoring.language import LanguageScorer


@pytest.fixture(scope="module")
def scorer() -> LanguageScorer:
    return LanguageScorer(ScoringContext(Config()))


def run(scorer: LanguageScorer, source: str, translation: str | None, target: str = "de-DE"):
    return scorer.score([PipelineItem(Message("m", source), target, translation, None)])[0]


def rules(result) -> list[str]:
    return [f.rule_id for f in result.findings]


SOURCE = "Thank you for your patience. Your replacement will be shipped on Monday morning."


@pytest.mark.parametrize(
    ("translation", "target", "expected"),
    [
        ("Vielen Dank für Ihre Geduld. Ihr Ersatz wird am Montagmorgen versandt.", "de-DE", []),
        (SOURCE, "de-DE", ["language.untranslated"]),
        (
            "Gracias por su paciencia. Su reemplazo se enviará el lunes por la mañana.",
            "de-DE",
            ["language.wrong"],
        ),
        (
            "Vielen Dank für Ihre Geduld und Ihr Verständnis. Your replacement will be shipped on Monday morning.",
            "de-DE",
            ["language.partly_untranslated"],
        ),
        ("ご不便をおかけして申し訳ございません。交換品は月曜日の朝に発送いたします。", "ja-JP", []),
        ("Danke!", "de-DE", []),  # too short to judge: no noise
    ],
)
def test_language_findings(
    scorer: LanguageScorer, translation: str, target: str, expected: list[str]
) -> None:
    assert rules(run(scorer, SOURCE, translation, target)) == expected


def test_partly_untranslated_points_at_the_sentence(scorer: LanguageScorer) -> None:
    tr = "Vielen Dank für Ihre Geduld und Ihr Verständnis. Your replacement will be shipped on Monday morning."
    finding = run(scorer, SOURCE, tr).findings[0]
    assert (
        tr[finding.span[0] : finding.span[1]]
        == "Your replacement will be shipped on Monday morning."
    )


def test_source_in_wrong_language(scorer: LanguageScorer) -> None:
    result = run(scorer, "Vielen Dank für Ihre Nachricht, wir melden uns morgen bei Ihnen.", None)
    assert rules(result) == ["language.source_mismatch"]
    assert result.unavailable["language"] == "no translation to check"


def test_batch_matches_single(scorer: LanguageScorer) -> None:
    items = [
        PipelineItem(Message(str(i), SOURCE), "de-DE", tr, None)
        for i, tr in enumerate(
            [SOURCE, "Vielen Dank für Ihre Geduld. Ihr Ersatz wird am Montag versandt.", ""]
        )
    ]
    batched = scorer.score(items)
    assert [rules(r) for r in batched] == [rules(scorer.score([it])[0]) for it in items]
    assert len(batched) == 3


@pytest.mark.parametrize(
    ("source", "translation"),
    [
        # a sentence made only of placeholders is in no language: never "untranslated"
        (
            "Thank you for your order, we are preparing it now. {{order_summary_details}} "
            "{{shipping_address_block}}",
            "Vielen Dank für Ihre Bestellung, wir bereiten sie gerade vor. "
            "{{order_summary_details}} {{shipping_address_block}}",
        ),
        ("{{signature_block_for_the_agent}} {{customer_greeting_line}}",) * 2,
        ("Hi #PRS_ORG#, #NAME# from #PRS_ORG# support here.", "#PRS_ORG# #NAME# #PRS_ORG#"),
    ],
)
def test_placeholders_alone_are_not_untranslated(
    scorer: LanguageScorer, source: str, translation: str
) -> None:
    assert rules(run(scorer, source, translation)) == []
