"""Mechanical QA checks localizers expect (qa.*): whitespace, punctuation, brackets, quotes,
line breaks, escapes, accelerators, capitals, length, spelling, and library consistency."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from workbench.glossary.qa import QAData, load_qa_data
from workbench.models import Finding, PipelineItem, ScoreResult
from workbench.scoring.base import ScoringContext
from workbench.scoring.qa.checks import PAIR_CHECKS, RULES, check_pair
from workbench.scoring.qa.spelling import SpellingChecker

__all__ = ["PAIR_CHECKS", "RULES", "QAScorer", "check_pair"]


class QAScorer:
    """The pair checks of workbench/scoring/qa/checks.py on every translated item.

    The library-wide pass (one source translated two ways) needs every item of a library and
    runs in the pipeline (workbench/scoring/qa/consistency.py), not here.
    """

    name: ClassVar[str] = "qa"

    def __init__(self, context: ScoringContext) -> None:
        self.context = context

    def _data(self) -> QAData:
        return self.context.get("qa.data", lambda: load_qa_data(self.context.config))

    def score(self, items: Sequence[PipelineItem]) -> list[ScoreResult]:
        if not items:
            return []
        data = self._data()
        spelling = self.context.get("qa.spelling", _spelling_checker)
        results = []
        for item in items:
            if item.translation is None:
                results.append(ScoreResult(unavailable={"qa": "no translation to check"}))
                continue
            language = data.language(item.target)
            unavailable: dict[str, str] = {}
            try:
                findings: list[Finding] = check_pair(item.source, item.translation, language)
                if not language.measured:
                    findings = [f for f in findings if f.rule_id != "qa.length_ratio"]
                    unavailable["qa.length_ratio"] = (
                        f"no expansion factor for {language.language} in glossaries/qa/"
                    )
                found, why = spelling.check(item.translation, item.target, item.source)
                findings.extend(found)
                if why:
                    unavailable["qa.spelling"] = why
            except Exception as exc:  # one odd text must not stop the batch
                results.append(ScoreResult(unavailable={"qa": f"check failed: {exc}"}))
                continue
            results.append(ScoreResult({"qa_issues": len(findings)}, tuple(findings), unavailable))
        return results


def _spelling_checker() -> SpellingChecker:
    """The spelling checker; it says per item why it could not run (no library, no dictionary)."""
    return SpellingChecker()
