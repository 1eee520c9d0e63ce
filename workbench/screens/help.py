"""`?`: every key of the screen below, and the highlight colours."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from workbench.widgets.highlight import legend

ABOUT = (
    "Each queued message was round-tripped through machine translation and scored. "
    "Open one, read the draft, the translation and the back-translation with every finding "
    "highlighted, then approve, edit, reject or escalate it. Every decision is stored with "
    "your name."
)


def keys_table(screen: Screen) -> Table:
    """The bindings active on `screen` (its own, its focused widget's and the app's)."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold cyan", no_wrap=True)
    table.add_column()
    seen: set[str] = set()
    for active in screen.active_bindings.values():
        binding = active.binding
        # The screen's and the app's own keys; widget internals (scrolling, cursor) are obvious.
        if active.node not in (screen, screen.app) or binding.action in seen:
            continue
        if not binding.description:
            continue
        seen.add(binding.action)
        table.add_row(screen.app.get_key_display(binding), binding.tooltip or binding.description)
    return table


class HelpScreen(ModalScreen[None]):
    """A modal listing the keys of the screen it was opened from."""

    BINDINGS = [Binding("escape,question_mark,q", "close", "Close help")]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.under = under
        self.keys = keys_table(under)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            title = self.under.SUB_TITLE or self.under.__class__.__name__
            yield Static(Text(f"Keys — {title}", style="bold"))
            yield Static(self.keys)
            yield Static(Text(""))
            yield Static(legend())
            yield Static(Text(""))
            yield Static(Text(ABOUT, style="dim"))
            yield Static(
                Text("Ctrl+P opens the command palette; Escape closes this help.", style="dim")
            )

    def action_close(self) -> None:
        self.dismiss(None)
