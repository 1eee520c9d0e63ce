"""Known mistranslations of an MT engine (glossaries/engines/<engine>.toml), found in its output.

A symmetric engine hides its own errors from the round trip: apertium writes "complacer" for
the adverb "please" and translates it back to "please". These lists name such errors per engine
and route, so the reviewer sees them even when the back-translation looks perfect.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbench.errors import GlossaryError
from workbench.models import Finding, PipelineItem
from workbench.paths import bundled_glossaries

RULE_ID = "meaning.engine_error"
_FIELDS = {"route", "source", "translation", "message", "suggestion", "examples", "note"}


@dataclass(frozen=True)
class Mistranslation:
    """One known error: where it happens, what it looks like on each side, what to write."""

    route: str  # "apertium:eng-spa": the hop that makes it
    source: re.Pattern[str]
    translation: dict[str, re.Pattern[str]]  # target language -> pattern in the output
    message: str
    suggestion: dict[str, str]
    examples: tuple[str, ...]


def _compile(raw: Any, where: str) -> re.Pattern[str]:
    if not isinstance(raw, str) or not raw:
        raise GlossaryError(f"{where} must be a non-empty regular expression")
    try:
        return re.compile(raw, re.IGNORECASE)
    except re.error as exc:
        raise GlossaryError(f"{where} is not a valid regular expression ({exc})") from None


@functools.cache
def load_engine_errors(engine: str, folder: str | None = None) -> tuple[Mistranslation, ...]:
    """The known mistranslations of one engine ("apertium"); () when there is no file."""
    path = Path(folder or bundled_glossaries() / "engines") / f"{engine}.toml"
    if not path.is_file():
        return ()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise GlossaryError(f"{path}: invalid TOML ({exc})") from None
    out = []
    for k, entry in enumerate(data.get("mistranslation", []), 1):
        where = f"{path}: mistranslation {k}"
        if unknown := set(entry) - _FIELDS:
            raise GlossaryError(f"{where}: unknown field(s) {sorted(unknown)}")
        route, message = entry.get("route"), entry.get("message")
        if not (isinstance(route, str) and route.startswith(f"{engine}:")):
            raise GlossaryError(f"{where}: route must be '{engine}:<mode>'")
        if not (isinstance(message, str) and message.strip()):
            raise GlossaryError(f"{where}: message must be a non-empty string")
        translation = entry.get("translation")
        if not (isinstance(translation, dict) and translation):
            raise GlossaryError(f"{where}: translation must be a table of language = pattern")
        suggestion = entry.get("suggestion", {})
        examples = entry.get("examples", [])
        if not (
            isinstance(examples, list) and examples and all(isinstance(e, str) for e in examples)
        ):
            raise GlossaryError(f"{where}: examples must list the drafts it was verified on")
        out.append(
            Mistranslation(
                route,
                _compile(entry.get("source"), f"{where}: source"),
                {
                    lang: _compile(p, f"{where}: translation.{lang}")
                    for lang, p in translation.items()
                },
                message,
                {str(k): str(v) for k, v in suggestion.items()}
                if isinstance(suggestion, dict)
                else {},
                tuple(examples),
            )
        )
    return tuple(out)


def _hops(model: str) -> list[str]:
    """ "apertium:eng-spa@0.7+apertium:es-pt_BR" -> ["apertium:eng-spa", "apertium:es-pt_BR"]."""
    return [hop.split("@")[0] for hop in model.split("+")]


def check_engine_errors(item: PipelineItem) -> list[Finding]:
    """Known mistranslations of the engine that made this translation, where they occur."""
    if item.forward is None or item.translation is None:
        return []
    hops = _hops(item.forward.model)
    language = item.target_language
    findings = []
    for engine in dict.fromkeys(hop.split(":")[0] for hop in hops):
        for known in load_engine_errors(engine):
            pattern = known.translation.get(language)
            if pattern is None or known.route not in hops or not known.source.search(item.source):
                continue
            for m in pattern.finditer(item.translation):
                suggestion = known.suggestion.get(language)
                findings.append(
                    Finding(
                        RULE_ID,
                        f"{known.message}: {m.group()!r}"
                        + (f" (write {suggestion!r})" if suggestion else ""),
                        m.span(),
                        "translation",
                        "error",
                        suggestion,
                    )
                )
    return findings
