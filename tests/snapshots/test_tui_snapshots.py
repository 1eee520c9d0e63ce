"""Snapshots of the main review screens at fixed sizes (pytest-textual-snapshot).

Update after an intended visual change with: pytest tests/snapshots --snapshot-update
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fixtures.tui_sample import NOW, fill
from textual.pilot import Pilot

from workbench.app import WorkbenchApp
from workbench.config import Config
from workbench.screens.compose import ComposeScreen
from workbench.service import Service
from workbench.store import Store

WIDE = (120, 36)
NARROW = (80, 24)


@pytest.fixture
def app(tmp_path: Path) -> Iterator[WorkbenchApp]:
    config = Config(db=str(tmp_path / "review.db"), targets=["es-ES", "de-DE", "ja-JP"])
    store = Store(config.db_path())
    fill(store)
    service = Service(config, store, clock=lambda: NOW)
    yield WorkbenchApp(service, "ana", database="review.db")
    service.close()


async def settle(pilot: Pilot) -> None:
    for _ in range(50):
        await pilot.pause()
        if all(w.is_finished for w in pilot.app.workers):
            await pilot.pause()
            if all(w.is_finished for w in pilot.app.workers):
                return
        await pilot.app.workers.wait_for_complete()


async def open_item(pilot: Pilot) -> None:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


def test_queue(snap_compare, app: WorkbenchApp) -> None:
    assert snap_compare(app, terminal_size=WIDE, run_before=settle)


def test_queue_light_theme(snap_compare, app: WorkbenchApp) -> None:
    async def light(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("ctrl+t")

    assert snap_compare(app, terminal_size=WIDE, run_before=light)


def test_review_with_highlighted_findings(snap_compare, app: WorkbenchApp) -> None:
    async def select_idiom(pilot: Pilot) -> None:
        await open_item(pilot)
        await pilot.press("down")  # the idiom finding: its span is emphasised in the draft
        await pilot.pause()

    assert snap_compare(app, terminal_size=WIDE, run_before=select_idiom)


def test_review_narrow(snap_compare, app: WorkbenchApp) -> None:
    assert snap_compare(app, terminal_size=NARROW, run_before=open_item)


def test_review_of_markup_and_escape_codes(snap_compare, app: WorkbenchApp) -> None:
    async def open_fourth(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("down", "down", "down", "enter")
        await settle(pilot)

    assert snap_compare(app, terminal_size=WIDE, run_before=open_fourth)


def test_compose(snap_compare, app: WorkbenchApp) -> None:
    async def compose(pilot: Pilot) -> None:
        await settle(pilot)
        pilot.app.push_screen(ComposeScreen("Hi! I'll get back to you ASAP about your refund."))
        await pilot.pause()

    assert snap_compare(app, terminal_size=WIDE, run_before=compose)


def test_help(snap_compare, app: WorkbenchApp) -> None:
    async def help_on_review(pilot: Pilot) -> None:
        await open_item(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(app, terminal_size=WIDE, run_before=help_on_review)
