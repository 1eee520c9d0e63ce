"""Speed of the review queue: storing assessed messages, and filtered queue queries.

Usage: .venv/bin/python bench/queue.py [--items 10000] [--batch 64] [--repeat 30]

Stores --items synthetic assessments (real Assessment objects with findings, no MT) through
Store.save_assessments in batches of --batch, as submit does, and prints items/s. A baseline
measured in the same run stores the same items one transaction per item.

Then times the queries a reviewer's screen makes (open items by risk; one language and level;
a template glob; a text search; claiming the next item) on this database, and on a copy whose
queue indexes were dropped, and prints the median latency of each and the ratio.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from workbench.models import Assessment, Finding, Message, MTInfo, PipelineItem, Risk
from workbench.store import Store

TARGETS = ("es-ES", "es-MX", "pt-BR", "de-DE", "fr-FR", "it-IT", "ja-JP", "nl-NL")
TOPICS = ("refund", "delivery", "invoice", "password reset", "return label", "warranty")


def synthetic(n: int, rng: random.Random) -> Assessment:
    """One assessed message, shaped like the pipeline's output (a few findings, signals)."""
    topic = rng.choice(TOPICS)
    message = Message(
        id=f"{topic.replace(' ', '-')}/{n}",
        text=f"Hi, thanks for reaching out about your {topic}. We will get back to you "
        f"within {rng.randint(1, 9)} days.\nBest regards, the support team ({n})",
    )
    target = rng.choice(TARGETS)
    score = rng.random()
    level = "high" if score >= 0.65 else "medium" if score >= 0.35 else "low"
    item = PipelineItem(
        message=message,
        target=target,
        translation=f"[{target}] translation of message {n} about {topic}",
        back_translation=f"Hi, thanks for contacting us about your {topic} ({n})",
        forward=MTInfo("apertium", "apertium:eng-spa"),
        backward=MTInfo("apertium", "apertium:spa-eng"),
    )
    findings = tuple(
        Finding(f"idioms.literal{k}", "literal idiom", (40, 55), "source", "warning", "reply")
        for k in range(rng.randint(0, 3))
    )
    return Assessment(
        item=item,
        signals={"drift": round(score, 3), "formality": "formal", "placeholders": 0},
        findings=findings,
        unavailable={},
        risk=Risk(score, level, (f"drift {score:.2f}", "idiom"), ()),
    )


def timed(fn: Callable[[], object], repeat: int) -> float:
    """Median wall time of fn() in milliseconds."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000, help="assessments to store")
    parser.add_argument("--batch", type=int, default=64, help="assessments per transaction")
    parser.add_argument("--repeat", type=int, default=30, help="runs per query (median)")
    args = parser.parse_args()
    rng = random.Random(7)
    items = [synthetic(n, rng) for n in range(args.items)]

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        store = Store(folder / "queue.db")
        run = store.start_run("bench", list(TARGETS), {})
        start = time.perf_counter()
        queued = 0
        for i in range(0, len(items), args.batch):
            queued += store.save_assessments(run, items[i : i + args.batch]).queued
        batched = time.perf_counter() - start

        # Baseline: one transaction per assessment (a sample, extrapolated per item).
        sample = [synthetic(args.items + n, rng) for n in range(min(1000, args.items))]
        base_store = Store(folder / "baseline.db")
        base_run = base_store.start_run("bench", list(TARGETS), {})
        start = time.perf_counter()
        for a in sample:
            base_store.save_assessments(base_run, [a])
        single = time.perf_counter() - start
        base_store.close()

        rate = args.items / batched
        base_rate = len(sample) / single
        print(
            f"store {args.items} assessments ({queued} queued) in batches of {args.batch}: "
            f"{rate:,.0f} items/s; one per transaction: {base_rate:,.0f} items/s; "
            f"ratio {rate / base_rate:.1f}x"
        )

        # The same data without the queue indexes, for the query baseline.
        plain_path = folder / "unindexed.db"
        plain = sqlite3.connect(plain_path)
        store.db.conn.backup(plain)
        for (name,) in plain.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'queue_items'"
            " AND sql IS NOT NULL"
        ).fetchall():
            plain.execute(f"DROP INDEX {name}")
        plain.commit()
        plain.close()
        unindexed = Store(plain_path)

        queries: dict[str, Callable[[Store], object]] = {
            "open, by risk (first 50)": lambda s: s.list_queue(status="open", limit=50),
            "es, high, open (first 50)": lambda s: s.list_queue(
                language="es", level="high", status="open", limit=50
            ),
            "pt-BR oldest first (first 50)": lambda s: s.list_queue(
                language="pt-BR", status="open", sort="age", limit=50
            ),
            "template refund/* (first 50)": lambda s: s.list_queue(template="refund/*", limit=50),
            "search 'warranty' (first 50)": lambda s: s.list_queue(search="warranty", limit=50),
            "queue counts": lambda s: s.queue_counts(),
        }
        print(f"\nquery latency, median of {args.repeat} (ms)      indexed   unindexed   ratio")
        for label, query in queries.items():
            fast = timed(lambda q=query: q(store), args.repeat)
            slow = timed(lambda q=query: q(unindexed), args.repeat)
            print(f"  {label:<36} {fast:9.2f} {slow:11.2f} {slow / fast:7.1f}x")

        def claim_and_approve(s: Store, who: str) -> None:
            item = s.claim(who)
            if item is not None:
                s.decide(item, who, "approve")

        fast = timed(lambda: claim_and_approve(store, "ana"), args.repeat)
        slow = timed(lambda: claim_and_approve(unindexed, "ana"), args.repeat)
        print(f"  {'claim next + approve':<36} {fast:9.2f} {slow:11.2f} {slow / fast:7.1f}x")
        store.close()
        unindexed.close()


if __name__ == "__main__":
    main()
