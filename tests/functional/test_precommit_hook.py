"""The pre-commit hook, run by pre-commit itself (`pre-commit try-repo`) on a sample repository."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


def test_try_repo_checks_the_touched_library(tmp_path: Path) -> None:
    repo = tmp_path / "replies"
    files = {
        "templates/en/refund.md": "---\nid: refund\n---\nHello {{name}}, your refund of 50 EUR "
        "has been issued.\n",
        "templates/es/refund.md": "Hola {{name}}, su reembolso de 50 EUR ha sido emitido.\n",
        "README.md": "# Reply templates\n",
        ".pre-commit-config.yaml": "repos: []\n",
    }
    for rel, text in files.items():
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text(text, encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "templates")
    # the change to commit: two planted errors in the Spanish file, and two files not ours
    (repo / "templates/es/refund.md").write_text(
        "Hola {{nombre}}, su reembolso de 40 EUR ha sido emitido.\n", encoding="utf-8"
    )
    (repo / "README.md").write_text("# Reply templates\nmore\n", encoding="utf-8")
    (repo / ".pre-commit-config.yaml").write_text("repos: []\n# x\n", encoding="utf-8")
    git(repo, "add", "-A")
    # the hook finds workbench through $WORKBENCH: this checkout, with this interpreter
    launcher = tmp_path / "workbench"
    launcher.write_text(
        f"#!/bin/sh\nPYTHONPATH={ROOT} exec {sys.executable} -c "
        "'from workbench.cli import main; main()' \"$@\"\n",
        encoding="utf-8",
    )
    launcher.chmod(0o755)
    env = os.environ | {
        "WORKBENCH": str(launcher),
        "WORKBENCH_NO_BOOTSTRAP": "1",
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "CI": "1",
    }
    run = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "workbench-check", "--verbose"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    out = run.stdout + run.stderr
    assert run.returncode == 1, out
    # the Spanish file was read as the translation of en/refund.md, not as an English draft
    assert "checking templates" in out, out
    assert (
        "templates/es/refund.md:1: [high] refund → es-ES: placeholders.changed: "
        "placeholder '{{name}}' was changed to '{{nombre}}'" in out
    ), out
    assert "templates/es/refund.md:1: [high] refund → es-ES: numbers.mismatch: '50'" in out, out
    assert "README" not in out and ".pre-commit-config" not in out.split("workbench-check")[-1]
    assert "language.untranslated" not in out
