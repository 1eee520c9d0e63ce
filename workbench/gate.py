"""The CI gate: which assessments fail a build, after baseline suppressions."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from workbench.errors import UsageError
from workbench.models import LEVELS, Assessment, Finding
from workbench.risk import RiskPolicy

BASELINE_VERSION = 1


def fingerprint(assessment: Assessment, finding: Finding | None) -> str:
    """Stable id of one finding (or of the drift verdict when `finding` is None).

    Made of the template id, target, rule and the text the finding points at — not its
    offsets — so editing an unrelated sentence does not resurrect a baselined finding.
    """
    item = assessment.item
    if finding is None:
        parts = [item.message.id, item.target, "drift", item.message.text]
    else:
        text = item.text_of(finding.field) or ""
        parts = [
            item.message.id,
            item.target,
            finding.rule_id,
            text[finding.span[0] : finding.span[1]],
        ]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:24]


@dataclass(frozen=True)
class Failure:
    assessment: Assessment
    findings: tuple[Finding, ...]  # the new (not baselined) findings
    level: str
    drift_exceeded: bool


@dataclass
class GateResult:
    failures: list[Failure] = field(default_factory=list)
    suppressed: int = 0  # findings hidden by the baseline or per-template ignores
    # "en->ja: why" for every direction with no engine; each entry is a check not made
    missing_engines: list[str] = field(default_factory=list)
    unverified: int = 0  # translations whose meaning could not be checked (no way back)

    @property
    def passed(self) -> bool:
        return not self.failures

    @property
    def verdict(self) -> str:
        """failed / incomplete (an engine is missing) / passed."""
        if self.failures:
            return "failed"
        return "incomplete" if self.missing_engines else "passed"


def load_baseline(path: str | Path) -> set[str]:
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(
            f"baseline file {p} does not exist; create it with --write-baseline"
        ) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"baseline file {p} is not valid JSON ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("fingerprints"), list):
        raise UsageError(f"baseline file {p} has no 'fingerprints' list")
    return {str(f) for f in data["fingerprints"]}


def write_baseline(path: str | Path, assessments: Sequence[Assessment]) -> int:
    """Record every current finding (and drift verdict) so only new ones fail later."""
    prints = sorted(
        {fingerprint(a, f) for a in assessments for f in a.findings}
        | {fingerprint(a, None) for a in assessments}
    )
    Path(path).write_text(
        json.dumps({"version": BASELINE_VERSION, "fingerprints": prints}, indent=1) + "\n",
        encoding="utf-8",
    )
    return len(prints)


def evaluate_gate(
    assessments: Sequence[Assessment],
    policy: RiskPolicy,
    *,
    fail_on: str = "high",
    max_drift: float | None = None,
    baseline: set[str] | None = None,
) -> GateResult:
    """Fail an assessment when its translation alone (no sensitive-topic floors, no baselined
    findings) reaches `fail_on`, or its drift exceeds `max_drift`."""
    if fail_on not in LEVELS:
        raise UsageError(f"--fail-on must be one of {', '.join(LEVELS)}")
    baseline = baseline or set()
    result = GateResult()
    threshold = LEVELS.index(fail_on)  # type: ignore[arg-type]
    for a in assessments:
        item = a.item
        source, target = item.message.source_lang, item.target_language
        if item.translation is None and a.unavailable.get("translation"):
            result.missing_engines.append(f"{source}->{target}: {a.unavailable['translation']}")
        elif item.back_translation is None and a.unavailable.get("back_translation"):
            # the translation exists but its meaning cannot be checked: say so, never pass quietly
            result.unverified += 1
            result.missing_engines.append(
                f"{target}->{source}: {a.unavailable['back_translation']}"
            )
        new = tuple(f for f in a.findings if fingerprint(a, f) not in baseline)
        result.suppressed += len(a.findings) - len(new)
        drift_known = fingerprint(a, None) in baseline
        signals = (
            a.signals if not drift_known else {k: v for k, v in a.signals.items() if k != "drift"}
        )
        risk = policy.evaluate(a.item, signals, new, include_sensitive=False)
        drift = a.signals.get("drift")
        drift_exceeded = (
            max_drift is not None
            and isinstance(drift, (int, float))
            and drift > max_drift
            and not drift_known
        )
        if LEVELS.index(risk.level) >= threshold or drift_exceeded:
            result.failures.append(Failure(a, new, risk.level, drift_exceeded))
    result.missing_engines = sorted(set(result.missing_engines))
    return result
