"""Several processes on one database: atomic claims, no lost decisions, kill -9 mid-submit."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from workbench.models import Assessment, Finding, Message, MTInfo, PipelineItem, Risk
from workbench.store import Store

ITEMS = 1000
WORKERS = 4

# Each worker claims the next item and decides it until the queue is empty, through the
# same Service API the TUI and CLI use, and prints the ids it decided.
WORKER = textwrap.dedent(
    """
    import json, sys
    from workbench.config import Config
    from workbench.service import Service
    from workbench.store import Store

    db, name = sys.argv[1], sys.argv[2]
    service = Service(Config(), Store(db))
    decided = []
    while True:
        item = service.claim(name)
        if item is None:
            break
        if item.id % 3 == 0:
            service.reject(item.id, name, "tone")
        else:
            service.approve(item.id, name)
        decided.append(item.id)
    service.close()
    print(json.dumps(decided))
    """
)


def _assessment(n: int) -> Assessment:
    message = Message(id=f"tpl-{n}", text=f"Your refund {n} is on its way.")
    item = PipelineItem(
        message,
        "es-ES",
        f"Su reembolso {n} está en camino.",
        f"Your refund {n} is on the way.",
        MTInfo("apertium", "eng-spa"),
        MTInfo("apertium", "spa-eng"),
    )
    finding = Finding("idioms.literal", "literal idiom", (17, 28), "source", "warning")
    return Assessment(
        item,
        {"drift": n / ITEMS},
        (finding,),
        {},
        Risk(0.4 + 0.5 * n / ITEMS, "high" if n % 2 else "medium", ("drift",)),
    )


@pytest.mark.integration
def test_four_processes_decide_a_thousand_items_exactly_once(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    store = Store(db)
    run = store.start_run("test", ["es-ES"], {})
    for start in range(0, ITEMS, 250):
        store.save_assessments(run, [_assessment(n) for n in range(start, start + 250)])
    assert store.queue_counts()["queued"] == ITEMS

    script = tmp_path / "worker.py"
    script.write_text(WORKER, encoding="utf-8")
    procs = [
        subprocess.Popen(
            [sys.executable, str(script), str(db), f"reviewer-{i}"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(WORKERS)
    ]
    decided: dict[str, list[int]] = {}
    for i, proc in enumerate(procs):
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        decided[f"reviewer-{i}"] = json.loads(out)

    all_ids = [i for ids in decided.values() for i in ids]
    assert len(all_ids) == ITEMS and len(set(all_ids)) == ITEMS  # no item decided twice
    assert all(decided.values()), "every worker got a share"

    conn = store.db.conn
    assert (
        conn.execute(
            "SELECT count(*) FROM queue_items WHERE status IN ('approved', 'rejected')"
        ).fetchone()[0]
        == ITEMS
    )
    assert conn.execute("SELECT count(*) FROM decisions").fetchone()[0] == 2 * ITEMS
    # per item: one claim then one decision, by the reviewer whose process decided it
    owner = {i: name for name, ids in decided.items() for i in ids}
    rows = conn.execute(
        "SELECT item_id, group_concat(action || ':' || reviewer, ',') FROM "
        "(SELECT * FROM decisions ORDER BY id) GROUP BY item_id"
    ).fetchall()
    assert len(rows) == ITEMS
    for item_id, history in rows:
        verdict = "reject" if item_id % 3 == 0 else "approve"
        assert history == f"claim:{owner[item_id]},{verdict}:{owner[item_id]}"
    store.close()


# A submit through the real pipeline (Apertium and the locale policy scorer) in small
# batches, reporting each stored batch on stdout so the test knows when to kill it.
SUBMITTER = textwrap.dedent(
    """
    import sys
    from workbench.config import Config
    from workbench.models import Message
    from workbench.pipeline import Pipeline
    from workbench.scoring.base import ScoringContext
    from workbench.scoring.registry import build_scorers
    from workbench.service import Service
    from workbench.store import Store

    db, count = sys.argv[1], int(sys.argv[2])
    config = Config()
    config.targets = ["es-ES"]
    store = Store(db)
    scorers = build_scorers(ScoringContext(config), ["policy"])
    pipeline = Pipeline(config, store=store, scorers=scorers)
    service = Service(config, store, pipeline=pipeline)
    messages = [
        Message(id=f"m{n}", text=f"Thanks for order {n}! Please leave us a 5-star review."
                if n % 2 else f"Your parcel {n} left our warehouse today.")
        for n in range(count)
    ]

    def progress(done, total, stage):
        if done:  # the first call (done=0) only announces the total
            print(f"stored {done}/{total}", flush=True)

    result = service.submit(messages, progress=progress, batch_size=4)
    print(f"done {result.assessed} {result.skipped}", flush=True)
    """
)


@pytest.mark.integration
def test_submit_killed_mid_batch_resumes_without_duplicates_or_loss(tmp_path: Path) -> None:
    db = tmp_path / "killed.db"
    count = 40
    script = tmp_path / "submit.py"
    script.write_text(SUBMITTER, encoding="utf-8")

    proc = subprocess.Popen(
        [sys.executable, str(script), str(db), str(count)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    seen = 0
    deadline = time.monotonic() + 240
    assert proc.stdout is not None
    while seen < 3 and time.monotonic() < deadline:
        line = proc.stdout.readline()
        assert line, proc.stderr.read() if proc.stderr else "submitter ended early"
        seen += line.startswith("stored ")
    os.kill(proc.pid, signal.SIGKILL)  # mid-run: between or inside a batch's transaction
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    store = Store(db)
    conn = store.db.conn
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored_before = conn.execute("SELECT count(*) FROM assessments").fetchone()[0]
    assert 3 * 4 <= stored_before < count  # whole batches only, and not all of them
    assert stored_before % 4 == 0
    assert conn.execute("SELECT status FROM runs").fetchall() == [("running",)]  # left unfinished
    store.close()

    again = subprocess.run(
        [sys.executable, str(script), str(db), str(count)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip().splitlines()[-1] == f"done {count - stored_before} {stored_before}"

    store = Store(db)
    conn = store.db.conn
    assert conn.execute("SELECT count(*) FROM assessments").fetchone()[0] == count
    # the killed run is no longer shown as running: the next start saw its process gone
    assert conn.execute("SELECT status FROM runs ORDER BY id").fetchall() == [
        ("interrupted",),
        ("finished",),
    ]
    assert conn.execute("SELECT count(DISTINCT message_id) FROM assessments").fetchone()[0] == count
    queued = conn.execute("SELECT count(*), count(DISTINCT message_id) FROM queue_items").fetchone()
    assert queued == (count // 2, count // 2)  # every review request, once
    assert (
        conn.execute(
            "SELECT count(*) FROM findings f LEFT JOIN assessments a "
            "ON a.id = f.assessment_id WHERE a.id IS NULL"
        ).fetchone()[0]
        == 0
    )
    runs = conn.execute("SELECT status, assessed, skipped FROM runs ORDER BY id").fetchall()
    assert runs[-1] == ("finished", count - stored_before, stored_before)
    store.close()
