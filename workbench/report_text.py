"""Human-readable terminal output for round trips (rich, with message text never as markup)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from workbench.models import Assessment

LEVEL_STYLE = {"low": "green", "medium": "yellow", "high": "bold red"}


def render_roundtrip(assessments: Sequence[Assessment], console: Console | None = None) -> None:
    console = console or Console(highlight=False)
    for a in assessments:
        item = a.item
        head = Text(f"{item.message.source_lang} → {item.target}", style="bold")
        if a.risk:
            head.append(f"   risk {a.risk.level} ({a.risk.score:.2f})", LEVEL_STYLE[a.risk.level])
        console.print(head)
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="dim", no_wrap=True)
        grid.add_column()
        grid.add_row("draft", Text(item.message.text))
        grid.add_row("translation", Text(item.translation or "—"))
        grid.add_row("back", Text(item.back_translation or "—"))
        mt = f"{item.forward or '—'} / {item.backward or '—'}"
        grid.add_row("engines", Text(mt))
        for what, why in a.unavailable.items():
            grid.add_row("unavailable", Text(f"{what}: {why}"))
        console.print(grid)
        for f in a.findings:
            line = Text(f"  [{f.severity}] ", style=_severity_style(f.severity))
            line.append(f"{f.rule_id}: ", style="bold")
            line.append(f.message)
            if f.suggestion:
                line.append(f"  → {f.suggestion}", style="cyan")
            console.print(line)
        if a.risk and a.risk.reasons:
            console.print(Text("  reasons: " + "; ".join(a.risk.reasons), style="dim"))
        console.print()


def _severity_style(severity: str) -> str:
    return {"error": "red", "warning": "yellow"}.get(severity, "blue")
