"""The rule table: one description per rule, read by config, HTML and SARIF."""

from __future__ import annotations

from workbench.models import SEVERITIES
from workbench.report.highlight import CATEGORIES
from workbench.scoring.registry import RULE_FAMILIES
from workbench.scoring.rules import RULES, describe


def test_every_rule_is_described() -> None:
    for rule in RULES:
        assert rule.level in SEVERITIES, rule.id
        assert rule.short and rule.full and rule.help, rule.id
        assert rule.short != rule.id and rule.full.endswith("."), rule.id
    assert set(RULE_FAMILIES) == {r.family for r in RULES} | {"policy"}
    assert CATEGORIES == RULE_FAMILIES


def test_policy_rules_are_described_by_their_glossary_entry() -> None:
    rule = describe("policy.review_request")
    assert rule.level == "error" and "review" in rule.short.lower()
    assert "{" not in rule.full  # message templates are filled in


def test_unknown_rules_fall_back_to_their_family() -> None:
    rule = describe("meaning.something_new")
    assert rule.level == next(r for r in RULES if r.family == "meaning").level
    assert rule.full == next(r for r in RULES if r.family == "meaning").full
    assert rule.short.startswith("meaning.something_new (")
    assert describe("brandnew.rule").short == "brandnew.rule (brandnew check)"
