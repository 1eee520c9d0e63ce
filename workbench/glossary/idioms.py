"""Idiom glossary (glossaries/idioms/): entries, pattern syntax, validation and a lemma matcher."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from workbench.glossary.base import RawEntry, check_fields, load_valid
from workbench.models import SEVERITIES

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from workbench.config import Config

_REQUIRED: dict[str, type | tuple[type, ...]] = {"phrase": str, "meaning": str, "rewrite": str}
_OPTIONAL: dict[str, type | tuple[type, ...]] = {
    "variants": list,
    "separable": bool,
    "ambiguous": bool,
    "severity": str,
    "tags": list,
    "notes": str,
    "literal_before": list,
    "literal_after": list,
    "literal_context": list,
    "idiomatic_context": list,
}
_LIST_FIELDS = (
    "variants",
    "tags",
    "literal_before",
    "literal_after",
    "literal_context",
    "idiomatic_context",
)

# Slots stand for closed word classes (grammar, not knowledge), so they live here.
PRONOUNS = (
    "me",
    "you",
    "him",
    "her",
    "us",
    "them",
    "it",
    "everyone",
    "everybody",
    "someone",
    "somebody",
    "anyone",
    "anybody",
    "y'all",
    "ya",
    "myself",
    "yourself",
    "himself",
    "herself",
    "itself",
    "ourselves",
    "yourselves",
    "themselves",
)
POSSESSIVES = ("my", "your", "his", "her", "our", "their", "its")
SLOTS = ("pronoun", "possessive", "someone", "...")
MAX_GAP = 3  # words a {...} slot or a separable particle may skip
# Auxiliaries inflect with the subject and tense, never with the idiom: "our hands are tied"
# also matches "our hands were tied", even though "are" is written inflected.
AUXILIARIES = frozenset({"be", "have", "do"})

_SLOT = re.compile(r"\{([^{}]*)\}")
_TAG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True, slots=True)
class Idiom:
    """One glossary entry, ready to match."""

    phrase: str
    meaning: str
    rewrite: str
    variants: tuple[str, ...] = ()
    separable: bool = False
    ambiguous: bool = False
    severity: str = "warning"
    tags: tuple[str, ...] = ()
    notes: str = ""
    literal_before: frozenset[str] = frozenset()
    literal_after: frozenset[str] = frozenset()
    literal_context: frozenset[str] = frozenset()
    idiomatic_context: frozenset[str] = frozenset()

    @property
    def key(self) -> str:
        return normalize_phrase(self.phrase)

    @property
    def title(self) -> str:
        """The phrase as people say it: "get back to someone" for "get back to {someone}"."""
        words = {"pronoun": "someone", "someone": "someone", "possessive": "one's", "...": "..."}
        return " ".join(_SLOT.sub(lambda m: words.get(m.group(1), m.group(1)), self.phrase).split())

    def patterns(self) -> list[str]:
        """Every surface pattern: the phrase, its variants, and its split form if separable."""
        out = [self.phrase, *self.variants]
        if self.separable:
            first, _, rest = self.phrase.partition(" ")
            out.append(f"{first} {{...}} {rest}")
        return list(dict.fromkeys(out))


def normalize_phrase(phrase: str) -> str:
    """Key of a phrase: lower case, hyphens as spaces, single spaces."""
    return " ".join(phrase.lower().replace("-", " ").split())


def pattern_problems(pattern: str) -> list[str]:
    """Why a phrase or variant pattern is malformed (empty list when it is fine)."""
    problems = []
    if pattern.count("{") != pattern.count("}"):
        problems.append(f"pattern {pattern!r} has unbalanced braces")
    for name in _SLOT.findall(pattern):
        if name not in SLOTS:
            problems.append(
                f"pattern {pattern!r} has unknown slot {{{name}}}; valid: "
                + ", ".join(f"{{{s}}}" for s in SLOTS)
            )
    words = _SLOT.sub(" ", pattern).split()
    if not words:
        problems.append(f"pattern {pattern!r} has no words, only slots")
    return problems


def validate_entry(entry: RawEntry) -> list[str]:
    """Problems with one [[idiom]] entry (schema in glossaries/README.md)."""
    messages = check_fields(entry, _REQUIRED, _OPTIONAL)
    data = entry.data
    for name in _LIST_FIELDS:
        values = data.get(name)
        if isinstance(values, list):
            if not all(isinstance(v, str) and v.strip() for v in values):
                messages.append(f"field {name!r} must be a list of non-empty strings")
            elif len({v.lower() for v in values}) != len(values):
                messages.append(f"field {name!r} repeats a value")
    if messages:
        return messages
    messages.extend(pattern_problems(data["phrase"]))
    for variant in data.get("variants", []):
        messages.extend(pattern_problems(variant))
        if normalize_phrase(variant) == normalize_phrase(data["phrase"]):
            messages.append(f"variant {variant!r} repeats the phrase")
    if data.get("separable") and len(_SLOT.sub(" ", data["phrase"]).split()) < 2:
        messages.append("separable needs a phrase of at least two words (verb and particle)")
    severity = data.get("severity", "warning")
    if severity not in SEVERITIES:
        messages.append(f"severity {severity!r} is not one of {', '.join(SEVERITIES)}")
    if normalize_phrase(data["rewrite"]) == normalize_phrase(data["phrase"]):
        messages.append("rewrite repeats the idiom; give a plain-language rewrite")
    for tag in data.get("tags", []):
        if not _TAG.match(tag):
            messages.append(f"tag {tag!r} must be lower-case words joined by hyphens")
    return messages


def entry_key(entry: RawEntry) -> str:
    return normalize_phrase(str(entry.data.get("phrase", "")))


def entry_aliases(entry: RawEntry) -> list[str]:
    """The entry's variants, normalised: lint reports one listed under two idioms."""
    variants = entry.data.get("variants", [])
    if not isinstance(variants, list):
        return []
    return [normalize_phrase(v) for v in variants if isinstance(v, str)]


def to_idiom(entry: RawEntry) -> Idiom:
    data: dict[str, Any] = entry.data
    return Idiom(
        phrase=data["phrase"].strip(),
        meaning=data["meaning"].strip(),
        rewrite=data["rewrite"].strip(),
        variants=tuple(data.get("variants", ())),
        separable=bool(data.get("separable", False)),
        ambiguous=bool(data.get("ambiguous", False)),
        severity=data.get("severity", "warning"),
        tags=tuple(data.get("tags", ())),
        notes=data.get("notes", ""),
        literal_before=frozenset(w.lower() for w in data.get("literal_before", ())),
        literal_after=frozenset(w.lower() for w in data.get("literal_after", ())),
        literal_context=frozenset(w.lower() for w in data.get("literal_context", ())),
        idiomatic_context=frozenset(w.lower() for w in data.get("idiomatic_context", ())),
    )


def load_idioms(config: Config | None = None) -> tuple[list[Idiom], dict[str, str]]:
    """Bundled and user idioms; raises GlossaryError on invalid data."""
    extra = list(config.glossary_paths()) if config else []
    entries, versions = load_valid("idioms", validate_entry, entry_key, extra)
    return [to_idiom(e) for e in entries], versions


# -- matching ------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def lemma_pipeline() -> Language:
    """English tokenizer + offline lookup lemmatizer (spacy-lookups-data) + sentencizer."""
    import spacy
    from spacy.language import Language

    if not Language.has_factory("workbench_lower_lemma"):

        @Language.component("workbench_lower_lemma")
        def _lower_lemma(doc: Doc) -> Doc:
            # The lookup table is keyed by the exact text, so "Got" at a sentence start would
            # keep "Got"; look up the lower-case form and store every lemma in lower case.
            lookup = _lookup_table()
            for token in doc:
                lower = token.lower_
                if token.text != lower:
                    token.lemma_ = lookup.get(lower, lower)
                else:
                    token.lemma_ = token.lemma_.lower()
            return doc

    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.add_pipe("workbench_lower_lemma")
    nlp.add_pipe("sentencizer")
    nlp.initialize()
    return nlp


@functools.lru_cache(maxsize=1)
def _lookup_table() -> Any:
    lemmatizer: Any = lemma_pipeline().get_pipe("lemmatizer")
    return lemmatizer.lookups.get_table("lemma_lookup")


@dataclass(frozen=True, slots=True)
class IdiomMatch:
    """One idiom found in a text, with character offsets and the severity it earned."""

    idiom: Idiom
    span: tuple[int, int]
    text: str
    severity: str


class IdiomMatcher:
    """Finds glossary idioms by lemma, so inflected and split forms match too."""

    def __init__(self, idioms: Sequence[Idiom]) -> None:
        from spacy.matcher import Matcher

        self.nlp = lemma_pipeline()
        self.idioms = list(idioms)
        # One Matcher per idiom, run only on texts holding every word one of its patterns needs:
        # a single Matcher tries all ~2,000 patterns at every token, 10x slower on this glossary.
        self._matchers: list[Matcher] = []
        self._by_anchor: dict[str, list[tuple[int, frozenset[str]]]] = {}
        self._words: list[frozenset[str]] = []  # each idiom's own words, to rank overlaps
        for index, idiom in enumerate(self.idioms):
            token_patterns = [
                p for pattern in idiom.patterns() for p in self._token_patterns(pattern)
            ]
            matcher = Matcher(self.nlp.vocab)
            matcher.add(str(index), token_patterns)
            self._matchers.append(matcher)
            for needed in {_needed_words(p) for p in token_patterns}:
                # Index under the longest needed word: long words are the rare ones.
                anchor = max(sorted(needed), key=len)
                self._by_anchor.setdefault(anchor, []).append((index, needed))
            self._words.append(
                frozenset(
                    form
                    for pattern in idiom.patterns()
                    for token in self.nlp.make_doc(_SLOT.sub(" ", pattern))
                    for form in (token.lower_, self._lemma(token.lower_))
                )
            )

    def _candidates(self, doc: Doc) -> list[int]:
        """Idioms whose needed words all occur in the doc (by form or lemma), in glossary order."""
        forms = {t.lower_ for t in doc} | {t.lemma_ for t in doc}
        return sorted(
            {
                index
                for form in forms
                for index, needed in self._by_anchor.get(form, ())
                if needed <= forms
            }
        )

    def _token_patterns(self, pattern: str) -> list[list[dict[str, Any]]]:
        """spaCy Matcher patterns for one surface pattern (slots may expand to several)."""
        alternatives: list[list[dict[str, Any]]] = [[]]
        for part in re.split(r"(\{[^{}]*\})", pattern):
            if not part.strip():
                continue
            slot = _SLOT.fullmatch(part.strip())
            options = _slot_tokens(slot.group(1)) if slot else self._word_tokens(part)
            alternatives = [a + _hyphen_gap(a, o) + o for a in alternatives for o in options]
        return alternatives

    def _word_tokens(self, words: str) -> list[list[dict[str, Any]]]:
        # A word written in its base form matches every inflection (by lemma). A word written
        # inflected ("heads", "worries", "assured") matches that form, or words whose lemma it
        # is ("lay" -> "laid", though the lookup table reads "lay" as a form of "lie"), but not
        # its own lemma's other forms: that keeps "head up the team" from matching "heads up".
        alternatives: list[list[dict[str, Any]]] = [[]]
        for token in self.nlp(words.strip()):
            if token.text == "-":
                alternatives = [a + [{"ORTH": "-", "OP": "?"}] for a in alternatives]
                continue
            previous = alternatives[0][-1] if alternatives[0] else None
            gap = [{"ORTH": "-", "OP": "?"}] if previous and previous.get("ORTH") != "-" else []
            if token.lemma_ == token.lower_ or token.lemma_ in AUXILIARIES:
                options = [[{"LEMMA": token.lemma_}]]
            else:
                options = [[{"LOWER": token.lower_}], [{"LEMMA": token.lower_}]]
            alternatives = [a + gap + o for a in alternatives for o in options]
        return alternatives

    def _lemma(self, word: str) -> str:
        return _lookup_table().get(word, word)

    def find(self, texts: Sequence[str], batch_size: int = 256) -> list[list[IdiomMatch]]:
        """Idioms in each text (identical texts are analysed once)."""
        unique = list(dict.fromkeys(texts))
        found: dict[str, list[IdiomMatch]] = {}
        for text, doc in zip(unique, self.nlp.pipe(unique, batch_size=batch_size), strict=True):
            found[text] = self.find_in_doc(doc)
        return [found[t] for t in texts]

    def find_in_doc(self, doc: Doc) -> list[IdiomMatch]:
        candidates = []
        matches = [
            (i, start, end)
            for i in self._candidates(doc)
            for _, start, end in self._matchers[i](doc)
        ]
        for index, start, end in matches:
            idiom = self.idioms[index]
            severity = _judge(idiom, doc, start, end, self._words[index])
            if severity is not None:
                # Rank by the idiom's own words in the span, not by span length: a split
                # "take ... on" must not swallow "take a rain check" just by spanning more.
                own = sum(
                    1
                    for t in doc[start:end]
                    if t.lower_ in self._words[index] or t.lemma_ in self._words[index]
                )
                rank = (-own, -SEVERITIES.index(severity), start - end, start)  # type: ignore[arg-type]
                candidates.append((rank, idiom, start, end, severity))
        # Most matched words wins; then the surer severity, the longer span, the earlier start.
        candidates.sort(key=lambda c: c[0])
        taken: set[int] = set()
        out = []
        for _rank, idiom, start, end, severity in candidates:
            if taken.intersection(range(start, end)):
                continue
            taken.update(range(start, end))
            span = doc[start:end]
            out.append(IdiomMatch(idiom, (span.start_char, span.end_char), span.text, severity))
        out.sort(key=lambda m: m.span)
        return out


def _needed_words(pattern: list[dict[str, Any]]) -> frozenset[str]:
    """Words a token pattern cannot match without (fixed LEMMA/LOWER tokens, not slots)."""
    return frozenset(
        value
        for token in pattern
        if "OP" not in token
        for key in ("LEMMA", "LOWER")
        if isinstance(value := token.get(key), str)
    )


def _hyphen_gap(left: list[dict[str, Any]], right: list[dict[str, Any]]) -> list[dict[str, Any]]:
    # Between words a hyphen may appear or not ("heads-up" / "heads up", "follow-up").
    if left and right and left[-1].get("ORTH") != "-" and right[0].get("ORTH") != "-":
        return [{"ORTH": "-", "OP": "?"}]
    return []


def _slot_tokens(name: str) -> list[list[dict[str, Any]]]:
    if name == "pronoun":
        return [[{"LOWER": {"IN": list(PRONOUNS)}}]]
    if name == "possessive":
        return [[{"LOWER": {"IN": list(POSSESSIVES)}}]]
    if name == "someone":
        # a pronoun, or a name: one or two title-case words ("Maria", "Customer Care")
        return [
            [{"LOWER": {"IN": list(PRONOUNS)}}],
            [{"IS_TITLE": True, "IS_SENT_START": False}, {"IS_TITLE": True, "OP": "?"}],
        ]
    return [[{"IS_PUNCT": False, "OP": f"{{1,{MAX_GAP}}}"}]]


def _judge(idiom: Idiom, doc: Doc, start: int, end: int, own_words: frozenset[str]) -> str | None:
    """The severity a match earns in its context, or None when the words are used literally."""
    before = doc[start - 1] if start > 0 else None
    after = doc[end] if end < len(doc) else None
    if before is not None and {before.lower_, before.lemma_} & idiom.literal_before:
        return None
    if after is not None and {after.lower_, after.lemma_} & idiom.literal_after:
        return None
    sentence = doc[start].sent
    # Words of the sentence other than the idiom's own: in "roll the rug out" the gap word
    # "rug" is context (a literal use), though it lies inside the matched span.
    around = {
        form
        for t in sentence
        if not (start <= t.i < end and own_words.intersection((t.lower_, t.lemma_)))
        for form in (t.lower_, t.lemma_)
    }
    if around & idiom.literal_context:
        return None
    if idiom.ambiguous and not (around & idiom.idiomatic_context):
        return "info"
    return idiom.severity
