"""`workbench queue …` and `workbench submit` through click's CliRunner, on a real database."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from workbench.cli import main
from workbench.cli.queue import parse_duration
from workbench.cli.submit import read_submission
from workbench.errors import UsageError
from workbench.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
from queue_factory import make_assessment  # noqa: E402


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "queue.db"
    store = Store(path)
    run = store.start_run("test", ["es-ES"], {})
    store.save_assessments(
        run,
        [
            make_assessment(0, level="high", score=0.9, text="Hi [bold]Ana[/bold], refund sent."),
            make_assessment(1, level="medium", score=0.5),
            make_assessment(2, level="high", score=0.7, target="pt-BR", customer="C-9"),
        ],
    )
    store.close()
    return str(path)


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_list_table_and_json(db: str) -> None:
    code, out, _ = run("queue", "list", "--db", db)
    assert code == 0
    assert "[bold]Ana[/bold]" in out  # customer text is printed as data, not markup
    assert out.index("tpl-0") < out.index("tpl-2") < out.index("tpl-1")
    code, out, _ = run("queue", "list", "--db", db, "--language", "pt", "--format", "json")
    rows = json.loads(out)
    assert [(r["template_id"], r["target"], r["level"]) for r in rows] == [
        ("tpl-2", "pt-BR", "high")
    ]
    code, out, _ = run("queue", "list", "--db", db, "--status", "approved")
    assert code == 0 and "no items match" in out


def test_claim_decide_and_show_history(db: str) -> None:
    code, out, _ = run("queue", "claim", "--db", db, "--reviewer", "ana", "--format", "json")
    item = json.loads(out)
    assert code == 0 and item["id"] == 1 and item["claimed_by"] == "ana"
    code, _, err = run("queue", "approve", "1", "--db", db, "--reviewer", "bo")
    assert (
        code == 2
        and err.strip() == f"error: item 1 is claimed by ana until {item['claim_expires']}"
    )
    code, out, _ = run("queue", "approve", "1", "--db", db, "--reviewer", "ana", "--note", "ok")
    assert code == 0 and "approved" in out
    code, _, err = run("queue", "reject", "2", "--db", db, "--reviewer", "bo")
    assert code == 2 and "--reason" in err
    assert run("queue", "reject", "2", "--db", db, "--reviewer", "bo", "--reason", "tone")[0] == 0
    assert (
        run("queue", "escalate", "3", "--db", db, "--reviewer", "bo", "--reason", "legal")[0] == 0
    )
    assert run("queue", "note", "3", "asked legal", "--db", db, "--reviewer", "cy")[0] == 0
    code, out, _ = run("queue", "show", "3", "--db", db)
    assert code == 0 and "escalated" in out and "cy  note: asked legal" in out
    code, out, _ = run("queue", "show", "3", "--db", db, "--format", "json")
    assert [d["action"] for d in json.loads(out)["decisions"]] == ["escalate", "note"]
    code, out, _ = run("queue", "stats", "--db", db, "--format", "json")
    stats = json.loads(out)
    assert stats["by_status"]["approved"] == 1 and stats["decisions_by_reviewer"] == {
        "ana": 1,
        "bo": 2,
    }
    code, out, _ = run("queue", "claim", "--db", db, "--reviewer", "ana")
    assert code == 0 and "nothing to claim" in out
    code, _, err = run("queue", "show", "42", "--db", db)
    assert code == 2 and "no queue item 42" in err


def test_release_and_export(db: str, tmp_path: Path) -> None:
    run("queue", "claim", "2", "--db", db, "--reviewer", "ana")
    code, out, _ = run("queue", "release", "2", "--db", db, "--reviewer", "ana", "--format", "json")
    assert code == 0 and json.loads(out)["status"] == "released"
    run("queue", "approve", "1", "--db", db, "--reviewer", "ana")
    run("queue", "approve", "3", "--db", db, "--reviewer", "ana")
    code, out, _ = run("queue", "export", "--db", db)
    assert [r["target"] for r in json.loads(out)] == ["es-ES", "pt-BR"]
    code, _, err = run("queue", "export", "--db", db, "--format", "po")
    assert code == 2 and "one language" in err
    po_path = tmp_path / "es.po"
    assert (
        run(
            "queue",
            "export",
            "--db",
            db,
            "--format",
            "po",
            "--language",
            "es",
            "--out",
            str(po_path),
        )[0]
        == 0
    )
    assert [e.msgctxt for e in polib.pofile(str(po_path))] == ["tpl-0"]
    code, out, _ = run("queue", "export", "--db", db, "--format", "csv", "--language", "pt-BR")
    assert out.splitlines()[0].startswith("id,template_id,source_lang,target,source,translation")


def test_purge_by_customer_and_age(db: str) -> None:
    code, _, err = run("queue", "purge", "--db", db, "--yes")
    assert code == 2 and "--older-than or --customer" in err
    code, _, _ = run("queue", "purge", "--db", db, "--customer", "C-9", input="n\n")
    assert code == 1  # declined: nothing deleted
    code, out, _ = run(
        "queue", "purge", "--db", db, "--customer", "C-9", "--yes", "--format", "json"
    )
    report = json.loads(out)
    assert code == 0 and report["messages"] == 1 and report["queue_items"] == 1
    code, out, _ = run("queue", "purge", "--db", db, "--older-than", "30d", "--yes")
    assert code == 0 and "0 messages" in out
    code, _, err = run("queue", "purge", "--db", db, "--older-than", "a month", "--yes")
    assert code == 2 and "e.g. 30d" in err


def test_durations() -> None:
    assert parse_duration("30d").days == 30
    assert parse_duration("2w").days == 14
    assert parse_duration("12h").total_seconds() == 12 * 3600
    with pytest.raises(UsageError):
        parse_duration("30")


def test_submission_formats(tmp_path: Path) -> None:
    jsonl = tmp_path / "in.jsonl"
    jsonl.write_text(
        '{"id": "a", "text": "Hello", "target": "de", "translation": "Hallo", "customer": "C1"}\n\n'
        '{"text": "Bye"}\n',
        encoding="utf-8",
    )
    first, second = read_submission(str(jsonl), "en").messages
    assert (first.id, first.target, first.translation, first.customer) == (
        "a",
        "de-DE",
        "Hallo",
        "C1",
    )
    assert (second.id, second.line) == ("in.jsonl:3", 3)
    text = tmp_path / "replies.txt"
    text.write_text("Hi Ana,\nyour refund is sent.\n\n\nThanks!\n", encoding="utf-8")
    messages = read_submission(str(text), "en").messages
    assert [(m.id, m.text) for m in messages] == [
        ("replies.txt:1", "Hi Ana,\nyour refund is sent."),
        ("replies.txt:5", "Thanks!"),
    ]
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "ok"}\n{"txt": "typo"}\n', encoding="utf-8")
    read = read_submission(str(bad), "en")  # the bad line is reported, the good one kept
    assert [m.text for m in read.messages] == ["ok"]
    assert [str(p) for p in read.problems][0].endswith(
        "bad.jsonl:2: unknown field(s) txt; "
        "valid: customer, id, ignore, "
        "source_lang, tags, target, text, "
        "translation"
    )


def test_help_on_every_queue_command() -> None:
    for command in (
        "list",
        "show",
        "claim",
        "release",
        "approve",
        "reject",
        "escalate",
        "note",
        "export",
        "stats",
        "purge",
    ):
        code, out, _ = run("queue", command, "--help")
        assert code == 0 and "--db" in out and "Usage:" in out
    assert "FILE|FOLDER|-" in run("submit", "--help")[1]


@pytest.mark.integration
def test_submit_with_apertium_queues_and_redacts(tmp_path: Path) -> None:
    db = str(tmp_path / "submit.db")
    lines = [
        {
            "id": "review",
            "text": "Thanks for your order! Please leave us a 5-star review.",
            "customer": "ana@example.com",
        },
        {"id": "mail", "text": "Write to ana@example.com about order #48213."},
    ]
    payload = "\n".join(json.dumps(line) for line in lines) + "\n"
    code, out, err = run(
        "submit", "-", "--to", "es", "--db", db, "--redact", "--format", "json", input=payload
    )
    assert code == 0, err
    result = json.loads(out)
    assert result["assessed"] == 2 and result["redacted"] == 1
    code, out, _ = run("queue", "list", "--db", db, "--status", "all", "--format", "json")
    texts = json.dumps(json.loads(out))
    assert "ana@example.com" not in texts and "48213" not in texts
    store = Store(db)
    stored = [r[0] for r in store.db.conn.execute("SELECT text FROM messages")]
    cached = [r[0] for r in store.db.conn.execute("SELECT translation FROM translations")]
    store.close()
    assert "Write to {email} about order {order_id}." in stored
    assert not any("ana@example.com" in t or "48213" in t for t in stored + cached)
    # a repeat is skipped entirely
    code, out, _ = run(
        "submit", "-", "--to", "es", "--db", db, "--redact", "--format", "json", input=payload
    )
    assert json.loads(out)["skipped"] == 2 and json.loads(out)["assessed"] == 0


@pytest.mark.parametrize("command", [["queue", "list"], ["queue", "stats"], ["review"]])
def test_a_mistyped_database_path_is_refused_not_created(
    tmp_path: Path, command: list[str]
) -> None:
    db = tmp_path / "typo" / "reviews.db"
    result = CliRunner().invoke(main, [*command, "--db", str(db)])
    assert result.exit_code == 2
    assert "no workbench database at" in result.stderr
    assert not db.exists() and not db.parent.exists()
