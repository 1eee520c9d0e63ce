"""The database fails under a command: read-only, full disk, locked by another process.

Each failure is one line on stderr with a usage exit code, and leaves the database as it was
before the failing step (whole batches only, integrity intact).
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from workbench.store import Store

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "unit"))
from queue_factory import make_assessment  # noqa: E402

CLI = [sys.executable, "-c", "from workbench.cli import main; main()"]


def _env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "WORKBENCH_DB": str(tmp_path / "none.db")}


def _queue_db(path: Path, n: int = 3) -> Path:
    store = Store(path)
    store.save_assessments(None, [make_assessment(i) for i in range(n)])
    store.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return path


@contextlib.contextmanager
def _mounted_tmpfs(where: Path, size: str) -> Iterator[bool]:
    """A small tmpfs at `where` when this process may mount (root); False otherwise."""
    where.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        yield False
        return
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True
    )
    if done.returncode != 0:
        yield False
        return
    try:
        yield True
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def _one_line_error(stderr: str) -> str:
    errors = [line for line in stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, stderr
    assert "Traceback" not in stderr, stderr
    return errors[0]


@pytest.mark.parametrize("action", [["claim"], ["approve", "1"], ["reject", "1", "--reason", "x"]])
def test_a_read_only_database_is_one_line(tmp_path: Path, action: list[str]) -> None:
    folder = tmp_path / "ro"
    with _mounted_tmpfs(folder, "4m") as mounted:
        db = _queue_db(folder / "q.db")
        if mounted:  # root ignores file modes: make the whole file system read-only
            subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        else:
            db.chmod(0o444)
            folder.chmod(0o555)
        try:
            done = subprocess.run(
                [*CLI, "queue", *action, "--db", str(db), "--reviewer", "ana"],
                capture_output=True,
                text=True,
                timeout=60,
                env=_env(tmp_path),
            )
        finally:
            if not mounted:
                folder.chmod(0o755)
        assert done.returncode == 2, done.stderr
        line = _one_line_error(done.stderr)
        assert str(db) in line and ("read-only" in line or "readonly" in line), line
        conn = sqlite3.connect(f"file:{db}?mode=ro&immutable=1", uri=True)
        assert conn.execute("SELECT count(*) FROM decisions").fetchone()[0] == 0
        assert (
            conn.execute("SELECT count(*) FROM queue_items WHERE status = 'queued'").fetchone()[0]
            == 3
        )
        conn.close()


# Submits messages in batches of 5 with the cheap policy scorer only, to a target without an MT
# engine (no model loads), until the disk is full.
FILLER = textwrap.dedent(
    """
    import sys
    from workbench.config import Config
    from workbench.models import Message
    from workbench.pipeline import Pipeline
    from workbench.scoring.base import ScoringContext
    from workbench.scoring.registry import build_scorers
    from workbench.service import Service
    from workbench.store import Store
    from workbench.cli.common import handle_errors
    from workbench.errors import WorkbenchError

    db, count = sys.argv[1], int(sys.argv[2])
    config = Config()
    config.targets = ["ja-JP"]
    store = Store(db)
    pipeline = Pipeline(config, store=store, scorers=build_scorers(ScoringContext(config), ["policy"]))
    service = Service(config, store, pipeline=pipeline)
    body = "Your parcel is on its way and will arrive within three working days. " * 20
    messages = [Message(id=f"m{n}", text=f"{n}: {body}") for n in range(count)]
    try:
        result = service.submit(messages, batch_size=5)
    except WorkbenchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(int(exc.exit_code))
    print(f"done {result.assessed}")
    """
)


def test_a_full_disk_stops_the_run_with_whole_batches_stored(tmp_path: Path) -> None:
    folder = tmp_path / "small"
    script = tmp_path / "fill.py"
    script.write_text(FILLER, encoding="utf-8")
    with _mounted_tmpfs(folder, "1536k") as mounted:
        db = folder / "full.db"
        Store(db).close()  # the schema first: the disk fills with assessments, not tables

        def cap_file_size() -> None:  # without a mount: files may not grow past 1.5 MB
            import signal

            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (1536 * 1024, 1536 * 1024))

        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, str(script), str(db), "2000"],
            capture_output=True,
            text=True,
            timeout=240,
            env=_env(tmp_path),
            preexec_fn=None if mounted else cap_file_size,
        )
        assert time.monotonic() - started < 240
        assert done.returncode == 2, (done.stdout, done.stderr)
        line = _one_line_error(done.stderr)
        assert str(db) in line and ("disk full" in line or "cannot write" in line), line
        conn = sqlite3.connect(db)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = conn.execute("SELECT count(*) FROM assessments").fetchone()[0]
        assert 0 < stored < 2000 and stored % 5 == 0  # whole batches only
        # every stored assessment came with its findings and risk (nothing half-written)
        assert (
            conn.execute("SELECT count(*) FROM assessments WHERE risk_level IS NULL").fetchone()[0]
            == 0
        )
        runs = conn.execute("SELECT status, assessed FROM runs").fetchall()
        conn.close()
        assert runs == [("failed", stored)] or runs == [("running", stored)], runs


HOLDER = textwrap.dedent(
    """
    import sqlite3, sys, time
    conn = sqlite3.connect(sys.argv[1])
    conn.execute("BEGIN IMMEDIATE")
    print("locked", flush=True)
    time.sleep(60)
    """
)


def test_a_locked_database_says_what_it_waits_for_and_gives_up(tmp_path: Path) -> None:
    db = _queue_db(tmp_path / "locked.db")
    config = tmp_path / "workbench.toml"
    config.write_text("[review]\nlock_timeout = 1.5\n", encoding="utf-8")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        done = subprocess.run(
            [*CLI, "--config", str(config), "queue", "claim", "--db", str(db), "--reviewer", "ana"],
            capture_output=True,
            text=True,
            timeout=60,
            env=_env(tmp_path),
        )
        waited = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
    assert done.returncode == 2
    assert "waiting for the database" in done.stderr and "another process" in done.stderr
    line = _one_line_error(done.stderr)
    assert "stayed locked" in line and "1.5 s" in line
    assert waited < 15  # the configured wait plus start-up, not minutes
    # once the lock is gone the same claim works
    again = subprocess.run(
        [*CLI, "queue", "claim", "--db", str(db), "--reviewer", "ana", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=60,
        env=_env(tmp_path),
    )
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["claimed_by"] == "ana"
