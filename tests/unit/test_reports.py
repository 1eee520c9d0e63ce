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


def sarif_validator() -> jsonschema.Draft4Validator:
    """The official OASIS SARIF 2.1.0 schema, with URI formats checked."""
    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())


def test_sarif_validates_against_the_official_schema(result: BatchResult) -> None:
    log = json.loads(render("sarif", result, gate(result, fail_on="medium")))
    sarif_validator().validate(log)
    run = log["runs"][0]
    results = run["results"]
    assert {r["ruleId"] for r in results} == {
        "terms.dnt_changed",
        "formality.mixed",
        "idioms.idiom",
    }
    location = results[0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {
        "uri": "templates/en/informal.md",
        "uriBaseId": "SRCROOT",
    }
    assert run["originalUriBaseIds"]["SRCROOT"]["uri"] == Path.cwd().resolve().as_uri() + "/"
    assert location["region"]["startLine"] == 3
    # every result points at its rule's metadata, described from the rule table
    rules = run["tool"]["driver"]["rules"]
    for r in results:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
    mixed = next(x for x in rules if x["id"] == "formality.mixed")
    assert mixed["shortDescription"]["text"] == "Mixed formal and informal address"
    assert mixed["defaultConfiguration"]["level"] == "error"
    assert mixed["help"]["text"] and mixed["fullDescription"]["text"] != mixed["id"]
    idiom = next(x for x in rules if x["id"] == "idioms.idiom")
    assert idiom["defaultConfiguration"]["level"] == "warning"
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert notes[0]["level"] == "error" and "not valid UTF-8" in notes[0]["message"]["text"]
    assert run["invocations"][0]["executionSuccessful"] is False  # a file could not be read


def test_sarif_schema_rejects_what_it_should() -> None:
    """The validator is the real one: an unencoded URI or a bad level is an error."""
    validator = sarif_validator()
    bad_level = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [
        {"message": {"text": "m"}, "level": "fatal"}]}]}  # fmt: skip
    assert not validator.is_valid(bad_level)
    bad_base = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}},
        "originalUriBaseIds": {"SRCROOT": {"uri": "file:///my templates/"}}}]}  # fmt: skip
    assert not validator.is_valid(bad_base)


def test_sarif_uri_round_trips_spaces_hash_and_non_ascii(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from urllib.parse import unquote, urljoin

    from rfc3986_validator import validate_rfc3986

    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "support replies" / "#1 urgent" / "en"
    folder.mkdir(parents=True)
    file = folder / "Rückgabe 50% #2.md"
    file.write_text("Hello\n", encoding="utf-8")
    rel = str(file.relative_to(tmp_path))
    findings = [INFORMAL]
    item = PipelineItem(Message("r", "Hello", origin=rel, line=1), "de-DE", "Hallo", "Hello")
    a = Assessment(item, {}, tuple(findings), {}, POLICY.evaluate(item, {}, findings))
    outside = tmp_path.parent / f"{tmp_path.name} other #3.md"
    item2 = PipelineItem(Message("o", "Hi", origin=str(outside), line=2), "de-DE", "Hi", "Hi")
    b = Assessment(item2, {}, tuple(findings), {}, POLICY.evaluate(item2, {}, findings))
    batch = BatchResult(assessments=[a, b], messages=2, files=2)
    log = json.loads(render("sarif", batch, gate(batch, fail_on="medium")))
    sarif_validator().validate(log)
    run = log["runs"][0]
    base = run["originalUriBaseIds"]["SRCROOT"]["uri"]
    inside, other = (
        r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run["results"]
    )
    assert " " not in inside["uri"] and "#" not in inside["uri"]
    assert validate_rfc3986(inside["uri"], rule="URI_reference")
    resolved = urljoin(base, inside["uri"])
    assert resolved.startswith("file://")
    assert Path(unquote(resolved.removeprefix("file://"))) == file.resolve()
    assert "uriBaseId" not in other and validate_rfc3986(other["uri"], rule="URI")
    assert Path(unquote(other["uri"].removeprefix("file://"))) == outside.resolve()


def test_sarif_fingerprints_survive_line_moves_and_reruns(result: BatchResult) -> None:
    def prints(batch: BatchResult) -> list[str]:
        log = json.loads(render("sarif", batch, gate(batch, fail_on="medium")))
        return [r["partialFingerprints"]["workbenchFinding/v1"] for r in log["runs"][0]["results"]]

    first = prints(result)
    assert first == prints(result) and len(set(first)) == len(first)
    moved = BatchResult(
        assessments=[
            Assessment(
                PipelineItem(
                    Message(
                        a.item.message.id,
                        a.item.message.text,
                        origin=a.item.message.origin,
                        line=40,
                    ),
                    a.item.target,
                    a.item.translation,
                    a.item.back_translation,
                ),
                a.signals,
                a.findings,
                a.unavailable,
                a.risk,
            )
            for a in result.assessments
        ]
    )
    assert prints(moved) == first
    # another rule on the same template is another finding
    mixed = result.assessments[2]
    assert fingerprint(mixed, IDIOM) != fingerprint(mixed, MIXED)


def junit_schema() -> etree.XMLSchema:
    """The Apache Ant JUnit schema (windyroad/JUnit-Schema) that Jenkins and others follow."""
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "JUnit.xsd")))


def test_junit_validates_against_the_ant_schema(result: BatchResult) -> None:
    xml = render("junit", result, gate(result))
    doc = etree.fromstring(xml.encode("utf-8"))
    junit_schema().assertValid(doc)
    suites = doc.findall("testsuite")
    assert [s.get("name") for s in suites] == ["translations.de-DE", "library"]
    assert suites[0].get("failures") == "1" and suites[1].get("errors") == "1"
    failure = doc.find(".//testcase[@name='mixed']/failure")
    assert failure is not None and "formality.mixed" in failure.text
    assert failure.text.startswith("templates/en/mixed.md:3: ")


def test_junit_stays_valid_with_hostile_text(result: BatchResult) -> None:
    nasty = 'bad\x00\x1b[31m <![CDATA[ ]]> & "quote" \ud7ff\uffff'
    finding = Finding("formality.mixed", nasty, (0, 3), "translation", "error")
    a = assess(nasty, nasty, [finding])
    batch = BatchResult(assessments=[a], messages=1, files=1)
    doc = etree.fromstring(render("junit", batch, gate(batch)).encode("utf-8"))
    junit_schema().assertValid(doc)
    assert not junit_schema().validate(etree.fromstring(b"<testsuites><testsuite/></testsuites>"))


def test_github_annotations_point_at_file_and_line(result: BatchResult) -> None:
    lines = render("github", result, gate(result)).splitlines()
    assert (
        lines[0]
        == "::error file=templates/en/bad.md,line=1,title=unreadable template::not valid UTF-8 (byte 3)"
    )
    assert lines[1] == (
        "::error file=templates/en/mixed.md,line=3,title=mixed → de-DE%3A high risk "
        "(formality.mixed%2C idioms.idiom)::formality.mixed: mixed register: du and Sie%0A"
        "idioms.idiom: idiom 'hang tight'"
    )


def test_text_verdict(result: BatchResult) -> None:
    text = render("text", result, gate(result))
    # one line per finding: file:line, the rule id and the message
    assert "templates/en/mixed.md:3: [high] mixed → de-DE: formality.mixed: mixed register" in text
    assert "templates/en/mixed.md:3: [high] mixed → de-DE: idioms.idiom: idiom 'hang tight'" in text
    assert text.rstrip().endswith("1 unreadable file")


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
    import base64
    import hashlib
    import re

    page = render("html", result)
    # one inline script, the only one the Content-Security-Policy lets run; nothing loaded
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert len(scripts) == 1 and page.count("<script") == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in page and "default-src 'none'" in page
    assert not re.search(r"""(src|href)=["']?(https?:|//)""", page)
    assert "&lt;soon&gt;" in page and "<soon>" not in page
    assert '<mark class="c-formality"' in page and "<svg" in page
    assert page.index("mixed</b>") < page.index("informal</b>")  # worst first
    # file:line per item, the per-rule and per-locale summaries, unreadable files with reasons
    assert '<a class="loc" href="templates/en/mixed.md">templates/en/mixed.md:3</a>' in page
    assert 'data-rule="formality.mixed"' in page and "Mixed formal and informal address" in page
    assert 'data-locale="de-DE"' in page
    assert "templates/en/bad.md: not valid UTF-8 (byte 3)" in page


def test_html_shows_notes_and_units_not_checked(result: BatchResult) -> None:
    from workbench.corpus.types import SkippedUnit

    noted = assess("noted", "Hallo", [])
    message = noted.item.message
    item = PipelineItem(
        Message(message.id, message.text, notes=("Context: <b>button</b> label",)),
        "de-DE",
        "Hallo",
        None,
    )
    batch = BatchResult(
        assessments=[Assessment(item, {}, (), {}, None)],
        skipped=[
            SkippedUnit("de.po", "not translated yet", "Save", 4),
            SkippedUnit("de.po", "not translated yet", "Open", 8),
            SkippedUnit("af.po", "unsupported language 'af'"),
        ],
    )
    page = render("html", batch)
    assert "<td>note</td><td>Context: &lt;b&gt;button&lt;/b&gt; label</td>" in page
    assert page.count("Skipped units (3)") == 1
    assert "<li>2 not translated yet</li>" in page
    assert "<li>de.po:4: Save: not translated yet</li>" in page


def test_html_lists_every_translation(result: BatchResult) -> None:
    many = BatchResult(assessments=result.assessments * 150, messages=450, files=1)
    assert render("html", many).count("<details ") == 450  # paged in the page, never cut


def test_markdown(result: BatchResult) -> None:
    md = render("md", result)
    assert "| de-DE | 1 | 1 | 1 |" in md


def test_unknown_format() -> None:
    with pytest.raises(UsageError, match="choose one of"):
        render("pdf", BatchResult())
