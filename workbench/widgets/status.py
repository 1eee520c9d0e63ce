"""One-line bar under the header: database, reviewer and queue counts."""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual.widgets import Static

from workbench.terminal_text import visible_line

# The counts worth a glance, in this order (the service also returns per-status totals).
SHOWN = ("open", "high", "medium", "low", "claimed", "escalated", "approved", "rejected")


class StatusBar(Static):
    """Database · reviewer · counts per status; the app updates it after every change."""

    DEFAULT_CSS = """
    StatusBar {
        height: 1;
        padding: 0 1;
        background: $panel;
        color: $text;
    }
    """

    def show(self, database: str, reviewer: str, counts: Mapping[str, int] | None) -> None:
        self.update(status_text(database, reviewer, counts))


def status_text(database: str, reviewer: str, counts: Mapping[str, int] | None) -> Text:
    """The bar's line; the path and the name are shown inert (an older database may hold any)."""
    out = Text()
    out.append("db ", "dim")
    out.append(visible_line(database))
    out.append("  reviewer ", "dim")
    out.append(visible_line(reviewer), "bold")
    if counts is None:
        out.append("  counting…", "dim italic")
    else:
        for name in SHOWN:
            number = counts.get(name, 0)
            if number or name == "open":  # zero counts are noise, except an empty queue
                out.append("  ")
                out.append(str(number), "bold")
                out.append(f" {name}", "dim")
    return out
