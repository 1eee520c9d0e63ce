"""Service review API over a real store: claims, decisions, counts, export and purge."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import polib
import pytest
from queue_factory import make_assessment

from workbench.config import Config
from workbench.errors import UsageError
from workbench.service import Service, default_reviewer
from workbench.store import QueueError, Store


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def service(tmp_path: Path, clock: Clock) -> Service:
    config = Config()
    config.review.claim_minutes = 10
    store = Store(tmp_path / "w.db")
    run = store.start_run("test", ["es-ES", "pt-BR"], {})
    store.save_assessments(
        run,
        [
            make_assessment(0, level="high", score=0.9),
            make_assessment(1, level="medium", score=0.5),
            make_assessment(
                2,
                level="high",
                score=0.7,
                target="pt-BR",
                translation="Olá, o seu reembolso está a caminho.",
            ),
            make_assessment(3, level="low"),
        ],
        now=clock(),
    )
    svc = Service(config, store, clock=clock)
    yield svc
    svc.close()


def test_review_flow_through_the_service(service: Service, clock: Clock) -> None:
    assert service.queue_counts()["queued"] == 3
    item = service.claim("ana")
    assert item is not None and item.id == 1 and item.status == "claimed"
    assert item.claim_expires == "2026-11-01T09:10:00+00:00"
    with pytest.raises(QueueError, match="claimed by ana"):
        service.approve(1, "bo")
    approved = service.approve(1, "ana", note="reads well")
    assert approved.status == "approved" and approved.decisions[-1].note == "reads well"
    # approving with the unchanged translation is a plain approval (nothing to rescore)
    same = service.approve(
        2, "bo", edited_translation=service.get_item(2).assessment.item.translation
    )
    assert same.decisions[-1].action == "approve"
    escalated = service.escalate(3, "bo", "legal wording")
    assert escalated.status == "escalated"
    assert service.note(3, "cy", "asked legal").decisions[-1].action == "note"
    assert service.reject(3, "lead", "do not send").status == "rejected"
    assert service.claim("ana") is None
    counts = service.queue_counts()
    assert (counts["approved"], counts["rejected"], counts["open"]) == (2, 1, 0)
    stats = service.stats()
    assert stats.decisions_by_reviewer == {"ana": 1, "bo": 2, "lead": 1}
    assert stats.assessments == 4 and stats.oldest_open is None


def test_claims_expire_after_the_configured_minutes(service: Service, clock: Clock) -> None:
    service.claim("ana", 1)
    clock.now += timedelta(minutes=11)
    assert service.list_queue(status="released")[0].id == 1
    item = service.claim("bo", 1)
    assert item is not None and item.claimed_by == "bo"
    assert service.release(1, "bo").status == "released"


def test_export_formats(service: Service) -> None:
    service.approve(1, "ana")
    service.approve(3, "ana")
    rows = json.loads(service.export())
    assert [(r["template_id"], r["target"], r["reviewer"]) for r in rows] == [
        ("tpl-0", "es-ES", "ana"),
        ("tpl-2", "pt-BR", "ana"),
    ]
    table = list(csv.DictReader(io.StringIO(service.export("pt", fmt="csv"))))
    assert [r["translation"] for r in table] == ["Olá, o seu reembolso está a caminho."]
    po = polib.pofile(service.export("es-ES", fmt="po"))
    assert po.metadata["Language"] == "es_ES"
    assert [(e.msgctxt, e.msgstr) for e in po] == [
        ("tpl-0", "Hola, su reembolso número 0 está en camino.")
    ]
    assert po[0].msgid.startswith("Hi, your refund number 0")
    with pytest.raises(UsageError, match="one language"):
        service.export(fmt="po")
    with pytest.raises(UsageError, match="valid: json, csv, po"):
        service.export(fmt="xlsx")


def test_purge_through_the_service(service: Service, clock: Clock) -> None:
    clock.now += timedelta(days=31)
    report = service.purge(older_than=timedelta(days=30))
    assert report.messages == 4 and report.queue_items == 3 and report.assessments == 4
    assert service.queue_counts()["total"] == 0


def test_default_reviewer_prefers_config() -> None:
    config = Config()
    config.review.reviewer = "ana"
    assert default_reviewer(config) == "ana"
    assert default_reviewer(Config())  # the login name, or a fallback


@pytest.fixture
def apertium_service(tmp_path: Path, clock: Clock) -> Service:
    """A service whose pipeline is real: Apertium en<->es and the locale policy scorer."""
    from workbench.pipeline import Pipeline
    from workbench.scoring.base import ScoringContext
    from workbench.scoring.registry import build_scorers

    config = Config()
    config.targets = ["es-ES"]
    store = Store(tmp_path / "real.db")
    scorers = build_scorers(ScoringContext(config), ["policy"])
    pipeline = Pipeline(config, store=store, scorers=scorers)
    svc = Service(config, store, pipeline=pipeline, clock=clock)
    yield svc
    svc.close()


REVIEW_REQUEST = "Thanks for your order! Please leave us a 5-star review."


@pytest.mark.integration
def test_submit_edit_and_revise_with_a_real_pipeline(apertium_service: Service) -> None:
    from workbench.models import Message

    service = apertium_service
    messages = [
        Message(id="ask", text=REVIEW_REQUEST, customer="C-1"),
        Message(id="plain", text="Your parcel left our warehouse today."),
    ]
    result = service.submit(messages)
    assert (result.assessed, result.queued, result.skipped) == (2, 1, 0)
    run = service.store.get_run(result.run_id)
    assert run["status"] == "finished" and run["signature"]["mt"]["en-es"].startswith("apertium")
    [row] = service.list_queue()
    assert row.template_id == "ask" and row.level in ("medium", "high")

    # live rescoring and retranslation store nothing
    draft = service.retranslate(row.id, "Thanks for your order! We hope you enjoy it.")
    assert draft.item.translation and draft.item.back_translation
    assert not any(f.rule_id == "policy.review_request" for f in draft.findings)
    assert service.get_item(row.id).assessment.item.message.text == REVIEW_REQUEST
    revised = service.save_revision(row.id, "ana", draft)
    assert revised.assessment.item.message.text == "Thanks for your order! We hope you enjoy it."
    assert revised.decisions[-1].action == "revise"

    edited = "¡Gracias por su pedido! Esperamos que lo disfrute."
    approved = service.approve(row.id, "ana", edited_translation=edited)
    last = approved.decisions[-1]
    assert approved.status == "approved" and last.action == "edit_approve"
    assert last.before == draft.item.translation and last.after == edited
    assert approved.assessment.item.translation == edited
    assert approved.assessment.item.back_translation  # the edit was back-translated
    assert approved.assessment.item.forward is not None
    assert approved.assessment.item.forward.backend == "edited"
    assert json.loads(service.export("es"))[0]["translation"] == edited


@pytest.mark.integration
def test_a_cancelled_submit_keeps_what_it_stored(apertium_service: Service) -> None:
    from workbench.models import Message

    messages = [Message(id=f"m{n}", text=f"{REVIEW_REQUEST} ({n})") for n in range(6)]
    batches: list[int] = []
    result = apertium_service.submit(
        messages,
        batch_size=2,
        # done > 0: a batch was stored (the first call, done=0, only announces the total)
        progress=lambda done, total, stage: batches.append(done) if done else None,
        cancelled=lambda: len(batches) >= 1,
    )
    assert result.cancelled and result.assessed == 2
    assert apertium_service.store.get_run(result.run_id)["status"] == "cancelled"
    again = apertium_service.submit(messages, batch_size=2)
    assert (again.assessed, again.skipped, again.cancelled) == (4, 2, False)
