"""Accuracy and speed of the idiom scorer on the labelled sentence set.

Usage: .venv/bin/python bench/eval_idioms.py [--data bench/data/idioms_eval.jsonl] [--repeat 20]

Each line of the data is {"text", "idioms": [expected glossary keys], "kind", "split"}: kind is
"idiom", "literal" (no idiom, but every content word of some glossary idiom is there, e.g. "the
player dropped the ball") or "plain"; split "dev" sentences were used while writing the glossary's
literal-use guards; "heldout" ones were written afterwards, in two batches, each measured before
any change it prompted (first readings are in the commits that added them).
Prints, per split and overall, for the scorer and for a baseline (one case-insensitive regex of
every phrase and variant as written, no lemmas, no literal-use guards) timed in the same run:
- recall: expected idioms found (at any severity) / expected idioms,
- false-positive rate: sentences without an idiom that got any finding (and, separately, a
  finding at warning or above; ambiguous entries flag unclear uses at info by design),
- precision: findings naming an expected idiom / all findings,
- sentences/s through IdiomScorer.score (matcher built beforehand), and the ratio to the baseline.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from workbench.config import Config  # noqa: E402
from workbench.glossary.idioms import _SLOT, Idiom, IdiomMatcher, load_idioms  # noqa: E402
from workbench.models import Message, PipelineItem  # noqa: E402
from workbench.scoring.base import ScoringContext  # noqa: E402
from workbench.scoring.idioms import IdiomScorer  # noqa: E402

DATA = Path(__file__).parent / "data" / "idioms_eval.jsonl"

# What a detector returns per sentence: (glossary key, severity) of each finding.
Detections = list[list[tuple[str, str]]]


@dataclass
class Metrics:
    recall: float
    fp_rate: float  # negatives with any finding
    fp_rate_warning: float  # negatives with a finding at warning or error
    precision: float
    positives: int
    negatives: int
    missed: list[tuple[str, str]]  # (text, expected key)
    false_positives: list[tuple[str, str, str]]  # (text, key, severity)


def load(path: Path = DATA) -> list[dict]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def measure(rows: Sequence[dict], found: Detections) -> Metrics:
    expected_total = hit = findings = right = 0
    negatives = neg_any = neg_warning = 0
    missed: list[tuple[str, str]] = []
    false_pos: list[tuple[str, str, str]] = []
    for row, detections in zip(rows, found, strict=True):
        expected = set(row["idioms"])
        keys = {k for k, _ in detections}
        expected_total += len(expected)
        hit += len(expected & keys)
        missed.extend((row["text"], k) for k in sorted(expected - keys))
        findings += len(detections)
        right += sum(1 for k, _ in detections if k in expected)
        false_pos.extend((row["text"], k, s) for k, s in detections if k not in expected)
        if not expected:
            negatives += 1
            neg_any += bool(detections)
            neg_warning += any(s != "info" for _, s in detections)
    return Metrics(
        recall=hit / expected_total if expected_total else 0.0,
        fp_rate=neg_any / negatives if negatives else 0.0,
        fp_rate_warning=neg_warning / negatives if negatives else 0.0,
        precision=right / findings if findings else 0.0,
        positives=len(rows) - negatives,
        negatives=negatives,
        missed=missed,
        false_positives=false_pos,
    )


def scorer_detector(idioms: Sequence[Idiom]) -> Callable[[Sequence[str]], Detections]:
    """The real scorer, with its matcher built once up front (as ScoringContext caches it)."""
    context = ScoringContext(Config())
    context.cache["idioms.matcher"] = IdiomMatcher(idioms)
    scorer = IdiomScorer(context)
    by_phrase = {i.title: i.key for i in idioms}

    def detect(texts: Sequence[str]) -> Detections:
        items = [PipelineItem(Message(id=str(n), text=t), "de-DE", None, None)
                 for n, t in enumerate(texts)]
        out = []
        for result in scorer.score(items):
            out.append([(_key_of(f.message, by_phrase), f.severity) for f in result.findings])
        return out

    return detect


def _key_of(message: str, by_phrase: dict[str, str]) -> str:
    # The finding message names the idiom as "(<title>: <meaning>)".
    match = re.search(r"\((.+?): ", message)
    return by_phrase.get(match.group(1), "") if match else ""


def regex_detector(idioms: Sequence[Idiom]) -> Callable[[Sequence[str]], Detections]:
    """Baseline: every phrase and variant as written, slots as any 1-3 words, no lemmas."""
    parts = []
    for index, idiom in enumerate(idioms):
        for pattern in [idiom.phrase, *idiom.variants]:
            words = [
                r"\w+(?:\s+\w+){0,2}" if _SLOT.fullmatch(w) else re.escape(w)
                for w in pattern.replace("-", " ").split()
            ]
            parts.append(f"(?P<i{index}_{len(parts)}>" + r"[\s-]+".join(words) + ")")
    regex = re.compile(r"\b(?:" + "|".join(parts) + r")\b", re.IGNORECASE)

    def detect(texts: Sequence[str]) -> Detections:
        out = []
        for text in texts:
            found = []
            for m in regex.finditer(text):
                index = int(m.lastgroup.split("_")[0][1:])  # type: ignore[union-attr]
                found.append((idioms[index].key, idioms[index].severity))
            out.append(found)
        return out

    return detect


def timed(
    detect: Callable[[Sequence[str]], Detections], texts: Sequence[str], repeat: int
) -> float:
    """Sentences per second; texts are made distinct so the scorer cannot reuse analyses."""
    batch = [f"{t} ({n})" for n in range(repeat) for t in texts]
    start = time.perf_counter()
    detect(batch)
    return len(batch) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="labelled JSONL file")
    parser.add_argument("--repeat", type=int, default=20, help="copies of the set for timing")
    parser.add_argument("--show", action="store_true", help="list misses and false positives")
    args = parser.parse_args()

    rows = load(args.data)
    texts = [r["text"] for r in rows]
    idioms, _ = load_idioms()
    keys = {i.key for i in idioms}
    unknown = {k for r in rows for k in r["idioms"]} - keys
    if unknown:
        raise SystemExit(f"data names idioms missing from the glossary: {sorted(unknown)}")
    print(f"{len(idioms)} idioms; {len(rows)} sentences "
          f"({sum(r['kind'] == 'idiom' for r in rows)} with idioms, "
          f"{sum(r['kind'] == 'literal' for r in rows)} literal uses, "
          f"{sum(r['kind'] == 'plain' for r in rows)} plain)")
    start = time.perf_counter()
    scorer = scorer_detector(idioms)
    print(f"matcher built in {time.perf_counter() - start:.2f}s")
    detectors = {"idioms scorer": scorer, "regex baseline": regex_detector(idioms)}
    splits = {"all": None, **{s: s for s in dict.fromkeys(r.get("split", "dev") for r in rows)}}
    speeds = {}
    for name, detect in detectors.items():
        found = detect(texts)
        speeds[name] = timed(detect, texts, args.repeat)
        print(f"\n{name}: {speeds[name]:.0f} sentences/s")
        print(f"  {'split':<8} {'pos':>4} {'neg':>4} {'recall':>7} {'FP any':>7} "
              f"{'FP warn+':>9} {'precision':>10}")
        for label, split in splits.items():
            chosen = [i for i, r in enumerate(rows)
                      if split is None or r.get("split", "dev") == split]
            m = measure([rows[i] for i in chosen], [found[i] for i in chosen])
            print(f"  {label:<8} {m.positives:>4} {m.negatives:>4} {m.recall:>7.3f} "
                  f"{m.fp_rate:>7.3f} "
                  f"{m.fp_rate_warning:>9.3f} {m.precision:>10.3f}")
        if args.show:
            m = measure(rows, found)
            for text, key in m.missed:
                print(f"  MISS  {key!r}: {text}")
            for text, key, severity in m.false_positives:
                print(f"  FP    {key!r} [{severity}]: {text}")
    ratio = speeds["idioms scorer"] / speeds["regex baseline"]
    print(f"\nscorer speed / regex baseline speed: {ratio:.2f}x")


if __name__ == "__main__":
    main()
