"""Frozen value types shared by the pipeline, scorers, risk policy, store and faces."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Field = Literal["source", "translation", "back_translation"]
Severity = Literal["info", "warning", "error"]
Level = Literal["low", "medium", "high"]

SEVERITIES: tuple[Severity, ...] = ("info", "warning", "error")
LEVELS: tuple[Level, ...] = ("low", "medium", "high")


@dataclass(frozen=True, slots=True)
class Message:
    """One reply draft to check, with an optional existing translation."""

    id: str
    text: str
    source_lang: str = "en"
    target: str | None = None  # locale tag such as "de-DE"; None = use configured targets
    translation: str | None = None  # given translation: forward MT is skipped
    origin: str | None = None  # file the message came from (for CI annotations)
    line: int | None = None  # 1-based line in that file
    tags: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()  # rule ids suppressed for this message


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a reviewer should look at, pointing at characters in one text."""

    rule_id: str  # "idioms.literal", "formality.mixed", "acronym.unexpanded"
    message: str  # what is wrong, in plain words
    span: tuple[int, int]  # [start, end) in characters of the text named by `field`
    field: Field
    severity: Severity
    suggestion: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule_id": self.rule_id,
            "message": self.message,
            "span": list(self.span),
            "field": self.field,
            "severity": self.severity,
            "suggestion": self.suggestion,
        }


@dataclass(frozen=True, slots=True)
class MTInfo:
    """Which engine and model produced a translation."""

    backend: str  # "apertium", "argos", "given", "cache"
    model: str  # e.g. "apertium:eng-spa" or "argos:translate-en_de-1_9"

    def __str__(self) -> str:
        return self.model


@dataclass(frozen=True, slots=True)
class PipelineItem:
    """A message paired with one target locale, after the round trip (what scorers see)."""

    message: Message
    target: str  # locale tag, e.g. "es-ES"
    translation: str | None  # None when no engine could translate
    back_translation: str | None  # None when no engine for target -> source
    forward: MTInfo | None = None
    backward: MTInfo | None = None
    mt_findings: tuple[Finding, ...] = ()  # e.g. a placeholder mask the engine mangled
    unavailable: tuple[tuple[str, str], ...] = ()  # (what, why) for MT steps that failed

    @property
    def source(self) -> str:
        return self.message.text

    @property
    def target_language(self) -> str:
        return self.target.split("-")[0]

    def text_of(self, field_name: Field) -> str | None:
        if field_name == "source":
            return self.message.text
        if field_name == "translation":
            return self.translation
        return self.back_translation


@dataclass(frozen=True, slots=True)
class ScoreResult:
    """What one scorer says about one item."""

    signals: dict[str, Any] = field(default_factory=dict)  # numbers or short labels
    findings: tuple[Finding, ...] = ()
    unavailable: dict[str, str] = field(default_factory=dict)  # signal name -> why not computed


@dataclass(frozen=True, slots=True)
class Risk:
    """The risk policy's verdict."""

    score: float  # [0, 1]
    level: Level
    reasons: tuple[str, ...] = ()
    sensitive: tuple[str, ...] = ()  # sensitive-content categories that matched

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": round(self.score, 4),
            "level": self.level,
            "reasons": list(self.reasons),
            "sensitive": list(self.sensitive),
        }


@dataclass(frozen=True, slots=True)
class Assessment:
    """Everything known about one message in one target locale."""

    item: PipelineItem
    signals: dict[str, Any]
    findings: tuple[Finding, ...]
    unavailable: dict[str, str]
    risk: Risk | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON/JSONL output contract (documented in README)."""
        item = self.item
        return {
            "id": item.message.id,
            "source_lang": item.message.source_lang,
            "target": item.target,
            "text": item.message.text,
            "translation": item.translation,
            "back_translation": item.back_translation,
            "mt": {
                "forward": str(item.forward) if item.forward else None,
                "backward": str(item.backward) if item.backward else None,
            },
            "signals": self.signals,
            "findings": [f.to_dict() for f in self.findings],
            "risk": self.risk.to_dict() if self.risk else None,
            "unavailable": self.unavailable,
        }
