"""`workbench score` and `workbench check` end to end on a small library (real apertium)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from workbench.cli import main
from workbench.exit_codes import ExitCode

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("lib")
    files = {
        "en/refund.md": "---\nid: refund\n---\nYour refund for order #12345 has been issued.\n",
        "de/refund.md": "Deine Rückerstattung für Bestellung #12345 wurde veranlasst.\n",
        "en/thanks.md": "Thank you for your order. It will be shipped on Monday.\n",
        "de/thanks.md": "Vielen Dank für Ihre Bestellung. Sie wird am Montag versandt.\n",
        "en/broken.md": "---\nid: [oops\n---\nBody\n",
    }
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_score_json_report_and_store(library: Path, tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    code, out, err = invoke(
        "score", str(library), "--to", "es", "--format", "json", "--db", str(db)
    )
    assert code == 0, err
    report = json.loads(out)
    by_key = {(r["id"], r["target"]): r for r in report["results"]}
    assert set(by_key) == {
        ("refund", "es-ES"),
        ("refund", "de-DE"),
        ("thanks", "es-ES"),
        ("thanks", "de-DE"),
    }
    # the given German translation is checked as given, not re-translated
    assert by_key[("refund", "de-DE")]["translation"].startswith("Deine Rückerstattung")
    assert by_key[("refund", "de-DE")]["mt"]["forward"] == "given"
    assert any(
        f["rule_id"] == "formality.informal" for f in by_key[("refund", "de-DE")]["findings"]
    )
    assert by_key[("thanks", "es-ES")]["back_translation"]
    assert report["problems"][0]["path"].endswith("broken.md")
    assert "stored as run 1" in err and db.exists()


def test_check_gate_exit_codes_and_formats(library: Path, tmp_path: Path) -> None:
    code, out, _ = invoke(
        "check", str(library / "en" / "thanks.md"), "--to", "fr", "--fail-on", "high"
    )
    assert code == ExitCode.OK, out
    code, out, _ = invoke(
        "check", str(library), "--to", "es", "--fail-on", "medium", "--format", "github"
    )
    assert code == ExitCode.RISK_FOUND
    assert any(line.startswith("::") and "de/refund.md,line=1" in line for line in out.splitlines())
    baseline = tmp_path / "baseline.json"
    code, _, err = invoke("check", str(library), "--to", "es", "--write-baseline", str(baseline))
    assert code == 0 and "fingerprints" in err
    # with everything baselined, the German translations still cannot be checked back
    # (no de->en engine here): that is said, and exits 3 unless allowed
    args = ["check", str(library), "--to", "es", "--fail-on", "medium", "--baseline", str(baseline)]
    code, out, _ = invoke(*args)
    assert code == ExitCode.MODEL_UNAVAILABLE, out
    assert "missing engine de->en" in out and "could not be back-translated" in out
    assert "workbench check incomplete" in out
    # allowed: only the unreadable template remains, a usage problem
    code, out, _ = invoke(*args, "--allow-missing-engines")
    assert code == ExitCode.USAGE, out
    assert "broken.md" in out


def test_check_missing_engine_exits_3(library: Path) -> None:
    code, out, _ = invoke("check", str(library / "en" / "thanks.md"), "--to", "ja")
    assert code == ExitCode.MODEL_UNAVAILABLE
    assert "missing engine" in out


def test_bad_arguments_exit_2(library: Path) -> None:
    assert invoke("check", str(library), "--to", "klingon")[0] == ExitCode.USAGE
    assert invoke("check", str(library), "--baseline", "/nonexistent.json")[0] == ExitCode.USAGE
    assert invoke("score", "/no/such/path")[0] == ExitCode.USAGE


def _rules(report: dict) -> set[str]:
    return {f["rule_id"] for r in report["results"] for f in r["findings"]}


def test_select_ignore_and_inline_suppressions(tmp_path: Path) -> None:
    """The same catalog, with rules chosen on the command line, in config and in the file."""
    po = tmp_path / "locale" / "es" / "LC_MESSAGES" / "django.po"
    po.parent.mkdir(parents=True)
    header = (
        'msgid ""\nmsgstr ""\n"Language: es\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    )
    entries = (
        'msgid "Hello {name}, your refund is ready."\n'
        'msgstr "Hola {nombre}, su reembolso está listo."\n\n'
        "#. workbench: ignore=placeholders.changed\n"
        'msgid "Dear {name}, your order has shipped."\n'
        'msgstr "Estimado {nombre}, su pedido ha sido enviado."\n'
    )
    po.write_text(header + entries, encoding="utf-8")

    def run(*extra: str) -> dict:
        code, out, err = invoke("check", str(po), "--format", "json", "--fail-on", "medium", *extra)
        assert code in (ExitCode.OK, ExitCode.RISK_FOUND), err
        return json.loads(out)

    report = run()
    by_id = {r["text"][:5]: {f["rule_id"] for f in r["findings"]} for r in report["results"]}
    assert "placeholders.changed" in by_id["Hello"]  # found ...
    assert "placeholders.changed" not in by_id["Dear "]  # ... and suppressed by the comment
    assert "placeholders.changed" not in _rules(run("--ignore", "placeholders"))
    assert _rules(run("--select", "placeholders")) == {"placeholders.changed"}
    code, _, err = invoke("check", str(po), "--select", "placehodlers")
    assert code == ExitCode.USAGE and "unknown rule 'placehodlers'" in err
    config = tmp_path / "workbench.toml"
    config.write_text('[per-file-ignores]\n"locale/**/*.po" = ["placeholders"]\n', encoding="utf-8")
    code, out, err = invoke("--config", str(config), "check", str(po), "--format", "json")
    assert code in (ExitCode.OK, ExitCode.RISK_FOUND), err
    assert not any(r.startswith("placeholders") for r in _rules(json.loads(out)))


def test_sarif_and_junit_from_a_real_run_on_a_path_with_space_and_hash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A real check run's reports validate against the official schemas, and SARIF's
    percent-encoded URI leads back to the file."""
    from urllib.parse import unquote, urljoin

    import jsonschema
    from lxml import etree

    schemas = Path(__file__).parents[1] / "schemas"
    root = tmp_path / "support replies #2"
    (root / "en").mkdir(parents=True)
    (root / "es").mkdir()
    (root / "en" / "refund 50%.md").write_text("Your refund of 50 EUR is on its way.\n", "utf-8")
    (root / "es" / "refund 50%.md").write_text("Su reembolso de 40 EUR está en camino.\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, err = invoke(
        "check", "support replies #2", "--format", "sarif", "--fail-on", "medium"
    )
    assert code == ExitCode.RISK_FOUND, err
    log = json.loads(out)
    schema = json.loads((schemas / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker()).validate(log)
    run = log["runs"][0]
    result = next(r for r in run["results"] if r["ruleId"] == "numbers.mismatch")
    location = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location["uri"] == "support%20replies%20%232/es/refund%2050%25.md"
    resolved = urljoin(run["originalUriBaseIds"][location["uriBaseId"]]["uri"], location["uri"])
    assert Path(unquote(resolved.removeprefix("file://"))) == root / "es" / "refund 50%.md"
    code, out, err = invoke("check", "support replies #2", "--format", "junit")
    xsd = etree.XMLSchema(etree.parse(str(schemas / "JUnit.xsd")))
    xsd.assertValid(etree.fromstring(out.encode("utf-8")))


def test_a_catalogue_is_checked_in_its_own_language_only(tmp_path: Path) -> None:
    """A German catalogue with untranslated entries: nothing goes to the configured targets."""
    po = tmp_path / "locale" / "de" / "LC_MESSAGES" / "django.po"
    po.parent.mkdir(parents=True)
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Your order has shipped."\nmsgstr "Ihre Bestellung wurde versandt."\n\n'
        'msgid "Your refund is on its way."\nmsgstr ""\n',
        encoding="utf-8",
    )
    code, out, err = invoke("score", str(po), "--to", "es", "--format", "json", "--no-store")
    assert code == 0, err
    report = json.loads(out)
    assert [(r["target"], r["translation"]) for r in report["results"]] == [
        ("de-DE", "Ihre Bestellung wurde versandt.")
    ]
    assert report["skipped"]["by_reason"] == {"not translated yet": 1}
    assert "skipped 1 units: 1 not translated yet" in err


def test_unreadable_input_never_passes(tmp_path: Path) -> None:
    good = tmp_path / "lib" / "en" / "thanks.md"
    good.parent.mkdir(parents=True)
    good.write_text("The parcel left the warehouse on Monday.\n", encoding="utf-8")
    (tmp_path / "lib" / "en" / "bad.xlf").write_text("<xliff><unclosed>", encoding="utf-8")
    code, out, _ = invoke("check", str(tmp_path / "lib"), "--to", "es")
    assert code == ExitCode.USAGE
    assert "workbench check incomplete" in out and "passed" not in out
    code, out, _ = invoke("check", str(tmp_path / "lib"), "--to", "es", "--allow-unreadable")
    assert code == ExitCode.OK, out
    assert "1 unreadable file" in out and "passed" not in out
    # score: exit 2 only when nothing at all could be read
    code, _, err = invoke("score", str(tmp_path / "lib" / "en" / "bad.xlf"), "--no-store")
    assert code == ExitCode.USAGE and "no input could be read" in err
