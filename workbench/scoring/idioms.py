"""Idiom scorer: flags figures of speech in English drafts that MT tends to take literally."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from workbench.glossary.idioms import IdiomMatch, IdiomMatcher, load_idioms
from workbench.models import Finding, PipelineItem, ScoreResult
from workbench.scoring.base import ScoringContext

RULE_ID = "idioms.idiom"
LANGUAGES = ("en",)  # the bundled glossary is English; other sources are not checked


class IdiomScorer:
    """Finds glossary idioms in each source text by lemma and suggests a plain rewrite."""

    name: ClassVar[str] = "idioms"

    def __init__(self, context: ScoringContext) -> None:
        self.context = context

    def _matcher(self) -> IdiomMatcher:
        # Built once per process: loading ~600 entries and compiling the Matcher takes a while.
        return self.context.get(
            "idioms.matcher", lambda: IdiomMatcher(load_idioms(self.context.config)[0])
        )

    def score(self, items: Sequence[PipelineItem]) -> list[ScoreResult]:
        checkable = [
            i
            for i, item in enumerate(items)
            if _language(item) in LANGUAGES and isinstance(item.source, str)
        ]
        found: dict[int, list[IdiomMatch]] = {}
        if checkable:
            # One nlp.pipe pass over the distinct sources (one message x many targets = one text).
            matches = self._matcher().find([items[i].source for i in checkable])
            found = dict(zip(checkable, matches, strict=True))
        results = []
        for index, item in enumerate(items):
            if index not in found:
                results.append(
                    ScoreResult(
                        unavailable={
                            "idioms": f"no idiom glossary for source language {_language(item)!r}"
                        }
                    )
                )
                continue
            findings = tuple(to_finding(m) for m in found[index])
            results.append(ScoreResult(signals={"idioms": len(findings)}, findings=findings))
        return results


def _language(item: PipelineItem) -> str:
    return (item.message.source_lang or "en").split("-")[0].lower()


def to_finding(match: IdiomMatch) -> Finding:
    idiom = match.idiom
    return Finding(
        rule_id=RULE_ID,
        message=(
            f'idiom "{match.text}" ({idiom.title}: {idiom.meaning}) may be translated literally'
        ),
        span=match.span,
        field="source",
        severity=match.severity,  # type: ignore[arg-type]
        suggestion=idiom.rewrite,
    )
