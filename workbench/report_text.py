"""Human-readable terminal output for round trips (rich, with message text never as markup)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from workbench.models import Assessment, Finding
from workbench.terminal_text import visible, visible_line

LEVEL_STYLE = {"low": "green", "medium": "yellow", "high": "bold red"}
SEVERITY_STYLE = {"error": "red", "warning": "yellow", "info": "blue"}
EXCERPT = 40  # characters of the flagged text shown next to a finding


def render_roundtrip(assessments: Sequence[Assessment], console: Console | None = None) -> None:
    """One block per target: the texts, engines, signals, findings, what could not be computed."""
    console = console or Console(highlight=False)
    for a in assessments:
        item = a.item
        head = Text(f"{item.message.source_lang} → {item.target}", style="bold")
        if a.risk:
            head.append(f"   risk {a.risk.level} ({a.risk.score:.2f})", LEVEL_STYLE[a.risk.level])
        if item.translation is None:
            head.append("   not translated", "bold red")
        console.print(head)

        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="dim", no_wrap=True)
        grid.add_column(overflow="fold")
        grid.add_row("draft", Text(visible(item.message.text)))
        grid.add_row("translation", Text(_shown(item.translation)))
        grid.add_row("back", Text(_shown(item.back_translation)))
        grid.add_row("engines", Text(f"→ {item.forward or '—'}\n← {item.backward or '—'}"))
        if a.signals:
            grid.add_row("signals", Text(_signals(a.signals)))
        console.print(grid)

        for f in a.findings:
            console.print(_finding_line(f, item.text_of(f.field)))
        if a.unavailable:
            console.print(Text("  not computed:", style="dim"))
            for what, why in a.unavailable.items():
                line = Text(f"    {what}: ", style="bold dim")
                line.append(visible_line(why), style="dim")
                console.print(line)
        if a.risk and a.risk.reasons:
            console.print(
                Text(visible_line("  reasons: " + "; ".join(a.risk.reasons)), style="dim")
            )
        console.print()


def _shown(text: str | None) -> str:
    return visible(text) if text is not None else "—"


def _signals(signals: dict[str, Any]) -> str:
    parts = []
    for name, value in signals.items():
        if isinstance(value, float):
            parts.append(f"{name} {value:.2f}")
        elif isinstance(value, (int, str, bool)) or value is None:
            parts.append(f"{name} {value}")
    return " · ".join(parts)


def _finding_line(f: Finding, text: str | None) -> Text:
    line = Text(f"  [{f.severity}] ", style=SEVERITY_STYLE.get(f.severity, "blue"))
    line.append(f"{f.rule_id}", style="bold")
    start, end = f.span
    if text and 0 <= start < end <= len(text):
        excerpt = visible_line(text[start:end].replace("\n", " "))
        if len(excerpt) > EXCERPT:
            excerpt = excerpt[: EXCERPT - 1] + "…"
        line.append(f' ({f.field} "{excerpt}")', style="dim")
    elif f.field != "source":
        line.append(f" ({f.field})", style="dim")
    line.append(f": {visible_line(f.message)}")
    if f.suggestion:
        line.append(f"  → {visible_line(f.suggestion)}", style="cyan")
    return line


def render_summary(result, console: Console | None = None, worst: int = 10) -> None:  # type: ignore[no-untyped-def]
    """Per-language level counts and the worst translations, for `workbench score`."""
    console = console or Console(highlight=False)
    table = Table(
        title=f"{result.messages} templates · {len(result.assessments)} translations "
        f"· {result.seconds:.1f}s"
    )
    for column in ("target", "low", "medium", "high"):
        table.add_column(column, justify="right" if column != "target" else "left")
    for target, levels in result.summary().items():
        table.add_row(
            target,
            str(levels["low"]),
            Text(str(levels["medium"]), LEVEL_STYLE["medium"]),
            Text(str(levels["high"]), LEVEL_STYLE["high"]),
        )
    console.print(table)
    ranked = sorted(result.assessments, key=lambda a: -(a.risk.score if a.risk else 0))[:worst]
    if ranked:
        top = Table(title="worst translations")
        for column in ("level", "score", "template", "target", "top reason"):
            top.add_column(column)
        for a in ranked:
            r = a.risk
            top.add_row(
                Text(r.level, LEVEL_STYLE[r.level]) if r else Text(""),
                f"{r.score:.2f}" if r else "",
                Text(visible_line(a.item.message.id)),
                a.item.target,
                Text(visible_line(r.reasons[0]) if r and r.reasons else ""),
            )
        console.print(top)
    for problem in result.problems:
        console.print(Text(visible_line(f"unreadable: {problem}"), style="red"))
    if result.skipped:
        reasons = ", ".join(f"{n} {why}" for why, n in result.skipped_by_reason().items())
        console.print(Text(f"skipped {len(result.skipped)} units: {reasons}", style="yellow"))
    for target, checks in result.checks_skipped().items():
        console.print(Text(f"{target}: not checked: {', '.join(checks)}", style="dim"))
