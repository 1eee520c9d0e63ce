"""Terminology: do-not-translate names kept verbatim, approved target terms used."""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Sequence
from typing import ClassVar

from workbench.glossary.acronyms import TOKEN_CHAR
from workbench.glossary.terms import (
    Term,
    TermGlossary,
    exact_pattern,
    load_terms,
    stem_match,
    target_pattern,
)
from workbench.models import Finding, PipelineItem, ScoreResult
from workbench.mt.masking import find_protected
from workbench.scoring.base import ScoringContext


@functools.lru_cache(maxsize=4096)
def _target(phrase: str, language: str) -> re.Pattern[str]:
    return target_pattern(phrase, language)


# Languages that write compounds as one word: an approved term may be the head of a compound
# ("Kontodaten" uses the approved "Daten"; "bestelnummer" uses "nummer").
COMPOUNDING_LANGUAGES = frozenset({"de", "nl", "sv", "da", "nb", "nn", "no", "fi", "is"})


def _compound_head(approved: str, translation: str, language: str) -> bool:
    """Whether a word of `translation` ends in the one-word `approved` term (as a compound's
    last element, at least two letters after the start of the word)."""
    if language not in COMPOUNDING_LANGUAGES or len(approved.split()) != 1:
        return False
    pattern = _target(approved, language)
    return any(
        pattern.fullmatch(word[k:])
        for word in re.findall(r"\w+", translation)
        for k in range(2, len(word) - 1)
    )


@functools.lru_cache(maxsize=1024)
def _exact(phrase: str) -> re.Pattern[str]:
    return exact_pattern(phrase)


def _fold(text: str) -> str:
    """Case, accents, spaces and hyphens removed: how an altered name is recognised."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if c.isalnum())


def _altered_name(translation: str, name: str) -> tuple[int, int] | None:
    """Where the translation has `name` in another case, spacing, hyphenation or accents."""
    target = _fold(name)
    if not target:
        return None
    words = list(re.finditer(r"\w+", translation))
    n = len(name.split())
    # Try runs of one to n+1 words ("Pay Pal", "Paypal", "Apple-Pay").
    for size in range(1, n + 2):
        for i in range(len(words) - size + 1):
            start, end = words[i].start(), words[i + size - 1].end()
            if _fold(translation[start:end]) == target:
                return start, end
    # The first word kept and the rest translated ("Amazon Primo" for "Amazon Prime").
    first = name.split()[0]
    if n > 1:
        m = re.search(rf"(?<![{TOKEN_CHAR}]){re.escape(first)}(?![{TOKEN_CHAR}])", translation)
        if m:
            return m.start(), min(len(translation), m.end() + 1 + len(name) - len(first))
    return None


def _outside(protected: list[tuple[int, int]], starts: list[int], start: int, end: int) -> bool:
    i = bisect.bisect_right(starts, start) - 1
    if i >= 0 and protected[i][1] > start:
        return False
    j = bisect.bisect_left(starts, start)
    return not (j < len(protected) and protected[j][0] < end)


def check_terms(
    source: str, translation: str | None, target: str, glossary: TermGlossary
) -> list[Finding]:
    """Findings for one message: names changed in the translation, unapproved terms used."""
    if translation is None:
        return []
    language = target.split("-")[0].lower()
    protected = sorted((p.start, p.end) for p in find_protected(source))
    starts = [s for s, _ in protected]
    findings: list[Finding] = []
    for term, pattern in glossary.source_patterns:
        match = next(
            (
                m
                for m in pattern.finditer(source)
                if _outside(protected, starts, m.start(), m.end())
            ),
            None,
        )
        if match is None:
            continue
        span = match.span()
        if term.dnt:
            finding = _check_name(term, translation, span)
        else:
            finding = _check_approved(term, match.group(), span, translation, target, language)
        if finding is not None:
            findings.append(finding)
    return findings


def _check_name(term: Term, translation: str, span: tuple[int, int]) -> Finding | None:
    if any(_exact(form).search(translation) for form in term.forms):
        return None
    altered = _altered_name(translation, term.term)
    if altered is not None:
        return Finding(
            "terms.dnt_changed",
            f"{term.term!r} must stay as written, but the translation has "
            f"{translation[altered[0] : altered[1]]!r}",
            altered,
            "translation",
            "error",
            term.term,
        )
    return Finding(
        "terms.dnt_changed",
        f"{term.term!r} must appear unchanged in the translation, but it is missing",
        span,
        "source",
        "error",
        term.term,
    )


def _check_approved(
    term: Term, found: str, span: tuple[int, int], translation: str, target: str, language: str
) -> Finding | None:
    approved = term.translations_for(target)
    if not approved:
        return None  # nothing agreed for this language: no opinion
    if any(_target(a, language).search(translation) for a in approved):
        return None
    # Verb forms and plurals of an approved term count too ("reembolsaremos" for "reembolsar").
    if any(stem_match(a, translation, language) for a in approved):
        return None
    if any(_compound_head(a, translation, language) for a in approved):
        return None
    shown = " / ".join(approved[:3])
    return Finding(
        "terms.unapproved",
        f"{found!r} should be translated as {shown!r} for {target}; the translation uses "
        "none of the approved terms",
        span,
        "source",
        "warning",
        approved[0],
    )


class TermScorer:
    """Do-not-translate names and approved terminology, from glossaries/terms/."""

    name: ClassVar[str] = "terms"

    def __init__(self, context: ScoringContext) -> None:
        self.context = context

    def score(self, items: Sequence[PipelineItem]) -> list[ScoreResult]:
        if not items:
            return []
        glossary: TermGlossary = self.context.get(
            "terms.glossary", lambda: load_terms(self.context.config)
        )
        results = []
        for item in items:
            if item.translation is None:
                results.append(ScoreResult(unavailable={"terms": "no translation to compare"}))
                continue
            try:
                findings = check_terms(item.source, item.translation, item.target, glossary)
            except Exception as exc:  # one odd text must not stop the batch
                results.append(ScoreResult(unavailable={"terms": f"check failed: {exc}"}))
                continue
            results.append(ScoreResult({"term_issues": len(findings)}, tuple(findings)))
        return results
