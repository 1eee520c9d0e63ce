"""Acronyms: unexplained or internal ones in a draft; dropped or mangled ones in its translation."""

from __future__ import annotations

import bisect
import functools
import gzip
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import ClassVar

from workbench.glossary.acronyms import TOKEN_CHAR, Acronym, AcronymGlossary, load_acronyms
from workbench.glossary.terms import exact_pattern, target_pattern
from workbench.models import Finding, PipelineItem, ScoreResult
from workbench.mt.masking import find_protected
from workbench.scoring.base import ScoringContext

# Acronym-like: letters, digits and '&' with 2 to 6 capitals and nothing lower-case ("XYZ", "3PL").
_CANDIDATE = re.compile(
    rf"(?<![{TOKEN_CHAR}'\u2019.\-])[A-Z0-9][A-Z0-9&]{{1,9}}(?![{TOKEN_CHAR}]|-\w)"
)
_ROMAN = re.compile(r"^[IVXLCDM]+$")
# Anonymisation tokens that stand in for removed personal data ("#PRS_ORG#", "#NAME#",
# "#EMAIL#" in public support-chat corpora): placeholders, not acronyms to expand.
ANONYMIZED = re.compile(r"#[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*#")
_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019]*")
# How far before "(ACR)" or inside "ACR (…)" an expansion is looked for.
_WINDOW = 120


@functools.lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Ordinary English words (lower case), from spaCy's lookup tables and stop-word list.

    Used to tell shouting ("PLEASE NOTE", "FREE") from unknown acronyms. Nouns from the lemma
    index are left out on purpose: that list includes acronyms such as "faq" and "ceo".
    """
    import importlib.util

    import spacy_lookups_data

    base = spacy_lookups_data.__path__[0] + "/data/"
    with gzip.open(base + "en_lemma_lookup.json.gz", "rt", encoding="utf-8") as fh:
        lookup: dict[str, str] = json.load(fh)
    with gzip.open(base + "en_lemma_index.json.gz", "rt", encoding="utf-8") as fh:
        index: dict[str, list[str]] = json.load(fh)
    # spaCy's English stop words, read from their data module without importing all of spaCy
    # (that takes seconds, and a run that only checks acronyms does not need it).
    spec = importlib.util.find_spec("spacy")
    assert spec is not None and spec.submodule_search_locations
    stop_file = spec.submodule_search_locations[0] + "/lang/en/stop_words.py"
    namespace: dict[str, object] = {}
    with open(stop_file, encoding="utf-8") as fh:
        exec(compile(fh.read(), stop_file, "exec"), namespace)  # a plain data module: one set
    stop_words = namespace["STOP_WORDS"]
    assert isinstance(stop_words, set)
    words = set(stop_words) | set(lookup) | set(lookup.values())
    words.update(index.get("adj", ()))
    words.update(index.get("verb", ()))
    return frozenset(w.lower() for w in words)


@functools.lru_cache(maxsize=1)
def currency_codes() -> frozenset[str]:
    """ISO 4217 currency codes (EUR, USD, BRL, JPY…) from CLDR via babel: kept as written,
    so never an unknown acronym."""
    import babel.numbers

    return frozenset(babel.numbers.list_currencies())


def _normalize(text: str) -> str:
    """Lower case; punctuation and hyphens as spaces ("Fulfilment-by" ~ "fulfilment by")."""
    return " ".join(re.sub(r"[^\w&]+", " ", text.casefold()).split())


def defines(short: str, long_form: str) -> bool:
    """Whether `long_form` reads as a definition of `short` (Schwartz & Hearst, 2003).

    Every letter of the acronym must appear in order, the first one at the start of a word:
    "purchase order" defines PO, "cash on delivery" defines COD. Digits are skipped ("2FA").
    """
    letters = [c.lower() for c in short if c.isalpha()]
    text = long_form.lower()
    if not letters or not text.strip() or len(text.split()) > len(letters) + 4:
        return False
    s, t = len(letters) - 1, len(text) - 1
    while s >= 0:
        c = letters[s]
        while t >= 0 and (text[t] != c or (s == 0 and t > 0 and text[t - 1].isalnum())):
            t -= 1
        if t < 0:
            return False
        t -= 1
        s -= 1
    return True


def _ends_with_expansion(window: str, expansions: Sequence[str]) -> bool:
    norm = _normalize(window)
    return any(norm.endswith(_normalize(e)) for e in expansions)


def is_expanded_at(text: str, start: int, end: int, acronym: Acronym | None, form: str) -> bool:
    """Whether the use of an acronym at [start, end) is explained where it stands or before it.

    Counts "Expansion (ACR)", "ACR (Expansion)", and the expansion written earlier in the text
    or close behind ("COD, i.e. cash on delivery").
    """
    expansions = acronym.expansions if acronym else ()
    before = text[max(0, start - _WINDOW) : start]
    # "Fulfillment by Amazon (FBA)"
    opening = re.search(r"[(\[]\s*$", before)
    if opening:
        window = before[: opening.start()].rstrip(" ,:-\u2013\u2014")
        if _ends_with_expansion(window, expansions):
            return True
        words = re.findall(r"[\w'\u2019&-]+", window)
        n = len([c for c in form if c.isalpha()])
        for k in range(max(1, n - 1), min(len(words), n + 4) + 1):
            if defines(form, " ".join(words[-k:])):
                return True
    # "FBA (Fulfillment by Amazon)"
    after = re.match(r"\s*[(\[]([^()\[\]]{1,120})[)\]]", text[end : end + _WINDOW + 5])
    if after:
        inside = after.group(1)
        norm = _normalize(inside)
        if any(_normalize(e) in norm for e in expansions) or defines(form, inside.strip()):
            return True
    if expansions:
        head = _normalize(text[: end + 80])
        if any(_normalize(e) in head for e in expansions):
            return True
    return False


@dataclass(frozen=True, slots=True)
class Use:
    """One acronym use in a text."""

    form: str  # as written, without a plural "s"
    span: tuple[int, int]
    acronym: Acronym | None  # None for an unknown acronym-like token


def _outside(spans: list[tuple[int, int]], starts: list[int], start: int, end: int) -> bool:
    i = bisect.bisect_right(starts, start) - 1
    if i >= 0 and spans[i][1] > start:
        return False
    j = bisect.bisect_left(starts, start)
    return not (j < len(spans) and spans[j][0] < end)


def _shouting(text: str, start: int, end: int, words: frozenset[str]) -> bool:
    """Whether a token sits among capitalised ordinary words ("CONTACT US", "READ IT NOW")."""
    before = re.search(r"([A-Za-z']+)[^A-Za-z\n]{1,3}$", text[max(0, start - 30) : start])
    after = re.match(r"[^A-Za-z\n]{1,3}([A-Za-z']+)", text[end : end + 30])
    for m in (before, after):
        if m:
            word = m.group(1)
            if len(word) >= 2 and word.isupper() and word.lower().strip("'") in words:
                return True
    return False


def find_uses(text: str, glossary: AcronymGlossary, words: frozenset[str]) -> list[Use]:
    """Known and unknown acronyms outside URLs, e-mail addresses, placeholders and codes."""
    protected = sorted(
        [(p.start, p.end) for p in find_protected(text)]
        + [m.span() for m in ANONYMIZED.finditer(text)]
    )
    starts = [s for s, _ in protected]
    uses: list[Use] = []
    taken: set[int] = set()
    for m in glossary.pattern.finditer(text):
        form = m.group("acr")
        start, end = m.start(), m.end()
        if not _outside(protected, starts, start, end):
            continue
        acronym = glossary.get(form)
        assert acronym is not None
        if any(
            text.startswith(x, max(0, start - x.index(form)))
            for x in acronym.exceptions
            if form in x
        ):
            continue
        if form.lower() in words and _shouting(text, start, end, words):
            continue
        uses.append(Use(form, (start, start + len(form)), acronym))
        taken.add(start)
    for m in _CANDIDATE.finditer(text):
        token = m.group()
        start, end = m.start(), m.end()
        if start in taken or not _outside(protected, starts, start, end):
            continue
        capitals = sum(c.isupper() for c in token)
        if not 2 <= capitals <= 6 or _ROMAN.match(token):
            continue
        # "10AM", "128GB", "5G": a number with a known unit or suffix.
        if token.lstrip("0123456789") in glossary:
            continue
        if token.lower() in words:  # "NOTE", "FREE", "PLEASE": shouting, not an acronym
            continue
        if token.endswith("S") and token[:-1] in glossary:
            continue
        if token in currency_codes():  # "prices in EUR": a known code, kept as is
            continue
        uses.append(Use(token, (start, end), None))
    uses.sort(key=lambda u: u.span)
    return uses


def check_source(
    text: str, target: str, glossary: AcronymGlossary, words: frozenset[str]
) -> tuple[list[Finding], list[Use]]:
    """Findings on the draft: unexpanded (first use), forbidden (every use), unknown (first use)."""
    findings: list[Finding] = []
    seen: set[str] = set()
    uses = find_uses(text, glossary, words)
    for use in uses:
        acronym = use.acronym
        start, end = use.span
        if acronym is None:
            if use.form in seen:
                continue
            seen.add(use.form)
            if not is_expanded_at(text, start, end, None, use.form):
                findings.append(
                    Finding(
                        "acronyms.unknown",
                        f"{use.form} is not in the acronym glossary: expand it on first use if "
                        "customers may not know it",
                        use.span,
                        "source",
                        "info",
                        None,
                    )
                )
            continue
        policy = acronym.policy_for(target)
        if policy == "never":
            findings.append(
                Finding(
                    "acronyms.forbidden",
                    f"{use.form} ({acronym.expansion}) is internal jargon and must not reach "
                    "customers",
                    use.span,
                    "source",
                    "error",
                    acronym.expansion,
                )
            )
            continue
        key = acronym.acronym
        if key in seen:
            continue
        seen.add(key)
        if policy == "expand" and not is_expanded_at(text, start, end, acronym, use.form):
            findings.append(
                Finding(
                    "acronyms.unexpanded",
                    f"{use.form} ({acronym.expansion}) is not explained at its first use; "
                    "readers in "
                    f"{target} may not know it",
                    use.span,
                    "source",
                    "warning",
                    acronym.suggestion(),
                )
            )
    return findings, uses


@functools.lru_cache(maxsize=4096)
def _compiled(kind: str, phrase: str, language: str) -> re.Pattern[str]:
    if kind == "exact":
        return exact_pattern(phrase)
    return target_pattern(phrase, language)


def explained_in(translation: str, target: str, acronym: Acronym) -> bool:
    """Whether the translation spells the acronym out (its expansion or an approved translation
    of it), beside the acronym or instead of it: "Logística de Amazon (FBA)"."""
    language = target.split("-")[0].lower()
    expanded = [*acronym.translations_for(target), *acronym.expansions]
    return any(_compiled("target", e, language).search(translation) for e in expanded)


def soften_explained(
    findings: list[Finding], uses: Sequence[Use], translation: str, target: str
) -> list[Finding]:
    """An acronym the draft leaves unexplained but the translation explains reaches the
    customer explained: kept as a note (info) about the draft, no longer a warning."""
    by_span = {u.span: u for u in uses}
    out = []
    for f in findings:
        use = by_span.get(f.span) if f.rule_id == "acronyms.unexpanded" else None
        if (
            use is not None
            and use.acronym is not None
            and explained_in(translation, target, use.acronym)
        ):
            f = replace(
                f,
                severity="info",
                message=f"{use.form} ({use.acronym.expansion}) is not explained in the draft, "
                f"but the {target} translation spells it out",
            )
        out.append(f)
    return out


def check_translation(translation: str, target: str, uses: Sequence[Use]) -> list[Finding]:
    """Each known acronym of the draft must be kept, localised or expanded in the translation."""
    language = target.split("-")[0].lower()
    findings: list[Finding] = []
    done: set[str] = set()
    for use in uses:
        acronym = use.acronym
        if acronym is None or acronym.acronym in done:
            continue
        done.add(acronym.acronym)
        if acronym.policy_for(target) == "never" or not acronym.required_in_translation:
            continue
        kept = [*acronym.surface_forms, *acronym.local_forms_for(target)]
        if any(_compiled("exact", f, language).search(translation) for f in kept):
            continue
        if explained_in(translation, target, acronym):
            continue
        mangled = _mangled_form(translation, acronym.acronym)
        if mangled is not None:
            findings.append(
                Finding(
                    "acronyms.mangled",
                    f"{acronym.acronym} appears altered in the translation as "
                    f"{translation[mangled[0] : mangled[1]]!r}",
                    mangled,
                    "translation",
                    "warning",
                    acronym.acronym,
                )
            )
            continue
        approved = acronym.translations_for(target)
        findings.append(
            Finding(
                "acronyms.dropped",
                f"{acronym.acronym} ({acronym.expansion}) from the source is neither kept nor "
                "expanded "
                "in the translation",
                (0, 0),
                "translation",
                "warning",
                approved[0] if approved else acronym.acronym,
            )
        )
    return findings


def _mangled_form(translation: str, acronym: str) -> tuple[int, int] | None:
    """Where the translation has the acronym in another case, dotted, spaced or scrambled."""
    letters = [c for c in acronym if c.isalnum()]
    if len(letters) < 2:
        return None
    spaced = r"[.\s]?".join(re.escape(c) for c in letters) + r"\.?"
    for m in re.finditer(
        rf"(?<![{TOKEN_CHAR}]){spaced}(?![{TOKEN_CHAR}])", translation, re.IGNORECASE
    ):
        # An all-lower-case short match is more likely a word of the target language
        # (Polish "pod", Spanish "usa") than a lower-cased acronym.
        if not m.group().islower() or len(letters) >= 4 or "." in m.group():
            return m.span()
    # The same capitals in another order ("FAB" for "FBA").
    want = sorted(letters)
    for m in re.finditer(
        rf"(?<![{TOKEN_CHAR}])[A-Z0-9]{{{len(letters)}}}(?![{TOKEN_CHAR}])", translation
    ):
        if sorted(m.group()) == want:
            return m.span()
    return None


class AcronymScorer:
    """Unexplained, internal or unknown acronyms in drafts; dropped or mangled ones after MT."""

    name: ClassVar[str] = "acronyms"

    def __init__(self, context: ScoringContext) -> None:
        self.context = context

    def score(self, items: Sequence[PipelineItem]) -> list[ScoreResult]:
        if not items:
            return []
        glossary: AcronymGlossary = self.context.get(
            "acronyms.glossary", lambda: load_acronyms(self.context.config)
        )
        words: frozenset[str] = self.context.get("acronyms.english_words", english_words)
        results = []
        for item in items:
            try:
                findings, uses = check_source(item.source, item.target, glossary, words)
                unavailable = {}
                if item.translation is None:
                    unavailable["acronyms.translation"] = "no translation to compare"
                else:
                    findings = soften_explained(findings, uses, item.translation, item.target)
                    findings.extend(check_translation(item.translation, item.target, uses))
            except Exception as exc:  # one odd text must not stop the batch
                results.append(ScoreResult(unavailable={"acronyms": f"check failed: {exc}"}))
                continue
            known = sum(1 for u in uses if u.acronym is not None)
            results.append(ScoreResult({"acronyms_found": known}, tuple(findings), unavailable))
        return results
