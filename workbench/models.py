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
    customer: str | None = None  # customer id or e-mail: only its hash is stored (for purge)
    # what the file says to translators about this unit (gettext comments and context, XLIFF
    # notes, a plural form's category), shown to the reviewer
    notes: tuple[str, ...] = ()


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
    # What to fix first within a level: 1 the customer would read something wrong, 2 is
    # addressed wrongly or told something against policy, 3 a person must look but nothing is
    # known wrong, 4 style (workbench/risk.py: PRIORITY_TIERS).
    priority: int = 3

    @property
    def sort_key(self) -> int:
        """Queue order: high before medium before low, then by priority (smaller first)."""
        return (len(LEVELS) - 1 - LEVELS.index(self.level)) * 10 + self.priority

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": round(self.score, 4),
            "level": self.level,
            "priority": self.priority,
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
        } | ({"notes": list(item.message.notes)} if item.message.notes else {})


# -- review queue (store + service) ----------------------------------------------------------
QueueStatus = Literal["queued", "claimed", "approved", "rejected", "escalated", "released"]
QUEUE_STATUSES: tuple[QueueStatus, ...] = (
    "queued",
    "claimed",
    "approved",
    "rejected",
    "escalated",
    "released",
)
# Statuses a reviewer may claim from ("released" = handed back by its claimer, or expired).
OPEN_STATUSES: tuple[QueueStatus, ...] = ("queued", "released")
DecisionAction = Literal[
    "claim", "release", "approve", "edit_approve", "reject", "escalate", "note", "revise"
]
DECISION_ACTIONS: tuple[DecisionAction, ...] = (
    "claim",
    "release",
    "approve",
    "edit_approve",
    "reject",
    "escalate",
    "note",
    "revise",
)


@dataclass(frozen=True, slots=True)
class QueueRow:
    """One line of the review queue (what list views show)."""

    id: int
    level: Level
    score: float
    target: str
    template_id: str
    first_line: str
    top_reason: str
    status: QueueStatus
    created: str  # ISO 8601, UTC
    claimed_by: str | None = None
    claim_expires: str | None = None
    sensitive: bool = False
    updated: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "level": self.level,
            "score": round(self.score, 4),
            "target": self.target,
            "template_id": self.template_id,
            "first_line": self.first_line,
            "top_reason": self.top_reason,
            "status": self.status,
            "created": self.created,
            "claimed_by": self.claimed_by,
            "claim_expires": self.claim_expires,
            "sensitive": self.sensitive,
            "updated": self.updated,
        }


@dataclass(frozen=True, slots=True)
class Decision:
    """One append-only entry in an item's history: who did what, when, to which text."""

    id: int
    item_id: int
    reviewer: str
    at: str  # ISO 8601, UTC
    action: DecisionAction
    note: str | None = None  # reason (reject, escalate), note text, or why a claim ended
    before: str | None = None  # translation before an edit or revision
    after: str | None = None  # translation after it
    assessment_id: int | None = None  # the assessment current after this decision

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "item_id": self.item_id,
            "reviewer": self.reviewer,
            "at": self.at,
            "action": self.action,
            "note": self.note,
            "before": self.before,
            "after": self.after,
            "assessment_id": self.assessment_id,
        }


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """A queue item with its current assessment and full decision history."""

    id: int
    status: QueueStatus
    assessment: Assessment
    decisions: tuple[Decision, ...]
    created: str
    updated: str
    claimed_by: str | None = None
    claim_expires: str | None = None
    assessment_id: int | None = None
    run_id: int | None = None

    @property
    def level(self) -> Level | None:
        return self.assessment.risk.level if self.assessment.risk else None

    @property
    def score(self) -> float | None:
        return self.assessment.risk.score if self.assessment.risk else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "status": self.status,
            "claimed_by": self.claimed_by,
            "claim_expires": self.claim_expires,
            "created": self.created,
            "updated": self.updated,
            "assessment_id": self.assessment_id,
            "run_id": self.run_id,
            "assessment": self.assessment.to_dict(),
            "decisions": [d.to_dict() for d in self.decisions],
        }


@dataclass(frozen=True, slots=True)
class SubmitResult:
    """What one submit did."""

    run_id: int
    assessed: int  # assessments stored by this run
    queued: int  # of those, put in the review queue
    skipped: int = 0  # message/target pairs already assessed (a resumed or repeated submit)
    redacted: int = 0  # messages whose text had personal data replaced
    cancelled: bool = False
    by_level: dict[str, int] = field(default_factory=dict)
    # "en->ja" -> how many assessments have no translation (or no back-translation) for it
    missing_engines: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "assessed": self.assessed,
            "queued": self.queued,
            "skipped": self.skipped,
            "redacted": self.redacted,
            "cancelled": self.cancelled,
            "by_level": dict(self.by_level),
            "missing_engines": dict(self.missing_engines),
        }


@dataclass(frozen=True, slots=True)
class QueueStats:
    """Queue totals for headers, dashboards and `workbench queue stats`."""

    total: int
    by_status: dict[str, int]
    by_level: dict[str, int]  # open items (queued, released, claimed) per risk level
    by_language: dict[str, int]  # open items per target language
    decisions_by_reviewer: dict[str, int]  # approve/edit/reject/escalate decisions
    oldest_open: str | None  # created time of the oldest open item
    runs: int
    assessments: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "by_status": dict(self.by_status),
            "by_level": dict(self.by_level),
            "by_language": dict(self.by_language),
            "decisions_by_reviewer": dict(self.decisions_by_reviewer),
            "oldest_open": self.oldest_open,
            "runs": self.runs,
            "assessments": self.assessments,
        }


@dataclass(frozen=True, slots=True)
class PurgeReport:
    """What a retention or deletion request removed (also recorded in the purges table)."""

    criteria: str  # e.g. "older than 2026-10-23T11:00:00+00:00; customer sha256:ab12…"
    messages: int = 0
    assessments: int = 0
    findings: int = 0
    queue_items: int = 0
    decisions: int = 0
    translations: int = 0  # MT cache entries
    derived: int = 0  # embedding and score cache entries (cleared whole: they hold no ids)
    purge_id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "purge_id": self.purge_id,
            "criteria": self.criteria,
            "messages": self.messages,
            "assessments": self.assessments,
            "findings": self.findings,
            "queue_items": self.queue_items,
            "decisions": self.decisions,
            "translations": self.translations,
            "derived": self.derived,
        }
