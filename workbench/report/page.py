"""The HTML report: one self-contained, offline file a localization manager can work from.

Everything is rendered on the server side and escaped; a small inline script (its hash pinned
by the page's Content-Security-Policy, so no other script can run) adds filters, search and
paging. Without script every translation is listed.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections import Counter
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from urllib.parse import quote

from workbench import __version__
from workbench.batch import BatchResult
from workbench.models import LEVELS, Assessment
from workbench.report.highlight import CATEGORIES, category, runs
from workbench.scoring.rules import describe

LEVEL_COLOUR = {"low": "#2e7d32", "medium": "#f9a825", "high": "#c62828"}
esc = html.escape


def _asset(name: str) -> str:
    return (resources.files("workbench.report") / "assets" / name).read_text(encoding="utf-8")


def worst_first(assessments: Sequence[Assessment]) -> list[Assessment]:
    return sorted(
        assessments,
        key=lambda a: (
            -(a.risk.score if a.risk else 0.0)
            - ({"high": 2, "medium": 1}.get(a.risk.level, 0) if a.risk else 0)
        ),
    )


def _highlighted(text: str | None, assessment: Assessment, field: str) -> str:
    if text is None:
        return '<span class="none">—</span>'
    findings = [f for f in assessment.findings if f.field == field]
    parts = []
    for segment, finding in runs(text, findings):
        if finding is None:
            parts.append(esc(segment))
        else:
            tip = finding.message + (f" → {finding.suggestion}" if finding.suggestion else "")
            parts.append(
                f'<mark class="c-{category(finding.rule_id)}" title="{esc(tip)}">'
                f"{esc(segment)}</mark>"
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
        parts.append(f'<text x="0" y="{y + 16}" font-size="13">{esc(target)}</text>')
        x = float(label)
        for level in LEVELS:
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
    for i, level in enumerate(LEVELS):
        parts.append(
            f'<rect x="{label + i * 90}" y="{legend_y - 10}" width="12" height="12" '
            f'fill="{LEVEL_COLOUR[level]}"/><text x="{label + i * 90 + 16}" y="{legend_y}" '
            f'font-size="12">{level}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def file_href(path: str) -> str:
    """A link to the template file: relative paths stay relative (to where the report is
    opened, usually the folder the check ran in), absolute ones become file: URIs."""
    p = Path(path)
    return p.as_uri() if p.is_absolute() else quote(p.as_posix(), safe="/")


def _where(a: Assessment) -> str:
    message = a.item.message
    if not message.origin:
        return '<span class="loc">(no file)</span>'
    where = f"{message.origin}:{message.line or 1}"
    return f'<a class="loc" href="{esc(file_href(message.origin))}">{esc(where)}</a>'


def _item(a: Assessment) -> str:
    r = a.risk
    level = r.level if r else "low"
    rules = sorted({f.rule_id for f in a.findings})
    families = sorted({f.rule_id.split(".", 1)[0] for f in a.findings})
    reasons = "".join(f"<li>{esc(x)}</li>" for x in (r.reasons if r else ()))
    findings = "".join(
        f"<tr><td>{esc(f.rule_id)}</td><td>{esc(f.severity)}</td><td>{esc(f.field)}</td>"
        f"<td>{esc(f.message)}</td><td>{esc(f.suggestion or '')}</td></tr>"
        for f in a.findings
    )
    texts = "".join(
        f"<tr><td>{label}</td><td>{_highlighted(text, a, field)}</td></tr>"
        for label, text, field in (
            ("draft", a.item.message.text, "source"),
            ("translation", a.item.translation, "translation"),
            ("back", a.item.back_translation, "back_translation"),
        )
    ) + "".join(f"<tr><td>note</td><td>{esc(n)}</td></tr>" for n in a.item.message.notes)
    table = (
        "<table><tr><th>rule</th><th>severity</th><th>in</th><th>finding</th>"
        f"<th>suggestion</th></tr>{findings}</table>"
        if findings
        else ""
    )
    attrs = (
        f'data-level="{level}" data-locale="{esc(a.item.target)}" '
        f'data-file="{esc(a.item.message.origin or "")}" '
        f'data-rules="{esc(" ".join(rules))}" data-families="{esc(" ".join(families))}"'
    )
    opened = " open" if level == "high" else ""
    return (
        f'<details {attrs}{opened}><summary><span class="lvl {level}">{level}</span> '
        f"{r.score if r else 0:.2f} · <b>{esc(a.item.message.id)}</b> → {esc(a.item.target)} · "
        f"{esc(r.reasons[0] if r and r.reasons else '')} · {_where(a)}</summary>"
        f'<table class="texts">{texts}</table><ul>{reasons}</ul>{table}</details>'
    )


def _locale_summary(result: BatchResult) -> str:
    rows = "".join(
        f'<tr><td><button class="locale rule" data-locale="{esc(t)}">{esc(t)}</button></td>'
        + "".join(f'<td class="n">{levels[lvl]}</td>' for lvl in LEVELS)
        + f'<td class="n">{sum(levels.values())}</td></tr>'
        for t, levels in result.summary().items()
    )
    head = "".join(f'<th class="n">{lvl}</th>' for lvl in LEVELS)
    return f'<table><tr><th>locale</th>{head}<th class="n">all</th></tr>{rows}</table>'


def _rule_summary(assessments: Sequence[Assessment]) -> str:
    findings: Counter[str] = Counter()
    translations: Counter[str] = Counter()
    for a in assessments:
        ids = [f.rule_id for f in a.findings]
        findings.update(ids)
        translations.update(set(ids))
    if not findings:
        return '<p class="empty">No findings.</p>'
    rows = "".join(
        f'<tr><td><button class="rule" data-rule="{esc(rule)}">{esc(rule)}</button></td>'
        f'<td>{esc(describe(rule).short)}</td><td class="n">{n}</td>'
        f'<td class="n">{translations[rule]}</td></tr>'
        for rule, n in sorted(findings.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    return (
        '<table><tr><th>rule</th><th>what</th><th class="n">findings</th>'
        f'<th class="n">translations</th></tr>{rows}</table>'
    )


def _select(ident: str, label: str, values: Sequence[str], everything: str) -> str:
    options = "".join(f'<option value="{esc(v)}">{esc(v)}</option>' for v in values)
    return (
        f'<label for="{ident}">{label}</label> <select id="{ident}">'
        f'<option value="">{everything}</option>{options}</select>'
    )


def _filters(assessments: Sequence[Assessment]) -> str:
    locales = sorted({a.item.target for a in assessments})
    files = sorted({a.item.message.origin for a in assessments if a.item.message.origin})
    rules = sorted({f.rule_id for a in assessments for f in a.findings})
    families = [c for c in CATEGORIES if any(r.split(".", 1)[0] == c for r in rules)]
    families += sorted({r.split(".", 1)[0] for r in rules} - set(families))
    return (
        '<div class="filters" id="filters" hidden>'
        + _select("f-locale", "locale", locales, "all")
        + _select("f-level", "level", list(reversed(LEVELS)), "all")
        + _select("f-family", "rule family", families, "all")
        + _select("f-rule", "rule", rules, "all")
        + _select("f-file", "file", files, "all")
        + '<label for="f-search">search</label> '
        '<input id="f-search" type="search" placeholder="id, text, finding…">'
        '<button id="reset" type="button">clear</button></div>'
        '<div class="pager" id="pager" hidden><button id="prev" type="button">← previous</button>'
        '<span id="count"></span><button id="next" type="button">next →</button></div>'
    )


def _csp(script: str) -> str:
    """Only this page's own script may run; nothing may be loaded from anywhere."""
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return (
        f"default-src 'none'; script-src 'sha256-{digest}'; style-src 'unsafe-inline'; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )


def _reading(result: BatchResult) -> str:
    """Skipped units (counts by reason, then each one) and checks not made, per locale."""
    html = ""
    if result.skipped:
        counts = "".join(
            f"<li>{n} {esc(why)}</li>" for why, n in result.skipped_by_reason().items()
        )
        units = "".join(f"<li>{esc(str(s))}</li>" for s in result.skipped)
        html += (
            f"<h2>Skipped units ({len(result.skipped)})</h2><ul>{counts}</ul>"
            f"<details><summary>every skipped unit</summary><ul>{units}</ul></details>"
        )
    not_made = "".join(
        f"<li>{esc(target)}: "
        + "; ".join(f"{esc(name)} ({esc(why)})" for name, why in checks.items())
        + "</li>"
        for target, checks in result.checks_skipped().items()
    )
    if not_made:
        html += (
            f"<details><summary>Checks not made, per locale</summary><ul>{not_made}</ul></details>"
        )
    return html


def to_html(result: BatchResult, gate: object = None) -> str:
    """Every translation (worst first), filterable and paged; problems listed with reasons."""
    script = _asset("report.js")
    ordered = worst_first(result.assessments)
    legend = " ".join(f'<mark class="c-{c}">{c}</mark>' for c in CATEGORIES)
    problems = "".join(f"<li>{esc(str(p))}</li>" for p in result.problems)
    reading = _reading(result)
    mt = ", ".join(f"{k}: {v}" for k, v in result.signature.get("mt", {}).items())
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_csp(script)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>workbench report</title><style>{_asset('report.css')}</style></head><body>"
        f'<h1>workbench report</h1><p class="meta">{result.messages} templates from '
        f"{result.files} files, {len(result.assessments)} translations · "
        f"workbench {esc(__version__)}"
        + (f" · {esc(mt)}" if mt else "")
        + "</p>"
        + (
            f"<h2>Unreadable files ({len(result.problems)})</h2><ul>{problems}</ul>"
            if problems
            else ""
        )
        + reading
        + '<div class="summaries"><section><h2>Per locale</h2>'
        f"{_locale_summary(result)}{_chart(result.summary())}</section>"
        f"<section><h2>Per rule</h2>{_rule_summary(ordered)}</section></div>"
        f"<h2>Translations, worst first</h2><p>Highlights: {legend}</p>"
        + _filters(ordered)
        + f'<div id="items">{"".join(_item(a) for a in ordered)}</div>'
        + f"<script>{script}</script></body></html>\n"
    )
