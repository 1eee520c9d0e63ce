"""Formality scorer: formal/informal address in the translation against the locale's register."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from workbench.glossary.locales import LocaleProfile, profile_for
from workbench.models import Finding, PipelineItem, ScoreResult, Severity
from workbench.nlp import blank
from workbench.scoring.base import ScoringContext
from workbench.scoring.register_rules import (
    LanguageRules,
    Marker,
    Rule,
    classify,
    effective_markers,
    find_markers,
    load_register_rules,
)

# One wrong-register finding per message (pointing at the first offending marker) keeps the
# risk score from growing with the length of a message that is consistently informal.
_OPPOSITE = {"formal": "informal", "informal": "formal"}
# (strong evidence, weak-only evidence): informal where formal is expected offends customers;
# formal where informal is expected only sounds stiff.
_SEVERITY: dict[str, tuple[Severity, Severity]] = {
    "informal": ("error", "warning"),
    "formal": ("warning", "info"),
}


class FormalityScorer:
    """Detects the address register of each translation and compares it with the locale's."""

    name: ClassVar[str] = "formality"

    def __init__(self, context: ScoringContext) -> None:
        self.context = context
        self._brand_rules: dict[tuple[str, tuple[str, ...], tuple[str, ...]], tuple[Rule, ...]] = {}

    def _rules(self) -> dict[str, LanguageRules]:
        config = self.context.config
        extra = config.glossary_paths()
        return self.context.get(f"formality.rules:{extra}", lambda: load_register_rules(extra))

    def _extra(self, profile: LocaleProfile) -> tuple[Rule, ...]:
        """Rules for the marker words a locale profile or brand config adds."""
        key = (profile.tag, profile.formal_markers, profile.informal_markers)
        if key not in self._brand_rules:
            rules = [
                Rule.brand(profile.language, register, words, profile.tag)
                for register, words in (
                    ("formal", profile.formal_markers),
                    ("informal", profile.informal_markers),
                )
                if words
            ]
            self._brand_rules[key] = tuple(rules)
        return self._brand_rules[key]

    def score(self, items: Sequence[PipelineItem]) -> list[ScoreResult]:
        """One ScoreResult per item; texts are parsed per language in one nlp.pipe batch."""
        all_rules = self._rules()
        results: list[ScoreResult | None] = [None] * len(items)
        profiles: dict[int, LocaleProfile] = {}
        groups: dict[str, list[int]] = {}
        by_target: dict[str, LocaleProfile] = {}
        for i, item in enumerate(items):
            if item.target not in by_target:
                by_target[item.target] = profile_for(item.target, self.context.config)
            profile = profiles[i] = by_target[item.target]
            language = item.target_language
            if item.translation is None:
                results[i] = ScoreResult(
                    signals={"register_expected": profile.register},
                    unavailable={"register": "no translation to check"},
                )
            elif language not in all_rules:
                results[i] = ScoreResult(
                    signals=_signals("neutral", profile.register, [], []),
                    unavailable={"register": f"no register rules for {language}"},
                )
            else:
                groups.setdefault(language, []).append(i)
        for language, indices in groups.items():
            rules = all_rules[language]
            try:
                nlp = blank(language)
                docs = list(nlp.pipe([items[i].translation or "" for i in indices]))
            except Exception as exc:  # a tokenizer that cannot start must not sink the batch
                for i in indices:
                    results[i] = ScoreResult(
                        signals={"register_expected": profiles[i].register},
                        unavailable={"register": f"cannot tokenize {language}: {exc}"},
                    )
                continue
            for i, doc in zip(indices, docs, strict=True):
                markers = find_markers(doc, rules, self._extra(profiles[i]), profiles[i].tag)
                results[i] = _result(markers, profiles[i], rules)
        return [r if r is not None else ScoreResult() for r in results]


def _signals(detected: str, expected: str, formal: list[Marker], informal: list[Marker]) -> dict:
    return {
        "register_detected": detected,
        "register_expected": expected,
        "formal_markers": len(formal),
        "informal_markers": len(informal),
    }


def _words(markers: Sequence[Marker]) -> str:
    """'du, dir' — the distinct marker texts in order of appearance."""
    seen: dict[str, None] = {}
    for m in markers:
        seen.setdefault(m.text, None)
    return ", ".join(seen)


def _result(markers: list[Marker], profile: LocaleProfile, rules: LanguageRules) -> ScoreResult:
    # weak markers ("su", sentence-initial "Sie") only count when no strong marker decided
    counted = [m for m in markers if m.strength == "strong"] or markers
    formal = [m for m in counted if m.register == "formal"]
    informal = [m for m in counted if m.register == "informal"]
    detected = classify(markers)
    expected = profile.register
    signals = _signals(detected, expected, formal, informal)
    levels = sorted({m.level for m in markers if m.level})
    if levels:  # Japanese: which keigo levels the text uses (teineigo, sonkeigo, kenjogo)
        signals["register_levels"] = ",".join(levels)
    address = {"formal": rules.formal_address, "informal": rules.informal_address}
    hint = {"formal": rules.formal_hint, "informal": rules.informal_hint}
    findings: list[Finding] = []
    if detected == "mixed" and not profile.mixed_register_ok:
        if expected in _OPPOSITE:
            stray = _OPPOSITE[expected]
        else:  # no expectation: point at whichever register is the odd one out
            strong_f = [m for m in formal if m.strength == "strong"]
            strong_i = [m for m in informal if m.strength == "strong"]
            stray = "formal" if len(strong_f) < len(strong_i) else "informal"
        keep = _OPPOSITE[stray]
        strays = effective_markers(markers, stray)
        findings.append(
            Finding(
                rule_id="formality.mixed",
                message=(
                    f"mixed register in one message: {stray} {_words(strays)} alongside "
                    f"{keep} {_words(effective_markers(markers, keep))}"
                ),
                span=strays[0].span,
                field="translation",
                severity="error",
                suggestion=hint[keep] or f"use {address[keep]} throughout",
            )
        )
    elif detected in _OPPOSITE and expected == _OPPOSITE[detected]:
        found = effective_markers(markers, detected)
        weak_only = all(m.strength == "weak" for m in found)
        severity: tuple[Severity, Severity] = _SEVERITY[detected]
        findings.append(
            Finding(
                rule_id=f"formality.{detected}",
                message=(
                    f"{'probably ' if weak_only else ''}{detected} {_words(found)} where "
                    f"{address[expected]} is expected for {profile.tag}"
                ),
                span=found[0].span,
                field="translation",
                severity=severity[1] if weak_only else severity[0],
                suggestion=hint[expected] or f"use {address[expected]}",
            )
        )
    return ScoreResult(signals=signals, findings=tuple(findings))
