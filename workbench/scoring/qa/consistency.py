"""The library-wide QA pass: one source translated several ways, several sources sharing one
translation. It needs every item of a library at once, so the pipeline runs it before batching."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from workbench.glossary.qa import QAData
from workbench.models import Finding
from workbench.scoring.rules import BY_ID


@dataclass(frozen=True, slots=True)
class Unit:
    """One translated text of a library as the consistency pass sees it."""

    key: int  # what the caller uses to attach findings (its index)
    ident: str  # shown to the reviewer ("orders/cancel", "widget.order.cancel_failed")
    unit: Hashable  # texts of one unit (plural forms of one entry) are never compared
    source: str
    translation: str
    target: str


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _loose(text: str) -> str:
    """Case, whitespace and closing punctuation do not make two texts different."""
    return _norm(text).casefold().rstrip(" .!?:;。！？")


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


def _short(text: str, limit: int = 60) -> str:
    text = _norm(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def library_findings(units: Sequence[Unit], data: QAData) -> dict[int, list[Finding]]:
    """Findings per unit key for a whole library (units of every target language)."""
    out: dict[int, list[Finding]] = {}
    by_target: dict[str, list[Unit]] = {}
    for u in units:
        if u.translation.strip() and u.source.strip():
            by_target.setdefault(u.target.split("-")[0].lower(), []).append(u)
    for language, group in by_target.items():
        settings = data.language(language)
        _same_source(group, settings.consistency_min_words, out)
        _same_translation(group, settings.consistency_min_words, settings.distinct_max_overlap, out)
    return out


def _same_source(units: list[Unit], min_words: int, out: dict[int, list[Finding]]) -> None:
    groups: dict[str, list[Unit]] = {}
    for u in units:
        if len(_words(u.source)) >= min_words:
            groups.setdefault(_norm(u.source), []).append(u)
    for group in groups.values():
        if len({u.unit for u in group}) < 2:
            continue
        versions = Counter(_loose(u.translation) for u in group)
        if len(versions) < 2:
            continue
        # the most common translation is taken as the library's; ties go to the first seen
        usual = max(versions, key=lambda v: (versions[v], -_first(group, v)))
        reference = next(u for u in group if _loose(u.translation) == usual)
        for u in group:
            if _loose(u.translation) == usual or u.unit == reference.unit:
                continue
            out.setdefault(u.key, []).append(
                Finding(
                    "qa.inconsistent_translation",
                    f"The same source is translated as {_short(reference.translation)!r} in "
                    f"{reference.ident} ({versions[usual]} of {len(group)} times)",
                    (0, len(u.translation)),
                    "translation",
                    BY_ID["qa.inconsistent_translation"].level,
                    reference.translation,
                )
            )


def _first(group: list[Unit], version: str) -> int:
    return next(i for i, u in enumerate(group) if _loose(u.translation) == version)


def _same_translation(
    units: list[Unit], min_words: int, max_overlap: float, out: dict[int, list[Finding]]
) -> None:
    groups: dict[str, list[Unit]] = {}
    for u in units:
        if len(_words(u.translation)) >= min_words:
            groups.setdefault(_loose(u.translation), []).append(u)
    for group in groups.values():
        first = group[0]
        seen = {_loose(first.source)}
        for u in group[1:]:
            if u.unit == first.unit or _loose(u.source) in seen:
                continue
            seen.add(_loose(u.source))
            a, b = _words(first.source), _words(u.source)
            overlap = len(a & b) / len(a | b) if a | b else 1.0
            if overlap > max_overlap:
                continue  # rephrasings of one another may share a translation
            out.setdefault(u.key, []).append(
                Finding(
                    "qa.inconsistent_source",
                    f"This translation is also used for a different source in {first.ident}: "
                    f"{_short(first.source)!r}",
                    (0, len(u.translation)),
                    "translation",
                    BY_ID["qa.inconsistent_source"].level,
                )
            )
