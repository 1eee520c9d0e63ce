"""The name -> scorer class table; the pipeline and the contract test read it."""

from __future__ import annotations

import importlib

from workbench.scoring.base import Scorer, ScoringContext
from workbench.scoring.rules import FAMILIES

# name -> "module:Class". Imported lazily so that loading one scorer never loads another's models.
SCORERS: dict[str, str] = {
    "language": "workbench.scoring.language:LanguageScorer",
    "policy": "workbench.scoring.policy:PolicyScorer",
    "formality": "workbench.scoring.formality:FormalityScorer",
    "idioms": "workbench.scoring.idioms:IdiomScorer",
    "acronyms": "workbench.scoring.acronyms:AcronymScorer",
    "terms": "workbench.scoring.terms:TermScorer",
    "placeholders": "workbench.scoring.placeholders:PlaceholderScorer",
    "drift": "workbench.scoring.drift:DriftScorer",
    "meaning": "workbench.scoring.meaning:MeaningScorer",
    "qa": "workbench.scoring.qa:QAScorer",
}


# The first part of every rule id a scorer emits ("idioms.idiom" -> "idioms"); config that
# names rules (disabled_rules, select, risk.weights, ...) is checked against it. Derived from
# the rule table, where each rule is described once.
RULE_FAMILIES: tuple[str, ...] = FAMILIES


def scorer_class(name: str) -> type[Scorer]:
    module_name, _, class_name = SCORERS[name].partition(":")
    return getattr(importlib.import_module(module_name), class_name)


def build_scorers(context: ScoringContext, names: list[str] | None = None) -> list[Scorer]:
    """Instantiate the enabled scorers (all registered ones by default), in table order."""
    chosen = [n for n in SCORERS if names is None or n in names]
    return [scorer_class(n)(context) for n in chosen]
