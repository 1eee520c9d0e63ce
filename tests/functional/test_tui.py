"""The review TUI driven with Pilot, asserting on what lands in the real store."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from fixtures.tui_sample import NOW, fill
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select

from workbench.app import WorkbenchApp
from workbench.cli import main
from workbench.config import Config
from workbench.pipeline import Pipeline
from workbench.scoring.base import ScoringContext
from workbench.scoring.registry import build_scorers
from workbench.screens.dialogs import ConfirmDialog, ErrorDialog, TextPrompt
from workbench.screens.help import HelpScreen
from workbench.screens.queue import QueueScreen
from workbench.screens.review import RESCORE_DELAY, ReviewScreen
from workbench.service import Service
from workbench.store import Store
from workbench.widgets.scores import history_table


@pytest.fixture
def service(tmp_path: Path) -> Iterator[Service]:
    config = Config(db=str(tmp_path / "review.db"), targets=["es-ES"])
    store = Store(config.db_path())
    fill(store)
    svc = Service(config, store, clock=lambda: NOW)
    yield svc
    svc.close()


@pytest.fixture
def mt_service(tmp_path: Path) -> Iterator[Service]:
    """A service whose pipeline runs real Apertium and the data-driven scorers (no embeddings)."""
    config = Config(db=str(tmp_path / "review.db"), targets=["es-ES"])
    config.mt.backend = "apertium"
    store = Store(config.db_path())
    fill(store)
    context = ScoringContext(config)
    scorers = build_scorers(context, ["policy", "formality", "idioms"])
    pipeline = Pipeline(config, store=store, scorers=scorers, context=context)
    svc = Service(config, store, pipeline=pipeline, clock=lambda: NOW)
    yield svc
    svc.close()


def app_for(service: Service) -> WorkbenchApp:
    return WorkbenchApp(service, "ana", database="review.db")


async def settle(pilot: Pilot) -> None:
    """Wait until no worker runs and every message they posted has been handled."""
    for _ in range(50):
        await pilot.pause()
        if all(w.is_finished for w in pilot.app.workers):
            await pilot.pause()
            if all(w.is_finished for w in pilot.app.workers):
                return
        await pilot.app.workers.wait_for_complete()
    raise AssertionError("workers never settled")


def actions(service: Service, item_id: int) -> list[tuple[str, str, str | None]]:
    return [(d.action, d.reviewer, d.note) for d in service.get_item(item_id).decisions]


def queue_table(app: WorkbenchApp) -> DataTable:
    return app.screen.query_one("#queue", DataTable)


async def open_first(pilot: Pilot) -> ReviewScreen:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReviewScreen)
    return screen


async def approve(pilot: Pilot, screen: ReviewScreen) -> None:
    """Press a; a high item with error findings must ask first, and is then confirmed."""
    risk, findings = screen.current.risk, screen.current.findings
    await pilot.press("a")
    await pilot.pause()
    if risk.level == "high" and any(f.severity == "error" for f in findings):
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("y")
    else:
        assert pilot.app.screen is screen


# -- queue ------------------------------------------------------------------------------------
@pytest.mark.asyncio
async def test_queue_shows_items_riskiest_first_before_any_model_loads(service: Service) -> None:
    app = app_for(service)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        table = queue_table(app)
        assert table.row_count == 6
        scores = [float(table.get_row_at(i)[1]) for i in range(6)]
        assert scores == sorted(scores, reverse=True)
        assert app.counts is not None and app.counts["open"] == 6 and app.counts["high"] == 3
        assert service._pipeline is None  # the queue never built MT or scorers


@pytest.mark.asyncio
async def test_template_markup_is_shown_literally(service: Service) -> None:
    app = app_for(service)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        table = queue_table(app)
        cells = [table.get_row_at(i) for i in range(table.row_count)]
        markup_row = next(c for c in cells if "markup" in str(c[3]))
        assert markup_row[3].plain == "support/[…red]markup"  # literal, cut in the middle
        assert "[bold red]markup[/]" in markup_row[4].plain
        assert "\x1b" not in markup_row[4].plain and "\u241b" in markup_row[4].plain


@pytest.mark.asyncio
async def test_filters_and_incremental_search(service: Service) -> None:
    app = app_for(service)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.screen.query_one("#f-level", Select).value = "high"
        await settle(pilot)
        assert queue_table(app).row_count == 3
        app.screen.query_one("#f-level", Select).clear()
        await settle(pilot)
        await pilot.press("slash", *"customs")
        await pilot.pause(0.4)  # the search waits for a pause in typing
        await settle(pilot)
        assert app.screen.query_one("#search", Input).value == "customs"
        table = queue_table(app)
        assert table.row_count == 1 and table.get_row_at(0)[3].plain == "shipping/customs"
        await pilot.press("escape")
        assert app.focused is table


@pytest.mark.asyncio
async def test_status_filter_shows_decided_items(service: Service) -> None:
    service.claim("bob", 1)
    service.reject(1, "bob", "wrong tone")
    app = app_for(service)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert queue_table(app).row_count == 5  # open items only
        app.screen.query_one("#f-status", Select).value = "rejected"
        await settle(pilot)
        assert queue_table(app).row_count == 1


@pytest.mark.asyncio
async def test_ten_thousand_items_load_in_pages(tmp_path: Path) -> None:
    config = Config(db=str(tmp_path / "big.db"))
    store = Store(config.db_path())
    fill(store, extra=10_000)
    svc = Service(config, store, clock=lambda: NOW)
    app = app_for(svc)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        table = queue_table(app)
        assert table.row_count == 200  # only the first page
        await pilot.press("ctrl+end")  # the cursor near the end fetches the next page
        await settle(pilot)
        assert table.row_count == 400
    svc.close()


# -- review: claim, release, decisions ----------------------------------------------------------
@pytest.mark.asyncio
async def test_open_claims_and_back_releases(service: Service) -> None:
    app = app_for(service)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_first(pilot)
        assert screen.item_id == 1
        item = service.get_item(1)
        assert item.status == "claimed" and item.claimed_by == "ana"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        assert service.get_item(1).status == "released"
        assert [a for a, _, _ in actions(service, 1)] == ["claim", "release"]


@pytest.mark.asyncio
async def test_approve_records_decision_and_opens_next(service: Service) -> None:
    app = app_for(service)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "down", "enter")  # a medium item without errors
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.item_id == 4
        await pilot.press("a")  # one key: no question for an item without errors
        await settle(pilot)
        assert service.get_item(4).status == "approved"
        assert actions(service, 4)[-1] == ("approve", "ana", None)
        assert screen.item_id == 5 and service.get_item(5).claimed_by == "ana"


@pytest.mark.asyncio
async def test_approving_a_high_item_with_errors_asks_first(service: Service) -> None:
    app = app_for(service)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_first(pilot)
        assert screen.current.risk.level == "high"
        for no in ("n", "escape"):
            await pilot.press("a")
            assert isinstance(app.screen, ConfirmDialog)
            assert "despite 1 error(s)" in app.screen.question
            await pilot.press(no)
            await settle(pilot)
            assert app.screen is screen and screen.item_id == 1
            assert service.get_item(1).status == "claimed"  # no decision written
            assert [a for a, _, _ in actions(service, 1)] == ["claim"]
        await pilot.press("a", "y")
        await settle(pilot)
        assert service.get_item(1).status == "approved"
        assert actions(service, 1)[-1] == ("approve", "ana", None)
        assert screen.item_id == 2


@pytest.mark.asyncio
async def test_leaving_an_edited_translation_asks_and_keeps_it(service: Service) -> None:
    app = app_for(service)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_first(pilot)
        original = screen.current.item.translation
        await pilot.press("e", *"Saludos. ")
        edited = screen.query_one("#e-translation").text
        assert edited == "Saludos. " + original
        await pilot.press("escape")
        assert not screen._editing() and screen.edited_translation == edited
        await pilot.press("j")  # would drop the edit: asks first
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")  # keep editing: back in the editor with the edit intact
        await settle(pilot)
        assert app.screen is screen and screen.item_id == 1
        editor = screen.query_one("#e-translation")
        assert screen._editing() and editor.text == edited
        assert app.focused is editor
        await pilot.press("escape", "escape")  # close the editor, then Back: asks again
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")  # Esc in the question means keep editing
        await settle(pilot)
        assert app.screen is screen and service.get_item(1).status == "claimed"
        assert [a for a, _, _ in actions(service, 1)] == ["claim"]
        await pilot.press("escape", "j")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")  # discard and move on: nothing of the edit is stored
        await settle(pilot)
        assert screen.item_id == 2 and screen.edited_translation is None
        assert [a for a, _, _ in actions(service, 1)] == ["claim", "release"]
        assert service.get_item(1).assessment.item.translation == original


@pytest.mark.asyncio
async def test_unchanged_editor_leaves_without_asking(service: Service) -> None:
    app = app_for(service)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_first(pilot)
        await pilot.press("e", "escape", "j")
        await settle(pilot)
        assert app.screen is screen and screen.item_id == 2


@pytest.mark.asyncio
async def test_reject_asks_for_a_reason(service: Service) -> None:
    app = app_for(service)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_first(pilot)
        await pilot.press("r")
        assert isinstance(app.screen, TextPrompt)
        await pilot.press(*"tú is too informal", "enter")
        await settle(pilot)
        assert service.get_item(1).status == "rejected"
        assert actions(service, 1)[-1] == ("reject", "ana", "tú is too informal")


@pytest.mark.asyncio
async def test_cancelled_reason_changes_nothing(service: Service) -> None:
    app = app_for(service)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_first(pilot)
        await pilot.press("r", "escape")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert service.get_item(1).status == "claimed"
        await pilot.press("r", "enter")  # an empty reason is refused
        assert isinstance(app.screen, TextPrompt)


@pytest.mark.asyncio
async def test_escalate_and_note(service: Service) -> None:
    app = app_for(service)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_first(pilot)
        await pilot.press("n", *"customer is a VIP", "enter")
        await settle(pilot)
        assert actions(service, 1)[-1] == ("note", "ana", "customer is a VIP")
        assert (
            screen.item_id == 1 and service.get_item(1).status == "claimed"
        )  # a note is no decision
        await pilot.press("u", *"legal wording", "enter")
        await settle(pilot)
        assert service.get_item(1).status == "escalated"
        assert actions(service, 1)[-1] == ("escalate", "ana", "legal wording")


@pytest.mark.asyncio
async def test_next_and_previous_release_and_claim(service: Service) -> None:
    app = app_for(service)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_first(pilot)
        await pilot.press("j")
        await settle(pilot)
        assert screen.item_id == 2
        assert service.get_item(1).status == "released"
        assert service.get_item(2).claimed_by == "ana"
        await pilot.press("k")
        await settle(pilot)
        assert screen.item_id == 1
        assert service.get_item(2).status == "released"
        assert service.get_item(1).claimed_by == "ana"


@pytest.mark.asyncio
async def test_item_claimed_by_someone_else_is_read_only(service: Service) -> None:
    service.claim("bob", 1)
    app = app_for(service)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_first(pilot)
        assert not screen.claimed
        await pilot.press("a", "r")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        item = service.get_item(1)
        assert item.claimed_by == "bob" and [a for a, _, _ in actions(service, 1)] == ["claim"]
        await pilot.press("escape")
        await settle(pilot)
        assert (
            service.get_item(1).claimed_by == "bob"
        )  # leaving never releases someone else's claim


@pytest.mark.asyncio
async def test_a_failed_decision_is_a_notification_not_a_crash(service: Service) -> None:
    app = app_for(service)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_first(pilot)
        service.approve(1, "ana")  # decided elsewhere while the screen was open
        await approve(pilot, screen)
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen) and screen.item_id == 1
        assert any("already approved" in n.message for n in app._notifications)


@pytest.mark.asyncio
async def test_selecting_a_finding_highlights_its_span(service: Service) -> None:
    app = app_for(service)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_first(pilot)
        findings = screen.query_one("#findings")
        findings.focus()
        await pilot.press("down")
        await pilot.pause()
        selected = findings.current
        assert selected is not None
        view = screen.query_one("#v-source" if selected.field == "source" else "#v-translation")
        assert view._selected == selected


@pytest.mark.asyncio
async def test_narrow_terminal_stacks_the_texts(service: Service) -> None:
    app = app_for(service)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_first(pilot)
        assert screen.has_class("narrow")
        source, translation = screen.query_one("#p-source"), screen.query_one("#p-translation")
        assert source.region.x == translation.region.x and source.region.y < translation.region.y
    app = app_for(service)
    async with app.run_test(size=(150, 40)) as pilot:
        screen = await open_first(pilot)
        assert not screen.has_class("narrow")


# -- help, palette, theme ---------------------------------------------------------------------
@pytest.mark.asyncio
async def test_help_lists_every_review_key(service: Service) -> None:
    app = app_for(service)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_first(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        console = Console(width=100, record=True, file=io.StringIO())
        console.print(app.screen.keys)
        shown = console.export_text()
        for words in ("Approve", "Reject", "Escalate", "Note", "Next", "rescored as you type"):
            assert words in shown
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)


@pytest.mark.asyncio
async def test_every_review_action_is_in_the_command_palette(service: Service) -> None:
    app = app_for(service)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_first(pilot)
        titles = {c.title for c in app.get_system_commands(screen)}
        assert {
            "Approve",
            "Reject",
            "Escalate",
            "Note",
            "Edit",
            "Draft",
            "Fix",
            "Next",
            "Prev",
        } <= titles
        note = next(c for c in app.get_system_commands(screen) if c.title == "Note")
        await note.callback()
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)


@pytest.mark.asyncio
async def test_theme_key_toggles_dark_and_light(service: Service) -> None:
    app = app_for(service)
    async with app.run_test(size=(120, 36)) as pilot:
        before = app.theme
        await pilot.press("ctrl+t")
        assert app.theme != before
        await pilot.press("ctrl+t")
        assert app.theme == before


# -- run screen -------------------------------------------------------------------------------
@pytest.mark.asyncio
async def test_run_screen_reports_a_missing_file(service: Service, tmp_path: Path) -> None:
    app = app_for(service)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        app.screen.query_one("#run-path", Input).value = str(tmp_path / "missing.jsonl")
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert isinstance(app.screen, ErrorDialog)
        assert "does not exist" in app.screen.message
        await pilot.press("escape", "escape")
        assert isinstance(app.screen, QueueScreen)


# -- with real machine translation ------------------------------------------------------------
@pytest.mark.integration
@pytest.mark.asyncio
async def test_edited_translation_is_rescored_live_and_approved(mt_service: Service) -> None:
    app = app_for(mt_service)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_first(pilot)
        before = screen.current
        await pilot.press("e")
        editor = screen.query_one("#e-translation")
        assert app.focused is editor
        editor.load_text("")
        await pilot.press(
            *"Hola María, no se preocupe. Le responderemos pronto sobre su reembolso."
        )
        await pilot.pause(RESCORE_DELAY + 0.2)
        await settle(pilot)
        assert screen.current is not before, [n.message for n in app._notifications]
        assert screen.current.item.translation.startswith("Hola María, no se preocupe")
        assert screen.current.item.back_translation  # Apertium translated it back
        await pilot.press("escape")
        await approve(pilot, screen)
        await settle(pilot)
        item = mt_service.get_item(1)
        assert item.status == "approved"
        last = item.decisions[-1]
        assert last.action == "edit_approve" and last.reviewer == "ana"
        assert last.after.startswith("Hola María, no se preocupe")


@pytest.mark.integration
@pytest.mark.asyncio
async def test_apply_suggestion_rewrites_the_draft_and_reruns(mt_service: Service) -> None:
    app = app_for(mt_service)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_first(pilot)
        findings = screen.query_one("#findings")
        index = next(i for i, f in enumerate(findings.findings) if f.suggestion == "reply to you")
        findings.highlighted = index
        await pilot.press("s")
        await settle(pilot)
        assert screen.revision is not None
        assert "I'll reply to you ASAP" in screen.current.item.message.text
        assert (
            screen.current.item.translation
            and screen.current.item.translation != screen.item.assessment.item.translation
        )
        await approve(pilot, screen)
        await settle(pilot)
        item = mt_service.get_item(1)
        assert [d.action for d in item.decisions][-2:] == ["revise", "approve"]
        assert "reply to you" in item.assessment.item.message.text


@pytest.mark.integration
@pytest.mark.asyncio
async def test_compose_round_trips_and_submits(mt_service: Service) -> None:
    app = app_for(mt_service)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await pilot.pause()
        app.screen.query_one("#draft").load_text("Hey, no worries, we will get back to you soon!")
        app.screen.query_one("#targets", Input).value = "es-ES, pt-BR"
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert set(app.screen.results) == {"es-ES", "pt-BR"}, [
            n.message for n in app._notifications
        ]
        assert app.screen.query_one("#results", DataTable).row_count == 2
        await pilot.press("ctrl+s")
        await settle(pilot)
    rows = mt_service.list_queue(template="compose-*", status="all")
    assert {r.target for r in rows} <= {"es-ES", "pt-BR"}
    assert mt_service.stats().runs == 2


def test_review_command_help() -> None:
    result = CliRunner().invoke(main, ["review", "--help"])
    assert result.exit_code == 0
    for option in ("--db", "--reviewer", "--serve"):
        assert option in result.output


@pytest.mark.integration
@pytest.mark.asyncio
async def test_compose_approve_records_approvals(mt_service: Service) -> None:
    app = app_for(mt_service)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await pilot.pause()
        # An informal Spanish register and an idiom: risky enough to be queued.
        app.screen.query_one("#draft").load_text("Hang tight, we will get back to you ASAP!")
        app.screen.query_one("#targets", Input).value = "es-ES"
        await pilot.press("ctrl+o")
        await settle(pilot)
    rows = mt_service.list_queue(template="compose-*", status="all")
    assert rows, "the composed draft was not queued"
    for row in rows:
        item = mt_service.get_item(row.id)
        assert item.status == "approved"
        assert [(d.action, d.reviewer) for d in item.decisions][-1] == ("approve", "ana")


@pytest.mark.integration
@pytest.mark.asyncio
async def test_compose_shows_a_locale_without_an_engine(mt_service: Service) -> None:
    app = app_for(mt_service)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await pilot.pause()
        app.screen.query_one("#draft").load_text("Thanks for your order.")
        app.screen.query_one("#targets", Input).value = "ko-KR"
        await pilot.press("ctrl+r")
        await settle(pilot)
        screen = app.screen
        assert screen.query_one("#results", DataTable).row_count == 1  # a row, not a crash
        if "ko-KR" in screen.results:
            assessment = screen.results["ko-KR"]
            assert assessment.item.translation is None and assessment.unavailable
        else:
            assert "ko-KR" in screen.errors


@pytest.mark.integration
@pytest.mark.asyncio
async def test_run_screen_scores_a_file_into_the_queue(mt_service: Service, tmp_path: Path) -> None:
    replies = tmp_path / "replies.jsonl"
    replies.write_text(
        '{"id": "run/one", "text": "No worries, we will get back to you ASAP."}\n'
        '{"id": "run/two", "text": "Hang tight, your parcel is on its way."}\n',
        encoding="utf-8",
    )
    app = app_for(mt_service)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        app.screen.query_one("#run-path", Input).value = str(replies)
        app.screen.query_one("#run-targets", Input).value = "es-ES"
        await pilot.press("ctrl+r")
        await settle(pilot)
        summary = str(app.screen.query_one("#run-summary").render())
        assert "2 assessed" in summary
        await pilot.press("escape")
        await settle(pilot)
        ids = {queue_table(app).get_row_at(i)[3].plain for i in range(queue_table(app).row_count)}
    stats = mt_service.stats()
    assert stats.assessments == 6 + 2 and stats.runs == 2
    queued = {r.template_id for r in mt_service.list_queue(template="run/*", status="all")}
    assert queued <= {"run/one", "run/two"} and queued <= ids


@pytest.mark.asyncio
async def test_quitting_releases_the_claim(service: Service) -> None:
    app = app_for(service)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_first(pilot)
        assert service.get_item(1).claimed_by == "ana"
        await pilot.press("ctrl+q")
    assert service.get_item(1).status == "released"


@pytest.mark.asyncio
async def test_quitting_with_an_unsaved_edit_asks_first(service: Service) -> None:
    app = app_for(service)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_first(pilot)
        await pilot.press("e", *"Saludos. ")
        editor = screen.query_one("#e-translation")
        edited = editor.text
        await pilot.press("ctrl+q")  # would drop the edit: asks first
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "the translation edit of #1" in app.screen.question
        await pilot.press("ctrl+q")  # a second quit key does not stack another question
        await pilot.pause()
        assert len([s for s in app.screen_stack if isinstance(s, ConfirmDialog)]) == 1
        await pilot.press("n")  # keep editing: still running, edit intact, nothing written
        await settle(pilot)
        assert app.is_running and app.return_code is None
        assert app.screen is screen and screen._editing() and editor.text == edited
        assert app.focused is editor
        assert [a for a, _, _ in actions(service, 1)] == ["claim"]
        await pilot.press("escape", "ctrl+q")  # closed editor, edit still held: asks again
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")  # Esc also keeps editing, reopening the editor
        await settle(pilot)
        assert app.screen is screen and screen._editing() and editor.text == edited
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("y")  # discard and quit
        await pilot.pause()
        assert app.return_code == 0
    assert [a for a, _, _ in actions(service, 1)] == ["claim", "release"]
    assert service.get_item(1).status == "released"
    assert service.get_item(1).assessment.item.translation != edited


@pytest.mark.asyncio
async def test_quitting_without_an_edit_does_not_ask(service: Service) -> None:
    app = app_for(service)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_first(pilot)
        await pilot.press("e", "escape")  # opened the editor but changed nothing
        assert screen.unsaved() is None
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not any(isinstance(s, ConfirmDialog) for s in app.screen_stack)
        assert app.return_code == 0
    assert [a for a, _, _ in actions(service, 1)] == ["claim", "release"]


@pytest.mark.asyncio
async def test_language_filter(service: Service) -> None:
    app = app_for(service)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        select = app.screen.query_one("#f-language", Select)
        assert [str(o[0]) for o in select._options if o[1] is not Select.NULL] == [
            "de",
            "es",
            "ja",
            "pt",
        ]
        select.value = "es"
        await settle(pilot)
        table = queue_table(app)
        assert table.row_count == 3
        assert {table.get_row_at(i)[2].plain for i in range(3)} == {"es-ES"}


@pytest.mark.integration
@pytest.mark.asyncio
async def test_edited_draft_is_rerun_and_saved_as_a_revision(mt_service: Service) -> None:
    app = app_for(mt_service)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_first(pilot)
        await pilot.press("d")
        editor = screen.query_one("#e-source")
        assert app.focused is editor
        editor.load_text("")
        await pilot.press(*"Dear Maria, we will reply about your refund soon.")
        await pilot.press("escape")  # closing the editor runs the pending round trip at once
        await settle(pilot)
        assert screen.revision is not None
        assert (
            screen.current.item.message.text == "Dear Maria, we will reply about your refund soon."
        )
        assert screen.current.item.translation and "Maria" in screen.current.item.translation
        await approve(pilot, screen)
        await settle(pilot)
    item = mt_service.get_item(1)
    assert [d.action for d in item.decisions][-2:] == ["revise", "approve"]
    assert item.assessment.item.message.text.startswith("Dear Maria")


def test_review_of_a_broken_database_is_a_one_line_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"this is not a database" * 100)
    result = CliRunner().invoke(main, ["review", "--db", str(broken)])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: cannot open database")
    assert "Traceback" not in result.output + result.stderr


def test_serve_runs_the_same_review_command_per_browser_session(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shlex

    import textual_serve.server

    started: list[tuple[str, str, int]] = []

    class Recorder:
        def __init__(self, command: str, host: str, port: int, title: str, **kwargs) -> None:
            started.append((command, host, port))
            page = Path(kwargs["templates_path"], "app_index.html").read_text(encoding="utf-8")
            assert "googleapis" not in page and "fonts/RobotoMono" in page

        def serve(self) -> None:
            pass

    monkeypatch.setattr(textual_serve.server, "Server", Recorder)
    db = tmp_path / "review.db"
    Store(db).close()  # review opens an existing database; it never creates one at a typo
    result = CliRunner().invoke(
        main, ["review", "--db", str(db), "--reviewer", "ana", "--serve", "--port", "8123"]
    )
    assert result.exit_code == 0, result.output
    [(command, host, port)] = started
    argv = shlex.split(command)
    assert (host, port) == ("localhost", 8123)
    assert argv[argv.index("review") :] == [
        "review",
        "--db",
        str(db.resolve()),
        "--reviewer",
        "ana",
    ]
    assert "--serve" not in argv


@pytest.mark.asyncio
async def test_compose_shows_bad_input_literally(service: Service) -> None:
    app = app_for(service)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await pilot.pause()
        app.screen.query_one("#draft").load_text("Thanks!")
        app.screen.query_one("#targets", Input).value = "[bold red]xx"
        await pilot.press("ctrl+r")
        await settle(pilot)
        table = app.screen.query_one("#results", DataTable)
        assert table.row_count == 1
        assert table.get_row_at(0)[0].plain == "[bold red]xx"
        assert "unknown language code" in app.screen.errors["[bold red]xx"]


@pytest.mark.asyncio
async def test_history_shows_an_escalation_reason_to_the_next_reviewer(service: Service) -> None:
    service.claim("bob", 1)
    service.escalate(1, "bob", "[b]legal[/b] must check the refund wording")
    app = app_for(service)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.screen.query_one("#f-status", Select).value = "escalated"
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.claimed  # escalated items can be taken
        console = Console(width=100, record=True, file=io.StringIO())
        console.print(history_table(screen.item.decisions))
        shown = console.export_text()
        assert "bob" in shown and "escalate: [b]legal[/b] must check the refund wording" in shown


@pytest.mark.asyncio
async def test_queue_ages_use_the_service_clock(service: Service) -> None:
    # The samples were stored two hours before the service's NOW, whatever the wall clock says.
    async with app_for(service).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        table = queue_table(pilot.app)
        ages = {str(table.get_row_at(n)[-1]) for n in range(table.row_count)}
        assert ages == {"2h"}


# -- footer keys ----------------------------------------------------------------------------------
def footer_keys(app: WorkbenchApp) -> dict[str, str]:
    """key -> action of every binding the footer shows right now."""
    return {
        key: active.binding.action
        for key, active in app.screen.active_bindings.items()
        if active.binding.show and active.enabled
    }


def test_every_binding_has_a_handler() -> None:
    from workbench.screens.compose import ComposeScreen
    from workbench.screens.run import RunScreen

    owners = (
        WorkbenchApp,
        QueueScreen,
        ReviewScreen,
        ComposeScreen,
        RunScreen,
        HelpScreen,
        TextPrompt,
        ConfirmDialog,
        ErrorDialog,
    )
    for owner in owners:
        for binding in owner.BINDINGS:
            namespace, _, action = binding.action.rpartition(".")
            handler_owner = WorkbenchApp if namespace == "app" else owner
            assert callable(getattr(handler_owner, f"action_{action}", None)), (owner, binding)


@pytest.mark.asyncio
async def test_q_on_the_queue_quits(service: Service) -> None:
    app = app_for(service)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert footer_keys(app)["q"] == "quit"
        await pilot.press("q")
        await pilot.pause()
        assert app.return_code == 0  # exit() was called


@pytest.mark.asyncio
async def test_every_queue_footer_key_does_something(service: Service) -> None:
    app = app_for(service)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        queue = app.screen
        assert isinstance(queue, QueueScreen)
        keys = footer_keys(app)
        assert set(keys) >= {"enter", "slash", "o", "c", "f", "g", "q", "question_mark"}
        assert "escape" not in keys  # Esc back to the table is offered only while searching

        async def back_to_queue() -> None:
            while app.screen is not queue:
                app.pop_screen()
                await settle(pilot)
            queue_table(app).focus()
            await pilot.pause()

        opened = {"enter": ReviewScreen, "question_mark": HelpScreen}
        for key, kind in opened.items():
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, kind), key
            await back_to_queue()
        for key, name in (("c", "ComposeScreen"), ("f", "RunScreen")):
            await pilot.press(key)
            await settle(pilot)
            assert type(app.screen).__name__ == name
            await back_to_queue()
        await pilot.press("o")
        await settle(pilot)
        assert queue.sort == "age"
        generation = queue.query_generation
        await pilot.press("g")
        await settle(pilot)
        assert queue.query_generation == generation + 1
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        typing = footer_keys(app)
        assert typing.get("escape") == "leave_search" and "q" not in typing
        assert "f1" in typing and "question_mark" not in typing  # "?" is text in a text field
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert app.screen is queue and isinstance(app.focused, Input)
        await pilot.press("escape")
        assert app.focused is queue_table(app)


@pytest.mark.asyncio
async def test_review_footer_keys_help_back_and_editing(service: Service) -> None:
    app = app_for(service)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_first(pilot)
        keys = footer_keys(app)
        assert {"a", "e", "d", "s", "r", "u", "n", "j", "k", "escape", "question_mark"} <= set(keys)
        for key in ("question_mark", "q"):  # q closes the help, it does not quit
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)
            await pilot.press(key)
            assert app.screen is screen and app.return_code is None
        for key in ("r", "u", "n"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, TextPrompt), key
            await pilot.press("escape")
            await pilot.pause()
        await pilot.press("e")
        assert footer_keys(app).keys() == {"escape", "f1"}  # letters are text in the editor
        await pilot.press("escape")
        assert not screen._editing() and "a" in footer_keys(app)
        await pilot.press("j")
        await settle(pilot)
        assert screen.index == 1 and screen.claimed
        await pilot.press("k")
        await settle(pilot)
        assert screen.index == 0 and screen.claimed
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        assert service.get_item(screen.ids[0]).status == "released"  # back released the claim


@pytest.mark.asyncio
async def test_compose_and_run_footer_keys(service: Service) -> None:
    app = app_for(service)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        for key, name, actions in (
            ("c", "ComposeScreen", ("roundtrip", "submit", "approve")),
            ("f", "RunScreen", ("start",)),  # Ctrl+X cancel shows only while a run goes
        ):
            await pilot.press(key)
            await settle(pilot)
            screen = app.screen
            assert type(screen).__name__ == name
            keys = footer_keys(app)
            assert "f1" in keys and "escape" in keys  # the first field has focus: F1 for help
            assert "cancel" not in keys.values()
            for action in actions:  # each one with nothing filled in says what is missing
                before = len(app._notifications)
                await pilot.press(next(k for k, a in keys.items() if a == action))
                await pilot.pause()
                assert len(app._notifications) > before, action
            await pilot.press("f1")
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("escape")
            assert app.screen is screen
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, QueueScreen), name


@pytest.mark.asyncio
async def test_enter_in_the_search_box_searches_and_returns_to_the_table(service: Service) -> None:
    app = app_for(service)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"customs", "enter")  # Enter before the typing pause ends
        await settle(pilot)
        table = queue_table(app)
        assert app.focused is table
        assert not any(select.expanded for select in app.screen.query(Select))
        assert app.screen.query_one("#f-status", Select).value == "open"
        assert table.row_count == 1 and table.get_row_at(0)[3].plain == "shipping/customs"
        await pilot.press("slash")  # the keys work again
        assert app.focused is app.screen.query_one("#search", Input)
        await pilot.press(*"zzz")  # focusing selected the old search, so this replaces it
        await pilot.pause(0.4)
        await settle(pilot)
        assert app.focused is app.screen.query_one("#search", Input)  # a reload keeps the focus
        await pilot.press("enter")
        await settle(pilot)
        assert app.focused is table and table.row_count == 0
        await pilot.press("q")
        await pilot.pause()
        assert app.return_code == 0


# -- readability ---------------------------------------------------------------------------------
@pytest.mark.asyncio
async def test_review_position_says_when_only_part_of_the_queue_is_loaded(tmp_path: Path) -> None:
    config = Config(db=str(tmp_path / "big.db"))
    store = Store(config.db_path())
    fill(store, extra=250)
    svc = Service(config, store, clock=lambda: NOW)
    async with app_for(svc).run_test(size=(120, 36)) as pilot:
        screen = await open_first(pilot)
        assert pilot.app.counts["open"] == 256
        assert screen.position() == "1 of 200 loaded"
        assert "1 of 200 loaded" in str(screen.query_one("#item-title").render())
    svc.close()


@pytest.mark.asyncio
async def test_review_position_of_a_complete_list(service: Service) -> None:
    async with app_for(service).run_test(size=(120, 36)) as pilot:
        screen = await open_first(pilot)
        assert screen.position() == "1 of 6"


def test_long_template_ids_are_cut_in_the_middle() -> None:
    from workbench.screens.queue import ID_WIDTH, middle

    one = middle("apologies-complaint-delayed-refund-01", ID_WIDTH)
    two = middle("apologies-complaint-delayed-refund-02", ID_WIDTH)
    assert len(one) == ID_WIDTH and one != two
    assert one.startswith("apologies") and one.endswith("refund-01") and "…" in one
    assert middle("refunds/late-refund", ID_WIDTH) == "refunds/late-refund"


@pytest.mark.asyncio
async def test_queue_rows_with_similar_long_ids_look_different(tmp_path: Path) -> None:
    from dataclasses import replace

    from fixtures.tui_sample import STORED_AT, sample_assessments

    config = Config(db=str(tmp_path / "ids.db"))
    store = Store(config.db_path())
    base = sample_assessments()[0]
    ids = [f"apologies-complaint-delayed-refund-{n:02d}" for n in range(3)]
    batch = [
        replace(base, item=replace(base.item, message=replace(base.item.message, id=i)))
        for i in ids
    ]
    run_id = store.start_run("ids", ["es-ES"], {}, now=STORED_AT)
    store.save_assessments(run_id, batch, "medium", now=STORED_AT)
    svc = Service(config, store, clock=lambda: NOW)
    async with app_for(svc).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        table = queue_table(pilot.app)
        shown = [table.get_row_at(n)[3].plain for n in range(table.row_count)]
        assert sorted(s[-9:] for s in shown) == [i[-9:] for i in ids]  # three distinct ends
    svc.close()


def test_scores_panel_reasons_read_in_whole_lines_when_narrow() -> None:
    from fixtures.tui_sample import sample_assessments

    from workbench.widgets.scores import scores_table

    console = Console(width=30, record=True, file=io.StringIO())
    console.print(scores_table(sample_assessments()[0]))
    lines = console.export_text().splitlines()
    # The first reason takes two lines of a 30-column panel, not one word per line.
    start = next(n for n, line in enumerate(lines) if "• informal" in line)
    assert lines[start].strip() == "• informal address in a"
    assert lines[start + 1].strip() == "formal locale"
