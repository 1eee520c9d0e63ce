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
    # a one-line answer to a delay is also too brief for ja-JP (policy.tone.brevity)
    (
        "Your parcel is delayed by two days.",
        "ja-JP",
        ["policy.apology_missing", "policy.tone.brevity"],
    ),
    ("We are sorry: your parcel is delayed by two days.", "ja-JP", ["policy.tone.brevity"]),
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


_LONG_FACTUAL = (
    "Your parcel was damaged in transit. We will send a replacement on Monday, 12 May, and "
    "you will receive the tracking number by e-mail the same day."
)
_WARM_REPLY = (
    "Hi Ana, thanks for getting in touch! Your order left our warehouse this morning and the "
    "carrier expects to deliver it within three business days. Have a great day!"
)
_COLD_REPLY = (
    "Your order left our warehouse this morning and the carrier expects to deliver it within "
    "three business days. The invoice is attached to this message as a PDF file."
)

TONE_CASES = [
    # de-DE: one apology plus facts is fine; repeated apologies and emotion are flagged
    ("Sorry for the delay. " + _LONG_FACTUAL, "de-DE", []),
    (
        "We are so sorry. We apologize for the delay. " + _LONG_FACTUAL,
        "de-DE",
        ["policy.tone.over_apology"],
    ),
    ("We are devastated that this happened!! " + _LONG_FACTUAL, "de-DE", ["policy.tone.emotional"]),
    (
        "Your parcel was damaged in transit and we are looking into what went wrong with the "
        "carrier and the packaging at our warehouse.",
        "de-DE",
        ["policy.tone.no_next_step"],
    ),
    ("We are so sorry. We apologize for the delay. " + _LONG_FACTUAL, "fr-FR", []),
    # ja-JP: a complaint answered in a few words
    ("Sorry, the item is delayed.", "ja-JP", ["policy.tone.brevity"]),
    (
        "We are very sorry for the inconvenience the delayed delivery has caused. We contacted "
        "the carrier today and will send you the new delivery date by tomorrow.",
        "ja-JP",
        [],
    ),
    # pt-BR: warmth (greeting and closing) in whole replies; short snippets are not judged
    (_WARM_REPLY, "pt-BR", []),
    (_COLD_REPLY, "pt-BR", ["policy.tone.no_closing", "policy.tone.no_greeting"]),
    ("Your order shipped this morning.", "pt-BR", []),
    (_COLD_REPLY, "es-ES", []),
    # ar-SA: courtesy formulas
    (_COLD_REPLY, "ar-SA", ["policy.tone.no_courtesy"]),
    ("Dear Mr. Ahmed, " + _COLD_REPLY + " Thank you for your patience.", "ar-SA", []),
]


@pytest.mark.parametrize(("text", "target", "expected"), TONE_CASES)
def test_tone_per_locale(scorer: PolicyScorer, text: str, target: str, expected: list) -> None:
    assert rules_for(scorer, text, target) == expected


def test_tone_findings_carry_a_rewrite(scorer: PolicyScorer) -> None:
    item = PipelineItem(Message("m", _COLD_REPLY), "pt-BR", "x", None)
    findings = scorer.score([item])[0].findings
    assert findings and all(f.suggestion for f in findings)
