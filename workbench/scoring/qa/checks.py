"""The mechanical checks for one source/translation pair, wrapping translate-toolkit's pofilter
tests where they fit and adding the locale rules they lack (fr spacing, es ¿¡, length ratio).

Every check sees the pair with placeholders, URLs, e-mails and tags blanked out (same length, so
spans still point into the real text): `{order_id}` is the placeholder scorer's business, and
its braces must not count as brackets here.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from translate.filters.checks import CheckerConfig, FilterFailure, StandardChecker

from workbench.glossary.qa import QALanguage
from workbench.models import Field, Finding, Severity
from workbench.mt.masking import find_protected
from workbench.scoring.rules import BY_ID

BLANK = "\ue000"  # a private-use character: no letter, digit, space, bracket or punctuation
_NBSP = "\u00a0\u202f"  # no-break and narrow no-break space


# Each qa rule and the translate-toolkit StandardChecker (pofilter) tests it wraps; () = a rule
# of workbench's own. What each rule means lives in workbench/scoring/rules.py.
WRAPS: dict[str, tuple[str, ...]] = {
    "qa.blank": ("blank",),
    "qa.whitespace": ("startwhitespace", "endwhitespace"),
    "qa.double_space": ("doublespacing",),
    "qa.repeated_word": ("doublewords",),
    "qa.end_punctuation": ("endpunc",),
    "qa.inverted_marks": (),
    "qa.punctuation_spacing": (),
    "qa.brackets": ("brackets",),
    "qa.quotes": ("doublequoting",),
    "qa.newlines": ("newlines",),
    "qa.tabs": ("tabs",),
    "qa.escapes": ("escapes",),
    "qa.accelerators": ("accelerators",),
    "qa.all_caps": (),
    "qa.length_ratio": ("short", "long"),
    "qa.inconsistent_translation": (),
    "qa.inconsistent_source": (),
    "qa.spelling": ("spellcheck",),
}
RULES: tuple[str, ...] = tuple(WRAPS)


# pofilter tests that do not belong here, and why (the comparison in bench/eval_qa.py reads it).
NOT_WRAPPED: dict[str, str] = {
    "printf": "placeholders.* (workbench/scoring/placeholders.py)",
    "pythonbraceformat": "placeholders.*",
    "variables": "placeholders.*",
    "xmltags": "tags.*",
    "urls": "links.*",
    "emails": "links.*",
    "numbers": "numbers.*",
    "acronyms": "acronyms.* (glossary of acronyms)",
    "untranslated": "language.untranslated",
    "unchanged": "language.untranslated",
    "notranslatewords": "terms.dnt_changed",
    "musttranslatewords": "terms.unapproved",
    "startcaps": "noisy on reordered sentences; ALL-CAPS shouting is qa.all_caps",
    "simplecaps": "noisy on reordered sentences; ALL-CAPS shouting is qa.all_caps",
    "sentencecount": "translators split and join sentences legitimately",
    "startpunc": "only the es ¿¡ case matters: qa.inverted_marks checks every sentence",
    "puncspacing": "qa.punctuation_spacing with per-language rules",
    "singlequoting": "apostrophes (it's, l'adresse) make it mostly noise",
    "purepunc": "UI strings of punctuation only do not occur in replies",
    "options": "command-line options do not occur in replies",
    "filepaths": "file paths do not occur in replies",
    "functions": "code does not occur in replies",
    "kdecomments": "KDE-specific",
    "credits": "translator-credit strings are not replies",
    "validchars": "needs a per-project character list",
    "compendiumconflicts": "qa.inconsistent_translation across the library",
    "simpleplurals": "plural forms are checked by the readers per CLDR category",
}


@dataclass(frozen=True, slots=True)
class Pair:
    """One pair as the checks see it: real texts and their blanked copies (same length)."""

    source: str
    translation: str
    blank_source: str
    blank_translation: str
    language: QALanguage

    @classmethod
    def of(cls, source: str, translation: str, language: QALanguage) -> Pair:
        return cls(source, translation, _blank(source), _blank(translation), language)


def _blank(text: str) -> str:
    """`text` with every placeholder, URL, e-mail and tag replaced by BLANKs of equal length."""
    parts, last = [], 0
    for p in find_protected(text):
        parts.append(text[last : p.start])
        parts.append(BLANK * (p.end - p.start))
        last = p.end
    parts.append(text[last:])
    return "".join(parts)


@functools.lru_cache(maxsize=64)
def checker(language: str) -> StandardChecker:
    """translate-toolkit's StandardChecker configured for a target language (its punctuation,
    full-width marks, French spacing), with '&' as the accelerator marker."""
    return StandardChecker(checkerconfig=CheckerConfig(targetlanguage=language, accelmarkers=["&"]))


def fails(test: str, source: str, translation: str, language: str) -> str | None:
    """The failure message of one pofilter test, or None when it passes."""
    try:
        getattr(checker(language), test)(source, translation)
    except FilterFailure as exc:
        return str(exc)
    return None


def _finding(
    rule_id: str,
    message: str,
    span: tuple[int, int],
    severity: Severity | None = None,
    suggestion: str | None = None,
    field: Field = "translation",
) -> Finding:
    return Finding(rule_id, message, span, field, severity or BY_ID[rule_id].level, suggestion)


def _show(char: str) -> str:
    names = {"\u00a0": "no-break space", "\u202f": "narrow no-break space", " ": "space"}
    return names.get(char, repr(char))


# -- the checks ------------------------------------------------------------------------------
def check_blank(pair: Pair) -> list[Finding]:
    if fails("blank", pair.source, pair.translation, pair.language.language):
        return [
            _finding("qa.blank", "The translation is only whitespace", (0, len(pair.translation)))
        ]
    return []


def check_whitespace(pair: Pair) -> list[Finding]:
    s, t = pair.source, pair.translation
    if not t.strip():
        return []
    out = []
    lang = pair.language.language
    lead = t[: len(t) - len(t.lstrip())]
    french_lead = set(lead) <= set(_NBSP) and t.lstrip()[:1] in (pair.language.nbsp_before or "-")
    if fails("startwhitespace", s, t, lang) and not french_lead:
        lead_s = len(s) - len(s.lstrip())
        lead_t = len(t) - len(t.lstrip())
        what = (
            "starts with whitespace the source does not have"
            if lead_t > lead_s
            else ("lacks the whitespace the source starts with")
        )
        out.append(_finding("qa.whitespace", f"The translation {what}", (0, lead_t)))
    if fails("endwhitespace", s, t, lang):
        tail_s = s[len(s.rstrip()) :]
        tail_t = t[len(t.rstrip()) :]
        what = (
            f"ends with {tail_t!r} where the source ends with {tail_s!r}"
            if tail_s
            else f"ends with whitespace ({tail_t!r}) the source does not have"
        )
        out.append(_finding("qa.whitespace", f"The translation {what}", (len(t.rstrip()), len(t))))
    return out


_DOUBLE_SPACE = re.compile(r"(?<=\S) {2,}(?=\S)")


def check_double_space(pair: Pair) -> list[Finding]:
    inner_t = list(_DOUBLE_SPACE.finditer(pair.blank_translation))
    inner_s = _DOUBLE_SPACE.findall(pair.blank_source)
    if len(inner_t) <= len(inner_s):
        return []
    if not fails(
        "doublespacing", pair.blank_source, pair.blank_translation, pair.language.language
    ):
        return []
    m = inner_t[len(inner_s)] if len(inner_s) < len(inner_t) else inner_t[0]
    return [
        _finding(
            "qa.double_space",
            f"{len(m.group())} spaces in a row inside the translation",
            m.span(),
            suggestion=" ",
        )
    ]


_REPEATED = re.compile(r"\b(\w+)(\s+)(\1)\b", re.IGNORECASE)


def check_repeated_word(pair: Pair) -> list[Finding]:
    lang = pair.language
    if not fails("doublewords", pair.blank_source, pair.blank_translation, lang.language):
        return []
    out = []
    for m in _REPEATED.finditer(pair.blank_translation):
        word = m.group(1)
        if word.casefold() in lang.valid_double_words or word.isdigit() or "\n" in m.group(2):
            continue
        # the source repeats it too ("bye bye", "very very"): a choice, not a typo
        if re.search(rf"\b{re.escape(word)}\s+{re.escape(word)}\b", pair.source, re.IGNORECASE):
            continue
        out.append(
            _finding(
                "qa.repeated_word",
                f"The word {word!r} is repeated",
                m.span(),
                suggestion=word,
            )
        )
    return out


# Marks that end a sentence or a lead-in, including full-width and Arabic forms.
_END_MARKS = ".!?:;…。！？：；؟"


def _end_mark(text: str) -> str:
    """The closing mark of a text ('…' for '...'), looking past closing quotes and brackets."""
    stripped = text.rstrip().rstrip(BLANK + "\"'”»」)*").rstrip()
    if stripped.endswith("..."):
        return "…"
    return stripped[-1] if stripped and stripped[-1] in _END_MARKS else ""


def check_end_punctuation(pair: Pair) -> list[Finding]:
    lang = pair.language
    s, t = pair.blank_source, pair.blank_translation
    if not t.strip() or not s.strip():
        return []
    # One-word labels and abbreviations ("Aug." -> "8月", "PM" -> "nachm.") follow their own
    # conventions; replies are sentences.
    if len(s.split()) < 2 or len(t.split()) < 2 and lang.language not in ("ja", "zh"):
        return []
    if not fails("endpunc", s, t, lang.language):
        return []
    end_s, end_t = _end_mark(s), _end_mark(t)
    # translate-toolkit compares runs of marks, spaces and quotes; a reordered closing quote or
    # bracket with the same final mark is not worth a reviewer's time.
    equivalent = {".": lang.full_stop, "?": "？", "!": "！", ":": "：", ";": "；", "…": "…"}
    stripped = t.rstrip()
    if end_s == end_t == "." and lang.full_stop != ".":
        span = (len(stripped) - 1, len(stripped))
        message = f"The translation ends with '.' where {lang.language} uses {lang.full_stop!r}"
        return [_finding("qa.end_punctuation", message, span, suggestion=lang.full_stop)]
    if end_s == end_t or equivalent.get(end_s) == end_t or (end_s == "?" and end_t == "؟"):
        return []
    if end_s == "?" and end_t in lang.question_ends:
        return []
    if not end_s and end_t in (".", lang.full_stop):
        return []  # a full stop added to a fragment is the language's habit, not an error
    span = (len(stripped) - 1, len(stripped)) if end_t else (len(stripped), len(stripped))
    want = equivalent.get(end_s, end_s) if end_s else "no closing mark"
    has = repr(end_t) if end_t else "no closing mark"
    message = (
        f"The source ends with {end_s!r} but the translation ends with {has}"
        if end_s
        else f"The translation ends with {has} where the source has none"
    )
    return [_finding("qa.end_punctuation", message, span, suggestion=want if end_s else None)]


_SENTENCE = re.compile(r"[^.!?。！？\n]*[.!?。！？]+|[^.!?。！？\n]+$")


def check_inverted_marks(pair: Pair) -> list[Finding]:
    if not pair.language.inverted_marks:
        return []
    out = []
    for m in _SENTENCE.finditer(pair.blank_translation):
        sentence = m.group()
        if not any(c.isalpha() for c in sentence):
            continue
        for mark, opener in (("?", "¿"), ("!", "¡")):
            if sentence.rstrip().endswith(mark) and opener not in sentence:
                start = m.start() + len(sentence) - len(sentence.lstrip())
                out.append(
                    _finding(
                        "qa.inverted_marks",
                        f"The sentence ends with {mark!r} but does not open with {opener!r}",
                        (start, m.end()),
                        suggestion=opener,
                    )
                )
    return out


def check_punctuation_spacing(pair: Pair) -> list[Finding]:
    lang, t = pair.language, pair.blank_translation
    out: list[Finding] = []
    if lang.nbsp_before:
        for i, c in enumerate(t):
            if c not in lang.nbsp_before or i == 0:
                continue
            before, after = t[i - 1], t[i + 1 : i + 2]
            if c == ":" and (before.isdigit() and after.isdigit() or after == "/"):
                continue  # 10:30, http://
            if c in "!?" and before in "!?":
                continue  # ?! and !! need one space before the first mark only
            if before == " ":
                out.append(
                    _finding(
                        "qa.punctuation_spacing",
                        f"Use a no-break space before {c!r} so it cannot wrap to the next line",
                        (i - 1, i + 1),
                        suggestion=f"\u202f{c}" if c != ":" else f"\u00a0{c}",
                    )
                )
            elif (
                before not in _NBSP
                and not before.isspace()
                and before != BLANK
                and (before.isalnum() or before in ")»\"'”")
            ):
                out.append(
                    _finding(
                        "qa.punctuation_spacing",
                        f"{lang.language} needs a no-break space before {c!r}",
                        (i - 1, i + 1),
                        suggestion=f"{before}\u202f{c}" if c != ":" else f"{before}\u00a0{c}",
                    )
                )
        for m in re.finditer(r"«(?=[^\s\u00a0\u202f])|(?<=[^\s\u00a0\u202f])»", t):
            out.append(
                _finding(
                    "qa.punctuation_spacing",
                    f"{lang.language} puts a no-break space inside « »",
                    m.span(),
                )
            )
    else:
        # A space before ? or ! is a French habit that reads as a typo elsewhere.
        for m in re.finditer(r"(?<=\w)[ \u00a0\u202f]+([?!;])(?=\s|$)", t):
            if re.search(rf"\w\s+{re.escape(m.group(1))}", pair.blank_source):
                continue
            out.append(
                _finding(
                    "qa.punctuation_spacing",
                    f"No space before {m.group(1)!r} in {lang.language}",
                    m.span(),
                    suggestion=m.group(1),
                )
            )
    return out[:3]  # one line of many identical complaints helps nobody


_OPEN, _CLOSE = "([{", ")]}"


def _unmatched(text: str) -> int | None:
    """Index of the first bracket without its partner in `text`, or None."""
    stack: list[tuple[str, int]] = []
    for i, c in enumerate(text):
        if c in _OPEN:
            stack.append((c, i))
        elif c in _CLOSE:
            if stack and _OPEN.index(stack[-1][0]) == _CLOSE.index(c):
                stack.pop()
            else:
                return i
    return stack[0][1] if stack else None


# A list marker or emoticon uses a closing bracket alone: "1)", "a)", ":)"
_LONE_CLOSER = re.compile(r"(?:^|\s)(?:\d{1,2}|[a-z])\)|[:;]-?[()]", re.MULTILINE)


def check_brackets(pair: Pair) -> list[Finding]:
    s = _LONE_CLOSER.sub(lambda m: BLANK * len(m.group()), pair.blank_source)
    t = _LONE_CLOSER.sub(lambda m: BLANK * len(m.group()), pair.blank_translation)
    failure = fails("brackets", s, t, pair.language.language)
    if failure is None:
        return []
    where_t, where_s = _unmatched(t), _unmatched(s)
    if where_t is None or where_s is not None:
        # Balanced on both sides and only a different number: translators add or drop a
        # parenthesis as a matter of style ("Norwegian Bokmål" -> "Norwegisch (Bokmål)").
        return []
    return [
        _finding(
            "qa.brackets",
            f"{t[where_t]!r} has no partner in the translation ({failure})",
            (where_t, where_t + 1),
        )
    ]


_QUOTES = '"“”„‟«»‹›「」『』'


def _neutral_quotes(text: str) -> str:
    return re.sub(f"[{_QUOTES}]", '"', text)


def check_quotes(pair: Pair) -> list[Finding]:
    """A quotation mark left unclosed in the translation, where the source's are all closed.

    Different numbers of balanced quotes are left alone: translators add quotes around a
    name or drop them legitimately ('Click "Save"' -> 'Klicken Sie auf Speichern').
    """
    s, t = _neutral_quotes(pair.blank_source), _neutral_quotes(pair.blank_translation)
    if t.count('"') % 2 == 0 or s.count('"') % 2:
        return []
    if fails("doublequoting", s, t, pair.language.language) is None:
        return []
    real = pair.blank_translation
    last = max(i for i, c in enumerate(real) if c in _QUOTES)
    return [
        _finding(
            "qa.quotes",
            f"The translation has {t.count(chr(34))} quotation marks: one is left unclosed",
            (last, last + 1),
        )
    ]


def check_newlines(pair: Pair) -> list[Finding]:
    s, t = pair.source, pair.translation
    failure = fails("newlines", s, t, pair.language.language)
    if failure is None or not t.strip():
        return []
    n_s, n_t = s.count("\n"), t.count("\n")
    message = (
        f"{failure}: the source has {n_s} line break(s), the translation {n_t}"
        if n_s != n_t
        else failure
    )
    return [_finding("qa.newlines", message, (0, len(t)))]


def check_tabs(pair: Pair) -> list[Finding]:
    if fails("tabs", pair.source, pair.translation, pair.language.language):
        first = pair.translation.find("\t")
        span = (first, first + 1) if first >= 0 else (0, 0)
        return [
            _finding(
                "qa.tabs",
                f"The source has {pair.source.count(chr(9))} tab(s), the translation "
                f"{pair.translation.count(chr(9))}",
                span,
            )
        ]
    return []


def check_escapes(pair: Pair) -> list[Finding]:
    s, t = pair.blank_source, pair.blank_translation
    if "\\" not in s and "\\" not in t:
        return []
    failure = fails("escapes", s, t, pair.language.language)
    if failure is None:
        return []
    first = t.find("\\")
    span = (first, min(len(t), first + 2)) if first >= 0 else (0, 0)
    return [_finding("qa.escapes", failure, span)]


# "&File", "Save &As" — but not "Tom & Jerry", "&amp;", "R&D" or "AT&T".
_ACCELERATOR = re.compile(r"(?<![\w&])&(?=\w)(?!\w+;)")


def check_accelerators(pair: Pair) -> list[Finding]:
    s, t = pair.blank_source, pair.blank_translation
    if not _ACCELERATOR.search(s) and not _ACCELERATOR.search(t):
        return []
    failure = fails("accelerators", s, t, pair.language.language)
    if failure is None:
        return []
    m = _ACCELERATOR.search(t)
    span = (m.start(), m.start() + 2) if m else (0, 0)
    return [_finding("qa.accelerators", failure.strip("[]'\""), span)]


_CAPS = re.compile(r"\b[^\W\d_]{3,}\b")


def check_all_caps(pair: Pair) -> list[Finding]:
    s, t = pair.blank_source, pair.blank_translation
    shouted_s = [w for w in _CAPS.findall(s) if w.isupper()]
    if shouted_s:
        return []  # the source shouts (or holds acronyms that may be translated): no opinion
    words_s = set(re.findall(r"\w+", s))
    shouted = [m for m in _CAPS.finditer(t) if m.group().isupper() and m.group() not in words_s]
    if not shouted:
        return []
    first, last = shouted[0], shouted[-1]
    words = ", ".join(dict.fromkeys(m.group() for m in shouted))
    return [
        _finding(
            "qa.all_caps",
            f"Words in capitals the source does not have ({words}): this reads as shouting",
            (first.start(), last.end()),
        )
    ]


def _visible_length(text: str) -> int:
    """Characters a reader sees: placeholders count as one, whitespace runs as one."""
    collapsed = re.sub(f"{BLANK}+", "x", text)
    return len(re.sub(r"\s+", " ", collapsed).strip())


def check_length_ratio(pair: Pair) -> list[Finding]:
    lang = pair.language
    n_s, n_t = _visible_length(pair.blank_source), _visible_length(pair.blank_translation)
    if n_s < lang.min_source_chars or n_t == 0:
        return []
    relative = n_t / n_s / lang.expansion
    if lang.low <= relative <= lang.high:
        return []
    usual = f"{lang.expansion:.2f}" if lang.measured else "unknown; 1.00 assumed"
    if relative < lang.low:
        message = (
            f"The translation has {n_t} characters for {n_s} in the source "
            f"({n_t / n_s:.2f}x; usual for {lang.language}: {usual}): something may be missing"
        )
        severity: Severity = "warning"
    else:
        message = (
            f"The translation has {n_t} characters for {n_s} in the source "
            f"({n_t / n_s:.2f}x; usual for {lang.language}: {usual}): something may be added"
        )
        severity = "info"
    return [_finding("qa.length_ratio", message, (0, len(pair.translation)), severity)]


PAIR_CHECKS: dict[str, Callable[[Pair], list[Finding]]] = {
    "qa.blank": check_blank,
    "qa.whitespace": check_whitespace,
    "qa.double_space": check_double_space,
    "qa.repeated_word": check_repeated_word,
    "qa.end_punctuation": check_end_punctuation,
    "qa.inverted_marks": check_inverted_marks,
    "qa.punctuation_spacing": check_punctuation_spacing,
    "qa.brackets": check_brackets,
    "qa.quotes": check_quotes,
    "qa.newlines": check_newlines,
    "qa.tabs": check_tabs,
    "qa.escapes": check_escapes,
    "qa.accelerators": check_accelerators,
    "qa.all_caps": check_all_caps,
    "qa.length_ratio": check_length_ratio,
}


def check_pair(source: str, translation: str, language: QALanguage) -> list[Finding]:
    """Every pair check's findings for one source and its translation, in rule order."""
    pair = Pair.of(source, translation, language)
    if not translation.strip():
        return check_blank(pair)
    findings: list[Finding] = []
    for check in PAIR_CHECKS.values():
        findings.extend(check(pair))
    return findings
