"""Store: schema upgrades, assessment round trips, queue, claims, decisions, append-only rules."""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlite_utils
from queue_factory import make_assessment

from workbench.errors import UsageError
from workbench.store import (
    MIGRATIONS,
    ItemNotFoundError,
    QueueError,
    Store,
    customer_hash,
)

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "w.db")
    yield s
    s.close()


def fill(store: Store, levels: list[str], **kwargs) -> int:
    run = store.start_run("test", ["es-ES"], {}, now=T0)
    store.save_assessments(
        run, [make_assessment(i, level=lv, **kwargs) for i, lv in enumerate(levels)], now=T0
    )
    return run


def test_opening_a_version_1_database_upgrades_it_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied TEXT)")
    name, migrate = MIGRATIONS[0]
    migrate(sqlite_utils.Database(conn))
    conn.execute("INSERT INTO schema_migrations VALUES (?, '2026-01-01T00:00:00+00:00')", (name,))
    conn.execute(
        "INSERT INTO translations VALUES ('apertium', 'm', 'en', 'es', 'h', 'hola', '2026-01-01')"
    )
    conn.commit()
    conn.close()

    store = Store(path)
    assert store.schema_version == len(MIGRATIONS) > 1
    applied = [
        r[0] for r in store.db.conn.execute("SELECT name FROM schema_migrations ORDER BY name")
    ]
    assert applied == [n for n, _ in MIGRATIONS]
    assert store.db.conn.execute("SELECT translation FROM translations").fetchall() == [("hola",)]
    fill(store, ["high"])  # the new tables work
    assert store.queue_counts()["queued"] == 1
    store.close()


def test_assessment_round_trips_through_the_database(store: Store) -> None:
    fill(store, ["high"])
    item = store.get_item(1)
    original = make_assessment(0, level="high")
    got = item.assessment
    assert got.item == dataclasses.replace(
        original.item, message=dataclasses.replace(original.item.message, target="es-ES")
    )
    assert got.findings == original.findings
    assert got.risk == original.risk
    assert got.signals == original.signals
    assert got.unavailable == original.unavailable
    assert item.status == "queued" and item.decisions == () and item.run_id == 1


def test_saving_is_idempotent_and_queues_by_level_or_sensitivity(store: Store) -> None:
    run = store.start_run("test", ["es-ES"], {})
    batch = [
        make_assessment(0, level="low"),
        make_assessment(1, level="medium"),
        make_assessment(2, level="high"),
        make_assessment(3, level="low", sensitive=("refund",)),
    ]
    first = store.save_assessments(run, batch, queue_level="medium")
    assert (first.assessed, first.queued) == (4, 3)
    assert first.by_level == {"low": 2, "medium": 1, "high": 1}
    again = store.save_assessments(run, batch, queue_level="medium")
    assert (again.assessed, again.queued) == (0, 0)
    assert store.db.conn.execute("SELECT count(*) FROM assessments").fetchone()[0] == 4
    assert store.db.conn.execute("SELECT count(*) FROM messages").fetchone()[0] == 4
    assert store.get_run(run)["assessed"] == 4 and store.get_run(run)["queued"] == 3
    assert {r.template_id for r in store.list_queue()} == {"tpl-1", "tpl-2", "tpl-3"}
    assert [r.sensitive for r in store.list_queue(template="tpl-3")] == [True]


def test_same_text_other_target_is_a_new_pair_but_one_message(store: Store) -> None:
    run = store.start_run("test", ["es-ES", "pt-BR"], {})
    store.save_assessments(run, [make_assessment(0), make_assessment(0, target="pt-BR")])
    assert store.db.conn.execute("SELECT count(*) FROM messages").fetchone()[0] == 1
    assert sorted(r.target for r in store.list_queue()) == ["es-ES", "pt-BR"]


def test_queue_filters_sorting_and_paging(store: Store) -> None:
    run = store.start_run("test", [], {})
    store.save_assessments(
        run,
        [
            make_assessment(0, level="high", score=0.9, target="es-ES"),
            make_assessment(1, level="medium", score=0.4, target="es-MX"),
            make_assessment(2, level="high", score=0.7, target="pt-BR", text="100% sure_ok"),
            make_assessment(3, level="medium", score=0.5, target="de-DE", template="billing/late"),
        ],
        now=T0,
    )
    store.save_assessments(
        run, [make_assessment(4, level="high", score=0.95)], now=T0 + timedelta(hours=1)
    )
    assert [r.template_id for r in store.list_queue()] == [
        "tpl-4",
        "tpl-0",
        "tpl-2",
        "billing/late",
        "tpl-1",
    ]
    assert [r.template_id for r in store.list_queue(sort="age")][-1] == "tpl-4"
    assert {r.target for r in store.list_queue(language="es")} == {"es-ES", "es-MX"}
    assert [r.target for r in store.list_queue(language="es_MX")] == ["es-MX"]
    assert [r.level for r in store.list_queue(level="medium")] == ["medium", "medium"]
    assert len(store.list_queue(level="medium,high")) == 5
    assert [r.template_id for r in store.list_queue(template="billing/*")] == ["billing/late"]
    # LIKE wildcards in a search are literal characters
    assert [r.template_id for r in store.list_queue(search="100%")] == ["tpl-2"]
    assert store.list_queue(search="0_s") == []
    assert [r.template_id for r in store.list_queue(search="sure_ok")] == ["tpl-2"]
    assert [r.template_id for r in store.list_queue(search="drift 3")] == ["billing/late"]
    assert [r.template_id for r in store.list_queue(search="reembolso número 4")] == ["tpl-4"]
    assert [r.id for r in store.list_queue(limit=2, offset=1)] == [
        r.id for r in store.list_queue()
    ][1:3]
    row = store.list_queue(template="tpl-0")[0]
    assert row.first_line == "Hi, your refund number 0 is on its way."
    assert row.top_reason == "drift 0"
    with pytest.raises(UsageError, match="valid: low, medium, high"):
        store.list_queue(level="urgent")
    with pytest.raises(UsageError, match="unknown status"):
        store.list_queue(status="done")


def test_claims_take_the_riskiest_open_item_and_never_the_same_twice(store: Store) -> None:
    fill(store, ["medium", "high", "high"])
    first = store.claim("ana", now=T0)
    second = store.claim("bo", now=T0)
    third = store.claim("cy", now=T0)
    assert {first, second} == {2, 3} and third == 1
    assert store.claim("dee", now=T0) is None
    with pytest.raises(QueueError, match="claimed by ana"):
        store.claim("bo", first, now=T0)
    counts = store.queue_counts(now=T0)
    assert counts["claimed"] == 3 and counts["open"] == 3 and counts["high"] == 2


def test_an_expired_claim_goes_back_to_the_queue_with_a_record(store: Store) -> None:
    fill(store, ["high"])
    store.claim("ana", 1, minutes=30, now=T0)
    assert store.list_queue(now=T0 + timedelta(minutes=29))[0].status == "claimed"
    rows = store.list_queue(now=T0 + timedelta(minutes=31))
    assert rows[0].status == "released" and rows[0].claimed_by is None
    assert store.claim("bo", now=T0 + timedelta(minutes=31)) == 1
    actions = [(d.action, d.reviewer) for d in store.get_item(1, now=T0).decisions]
    assert actions == [("claim", "ana"), ("release", "ana"), ("claim", "bo")]
    assert "expired" in store.get_item(1, now=T0).decisions[1].note
    with pytest.raises(QueueError, match="claimed by bo"):
        store.decide(1, "ana", "approve", now=T0 + timedelta(minutes=32))


def test_release_hands_an_item_back(store: Store) -> None:
    fill(store, ["high"])
    store.claim("ana", 1, now=T0)
    with pytest.raises(QueueError, match="not claimed by bo"):
        store.release(1, "bo", now=T0)
    store.release(1, "ana", now=T0)
    assert store.get_item(1, now=T0).status == "released"
    assert store.claim("bo", now=T0) == 1


def test_decisions_move_status_and_are_final(store: Store) -> None:
    fill(store, ["high", "high", "high"])
    store.claim("ana", 1, now=T0)
    store.decide(1, "ana", "approve", note="fine", now=T0)
    with pytest.raises(QueueError, match="already approved"):
        store.decide(1, "bo", "reject", note="no", now=T0)
    with pytest.raises(QueueError, match="already approved"):
        store.claim("bo", 1, now=T0)
    with pytest.raises(UsageError, match="needs a reason"):
        store.decide(2, "ana", "reject", note=" ", now=T0)
    store.decide(2, "ana", "escalate", note="legal wording", now=T0)
    with pytest.raises(QueueError, match="already escalated"):
        store.decide(2, "ana", "escalate", note="again", now=T0)
    store.decide(2, "lead", "reject", note="rewrite it", now=T0)  # a senior decides escalations
    store.decide(1, "bo", "note", note="checked after release", now=T0)  # notes never close
    assert store.get_item(1).status == "approved"
    assert [d.action for d in store.get_item(1).decisions] == ["claim", "approve", "note"]
    assert [(d.action, d.note) for d in store.get_item(2).decisions] == [
        ("escalate", "legal wording"),
        ("reject", "rewrite it"),
    ]
    with pytest.raises(ItemNotFoundError):
        store.get_item(99)
    with pytest.raises(UsageError, match="reviewer"):
        store.claim("  ")


def test_an_edit_is_a_new_assessment_and_the_old_text_stays(store: Store) -> None:
    fill(store, ["high"])
    edited = make_assessment(0, level="low", translation="Hola, su reembolso ya está en camino.")
    store.decide(1, "ana", "edit_approve", revision=edited, now=T0)
    item = store.get_item(1)
    assert item.status == "approved"
    assert item.assessment.item.translation == "Hola, su reembolso ya está en camino."
    assert item.level == "low"
    decision = item.decisions[-1]
    assert decision.before == "Hola, su reembolso número 0 está en camino."
    assert decision.after == "Hola, su reembolso ya está en camino."
    assert decision.assessment_id == item.assessment_id != 1
    assert store.load_assessment(1).item.translation == decision.before  # never overwritten
    assert store.approved()[0]["translation"] == decision.after


def test_a_revised_draft_keeps_the_item_and_its_template(store: Store) -> None:
    fill(store, ["high"])
    store.claim("ana", 1, now=T0)
    draft = make_assessment(0, level="medium", text="Your refund was sent today.", template="other")
    store.decide(1, "ana", "revise", revision=draft, now=T0)
    item = store.get_item(1, now=T0)
    assert item.status == "claimed" and item.claimed_by == "ana"
    assert item.assessment.item.message.text == "Your refund was sent today."
    assert item.assessment.item.message.id == "tpl-0"
    assert store.list_queue()[0].first_line == "Your refund was sent today."


@pytest.mark.parametrize("table", ["decisions", "assessments", "findings", "messages"])
def test_reviewer_history_is_append_only(store: Store, table: str) -> None:
    fill(store, ["high"])
    store.decide(1, "ana", "approve", now=T0)
    column = {
        "decisions": "note",
        "assessments": "translation",
        "findings": "message",
        "messages": "text",
    }[table]
    conn = store.db.conn
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute(f"UPDATE {table} SET {column} = 'changed'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute(f"DELETE FROM {table}")
    conn.rollback()
    assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] > 0


def test_purge_by_age_removes_everything_derived_and_says_so(store: Store) -> None:
    run = store.start_run("test", ["es-ES"], {})
    store.save_assessments(run, [make_assessment(0), make_assessment(1)], now=T0)
    store.save_assessments(run, [make_assessment(2)], now=T0 + timedelta(days=40))
    store.decide(1, "ana", "approve", now=T0)
    store.decide(2, "ana", "note", note="keep an eye", now=T0)
    store.cache_translations(
        "apertium",
        "m",
        "en",
        "es",
        [("Hi, your refund number 0 is on its way.\nBest regards", "x")],
    )
    report = store.purge(before=T0 + timedelta(days=10), now=T0 + timedelta(days=41))
    assert (report.messages, report.assessments, report.queue_items, report.decisions) == (
        2,
        2,
        2,
        2,
    )
    assert report.findings == 4 and report.translations == 1
    assert [r.template_id for r in store.list_queue()] == ["tpl-2"]
    logged = store.purges()
    assert (
        logged[0]["report"]["decisions"] == 2
        and "created before 2026-11-11" in logged[0]["criteria"]
    )
    # the guard is closed again after the purge
    store.decide(3, "bo", "note", note="still here", now=T0 + timedelta(days=41))
    with pytest.raises(sqlite3.IntegrityError):
        store.db.conn.execute("DELETE FROM decisions")
    store.db.conn.rollback()


def test_purge_by_customer_id_or_email(store: Store) -> None:
    run = store.start_run("test", ["es-ES"], {})
    store.save_assessments(
        run,
        [
            make_assessment(0, customer="C-77", text="Order #10234 is refunded."),
            make_assessment(1, text="Hi ana@example.com, we refunded you."),
            make_assessment(2, customer="someone-else"),
        ],
        now=T0,
    )
    # a reviewer's revision of customer C-77's item goes with it
    store.decide(1, "ana", "revise", revision=make_assessment(0, text="New draft."), now=T0)
    hashes = [r[0] for r in store.db.conn.execute("SELECT customer_hash FROM messages")]
    assert customer_hash("C-77") in hashes and "C-77" not in str(hashes)
    # the MT cache holds the masked text the engine saw ("#10234" -> a token)
    from workbench.mt.masking import mask

    masked = mask("Order #10234 is refunded.").text
    assert "10234" not in masked
    store.cache_translations("apertium", "m", "en", "es", [(masked, "Hola")])
    report = store.purge(customer=" c-77 ")
    assert report.translations == 1
    assert (report.queue_items, report.assessments, report.messages) == (1, 2, 2)
    report = store.purge(customer="ANA@example.com")
    assert (report.queue_items, report.messages) == (1, 1)
    assert [r.template_id for r in store.list_queue()] == ["tpl-2"]
    with pytest.raises(UsageError, match="older-than or --customer"):
        store.purge()


def test_inside_a_level_customer_visible_errors_come_first(store: Store) -> None:
    """Queue order: level, then what to fix first (Risk.priority), then score."""
    import dataclasses

    def with_priority(n: int, level: str, score: float, priority: int):
        a = make_assessment(n, level=level, score=score)
        return dataclasses.replace(a, risk=dataclasses.replace(a.risk, priority=priority))

    run = store.start_run("test", [], {})
    store.save_assessments(
        run,
        [
            with_priority(0, "high", 0.95, 4),  # style only, highest score
            with_priority(1, "high", 0.70, 1),  # a changed number: fix first
            with_priority(2, "high", 0.90, 2),  # informal address
            with_priority(3, "medium", 0.60, 1),
        ],
        now=T0,
    )
    assert [r.template_id for r in store.list_queue()] == ["tpl-1", "tpl-2", "tpl-0", "tpl-3"]
    assert [r.template_id for r in store.list_queue(language="es")][0] == "tpl-1"
    assert store.get_item(store.list_queue()[0].id).assessment.risk.priority == 1
    assert store.claim("ana", now=T0) == store.list_queue()[0].id
