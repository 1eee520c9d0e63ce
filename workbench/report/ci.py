"""CI reports: plain text, GitHub workflow annotations, JUnit XML and SARIF 2.1.0."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote
from xml.etree import ElementTree as ET

from workbench import __version__
from workbench.batch import BatchResult
from workbench.gate import Failure, GateResult, fingerprint
from workbench.models import Finding
from workbench.scoring.rules import describe
from workbench.terminal_text import visible_line

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
        head = f"{path}:{line}: [{f.level}] {a.item.message.id} → {a.item.target}"
        if f.drift_exceeded or not f.findings:
            lines.append(f"{head}: drift.limit: {_describe(f)}")
        # one line per finding: where, which rule, what is wrong (editors and CI link file:line)
        lines.extend(f"{head}: {x.rule_id}: {x.message}" for x in f.findings)
    for missing in gate.missing_engines:
        lines.append(f"missing engine {missing}")
    if gate.unverified:
        lines.append(
            f"{gate.unverified} translations could not be back-translated: drift, negation and "
            "number checks against the draft were not made for them"
        )
    # One line per problem: paths, ids and finding messages quote data that could hold
    # line breaks or escape sequences.
    lines = [visible_line(line) for line in lines]
    verdict = gate.verdict
    if verdict == "passed" and result.problems:
        verdict = "incomplete"  # never "passed" while some input could not be read
    skipped = ", ".join(f"{n} {why}" for why, n in result.skipped_by_reason().items())
    lines.append(
        f"workbench check {verdict}: {len(gate.failures)} of {len(result.assessments)} "
        f"translations over the gate, {gate.suppressed} findings suppressed by the baseline, "
        f"{len(result.problems)} unreadable file{'' if len(result.problems) == 1 else 's'}"
        + (f", {len(result.skipped)} units skipped ({visible_line(skipped)})" if skipped else "")
    )
    return "\n".join(lines) + "\n"


def _escape_data(text: str) -> str:
    # Workflow logs render escape sequences: control characters are shown, not run.
    return visible_line(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


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
        rules = sorted({x.rule_id for x in f.findings}) or ["drift.limit"]
        title = f"{a.item.message.id} → {a.item.target}: {f.level} risk ({', '.join(rules)})"
        # the message: one finding per line, each with its rule id
        body = "\n".join(f"{x.rule_id}: {x.message}" for x in f.findings) or _describe(f)
        lines.append(
            f"::{kind} file={_escape_property(path)},line={line},"
            f"title={_escape_property(title)}::{_escape_data(body)}"
        )
    return "\n".join(lines) + ("\n" if lines else "")


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml(text: str) -> str:
    """Text XML 1.0 can carry: control characters from a template would make the file invalid."""
    return _XML_INVALID.sub("\ufffd", text)


def _suite(
    parent: ET.Element, index: int, name: str, stamp: str, counts: dict[str, int]
) -> ET.Element:
    """A <testsuite> with every attribute and child the Ant/Jenkins JUnit schema requires."""
    suite = ET.SubElement(
        parent,
        "testsuite",
        name=name,
        package="workbench",
        id=str(index),
        timestamp=stamp,
        hostname="localhost",
        tests=str(counts["tests"]),
        failures=str(counts["failures"]),
        errors=str(counts["errors"]),
        skipped=str(counts["skipped"]),
        time="0",
    )
    ET.SubElement(suite, "properties")
    return suite


def _close_suite(suite: ET.Element, out: list[str]) -> None:
    ET.SubElement(suite, "system-out").text = _xml("\n".join(out))
    ET.SubElement(suite, "system-err")


def to_junit(result: BatchResult, gate: GateResult) -> str:
    """One testsuite per target locale, one testcase per template (Ant/Jenkins JUnit schema).

    That schema has no file/line attributes on a testcase, so each failure's text starts with
    `path:line:` (what Jenkins, GitLab and IDEs turn into a link).
    """
    failing = {(f.assessment.item.message.id, f.assessment.item.target): f for f in gate.failures}
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S")
    suites = ET.Element("testsuites")
    by_target: dict[str, list] = {}
    for a in result.assessments:
        by_target.setdefault(a.item.target, []).append(a)
    for index, (target, items) in enumerate(sorted(by_target.items())):
        fails = [a for a in items if (a.item.message.id, target) in failing]
        skipped = [a for a in items if a.item.translation is None and a not in fails]
        suite = _suite(
            suites,
            index,
            f"translations.{target}",
            stamp,
            {"tests": len(items), "failures": len(fails), "errors": 0, "skipped": len(skipped)},
        )
        out = []
        for a in items:
            message = a.item.message
            case = ET.SubElement(
                suite,
                "testcase",
                name=_xml(message.id),
                classname=f"workbench.{target}",
                time="0",
            )
            where = f"{message.origin}:{message.line or 1}" if message.origin else message.id
            failure = failing.get((message.id, target))
            if failure:
                node = ET.SubElement(
                    case,
                    "failure",
                    message=_xml(_describe(failure)[:500]),
                    type=f"risk.{failure.level}",
                )
                node.text = _xml(
                    "\n".join(f"{where}: {x.rule_id}: {x.message}" for x in failure.findings)
                    or f"{where}: {_describe(failure)}"
                )
                out.append(f"{where}: {message.id} → {target}: {failure.level} risk")
            elif a.item.translation is None:
                why = a.unavailable.get("translation", "no translation")
                ET.SubElement(case, "skipped", message=_xml(why))
        _close_suite(suite, out)
    if result.problems:
        n = len(result.problems)
        suite = _suite(
            suites,
            len(by_target),
            "library",
            stamp,
            {"tests": n, "failures": 0, "errors": n, "skipped": 0},
        )
        for p in result.problems:
            case = ET.SubElement(
                suite, "testcase", name=_xml(p.path), classname="workbench.read", time="0"
            )
            node = ET.SubElement(case, "error", message=_xml(p.reason), type="unreadable")
            node.text = _xml(str(p))
        _close_suite(suite, [str(p) for p in result.problems])
    ET.indent(suites)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
    )


# SARIF names the folder paths are relative to; originalUriBaseIds says where it was.
SRCROOT = "SRCROOT"
FINGERPRINT_KEY = "workbenchFinding/v1"


def artifact_location(path: str, root: Path | None = None) -> dict[str, str]:
    """A SARIF artifactLocation: a percent-encoded URI relative to SRCROOT (the working folder)
    when the file is inside it, else an absolute file: URI."""
    base = (root or Path.cwd()).resolve()
    full = Path(path) if Path(path).is_absolute() else base / path
    try:
        relative = full.resolve().relative_to(base)
    except ValueError:
        return {"uri": full.resolve().as_uri()}
    return {"uri": quote(relative.as_posix(), safe="/"), "uriBaseId": SRCROOT}


def _sarif_result(f: Failure, finding: Finding | None, rule_index: dict[str, int]) -> dict:
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
        "ruleIndex": rule_index.setdefault(rule, len(rule_index)),
        "level": level,
        "message": {"text": text},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": artifact_location(path),
                    "region": {"startLine": line},
                }
            }
        ],
        # template id, target, rule and the flagged words: not the line, so moving a
        # template inside its file keeps the same identity (and the baseline uses the same id)
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(a, finding)},
        "properties": {"template": a.item.message.id, "target": a.item.target, "risk": f.level},
    }


def _sarif_rule(rule_id: str) -> dict:
    rule = describe(rule_id)
    return {
        "id": rule_id,
        "name": rule_id.replace(".", "/"),
        "shortDescription": {"text": rule.short},
        "fullDescription": {"text": rule.full},
        "help": {"text": rule.help},
        "defaultConfiguration": {"level": SARIF_LEVEL[rule.level]},
        "properties": {"tags": [rule.family]},
    }


def _notification(level: str, text: str, path: str | None = None, line: int | None = None) -> dict:
    note: dict = {"level": level, "message": {"text": text}}
    if path:
        note["locations"] = [
            {
                "physicalLocation": {
                    "artifactLocation": artifact_location(path),
                    "region": {"startLine": line or 1},
                }
            }
        ]
    return note


def to_sarif(result: BatchResult, gate: GateResult) -> str:
    results = []
    rule_index: dict[str, int] = {}
    for f in gate.failures:
        if f.drift_exceeded or not f.findings:
            results.append(_sarif_result(f, None, rule_index))
        results.extend(_sarif_result(f, x, rule_index) for x in f.findings)
    notifications = [_notification("error", p.reason, p.path, p.line) for p in result.problems]
    notifications += [_notification("warning", f"missing engine {m}") for m in gate.missing_engines]
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
                        "rules": [_sarif_rule(r) for r in rule_index],
                    }
                },
                "originalUriBaseIds": {SRCROOT: {"uri": Path.cwd().resolve().as_uri() + "/"}},
                "results": results,
                "invocations": [
                    {
                        "executionSuccessful": not result.problems,
                        "toolExecutionNotifications": notifications,
                    }
                ],
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
