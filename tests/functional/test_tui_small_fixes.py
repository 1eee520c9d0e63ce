"""Small TUI promises: an untouched editor is no edit, Esc cancels a search, counts are exact."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixtures.tui_sample import NOW, fill, sample_assessments
from test_tui import app_for, open_first, queue_table, settle
from textual.widgets import Input, Static

from workbench.config import Config
from workbench.service import Service
from workbench.store import Store


def _service(tmp_path: Path, extra: int = 0) -> Service:
    config = Config(db=str(tmp_path / "review.db"), targets=["es-ES"])
    store = Store(config.db_path())
    fill(store, extra=extra)
    return Service(config, store, clock=lambda: NOW)


@pytest.mark.asyncio
async def test_opening_the_editor_is_not_an_edit(tmp_path: Path) -> None:
    service = _service(tmp_path)
    async with app_for(service).run_test(size=(120, 36)) as pilot:
        screen = await open_first(pilot)
        title = screen.query_one("#item-title", Static)
        await pilot.press("e")
        await settle(pilot)
        assert "translation edited" not in str(title.render())
        await pilot.press("x")
        await settle(pilot)
        assert "translation edited" in str(title.render())
        await pilot.press("backspace")  # back to the original text: no edit any more
        await settle(pilot)
        assert "translation edited" not in str(title.render())
    service.close()


@pytest.mark.asyncio
async def test_escape_clears_the_search(tmp_path: Path) -> None:
    service = _service(tmp_path)
    async with app_for(service).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        everything = queue_table(pilot.app).row_count
        await pilot.press("slash", *"customs")
        await pilot.pause(0.5)
        await settle(pilot)
        assert queue_table(pilot.app).row_count < everything
        await pilot.press("escape")
        await pilot.pause(0.5)
        await settle(pilot)
        assert pilot.app.screen.query_one("#search", Input).value == ""
        assert queue_table(pilot.app).row_count == everything
        assert pilot.app.focused is queue_table(pilot.app)
    service.close()


@pytest.mark.asyncio
@pytest.mark.parametrize(("total", "shown"), [(200, "200 items"), (201, "200+ items")])
async def test_item_count_is_exact_at_a_full_page(tmp_path: Path, total: int, shown: str) -> None:
    service = _service(tmp_path, extra=total - len(sample_assessments()))
    async with app_for(service).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        info = str(pilot.app.screen.query_one("#queue-info", Static).render())
        assert shown in info and queue_table(pilot.app).row_count == 200
    service.close()
