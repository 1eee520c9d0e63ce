"""Write docs/review-screen.svg: the review screen on the sample queue, exported by Textual."""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# bench/queue.py would shadow the standard library's queue (Textual's driver imports it).
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT / "tests"))

from fixtures.tui_sample import NOW, fill  # noqa: E402

from workbench.app import WorkbenchApp  # noqa: E402
from workbench.config import Config  # noqa: E402
from workbench.service import Service  # noqa: E402
from workbench.store import Store  # noqa: E402


async def shoot(out: Path, size: tuple[int, int]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        config = Config(db=str(Path(folder) / "sample.db"))
        store = Store(config.db_path())
        fill(store)
        service = Service(config, store, clock=lambda: NOW)
        app = WorkbenchApp(service, "maria", database="support-replies.db")
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.press("down")  # select the idiom: its span is emphasised in the draft
            await pilot.pause()
            out.write_text(app.export_screenshot(title="workbench review"), encoding="utf-8")
        service.close()


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "review-screen.svg"
    asyncio.run(shoot(target, (120, 36)))
    print(target)
