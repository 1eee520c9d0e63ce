"""The Markdown report for people (the HTML one is in page.py)."""

from __future__ import annotations

from workbench.batch import BatchResult
from workbench.report.page import worst_first


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(result: BatchResult, gate: object = None, limit: int = 50) -> str:
    lines = [
        "# workbench report",
        "",
        f"{result.messages} templates from {result.files} files, "
        f"{len(result.assessments)} translations assessed.",
        "",
        "| target | low | medium | high |",
        "|---|---:|---:|---:|",
    ]
    for target, levels in result.summary().items():
        lines.append(f"| {target} | {levels['low']} | {levels['medium']} | {levels['high']} |")
    lines += [
        "",
        f"## Worst translations ({min(limit, len(result.assessments))} of "
        f"{len(result.assessments)}; the HTML report lists all)",
        "",
        "| level | score | template | target | top reason |",
        "|---|---:|---|---|---|",
    ]
    for a in worst_first(result.assessments)[:limit]:
        r = a.risk
        lines.append(
            f"| {r.level if r else ''} | {r.score if r else 0:.2f} | "
            f"{_md_cell(a.item.message.id)} | {a.item.target} | "
            f"{_md_cell(r.reasons[0] if r and r.reasons else '')} |"
        )
    if result.problems:
        lines += ["", "## Unreadable files", ""] + [f"- `{p}`" for p in result.problems]
    if result.skipped:
        lines += ["", "## Skipped units", ""] + [
            f"- {n} {why}" for why, n in result.skipped_by_reason().items()
        ]
    if result.checks_skipped():
        lines += ["", "## Checks not made", ""] + [
            f"- {target}: {', '.join(checks)}" for target, checks in result.checks_skipped().items()
        ]
    return "\n".join(lines) + "\n"
