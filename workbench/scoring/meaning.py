"""Cheap explicit meaning checks: negations, numbers and names the round trip lost or changed."""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.errors import GlossaryError
from workbench.glossary.acronyms import load_acronyms
from workbench.models import Finding, PipelineItem, ScoreResult
from workbench.mt.masking import find_protected
from workbench.nlp import blank
from workbench.paths import bundled_glossaries
from workbench.risk import DIRECT_SIGNAL
from workbench.scoring.acronyms import ANONYMIZED, currency_codes, english_words
from workbench.scoring.base import ScoringContext
from workbench.scoring.engine_errors import check_engine_errors

if TYPE_CHECKING:  # spaCy is imported where texts are parsed, not when the module loads
    from spacy.tokens import Doc, Span

_DIGITS = re.compile(r"\d+")
# A group separator is , . space or narrow space followed by exactly three digits (1,000 1.000).
_GROUP_SEP = re.compile(r"(?<=\d)[,.\u00a0\u202f ](?=\d{3}(?!\d))")
_PLAIN_NUMBER = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
_STRIP_MARKS = "*#@"  # apertium marks unknown / untranslatable words with these
# A product or model code mixes letters and digits inside one word ("X200", "2FA", "iPhone15");
# "settings.2" is a word with list numbering glued on, not a code.
_CODE = re.compile(r"[^\W\d_][0-9]|[0-9][^\W\d_]")
# List numbering or a sentence end glued to the previous word ("settings.2 Choose", "done.Next"):
# the word after it starts a sentence the sentencizer missed.
_GLUED_BREAK = re.compile(r"(?:\.\d{1,3}|^\d{1,3}\.)$")


@dataclass(frozen=True)
class MeaningLexicon:
    """One language's word lists from glossaries/meaning/<lang>.toml."""

    language: str
    version: str
    negations: frozenset[str]
    neutral_phrases: tuple[tuple[str, ...], ...]
    polarity_items: tuple[tuple[str, ...], ...]
    number_words: dict[str, int]
    tens: dict[str, int]
    scales: dict[str, int]
    ordinals: dict[str, int]
    articles: frozenset[str]
    digit_suffixes: frozenset[str]
    ignore_values: frozenset[float]
    duration_units: dict[str, float]
    entity_ignore: frozenset[str]
    antonyms: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]
    omission_ratio: float
    omission_min_words: int
    # Direct checks of a translation in this language (glossaries/meaning/<target>.toml).
    concord: frozenset[str] = frozenset()  # count only in a clause without another negation
    weak: frozenset[str] = frozenset()  # "without", "unavailable": only offset, never report
    exceptive: frozenset[str] = frozenset()  # "ne … que", "しか…ない": the clause is not negated
    norms: frozenset[str] = frozenset()  # negating morphemes by normalised form (ja)
    patterns: tuple[re.Pattern[str], ...] = ()  # whole-token regexes (tr -mA- suffix)
    length_ratio: float | None = None  # expected characters of this language per English one
    length_low: float = 0.0  # ratios outside [low, high] are reported
    length_high: float = float("inf")
    length_min_chars: int = 40  # shorter drafts vary too much to judge

    @property
    def has_negation(self) -> bool:
        """Whether the file lists negation markers (a language without them is not checked)."""
        return bool(self.negations or self.norms or self.patterns)


def _words(data: dict[str, Any], section: str, key: str, path: Path) -> list[str]:
    value = data.get(section, {}).get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise GlossaryError(f"{path}: {section}.{key} must be a list of non-empty strings")
    return [v.lower() for v in value]


def _table(data: dict[str, Any], section: str, key: str, path: Path) -> dict[str, Any]:
    value = data.get(section, {}).get(key, {})
    if not isinstance(value, dict) or not all(
        isinstance(v, (int, float)) and not isinstance(v, bool) for v in value.values()
    ):
        raise GlossaryError(f"{path}: {section}.{key} must be a table of word = number")
    return {k.lower(): v for k, v in value.items()}


def check_lexicon(language: str, folder: str | None = None) -> None:
    """Validate a meaning lexicon without spaCy (for `glossary lint`): phrases are split on
    spaces here, as tokenising them never rejects a file, only shapes the tuples matched."""
    load_lexicon.__wrapped__(language, folder, split=lambda p: tuple(p.lower().split()))


@functools.cache
def load_lexicon(
    language: str, folder: str | None = None, split: Callable[[str], tuple[str, ...]] | None = None
) -> MeaningLexicon | None:
    """The meaning word lists for `language`, or None when there is no file for it.

    Phrases are tokenised like the texts, with spaCy, unless `split` is given.
    """
    words = split or (lambda p: tuple(t.lower_ for t in blank(language).make_doc(p)))
    path = Path(folder or bundled_glossaries() / "meaning") / f"{language}.toml"
    if not path.is_file():
        return None
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise GlossaryError(f"{path}: invalid TOML ({exc})") from None
    known = {"meta", "negation", "numbers", "entities", "antonyms", "omission", "length"}
    if unknown := set(data) - known:
        raise GlossaryError(f"{path}: unknown section(s) {sorted(unknown)}; valid: {sorted(known)}")
    return MeaningLexicon(
        language=language,
        version=str(data.get("meta", {}).get("version", "unversioned")),
        # weak markers are markers too: they only weigh less in the direct check
        negations=frozenset(
            _words(data, "negation", "words", path) + _words(data, "negation", "weak", path)
        ),
        neutral_phrases=tuple(
            # tokenised like the texts, so "don't worry" becomes ("do", "n't", "worry")
            words(p)
            for p in _words(data, "negation", "neutral_phrases", path)
        ),
        polarity_items=tuple(words(p) for p in _words(data, "negation", "polarity_items", path)),
        number_words=_table(data, "numbers", "words", path),
        tens=_table(data, "numbers", "tens", path),
        scales=_table(data, "numbers", "scales", path),
        ordinals=_table(data, "numbers", "ordinals", path),
        articles=frozenset(_words(data, "numbers", "articles", path)),
        digit_suffixes=frozenset(_words(data, "numbers", "digit_suffixes", path)),
        ignore_values=frozenset(float(v) for v in data.get("numbers", {}).get("ignore_values", [])),
        duration_units=_table(data, "numbers", "duration_units", path),
        entity_ignore=frozenset(_words(data, "entities", "ignore", path)),
        antonyms=_antonyms(data, path, words),
        omission_ratio=float(data.get("omission", {}).get("min_ratio", 0.0)),
        omission_min_words=int(data.get("omission", {}).get("min_words", 1)),
        concord=frozenset(_words(data, "negation", "concord", path)),
        weak=frozenset(_words(data, "negation", "weak", path)),
        exceptive=frozenset(_words(data, "negation", "exceptive", path)),
        norms=frozenset(_words(data, "negation", "norms", path)),
        patterns=_patterns(data, path),
        **_length(data, path),
    )


def _patterns(data: dict[str, Any], path: Path) -> tuple[re.Pattern[str], ...]:
    out = []
    for raw in data.get("negation", {}).get("patterns", []):
        try:
            out.append(re.compile(raw, re.IGNORECASE))
        except (re.error, TypeError) as exc:
            raise GlossaryError(
                f"{path}: negation.patterns has an invalid pattern {raw!r} ({exc})"
            ) from None
    return tuple(out)


def _length(data: dict[str, Any], path: Path) -> dict[str, Any]:
    section = data.get("length", {})
    if not section:
        return {}
    try:
        ratio, low, high = (float(section[k]) for k in ("ratio", "low", "high"))
        min_chars = int(section.get("min_chars", 40))
    except (KeyError, TypeError, ValueError) as exc:
        raise GlossaryError(
            f"{path}: length needs numbers ratio, low, high (and optional min_chars): {exc}"
        ) from None
    if not 0 < low <= ratio <= high:
        raise GlossaryError(f"{path}: length must have 0 < low <= ratio <= high")
    return {
        "length_ratio": ratio,
        "length_low": low,
        "length_high": high,
        "length_min_chars": min_chars,
    }


def _antonyms(
    data: dict[str, Any], path: Path, words: Callable[[str], tuple[str, ...]]
) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    pairs = data.get("antonyms", {}).get("pairs", [])
    out = []
    for pair in pairs:
        if not (
            isinstance(pair, list)
            and len(pair) == 2
            and all(isinstance(w, str) and w.strip() for w in pair)
        ):
            raise GlossaryError(f"{path}: antonyms.pairs entries must be two words, got {pair!r}")
        a, b = (words(w) for w in pair)
        out.append((a, b))
    return tuple(out)


# -- negation ---------------------------------------------------------------------------------
def negation_spans(sent: Span | Doc, lex: MeaningLexicon) -> list[tuple[int, int]]:
    """Character spans of the negation markers in a sentence, minus neutral fixed phrases."""
    return _negations(sent, lex)[0]


def _is_negation(token: Any, lower: str, lex: MeaningLexicon) -> bool:
    return (
        lower in lex.negations
        or (bool(lex.norms) and token.norm_ in lex.norms)
        or any(p.fullmatch(lower) for p in lex.patterns)
    )


def _negations(sent: Span | Doc, lex: MeaningLexicon) -> tuple[list[tuple[int, int]], int]:
    """Negation markers that count, and how many more sit inside neutral fixed phrases.

    Per clause (between punctuation): negative-concord words ("nada", "jamais") count only
    where no other marker negates the clause, and a clause with an exceptive word ("ne … que",
    "しか…ない": "only") and no concord word is not negated.
    """
    tokens = [t for t in sent if not t.is_space]
    lower = [t.lower_ for t in tokens]
    neutral: set[int] = set()
    for phrase in lex.neutral_phrases:
        n = len(phrase)
        for i in range(len(lower) - n + 1):
            if tuple(lower[i : i + n]) == phrase:
                neutral.update(range(i, i + n))
    marker = [_is_negation(t, lower[i], lex) for i, t in enumerate(tokens)]
    counted: list[int] = []
    clause: list[int] = []
    for i in [*range(len(tokens)), None]:
        if i is not None and not tokens[i].is_punct:
            clause.append(i)
            continue
        markers = [k for k in clause if marker[k] and k not in neutral]
        concord = [k for k in clause if lower[k] in lex.concord and k not in neutral]
        if not concord and any(lower[k] in lex.exceptive for k in clause):
            markers = []
        counted += markers if markers else concord[:1]
        clause = []
    spans = [(tokens[k].idx, tokens[k].idx + len(tokens[k].text)) for k in sorted(counted)]
    return spans, sum(1 for k in neutral if marker[k] or lower[k] in lex.concord)


def polarity_count(sent: Span | Doc, lex: MeaningLexicon) -> int:
    """How many negative-polarity items ("any", "anybody", "ever", "at all") a sentence has."""
    lower = [t.text.strip(_STRIP_MARKS).lower() for t in sent if not t.is_space]
    return sum(len(_occurrences(lower, phrase)) for phrase in lex.polarity_items)


def _sentences(doc: Doc) -> list[Span]:
    return [s for s in doc.sents if s.text.strip()]


def check_negation(src: Doc, back: Doc, lex: MeaningLexicon) -> list[Finding]:
    """A negation present on one side only, compared sentence by sentence when they line up."""
    src_sents, back_sents = _sentences(src), _sentences(back)
    pairs: list[tuple[Span | Doc, Span | Doc]] = (
        list(zip(src_sents, back_sents, strict=True))
        if len(src_sents) == len(back_sents)
        else [(src, back)]
    )
    findings = []
    for s, b in pairs:
        (s_neg, s_neutral), (b_neg, b_neutral) = _negations(s, lex), _negations(b, lex)
        # A neutral phrase on one side ("Don't worry") may come back as a plain negation
        # ("It does not concern"): its negation is allowed to show up on the other side.
        # MT back into English often renders a negative word ("nadie", "ninguna") as its
        # polarity item ("anybody", "any"): more of those than the draft has means the
        # negation is still in the translation, only not spelled as one in the round trip.
        surplus = max(0, polarity_count(b, lex) - polarity_count(s, lex))
        if len(s_neg) > len(b_neg) + surplus + b_neutral:
            start, end = s_neg[len(b_neg)]
            word = src.text[start:end]
            findings.append(
                Finding(
                    "meaning.negation",
                    f"the negation {word!r} in the draft is missing from the back-translation: "
                    "the translation may say the opposite",
                    (start, end),
                    "source",
                    "error",
                )
            )
        elif len(b_neg) > len(s_neg) + s_neutral:
            start, end = b_neg[len(s_neg)]
            word = back.text[start:end]
            findings.append(
                Finding(
                    "meaning.negation",
                    f"the back-translation adds the negation {word!r} the draft does not have: "
                    "the translation may say the opposite",
                    (start, end),
                    "back_translation",
                    "error",
                )
            )
    return findings


# -- numbers ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Quantity:
    value: float  # durations in days
    span: tuple[int, int]
    text: str

    @property
    def key(self) -> float:
        return round(self.value, 4)


def _digit_values(text: str) -> list[float]:
    """The numbers written with digits in one token ("1,000" -> 1000, "3:30pm" -> 3 and 30)."""
    if _PLAIN_NUMBER.match(text):
        return [float(text.replace(",", ""))]
    return [float(int(run)) for run in _DIGITS.findall(unicodedata.normalize("NFKC", text))]


def quantities(doc: Doc, lex: MeaningLexicon) -> list[Quantity]:
    """Numbers in digits or words, with a following duration unit folded in (2 weeks = 14 days)."""
    tokens = [t for t in doc if not t.is_space]
    out: list[Quantity] = []
    i = 0
    while i < len(tokens):
        tok, low = tokens[i], tokens[i].lower_
        start, values, j = tok.idx, [], i + 1
        if any(c.isdigit() for c in tok.text):
            letters = "".join(c for c in tok.text if c.isalpha()).lower()
            if not letters or letters in lex.digit_suffixes:  # "X200" is a name, not a number
                values = _digit_values(tok.text)
        elif low in lex.ordinals:
            values = [float(lex.ordinals[low])]
        elif (
            low in lex.number_words
            or low in lex.tens
            or (
                low in lex.articles
                and j < len(tokens)
                and (tokens[j].lower_ in lex.scales or tokens[j].lower_ in lex.duration_units)
            )
        ):
            total, current, j = 0.0, 0.0, i
            while j < len(tokens):
                w = tokens[j].lower_
                if w in lex.number_words:
                    current += lex.number_words[w]
                elif w in lex.tens:
                    current += lex.tens[w]
                elif w in lex.articles and j == i:
                    current = 1.0
                elif w in lex.scales:
                    current = max(current, 1.0) * lex.scales[w]
                    if lex.scales[w] >= 1000:
                        total, current = total + current, 0.0
                elif (
                    w in ("-", "and")
                    and j + 1 < len(tokens)
                    and (
                        tokens[j + 1].lower_ in lex.number_words or tokens[j + 1].lower_ in lex.tens
                    )
                ):
                    pass
                else:
                    break
                j += 1
            values = [total + current]
        if not values:
            i += 1
            continue
        # A duration unit right after the last value, perhaps after a hyphen ("14-day").
        k = j
        if k < len(tokens) and tokens[k].text == "-":
            k += 1
        end = tokens[j - 1].idx + len(tokens[j - 1].text)
        if k < len(tokens) and tokens[k].lower_ in lex.duration_units and len(values) == 1:
            values = [values[0] * lex.duration_units[tokens[k].lower_]]
            end = tokens[k].idx + len(tokens[k].text)
            j = k + 1
            unit = True
        else:
            unit = False
        for v in values:
            if unit or v not in lex.ignore_values:
                out.append(Quantity(v, (start, end), doc.text[start:end]))
        i = j
    return out


def check_numbers(src: Doc, back: Doc, lex: MeaningLexicon) -> list[Finding]:
    """Numbers, amounts and durations of the draft that the back-translation changed or lost."""
    src_q, back_q = quantities(src, lex), quantities(back, lex)
    missing = _unmatched(src_q, back_q)
    extra = _unmatched(back_q, src_q)
    findings = []
    said = ", ".join(repr(q.text) for q in extra)
    for q in missing:
        findings.append(
            Finding(
                "meaning.number",
                f"{q.text!r} in the draft does not come back in the back-translation"
                + (f" (it says {said})" if said else ""),
                q.span,
                "source",
                "error",
            )
        )
    if not missing:
        for q in extra:
            findings.append(
                Finding(
                    "meaning.number",
                    f"the back-translation has {q.text!r}, which the draft does not",
                    q.span,
                    "back_translation",
                    "error",
                )
            )
    return findings


def _unmatched(ours: list[Quantity], theirs: list[Quantity]) -> list[Quantity]:
    left = Counter(q.key for q in theirs)
    out = []
    for q in ours:
        if left[q.key] > 0:
            left[q.key] -= 1
        else:
            out.append(q)
    return out


def digit_numbers(text: str) -> list[tuple[int, tuple[int, int]]]:
    """Script-independent digit numbers with spans: group separators dropped, others split."""
    norm = unicodedata.normalize("NFKC", text)
    if len(norm) != len(text):  # NFKC changed lengths: spans would drift, fall back to raw text
        norm = text
    out = []
    for m in re.finditer(r"\d+(?:[,.\u00a0\u202f ]\d{3}(?!\d))*", norm):
        out.append(
            (
                int(
                    _GROUP_SEP.sub("", m.group())
                    .replace(",", "")
                    .replace(".", "")
                    .replace("\u00a0", "")
                    .replace("\u202f", "")
                    .replace(" ", "")
                ),
                m.span(),
            )
        )
    return out


def check_translation_numbers(src: Doc, translation: str, lex: MeaningLexicon) -> list[Finding]:
    """Digits must survive translation: compared by value, whatever the script around them."""
    src_digits = digit_numbers(src.text)
    spelled = {int(q.value) for q in quantities(src, lex) if q.value == int(q.value)}
    tr_digits = digit_numbers(translation)
    left = Counter(v for v, _ in tr_digits)
    findings = []
    for value, span in src_digits:
        if left[value] > 0:
            left[value] -= 1
        else:
            findings.append(
                Finding(
                    "meaning.number",
                    f"the number {src.text[span[0] : span[1]]!r} in the draft is missing from the "
                    "translation",
                    span,
                    "source",
                    "warning",
                )
            )
    src_values = Counter(v for v, _ in src_digits)
    for value, span in tr_digits:
        if src_values[value] > 0:
            src_values[value] -= 1
        elif value not in spelled:
            findings.append(
                Finding(
                    "meaning.number",
                    f"the translation has the number {translation[span[0] : span[1]]!r}, which the "
                    "draft does not",
                    span,
                    "translation",
                    "warning",
                )
            )
    return findings


# -- names ------------------------------------------------------------------------------------
def entities(
    doc: Doc, lex: MeaningLexicon, not_a_name: Callable[[str], bool] | None = None
) -> list[tuple[tuple[int, int], list[str]]]:
    """Names inside sentences: capitalised words not at a sentence start, and model codes (X200).

    `not_a_name` rules out capitalised tokens that are common words or known codes ("Your",
    "YES", "EU", "EUR").
    """
    found: list[tuple[tuple[int, int], list[str]]] = []
    # Placeholders, links and anonymisation tokens ("#PRS_ORG#") are checked elsewhere.
    skip = [(p.start, p.end) for p in find_protected(doc.text)]
    skip += [m.span() for m in ANONYMIZED.finditer(doc.text)]
    for sent in _sentences(doc):
        tokens = [t for t in sent if not t.is_space]
        run: list[Any] = []
        for pos, tok in enumerate(tokens):
            text = tok.text.strip(_STRIP_MARKS)
            if any(a < tok.idx + len(tok.text) and tok.idx < b for a, b in skip):
                text = ""
            has_alpha = any(c.isalpha() for c in text)
            code = bool(_CODE.search(text))
            # Skip the first word and anything after an opening quote, colon, dash or bullet,
            # or after a sentence end the sentencizer missed ("settings.2 Choose").
            initial = pos == 0 or (
                (tokens[pos - 1].is_punct and tokens[pos - 1].text in ":-–—•*\"“'(")
                or bool(_GLUED_BREAK.search(tokens[pos - 1].text))
            )
            name = (
                has_alpha
                and text[:1].isupper()
                and not initial
                and text.lower() not in lex.entity_ignore
                and not (not_a_name is not None and not_a_name(text))
            ) or code
            if name:
                run.append(tok)
                continue
            if run:
                found.append(_entity(run))
                run = []
        if run:
            found.append(_entity(run))
    return found


def _entity(run: list[Any]) -> tuple[tuple[int, int], list[str]]:
    start, end = run[0].idx, run[-1].idx + len(run[-1].text)
    return (start, end), [t.text.strip(_STRIP_MARKS).lower() for t in run]


def check_entities(
    src: Doc, back: Doc, lex: MeaningLexicon, not_a_name: Callable[[str], bool] | None = None
) -> list[Finding]:
    """Names and product codes of the draft that are gone from the back-translation."""
    back_words = {t.text.strip(_STRIP_MARKS).lower() for t in back}
    findings = []
    for span, words in entities(src, lex, not_a_name):
        # A prefix match keeps inflected names: "EUR" -> "euros", "Berlin" -> "Berliner".
        lost = [
            w
            for w in words
            if w not in back_words
            and not (len(w) >= 3 and any(b.startswith(w) for b in back_words))
        ]
        if lost:
            text = src.text[span[0] : span[1]]
            findings.append(
                Finding(
                    "meaning.entity",
                    f"the name {text!r} in the draft is missing from the back-translation: the "
                    "translation may refer to something else",
                    span,
                    "source",
                    "warning",
                )
            )
    return findings


# -- opposites and omissions -----------------------------------------------------------------
def _occurrences(lower: list[str], phrase: tuple[str, ...]) -> list[int]:
    n = len(phrase)
    return [i for i in range(len(lower) - n + 1) if tuple(lower[i : i + n]) == phrase]


def _unnegated(lower: list[str], lex: MeaningLexicon) -> list[str]:
    """Tokens, with words right after a negation blanked: "not used" is not the opposite of
    "unused"."""
    return [
        "" if any(w in lex.negations for w in lower[max(0, i - 2) : i]) else w
        for i, w in enumerate(lower)
    ]


def check_antonyms(src: Doc, back: Doc, lex: MeaningLexicon) -> list[Finding]:
    """A word of the draft that came back as its opposite ("approved" -> "rejected")."""
    src_tokens = [t for t in src if not t.is_space]
    src_lower = _unnegated([t.lower_ for t in src_tokens], lex)
    back_lower = _unnegated(
        [t.text.strip(_STRIP_MARKS).lower() for t in back if not t.is_space], lex
    )
    findings = []
    for a, b in lex.antonyms:
        for ours, theirs in ((a, b), (b, a)):
            in_src = _occurrences(src_lower, ours)
            if len(in_src) > len(_occurrences(back_lower, ours)) and len(
                _occurrences(back_lower, theirs)
            ) > len(_occurrences(src_lower, theirs)):
                first, last = src_tokens[in_src[0]], src_tokens[in_src[0] + len(ours) - 1]
                span = (first.idx, last.idx + len(last.text))
                findings.append(
                    Finding(
                        "meaning.opposite",
                        f"{src.text[span[0] : span[1]]!r} in the draft came back as its opposite "
                        f"{' '.join(theirs)!r}",
                        span,
                        "source",
                        "error",
                    )
                )
    return findings


def _content(tokens: Any) -> list[str]:
    return [t.lower_ for t in tokens if (t.is_alpha or t.like_num) and not t.is_stop]


def check_omission(src: Doc, back: Doc, lex: MeaningLexicon) -> list[Finding]:
    """A back-translation much shorter than the draft: a clause was probably lost."""
    src_words, back_words = _content(src), _content(back)
    if len(src_words) < lex.omission_min_words or not lex.omission_ratio:
        return []
    ratio = len(back_words) / len(src_words)
    if ratio >= lex.omission_ratio:
        return []
    # Point at the draft sentence whose content words came back least.
    present = set(back_words)
    worst = min(
        _sentences(src),
        key=lambda s: sum(w in present for w in _content(s)) / max(1, len(_content(s))),
    )
    return [
        Finding(
            "meaning.omission",
            f"the back-translation has {len(back_words)} content words for the draft's "
            f"{len(src_words)}: part of this may be missing from the translation",
            (worst.start_char, worst.end_char),
            "source",
            "warning",
        )
    ]


# -- direct checks: the translation against the draft, no back-translation needed -------------
def _pairs(src: Doc, tgt: Doc) -> list[tuple[Span | Doc, Span | Doc]]:
    """Sentence pairs when both sides have as many sentences, else the two whole texts."""
    src_sents, tgt_sents = _sentences(src), _sentences(tgt)
    if len(src_sents) == len(tgt_sents) and src_sents:
        return list(zip(src_sents, tgt_sents, strict=True))
    return [(src, tgt)]


def check_negation_direct(
    src: Doc, tgt: Doc, src_lex: MeaningLexicon, tgt_lex: MeaningLexicon
) -> list[Finding]:
    """A negation in the draft with none in the translation, or the other way round.

    Each side is counted with its own language's markers (glossaries/meaning/<lang>.toml). A
    neutral phrase on one side ("Don't worry", "Keine Sorge") lets the other side have that many
    more negations: idioms rarely keep their polarity across languages. Weak markers
    ("without", "ohne", derived negatives) make up for a missing negation but never report one.
    """
    from spacy.tokens import Span  # already loaded: src and tgt are spaCy docs

    findings = []
    for s, t in _pairs(src, tgt):
        (s_all, s_neutral), (t_all, t_neutral) = _negations(s, src_lex), _negations(t, tgt_lex)
        # A capitalised marker the translation copies verbatim is a literal ("either None,
        # True or False"), not a negation.
        s_all = [
            (a, b)
            for a, b in s_all
            if not (
                src.text[a:b] != src.text[a:b].lower()
                and a != (s.start_char if isinstance(s, Span) else 0)
                and re.search(rf"(?<!\w){re.escape(src.text[a:b])}(?!\w)", tgt.text)
            )
        ]
        s_all, t_all = _in_prose(s_all, src.text), _in_prose(t_all, tgt.text)
        s_neg = [(a, b) for a, b in s_all if src.text[a:b].lower() not in src_lex.weak]
        t_neg = [(a, b) for a, b in t_all if tgt.text[a:b].lower() not in tgt_lex.weak]
        # Weak markers pair with any marker of the other side, but a finding needs a strong
        # one left over: "Without one, we are unable to" has two markers, "Sin ella, podemos"
        # one, and "unable" is what the translation lost.
        if len(s_all) > len(t_all) + t_neutral and len(s_neg) > len(t_neg) + t_neutral:
            start, end = s_neg[min(len(t_neg), len(s_neg) - 1)]
            findings.append(
                Finding(
                    "meaning.negation",
                    f"the negation {src.text[start:end]!r} in the draft has no counterpart in the "
                    "translation: the translation may say the opposite",
                    (start, end),
                    "source",
                    "error",
                )
            )
        elif len(t_all) > len(s_all) + s_neutral and len(t_neg) > len(s_neg) + s_neutral:
            start, end = t_neg[min(len(s_neg), len(t_neg) - 1)]
            findings.append(
                Finding(
                    "meaning.negation",
                    f"the translation has the negation {tgt.text[start:end]!r}, which the draft "
                    "does not: the translation may say the opposite",
                    (start, end),
                    "translation",
                    "error",
                )
            )
    return findings


def _in_prose(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Markers outside placeholders, links and tags, and not the first part of a hyphenated
    word ("no-reply", "no-referrer" name a thing; they negate nothing)."""
    protected = [(p.start, p.end) for p in find_protected(text)]
    return [
        (a, b)
        for a, b in spans
        if text[b : b + 1] != "-" and not any(x < b and a < y for x, y in protected)
    ]


def _latin(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return (
        bool(letters)
        and sum("LATIN" in unicodedata.name(c, "") for c in letters) > len(letters) / 2
    )


def check_entities_direct(
    src: Doc,
    translation: str,
    lex: MeaningLexicon,
    not_a_name: Callable[[str], bool],
    is_word: Callable[[str], bool],
) -> list[Finding]:
    """Names and product codes of the draft that the translation does not have.

    Names are compared as written: a translation keeps "Zendesk", "Maria" and "X200". Into a
    non-Latin script names may be transliterated, so there only codes (letters with digits)
    are compared; capitalised ordinary words ("Customer Service") are translated, not names.
    """
    latin = _latin(translation)
    have = translation.casefold()
    findings = []
    for span, words in entities(src, lex, not_a_name):
        code = any(_CODE.search(w) for w in words)
        # Acronyms and format strings ("YYYY", "HH:MM") are the acronym and placeholder
        # checks' business; only words of letters are names here.
        written = src.text[span[0] : span[1]]
        words = [
            w
            for w in words
            if _CODE.search(w) or (w.isalpha() and not (len(w) > 1 and w.upper() in written))
        ]
        if not words:
            continue
        if not code and (not latin or all(is_word(w) for w in words)):
            continue
        lost = [
            w
            for w in words
            if (code and _CODE.search(w) or latin and not is_word(w))
            and w.casefold() not in have
            and not (len(w) >= 4 and w[:-1].casefold() in have)  # inflected: "Berlins"
        ]
        if lost:
            text = src.text[span[0] : span[1]]
            findings.append(
                Finding(
                    "meaning.entity",
                    f"the name {text!r} in the draft is not in the translation: the translation "
                    "may refer to something else",
                    span,
                    "source",
                    "warning",
                )
            )
    return findings


def _visible_length(text: str) -> int:
    """Characters a reader sees: no spaces, placeholders or links (they are copied, not
    translated, and would pull every ratio towards 1)."""
    chars = list(text)
    for p in find_protected(text):
        chars[p.start : p.end] = " " * (p.end - p.start)
    return sum(1 for c in chars if not c.isspace())


def check_length(source: str, translation: str, lex: MeaningLexicon) -> list[Finding]:
    """A translation far shorter or longer than the language usually is: text lost or added."""
    if lex.length_ratio is None:
        return []
    src_len, tgt_len = _visible_length(source), _visible_length(translation)
    if src_len < lex.length_min_chars:
        return []
    ratio = tgt_len / src_len
    if lex.length_low <= ratio <= lex.length_high:
        return []
    what = "shorter" if ratio < lex.length_low else "longer"
    return [
        Finding(
            "meaning.length",
            f"the translation is {ratio:.2f} times the draft's length ({lex.language} usually "
            f"{lex.length_ratio:.2f}): much {what} than expected, so text may be "
            + ("missing" if what == "shorter" else "added"),
            (0, len(translation)),
            "translation",
            "warning",
        )
    ]


def judge_round_trip(round_trip: list[Finding], direct: list[Finding]) -> list[Finding]:
    """Round-trip findings the direct check contradicts become notes that blame the engine.

    When the back-translation loses a negation or a name but the translation, compared with
    the draft directly, has it, the engine on the way back is the likely cause: the reviewer is
    told so, and a correct translation is not queued for it.
    """
    direct_rules = {f.rule_id for f in direct}
    out = []
    for f in round_trip:
        if f.rule_id in ("meaning.negation", "meaning.entity") and f.rule_id not in direct_rules:
            out.append(
                Finding(
                    "meaning.back_translation",
                    f"{f.message}; but the translation agrees with the draft when compared "
                    "directly, so the back-translation engine is the likely cause",
                    f.span,
                    f.field,
                    "info",
                )
            )
        else:
            out.append(f)
    return out


# -- scorer -----------------------------------------------------------------------------------
class MeaningScorer:
    """Negations, numbers and names compared across the round trip, and the translation's
    negations, names and length against the draft directly (no model needed)."""

    name = "meaning"

    def __init__(
        self,
        context: ScoringContext,
        translation_numbers: bool | None = None,
        direct: bool = True,
    ) -> None:
        self.context = context
        # Compare the translation with the draft directly (negations, names, length); off only
        # to measure what the round trip alone finds (bench/eval_meaning.py).
        self.direct = direct
        # The placeholders scorer compares numbers source vs translation with each locale's
        # separators and currencies; this digit check only stands in when it is not registered,
        # so one changed number is not reported twice.
        if translation_numbers is None:
            from workbench.scoring.registry import SCORERS

            translation_numbers = "placeholders" not in SCORERS
        self.translation_numbers = translation_numbers

    def _lexicon(self, lang: str) -> MeaningLexicon | None:
        return self.context.get(f"meaning:lexicon:{lang}", lambda: load_lexicon(lang))

    def _not_a_name(self, lang: str) -> Callable[[str], bool]:
        """Capitalised tokens that are not names: stop words ("Your", "NO"), and in capitals,
        known acronyms, currency codes and ordinary words ("EU", "IBAN", "EUR", "YES"). The
        acronym scorer checks acronyms itself; a name check would count them twice."""
        stop_words = blank(lang).Defaults.stop_words

        def check(text: str) -> bool:
            low = text.lower()
            if low in stop_words:
                return True
            if not (len(text) >= 2 and text.isupper()):
                return False
            glossary = self.context.get(
                "acronyms.glossary", lambda: load_acronyms(self.context.config)
            )
            if text in glossary or (text.endswith("S") and text[:-1] in glossary):
                return True
            if text in currency_codes():
                return True
            # "YES", "FREE": shouting an English word (the vocabulary is English only)
            return lang == "en" and low in self.context.get("acronyms.english_words", english_words)

        return check

    def score(self, items: Sequence[PipelineItem]) -> list[ScoreResult]:
        results: list[ScoreResult] = []
        for item in items:
            try:
                results.append(self._score_one(item))
            except Exception as exc:  # one odd text must not stop the batch
                results.append(
                    ScoreResult(unavailable={"meaning_issues": f"meaning checks failed: {exc}"})
                )
        return results

    def _score_one(self, item: PipelineItem) -> ScoreResult:
        lang = item.message.source_lang.split("-")[0]
        lex = self._lexicon(lang)
        if lex is None:
            return ScoreResult(
                unavailable={
                    "meaning_issues": f"no meaning word lists for {lang!r} "
                    f"(glossaries/meaning/{lang}.toml)",
                    DIRECT_SIGNAL: f"no meaning word lists for {lang!r}",
                }
            )
        nlp = blank(lang)
        src = nlp(item.source)
        findings: list[Finding] = []
        unavailable: dict[str, str] = {}
        signals: dict[str, Any] = {}
        direct = self._direct(item, src, lex, signals, unavailable)
        if item.back_translation is not None:
            back = nlp(item.back_translation)
            round_trip = check_negation(src, back, lex)
            round_trip += check_numbers(src, back, lex)
            round_trip += check_entities(src, back, lex, self._not_a_name(lang))
            round_trip += check_antonyms(src, back, lex)
            round_trip += check_omission(src, back, lex)
            if direct is not None:
                round_trip = judge_round_trip(round_trip, direct)
            findings += round_trip
            signals["meaning_issues"] = sum(1 for f in round_trip if f.severity != "info")
        else:
            unavailable["meaning_issues"] = "no back-translation to compare with the draft"
        findings += direct or []
        # Errors the engine is known to make hide in a round trip through the same engine.
        findings += check_engine_errors(item)
        if item.translation is not None and self.translation_numbers:
            findings += check_translation_numbers(src, item.translation, lex)
        return ScoreResult(signals=signals, findings=tuple(findings), unavailable=unavailable)

    def _direct(
        self,
        item: PipelineItem,
        src: Doc,
        lex: MeaningLexicon,
        signals: dict[str, Any],
        unavailable: dict[str, str],
    ) -> list[Finding] | None:
        """Negations, names and length of the translation against the draft (None: not run)."""
        if not self.direct:
            unavailable[DIRECT_SIGNAL] = "direct checks switched off"
            return None
        if item.translation is None or not item.translation.strip():
            unavailable[DIRECT_SIGNAL] = "no translation"
            return None
        lang, target = item.message.source_lang.split("-")[0], item.target_language
        if target == lang:
            unavailable[DIRECT_SIGNAL] = "the translation is in the draft's language"
            return None
        tgt_lex = self._lexicon(target)
        if tgt_lex is None or not tgt_lex.has_negation or not lex.has_negation:
            unavailable[DIRECT_SIGNAL] = (
                f"no negation markers for {target!r} (glossaries/meaning/{target}.toml)"
            )
            return None
        tgt = blank(target)(item.translation)
        words = self.context.get("acronyms.english_words", english_words) if lang == "en" else set()
        found = check_negation_direct(src, tgt, lex, tgt_lex)
        found += check_entities_direct(
            src, item.translation, lex, self._not_a_name(lang), lambda w: w.lower() in words
        )
        found += check_length(item.source, item.translation, tgt_lex)
        signals[DIRECT_SIGNAL] = len(found)
        return found
