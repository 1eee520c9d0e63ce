"""The labelled register sets stay above 90% accuracy per language (bench/eval_formality.py)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ["ar", "de", "es", "fr", "it", "ja", "nl", "pl", "pt", "ru", "tr"]


def _bench():
    spec = importlib.util.spec_from_file_location(
        "eval_formality", ROOT / "bench" / "eval_formality.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("eval_formality", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def results():
    return _bench().evaluate(repeat=1)


def test_every_language_has_a_set(results) -> None:
    assert sorted(results) == LANGUAGES


@pytest.mark.parametrize("language", LANGUAGES)
def test_set_is_large_enough(language: str) -> None:
    rows = _bench().load(ROOT / "bench" / "data" / "formality" / f"{language}.jsonl")
    labels = [label for _, label in rows]
    assert labels.count("formal") >= 40 and labels.count("informal") >= 40
    assert labels.count("neutral") >= 5 and labels.count("mixed") >= 5
    assert len({text for text, _ in rows}) == len(rows), "duplicate sentences"


@pytest.mark.parametrize("language", LANGUAGES)
def test_accuracy_at_least_90_percent(results, language: str) -> None:
    r = results[language]
    assert r.accuracy >= 0.9, (language, r.accuracy, r.errors)


COCOA = ROOT / "bench" / "data" / "formality" / "cocoa"


def test_cocoa_splits_keep_both_references_of_a_segment_on_one_side() -> None:
    bench = _bench()
    data = bench.load_cocoa(COCOA, None)
    sides: dict[str, set[str]] = {}
    for (split, _lang), rows in data.items():
        for row in rows:
            segment = row["id"].rsplit(":", 1)[0]
            sides.setdefault(segment, set()).add(split)
    assert sides and all(len(s) == 1 for s in sides.values())
    assert {lang for _, lang in data} == {"de", "es", "fr", "it", "ja", "nl", "pt"}


def test_cocoa_score_counts_formal_called_informal_or_mixed() -> None:
    rows = [
        {"label": "formal", "text": "a"},
        {"label": "formal", "text": "b"},
        {"label": "informal", "text": "c"},
        {"label": "neutral", "text": "d"},
    ]
    s = _bench().cocoa_score(rows, ["formal", "mixed", "informal", "formal"])
    assert (s.addressed, s.correct, s.formal_wrong, s.neutral_kept) == (3, 2, 1, 0)
    assert s.formal_wrong_rate == 0.5


@pytest.mark.parametrize(("language", "floor"), [("es", 0.9), ("pt", 0.9)])
def test_cocoa_heldout_accuracy_stays_above_floor(language: str, floor: float) -> None:
    bench = _bench()
    rows = bench.load_cocoa(COCOA, [language])[("heldout", language)]
    jobs = {language: (bench._cocoa_target(language), [r["text"] for r in rows])}
    score = bench.cocoa_score(rows, bench.detect(jobs)[language])
    assert score.accuracy >= floor, (language, score.accuracy)
