"""Review one queued item: texts with findings in place, scores, edits rescored live, decisions."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.events import Resize
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, Static, TextArea
from textual.worker import get_current_worker

from workbench.errors import WorkbenchError
from workbench.messages import RunFinished
from workbench.models import Assessment, Finding, ReviewItem
from workbench.widgets.findings import FindingsList
from workbench.widgets.highlight import HighlightedText, Legend, level_text, visible
from workbench.widgets.scores import ScoresPanel
from workbench.widgets.status import StatusBar

NARROW = 120  # below this many columns the three texts stack instead of sitting side by side
RESCORE_DELAY = 0.6  # seconds of quiet typing before an edited translation is rescored
RETRANSLATE_DELAY = 1.2  # the round trip is slower, so wait a little longer


class ReviewScreen(Screen[None]):
    """One item at a time; `ids` is the queue order so next/previous walk it."""

    SUB_TITLE = "Review"
    BINDINGS = [
        Binding("a", "approve", "Approve"),
        Binding(
            "e",
            "edit_translation",
            "Edit",
            tooltip="Edit the translation; it is rescored as you type",
        ),
        Binding("d", "edit_draft", "Draft", tooltip="Edit the draft and re-run the round trip"),
        Binding(
            "s",
            "apply_suggestion",
            "Fix",
            tooltip="Apply the selected finding's rewrite to the draft",
        ),
        Binding("r", "reject", "Reject"),
        Binding("u", "escalate", "Escalate"),
        Binding("n", "note", "Note"),
        Binding("j", "next", "Next"),
        Binding("k", "previous", "Prev"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, ids: list[int], index: int = 0, complete: bool = True) -> None:
        super().__init__()
        self.ids = ids
        self.index = index
        self.complete = complete  # False: `ids` is only the part of the queue loaded so far
        self.item: ReviewItem | None = None
        self.current: Assessment | None = None  # what is shown: stored, rescored or re-run
        self.claimed = False  # this reviewer holds the claim on the open item
        self.decided = False
        self.revision: Assessment | None = None  # from re-running an edited draft: saved first
        self.baseline_translation: str | None = None  # the translation an edit is compared with
        self.edited_translation: str | None = None
        self.busy: str | None = None  # what is loading, shown in the title line
        self._timer: Timer | None = None
        self._pending: Callable[[], None] | None = None  # what the debounce timer will run
        self._generation = 0  # results for an older text are dropped

    # -- layout ---------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header()
        yield StatusBar()
        yield Static(id="item-title")
        with Horizontal(id="texts"):
            with VerticalScroll(id="p-source", classes="text-panel"):
                yield HighlightedText("source", id="v-source")
                yield TextArea(id="e-source", soft_wrap=True, classes="editor")
            with VerticalScroll(id="p-translation", classes="text-panel"):
                yield HighlightedText("translation", id="v-translation")
                yield TextArea(id="e-translation", soft_wrap=True, classes="editor")
            with VerticalScroll(id="p-back", classes="text-panel"):
                yield HighlightedText("back_translation", id="v-back")
        yield Legend()
        with Horizontal(id="details"):
            yield FindingsList(id="findings")
            with VerticalScroll(id="p-scores"):
                yield ScoresPanel(id="scores")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#p-source").border_title = "Draft"
        self.query_one("#p-translation").border_title = "Translation"
        self.query_one("#p-back").border_title = "Back-translation"
        self.query_one("#findings").border_title = "Findings"
        self.query_one("#p-scores").border_title = "Scores"
        for editor in self.query(TextArea):
            editor.display = False
        self._layout(self.app.size.width)
        self.app.update_status(self)  # type: ignore[attr-defined]
        self.open_item(self.ids[self.index])

    def on_resize(self, event: Resize) -> None:
        self._layout(event.size.width)

    def _layout(self, width: int) -> None:
        self.set_class(width < NARROW, "narrow")

    @property
    def item_id(self) -> int:
        return self.ids[self.index]

    @property
    def reviewer(self) -> str:
        return self.app.reviewer  # type: ignore[attr-defined]

    # -- running service calls off the UI thread -----------------------------------------------
    def call(
        self, kind: str, fn: Callable[[], Any], busy: str, exclusive_group: str | None = None
    ) -> None:
        """Run `fn` in a thread worker; its result comes back as RunFinished(kind)."""
        self.busy = busy
        self._title()
        generation = self._generation

        def job() -> None:
            try:
                finished = RunFinished(kind, result=(generation, fn()))
            except Exception as exc:  # noqa: BLE001 - any failure becomes a notification
                finished = RunFinished(
                    kind, result=(generation, None), error=str(exc) or type(exc).__name__
                )
            if not get_current_worker().is_cancelled:
                self.post_message(finished)

        self.run_worker(
            job,
            thread=True,
            group=exclusive_group or kind,
            exclusive=exclusive_group is not None,
            exit_on_error=False,
        )

    @on(RunFinished)
    def _finished(self, event: RunFinished) -> None:
        generation, result = event.result
        if generation != self._generation and event.kind not in ("release",):
            return  # belongs to an item we already left
        self.busy = None
        if not event.ok:
            self.app.notify(f"{event.kind} failed: {event.error}", severity="error", timeout=8)
            self._title()
            return
        handler = getattr(self, f"_done_{event.kind}", None)
        if handler:
            handler(result)
        self._title()

    # -- opening, claiming, releasing ----------------------------------------------------------
    def open_item(self, item_id: int) -> None:
        self._generation += 1
        self.item = None
        self.current = None
        self.claimed = self.decided = False
        self.revision = None
        self.edited_translation = None
        if self._timer is not None:  # edits of the item we left are dropped, not rescored
            self._timer.stop()
            self._timer = None
        self._pending = None
        self._close_editors()
        service = self.app.service  # type: ignore[attr-defined]
        reviewer = self.reviewer

        def load() -> tuple[ReviewItem, str | None]:
            try:
                claimed = service.claim(reviewer, item_id)
            except WorkbenchError as exc:  # claimed by someone else, or already decided
                return service.get_item(item_id), str(exc)
            if claimed is None:
                return service.get_item(item_id), f"item {item_id} cannot be claimed"
            return claimed, None

        self.call("open", load, "opening…")

    def _done_open(self, result: tuple[ReviewItem, str | None]) -> None:
        self.item, why_not = result
        self.claimed = why_not is None
        self.current = self.item.assessment
        self.baseline_translation = self.current.item.translation
        self._render_all()
        self.app.refresh_counts()  # type: ignore[attr-defined]
        if why_not:
            self.app.notify(f"Read-only: {why_not}.", severity="warning")

    def _release(self) -> None:
        """Hand the claim back when leaving without a decision."""
        if not (self.claimed and not self.decided):
            return
        self.claimed = False
        service, item_id, reviewer = self.app.service, self.item_id, self.reviewer  # type: ignore[attr-defined]
        self.call("release", lambda: service.release(item_id, reviewer), "releasing…")

    def release_now(self) -> None:
        """Release synchronously (the app is quitting, so no worker would finish)."""
        if self.claimed and not self.decided:
            self.claimed = False
            # Quitting anyway: if this fails, the claim simply expires after review.claim_minutes.
            with contextlib.suppress(Exception):
                self.app.service.release(self.item_id, self.reviewer)  # type: ignore[attr-defined]

    def _done_release(self, _: object) -> None:
        self.app.refresh_counts()  # type: ignore[attr-defined]

    def _go(self, index: int) -> None:
        if not (0 <= index < len(self.ids)):
            if self.complete or index < 0:
                self.app.notify("No more items in this direction.", timeout=3)
            else:
                self.app.notify("No more loaded items: the queue loads more as you scroll.")
            return

        def go() -> None:
            self._release()
            self.index = index
            self.open_item(self.item_id)

        self._leave(go)

    def unsaved(self) -> str | None:
        """What leaving this item undecided would throw away, or None."""
        if not self.claimed or self.decided or self.current is None:
            return None
        if self.revision is not None:
            return "the re-run draft"
        draft = self.query_one("#e-source", TextArea)
        if draft.display and draft.text != self.current.item.message.text:
            return "the draft edit"
        editor = self.query_one("#e-translation", TextArea)
        edited = editor.text if editor.display else self.edited_translation
        if edited is not None and edited != self.baseline_translation:
            return "the translation edit"
        return None

    def _leave(self, then: Callable[[], None]) -> None:
        """Run `then` (which leaves the item), first asking if an edit would be lost."""
        lost = self.unsaved()
        if lost is None:
            then()
            return
        from workbench.screens.dialogs import ConfirmDialog

        def answered(discard: bool | None) -> None:
            if discard:
                then()
            else:
                self.resume_editing()

        self.app.push_screen(
            ConfirmDialog(
                f"Discard {lost} of #{self.item_id}?",
                yes="discard it and move on",
                no="keep editing",
                detail="Nothing is saved until you decide (a approves the edit).",
            ),
            answered,
        )

    def resume_editing(self) -> None:
        """Reopen the editor holding the unsaved edit (after "keep editing" in a question)."""
        if self._editing():
            return
        if self.edited_translation is not None:
            self._open_editor("translation", self.edited_translation)
        elif self.current is not None:
            self._open_editor("source", self.current.item.message.text)

    def action_next(self) -> None:
        self._go(self.index + 1)

    def action_previous(self) -> None:
        self._go(self.index - 1)

    def action_back(self) -> None:
        if self._editing():
            self._close_editors()
            return

        def back() -> None:
            self._release()
            self.app.pop_screen()

        self._leave(back)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # In an editor letters are text: the footer offers only Esc, which closes the editor.
        return action == "back" or not self._editing()

    # -- rendering ------------------------------------------------------------------------------
    def _title(self) -> None:
        text = Text()
        if self.item is None or self.current is None:
            text.append(f"#{self.item_id}  ", "bold")
            text.append(self.busy or "", "italic yellow")
            self.query_one("#item-title", Static).update(text)
            return
        item = self.current.item
        risk = self.current.risk
        text.append(f"#{self.item.id} ", "bold")
        text.append(visible(item.message.id))
        text.append(f"  {item.target}  ")
        text.append_text(level_text(risk.level, risk.score) if risk else Text("unscored"))
        if self.claimed:
            text.append("  claimed by you", "cyan")
        elif self.item.claimed_by and self.item.status == "claimed":
            text.append(f"  claimed by {visible(self.item.claimed_by)}", "magenta")
        else:
            text.append(f"  {self.item.status}", "cyan")
        if self.translation_changed():
            text.append("  translation edited", "bold yellow")
        if self.revision is not None:
            text.append("  draft re-run", "bold yellow")
        text.append(f"  {self.position()}", "dim")
        if self._editing():
            text.append("  editing: Esc to finish", "bold")
        if self.busy:
            text.append(f"  {self.busy}", "italic yellow")
        self.query_one("#item-title", Static).update(text)

    def position(self) -> str:
        """Where this item is in the list the queue handed over, e.g. "3 of 200 loaded"."""
        return f"{self.index + 1} of {len(self.ids)}{'' if self.complete else ' loaded'}"

    def _render_all(self) -> None:
        assessment = self.current
        if assessment is None:
            return
        item = assessment.item
        self.query_one("#v-source", HighlightedText).show(item.message.text, assessment.findings)
        self.query_one("#v-translation", HighlightedText).show(
            item.translation, assessment.findings, missing="(no translation: engine unavailable)"
        )
        self.query_one("#v-back", HighlightedText).show(
            item.back_translation, assessment.findings, missing="(no back-translation)"
        )
        self.query_one("#p-translation").border_title = f"Translation ({item.target})"
        self.query_one("#findings", FindingsList).show(assessment.findings)
        decisions = self.item.decisions if self.item is not None else ()
        self.query_one("#scores", ScoresPanel).show(assessment, decisions)
        self._title()

    @on(FindingsList.Selected)
    def _jump(self, event: FindingsList.Selected) -> None:
        """Emphasise the finding's span and scroll its panel to it."""
        finding = event.finding
        for view in self.query(HighlightedText):
            view.select(finding)
        if finding is None:
            return
        panel_id = {"source": "#p-source", "translation": "#p-translation"}.get(
            finding.field, "#p-back"
        )
        view = self.query_one(panel_id.replace("#p-", "#v-"), HighlightedText)
        line = view.text_value.count("\n", 0, finding.span[0])
        self.query_one(panel_id, VerticalScroll).scroll_to(y=max(0, line - 1), animate=False)

    # -- editing --------------------------------------------------------------------------------
    def _editing(self) -> bool:
        return any(editor.display for editor in self.query(TextArea))

    def _close_editors(self) -> None:
        for name in ("source", "translation"):
            self.query_one(f"#e-{name}", TextArea).display = False
            self.query_one(f"#v-{name}", HighlightedText).display = True
        self._flush()
        if self.current is not None:
            self._render_all()
        self.query_one("#findings", FindingsList).focus()

    def _flush(self) -> None:
        """Run a debounced rescore/re-run now, so closing the editor never loses the last keys."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
            if self._pending is not None:
                pending, self._pending = self._pending, None
                pending()

    def _open_editor(self, name: str, text: str) -> None:
        self._close_editors()
        editor = self.query_one(f"#e-{name}", TextArea)
        editor.load_text(text)
        self.query_one(f"#v-{name}", HighlightedText).display = False
        editor.display = True
        editor.focus()
        self._title()

    def _can_decide(self) -> bool:
        if self.current is None or self.item is None:
            self.app.notify("Still loading…", timeout=2)
            return False
        if not self.claimed:
            self.app.notify(
                "Read-only: you do not hold the claim on this item.", severity="warning"
            )
            return False
        return True

    def translation_changed(self) -> bool:
        """The reviewer's translation differs from the one the item came with (opening the
        editor, or typing and undoing, is not an edit)."""
        return (
            self.edited_translation is not None
            and self.edited_translation != self.baseline_translation
        )

    def action_edit_translation(self) -> None:
        if not self._can_decide():
            return
        self._open_editor("translation", self.current.item.translation or "")  # type: ignore[union-attr]

    def action_edit_draft(self) -> None:
        if not self._can_decide():
            return
        self._open_editor("source", self.current.item.message.text)  # type: ignore[union-attr]

    @on(TextArea.Changed)
    def _edited(self, event: TextArea.Changed) -> None:
        if not event.text_area.display or not event.text_area.has_focus:
            return  # load_text() also posts Changed
        if self._timer is not None:
            self._timer.stop()
        if event.text_area.id == "e-translation":
            self.edited_translation = event.text_area.text  # approve uses it even before rescoring
            self._pending, delay = self._rescore, RESCORE_DELAY
        else:
            self._pending, delay = self._retranslate, RETRANSLATE_DELAY
        self._timer = self.set_timer(delay, self._fire)
        self._title()

    def _fire(self) -> None:
        self._timer = None
        if self._pending is not None:
            pending, self._pending = self._pending, None
            pending()

    def _rescore(self) -> None:
        text = self.query_one("#e-translation", TextArea).text
        service, item_id = self.app.service, self.item_id  # type: ignore[attr-defined]
        pipeline = self.app.with_pipeline  # type: ignore[attr-defined]
        self.call(
            "rescore",
            lambda: (text, pipeline(lambda: service.rescore(item_id, text))),
            "rescoring…",
            "rescore",
        )

    def _done_rescore(self, result: tuple[str, Assessment]) -> None:
        _, assessment = result
        self.current = assessment
        self._render_all()

    def _retranslate(self, draft: str | None = None) -> None:
        if draft is None:
            draft = self.query_one("#e-source", TextArea).text
        service, item_id = self.app.service, self.item_id  # type: ignore[attr-defined]
        self.call(
            "retranslate",
            lambda: self.app.with_pipeline(lambda: service.retranslate(item_id, draft)),  # type: ignore[attr-defined]
            "re-running the round trip…",
            "retranslate",
        )

    def _done_retranslate(self, assessment: Assessment) -> None:
        self.current = self.revision = assessment
        self.baseline_translation = assessment.item.translation
        self.edited_translation = None  # a fresh translation replaces any hand edit
        self._render_all()

    def action_apply_suggestion(self) -> None:
        if not self._can_decide():
            return
        finding: Finding | None = self.query_one("#findings", FindingsList).current
        if finding is None or not finding.suggestion:
            self.app.notify("Select a finding with a suggested rewrite first.", severity="warning")
            return
        if finding.field != "source":
            self.app.notify("Only suggestions for the draft can be applied.", severity="warning")
            return
        draft = self.current.item.message.text  # type: ignore[union-attr]
        start, end = finding.span
        new_draft = draft[:start] + finding.suggestion + draft[end:]
        self._close_editors()
        self.query_one("#v-source", HighlightedText).show(new_draft, ())
        self._retranslate(new_draft)

    # -- decisions ------------------------------------------------------------------------------
    def _decide(self, kind: str, fn: Callable[[Any, int, str], Any], busy: str) -> None:
        service, item_id, reviewer = self.app.service, self.item_id, self.reviewer  # type: ignore[attr-defined]
        revision = self.revision

        def run() -> Any:
            if revision is not None:  # the draft was re-run: keep that assessment in the history
                service.save_revision(item_id, reviewer, revision)
            # approve rescores an edited translation, so decisions take the pipeline turn too
            return self.app.with_pipeline(lambda: fn(service, item_id, reviewer))  # type: ignore[attr-defined]

        self.call(kind, run, busy)

    def action_approve(self) -> None:
        if not self._can_decide():
            return
        assessment = self.current
        errors = [f for f in assessment.findings if f.severity == "error"]  # type: ignore[union-attr]
        if assessment.risk is None or assessment.risk.level != "high" or not errors:  # type: ignore[union-attr]
            self._approve()
            return
        from workbench.screens.dialogs import ConfirmDialog

        shown = "\n".join(f"• {visible(f.message)}" for f in errors[:3])
        more = f"\n… and {len(errors) - 3} more" if len(errors) > 3 else ""
        self.app.push_screen(
            ConfirmDialog(
                f"Approve #{self.item_id} despite {len(errors)} error(s)?",
                yes="approve anyway",
                no="go back",
                detail=shown + more,
            ),
            lambda approve: self._approve() if approve else None,
        )

    def _approve(self) -> None:
        editor = self.query_one("#e-translation", TextArea)
        edited = editor.text if editor.display else self.edited_translation
        if edited is not None and edited == self.baseline_translation:
            edited = None  # opened the editor but changed nothing: a plain approval
        self._decide(
            "approve", lambda s, i, r: s.approve(i, r, edited_translation=edited), "approving…"
        )

    def action_reject(self) -> None:
        self._ask("reject", "Reject — why? (the reason is stored with your name)")

    def action_escalate(self) -> None:
        self._ask("escalate", "Escalate — what should a senior reviewer look at?")

    def action_note(self) -> None:
        self._ask("note", "Add a note to this item")

    def _ask(self, kind: str, title: str) -> None:
        if not self._can_decide():
            return
        from workbench.screens.dialogs import TextPrompt

        def answered(text: str | None) -> None:
            if not text:
                return
            if kind == "note":
                service, item_id, reviewer = self.app.service, self.item_id, self.reviewer  # type: ignore[attr-defined]
                self.call("note", lambda: service.note(item_id, reviewer, text), "saving note…")
            elif kind == "reject":
                self._decide("reject", lambda s, i, r: s.reject(i, r, text), "rejecting…")
            else:
                self._decide("escalate", lambda s, i, r: s.escalate(i, r, text), "escalating…")

        self.app.push_screen(TextPrompt(title), answered)

    def _decided(self, verb: str) -> None:
        self.decided = True
        self.claimed = False
        self.app.notify(f"{verb} #{self.item_id} as {self.reviewer}.")
        self.app.refresh_counts()  # type: ignore[attr-defined]
        if self.index + 1 < len(self.ids):
            self.index += 1
            self.open_item(self.item_id)
        else:
            last = "list" if self.complete else "part loaded; the queue shows the rest"
            self.app.notify(f"That was the last item in this {last}.", timeout=4)
            self.app.pop_screen()

    def _done_approve(self, _: object) -> None:
        self._decided("Approved")

    def _done_reject(self, _: object) -> None:
        self._decided("Rejected")

    def _done_escalate(self, _: object) -> None:
        self._decided("Escalated")

    def _done_note(self, _: object) -> None:
        self.app.notify("Note saved.", timeout=3)
