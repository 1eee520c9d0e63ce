"""Reports for people: Markdown and one self-contained HTML file."""

from __future__ import annotations

import html
from collections.abc import Sequence

from workbench import __version__
from workbench.batch import BatchResult
from workbench.models import Assessment
from workbench.report.highlight import CATEGORIES, category, runs

LEVEL_COLOUR = {"low": "#2e7d32", "medium": "#f9a825", "high": "#c62828"}


def _worst_first(assessments: Sequence[Assessment]) -> list[Assessment]:
    return sorted(
        assessments,
        key=lambda a: (
            -(a.risk.score if a.risk else 0.0)
            - ({"high": 2, "medium": 1}.get(a.risk.level, 0) if a.risk else 0)
        ),
    )


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
        "## Worst translations",
        "",
        "| level | score | template | target | top reason |",
        "|---|---:|---|---|---|",
    ]
    for a in _worst_first(result.assessments)[:limit]:
        r = a.risk
        lines.append(
            f"| {r.level if r else ''} | {r.score if r else 0:.2f} | "
            f"{_md_cell(a.item.message.id)} | {a.item.target} | "
            f"{_md_cell(r.reasons[0] if r and r.reasons else '')} |"
        )
    if result.problems:
        lines += ["", "## Unreadable files", ""] + [f"- `{p}`" for p in result.problems]
    return "\n".join(lines) + "\n"


def _highlighted(text: str | None, assessment: Assessment, field: str) -> str:
    if text is None:
        return '<span class="none">—</span>'
    findings = [f for f in assessment.findings if f.field == field]
    parts = []
    for segment, finding in runs(text, findings):
        if finding is None:
            parts.append(html.escape(segment))
        else:
            tip = finding.message + (f" → {finding.suggestion}" if finding.suggestion else "")
            parts.append(
                f'<mark class="c-{category(finding.rule_id)}" title="{html.escape(tip)}">'
                f"{html.escape(segment)}</mark>"
            )
    return "".join(parts)


def _chart(summary: dict[str, dict[str, int]]) -> str:
    """Stacked horizontal bars of risk levels per target, as inline SVG."""
    width, bar, gap, label = 560, 22, 10, 80
    height = max(1, len(summary)) * (bar + gap) + 24
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width + label + 60}" height="{height}" '
        'role="img" aria-label="risk distribution per target">'
    ]
    for row, (target, levels) in enumerate(summary.items()):
        total = sum(levels.values()) or 1
        y = row * (bar + gap)
        parts.append(f'<text x="0" y="{y + 16}" font-size="13">{html.escape(target)}</text>')
        x = float(label)
        for level in ("low", "medium", "high"):
            w = width * levels[level] / total
            if w:
                parts.append(
                    f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar}" '
                    f'fill="{LEVEL_COLOUR[level]}"><title>{level}: {levels[level]}</title></rect>'
                )
                if w > 24:
                    parts.append(
                        f'<text x="{x + 4:.1f}" y="{y + 16}" font-size="12" fill="#fff">'
                        f"{levels[level]}</text>"
                    )
            x += w
    legend_y = len(summary) * (bar + gap) + 14
    for i, level in enumerate(("low", "medium", "high")):
        parts.append(
            f'<rect x="{label + i * 90}" y="{legend_y - 10}" width="12" height="12" '
            f'fill="{LEVEL_COLOUR[level]}"/><text x="{label + i * 90 + 16}" y="{legend_y}" '
            f'font-size="12">{level}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


CSS = """
body{font-family:system-ui,sans-serif;margin:2rem;max-width:1100px;color:#222}
h1{margin-bottom:0}.meta{color:#666}
table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #ddd;padding:.4rem;vertical-align:top;text-align:left}
.lvl{font-weight:bold;color:#fff;border-radius:3px;padding:0 .4rem}
.low{background:#2e7d32}.medium{background:#f9a825}.high{background:#c62828}
.texts td:first-child{color:#666;width:8rem}.none{color:#999}
mark{border-radius:2px;padding:0 1px}
.c-idioms{background:#ffe0b2}.c-acronyms{background:#e1bee7}.c-formality{background:#ffcdd2}
.c-drift,.c-meaning{background:#bbdefb}.c-placeholders,.c-numbers,.c-links,.c-tags{background:#c8e6c9}
.c-policy{background:#fff59d}.c-terms{background:#d7ccc8}.c-language{background:#b2ebf2}.c-other{background:#eee}
details{margin:.6rem 0;border:1px solid #ddd;border-radius:4px;padding:.4rem .8rem}
summary{cursor:pointer}
"""


def to_html(result: BatchResult, gate: object = None, limit: int = 300) -> str:
    esc = html.escape
    worst = _worst_first(result.assessments)[:limit]
    legend = " ".join(f'<mark class="c-{c}">{c}</mark>' for c in CATEGORIES)
    items = []
    for a in worst:
        r = a.risk
        level = r.level if r else "low"
        reasons = "".join(f"<li>{esc(x)}</li>" for x in (r.reasons if r else ()))
        findings = "".join(
            f"<tr><td>{esc(f.rule_id)}</td><td>{esc(f.field)}</td><td>{esc(f.message)}</td>"
            f"<td>{esc(f.suggestion or '')}</td></tr>"
            for f in a.findings
        )
        opened = " open" if level == "high" else ""
        texts = "".join(
            f"<tr><td>{label}</td><td>{_highlighted(text, a, field)}</td></tr>"
            for label, text, field in (
                ("draft", a.item.message.text, "source"),
                ("translation", a.item.translation, "translation"),
                ("back", a.item.back_translation, "back_translation"),
            )
        )
        table = (
            "<table><tr><th>rule</th><th>in</th><th>finding</th><th>suggestion</th></tr>"
            f"{findings}</table>"
            if findings
            else ""
        )
        items.append(
            f'<details{opened}><summary><span class="lvl {level}">{level}</span> '
            f"{r.score if r else 0:.2f} · <b>{esc(a.item.message.id)}</b> → {esc(a.item.target)} · "
            f"{esc(r.reasons[0] if r and r.reasons else '')}</summary>"
            f'<table class="texts">{texts}</table><ul>{reasons}</ul>{table}</details>'
        )
    problems = "".join(f"<li>{esc(str(p))}</li>" for p in result.problems)
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>workbench report</title><style>{CSS}</style></head><body>"
        f'<h1>workbench report</h1><p class="meta">{result.messages} templates, '
        f"{len(result.assessments)} translations · workbench {esc(__version__)} · "
        f"{esc(', '.join(f'{k}: {v}' for k, v in result.signature.get('mt', {}).items()))}</p>"
        f"<h2>Risk per target</h2>{_chart(result.summary())}"
        f"<h2>Worst first</h2><p>Highlights: {legend}</p>{''.join(items)}"
        + (f"<h2>Unreadable files</h2><ul>{problems}</ul>" if problems else "")
        + "</body></html>\n"
    )
