"""The whole pipeline on real apertium: batching, MT overlapped with scoring, cancel, given text."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.config import Config
from workbench.models import Message
from workbench.pipeline import Pipeline, RunCancelled
from workbench.scoring.base import ScoringContext
from workbench.store import Store

pytestmark = pytest.mark.integration

DRAFTS = [
    "Thank you for your order.",
    "Your parcel will arrive on Monday.",
    "We cannot refund this item.",
    "Please send us a photo of the damage.",
    "Your account has been closed.",
    "The tracking number is 12345.",
    "We are sorry for the delay.",
]


@pytest.fixture(scope="module")
def context() -> ScoringContext:
    return ScoringContext(Config())


def messages() -> list[Message]:
    return [Message(f"m{i}", text) for i, text in enumerate(DRAFTS)]


def test_overlapped_run_equals_sequential_run(tmp_path: Path, context: ScoringContext) -> None:
    sequential = Pipeline(Config(), store=Store(":memory:"), context=context)
    overlapped = Pipeline(Config(), store=Store(tmp_path / "w.db"), context=context)
    a = sequential.run(messages(), ["es-ES", "fr-FR"], batch_size=3)
    b = overlapped.run(messages(), ["es-ES", "fr-FR"], batch_size=3)
    assert overlapped._parallel_mt and not sequential._parallel_mt
    assert [(x.item.message.id, x.item.target) for x in a] == [
        (x.item.message.id, x.item.target) for x in b
    ]
    assert [x.item.translation for x in a] == [x.item.translation for x in b]
    assert [x.risk for x in a] == [x.risk for x in b]
    refusal = next(x for x in b if x.item.message.id == "m2" and x.item.target == "es-ES")
    assert refusal.item.translation and "reembols" in refusal.item.translation.lower()


def test_cancel_stops_between_batches(tmp_path: Path, context: ScoringContext) -> None:
    pipeline = Pipeline(Config(), store=Store(tmp_path / "w.db"), context=context)
    seen: list[int] = []
    with pytest.raises(RunCancelled):
        pipeline.run(
            messages(),
            ["es-ES"],
            batch_size=2,
            on_batch=lambda b: seen.append(len(b)),
            cancelled=lambda: len(seen) >= 2,
        )
    assert seen == [2, 2]


def test_given_translation_is_not_retranslated(context: ScoringContext) -> None:
    pipeline = Pipeline(Config(), context=context)
    given = Message(
        "m", "Thank you for your order.", target="es-ES", translation="Gracias por tu pedido."
    )
    plain = Message("m", "Thank you for your order.")
    out = pipeline.run([plain, given], ["es-ES", "fr-FR"])
    assert [(a.item.target, a.item.forward.backend if a.item.forward else None) for a in out] == [
        ("fr-FR", "apertium"),
        ("es-ES", "given"),
    ]
    assert any(f.rule_id == "formality.informal" for f in out[1].findings)
