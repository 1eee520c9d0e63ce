"""Report formats and the CI gate, on hand-made assessments (no models needed)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest
from lxml import etree

from workbench.batch import BatchResult
from workbench.config import Config
from workbench.corpus import CorpusProblem
from workbench.errors import UsageError
from workbench.gate import evaluate_gate, fingerprint, load_baseline, write_baseline
from workbench.models import Assessment, Finding, Message, PipelineItem
from workbench.report import render
from workbench.risk import RiskPolicy

SCHEMAS = Path(__file__).parent.parent / "schemas"
POLICY = RiskPolicy.from_config(Config())


def assess(
    ident: str,
    translation: str,
    findings: list[Finding],
    drift: float = 0.05,
    text: str = "Your order #123 shipped & will arrive <soon>.",
) -> Assessment:
    item = PipelineItem(
        Message(ident, text, origin=f"templates/en/{ident}.md", line=3),
        "de-DE",
        translation,
        "Your order #123 was sent.",
    )
    signals = {"drift": drift, "register_detected": "informal", "register_expected": "formal"}
    return Assessment(item, signals, tuple(findings), {}, POLICY.evaluate(item, signals, findings))


INFORMAL = Finding(  # an error that is not in the high-risk lists: medium
    "terms.dnt_changed",
    "the brand name PayPal was changed",
    (0, 5),
    "translation",
    "error",
    "Keep PayPal",
)
MIXED = Finding("formality.mixed", "mixed register: du and Sie", (0, 5), "translation", "error")
IDIOM = Finding("idioms.idiom", "idiom 'hang tight'", (0, 4), "source", "warning", "please wait")


@pytest.fixture
def result() -> BatchResult:
    return BatchResult(
        assessments=[
            assess("clean", "Ihre Bestellung #123 wurde versandt.", []),
            assess("informal", "Deine Bestellung #123 wurde versandt.", [INFORMAL]),
            assess("mixed", "Deine Bestellung, Sie", [MIXED, IDIOM]),
        ],
        problems=[CorpusProblem("templates/en/bad.md", "not valid UTF-8 (byte 3)")],
        signature={"mt": {"en-de": "argos:translate-en_de-1_9"}},
        messages=3,
        files=4,
    )


def gate(result: BatchResult, **kw):  # type: ignore[no-untyped-def]
    return evaluate_gate(result.assessments, POLICY, **kw)


def test_gate_levels(result: BatchResult) -> None:
    assert [f.assessment.item.message.id for f in gate(result).failures] == ["mixed"]
    assert [f.assessment.item.message.id for f in gate(result, fail_on="medium").failures] == [
        "informal",
        "mixed",
    ]
    assert [f.assessment.item.message.id for f in gate(result, max_drift=0.01).failures] == [
        "clean",
        "informal",
        "mixed",
    ]


def test_baseline_suppresses_only_known_findings(result: BatchResult, tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    write_baseline(path, result.assessments)
    known = load_baseline(path)
    assert gate(result, fail_on="medium", baseline=known).passed
    # a new finding on a baselined template still fails
    newer = assess("informal", "Deine Bestellung #123 wurde versandt.", [INFORMAL, MIXED])
    outcome = evaluate_gate([newer], POLICY, baseline=known)
    assert [f.rule_id for f in outcome.failures[0].findings] == ["formality.mixed"]
    assert fingerprint(newer, INFORMAL) in known


def test_bad_baseline_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "b.json").write_text("[]", encoding="utf-8")
    with pytest.raises(UsageError, match="no 'fingerprints' list"):
        load_baseline(tmp_path / "b.json")
    with pytest.raises(UsageError, match="does not exist"):
        load_baseline(tmp_path / "missing.json")


def test_sarif_validates(result: BatchResult) -> None:
    log = json.loads(render("sarif", result, gate(result, fail_on="medium")))
    schema = json.loads((SCHEMAS / "sarif-2.1.0-subset.json").read_text(encoding="utf-8"))
    jsonschema.validate(log, schema)
    results = log["runs"][0]["results"]
    assert {r["ruleId"] for r in results} == {
        "terms.dnt_changed",
        "formality.mixed",
        "idioms.idiom",
    }
    location = results[0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "templates/en/informal.md"
    assert location["region"]["startLine"] == 3


def test_junit_validates(result: BatchResult) -> None:
    xml = render("junit", result, gate(result))
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "junit-subset.xsd")))
    doc = etree.fromstring(xml.encode("utf-8"))
    schema.assertValid(doc)
    assert doc.get("failures") == "1" and doc.get("errors") == "1"
    failure = doc.find(".//testcase[@name='mixed']/failure")
    assert failure is not None and "formality.mixed" in failure.text


def test_github_annotations_point_at_file_and_line(result: BatchResult) -> None:
    lines = render("github", result, gate(result)).splitlines()
    assert (
        lines[0]
        == "::error file=templates/en/bad.md,line=1,title=unreadable template::not valid UTF-8 (byte 3)"
    )
    assert lines[1].startswith(
        "::error file=templates/en/mixed.md,line=3,title=mixed → de-DE%3A high risk::"
    )


def test_text_verdict(result: BatchResult) -> None:
    text = render("text", result, gate(result))
    assert "templates/en/mixed.md:3: [high] mixed → de-DE" in text
    assert text.rstrip().endswith("1 unreadable files")


def test_json_jsonl_csv(result: BatchResult) -> None:
    data = json.loads(render("json", result))
    assert data["summary"] == {"de-DE": {"low": 1, "medium": 1, "high": 1}}
    assert data["problems"][0]["reason"] == "not valid UTF-8 (byte 3)"
    lines = render("jsonl", result).splitlines()
    assert [json.loads(x)["id"] for x in lines] == ["clean", "informal", "mixed"]
    first = json.loads(lines[1])
    assert {
        "id",
        "target",
        "translation",
        "back_translation",
        "signals",
        "findings",
        "risk",
        "unavailable",
    } <= set(first)
    rows = list(csv.DictReader(io.StringIO(render("csv", result))))
    assert [r["level"] for r in rows] == ["low", "medium", "high"]


def test_html_is_self_contained_and_escapes_text(result: BatchResult) -> None:
    page = render("html", result)
    assert "<script" not in page and "http" not in page.split("<body>")[1].split("xmlns")[0]
    assert "&lt;soon&gt;" in page and "<soon>" not in page
    assert '<mark class="c-formality"' in page and "<svg" in page
    assert page.index("mixed") < page.index("informal</b>")  # worst first


def test_markdown(result: BatchResult) -> None:
    md = render("md", result)
    assert "| de-DE | 1 | 1 | 1 |" in md


def test_unknown_format() -> None:
    with pytest.raises(UsageError, match="choose one of"):
        render("pdf", BatchResult())
