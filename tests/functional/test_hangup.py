"""A reviewer's terminal closes while an item is open in `workbench review`: the claim goes back.

The TUI runs as a real process on a real pseudo-terminal; closing the terminal is what the
kernel does when a window or an SSH session goes away: the session gets SIGHUP.
"""

from __future__ import annotations

import os
import pty
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from workbench.store import Store

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "unit"))
from queue_factory import make_assessment  # noqa: E402


def _status(db: Path, item_id: int) -> tuple[str, str | None]:
    store = Store(db)
    try:
        row = store._read("SELECT status, claimed_by FROM queue_items WHERE id = ?", (item_id,))
        return row[0]["status"], row[0]["claimed_by"]
    finally:
        store.close()


def _wait_for(check, seconds: float, master: int) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:  # keep the terminal's output drained so the app never blocks on a full pty
            while os.read(master, 65536):
                pass
        except (BlockingIOError, OSError):
            pass
        if check():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.slow
def test_closing_the_terminal_releases_the_claim(tmp_path: Path) -> None:
    db = tmp_path / "hup.db"
    store = Store(db)
    store.save_assessments(None, [make_assessment(n) for n in range(3)])
    store.close()
    master, slave = pty.openpty()
    os.set_blocking(master, False)
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "TERM": "xterm-256color",
        "COLUMNS": "120",
        "LINES": "40",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from workbench.cli import main; main()",
            "review",
            "--db",
            str(db),
            "--reviewer",
            "ana",
        ],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,  # the pty becomes its controlling terminal, like a login
    )
    os.close(slave)
    try:
        # The queue table has focus once loaded: Enter opens (and claims) the top item.
        opened = False
        deadline = time.monotonic() + 60
        while not opened and time.monotonic() < deadline:
            os.write(master, b"\r")
            opened = _wait_for(lambda: _status(db, 1) == ("claimed", "ana"), 2, master)
        assert opened, "the review screen never claimed the first item"
        os.close(master)  # the terminal goes away: the kernel sends SIGHUP to the session
        master = -1
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGHUP)  # a pty without a session leader: tell it
            process.wait(timeout=20)
        assert process.returncode == 128 + signal.SIGHUP
        assert _status(db, 1) == ("released", None)
    finally:
        if master >= 0:
            os.close(master)
        if process.poll() is None:
            process.kill()
            process.wait()
