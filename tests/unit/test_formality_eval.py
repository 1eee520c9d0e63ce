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
