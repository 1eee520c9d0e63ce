"""Escape sequences in stored text never reach a terminal raw; reviewer names are checked."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console

from workbench.batch import BatchResult
from workbench.cli import main
from workbench.errors import UsageError
from workbench.gate import Failure, GateResult
from workbench.report.render import render
from workbench.report_text import render_roundtrip, render_summary
from workbench.store import Store
from workbench.terminal_text import (
    check_name,
    escape_json_controls,
    visible,
    visible_line,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
from queue_factory import make_assessment  # noqa: E402

CLEAR = "\x1b[2J"
TITLE = "\x1b]0;pwned\x07"
C1_CSI = "\x9b"  # a one-character CSI on terminals that honour C1 controls
RLO = "\u202e"  # right-to-left override
HOSTILE = f"Your order{TITLE} is late{CLEAR}, sorry{C1_CSI}31m{RLO}gnp.exe"
HOSTILE_ID = f"tpl{CLEAR}-x"
# Anything that, printed raw, drives a terminal.
RAW = ("\x1b", "\x07", "\x9b", "\u202e")


def assert_inert(output: str) -> None:
    for ch in RAW:
        assert ch not in output, f"{ch!r} reached the output: {output!r}"


# -- the helper -------------------------------------------------------------------------------------
def test_visible_keeps_length_and_shows_controls() -> None:
    shown = visible(HOSTILE)
    assert len(shown) == len(HOSTILE)  # one for one: finding spans still line up
    assert_inert(shown)
    assert "␛[2J" in shown and "␛]0;pwned␇" in shown
    assert "\ufffd31m" in shown  # C1 CSI
    assert visible("line one\n\tline two") == "line one\n\tline two"
    assert visible_line("a\nb\tc") == "a␊b␉c"
    assert visible("Grüße, ありがとう 🙂 \u200f") == "Grüße, ありがとう 🙂 \u200f"  # RLM mark stays


def test_json_escaping_is_lossless() -> None:
    doc = json.dumps({"text": HOSTILE}, ensure_ascii=False)
    safe = escape_json_controls(doc)
    assert_inert(safe)
    assert json.loads(safe) == {"text": HOSTILE}


@pytest.mark.parametrize(
    "name",
    [f"ana{CLEAR}", f"ana{TITLE}", f"ana{C1_CSI}2J", f"ana{RLO}", "ana\nbob", "", "  ", "a" * 65],
)
def test_bad_reviewer_names_are_refused(name: str) -> None:
    with pytest.raises(UsageError) as caught:
        check_name(name)
    assert "\n" not in str(caught.value)
    assert_inert(str(caught.value))


def test_good_reviewer_names_pass() -> None:
    for name in ("ana", "Ana María López", "jörg.müller@example.com", "李娜", "o'brien-2"):
        assert check_name(name) == name


# -- the CLI --------------------------------------------------------------------------------------
@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "queue.db"
    store = Store(path)
    run = store.start_run("test", ["es-ES"], {})
    store.save_assessments(
        run,
        [
            make_assessment(
                0, level="high", text=HOSTILE, template=HOSTILE_ID, translation=f"Hola{TITLE}"
            )
        ],
    )
    store.close()
    return str(path)


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_queue_list_and_show_print_controls_as_pictures(db: str) -> None:
    code, out, _ = invoke("queue", "list", "--db", db)
    assert code == 0
    assert_inert(out)
    assert "␛" in out
    code, out, _ = invoke("queue", "show", "1", "--db", db)
    assert code == 0
    assert_inert(out)
    # The whole message is shown: an unfinished OSC no longer swallows what follows.
    assert "is late␛[2J, sorry" in out and "gnp.exe" in out


def test_queue_json_is_valid_and_inert(db: str) -> None:
    code, out, _ = invoke("queue", "show", "1", "--db", db, "--format", "json")
    assert code == 0
    assert_inert(out)
    assert json.loads(out)["assessment"]["text"] == HOSTILE


def test_export_on_a_pipe_is_exact_and_json_is_inert(db: str, tmp_path: Path) -> None:
    assert invoke("queue", "claim", "1", "--db", db, "--reviewer", "ana")[0] == 0
    assert invoke("queue", "approve", "1", "--db", db, "--reviewer", "ana")[0] == 0
    code, out, _ = invoke("queue", "export", "--db", db, "--format", "json")
    assert code == 0
    assert_inert(out)
    assert json.loads(out)[0]["source"] == HOSTILE
    out_file = tmp_path / "approved.csv"
    assert invoke("queue", "export", "--db", db, "--format", "csv", "--out", str(out_file))[0] == 0
    assert HOSTILE.replace("\n", "") in out_file.read_text(encoding="utf-8")  # a file: exact data


@pytest.mark.parametrize("bad", [f"ana{CLEAR}", f"x{TITLE}", f"e{C1_CSI}1;1H", "z" * 300])
def test_reviewer_option_is_validated_with_one_line(db: str, bad: str) -> None:
    for args in (
        ("queue", "claim", "1", "--db", db, "--reviewer", bad),
        ("queue", "note", "1", "hello", "--db", db, "--reviewer", bad),
        ("review", "--db", db, "--reviewer", bad),
    ):
        code, out, err = invoke(*args)
        assert code == 2, (args, out, err)
        assert err.startswith("error: the reviewer name") and err.count("\n") == 1
        assert_inert(out + err)
    code, out, _ = invoke("queue", "show", "1", "--db", db, "--format", "json")
    assert json.loads(out)["decisions"] == []  # nothing was stored under the bad name


def test_config_reviewer_is_validated(db: str, tmp_path: Path) -> None:
    config = tmp_path / "workbench.toml"
    config.write_text('[review]\nreviewer = "ana\\u001b]0;pwned\\u0007"\n', encoding="utf-8")
    code, _, err = invoke("--config", str(config), "queue", "claim", "1", "--db", db)
    assert code == 2 and "review.reviewer" in err
    assert_inert(err)


def test_errors_quoting_data_are_inert(db: str) -> None:
    code, _, err = invoke("queue", "show", "99", "--db", db + CLEAR)
    assert code == 2 and err.count("\n") == 1
    assert_inert(err)


# -- reports meant for people -------------------------------------------------------------------
def hostile_result() -> BatchResult:
    a = make_assessment(0, level="high", text=HOSTILE, template=HOSTILE_ID)
    return BatchResult(assessments=[a], messages=1, files=1)


def test_check_text_and_github_annotations_are_inert() -> None:
    result = hostile_result()
    a = result.assessments[0]
    gate = GateResult(failures=[Failure(a, a.findings, "high", False)])
    for fmt in ("text", "github"):
        out = render(fmt, result, gate)
        assert "tpl␛[2J-x" in out
        assert_inert(out)
    # check text: one line per failure even when an id holds a line break
    a2 = make_assessment(1, level="high", template="two\nlines")
    gate2 = GateResult(failures=[Failure(a2, a2.findings, "high", False)])
    text = render("text", BatchResult(assessments=[a2]), gate2)
    lines = text.splitlines()
    assert "two␊lines" in text
    assert all(line.startswith(("two␊lines:", "workbench check")) for line in lines)


def test_score_table_and_roundtrip_text_are_inert() -> None:
    for draw in (
        lambda c: render_summary(hostile_result(), console=c),
        lambda c: render_roundtrip(hostile_result().assessments, console=c),
    ):
        buffer = io.StringIO()
        draw(Console(file=buffer, width=200, force_terminal=True, color_system=None))
        out = buffer.getvalue()
        assert_inert(out)
        assert "␛" in out


def test_tui_refuses_a_bad_name_and_shows_stored_ones_inert(db: str) -> None:
    from workbench.app import WorkbenchApp
    from workbench.config import Config
    from workbench.service import Service
    from workbench.widgets.status import status_text

    service = Service(Config(db=db))
    try:
        with pytest.raises(UsageError):
            WorkbenchApp(service, f"ana{TITLE}")
        shown = status_text(f"/tmp/x{CLEAR}.db", f"old{TITLE}name", None)  # an older database
        assert_inert(shown.plain)
        assert "old␛]0;pwned␇name" in shown.plain
    finally:
        service.close()


def test_usage_errors_quoting_an_argument_are_inert(db: str) -> None:
    code, out, err = invoke("queue", "list", "--db", db, "--format", f"x{TITLE}{C1_CSI}")
    assert code == 2 and err.count("\n") == 1
    assert_inert(out + err)
