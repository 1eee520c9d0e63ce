"""Bad arguments, numbers, paths, configs and standard input for every command."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parents[1] / "unit"))
from conftest import assert_clean_failure  # noqa: E402
from queue_factory import make_assessment  # noqa: E402

from workbench.store import Store  # noqa: E402

BIG = str(2**63)
HUGE = "9" * 30


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "queue.db"
    store = Store(path)
    store.save_assessments(None, [make_assessment(n) for n in range(3)])
    store.close()
    return path


QUEUE_CASES = [
    # (name, args after `queue`, words the error must contain)
    ("list-limit-2^63", ["list", "--limit", BIG], ["--limit"]),
    ("list-limit-huge", ["list", "--limit", HUGE], ["--limit"]),
    ("list-limit-zero", ["list", "--limit", "0"], ["--limit"]),
    ("list-limit-negative", ["list", "--limit", "-1"], ["--limit"]),
    ("list-limit-text", ["list", "--limit", "ten"], ["--limit"]),
    ("list-offset-2^63", ["list", "--offset", BIG], ["--offset"]),
    ("list-offset-negative", ["list", "--offset", "-3"], ["--offset"]),
    ("list-sort-unknown", ["list", "--sort", "size"], ["--sort"]),
    ("show-2^63", ["show", BIG], ["ITEM_ID"]),
    ("show-huge", ["show", HUGE], ["ITEM_ID"]),
    ("show-zero", ["show", "0"], ["ITEM_ID"]),
    ("show-negative", ["show", "-5"], []),
    ("show-text", ["show", "abc"], ["ITEM_ID"]),
    ("show-missing", ["show", "999"], ["999"]),
    ("claim-2^63", ["claim", BIG, "--reviewer", "ana"], ["ITEM_ID"]),
    ("claim-missing", ["claim", "999", "--reviewer", "ana"], ["999"]),
    ("release-2^63", ["release", BIG, "--reviewer", "ana"], ["ITEM_ID"]),
    ("release-unclaimed", ["release", "1", "--reviewer", "ana"], []),
    ("approve-2^63", ["approve", BIG, "--reviewer", "ana"], ["ITEM_ID"]),
    ("approve-empty-edit", ["approve", "1", "--reviewer", "ana", "--edit", "  "], ["empty"]),
    ("approve-edit-and-file", ["approve", "1", "--edit", "x", "--edit-file", "-"], ["not both"]),
    ("approve-missing", ["approve", "999", "--reviewer", "ana"], ["999"]),
    ("reject-2^64", ["reject", str(2**64), "--reason", "x"], ["ITEM_ID"]),
    ("reject-no-reason", ["reject", "1"], ["--reason"]),
    ("escalate-huge", ["escalate", HUGE, "--reason", "x"], ["ITEM_ID"]),
    ("note-2^63", ["note", BIG, "text"], ["ITEM_ID"]),
    ("purge-older-than-huge", ["purge", "--older-than", "99999999999999d", "--yes"], ["too long"]),
    ("purge-older-than-negative", ["purge", "--older-than", "-5d", "--yes"], ["duration"]),
    ("purge-older-than-unit", ["purge", "--older-than", "5y", "--yes"], ["duration"]),
    ("purge-older-than-empty", ["purge", "--older-than", "", "--yes"], []),
    ("purge-nothing", ["purge", "--yes"], ["--older-than"]),
    ("export-po-no-language", ["export", "--format", "po"], ["--language"]),
    ("export-out-missing-folder", ["export", "--out", "/nonexistent/dir/x.json"], ["/nonexistent"]),
    ("export-format-unknown", ["export", "--format", "xlsx"], ["--format"]),
    ("unknown-command", ["frobnicate"], ["frobnicate"]),
]


@pytest.mark.parametrize(("args", "words"), [pytest.param(a, w, id=n) for n, a, w in QUEUE_CASES])
def test_queue_arguments(args: list[str], words: list[str], db: Path, run) -> None:  # type: ignore[no-untyped-def]
    outcome = run("queue", *args, "--db", str(db))
    assert_clean_failure(outcome, 2, *words)
    assert len(outcome.errors) == 1 and not outcome.stderr.startswith("Usage:")


def test_purge_older_than_the_calendar_purges_nothing(db: Path, run) -> None:  # type: ignore[no-untyped-def]
    outcome = run("queue", "purge", "--older-than", "999999999d", "--yes", "--db", str(db))
    assert outcome.code == 0 and "0 messages" in outcome.stdout, outcome.stderr
    assert run("queue", "list", "--db", str(db), "--format", "json").stdout.count('"id"') == 3


def test_limit_and_offset_at_the_sqlite_maximum_work(db: Path, run) -> None:  # type: ignore[no-untyped-def]
    top = str(2**63 - 1)
    outcome = run("queue", "list", "--limit", top, "--offset", top, "--db", str(db))
    assert outcome.code == 0 and "no items match" in outcome.stdout


COMMAND_CASES = [
    (
        "score-out-missing-folder",
        ["score", "{lib}", "--to", "ja", "--out", "/nonexistent/d/r.html", "--format", "html"],
        ["/nonexistent/d"],
    ),
    (
        "score-out-is-folder",
        ["score", "{lib}", "--to", "ja", "--out", "{tmp}", "--format", "json"],
        ["directory"],
    ),
    (
        "check-out-missing-folder",
        ["check", "{lib}", "--to", "ja", "--out", "/nonexistent/x"],
        ["/nonexistent"],
    ),
    (
        "check-baseline-missing-folder",
        ["check", "{lib}", "--write-baseline", "/nonexistent/b.json"],
        ["/nonexistent"],
    ),
    ("check-max-drift-2", ["check", "{lib}", "--max-drift", "2"], ["--max-drift"]),
    ("check-fail-on-unknown", ["check", "{lib}", "--fail-on", "low"], ["--fail-on"]),
    ("score-to-unknown", ["score", "{lib}", "--to", "klingon", "--no-store"], ["klingon"]),
    ("score-missing-path", ["score", "{tmp}/nope"], ["nope"]),
    ("score-no-path", ["score"], ["PATHS"]),
    ("submit-missing-file", ["submit", "{tmp}/nope.jsonl"], ["nope.jsonl"]),
    ("submit-to-unknown", ["submit", "{lib}/a.jsonl", "--to", "xx-YY-ZZ"], []),
    ("submit-from-unknown", ["submit", "{lib}/a.jsonl", "--from", "zz"], []),
    ("roundtrip-empty", ["roundtrip", "", "--to", "es"], ["empty"]),
    ("roundtrip-whitespace", ["roundtrip", " \n\t", "--to", "es"], ["empty"]),
    ("roundtrip-over-limit", ["roundtrip", "word " * 5000, "--to", "es"], ["limit"]),
    ("roundtrip-to-unknown", ["roundtrip", "Hi", "--to", "klingon"], ["klingon"]),
    (
        "models-install-timeout-negative",
        ["models", "install", "en-de", "--timeout", "-1"],
        ["--timeout"],
    ),
    (
        "models-install-timeout-zero",
        ["models", "install", "en-de", "--timeout", "0"],
        ["--timeout"],
    ),
    (
        "models-install-timeout-inf",
        ["models", "install", "en-de", "--timeout", "inf"],
        ["--timeout"],
    ),
    (
        "models-install-timeout-nan",
        ["models", "install", "en-de", "--timeout", "nan"],
        ["--timeout"],
    ),
    ("config-missing", ["--config", "{tmp}/nope.toml", "queue", "stats"], ["nope.toml"]),
    ("config-invalid-toml", ["--config", "{tmp}/bad.toml", "queue", "stats"], ["bad.toml"]),
    (
        "config-negative-file-limit",
        ["--config", "{tmp}/limit.toml", "queue", "stats"],
        ["max_file_mb"],
    ),
    (
        "config-zero-lock-timeout",
        ["--config", "{tmp}/lock.toml", "queue", "stats"],
        ["lock_timeout"],
    ),
    ("db-not-sqlite", ["queue", "list", "--db", "{lib}/a.jsonl"], ["a.jsonl"]),
    ("db-is-folder", ["queue", "list", "--db", "{tmp}"], ["--db"]),
    ("db-missing", ["queue", "stats", "--db", "{tmp}/nope.db"], ["nope.db"]),
]


@pytest.mark.parametrize(("args", "words"), [pytest.param(a, w, id=n) for n, a, w in COMMAND_CASES])
def test_command_arguments(args: list[str], words: list[str], tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "a.jsonl").write_text('{"id": "a", "text": "Thanks."}\n', encoding="utf-8")
    (tmp_path / "bad.toml").write_text("[review\n", encoding="utf-8")
    (tmp_path / "limit.toml").write_text("[input]\nmax_file_mb = -1\n", encoding="utf-8")
    (tmp_path / "lock.toml").write_text("[review]\nlock_timeout = 0\n", encoding="utf-8")
    filled = [a.replace("{lib}", str(lib)).replace("{tmp}", str(tmp_path)) for a in args]
    outcome = run(*filled)
    assert_clean_failure(outcome, 2, *[w.replace("{tmp}", str(tmp_path)) for w in words])
    assert len(outcome.errors) == 1


STDIN_CASES = [
    ("submit-invalid-utf8", ["submit", "-"], b'{"text": "caf\xe9"}\n', ["UTF-8"]),
    (
        "submit-over-limit",
        ["submit", "-"],
        b'{"id": "big", "text": "' + b"w " * 30_000 + b'"}\n',
        ["limit"],
    ),
    ("submit-empty", ["submit", "-"], b"", ["no messages"]),
    ("submit-broken-json", ["submit", "-"], b"{oops\n", ["stdin:1"]),
    ("roundtrip-invalid-utf8", ["roundtrip", "-", "--to", "es"], b"caf\xe9", ["UTF-8"]),
    ("roundtrip-empty-stdin", ["roundtrip", "-", "--to", "es"], b"", ["empty"]),
    (
        "approve-edit-file-invalid-utf8",
        ["queue", "approve", "1", "--edit-file", "-", "--reviewer", "ana"],
        b"\xff\xfe",
        ["UTF-8"],
    ),
]


@pytest.mark.parametrize(
    ("args", "data", "words"), [pytest.param(a, d, w, id=n) for n, a, d, w in STDIN_CASES]
)
def test_standard_input(args: list[str], data: bytes, words: list[str], db: Path, run) -> None:  # type: ignore[no-untyped-def]
    outcome = (
        run(*args, "--db", str(db), input=data)
        if args[0] != "roundtrip"
        else run(*args, input=data)
    )
    assert_clean_failure(outcome, 2, *words)


@pytest.mark.parametrize("columns", ["60", "80", "200"])
def test_a_2000_character_template_id_keeps_the_queue_table_readable(
    tmp_path: Path, run, monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "long.db"
    store = Store(db)
    long_id = "support/" + "x" * 2000 + "-end"
    store.save_assessments(
        None,
        [make_assessment(1, template=long_id), make_assessment(2, text="W" * 3000)],
    )
    store.close()
    monkeypatch.setenv("COLUMNS", columns)
    outcome = run("queue", "list", "--db", str(db))
    assert outcome.code == 0, outcome.stderr
    lines = outcome.stdout.splitlines()
    assert all(len(line) <= int(columns) for line in lines), lines
    header = lines[0].split()
    assert header[:3] == ["id", "level", "score"]
    first = lines[1].split()
    assert first[:3] == ["1", "high", "0.80"]  # id, level and score in full
    assert "…" in lines[1] and ("-end" in lines[1] or int(columns) < 80)  # cut in the middle
    assert len(lines) < 60  # the 3,000-character message is cut, not printed whole
