"""Bad files and records in every reader, submitted next to good ones (see cases.py)."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from cases import Case, all_cases  # noqa: E402
from conftest import assert_clean_failure, stored_ids  # noqa: E402

CASES = all_cases()


def _write(root: Path, files: dict[str, bytes | str]) -> None:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8", newline="")
        else:
            path.write_bytes(content)


def _params() -> list[object]:
    return [pytest.param(case, id=case.name) for case in CASES]


@pytest.mark.parametrize("case", _params())
def test_reader_case(case: Case, tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    _write(tmp_path, case.files)
    db = tmp_path / "matrix.db"
    args = ["submit", str(tmp_path / case.submit), "--to", "ja", "--db", str(db)]
    if case.config:
        (tmp_path / "workbench.toml").write_text(case.config, encoding="utf-8")
        args = ["--config", str(tmp_path / "workbench.toml"), *args]
    outcome = run(*args)
    if case.code == 0:
        assert "Traceback" not in outcome.stderr
        assert outcome.code == 0, outcome.stderr
        assert not outcome.errors, outcome.stderr
    else:
        assert_clean_failure(outcome, case.code, *case.mentions)
    assert stored_ids(db) >= case.stored, outcome.stderr
    if case.absent and db.exists():
        conn = sqlite3.connect(db)
        texts = [t for (t,) in conn.execute("SELECT text FROM messages")]
        conn.close()
        assert not [t for t in texts for bad in case.absent if bad in t]
    if case.texts:
        conn = sqlite3.connect(db)
        stored = dict(conn.execute("SELECT template_id, text FROM messages").fetchall())
        conn.close()
        for ident, text in case.texts.items():
            assert stored[ident] == text
