"""A small review queue of hand-made assessments (no model loads) for TUI tests, demos and docs.

Run as a script to write a sample database: `python tests/functional/tui_sample.py PATH`.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from workbench.models import Assessment, Finding, Message, MTInfo, PipelineItem, Risk
from workbench.store import Store

# Every sample is stored at this time, so queue ages are fixed when the service clock is too.
STORED_AT = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
NOW = STORED_AT + timedelta(hours=2)


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return (start, start + len(part))


def _assessment(
    template: str,
    target: str,
    text: str,
    translation: str,
    back: str,
    findings: list[tuple[str, str, str, str, str, str | None]],
    risk: tuple[float, str, tuple[str, ...]],
    signals: dict[str, object],
    sensitive: tuple[str, ...] = (),
    engine: str = "apertium",
) -> Assessment:
    """findings: (rule_id, message, field, quoted part, severity, suggestion)."""
    texts = {"source": text, "translation": translation, "back_translation": back}
    lang = target.split("-")[0]
    item = PipelineItem(
        message=Message(id=template, text=text),
        target=target,
        translation=translation,
        back_translation=back,
        forward=MTInfo(engine, f"{engine}:en-{lang}"),
        backward=MTInfo(engine, f"{engine}:{lang}-en"),
    )
    made = tuple(
        Finding(rule, message, _span(texts[field], part), field, severity, suggestion)  # type: ignore[arg-type]
        for rule, message, field, part, severity, suggestion in findings
    )
    score, level, reasons = risk
    return Assessment(item, signals, made, {}, Risk(score, level, reasons, sensitive))  # type: ignore[arg-type]


def sample_assessments() -> list[Assessment]:
    """Six queued-looking assessments across four locales, with every highlight category."""
    refund = (
        "Hi Maria, no worries! I'll get back to you ASAP about your refund.\n"
        "Please send the RMA number and we will sort it out."
    )
    return [
        _assessment(
            "refunds/late-refund",
            "es-ES",
            refund,
            "Hola Maria, ¡no te preocupes! Te responderé lo antes posible sobre tu reembolso.\n"
            "Por favor envía el número RMA y lo solucionaremos.",
            "Hi Maria, do not worry! I will answer you as soon as possible about your refund.\n"
            "Please send the RMA number and we will solve it.",
            [
                ("formality.informal", "informal address (tú) where es-ES expects usted",
                 "translation", "no te preocupes", "error", None),
                ("idioms.literal", "“get back to you” is an idiom machine translation renders literally",
                 "source", "get back to you", "warning", "reply to you"),
                ("acronyms.unexpanded", "ASAP is an unexplained acronym", "source", "ASAP",
                 "warning", "as soon as possible"),
                ("acronyms.unexpanded", "RMA is internal jargon the customer may not know", "source",
                 "RMA number", "warning", "return authorization number"),
                ("idioms.literal", "“sort it out” is an idiom", "source", "sort it out", "info",
                 "solve the problem"),
                ("drift.meaning", "the back-translation changed “sort it out”", "back_translation",
                 "solve it", "info", None),
            ],
            (0.82, "high", ("informal address in a formal locale", "idiom: get back to you",
                            "round-trip drift 0.24")),
            {"drift": 0.24, "register_detected": "informal", "register_expected": "formal"},
        ),
        _assessment(
            "shipping/customs",
            "de-DE",
            "Your parcel is held at customs. Import duties of {amount} are due on delivery.",
            "Dein Paket wird beim Zoll festgehalten. Einfuhrzölle von {amount} sind bei Lieferung fällig.",
            "Your parcel is held at customs. Import duties of {amount} are due on delivery.",
            [
                ("formality.informal", "informal du-form (Dein) where de-DE expects Sie",
                 "translation", "Dein", "error", None),
                ("placeholders.kept", "placeholder {amount} kept intact", "translation", "{amount}",
                 "info", None),
            ],
            (0.71, "high", ("informal address in a formal locale",)),
            {"drift": 0.02, "register_detected": "informal", "register_expected": "formal"},
        ),
        _assessment(
            "reviews/ask-feedback",
            "pt-BR",
            "Happy with your order? Leave us a 5-star review and get 10% off!",
            "Feliz com seu pedido? Deixe-nos uma avaliação de 5 estrelas e ganhe 10% de desconto!",
            "Happy with your order? Leave us a 5-star rating and get 10% off!",
            [
                ("policy.review_request", "marketplaces forbid asking for positive reviews",
                 "source", "Leave us a 5-star review", "error", "Tell us how we did"),
            ],
            (0.66, "high", ("asks for a positive review",)),
            {"drift": 0.05, "register_detected": "neutral", "register_expected": "neutral"},
            sensitive=("marketing",),
        ),
        _assessment(
            "support/[bold red]markup",
            "es-ES",
            "Template text with [bold red]markup[/] and an escape \x1b[31mcode\x1b[0m stays literal.",
            "Texto de plantilla con [bold red]markup[/] y un escape \x1b[31mcode\x1b[0m.",
            "Template text with [bold red]markup[/] and an escape \x1b[31mcode\x1b[0m.",
            [("drift.meaning", "the ending was lost", "back_translation", "code", "warning", None)],
            (0.52, "medium", ("round-trip drift 0.31",)),
            {"drift": 0.31},
        ),
        _assessment(
            "orders/delay",
            "ja-JP",
            "Heads up: your order is delayed by 2 days. Thanks for bearing with us!",
            "お知らせ：ご注文は2日遅れています。ご辛抱いただきありがとうございます！",
            "Notice: your order is 2 days late. Thank you for your patience!",
            [
                ("idioms.literal", "“Heads up” is an idiom", "source", "Heads up", "warning",
                 "Please note"),
                ("idioms.literal", "“bearing with us” is an idiom", "source", "bearing with us",
                 "warning", "your patience"),
            ],
            (0.45, "medium", ("idiom: heads up", "idiom: bear with us")),
            {"drift": 0.12, "register_detected": "formal", "register_expected": "formal"},
            engine="argos",
        ),
        _assessment(
            "shipping/tracking",
            "es-ES",
            "Your tracking number is {tracking_id}. You can follow the parcel online.",
            "Su número de seguimiento es {tracking_id}. Puede seguir el paquete en línea.",
            "Your tracking number is {tracking_id}. You can follow the package online.",
            [("placeholders.kept", "placeholder {tracking_id} kept intact", "translation",
              "{tracking_id}", "info", None)],
            (0.38, "medium", ("minor findings only",)),
            {"drift": 0.03, "register_detected": "formal", "register_expected": "formal"},
        ),
    ]


def fill(store: Store, extra: int = 0) -> int:
    """Store the samples (plus `extra` generated ones) as one run; returns the run id."""
    assessments = sample_assessments()
    base = assessments[-1]
    for n in range(extra):
        item = base.item
        message = Message(id=f"bulk/template-{n:05d}", text=f"Reply {n}: {item.message.text}")
        risk = Risk(0.36 + (n % 60) / 100, "medium" if (n % 60) < 29 else "high", (f"bulk reason {n}",))
        assessments.append(
            Assessment(
                PipelineItem(message, item.target, item.translation, item.back_translation,
                             item.forward, item.backward),
                base.signals, base.findings, {}, risk,
            )
        )
    run_id = store.start_run("sample", ["es-ES", "de-DE", "pt-BR", "ja-JP"], {}, now=STORED_AT)
    for start in range(0, len(assessments), 500):
        store.save_assessments(run_id, assessments[start : start + 500], "medium", now=STORED_AT)
    store.finish_run(run_id, "finished", {}, now=STORED_AT)
    return run_id


if __name__ == "__main__":
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "sample.db")
    if path.exists():
        sys.exit(f"{path} exists; choose a new path")
    db = Store(path)
    fill(db, extra=int(sys.argv[2]) if len(sys.argv) > 2 else 0)
    db.close()
    print(path)
