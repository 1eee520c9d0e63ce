"""Scores of one assessment: risk and reasons, drift, register, engines, what was unavailable."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from workbench.models import Assessment, Decision
from workbench.widgets.highlight import level_text, visible


def _value(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


KEY_WIDTH = 9  # the label column, as wide as the longest fixed label ("sensitive")


def _grid() -> Table:
    table = Table.grid(padding=(0, 1))
    table.add_column(style="bold", no_wrap=True, min_width=KEY_WIDTH)
    table.add_column()
    return table


def reasons_grid(reasons: Sequence[str]) -> Table:
    """Risk reasons across the panel's full width, wrapped under their bullet (hanging indent)."""
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column()
    for reason in reasons:
        table.add_row(" •", Text(visible(reason)))
    return table


def scores_table(assessment: Assessment) -> Group:
    """The signals a reviewer weighs, most important first: risk, its reasons, then the rest.

    Reasons get the full width (not the value column), so a narrow panel still reads them in
    whole lines.
    """
    head = _grid()
    table = _grid()
    risk = assessment.risk
    head.add_row("risk", level_text(risk.level, risk.score) if risk else Text("not scored"))
    if risk and risk.sensitive:
        table.add_row("sensitive", Text(", ".join(risk.sensitive), style="bold magenta"))
    signals = dict(assessment.signals)
    # Drift and register first: they are what a reviewer looks at before anything else.
    for key in sorted(k for k in signals if "drift" in k):
        table.add_row(key, Text(_value(signals.pop(key))))
    detected, expected = (
        signals.pop("register_detected", None),
        signals.pop("register_expected", None),
    )
    if detected is not None or expected is not None:
        mismatch = (
            detected is not None and expected is not None and detected not in (expected, "neutral")
        )
        register = Text(str(detected or "?"), style="bold red" if mismatch else "green")
        register.append(f"  (expected {expected or '?'})", style="dim")
        table.add_row("register", register)
    for key in sorted(signals):
        table.add_row(key, Text(visible(_value(signals[key]))))
    item = assessment.item
    table.add_row("target", item.target)
    table.add_row("forward", str(item.forward) if item.forward else Text("—", style="dim"))
    table.add_row("backward", str(item.backward) if item.backward else Text("—", style="dim"))
    for what, why in assessment.unavailable.items():
        table.add_row(Text(what, style="dim"), Text("unavailable: " + visible(why), style="dim"))
    return Group(head, reasons_grid(risk.reasons if risk else ()), table)


def history_table(decisions: Sequence[Decision], limit: int = 8) -> Table:
    """The item's latest decisions, newest last: who did what, with their note."""
    table = Table.grid(padding=(0, 1))
    table.add_column(style="dim", no_wrap=True)
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for decision in list(decisions)[-limit:]:
        note = Text(decision.action)
        if decision.note and decision.action != "claim":  # a claim's note is only its expiry
            note.append(": " + visible(decision.note), "italic")
        table.add_row(decision.at[5:16].replace("T", " "), Text(visible(decision.reviewer)), note)
    return table


class ScoresPanel(Static):
    """Shows `scores_table` for the current assessment."""

    DEFAULT_CSS = """
    ScoresPanel {
        height: auto;
        padding: 0 1;
    }
    """

    def show(self, assessment: Assessment | None, decisions: Sequence[Decision] = ()) -> None:
        if assessment is None:
            self.update(Text("No scores yet.", style="dim"))
        elif not decisions:
            self.update(scores_table(assessment))
        else:
            heading = Text("\nHistory", style="bold underline")
            self.update(Group(scores_table(assessment), heading, history_table(decisions)))
