"""Locale policy checks driven by glossaries/policy and each target's locale profile."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

import emoji

from workbench.glossary.locales import LocaleProfile, profile_for
from workbench.glossary.policy import PolicyRule, load_policy_rules
from workbench.models import Finding, PipelineItem, ScoreResult
from workbench.scoring.base import ScoringContext


class PolicyScorer:
    """Review requests, blame, marketing, return windows, apologies, emoji and currency."""

    name: ClassVar[str] = "policy"

    def __init__(self, context: ScoringContext) -> None:
        self.context = context
        self.config = context.config

    def score(self, items: Sequence[PipelineItem]) -> list[ScoreResult]:
        rules = self.context.get("policy.rules", lambda: load_policy_rules(self.config))
        profiles: dict[str, LocaleProfile] = {}
        results = []
        for item in items:
            if item.target not in profiles:
                profiles[item.target] = profile_for(item.target, self.config)
            profile = profiles[item.target]
            findings: list[Finding] = []
            for rule in rules:
                findings.extend(check_rule(rule, item, profile))
            results.append(ScoreResult({}, tuple(findings)))
        return results


def _fmt(template: str | None, **values: object) -> str | None:
    return template.format(**values) if template else None


def check_rule(rule: PolicyRule, item: PipelineItem, profile: LocaleProfile) -> list[Finding]:
    """Findings of one rule on one item (pure)."""
    source = item.message.text
    values = {
        "locale": profile.tag,
        "floor": profile.return_window_days,
        "currency": profile.currency,
        "code": rule.currency,
    }

    def finding(span: tuple[int, int], field: str = "source", **extra: object) -> Finding:
        v = {**values, **extra}
        return Finding(
            rule.id,
            rule.message.format(**v),
            span,
            field,  # type: ignore[arg-type]
            rule.severity,  # type: ignore[arg-type]  # validated when the glossary loads
            _fmt(rule.suggestion, **v),
        )

    if not rule.applies_to(profile.tag, profile.language):
        return []
    words = len(source.split())
    if words < rule.min_words:
        return []

    if rule.kind == "pattern":
        if rule.min_count > 1:  # a repeated thing: over-apologising
            matches = [m for p in rule.patterns for m in p.finditer(source)]
            if len(matches) < rule.min_count:
                return []
            second = sorted(matches, key=lambda m: m.start())[1]
            return [finding(second.span(), count=len(matches))]
        for pattern in rule.patterns:
            match = pattern.search(source)
            if match:
                return [finding(match.span())]
        return []

    if rule.kind == "missing":  # a courtesy the locale expects: greeting, closing, thanks
        if rule.context and not any(p.search(source) for p in rule.context):
            return []
        if any(p.search(source) for p in rule.patterns):
            return []
        first_line = source.strip().split("\n", 1)[0]
        start = source.find(first_line)
        return [finding((start, start + len(first_line)))]

    if rule.kind == "brevity":  # a complaint answered in a few words reads as indifference
        context = next((m for p in rule.context if (m := p.search(source))), None)
        if context and words < rule.max_words:
            return [finding((0, len(source.rstrip())), count=words)]
        return []

    if rule.kind == "return_window":
        floor = profile.return_window_days
        if floor is None:
            return []
        out = []
        for pattern in rule.patterns:
            for match in pattern.finditer(source):
                days = int(match.group("days"))
                if 0 < days < floor:
                    out.append(finding(match.span("days"), days=days))
            if out:
                return out
        return []

    if rule.kind == "apology":
        if profile.apology_expected != "high":
            return []
        context = next((m for p in rule.context if (m := p.search(source))), None)
        if context and not any(p.search(source) for p in rule.patterns):
            return [finding(context.span())]
        return []

    if rule.kind == "emoji":
        if profile.emoji_ok:
            return []
        out = []
        for field_name in ("source", "translation"):
            text = item.text_of(field_name)  # type: ignore[arg-type]
            found = emoji.emoji_list(text) if text else []
            if found:
                first = found[0]
                out.append(finding((first["match_start"], first["match_end"]), field_name))
        return out

    if rule.kind == "currency":
        if not profile.currency or profile.currency == rule.currency:
            return []
        for pattern in rule.patterns:
            match = pattern.search(source)
            if match:
                return [finding(match.span())]
        return []
    return []
