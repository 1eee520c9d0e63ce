"""Regression gate on the labelled idiom set (bench/data/idioms_eval.jsonl)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from workbench.glossary.idioms import load_idioms

BENCH = Path(__file__).resolve().parents[2] / "bench" / "eval_idioms.py"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    # Loaded by path: bench/ is a folder of scripts, not a package.
    spec = importlib.util.spec_from_file_location("eval_idioms", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_eval_set_is_large_and_names_real_entries(bench: ModuleType) -> None:
    rows = bench.load()
    keys = {i.key for i in load_idioms()[0]}
    positives = [r for r in rows if r["idioms"]]
    negatives = [r for r in rows if not r["idioms"]]
    assert len(positives) >= 150 and len(negatives) >= 150
    assert sum(r["kind"] == "literal" for r in negatives) >= 100
    assert {k for r in positives for k in r["idioms"]} <= keys
    assert len({r["text"] for r in rows}) == len(rows)


def test_scorer_recall_and_false_positives(bench: ModuleType) -> None:
    rows = bench.load()
    detect = bench.scorer_detector(load_idioms()[0])
    metrics = bench.measure(rows, detect([r["text"] for r in rows]))
    assert metrics.recall >= 0.85, metrics.missed
    assert metrics.fp_rate <= 0.08, metrics.false_positives
    heldout = [r for r in rows if r["split"] == "heldout"]
    held = bench.measure(heldout, detect([r["text"] for r in heldout]))
    assert held.recall >= 0.85 and held.fp_rate <= 0.08


def test_measure_counts_misses_and_false_positives(bench: ModuleType) -> None:
    rows = [
        {"text": "a", "idioms": ["x"]},
        {"text": "b", "idioms": ["y"]},
        {"text": "c", "idioms": []},
        {"text": "d", "idioms": []},
    ]
    found = [[("x", "warning")], [("z", "info")], [("q", "info")], []]
    m = bench.measure(rows, found)
    assert m.recall == 0.5 and m.fp_rate == 0.5 and m.fp_rate_warning == 0.0
    assert m.precision == pytest.approx(1 / 3)
    assert m.missed == [("b", "y")]
