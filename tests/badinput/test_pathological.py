"""Inputs built to hang or exhaust a reader, run as a real process under resource limits.

Each case runs `workbench submit` in a subprocess capped at 1 GB of address space and
measures its wall time and peak memory (wait4): an alias bomb, nesting deep enough to
overflow the stack, a cell or message too big to check, a named pipe, a device, an endless
standard input, a file over the size limit, an unreadable file. The good items next to the
bad input must still be stored.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from cases import BIG, BOMB_YAML, GOOD_JSONL  # noqa: E402
from conftest import stored_ids  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
RUNNER = Path(__file__).parent / "cli_runner.py"
ADDRESS_SPACE = 1 << 30  # 1 GB: the 397-byte bomb once took 3 GB
MAX_SECONDS = 20.0
MAX_RSS_MB = 400


def _submit(
    source: str, db: Path, *, stdin: object = None, drop_read_rights: bool = False
) -> tuple[int, str, float, int]:
    """(exit code, stderr, seconds, peak resident MB) of one limited `workbench submit`."""

    def limits() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))

    command = [sys.executable, str(RUNNER), "submit", source, "--to", "ja", "--db", str(db)]
    if drop_read_rights:  # root reads every file: run without the capabilities that allow it
        command = [
            "setpriv",
            "--inh-caps=-dac_override,-dac_read_search",
            "--bounding-set=-dac_override,-dac_read_search",
            *command,
        ]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "WORKBENCH_DB": str(db)}
    started = time.monotonic()
    process = subprocess.Popen(
        command,
        stdin=stdin if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        preexec_fn=limits,
    )
    assert process.stderr is not None
    # wait4 gives the child's own peak memory; a hang ends at the deadline
    deadline = started + MAX_SECONDS * 3
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            process.returncode = os.waitstatus_to_exitcode(status)
            break
        if time.monotonic() > deadline:
            process.kill()
            process.wait()
            pytest.fail(f"submit {source} hung (killed after {MAX_SECONDS * 3:.0f} s)")
        time.sleep(0.05)
    seconds = time.monotonic() - started
    stderr = process.stderr.read().decode("utf-8", "replace")
    process.stderr.close()
    return process.returncode, stderr, seconds, usage.ru_maxrss // 1024


def _check(code: int, stderr: str, seconds: float, rss: int, *mentions: str) -> None:
    assert "Traceback" not in stderr, stderr
    assert code == 2, (code, stderr)
    errors = [line for line in stderr.splitlines() if line.startswith("error:")]
    assert errors, stderr
    for mention in mentions:
        assert any(mention in line for line in errors), (mention, stderr)
    assert seconds < MAX_SECONDS, seconds
    assert rss < MAX_RSS_MB, rss


def _library(tmp_path: Path, bad: dict[str, bytes | str]) -> Path:
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "good.jsonl").write_text(GOOD_JSONL, encoding="utf-8")
    for name, content in bad.items():
        path = lib / name
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
    return lib


FILES = [
    ("yaml-alias-bomb", "bomb.yaml", BOMB_YAML, "alias"),
    ("front-matter-alias-bomb", "bomb.md", "---\n" + BOMB_YAML + "\n---\nBody\n", "alias"),
    ("json-deep", "deep.json", "[" * 200_000 + "]" * 200_000, "nested"),
    ("jsonl-deep", "deep.jsonl", '{"text": ' + "[" * 200_000 + "]" * 200_000 + "}\n", "nested"),
    ("yaml-deep", "deep.yaml", "[" * 200_000 + "]" * 200_000, "deep.yaml"),
    ("csv-cell-15mb", "big.csv", "id,text\nbig," + "x" * 15_000_000 + "\n", "limit"),
    ("jsonl-1mb-message", "big.jsonl", json.dumps({"id": "big", "text": BIG}) + "\n", "limit"),
    ("csv-over-file-limit", "huge.csv", "id,text\n" + "a,b\n" * 6_000_000, "limit"),
]


@pytest.mark.parametrize(
    ("name", "content", "mention"), [pytest.param(n, c, m, id=i) for i, n, c, m in FILES]
)
def test_hostile_file_next_to_good_ones(
    name: str, content: str, mention: str, tmp_path: Path
) -> None:
    lib = _library(tmp_path, {name: content})
    db = tmp_path / "p.db"
    _check(*_submit(str(lib), db), name, mention)
    assert stored_ids(db) >= {"good-1", "good-2"}


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    lib = _library(tmp_path, {})
    os.mkfifo(lib / "pipe.jsonl")
    os.mkfifo(tmp_path / "alone.csv")
    db = tmp_path / "p.db"
    _check(*_submit(str(lib), db), "pipe.jsonl", "named pipe")
    assert stored_ids(db) >= {"good-1", "good-2"}
    _check(*_submit(str(tmp_path / "alone.csv"), db), "alone.csv", "named pipe")


def test_a_device_is_refused(tmp_path: Path) -> None:
    _check(*_submit("/dev/zero", tmp_path / "p.db"), "/dev/zero", "device")


def test_endless_standard_input_stops_at_the_size_limit(tmp_path: Path) -> None:
    with open("/dev/zero", "rb") as zeros:
        _check(*_submit("-", tmp_path / "p.db", stdin=zeros), "standard input", "limit")


@pytest.mark.skipif(shutil.which("setpriv") is None and os.geteuid() == 0, reason="no setpriv")
def test_an_unreadable_file_is_reported_and_the_rest_stored(tmp_path: Path) -> None:
    lib = _library(tmp_path, {"secret.csv": "id,text\ns,hidden\n"})
    (lib / "secret.csv").chmod(0o000)
    db = tmp_path / "p.db"
    result = _submit(str(lib), db, drop_read_rights=os.geteuid() == 0)
    _check(*result, "secret.csv", "permission denied")
    assert stored_ids(db) == {"good-1", "good-2"}
