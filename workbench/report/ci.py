"""CI reports: plain text, GitHub workflow annotations, JUnit XML and SARIF 2.1.0."""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

from workbench import __version__
from workbench.batch import BatchResult
from workbench.gate import Failure, GateResult
from workbench.models import Finding

SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _where(failure: Failure) -> tuple[str, int]:
    message = failure.assessment.item.message
    return message.origin or message.id, message.line or 1


def _describe(failure: Failure) -> str:
    a = failure.assessment
    reasons = [f.message for f in failure.findings]
    if failure.drift_exceeded:
        reasons.insert(0, f"drift {a.signals.get('drift', 0):.2f} above the limit")
    return "; ".join(reasons) or "; ".join(a.risk.reasons if a.risk else ()) or failure.level


def to_text(result: BatchResult, gate: GateResult) -> str:
    lines = []
    for p in result.problems:
        lines.append(f"{p}: could not be read")
    for f in gate.failures:
        path, line = _where(f)
        a = f.assessment
        lines.append(
            f"{path}:{line}: [{f.level}] {a.item.message.id} → {a.item.target}: {_describe(f)}"
        )
    for missing in gate.missing_engines:
        lines.append(f"missing engine {missing}")
    if gate.unverified:
        lines.append(
            f"{gate.unverified} translations could not be back-translated: drift, negation and "
            "number checks against the draft were not made for them"
        )
    lines.append(
        f"workbench check {gate.verdict}: {len(gate.failures)} of {len(result.assessments)} "
        f"translations over the gate, {gate.suppressed} findings suppressed by the baseline, "
        f"{len(result.problems)} unreadable files"
    )
    return "\n".join(lines) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def to_github(result: BatchResult, gate: GateResult) -> str:
    """GitHub workflow commands (::error file=…,line=…,title=…::message)."""
    lines = []
    for p in result.problems:
        lines.append(
            f"::error file={_escape_property(p.path)},line={p.line or 1},"
            f"title=unreadable template::{_escape_data(p.reason)}"
        )
    for f in gate.failures:
        path, line = _where(f)
        kind = "error" if f.level == "high" else "warning"
        a = f.assessment
        title = f"{a.item.message.id} → {a.item.target}: {f.level} risk"
        lines.append(
            f"::{kind} file={_escape_property(path)},line={line},"
            f"title={_escape_property(title)}::{_escape_data(_describe(f))}"
        )
    return "\n".join(lines) + ("\n" if lines else "")


def to_junit(result: BatchResult, gate: GateResult) -> str:
    """One testsuite per target locale, one testcase per template."""
    failing = {(f.assessment.item.message.id, f.assessment.item.target): f for f in gate.failures}
    suites = ET.Element(
        "testsuites",
        name="workbench check",
        tests=str(len(result.assessments)),
        failures=str(len(gate.failures)),
        errors=str(len(result.problems)),
    )
    by_target: dict[str, list] = {}
    for a in result.assessments:
        by_target.setdefault(a.item.target, []).append(a)
    for target, items in sorted(by_target.items()):
        fails = [a for a in items if (a.item.message.id, target) in failing]
        suite = ET.SubElement(
            suites,
            "testsuite",
            name=f"translations.{target}",
            tests=str(len(items)),
            failures=str(len(fails)),
            errors="0",
            skipped="0",
            time="0",
        )
        for a in items:
            case = ET.SubElement(
                suite, "testcase", name=a.item.message.id, classname=f"workbench.{target}", time="0"
            )
            if a.item.message.origin:
                case.set("file", a.item.message.origin)
                case.set("line", str(a.item.message.line or 1))
            failure = failing.get((a.item.message.id, target))
            if failure:
                node = ET.SubElement(
                    case, "failure", message=_describe(failure)[:500], type=f"risk.{failure.level}"
                )
                node.text = "\n".join(f"{x.rule_id}: {x.message}" for x in failure.findings)
    if result.problems:
        suite = ET.SubElement(
            suites,
            "testsuite",
            name="library",
            tests=str(len(result.problems)),
            failures="0",
            errors=str(len(result.problems)),
            skipped="0",
            time="0",
        )
        for p in result.problems:
            case = ET.SubElement(
                suite, "testcase", name=p.path, classname="workbench.read", time="0"
            )
            ET.SubElement(case, "error", message=p.reason, type="unreadable")
    ET.indent(suites)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
    )


def _sarif_result(f: Failure, finding: Finding | None) -> dict:
    path, line = _where(f)
    a = f.assessment
    if finding is None:
        rule, level, text = "drift.limit", "error", _describe(f)
    else:
        rule, level = finding.rule_id, SARIF_LEVEL[finding.severity]
        text = f"{a.item.message.id} → {a.item.target} ({finding.field}): {finding.message}"
        if finding.suggestion:
            text += f" Suggestion: {finding.suggestion}"
    return {
        "ruleId": rule,
        "level": level,
        "message": {"text": text},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": path},
                    "region": {"startLine": line},
                }
            }
        ],
        "properties": {"target": a.item.target, "risk": f.level},
    }


def to_sarif(result: BatchResult, gate: GateResult) -> str:
    results = []
    for f in gate.failures:
        if f.drift_exceeded or not f.findings:
            results.append(_sarif_result(f, None))
        results.extend(_sarif_result(f, x) for x in f.findings)
    rule_ids = sorted({r["ruleId"] for r in results})
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "workbench",
                        "version": __version__,
                        "informationUri": "https://pypi.org/project/workbench/",
                        "rules": [{"id": r, "shortDescription": {"text": r}} for r in rule_ids],
                    }
                },
                "results": results,
                "invocations": [
                    {
                        "executionSuccessful": True,
                        "toolExecutionNotifications": [
                            {"level": "error", "message": {"text": f"{p}"}} for p in result.problems
                        ],
                    }
                ],
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
