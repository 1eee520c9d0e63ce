"""Small modal dialogs: ask for a line of text (a reason, a note), ask yes/no, show an error."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from workbench.terminal_text import visible


class TextPrompt(ModalScreen[str | None]):
    """Ask for one line of text; Enter returns it, Escape returns None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, placeholder: str = "", required: bool = True) -> None:
        super().__init__()
        self.title_text = title
        self.placeholder = placeholder
        self.required = required

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(Text(self.title_text), id="dialog-title")
            yield Input(placeholder=self.placeholder, id="dialog-input")
            yield Static(Text("Enter to confirm, Escape to cancel", style="dim"), id="dialog-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        if self.required and not value:
            self.notify("Please write something first.", severity="warning")
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(ModalScreen[bool]):
    """Ask before something that loses work or overrides the checks; only y says yes."""

    BINDINGS = [
        Binding("y", "yes", "Yes"),
        Binding("n,escape", "no", "No"),
    ]

    def __init__(self, question: str, yes: str, no: str, detail: str = "") -> None:
        super().__init__()
        self.question = question
        self.yes_label = yes
        self.no_label = no
        self.detail = detail

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(Text(self.question, style="bold"), id="dialog-title")
            if self.detail:
                yield Static(Text(visible(self.detail)))  # quotes findings: data, never markup
            hint = Text()
            hint.append("y", "bold")
            hint.append(f" {self.yes_label}    ")
            hint.append("n", "bold")
            hint.append(" or ")
            hint.append("Esc", "bold")
            hint.append(f" {self.no_label}")
            yield Static(hint, id="dialog-hint")

    def action_yes(self) -> None:
        self.dismiss(True)

    def action_no(self) -> None:
        self.dismiss(False)


class ErrorDialog(ModalScreen[None]):
    """A problem the reviewer must see (e.g. the database is busy); any key closes it."""

    BINDINGS = [Binding("escape,enter", "close", "Close")]

    def __init__(self, title: str, message: str) -> None:
        super().__init__()
        self.title_text = title
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(Text(self.title_text, style="bold red"), id="dialog-title")
            yield Static(Text(visible(self.message)))
            yield Static(Text("Enter or Escape to close", style="dim"), id="dialog-hint")

    def action_close(self) -> None:
        self.dismiss(None)
