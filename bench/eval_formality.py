"""Accuracy and speed of the formality scorer on the labelled register sets, per language.

Usage: .venv/bin/python bench/eval_formality.py [--data-dir bench/data/formality] [--lang de,fr]

Each bench/data/formality/<lang>.jsonl line is {"text": ..., "label": ...}, a hand-written support
sentence labelled formal, informal, neutral (no address) or mixed. The script runs FormalityScorer on every sentence as a
translation into the language's default locale and prints, per language, the accuracy of
`register_detected`, a confusion table (rows = label, columns = detected), and messages/s of the
scorer next to a baseline measured in the same run: spaCy tokenisation alone (nlp.pipe over the
same texts), so the ratio shows what the register rules cost on top of tokenising.

bench/data/formality/heldout/ holds 16 further sentences per language written after the rules
(other topics: passwords, partial refunds, restocks); run with --data-dir to score them. A file
named <lang><n>.jsonl (tr2.jsonl) is a further batch for <lang>, reported on its own row.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from workbench.config import Config  # noqa: E402
from workbench.lang import DEFAULT_REGION  # noqa: E402
from workbench.models import Message, PipelineItem  # noqa: E402
from workbench.nlp import blank  # noqa: E402
from workbench.scoring.base import ScoringContext  # noqa: E402
from workbench.scoring.formality import FormalityScorer  # noqa: E402

DATA_DIR = Path(__file__).parent / "data" / "formality"
LABELS = ("formal", "informal", "neutral", "mixed")


@dataclass
class LanguageResult:
    language: str
    total: int = 0
    correct: int = 0
    confusion: Counter = field(default_factory=Counter)  # (label, detected) -> count
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # (label, detected, text)
    per_second: float = 0.0
    baseline_per_second: float = 0.0

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


def load(path: Path) -> list[tuple[str, str]]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            row = json.loads(line)
            if row["label"] not in LABELS:
                raise ValueError(f"{path}:{n}: unknown label {row['label']!r}")
            rows.append((row["text"], row["label"]))
    return rows


def evaluate_language(
    language: str, rows: list[tuple[str, str]], repeat: int = 1
) -> LanguageResult:
    """Score every sentence once for accuracy; time `repeat` passes for speed.

    `language` may carry a batch number (tr2): the rules and tokenizer are the bare language's.
    """
    name, language = language, language.rstrip("0123456789")
    target = f"{language}-{DEFAULT_REGION[language]}"
    items = [
        PipelineItem(Message(f"{language}-{i}", "", target=target), target, text, None)
        for i, (text, _) in enumerate(rows)
    ]
    scorer = FormalityScorer(ScoringContext(Config()))
    scorer.score(items[:1])  # load rules and the tokenizer outside the timed passes
    start = time.perf_counter()
    for _ in range(repeat):
        results = scorer.score(items)
    elapsed = time.perf_counter() - start
    nlp = blank(language)
    start = time.perf_counter()
    for _ in range(repeat):
        list(nlp.pipe([text for text, _ in rows]))
    baseline = time.perf_counter() - start

    out = LanguageResult(name, total=len(rows))
    for (text, label), result in zip(rows, results, strict=True):
        detected = result.signals.get("register_detected", "unavailable")
        out.confusion[(label, detected)] += 1
        if detected == label:
            out.correct += 1
        else:
            out.errors.append((label, detected, text))
    out.per_second = len(rows) * repeat / elapsed if elapsed else float("inf")
    out.baseline_per_second = len(rows) * repeat / baseline if baseline else float("inf")
    return out


def evaluate(
    data_dir: Path = DATA_DIR, languages: list[str] | None = None, repeat: int = 1
) -> dict[str, LanguageResult]:
    """Results per language for every <lang>.jsonl in data_dir (or the chosen languages)."""
    files = sorted(data_dir.glob("*.jsonl"))
    return {
        f.stem: evaluate_language(f.stem, load(f), repeat)
        for f in files
        if languages is None or f.stem in languages
    }


def print_report(results: dict[str, LanguageResult], show_errors: bool) -> None:
    print(f"{'lang':<6}{'n':>5}{'accuracy':>10}{'msg/s':>10}{'tokenize msg/s':>16}{'ratio':>8}")
    for lang, r in results.items():
        ratio = r.per_second / r.baseline_per_second if r.baseline_per_second else 0.0
        print(
            f"{lang:<6}{r.total:>5}{r.accuracy:>10.3f}{r.per_second:>10.0f}"
            f"{r.baseline_per_second:>16.0f}{ratio:>8.2f}"
        )
    total = sum(r.total for r in results.values())
    correct = sum(r.correct for r in results.values())
    print(f"{'all':<6}{total:>5}{(correct / total if total else 0):>10.3f}")
    print("\nconfusion (rows = label, columns = detected)")
    header = "".join(f"{d:>10}" for d in LABELS)
    for lang, r in results.items():
        print(f"\n[{lang}]{'':<5}{header}")
        for label in LABELS:
            if any(r.confusion[(label, d)] for d in (*LABELS, "unavailable")):
                cells = "".join(f"{r.confusion[(label, d)]:>10}" for d in LABELS)
                print(f"{label:<10}{cells}")
        if show_errors:
            for label, detected, text in r.errors:
                print(f"  ! {label} -> {detected}: {text}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data-dir", type=Path, default=DATA_DIR, help="folder of <lang>.jsonl files"
    )
    parser.add_argument("--lang", default="", help="comma-separated languages (default: all files)")
    parser.add_argument("--repeat", type=int, default=5, help="timed passes per language")
    parser.add_argument("--errors", action="store_true", help="list every misclassified sentence")
    args = parser.parse_args()
    languages = [x.strip() for x in args.lang.split(",") if x.strip()] or None
    print_report(evaluate(args.data_dir, languages, args.repeat), args.errors)


if __name__ == "__main__":
    main()
