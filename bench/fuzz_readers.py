"""Fuzz every template-library reader for a few minutes and report what breaks.

Two sources of inputs, each read through `read_corpus` exactly as `score` and `submit` read a
library:
  - mutations of real files (the bundled sample corpus: front matter templates, a .po catalog,
    an XLIFF file) and of small seeds for CSV, JSON(L), YAML, i18next and Zendesk exports:
    bytes flipped, syntax characters inserted, spans duplicated or cut, BOMs and NULs added;
  - hypothesis-generated near-miss files (tests/badinput/strategies.py).
A finding is an exception escaping the reader (a traceback for the user), a read slower than
--slow seconds, a problem message spanning several lines, or a message over the length limit.
Each distinct finding (format, exception type, first line) is printed once with the input
that caused it, saved under --out.

Not run in CI: `.venv/bin/python bench/fuzz_readers.py --minutes 5`.
"""

from __future__ import annotations

import argparse
import json
import random
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "badinput"))

from workbench.corpus import read_corpus  # noqa: E402
from workbench.corpus.limits import DEFAULT_LIMITS  # noqa: E402

SEEDS: dict[str, list[bytes]] = {
    ".csv": [
        b'id,text,target,translation\nrefund,"Your refund, {{name}}, is on its way.",de,"Ihre '
        b'Erstattung ist unterwegs."\nship,"Two\nlines",,\n',
    ],
    ".jsonl": [
        b'{"id": "a", "text": "Thanks for your order!", "tags": ["x"]}\n'
        b'{"id": "b", "text": "Hi", "target": "de-DE", "translation": "Hallo"}\n'
    ],
    ".json": [
        b'[{"id": "a", "text": "Thanks!"}, {"id": "b", "text": "Bye", "ignore": "idioms"}]',
        b'{"macros": [{"id": 1, "actions": [{"field": "comment_value", "value": "Hi {{n}}"}]}]}',
        b'{"messages": [{"text": "Hello"}]}',
    ],
    ".yaml": [
        b"templates:\n  - id: a\n    text: Thanks for reaching out!\n    tags: [x, y]\n"
        b"  - id: b\n    text: |\n      Two\n      lines\n",
    ],
    "en.json": [b'{"order": {"shipped": "Your order shipped.", "late": "Sorry, {{n}} late"}}'],
}
SYNTAX = list(b"-:[]{}&*!|>'\"\n\r\t #%@,;=\\<>/?`~") + [0]
INSERTS = [
    b"\xef\xbb\xbf",
    b"\x00",
    b"&a",
    b"*a",
    b"<!--x-->",
    b"<?pi?>",
    b"&amp;",
    b"&x;",
    b"\\ud800",
    b"]]>",
    b"---\n",
    b'"',
    b"\r\n",
    b"\xff",
    b'msgid "',
    b"[" * 50,
]


def seeds_from_corpus() -> dict[str, list[bytes]]:
    found = {k: list(v) for k, v in SEEDS.items()}
    sample = ROOT / "corpora" / "sample"
    for path in sorted(sample.rglob("*")):
        if path.suffix in (".md", ".po", ".xlf") and path.is_file():
            key = path.suffix
            if len(found.setdefault(key, [])) < 25:
                found[key].append(path.read_bytes())
    return found


def mutate(data: bytes, rng: random.Random) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        op = rng.randrange(6)
        at = rng.randrange(len(buf) + 1)
        if op == 0 and buf:
            buf[min(at, len(buf) - 1)] = rng.randrange(256)
        elif op == 1:
            buf[at:at] = bytes([rng.choice(SYNTAX)])
        elif op == 2:
            # half the time right after a '>' or a quote: inside an element's text or a value,
            # where a parser hands the odd piece on instead of rejecting the file
            anchors = [i + 1 for i, b in enumerate(buf) if b in b'>":']
            if anchors and rng.random() < 0.5:
                at = rng.choice(anchors)
            buf[at:at] = rng.choice(INSERTS)
        elif op == 3 and buf:
            end = min(len(buf), at + rng.randint(1, 64))
            buf[at:at] = buf[at:end] * rng.randint(1, 20)
        elif op == 4:
            del buf[at : at + rng.randint(1, 32)]
        else:
            buf = buf[:at]
    return bytes(buf)


class Hang(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise Hang()


def read_one(name: str, data: bytes, slow: float) -> tuple[str | None, float]:
    """Finding signature (or None) for one input, and the seconds it took."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / (name if "." in name[1:] else f"input{name}")
        path.write_bytes(data)
        signal.setitimer(signal.ITIMER_REAL, slow * 4)
        started = time.perf_counter()
        try:
            corpus = read_corpus([folder])
        except Hang:
            return f"hang: over {slow * 4:.0f} s", time.perf_counter() - started
        except Exception as exc:  # noqa: BLE001 - this is what a fuzzer looks for
            frame = traceback.extract_tb(exc.__traceback__)[-1]
            where = f"{Path(frame.filename).name}:{frame.lineno}"
            first = str(exc).splitlines()[0][:120] if str(exc) else ""
            return f"{type(exc).__name__} at {where}: {first}", time.perf_counter() - started
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        seconds = time.perf_counter() - started
        if seconds > slow:
            return f"slow: {seconds:.1f} s", seconds
        for problem in corpus.problems:
            if "\n" in str(problem):
                return "problem message spans several lines", seconds
        for message in corpus.messages:
            if len(message.text) > DEFAULT_LIMITS.max_message_chars:
                return "message over the length limit passed through", seconds
        return None, seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=3.0)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--slow", type=float, default=2.0, help="seconds for one read")
    parser.add_argument("--out", type=Path, default=Path("fuzz-findings"))
    args = parser.parse_args()
    signal.signal(signal.SIGALRM, _alarm)
    rng = random.Random(args.seed)
    seeds = seeds_from_corpus()
    from hypothesis import strategies as st  # noqa: F401 - imported for the generated half
    from strategies import FORMATS

    generated = {suffix: strategy for suffix, strategy in FORMATS.items()}
    deadline = time.monotonic() + args.minutes * 60
    runs: Counter[str] = Counter()
    slowest: dict[str, float] = {}
    findings: dict[tuple[str, str], bytes] = {}
    names = sorted(seeds)
    while time.monotonic() < deadline:
        name = rng.choice(names + sorted(generated))
        if name in generated and rng.random() < 0.5:
            data = generated[name].example().encode("utf-8", "surrogatepass")
            kind = f"{name} generated"
        else:
            base = seeds.get(name) or seeds[".jsonl"]
            data = mutate(rng.choice(base), rng)
            kind = f"{name} mutated"
        finding, seconds = read_one(name, data, args.slow)
        runs[kind] += 1
        slowest[name] = max(slowest.get(name, 0.0), seconds)
        if finding and (name, finding) not in findings:
            findings[(name, finding)] = data
            print(f"FINDING {name}: {finding}", flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    for n, ((name, _finding), data) in enumerate(sorted(findings.items())):
        suffix = name if name.startswith(".") else "-" + name
        (args.out / f"{n:03d}{suffix}").write_bytes(data)
    summary = {
        "minutes": args.minutes,
        "inputs": sum(runs.values()),
        "per_kind": dict(sorted(runs.items())),
        "slowest_read_seconds": {k: round(v, 3) for k, v in sorted(slowest.items())},
        "findings": [f"{name}: {finding}" for name, finding in sorted(findings)],
    }
    print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
