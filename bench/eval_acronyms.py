"""Recall, false-positive rate and speed of the acronym scorer on a labelled set of drafts.

Usage: .venv/bin/python bench/eval_acronyms.py [--data bench/data/acronyms_eval.jsonl] [--repeat 5]

Each line of the data file is {"id", "target", "text", "flag", "rule"}: a hand-written support
sentence, the locale it goes to, whether the acronym scorer should flag it and with which rule
("acronyms.unexpanded", "acronyms.forbidden" or "acronyms.unknown"). Sentences that must not be
flagged hold expanded acronyms, acronyms that may be kept, acronyms inside URLs, e-mail
addresses, placeholders and order codes, ordinary capitalised words and shouting.

Prints, for AcronymScorer and for a baseline measured in the same run (flag every token of
2-6 capitals, the rule of thumb a reviewer without a glossary applies):
  recall   = flagged sentences with the expected rule / sentences that should be flagged
  FP rate  = sentences with any acronym finding / sentences that should not be flagged
  sentences/s over `repeat` passes, and the ratio to the baseline.
It also prints messages/s of the terms and placeholders scorers on the same sentences (each
sentence used as its own translation), with the same baseline for scale.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.config import Config
from workbench.models import Message, PipelineItem
from workbench.scoring.acronyms import AcronymScorer
from workbench.scoring.base import ScoringContext
from workbench.scoring.placeholders import PlaceholderScorer
from workbench.scoring.terms import TermScorer

DATA = Path(__file__).parent / "data" / "acronyms_eval.jsonl"
RULES = ("acronyms.unexpanded", "acronyms.forbidden", "acronyms.unknown")
_BASELINE = re.compile(r"\b[A-Z][A-Z0-9&]{1,5}\b")


@dataclass
class Result:
    name: str
    positives: int = 0
    caught: int = 0
    negatives: int = 0
    false_positives: int = 0
    per_second: float = 0.0
    misses: list[dict[str, Any]] = field(default_factory=list)
    false_alarms: list[tuple[dict[str, Any], list[str]]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.caught / self.positives if self.positives else 0.0

    @property
    def fp_rate(self) -> float:
        return self.false_positives / self.negatives if self.negatives else 0.0


def load(path: Path = DATA) -> list[dict[str, Any]]:
    """The labelled rows; raises ValueError naming the line of a malformed one."""
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        if not isinstance(row.get("flag"), bool) or not row.get("text") or not row.get("target"):
            raise ValueError(f"{path}:{n}: needs text, target and a boolean flag")
        if row["flag"] and row.get("rule") not in RULES:
            raise ValueError(f"{path}:{n}: rule must be one of {', '.join(RULES)}")
        rows.append(row)
    return rows


def _items(rows: list[dict[str, Any]], with_translation: bool = False) -> list[PipelineItem]:
    return [
        PipelineItem(
            Message(r["id"], r["text"]),
            r["target"],
            r["text"] if with_translation else None,
            None,
        )
        for r in rows
    ]


def _tally(result: Result, rows: list[dict[str, Any]], found: list[list[str]]) -> Result:
    for row, rules in zip(rows, found, strict=True):
        if row["flag"]:
            result.positives += 1
            if row["rule"] in rules:
                result.caught += 1
            else:
                result.misses.append(row)
        else:
            result.negatives += 1
            if rules:
                result.false_positives += 1
                result.false_alarms.append((row, rules))
    return result


def evaluate(rows: list[dict[str, Any]], repeat: int = 1, config: Config | None = None) -> Result:
    """AcronymScorer's recall and false-positive rate on source findings, and its speed."""
    scorer = AcronymScorer(ScoringContext(config or Config()))
    items = _items(rows)
    scorer.score(items)  # load glossaries, word lists and locale data outside the timing
    start = time.perf_counter()
    for _ in range(repeat):
        results = scorer.score(items)
    elapsed = time.perf_counter() - start
    found = [[f.rule_id for f in r.findings if f.field == "source"] for r in results]
    result = _tally(Result("AcronymScorer"), rows, found)
    result.per_second = len(items) * repeat / elapsed if elapsed else float("inf")
    return result


def evaluate_baseline(rows: list[dict[str, Any]], repeat: int = 1) -> Result:
    """Flag every token of 2-6 capitals: the rule a reviewer without a glossary would apply."""
    start = time.perf_counter()
    for _ in range(repeat):
        found = [
            [f"acronyms.{k}" for k in ("unexpanded", "forbidden", "unknown")]
            if _BASELINE.search(r["text"])
            else []
            for r in rows
        ]
    elapsed = time.perf_counter() - start
    result = _tally(Result("all-caps baseline"), rows, found)
    result.per_second = len(rows) * repeat / elapsed if elapsed else float("inf")
    return result


def speed(scorer_cls: type, rows: list[dict[str, Any]], repeat: int) -> float:
    """Messages/s of another scorer on the same sentences (each its own translation)."""
    scorer = scorer_cls(ScoringContext(Config()))
    items = _items(rows, with_translation=True)
    scorer.score(items)  # warm-up: per-language tables are built once, outside the timing
    start = time.perf_counter()
    for _ in range(repeat):
        scorer.score(items)
    elapsed = time.perf_counter() - start
    return len(items) * repeat / elapsed if elapsed else float("inf")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="labelled JSONL file")
    parser.add_argument("--repeat", type=int, default=5, help="timed passes over the data")
    parser.add_argument("--show-errors", action="store_true", help="list misses and false alarms")
    args = parser.parse_args()

    rows = load(args.data)
    baseline = evaluate_baseline(rows, args.repeat)
    result = evaluate(rows, args.repeat)
    print(f"{len(rows)} sentences: {result.positives} to flag, {result.negatives} not to flag\n")
    print(f"{'detector':<20} {'recall':>7} {'FP rate':>8} {'sentences/s':>12}")
    for r in (result, baseline):
        print(f"{r.name:<20} {r.recall:>7.3f} {r.fp_rate:>8.3f} {r.per_second:>12,.0f}")
    print(
        f"\nAcronymScorer runs at {result.per_second / baseline.per_second:.3f}x "
        "the baseline's speed"
    )
    for name, cls in (("TermScorer", TermScorer), ("PlaceholderScorer", PlaceholderScorer)):
        per_second = speed(cls, rows, args.repeat)
        print(
            f"{name:<20} {per_second:>12,.0f} messages/s "
            f"({per_second / baseline.per_second:.3f}x the baseline)"
        )
    if args.show_errors:
        for row in result.misses:
            print(f"MISS  {row['id']} [{row['target']}] {row['rule']}: {row['text']}")
        for row, rules in result.false_alarms:
            print(f"FALSE {row['id']} [{row['target']}] {','.join(rules)}: {row['text']}")


if __name__ == "__main__":
    main()
