"""Machine-readable reports: JSON, JSONL and CSV."""

from __future__ import annotations

import csv
import io
import json

from workbench.batch import BatchResult
from workbench.gate import GateResult

CSV_COLUMNS = [
    "id",
    "target",
    "level",
    "score",
    "drift",
    "register_detected",
    "register_expected",
    "findings",
    "top_reason",
    "origin",
    "line",
    "text",
    "translation",
    "back_translation",
]


def to_json(result: BatchResult, gate: GateResult | None = None) -> str:
    data = {
        "signature": result.signature,
        "summary": result.summary(),
        "messages": result.messages,
        "files": result.files,
        "problems": [{"path": p.path, "line": p.line, "reason": p.reason} for p in result.problems],
        "skipped": {
            "total": len(result.skipped),
            "by_reason": result.skipped_by_reason(),
            "units": [
                {"path": s.path, "line": s.line, "unit": s.unit, "reason": s.reason}
                for s in result.skipped
            ],
        },
        "checks_skipped": result.checks_skipped(),
        "results": [
            a.to_dict() | {"origin": a.item.message.origin, "line": a.item.message.line}
            for a in result.assessments
        ],
    }
    if gate is not None:
        data["gate"] = {
            "passed": gate.passed,
            "failures": [
                {
                    "id": f.assessment.item.message.id,
                    "target": f.assessment.item.target,
                    "level": f.level,
                    "drift_exceeded": f.drift_exceeded,
                    "findings": [x.to_dict() for x in f.findings],
                }
                for f in gate.failures
            ],
            "suppressed": gate.suppressed,
            "missing_engines": gate.missing_engines,
        }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def to_jsonl(result: BatchResult, gate: GateResult | None = None) -> str:
    return "".join(json.dumps(a.to_dict(), ensure_ascii=False) + "\n" for a in result.assessments)


def to_csv(result: BatchResult, gate: GateResult | None = None) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for a in result.assessments:
        risk = a.risk
        writer.writerow(
            {
                "id": a.item.message.id,
                "target": a.item.target,
                "level": risk.level if risk else "",
                "score": f"{risk.score:.3f}" if risk else "",
                "drift": _num(a.signals.get("drift")),
                "register_detected": a.signals.get("register_detected", ""),
                "register_expected": a.signals.get("register_expected", ""),
                "findings": len(a.findings),
                "top_reason": risk.reasons[0] if risk and risk.reasons else "",
                "origin": a.item.message.origin or "",
                "line": a.item.message.line or "",
                "text": a.item.message.text,
                "translation": a.item.translation or "",
                "back_translation": a.item.back_translation or "",
            }
        )
    return out.getvalue()


def _num(value: object) -> str:
    return f"{value:.3f}" if isinstance(value, (int, float)) else ""
