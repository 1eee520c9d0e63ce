"""Language check: is the translation in the target language, and the draft in the source one?"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import Any, ClassVar

from workbench.lang import supported_languages
from workbench.models import Finding, PipelineItem, ScoreResult
from workbench.mt.masking import find_protected
from workbench.nlp import sentence_spans
from workbench.scoring.acronyms import ANONYMIZED
from workbench.scoring.base import ScoringContext

# Below these sizes detection is too unsure to be worth a finding (short texts make noise).
MIN_LETTERS_TEXT = 25
MIN_LETTERS_SENTENCE = 30
# A verdict needs this confidence for the detected language...
CONFIDENT = 0.75
# ...and the expected language must score below this.
EXPECTED_BELOW = 0.15

_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)


def _letters(text: str) -> int:
    return len(_LETTER.findall(text))


def prose(text: str) -> str:
    """`text` with placeholders, links, tags and anonymisation tokens blanked (same length, so
    spans stay valid): "{{order_status_message}}" is in no language and never untranslated."""
    chars = list(text)
    spans = [(p.start, p.end) for p in find_protected(text)]
    spans += [m.span() for m in ANONYMIZED.finditer(text)]
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


@cache
def lingua_languages() -> frozenset[str]:
    """ISO 639-1 codes lingua can detect."""
    from lingua import Language

    return frozenset(language.iso_code_639_1.name.lower() for language in Language.all())


class LanguageScorer:
    """Finds untranslated, partly untranslated and wrong-language text with lingua."""

    name: ClassVar[str] = "language"

    def __init__(self, context: ScoringContext) -> None:
        self.context = context

    def detector(self, languages: frozenset[str] = frozenset()) -> Any:
        """A lingua detector for workbench's languages plus `languages` (af, sw, …).

        A language the detector does not know would be reported as its nearest neighbour
        (Afrikaans as Dutch), so every target language lingua knows is added to it.
        """
        codes = tuple(sorted((set(supported_languages()) | languages) & lingua_languages()))

        def build() -> Any:
            from lingua import IsoCode639_1, LanguageDetectorBuilder

            return LanguageDetectorBuilder.from_iso_codes_639_1(
                *(getattr(IsoCode639_1, code.upper()) for code in codes)
            ).build()

        key = "lingua.detector:" + ",".join(codes)
        return self.context.get(key, build)

    def _confidences(
        self, texts: list[str], languages: frozenset[str] = frozenset()
    ) -> list[dict[str, float]]:
        """Per text: ISO 639-1 code -> confidence in [0, 1]."""
        results = self.detector(languages).compute_language_confidence_values_in_parallel(texts)
        return [
            {cv.language.iso_code_639_1.name.lower(): cv.value for cv in values}
            for values in results
        ]

    def score(self, items: Sequence[PipelineItem]) -> list[ScoreResult]:
        findings: list[list[Finding]] = [[] for _ in items]
        signals: list[dict[str, Any]] = [{} for _ in items]
        unavailable: list[dict[str, str]] = [{} for _ in items]

        # Collect every text to detect, so lingua works on the whole batch in parallel.
        jobs: list[
            tuple[int, str, str, tuple[int, int], str]
        ] = []  # item, field, expect, span, text
        for i, item in enumerate(items):
            src = prose(item.message.text)
            if _letters(src) >= MIN_LETTERS_TEXT:
                jobs.append((i, "source", item.message.source_lang, (0, len(src)), src))
            if item.translation is None:
                unavailable[i]["language"] = "no translation to check"
                continue
            tr = prose(item.translation)
            if _letters(tr) < MIN_LETTERS_TEXT:
                unavailable[i]["language"] = "text too short for a reliable language check"
                continue
            if item.target_language not in lingua_languages():
                unavailable[i]["language"] = f"no language detector for {item.target_language}"
                continue
            if tr.strip() == src.strip() and item.target_language != item.message.source_lang:
                findings[i].append(
                    Finding(
                        "language.untranslated",
                        f"the translation is the untranslated {item.message.source_lang} draft",
                        (0, len(tr)),
                        "translation",
                        "error",
                        f"translate the text into {item.target}",
                    )
                )
                continue
            jobs.append((i, "translation", item.target_language, (0, len(tr)), tr))
            spans = sentence_spans(tr, item.target_language)
            if len(spans) > 1:
                for start, end in spans:
                    if _letters(tr[start:end]) >= MIN_LETTERS_SENTENCE:
                        jobs.append(
                            (i, "sentence", item.target_language, (start, end), tr[start:end])
                        )

        targets = frozenset(item.target_language for item in items)
        confidences = self._confidences([job[4] for job in jobs], targets) if jobs else []
        wrong_whole: set[int] = set()
        for (i, kind, expected, span, _text), conf in zip(jobs, confidences, strict=True):
            if not conf:
                continue
            top, top_conf = max(conf.items(), key=lambda kv: kv[1])
            if kind == "translation":
                signals[i]["language_detected"] = top
                signals[i]["language_confidence"] = round(top_conf, 3)
            if top == expected or top_conf < CONFIDENT or conf.get(expected, 0.0) >= EXPECTED_BELOW:
                continue
            item = items[i]
            if kind == "source":
                findings[i].append(
                    Finding(
                        "language.source_mismatch",
                        f"the draft looks like {top}, not {expected}",
                        span,
                        "source",
                        "warning",
                        f"set the source language to {top} or check the draft",
                    )
                )
            elif kind == "translation":
                wrong_whole.add(i)
                findings[i].append(
                    Finding(
                        "language.wrong",
                        f"the translation looks like {top}, not {item.target_language}",
                        span,
                        "translation",
                        "error",
                        f"translate the text into {item.target}",
                    )
                )
            elif i not in wrong_whole:
                what = (
                    "left in the source language"
                    if top == item.message.source_lang
                    else f"in {top}"
                )
                findings[i].append(
                    Finding(
                        "language.partly_untranslated",
                        f"this sentence is {what}, not {item.target_language}",
                        span,
                        "translation",
                        "warning",
                        f"translate this sentence into {item.target}",
                    )
                )
        return [
            ScoreResult(signals[i], tuple(findings[i]), unavailable[i]) for i in range(len(items))
        ]
