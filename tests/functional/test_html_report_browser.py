"""The HTML report in a real headless Chromium: loads clean, filters and pages, runs no
script from the data it shows."""

from __future__ import annotations

import asyncio
from pathlib import Path

from fixtures.browser import browser_page

from workbench.batch import BatchResult
from workbench.config import Config
from workbench.corpus import CorpusProblem
from workbench.models import Assessment, Finding, Message, PipelineItem
from workbench.report import render
from workbench.risk import RiskPolicy

POLICY = RiskPolicy.from_config(Config())
HOSTILE = [
    '<img src=x onerror="window.__pwned=1;alert(1)">',
    "</script><script>window.__pwned=2;alert(2)</script>",
    '"><svg onload="window.__pwned=3">',
    "javascript:window.__pwned=4",
    "{{constructor.constructor('window.__pwned=5')()}}",
]


def _assessment(i: int, target: str, findings: list[Finding], text: str, origin: str) -> Assessment:
    item = PipelineItem(
        Message(f"t{i:03d}", text, origin=origin, line=i + 1), target, f"Ü {text}", text
    )
    return Assessment(item, {}, tuple(findings), {}, POLICY.evaluate(item, {}, findings))


def library() -> BatchResult:
    """130 translations over two locales and three files, so paging and filters matter."""
    placeholder = Finding(
        "placeholders.changed", "{name} became {nombre}", (0, 1), "translation", "error"
    )
    idiom = Finding(
        "idioms.idiom", "idiom 'hang tight'", (0, 4), "source", "warning", "please wait"
    )
    out = []
    for i in range(130):
        target = "de-DE" if i % 2 else "es-ES"
        findings = [placeholder] if i % 10 == 0 else [idiom] if i % 3 == 0 else []
        origin = f"templates/{['refunds', 'shipping', 'my replies #2'][i % 3]}.md"
        out.append(_assessment(i, target, findings, f"Message number {i} hang tight", origin))
    hostile = [
        Finding("tags.mismatch", HOSTILE[0], (0, 4), "translation", "error", HOSTILE[1]),
    ]
    for j, text in enumerate(HOSTILE):
        out.append(_assessment(200 + j, "es-ES", hostile, text, HOSTILE[j]))
    return BatchResult(
        assessments=out,
        problems=[CorpusProblem(HOSTILE[1], HOSTILE[0], 3)],
        messages=135,
        files=4,
        signature={"mt": {"en-es": HOSTILE[2]}},
    )


VISIBLE = "Array.from(document.querySelectorAll('#items > details')).filter(e => !e.hidden)"


async def _set(page, ident: str, value: str) -> None:  # type: ignore[no-untyped-def]
    event = "input" if ident == "f-search" else "change"
    await page.js(
        f"(() => {{ const el = document.getElementById({ident!r}); el.value = {value!r}; "
        f"el.dispatchEvent(new Event({event!r})); }})()"
    )


async def _scenario(path: Path) -> None:
    async with browser_page() as page:
        await page.open(path)
        assert await page.js("document.querySelectorAll('#items > details').length") == 135
        assert await page.js(f"{VISIBLE}.length") == 50  # a page, not a silent cap
        count = await page.js("document.getElementById('count').textContent")
        assert count.startswith("showing 1–50 of 135 matching"), count
        # paging reaches every translation
        await page.js("document.getElementById('next').click()")
        await page.js("document.getElementById('next').click()")
        assert await page.js(f"{VISIBLE}.length") == 35
        assert await page.js("document.getElementById('next').disabled") is True
        # each filter narrows what is shown, to exactly what it names
        await _set(page, "f-locale", "de-DE")
        assert await page.js(f"{VISIBLE}.length") == 50
        assert await page.js(f"{VISIBLE}.every(e => e.dataset.locale === 'de-DE')")
        assert "of 65 matching" in await page.js("document.getElementById('count').textContent")
        await _set(page, "f-family", "placeholders")
        shown = await page.js(f"{VISIBLE}.map(e => e.querySelector('b').textContent)")
        assert shown == [f"t{i:03d}" for i in range(130) if i % 10 == 0 and i % 2]  # none: even
        await _set(page, "f-locale", "")
        shown = await page.js(f"{VISIBLE}.map(e => e.querySelector('b').textContent)")
        assert sorted(shown) == [f"t{i:03d}" for i in range(0, 130, 10)]
        await _set(page, "f-family", "")
        await _set(page, "f-level", "high")
        assert await page.js(f"{VISIBLE}.every(e => e.dataset.level === 'high')")
        await page.js("document.getElementById('reset').click()")
        await _set(page, "f-file", "templates/my replies #2.md")
        assert await page.js(f"{VISIBLE}.length") == 43
        loc = await page.js(f"{VISIBLE}[0].querySelector('a.loc').textContent")
        assert loc.startswith("templates/my replies #2.md:")
        href = await page.js(f"{VISIBLE}[0].querySelector('a.loc').getAttribute('href')")
        assert href == "templates/my%20replies%20%232.md"
        await _set(page, "f-search", "number 77 ")
        assert await page.js(f"{VISIBLE}.map(e => e.querySelector('b').textContent)") == ["t077"]
        # the per-rule summary filters by its rule
        await page.js("document.getElementById('reset').click()")
        await page.js("document.querySelector('button.rule[data-rule=\"idioms.idiom\"]').click()")
        assert await page.js(
            f"{VISIBLE}.every(e => e.dataset.rules.split(' ').includes('idioms.idiom'))"
        )
        # hostile text is shown as text and ran nothing, even when opened
        await page.js("document.getElementById('reset').click()")
        await _set(page, "f-search", "pwned")
        assert await page.js(f"{VISIBLE}.length") == 5
        await page.js(f"{VISIBLE}.forEach(e => {{ e.open = true; }})")
        # links only ever point at files: no scheme a click could run
        protocols = await page.js("Array.from(document.links).map(a => a.protocol)")
        assert protocols and set(protocols) == {"file:"}, protocols
        await asyncio.sleep(0.3)
        assert await page.js("typeof window.__pwned") == "undefined"
        assert page.dialogs() == []
        assert await page.js("document.querySelectorAll('script').length") == 1
        assert (
            await page.js("document.querySelectorAll('#items img, #items svg, iframe').length") == 0
        )
        body = await page.js("document.body.textContent")
        assert [h for h in HOSTILE[:3] if h not in body] == [], body[:300]
        assert page.problems() == []


def test_report_in_headless_chromium(tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    path.write_text(render("html", library()), encoding="utf-8")
    asyncio.run(_scenario(path))


async def _broken_script_is_seen(path: Path) -> list[str]:
    async with browser_page() as page:
        await page.open(path)
        return page.problems()


def test_the_browser_check_sees_console_errors(tmp_path: Path) -> None:
    """The 'no console errors' check can fail: a script the CSP does not allow is reported."""
    page = render("html", library()).replace("<script>", "<script>window.x=1;", 1)
    path = tmp_path / "tampered.html"
    path.write_text(page, encoding="utf-8")
    problems = asyncio.run(_broken_script_is_seen(path))
    assert any("Content Security Policy" in p for p in problems), problems


async def _page_width(path: Path) -> tuple[int, int]:
    async with browser_page() as page:
        await page.open(path)
        await page.js(f"{VISIBLE}.forEach(e => {{ e.open = true; }})")
        return (
            await page.js("document.documentElement.scrollWidth"),
            await page.js("window.innerWidth"),
        )


def test_a_very_long_word_does_not_widen_the_page(tmp_path: Path) -> None:
    word = "W" * 3000
    finding = Finding("drift.meaning", word, (0, 3000), "source", "warning", word)
    result = BatchResult(
        assessments=[_assessment(0, "es-ES", [finding], word, f"templates/{word}.md")],
        messages=1,
        files=1,
    )
    path = tmp_path / "wide.html"
    path.write_text(render("html", result), encoding="utf-8")
    scroll, viewport = asyncio.run(_page_width(path))
    assert scroll <= viewport, (scroll, viewport)
