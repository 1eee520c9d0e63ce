"""Start-up cost of the light commands, before vs after lazy imports, measured in one run.

"Before" is the package as of an earlier commit (default: the last one with module-level spaCy
imports), extracted with `git archive` into a temporary folder; "after" is this checkout. Each
command runs in a fresh interpreter, --runs times per tree (interleaved, so machine load hits
both alike); the medians of wall and CPU time (user + system of the child) are printed with
the ratio before/after, and the heavy packages each command imported.

    .venv/bin/python bench/startup.py [--before COMMIT] [--runs 3] [--check]

--check adds `workbench check` of one template against a warm database (scored once first).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "unit"))
HEAVY = (
    "spacy", "thinc", "torch", "scipy", "sklearn", "sentence_transformers", "transformers",
    "lingua", "ctranslate2", "argostranslate", "textual", "numpy",
)  # fmt: skip
RUN = (
    "import json, sys\n"
    "from workbench.cli import main\n"
    "sys.argv = ['workbench', *json.loads(sys.argv[1])]\n"
    "try:\n"
    "    main()\n"
    "except SystemExit as exc:\n"
    "    if exc.code not in (None, 0, 1):\n"
    "        raise\n"
    f"heavy = sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r}))\n"
    "print('\\nLOADED ' + json.dumps(heavy))\n"
)
TEMPLATE = """---
id: orders.order-confirmation
---
Hi {{customer_name}}, thank you for your order {order_id}. We will send you an e-mail as soon \
as your parcel leaves our warehouse.
"""


def extract(commit: str, into: Path) -> Path:
    """The workbench package and its glossaries as of `commit`."""
    data = subprocess.run(
        ["git", "-C", str(ROOT), "archive", commit, "workbench", "glossaries"],
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=BytesIO(data)) as tar:
        tar.extractall(into, filter="data")
    return into


def run_once(tree: Path, args: list[str], env: dict[str, str]) -> tuple[float, float, list[str]]:
    """Wall seconds, CPU seconds and heavy packages of one fresh `workbench ARGS`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", RUN, json.dumps(args)],
        capture_output=True,
        text=True,
        env={**env, "PYTHONPATH": str(tree)},
        cwd=tree,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if "\nLOADED " not in out.stdout:
        raise SystemExit(f"workbench {' '.join(args)} failed in {tree}: {out.stderr[-500:]}")
    return wall, cpu, json.loads(out.stdout.rpartition("\nLOADED ")[2])


def small_db(path: Path) -> Path:
    from queue_factory import make_assessment

    sys.path.insert(0, str(ROOT))
    from workbench.store import Store

    store = Store(path)
    run = store.start_run("bench", ["es-ES"], {})
    store.save_assessments(run, [make_assessment(n) for n in range(20)])
    store.close()
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="4d88b89", help="commit measured as 'before'")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--check", action="store_true", help="also a warm `check` (slow)")
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        trees = {"before": extract(opts.before, tmpdir / "before"), "after": ROOT}
        # one database per tree: each fills its own score cache, so "warm" is warm for both
        envs = {t: {**os.environ, "WORKBENCH_DB": str(tmpdir / f"{t}.db")} for t in trees}
        commands = {
            "--help": ["--help"],
            "queue list": ["queue", "list", "--db", str(small_db(tmpdir / "queue.db"))],
            "glossary lint": ["glossary", "lint"],
        }
        if opts.check:
            library = tmpdir / "library" / "en"
            library.mkdir(parents=True)
            (library / "order-confirmation.md").write_text(TEMPLATE, encoding="utf-8")
            commands["check, warm db"] = ["check", str(library.parent), "--to", "es-ES"]
            for label, tree in trees.items():  # fills the score cache
                run_once(tree, commands["check, warm db"], envs[label])
        print(f"{opts.runs} runs each, medians; before = {opts.before}, after = this checkout")
        print(f"{'command':16} {'wall before':>11} {'after':>7} {'ratio':>6}   "
              f"{'CPU before':>10} {'after':>7} {'ratio':>6}   heavy modules before -> after")  # fmt: skip
        for name, args in commands.items():
            samples: dict[str, list[tuple[float, float, list[str]]]] = {t: [] for t in trees}
            for _ in range(opts.runs):
                for label, tree in trees.items():
                    samples[label].append(run_once(tree, args, envs[label]))
            wall = {t: statistics.median(s[0] for s in samples[t]) for t in trees}
            cpu = {t: statistics.median(s[1] for s in samples[t]) for t in trees}
            heavy = {t: ",".join(samples[t][-1][2]) or "none" for t in trees}
            print(
                f"{name:16} {wall['before']:10.2f}s {wall['after']:6.2f}s "
                f"{wall['before'] / wall['after']:5.1f}x   {cpu['before']:9.2f}s "
                f"{cpu['after']:6.2f}s {cpu['before'] / cpu['after']:5.1f}x   "
                f"{heavy['before']} -> {heavy['after']}"
            )


if __name__ == "__main__":
    main()
