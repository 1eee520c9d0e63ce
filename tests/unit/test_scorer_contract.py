"""Every registered scorer honours the Scorer contract on awkward but valid input."""

from __future__ import annotations

import pytest

from workbench.config import Config
from workbench.models import Finding, Message, PipelineItem, ScoreResult
from workbench.scoring.base import Scorer, ScoringContext
from workbench.scoring.registry import RULE_FAMILIES, SCORERS, scorer_class
from workbench.scoring.rules import BY_ID, DATA_FAMILIES

FIELDS = ("source", "translation", "back_translation")

AWKWARD = [
    PipelineItem(
        Message("plain", "Thanks for reaching out about order #12345."),
        "es-ES",
        "Gracias por contactar con nosotros sobre el pedido #12345.",
        "Thank you for contacting us about order #12345.",
    ),
    PipelineItem(Message("no-mt", "Your refund of {amount} is on its way."), "ja-JP", None, None),
    PipelineItem(Message("empty", ""), "de-DE", "", ""),
    PipelineItem(Message("emoji", "🎉🎉🎉"), "pt-BR", "🎉🎉🎉", "🎉🎉🎉"),
    PipelineItem(
        Message("markup", "[bold red]Hi[/] \x1b[31m<b>{{name}}</b>\x00 ETA?"),
        "fr-FR",
        "[bold red]Salut[/] \x1b[31m<b>{{name}}</b>\x00 ETA ?",
        "[bold red]Hi[/] <b>{{name}}</b> ETA?",
    ),
    PipelineItem(
        Message("wrong-lang", "We will get back to you tomorrow."),
        "ja-JP",
        "Wir melden uns morgen bei Ihnen.",
        "We report ourselves tomorrow with you.",
    ),
    PipelineItem(
        Message("unknown-locale", "Please reach out if anything is unclear."),
        "ko-KR",
        "불분명한 점이 있으면 연락 주세요.",
        None,
    ),
    PipelineItem(
        Message("long", "Hang tight, we are looking into it. " * 400),
        "es-ES",
        "Espere, lo estamos investigando. " * 400,
        "Wait, we are investigating it. " * 400,
    ),
]


@pytest.fixture(scope="module")
def context() -> ScoringContext:
    return ScoringContext(Config())


@pytest.mark.parametrize("name", sorted(SCORERS))
def test_scorer_contract(name: str, context: ScoringContext) -> None:
    scorer = scorer_class(name)(context)
    assert isinstance(scorer, Scorer)
    assert scorer.name == name
    results = scorer.score(AWKWARD)
    assert len(results) == len(AWKWARD), "one result per item, in order"
    for item, result in zip(AWKWARD, results, strict=True):
        assert isinstance(result, ScoreResult)
        for finding in result.findings:
            assert isinstance(finding, Finding)
            assert finding.field in FIELDS
            assert finding.severity in ("info", "warning", "error")
            assert finding.rule_id.count(".") >= 1 and finding.message.strip()
            assert finding.rule_id.split(".")[0] in RULE_FAMILIES, finding.rule_id
            # described once in the rule table (SARIF metadata, HTML filters read it)
            assert finding.rule_id in BY_ID or finding.rule_id.split(".")[0] in DATA_FAMILIES, (
                f"{finding.rule_id}: describe it in workbench/scoring/rules.py"
            )
            text = item.text_of(finding.field)
            assert text is not None, f"{finding.rule_id} points at a missing {finding.field}"
            start, end = finding.span
            assert 0 <= start <= end <= len(text), (
                f"{finding.rule_id} span {finding.span} outside text"
            )
    # batching does not change results
    single = [scorer.score([item])[0] for item in AWKWARD[:3]]
    assert [r.findings for r in single] == [r.findings for r in results[:3]]
    assert scorer.score([]) == []
