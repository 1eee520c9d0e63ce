"""Builds real Assessment objects without MT, to fill the review queue quickly in tests."""

from __future__ import annotations

from workbench.models import Assessment, Finding, Message, MTInfo, PipelineItem, Risk

LEVEL_SCORES = {"low": 0.1, "medium": 0.5, "high": 0.8}


def make_assessment(
    n: int = 0,
    *,
    level: str = "high",
    score: float | None = None,
    target: str = "es-ES",
    text: str | None = None,
    template: str | None = None,
    translation: str | None = None,
    customer: str | None = None,
    sensitive: tuple[str, ...] = (),
) -> Assessment:
    message = Message(
        id=template or f"tpl-{n}",
        text=text or f"Hi, your refund number {n} is on its way.\nBest regards",
        customer=customer,
        tags=("refunds",),
    )
    translation = translation or f"Hola, su reembolso número {n} está en camino."
    item = PipelineItem(
        message=message,
        target=target,
        translation=translation,
        back_translation=f"Hello, your refund number {n} is on the way.",
        forward=MTInfo("apertium", "apertium:eng-spa"),
        backward=MTInfo("apertium", "apertium:spa-eng"),
        unavailable=(("formality", "no model for es"),),
    )
    findings = (
        Finding(
            "idioms.literal", "'on its way' may be literal", (28, 38), "source", "warning", "sent"
        ),
        Finding("drift.meaning", "meaning drifted", (0, 5), "back_translation", "error"),
    )
    risk = Risk(
        score=LEVEL_SCORES[level] if score is None else score,
        level=level,  # type: ignore[arg-type]
        reasons=(f"drift {n}", "idiom"),
        sensitive=sensitive,
    )
    return Assessment(
        item=item,
        signals={"drift": 0.31, "formality": "formal", "n": n},
        findings=findings,
        unavailable={"formality.register": "no model"},
        risk=risk,
    )
