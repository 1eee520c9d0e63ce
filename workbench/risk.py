"""Risk policy: signals and findings -> a score in [0, 1], a level and plain-language reasons.

The policy is a pure function of its inputs (RiskPolicy.evaluate): the same item, signals and
findings always give the same Risk. Contributions combine like independent chances of a problem
reaching the customer (noisy-OR), so many small issues add up but never pass 1.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from workbench.calibration import Calibration, load_calibration
from workbench.config import Config, RiskConfig
from workbench.glossary.sensitive import SensitiveTopic, load_sensitive_topics, match_topics
from workbench.models import LEVELS, Finding, Level, PipelineItem, Risk

# What one finding of each severity contributes before rule weights.
SEVERITY_WEIGHT = {"error": 0.45, "warning": 0.15, "info": 0.03}
# Drift in [0, 1] is scaled by this before combining (config: weights.drift).
DRIFT_WEIGHT = 0.9
# Default drift above which a message is at least medium, when config.risk.max_drift is unset.
DEFAULT_MAX_DRIFT = 0.35
# When the translation agrees with the draft compared directly (sentences, negations, names,
# numbers) but the round trip drifted, a pivoted or rule-based back-translation is the likely
# cause: its drift counts this much, and does not raise the level by itself. A pivot through
# Spanish turned a correct pt-BR reply into "Go in in contact with us" (drift 0.59).
DOUBTFUL_BACK_TRANSLATION = 0.4
RULE_BASED_BACKENDS = frozenset({"apertium"})
# Signals of the direct checks, present only when they ran: how many problems the meaning
# scorer's direct checks found, and the lowest cosine of the drift scorer's cross-lingual
# sentence alignment. "Meaning not verified" needs both absent and no back-translation.
DIRECT_SIGNAL = "meaning_direct_issues"
# Cosine of draft and translation under the multilingual encoder (drift scorer); the calibration
# weighs how far below a typical correct pair it falls.
COSINE_SIGNAL = "cosine_crosslingual"
ALIGNMENT_SIGNAL = "crosslingual_sentence_min"
# Findings only the round trip produces (drift of one back-translated sentence).
ROUND_TRIP_RULES = ("drift.sentence",)
# Findings of the direct checks and of the number comparison source vs translation.
DIRECT_RULES = ("meaning.sentence_omitted", "meaning.sentence_added", "meaning.sentence_moved")


# What a reviewer should fix first inside one level, by rule id (prefix): the customer reads
# something wrong (1) before being addressed wrongly or told something against policy (2),
# before what only needs a look (3: sensitive topics, unverified meaning, drift alone) and
# style (4). The first tier whose prefix matches a rule decides; info findings do not count.
PRIORITY_TIERS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (1, ("meaning", "numbers", "placeholders", "links", "tags", "language", "terms.dnt_changed",
         "acronyms.forbidden", "acronyms.dropped", "acronyms.mangled")),
    (2, ("formality", "policy", "terms", "register")),
    (4, ("idioms", "acronyms", "drift.sentence", "tone", "qa")),
)  # fmt: skip
UNRANKED_PRIORITY = 3


def finding_priority(rule_id: str) -> int:
    """The tier of one rule (PRIORITY_TIERS); 3 for rules no tier names."""
    for tier, prefixes in PRIORITY_TIERS:
        if _matches(rule_id, prefixes):
            return tier
    return UNRANKED_PRIORITY


def _rank(level: str) -> int:
    return LEVELS.index(level)  # type: ignore[arg-type]


def at_least(level: Level, floor: str) -> Level:
    return level if _rank(level) >= _rank(floor) else floor  # type: ignore[return-value]


def _matches(rule_id: str, rules: Sequence[str]) -> bool:
    """True when `rule_id` is one of `rules` or under one of them ("placeholders" covers
    "placeholders.missing")."""
    return any(rule_id == r or rule_id.startswith(r + ".") for r in rules)


def checked_directly(signals: Mapping[str, Any]) -> bool:
    """Whether the translation was compared with the draft directly: sentence alignment by the
    multilingual encoder and negations, names and length from the meaning word lists."""
    return DIRECT_SIGNAL in signals and ALIGNMENT_SIGNAL in signals


def agrees_directly(signals: Mapping[str, Any], findings: Sequence[Finding]) -> bool:
    """Whether the direct checks ran and found the translation saying what the draft says."""
    return (
        checked_directly(signals)
        and signals.get(DIRECT_SIGNAL) == 0
        and not any(
            _matches(f.rule_id, DIRECT_RULES)
            or (f.severity == "error" and _matches(f.rule_id, ("numbers", "placeholders")))
            for f in findings
        )
    )


def doubtful_back_translation(item: PipelineItem) -> bool:
    """A back-translation through a pivot language or by a rule-based engine."""
    backward = item.backward
    if backward is None:
        return False
    return "+" in backward.model or any(
        name in RULE_BASED_BACKENDS for name in backward.backend.split("+")
    )


def should_queue(risk: Risk, queue_level: str) -> bool:
    """Queue a message at or above the configured level, and every sensitive one."""
    return _rank(risk.level) >= _rank(queue_level) or bool(risk.sensitive)


@dataclass
class RiskPolicy:
    """Weights, thresholds and sensitive topics; `evaluate` is pure."""

    config: RiskConfig = field(default_factory=RiskConfig)
    topics: Sequence[SensitiveTopic] = ()
    calibration: Calibration = field(default_factory=Calibration)

    @classmethod
    def from_config(cls, config: Config) -> RiskPolicy:
        topics = load_sensitive_topics(config)[0] if config.risk.sensitive else []
        calibration = load_calibration() if config.risk.calibrated else Calibration()
        return cls(config.risk, topics, calibration)

    def weight(self, rule_id: str, default: float) -> float:
        """The most specific configured weight for a rule id ("idioms.idiom" then "idioms")."""
        parts = rule_id.split(".")
        for i in range(len(parts), 0, -1):
            key = ".".join(parts[:i])
            if key in self.config.weights:
                return float(self.config.weights[key])
        return default

    def evaluate(
        self,
        item: PipelineItem,
        signals: Mapping[str, Any],
        findings: Sequence[Finding],
        *,
        include_sensitive: bool = True,
    ) -> Risk:
        """The verdict for one item; `include_sensitive=False` judges the translation alone
        (the CI gate): sensitive topics and meaning that could not be verified send a message
        to a person, but a clean refund template must not fail a build."""
        contributions: list[tuple[float, str]] = []
        floor: Level = "low"
        lead: list[str] = []  # reasons shown before the weighted ones
        tail: list[str] = []  # and after them

        cal = self.calibration
        # The round trip is in doubt when a pivoted or rule-based engine made the way back and
        # the translation agrees with the draft directly: what only the round trip saw counts less.
        doubtful = doubtful_back_translation(item) and agrees_directly(signals, findings)
        for f in findings:
            default = cal.finding_weight(f.rule_id, f.severity, SEVERITY_WEIGHT[f.severity])
            c = min(1.0, self.weight(f.rule_id, default))
            if doubtful and _matches(f.rule_id, ROUND_TRIP_RULES):
                c *= DOUBTFUL_BACK_TRANSLATION
            contributions.append((c, f.message))
            if f.severity == "error":
                floor = at_least(floor, "medium")
            if _matches(f.rule_id, self.config.high_rules) or (
                f.severity == "error" and _matches(f.rule_id, self.config.high_error_rules)
            ):
                floor = at_least(floor, "high")

        drift = signals.get("drift")
        if isinstance(drift, (int, float)):
            weight = self.weight("drift", DRIFT_WEIGHT)
            limit = (
                self.config.max_drift if self.config.max_drift is not None else DEFAULT_MAX_DRIFT
            )
            reason = f"round-trip drift {drift:.2f}"
            if drift > limit:
                reason = f"round-trip drift {drift:.3f} (above the limit {limit:.2f})"
                if agrees_directly(signals, findings):
                    engine = item.backward.model if item.backward else "the engine"
                    reason += (
                        ", but the translation says what the draft says when compared "
                        f"directly: the back-translation ({engine}) is the likely cause"
                    )
                    if doubtful:
                        weight *= DOUBTFUL_BACK_TRANSLATION
                    else:
                        floor = at_least(floor, "medium")
                else:
                    floor = at_least(floor, "medium")
            contributions.append((min(1.0, weight * float(drift)), reason))

        cosine = signals.get(COSINE_SIGNAL)
        if isinstance(cosine, (int, float)) and cal.crosslingual_weight:
            weight = self.weight("crosslingual", cal.crosslingual_weight)
            contributions.append(
                (
                    min(1.0, weight * cal.dissimilarity(float(cosine))),
                    f"translation and draft compared directly are far apart in meaning "
                    f"(cross-lingual similarity {cosine:.2f})",
                )
            )

        if item.translation is None:
            floor = at_least(floor, "medium")
            lead.append(f"no translation into {item.target} could be produced")
        elif item.back_translation is None and checked_directly(signals):
            tail.append(
                f"meaning checked against the draft directly (no back-translation from "
                f"{item.target})"
            )
        elif item.back_translation is None and include_sensitive:
            # nothing could check its meaning against the draft: a person should
            floor = at_least(floor, "medium")
            tail.append(
                f"meaning not verified: no back-translation from {item.target} and no direct "
                "check of the translation against the draft"
            )

        sensitive = match_topics(item.message.text, list(self.topics)) if include_sensitive else []
        for topic in sensitive:
            floor = at_least(floor, topic.level)
            tail.append(f"sensitive: {topic.label} — a person should check")

        remaining = 1.0
        for c, _ in contributions:
            remaining *= 1.0 - max(0.0, c)
        evidence = 1.0 - remaining
        # The length prior (calibrated: every word is a chance of error) orders messages by how
        # likely an error is, but the level comes from the evidence: a long clean reply is not
        # queued for being long.
        prior = cal.length_prior(len(item.message.text.split()))
        score = 1.0 - remaining * (1.0 - prior)

        level: Level = "low"
        if evidence >= self.config.high:
            level = "high"
        elif evidence >= self.config.medium:
            level = "medium"
        level = at_least(level, floor)

        ordered = [reason for c, reason in sorted(contributions, key=lambda x: -x[0]) if c >= 0.05]
        reasons = tuple(dict.fromkeys(lead + ordered + tail))
        priority = min(
            (finding_priority(f.rule_id) for f in findings if f.severity != "info"),
            default=UNRANKED_PRIORITY,
        )
        return Risk(
            score=round(score, 4),
            level=level,
            reasons=reasons,
            sensitive=tuple(t.name for t in sensitive),
            priority=priority,
        )
