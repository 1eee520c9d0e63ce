"""Scorer results cached in the store: equal to fresh ones, and invalidated by what they use."""

from __future__ import annotations

from pathlib import Path

from workbench.config import Config
from workbench.models import Finding, Message, PipelineItem, ScoreResult
from workbench.score_cache import ScoreCache, dump, fingerprint, load
from workbench.scoring.base import ScoringContext
from workbench.scoring.policy import PolicyScorer
from workbench.store import Store


class Counting:
    """Wraps a real scorer and counts the items it is asked to score."""

    def __init__(self, inner: PolicyScorer) -> None:
        self.inner = inner
        self.name = inner.name
        self.scored = 0

    def score(self, items):  # type: ignore[no-untyped-def]
        self.scored += len(items)
        return self.inner.score(items)


ITEMS = [
    PipelineItem(Message("a", "Please leave us a 5-star review! 🎉"), "de-DE", "Bitte 🎉", "Please 🎉"),
    PipelineItem(Message("b", "You can return it within 10 days."), "de-DE", "x", None),
    PipelineItem(Message("c", "Thanks."), "ja-JP", None, None),
]


def test_cached_results_equal_fresh_ones_and_skip_scoring(tmp_path: Path) -> None:
    config = Config()
    scorer = Counting(PolicyScorer(ScoringContext(config)))
    fresh = scorer.inner.score(ITEMS)
    first = ScoreCache(Store(tmp_path / "w.db"), config).score(scorer, ITEMS + ITEMS[:1])
    assert scorer.scored == 3  # the repeated item is scored once
    second_cache = ScoreCache(Store(tmp_path / "w.db"), config)
    second = second_cache.score(scorer, ITEMS)
    assert scorer.scored == 3 and second_cache.hits == 3
    assert second == fresh == first[:3]


def test_round_trip_of_a_result() -> None:
    result = ScoreResult({"drift": 0.25, "register_detected": "formal"},
                         (Finding("idioms.idiom", "m", (1, 4), "source", "warning", "s"),),
                         {"language": "too short"})
    assert load(dump(result)) == result


def test_fingerprint_changes_with_settings_and_glossaries(tmp_path: Path) -> None:
    base = fingerprint(Config())
    assert fingerprint(Config()) == base
    assert fingerprint(Config(disabled_rules=["idioms"])) != base
    extra = tmp_path / "terms"
    extra.mkdir()
    (extra / "ours.toml").write_text('[[term]]\nsource = "Acme"\n', encoding="utf-8")
    with_glossary = Config(glossaries=[str(tmp_path)])
    before = fingerprint(with_glossary)
    (extra / "ours.toml").write_text('[[term]]\nsource = "Acme Pro"\n', encoding="utf-8")
    assert fingerprint(with_glossary) != before


def test_fingerprint_covers_the_scoring_code_only() -> None:
    from workbench.score_cache import _scoring_sources

    names = {p.as_posix().split("workbench/", 1)[1] for p in _scoring_sources()}
    assert {"scoring/drift.py", "glossary/idioms.py", "mt/masking.py", "nlp.py"} <= names
    assert not any(n.startswith(("screens/", "widgets/", "cli/", "report/")) for n in names)
    assert "app.py" not in names and not any(n.startswith("store") for n in names)
