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

--cocoa scores public data nobody here wrote: the formal and informal references of CoCoA-MT's
train split (bench/data/formality/cocoa/, see SOURCE.md there), dev and held-out. For each
language it prints accuracy on the references that carry address (formal or informal), the share
of correct formal references called informal or mixed, and how many address-free references stay
neutral — for the rules as they are and, in the same run, for the release named by --baseline
(its code and glossaries taken from git into a temporary folder and run in a subprocess).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
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
COCOA_DIR = DATA_DIR / "cocoa"
# main before the pro-drop and Japanese register work: the "before" column of --cocoa
BASELINE_REF = "390db226511be85003e76bfa19747d8cbc663f78"
# CoCoA-MT's Portuguese references are European Portuguese
COCOA_TARGETS = {"pt": "pt-PT"}
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


def _cocoa_target(language: str) -> str:
    return COCOA_TARGETS.get(language, f"{language}-{DEFAULT_REGION[language]}")


def detect(jobs: dict[str, tuple[str, list[str]]]) -> dict[str, list[str]]:
    """register_detected per text: {key: (target locale, texts)} -> {key: labels}.

    Uses only the scorer's public interface, so the same function runs on an older release.
    """
    scorer = FormalityScorer(ScoringContext(Config()))
    out = {}
    for key, (target, texts) in jobs.items():
        items = [
            PipelineItem(Message(f"{key}-{i}", "", target=target), target, text, None)
            for i, text in enumerate(texts)
        ]
        results = scorer.score(items)
        out[key] = [r.signals.get("register_detected", "unavailable") for r in results]
    return out


_BASELINE_SCRIPT = """
import json, sys
sys.path.insert(0, sys.argv[1])
from workbench.config import Config
from workbench.models import Message, PipelineItem
from workbench.scoring.base import ScoringContext
from workbench.scoring.formality import FormalityScorer
scorer = FormalityScorer(ScoringContext(Config()))
out = {}
for key, (target, texts) in json.load(sys.stdin).items():
    items = [PipelineItem(Message(f"{key}-{i}", "", target=target), target, t, None)
             for i, t in enumerate(texts)]
    out[key] = [r.signals.get("register_detected", "unavailable") for r in scorer.score(items)]
json.dump(out, sys.stdout)
"""


def detect_at(ref: str, jobs: dict[str, tuple[str, list[str]]]) -> dict[str, list[str]] | None:
    """The same detection with the code and glossaries of git `ref` (None when git cannot)."""
    root = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(
            ["git", "-C", str(root), "archive", ref, "workbench", "glossaries"],
            capture_output=True,
        )
        if archive.returncode != 0:
            print(f"baseline {ref} unavailable: {archive.stderr.decode().strip()}", file=sys.stderr)
            return None
        subprocess.run(["tar", "-x", "-C", tmp], input=archive.stdout, check=True)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        run = subprocess.run(
            [sys.executable, "-c", _BASELINE_SCRIPT, tmp],
            input=json.dumps(jobs),
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp,
        )
        if run.returncode != 0:
            print(f"baseline {ref} failed: {run.stderr.strip()[-500:]}", file=sys.stderr)
            return None
        return json.loads(run.stdout)


@dataclass
class CocoaScore:
    """Register detection on one language's CoCoA-MT references."""

    addressed: int = 0  # references labelled formal or informal
    correct: int = 0
    formal: int = 0
    formal_wrong: int = 0  # formal references called informal or mixed
    neutral: int = 0
    neutral_kept: int = 0
    errors: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.addressed if self.addressed else 0.0

    @property
    def formal_wrong_rate(self) -> float:
        return self.formal_wrong / self.formal if self.formal else 0.0


def cocoa_score(rows: list[dict], detected: list[str]) -> CocoaScore:
    s = CocoaScore()
    for row, got in zip(rows, detected, strict=True):
        label = row["label"]
        if label == "neutral":
            s.neutral += 1
            s.neutral_kept += got == "neutral"
            if got != "neutral":
                s.errors.append((label, got, row["text"]))
            continue
        s.addressed += 1
        s.correct += got == label
        if got != label:
            s.errors.append((label, got, row["text"]))
        if label == "formal":
            s.formal += 1
            s.formal_wrong += got in ("informal", "mixed")
    return s


def load_cocoa(data_dir: Path, languages: list[str] | None) -> dict[tuple[str, str], list[dict]]:
    """{(split, lang): rows} from <data_dir>/{dev,heldout}/<lang>.jsonl."""
    out = {}
    for split in ("dev", "heldout"):
        for path in sorted((data_dir / split).glob("*.jsonl")):
            if languages is None or path.stem in languages:
                lines = path.read_text(encoding="utf-8").splitlines()
                out[(split, path.stem)] = [json.loads(line) for line in lines if line.strip()]
    return out


def run_cocoa(
    data_dir: Path, languages: list[str] | None, baseline: str, show_errors: bool
) -> None:
    data = load_cocoa(data_dir, languages)
    jobs = {
        f"{split}/{lang}": (_cocoa_target(lang), [r["text"] for r in rows])
        for (split, lang), rows in data.items()
    }
    after = detect(jobs)
    before = detect_at(baseline, jobs) if baseline else None
    print(f"CoCoA-MT train references; before = {baseline or '-'}, after = this checkout")
    print(
        f"{'split':<9}{'lang':<6}{'n':>5}{'acc before':>12}{'acc after':>11}"
        f"{'F->I/M before':>15}{'F->I/M after':>14}{'neutral kept b/a':>18}"
    )
    for split in ("dev", "heldout"):
        for (s, lang), rows in data.items():
            if s != split:
                continue
            key = f"{split}/{lang}"
            new = cocoa_score(rows, after[key])
            old = cocoa_score(rows, before[key]) if before else None
            print(
                f"{split:<9}{lang:<6}{new.addressed:>5}"
                f"{(f'{old.accuracy:.3f}' if old else '-'):>12}{new.accuracy:>11.3f}"
                f"{(f'{old.formal_wrong_rate:.1%}' if old else '-'):>15}"
                f"{new.formal_wrong_rate:>14.1%}"
                f"{(f'{old.neutral_kept}' if old else '-') + f'/{new.neutral_kept}/{new.neutral}':>18}"
            )
            if show_errors:
                for label, got, text in new.errors:
                    print(f"  ! {label} -> {got}: {text}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=None, help="folder of <lang>.jsonl files")
    parser.add_argument(
        "--cocoa", action="store_true", help="score CoCoA-MT train references, before and after"
    )
    parser.add_argument(
        "--baseline", default=BASELINE_REF, help="git ref of the 'before' release ('' to skip)"
    )
    parser.add_argument("--lang", default="", help="comma-separated languages (default: all files)")
    parser.add_argument("--repeat", type=int, default=5, help="timed passes per language")
    parser.add_argument("--errors", action="store_true", help="list every misclassified sentence")
    args = parser.parse_args()
    languages = [x.strip() for x in args.lang.split(",") if x.strip()] or None
    if args.cocoa:
        run_cocoa(args.data_dir or COCOA_DIR, languages, args.baseline, args.errors)
        return
    print_report(evaluate(args.data_dir or DATA_DIR, languages, args.repeat), args.errors)


if __name__ == "__main__":
    main()
