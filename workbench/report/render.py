"""One entry point: render(format, batch result, gate result) -> text."""

from __future__ import annotations

from collections.abc import Callable

from workbench.batch import BatchResult
from workbench.errors import UsageError
from workbench.gate import GateResult
from workbench.report import ci, machine, page, people

SCORE_FORMATS: dict[str, Callable[..., str]] = {
    "json": machine.to_json,
    "jsonl": machine.to_jsonl,
    "csv": machine.to_csv,
    "md": people.to_markdown,
    "html": page.to_html,
}
CHECK_FORMATS: dict[str, Callable[..., str]] = {
    "text": ci.to_text,
    "github": ci.to_github,
    "junit": ci.to_junit,
    "sarif": ci.to_sarif,
    "json": machine.to_json,
}


def render(fmt: str, result: BatchResult, gate: GateResult | None = None) -> str:
    table = CHECK_FORMATS if gate is not None else SCORE_FORMATS
    if fmt not in table:
        raise UsageError(f"unknown format {fmt!r}; choose one of {', '.join(table)}")
    return table[fmt](result, gate)
