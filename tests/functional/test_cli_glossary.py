"""`workbench glossary lint` and `workbench glossary show` through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from workbench.cli import main

BAD = """[meta]
version = "1"
language = "en"

[[idiom]]
phrase = "reach out"
meaning = "contact someone"
rewrite = "contact"

[[idiom]]
phrase = "reach out"
meaning = "contact someone"
rewrite = ""
"""


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_lint_bundled_glossaries_passes() -> None:
    result = run("glossary", "lint")
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.output


def test_lint_reports_each_problem_with_file_and_line_and_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "idioms" / "team.toml"
    path.parent.mkdir()
    path.write_text(BAD, encoding="utf-8")
    result = run("glossary", "lint", str(path))
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert f"{path}:10: error: field 'rewrite' is empty" in lines
    assert f"{path}:10: error: duplicate entry 'reach out' (first at line 5)" in lines
    assert "1 files, 2 entries: 2 errors, 0 warnings" in result.output


def test_lint_json_format(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text("[[idiom]]\nphrase = \n", encoding="utf-8")
    result = run("glossary", "lint", "--format", "json", str(path))
    assert result.exit_code == 2
    report = json.loads(result.output)
    assert report["errors"] == 1 and report["files"] == 1
    problem = report["problems"][0]
    assert problem["path"] == str(path) and problem["line"] == 2
    assert "invalid TOML" in problem["message"]


def test_lint_missing_path_is_one_line_usage_error(tmp_path: Path) -> None:
    result = run("glossary", "lint", str(tmp_path / "nope.toml"))
    assert result.exit_code == 2
    assert result.output.strip().startswith("error: glossary path")
    assert "Traceback" not in result.output


def test_show_lists_entries_of_a_kind() -> None:
    result = run("glossary", "show", "idioms")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert len(lines) >= 600
    assert any(line.startswith("get back to {someone}\treply to someone later\t") for line in lines)
    data = json.loads(run("glossary", "show", "idioms", "--format", "json").output)
    entry = next(e for e in data if e["phrase"] == "touch base")
    assert entry["rewrite"] and entry["path"].endswith(".toml") and entry["line"] > 1


def test_show_unknown_kind_lists_the_valid_ones() -> None:
    result = run("glossary", "show", "recipes")
    assert result.exit_code == 2
    assert "unknown glossary kind 'recipes'; valid: idioms" in result.output
