"""Table-driven tests of the locale policy rules."""

from __future__ import annotations

import pytest

from workbench.config import Config
from workbench.models import Message, PipelineItem
from workbench.scoring.base import ScoringContext
from workbench.scoring.policy import PolicyScorer


@pytest.fixture(scope="module")
def scorer() -> PolicyScorer:
    return PolicyScorer(ScoringContext(Config()))


def rules_for(
    scorer: PolicyScorer, text: str, target: str = "de-DE", translation: str | None = "x"
) -> list[str]:
    result = scorer.score([PipelineItem(Message("m", text), target, translation, None)])[0]
    return sorted(f.rule_id for f in result.findings)


CASES = [
    ("If you are happy, please leave us a 5-star review!", "de-DE", ["policy.review_request"]),
    (
        "Could you update your negative review now that it is fixed?",
        "es-ES",
        ["policy.review_request"],
    ),
    ("We read every review and improve our service.", "de-DE", []),
    ("You failed to enter the correct address.", "de-DE", ["policy.blame"]),
    ("The address on the label was incomplete, so the carrier returned it.", "de-DE", []),
    (
        "The delay happened because you entered the wrong postcode.",
        "de-DE",
        ["policy.blame"],
    ),
    ("The delay happened because the postcode on the label was wrong.", "de-DE", []),
    ("Use code SAVE10 for 10% off your next order!", "de-DE", ["policy.marketing"]),
    ("You can return the item within 10 days.", "de-DE", ["policy.return_window"]),
    ("You can return the item within 14 days.", "de-DE", []),
    ("You can return the item within 10 days.", "pt-BR", []),  # Brazil's floor is 7 days
    ("You can return the item within 5 days.", "pt-BR", ["policy.return_window"]),
    ("We offer a 7-day return policy.", "fr-FR", ["policy.return_window"]),
    ("Your order shipped 3 days ago.", "de-DE", []),
    ("You have 10 days to send it back.", "de-DE", ["policy.return_window"]),
    ("Items can only be returned within 7 days of delivery.", "es-ES", ["policy.return_window"]),
    ("Our return window is 10 days.", "fr-FR", ["policy.return_window"]),
    # refund and inspection times are not return windows
    ("Your refund will arrive within 5 business days.", "de-DE", []),
    ("Amazon will refund you within 2 business days.", "de-DE", []),
    ("Once we receive the return, we inspect it within 2 business days.", "de-DE", []),
    ("You can return the item within 30 days for a full refund within 5 days.", "de-DE", []),
    ("Your parcel is delayed by two days.", "ja-JP", ["policy.apology_missing"]),
    ("We are sorry: your parcel is delayed by two days.", "ja-JP", []),
    ("Your parcel is delayed by two days.", "de-DE", []),  # apology not expected there
    ("Great news, it shipped! 🎉", "de-DE", ["policy.emoji"]),
    ("Great news, it shipped! 🎉", "pt-BR", []),
    ("The total is $25.00 including shipping.", "pt-BR", ["policy.currency.usd"]),
    ("The total is €25.00 including shipping.", "de-DE", []),
]


@pytest.mark.parametrize(("text", "target", "expected"), CASES)
def test_policy_rules(scorer: PolicyScorer, text: str, target: str, expected: list[str]) -> None:
    assert rules_for(scorer, text, target) == expected


def test_return_window_message_and_span(scorer: PolicyScorer) -> None:
    text = "You can return the item within 10 days."
    result = scorer.score([PipelineItem(Message("m", text), "de-DE", "x", None)])[0]
    f = result.findings[0]
    assert f.message == "promises a 10-day return window; the statutory minimum in de-DE is 14 days"
    assert text[f.span[0] : f.span[1]] == "10"


def test_emoji_in_translation_points_at_translation(scorer: PolicyScorer) -> None:
    result = scorer.score(
        [PipelineItem(Message("m", "It shipped."), "de-DE", "Versandt 🙂", None)]
    )[0]
    assert [(f.rule_id, f.field, f.span) for f in result.findings] == [
        ("policy.emoji", "translation", (9, 10))
    ]


def test_disabled_rule_is_dropped_by_the_pipeline() -> None:
    config = Config(disabled_rules=["policy.review_request"])
    assert not config.rule_enabled("policy.review_request")
    assert config.rule_enabled("policy.blame")
