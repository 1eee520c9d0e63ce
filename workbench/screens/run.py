"""Score a template library (file or folder) with a progress bar; results land in the queue."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label, ProgressBar, Static

from workbench.errors import UsageError
from workbench.messages import RunFinished, RunProgress
from workbench.widgets.status import StatusBar


class RunScreen(Screen[None]):
    """Pick a file and targets, watch the run, then go back to the refreshed queue."""

    SUB_TITLE = "Score a file"
    BINDINGS = [
        Binding("ctrl+r", "start", "Start"),
        Binding("ctrl+x", "cancel", "Cancel run", priority=True),  # the inputs bind ctrl+x too
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, path: str = "") -> None:
        super().__init__()
        self.path = path
        self.running = False
        self._cancel = threading.Event()
        self._started = 0.0

    def compose(self) -> ComposeResult:
        yield Header()
        yield StatusBar()
        with Vertical(id="run-form"):
            yield Label(
                "Template library: a file or folder (txt, md, csv, json, jsonl, yaml, po, xliff)"
            )
            yield Input(self.path, placeholder="path/to/templates", id="run-path")
            yield Label("Target locales")
            yield Input(
                ", ".join(self.app.service.config.targets),  # type: ignore[attr-defined]
                id="run-targets",
            )
            yield ProgressBar(total=None, show_eta=True, id="run-progress")
            yield Static(Text("Ctrl+R starts the run.", style="dim"), id="run-summary")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#run-path", Input).focus()
        self.app.update_status(self)  # type: ignore[attr-defined]

    def action_start(self) -> None:
        if self.running:
            self.notify("A run is already going.", severity="warning")
            return
        raw = self.query_one("#run-path", Input).value.strip()
        targets = [
            t.strip() for t in self.query_one("#run-targets", Input).value.split(",") if t.strip()
        ]
        if not raw:
            self.notify("Give the path of a file to score.", severity="warning")
            return
        self.running = True
        self.refresh_bindings()
        self._cancel.clear()
        self._started = time.monotonic()
        self._summary(Text("reading the file…", style="italic yellow"))
        self.score_file(Path(raw).expanduser(), targets or None)

    @work(thread=True, exclusive=True, group="run", exit_on_error=False)
    def score_file(self, path: Path, targets: list[str] | None) -> None:
        service = self.app.service  # type: ignore[attr-defined]
        try:
            from workbench.corpus import read_corpus
            from workbench.corpus.limits import ReadLimits

            corpus = read_corpus(
                [path], service.config.source_lang, ReadLimits.from_config(service.config)
            )
            for problem in corpus.problems[:5]:
                self.app.call_from_thread(self.notify, str(problem), severity="warning", timeout=8)
            messages = corpus.messages
            if not messages:
                raise UsageError(f"{path} holds no messages")
            stage = f"read {len(messages)} messages; loading models…"
            self.post_message(RunProgress(0, 0, stage))
            result = self.app.with_pipeline(  # type: ignore[attr-defined]
                lambda: service.submit(
                    messages,
                    targets,
                    progress=lambda done, total, stage: self.post_message(
                        RunProgress(done, total, stage)
                    ),
                    cancelled=self._cancel.is_set,
                )
            )
            self.post_message(RunFinished("run", result=result))
        except Exception as exc:  # noqa: BLE001 - bad file, missing model, busy database
            self.post_message(RunFinished("run", error=str(exc) or type(exc).__name__))

    @on(RunProgress)
    def _progress(self, event: RunProgress) -> None:
        bar = self.query_one("#run-progress", ProgressBar)
        if event.total:
            bar.update(total=event.total, progress=event.done)
        elapsed = time.monotonic() - self._started
        rate = event.done / elapsed if elapsed > 0 and event.done else 0.0
        text = Text()
        text.append(f"{event.done}/{event.total or '?'} ", "bold")
        text.append(event.stage)
        if rate:
            text.append(f"  {rate:.1f} items/s", "dim")
        self._summary(text)

    @on(RunFinished)
    def _done(self, event: RunFinished) -> None:
        self.running = False
        self.refresh_bindings()
        if not event.ok:
            from workbench.screens.dialogs import ErrorDialog

            self._summary(Text(f"failed: {event.error}", style="bold red"))
            self.app.push_screen(ErrorDialog("The run failed", event.error or ""))
            return
        result = event.result
        text = Text()
        text.append("cancelled — " if result.cancelled else "done — ", "bold")
        text.append(f"{result.assessed} assessed, {result.queued} queued")
        if result.skipped:
            text.append(f", {result.skipped} already assessed")
        levels = ", ".join(f"{n} {level}" for level, n in result.by_level.items())
        if levels:
            text.append(f" ({levels})")
        text.append("  Escape returns to the queue.", "dim")
        self._summary(text)
        self.app.refresh_counts()  # type: ignore[attr-defined]

    def _summary(self, text: Text) -> None:
        self.query_one("#run-summary", Static).update(text)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Ctrl+X cancels only while a run goes; otherwise it stays the input's cut key.
        if action == "cancel":
            return self.running
        return True

    def action_cancel(self) -> None:
        if self.running:
            self._cancel.set()
            self._summary(Text("cancelling after the current batch…", style="italic yellow"))

    def action_back(self) -> None:
        self._cancel.set()  # a run left behind stops at its next batch
        self.app.pop_screen()
