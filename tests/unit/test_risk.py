"""Table-driven tests of the risk policy (a pure function)."""

from __future__ import annotations

import pytest

from workbench.config import Config, RiskConfig
from workbench.models import Finding, Message, MTInfo, PipelineItem, Risk
from workbench.risk import RiskPolicy, should_queue


def item(text: str = "Your order ships tomorrow.", translation: str | None = "x") -> PipelineItem:
    return PipelineItem(Message("m1", text), "de-DE", translation, "y")


def finding(rule: str, severity: str = "warning", message: str | None = None) -> Finding:
    return Finding(rule, message or rule, (0, 1), "translation", severity)  # type: ignore[arg-type]


# The policy's own semantics, with its hand-set weights (the calibration is tested apart).
_CONFIG = Config()
_CONFIG.risk.calibrated = False
POLICY = RiskPolicy.from_config(_CONFIG)

CASES = [
    # (name, text, signals, findings, expected level)
    ("clean", "Your order ships tomorrow.", {"drift": 0.05}, [], "low"),
    ("one info", "Your order ships tomorrow.", {}, [finding("acronyms.unknown", "info")], "low"),
    ("one warning", "Your order ships tomorrow.", {}, [finding("idioms.idiom")], "low"),
    (
        "error is at least medium",
        "Your order ships tomorrow.",
        {},
        [finding("terms.dnt_changed", "error")],
        "medium",
    ),
    (
        "a dropped placeholder is high",
        "Your order ships tomorrow.",
        {},
        [finding("placeholders.missing", "error")],
        "high",
    ),
    (
        "informal where formal is expected is high",
        "Your order ships tomorrow.",
        {},
        [finding("formality.informal", "error")],
        "high",
    ),
    (
        "a probable (warning) informal address is not floored",
        "Your order ships tomorrow.",
        {},
        [finding("formality.informal", "warning")],
        "low",
    ),
    (
        "a changed number is high",
        "Your order ships tomorrow.",
        {},
        [finding("numbers.mismatch", "error")],
        "high",
    ),
    (
        "mixed register is high",
        "Your order ships tomorrow.",
        {},
        [finding("formality.mixed", "error")],
        "high",
    ),
    (
        "dropped negation is high",
        "Your order ships tomorrow.",
        {},
        [finding("meaning.negation", "warning")],
        "high",
    ),
    ("drift above limit", "Your order ships tomorrow.", {"drift": 0.5}, [], "medium"),
    (
        "drift and errors add up",
        "Your order ships tomorrow.",
        {"drift": 0.4},
        [finding("formality.informal", "error"), finding("placeholders.missing", "error")],
        "high",
    ),
    ("refund is sensitive", "We will refund your order today.", {"drift": 0.0}, [], "medium"),
    ("legal threat is high", "I will contact my lawyer.", {"drift": 0.0}, [], "high"),
    (
        "many warnings add up",
        "Your order ships tomorrow.",
        {},
        [finding(f"idioms.idiom{i}") for i in range(4)],
        "medium",
    ),
]


@pytest.mark.parametrize(
    ("name", "text", "signals", "findings", "expected"), CASES, ids=[c[0] for c in CASES]
)
def test_levels(
    name: str, text: str, signals: dict, findings: list[Finding], expected: str
) -> None:
    risk = POLICY.evaluate(item(text), signals, findings)
    assert risk.level == expected
    assert 0.0 <= risk.score <= 1.0


def test_no_translation_is_at_least_medium_and_says_why() -> None:
    risk = POLICY.evaluate(item(translation=None), {}, [])
    assert risk.level == "medium"
    assert risk.reasons[0] == "no translation into de-DE could be produced"


def test_unverified_meaning_is_queued_but_does_not_fail_the_gate() -> None:
    unverified = PipelineItem(
        Message("m", "It is not supported."), "de-DE", "Es wird unterstützt.", None
    )
    risk = POLICY.evaluate(unverified, {}, [])
    assert risk.level == "medium"
    assert risk.reasons == (
        "meaning not verified: no back-translation from de-DE and no direct check of the "
        "translation against the draft",
    )
    assert POLICY.evaluate(unverified, {}, [], include_sensitive=False).level == "low"


DIRECT = {"meaning_direct_issues": 0, "crosslingual_sentence_min": 0.71}


def test_meaning_checked_directly_is_not_queued_for_want_of_a_back_translation() -> None:
    checked = PipelineItem(Message("m", "It is supported."), "de-DE", "Es wird unterstützt.", None)
    risk = POLICY.evaluate(checked, DIRECT, [])
    assert risk.level == "low"
    assert risk.reasons == (
        "meaning checked against the draft directly (no back-translation from de-DE)",
    )
    # only one of the two direct checks ran: not verified
    assert POLICY.evaluate(checked, {"meaning_direct_issues": 0}, []).level == "medium"
    # a direct finding is judged like any other
    dropped = Finding("meaning.sentence_omitted", "omitted", (0, 3), "source", "error")
    assert POLICY.evaluate(checked, {**DIRECT, "meaning_direct_issues": 1}, [dropped]).level in (
        "medium",
        "high",
    )


def _round_trip(backend: str, model: str) -> PipelineItem:
    return PipelineItem(
        Message("m", "Get in touch with us if you have any doubt."),
        "pt-BR",
        "Entre em contato conosco se tiver alguma dúvida.",
        "Go in in contact with us if you have some doubt.",
        MTInfo("given", "given"),
        MTInfo(backend, model),
    )


def test_a_pivoted_back_translation_is_blamed_when_the_translation_agrees_directly() -> None:
    pivot = _round_trip("apertium", "apertium:pt-es+apertium:spa-eng")
    risk = POLICY.evaluate(pivot, {**DIRECT, "drift": 0.59}, [])
    assert risk.level == "low"
    assert (
        "the back-translation (apertium:pt-es+apertium:spa-eng) is the likely cause"
        in (risk.reasons[0])
    )
    # the sentence that drifted in the round trip weighs less too
    sentence = Finding("drift.sentence", "came back changed", (0, 3), "source", "warning")
    with_sentence = POLICY.evaluate(pivot, {**DIRECT, "drift": 0.59}, [sentence])
    assert with_sentence.level == "low"
    assert with_sentence.score < POLICY.evaluate(pivot, {"drift": 0.59}, [sentence]).score
    # without the direct checks, or when they disagree, the drift still queues it
    assert POLICY.evaluate(pivot, {"drift": 0.59}, []).level == "medium"
    moved = Finding("meaning.sentence_moved", "moved", (0, 3), "translation", "warning")
    assert POLICY.evaluate(pivot, {**DIRECT, "drift": 0.59}, [moved]).level == "medium"
    # a direct neural back-translation keeps its weight: the drift is named, not discounted
    neural = _round_trip("argos", "argos:translate-pt_en-1_9")
    risk = POLICY.evaluate(neural, {**DIRECT, "drift": 0.59}, [])
    assert risk.level == "medium"
    assert "likely cause" in risk.reasons[0]


def test_reasons_are_ordered_by_weight() -> None:
    findings = [
        finding("idioms.idiom", "warning", "idiom 'get back to'"),
        finding("formality.informal", "error", "informal du where Sie is expected"),
    ]
    risk = POLICY.evaluate(item(), {"drift": 0.41}, findings)
    assert risk.reasons[:3] == (
        "informal du where Sie is expected",
        "round-trip drift 0.410 (above the limit 0.35)",
        "idiom 'get back to'",
    )


def test_pure_same_input_same_output() -> None:
    args = (item(), {"drift": 0.2}, [finding("idioms.idiom")])
    assert POLICY.evaluate(*args) == POLICY.evaluate(*args)


def test_weights_from_config_override_by_prefix() -> None:
    policy = RiskPolicy(RiskConfig(weights={"idioms": 0.0}))
    assert policy.evaluate(item(), {}, [finding("idioms.idiom")]).score == 0.0
    policy = RiskPolicy(RiskConfig(weights={"idioms": 0.9}))
    assert policy.evaluate(item(), {}, [finding("idioms.idiom")]).level == "high"


def test_high_error_rules_from_config() -> None:
    policy = RiskPolicy(RiskConfig(high_error_rules=[]))
    assert policy.evaluate(item(), {}, [finding("placeholders.missing", "error")]).level == "medium"


def test_thresholds_from_config() -> None:
    strict = RiskPolicy(RiskConfig(medium=0.1, high=0.2))
    assert strict.evaluate(item(), {}, [finding("idioms.idiom")]).level == "medium"


def test_sensitive_can_be_switched_off() -> None:
    config = Config()
    config.risk.sensitive = False
    policy = RiskPolicy.from_config(config)
    assert policy.evaluate(item("I will contact my lawyer."), {}, []).level == "low"


@pytest.mark.parametrize(
    ("level", "sensitive", "queue_level", "queued"),
    [
        ("low", (), "medium", False),
        ("medium", (), "medium", True),
        ("high", (), "medium", True),
        ("medium", (), "high", False),
        ("low", ("refund",), "high", True),
    ],
)
def test_should_queue(level: str, sensitive: tuple, queue_level: str, queued: bool) -> None:
    assert should_queue(Risk(0.5, level, (), sensitive), queue_level) is queued  # type: ignore[arg-type]


def test_gate_view_ignores_sensitive_topics() -> None:
    risky_topic = item("I will contact my lawyer about the refund.")
    assert POLICY.evaluate(risky_topic, {}, []).level == "high"
    assert POLICY.evaluate(risky_topic, {}, [], include_sensitive=False).level == "low"


@pytest.mark.parametrize(
    ("findings", "priority"),
    [
        ([finding("numbers.mismatch", "error"), finding("idioms.idiom")], 1),
        ([finding("meaning.negation", "error")], 1),
        ([finding("formality.informal", "error"), finding("idioms.idiom")], 2),
        ([finding("idioms.idiom"), finding("acronyms.unexpanded")], 4),
        ([finding("meaning.back_translation", "info")], 3),  # notes do not rank
        ([], 3),  # only a look is needed (drift, sensitive, unverified)
    ],
)
def test_priority_inside_a_level_puts_customer_visible_errors_first(findings, priority) -> None:
    risk = POLICY.evaluate(item(), {}, findings)
    assert risk.priority == priority
    assert risk.to_dict()["priority"] == priority


def test_sort_key_orders_by_level_then_priority() -> None:
    high_style = Risk(0.9, "high", priority=4)
    high_number = Risk(0.7, "high", priority=1)
    medium_number = Risk(0.5, "medium", priority=1)
    ordered = sorted([medium_number, high_style, high_number], key=lambda r: r.sort_key)
    assert ordered == [high_number, high_style, medium_number]
