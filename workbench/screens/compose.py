"""Compose: write a new draft, round-trip it into several locales at once, then queue or approve."""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Label, ProgressBar, TextArea
from textual.worker import get_current_worker

from workbench.messages import RunFinished, RunProgress
from workbench.models import Assessment, Message
from workbench.widgets.findings import FindingsList
from workbench.widgets.highlight import HighlightedText, Legend, level_text, visible
from workbench.widgets.status import StatusBar


class ComposeScreen(Screen[None]):
    """An agent's scratch pad: every target is round-tripped in its own thread worker."""

    SUB_TITLE = "Compose"
    BINDINGS = [
        Binding("ctrl+r", "roundtrip", "Round trip"),
        Binding("ctrl+s", "submit", "Submit to queue"),
        Binding("ctrl+o", "approve", "Approve"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, draft: str = "") -> None:
        super().__init__()
        self.draft = draft
        self.results: dict[str, Assessment] = {}
        self.errors: dict[str, str] = {}
        self.generation = 0  # results of an older round trip are dropped
        self.pending = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield StatusBar()
        with VerticalScroll(id="compose-body"):
            with Vertical(id="compose-form"):
                yield Label("Draft reply (English) — Ctrl+R round-trips it into every target")
                yield TextArea(self.draft, id="draft", soft_wrap=True)
                with Horizontal(id="compose-row"):
                    yield Input(
                        ", ".join(self.app.service.config.targets),  # type: ignore[attr-defined]
                        placeholder="target locales: es-ES, de-DE, ja-JP",
                        id="targets",
                    )
                    yield ProgressBar(total=1, show_eta=False, id="progress")
            yield DataTable(id="results", cursor_type="row", zebra_stripes=True)
            yield Legend()
            with Horizontal(id="compose-detail"):
                with VerticalScroll(id="compose-texts"):
                    yield HighlightedText("source", id="c-source")
                    yield HighlightedText("translation", id="c-translation")
                    yield HighlightedText("back_translation", id="c-back")
                yield FindingsList(id="c-findings")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        table = self.query_one("#results", DataTable)
        table.add_columns("target", "risk", "drift", "findings", "top reason")
        self.query_one("#c-source", HighlightedText).border_title = "Draft as checked"
        self.query_one("#c-translation", HighlightedText).border_title = "Translation"
        self.query_one("#c-back", HighlightedText).border_title = "Back-translation"
        self.query_one("#c-findings", FindingsList).border_title = "Findings"
        self.query_one("#draft", TextArea).focus()
        self.app.update_status(self)  # type: ignore[attr-defined]

    def on_screen_resume(self) -> None:
        self.app.update_status(self)  # type: ignore[attr-defined]

    # -- round trip: one thread worker per target ------------------------------------------------
    def _targets(self) -> list[str]:
        raw = self.query_one("#targets", Input).value
        return [t.strip() for t in raw.replace(";", ",").split(",") if t.strip()]

    def action_roundtrip(self) -> None:
        text = self.query_one("#draft", TextArea).text
        targets = self._targets()
        if not text.strip():
            self.notify("Write a draft first.", severity="warning")
            return
        if not targets:
            self.notify("Name at least one target locale.", severity="warning")
            return
        self.workers.cancel_group(self, "compose")
        self.generation += 1
        self.results.clear()
        self.errors.clear()
        self.pending = len(targets)
        self.query_one("#results", DataTable).clear()
        self.query_one("#progress", ProgressBar).update(total=len(targets), progress=0)
        self.notify(f"Round-tripping into {len(targets)} locale(s)…", timeout=3)
        for target in targets:
            self.run_worker(
                partial(self._roundtrip_one, self.generation, text, target),
                thread=True,
                group="compose",
                exit_on_error=False,
            )

    def _roundtrip_one(self, generation: int, text: str, target: str) -> None:
        service = self.app.service  # type: ignore[attr-defined]
        try:
            # Each target has its own worker; they take turns inside the (not thread-safe) pipeline.
            result = self.app.with_pipeline(lambda: service.roundtrip(text, [target]))  # type: ignore[attr-defined]
            finished = RunFinished(f"roundtrip:{generation}:{target}", result=result)
        except Exception as exc:  # noqa: BLE001 - shown to the agent, never raised into the UI
            finished = RunFinished(
                f"roundtrip:{generation}:{target}", error=str(exc) or type(exc).__name__
            )
        if not get_current_worker().is_cancelled:
            self.post_message(finished)

    @on(RunFinished)
    def _finished(self, event: RunFinished) -> None:
        kind, _, rest = event.kind.partition(":")
        if kind == "submit":
            self._submitted(event)
            return
        generation, _, target = rest.partition(":")
        if kind != "roundtrip" or int(generation) != self.generation:
            return
        self.pending -= 1
        self.post_message(RunProgress(len(self._targets()) - self.pending, len(self._targets())))
        table = self.query_one("#results", DataTable)
        if not event.ok:
            self.errors[target] = event.error or ""
            table.add_row(
                Text(visible(target)),  # typed by the agent: never markup
                Text("error", "bold red"),
                "",
                "",
                Text(visible(event.error or "")),
                key=target,
            )
            self.notify(f"{target}: {event.error}", severity="error", timeout=8)
            return
        for assessment in event.result:
            self.results[assessment.item.target] = assessment
            risk = assessment.risk
            drift = assessment.signals.get("drift")
            table.add_row(
                Text(assessment.item.target),
                level_text(risk.level, risk.score) if risk else "—",
                f"{drift:.2f}" if isinstance(drift, (int, float)) else "—",
                str(len(assessment.findings)),
                Text(visible(risk.reasons[0]) if risk and risk.reasons else ""),
                key=assessment.item.target,
            )
        if table.row_count == 1:
            self._show(next(iter(self.results.values()), None))

    @on(RunProgress)
    def _progress(self, event: RunProgress) -> None:
        self.query_one("#progress", ProgressBar).update(total=event.total, progress=event.done)

    @on(DataTable.RowHighlighted, "#results")
    def _row(self, event: DataTable.RowHighlighted) -> None:
        target = event.row_key.value if event.row_key else None
        self._show(self.results.get(target or ""))

    def _show(self, assessment: Assessment | None) -> None:
        source = self.query_one("#c-source", HighlightedText)
        translation = self.query_one("#c-translation", HighlightedText)
        back = self.query_one("#c-back", HighlightedText)
        findings = self.query_one("#c-findings", FindingsList)
        if assessment is None:
            source.show(None)
            translation.show(None)
            back.show(None)
            findings.show([])
            return
        source.show(assessment.item.message.text, assessment.findings)
        translation.show(assessment.item.translation, assessment.findings)
        back.show(assessment.item.back_translation, assessment.findings)
        findings.show(assessment.findings)
        translation.border_title = f"Translation ({assessment.item.target})"

    @on(FindingsList.Selected)
    def _finding(self, event: FindingsList.Selected) -> None:
        for view in self.query(HighlightedText):
            view.select(event.finding)

    # -- submit / approve --------------------------------------------------------------------------
    def action_submit(self) -> None:
        self._submit(approve=False)

    def action_approve(self) -> None:
        self._submit(approve=True)

    def _submit(self, approve: bool) -> None:
        text = self.query_one("#draft", TextArea).text
        targets = self._targets()
        if not text.strip() or not targets:
            self.notify("Write a draft and name its targets first.", severity="warning")
            return
        stamp = self.app.service.now().strftime("%Y%m%d-%H%M%S")  # type: ignore[attr-defined]
        message = Message(id=f"compose-{stamp}", text=text)
        self.notify("Submitting…", timeout=3)
        self.run_worker(
            partial(self._submit_worker, message, targets, approve),
            thread=True,
            exclusive=True,
            group="compose-submit",
            exit_on_error=False,
        )

    def _submit_worker(self, message: Message, targets: list[str], approve: bool) -> None:
        app = self.app
        service = app.service  # type: ignore[attr-defined]
        reviewer = self.app.reviewer  # type: ignore[attr-defined]
        try:
            # Translations are cached, so submitting re-uses the round trip just shown.
            result = app.with_pipeline(lambda: service.submit([message], targets))  # type: ignore[attr-defined]
            approved = 0
            if approve:
                # Approve what the run queued for this draft; low-risk targets were never queued.
                for row in service.list_queue(template=message.id, limit=len(targets) + 10):
                    if service.claim(reviewer, row.id) is not None:
                        service.approve(row.id, reviewer, note="approved while composing")
                        approved += 1
            self.post_message(RunFinished("submit:", result=(result, approve, approved)))
        except Exception as exc:  # noqa: BLE001
            self.post_message(RunFinished("submit:", error=str(exc) or type(exc).__name__))

    def _submitted(self, event: RunFinished) -> None:
        if not event.ok:
            self.app.push_screen(_error("Could not submit", event.error or ""))
            return
        result, approve, approved = event.result
        if approve:
            reviewer = self.app.reviewer  # type: ignore[attr-defined]
            self.notify(
                f"Stored {result.assessed} assessment(s); "
                f"approved {approved} queued one(s) as {reviewer}."
            )
        else:
            self.notify(
                f"Stored {result.assessed} assessment(s); {result.queued} queued for review."
            )
        self.app.refresh_counts()  # type: ignore[attr-defined]

    def action_back(self) -> None:
        self.workers.cancel_group(self, "compose")
        self.app.pop_screen()


def _error(title: str, message: str):  # noqa: ANN202
    from workbench.screens.dialogs import ErrorDialog

    return ErrorDialog(title, message)
