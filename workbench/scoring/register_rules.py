"""Address-register marker rules from glossaries/register/<lang>.toml, matched on spaCy tokens.

Each [[register]] entry is one rule: which tokens mark formal or informal address in one
language, how sure the match is ("strong" or "weak": "su" may mean "your" or "his"), and the
context that disambiguates it (position in the sentence, neighbouring words, part of speech).
The matching engine below is language-neutral; everything language-specific is data.

Fields of a rule (id and register required; exactly one of words, pattern, lemmas, final):
  id = "de.du-pronouns"        <language>.<name>; unique
  register = "informal"        formal | informal
  strength = "strong"          strong (decides) | weak (counts only when nothing strong matched)
  words = ["du", "o senhor"]   token texts; a space makes a phrase of consecutive tokens
  pattern = "\\w+rás"          regular expression the whole token must match
  lemmas = ["です"], pos = ["助動詞"]  spaCy lemma/norm and tag prefixes (Japanese via Sudachi)
  final = true                 the sentence's closing chain of `pos` tokens after skipping
                               `skip_pos`, unless one of them has a lemma in `except`
  case = "fold" | "exact"      exact: "Sie" is not "sie"
  position = "any" | "initial" | "medial"   first word of a sentence or line, or not
  except, if_prev, unless_prev, if_next, unless_next = [words]
  if_next_pattern, unless_next_pattern, if_prev_pattern = regular expressions
  unless_prev_pattern = regular expression on the folded previous word (Turkish: a genitive or
                        a compound's first noun before "hesabına" makes it "its", not "your")
  unless_later_pattern = regular expression: no later word of the sentence (folded) may match
                        (Turkish: "Paketin ... teslim edilmesi" is a genitive subject of -mesi)
  unless_earlier = [words]     no earlier word of the sentence is one of these (a named subject:
                               "¿Ella juega?" is not usted)
  verb = true                  the token (before any hyphenated clitic: pt "ajudar-te") must be a
                               form of a verb in the language's lemma tables (spacy-lookups-data),
                               so "pagas" the verb matches and "coisas" the noun does not
  verb_lemma = "regex"         with verb: what this rule's verbs' lemmas look like (Italian -are
                               verbs: ".+are"), instead of the file's verb_lemma_pattern
  verb_pair_suffix = "s"       with verb: the form without this ending must be a form of the same
                               verb (2nd person "achas" next to 3rd person "acha")
  question = true              only in a sentence that ends with "?"
  locales = ["pt-PT"], not_locales = ["pt-BR"]   the locales the rule applies to (default all)
  open_forms = ["連用形", "助詞-接続助詞"]   with final: a closing chain whose last token
                               has one of these conjugation forms or tags leaves the sentence
                               open (a clause cut off, a reason 〜ので, a condition 〜たら):
                               no plain ending, unless a sentence-final particle (ね, よ) closes it
  outside_quotes = true        ignore matches inside quotations (「…」『…』“…”): quoted speech keeps
                               its own register; with final, also sentences that are list items
  level = "sonkeigo"           a finer register level the marker shows (reported as a signal)
  note = "why", examples = ["sentences this rule must fire on (checked by the tests)"]
The file's [meta] gives language, formal_address / informal_address (used in messages) and
formal_hint / informal_hint (suggestions), and for `verb` rules lemma_tables (spacy-lookups-data
table names) and verb_lemma_pattern (what a verb's lemma looks like: ".+(ar|er|ir)").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.glossary.base import (
    RawEntry,
    check_fields,
    glossary_files,
    load_valid,
    read_glossary_file,
)

if TYPE_CHECKING:  # the glossary lint validates these rules without loading spaCy
    from spacy.tokens import Doc, Token

KIND = "register"
REGISTERS = ("formal", "informal")
STRENGTHS = ("strong", "weak")
POSITIONS = ("any", "initial", "medial")

_REQUIRED: dict[str, type | tuple[type, ...]] = {"id": str, "register": str}
_OPTIONAL: dict[str, type | tuple[type, ...]] = {
    "strength": str,
    "words": list,
    "pattern": str,
    "lemmas": list,
    "final": bool,
    "case": str,
    "position": str,
    "pos": list,
    "skip_pos": list,
    "except": list,
    "if_prev": list,
    "unless_prev": list,
    "if_next": list,
    "unless_next": list,
    "if_next_pattern": str,
    "unless_next_pattern": str,
    "if_prev_pattern": str,
    "unless_prev_pattern": str,
    "unless_later_pattern": str,
    "unless_earlier": list,
    "verb": bool,
    "verb_pair_suffix": str,
    "verb_lemma": str,
    "question": bool,
    "locales": list,
    "not_locales": list,
    "open_forms": list,
    "outside_quotes": bool,
    "level": str,
    "note": str,
    "examples": list,
}
_LIST_FIELDS = (
    "words",
    "lemmas",
    "pos",
    "skip_pos",
    "except",
    "if_prev",
    "unless_prev",
    "if_next",
    "unless_next",
    "unless_earlier",
    "locales",
    "not_locales",
    "open_forms",
    "examples",
)
_ID = re.compile(r"^([a-z]{2,3})\.[a-z0-9][a-z0-9._-]*$")

# Punctuation after which the next word starts a sentence or a list item: capitalised
# German "Sie" there may be "she/they", so position-sensitive rules need to know.
_OPENERS = set('.!?…:;¿¡"“”„«»()[]-–—•*·>') | {"...", "\n"}


# Arabic is written with or without short vowels, tatweel and hamza on alef (إنتي / انتي).
_ARABIC_FOLD = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ـ": None}
    | {chr(c): None for c in (*range(0x064B, 0x0660), 0x0670)}
)


def fold(text: str, language: str) -> str:
    """Case- and apostrophe-insensitive form; Turkish dotted/dotless i folded the Turkish way,
    Arabic without short vowels and with one alef."""
    text = text.replace("’", "'").replace("ʼ", "'")
    if language == "tr":
        text = text.replace("I", "ı").replace("İ", "i")
    elif language == "ar":
        text = text.translate(_ARABIC_FOLD)
    return text.casefold()


def _value_problems(data: dict[str, Any]) -> list[str]:
    messages: list[str] = []
    rid = data.get("id")
    if isinstance(rid, str) and not _ID.match(rid):
        messages.append(f"id {rid!r} must look like '<language>.<name>', e.g. 'de.du-pronouns'")
    if data.get("register") not in (None, *REGISTERS):
        messages.append(f"register {data['register']!r} is not one of {', '.join(REGISTERS)}")
    for name, allowed in (
        ("strength", STRENGTHS),
        ("position", POSITIONS),
        ("case", ("fold", "exact")),
    ):
        if name in data and data[name] not in allowed:
            messages.append(f"{name} {data[name]!r} is not one of {', '.join(allowed)}")
    matchers = [k for k in ("words", "pattern", "lemmas", "final") if data.get(k)]
    if len(matchers) != 1:
        messages.append("give exactly one of words, pattern, lemmas or final = true")
    for name in _LIST_FIELDS:
        value = data.get(name)
        if isinstance(value, list) and not all(isinstance(v, str) and v.strip() for v in value):
            messages.append(f"{name} must be a list of non-empty strings")
    for name in (
        "pattern",
        "if_next_pattern",
        "unless_next_pattern",
        "if_prev_pattern",
        "unless_prev_pattern",
        "unless_later_pattern",
        "verb_lemma",
    ):
        if isinstance(data.get(name), str):
            try:
                re.compile(data[name])
            except re.error as exc:
                messages.append(f"{name} is not a valid regular expression: {exc}")
    return messages


def validate_entry(entry: RawEntry) -> list[str]:
    """Problems with one [[register]] rule (empty when valid); the lint command uses this."""
    return check_fields(entry, _REQUIRED, _OPTIONAL) + _value_problems(entry.data)


def entry_key(entry: RawEntry) -> str:
    return str(entry.data.get("id", ""))


@dataclass(frozen=True, slots=True)
class Marker:
    """One token (or phrase) that marks an address register, with its span in the text."""

    rule_id: str
    register: str  # formal | informal
    strength: str  # strong | weak
    span: tuple[int, int]
    text: str
    level: str | None = None


@dataclass(frozen=True)
class Rule:
    """A compiled [[register]] entry."""

    id: str
    language: str
    register: str
    strength: str = "strong"
    words: frozenset[str] = frozenset()
    phrases: tuple[tuple[str, ...], ...] = ()
    pattern: re.Pattern[str] | None = None
    lemmas: frozenset[str] = frozenset()
    final: bool = False
    exact: bool = False
    position: str = "any"
    pos: tuple[str, ...] = ()
    skip_pos: tuple[str, ...] = ()
    exceptions: frozenset[str] = frozenset()
    if_prev: frozenset[str] = frozenset()
    unless_prev: frozenset[str] = frozenset()
    if_next: frozenset[str] = frozenset()
    unless_next: frozenset[str] = frozenset()
    if_next_pattern: re.Pattern[str] | None = None
    unless_next_pattern: re.Pattern[str] | None = None
    if_prev_pattern: re.Pattern[str] | None = None
    unless_prev_pattern: re.Pattern[str] | None = None
    unless_later_pattern: re.Pattern[str] | None = None
    unless_earlier: frozenset[str] = frozenset()
    verb: bool = False
    verb_pair_suffix: str = ""
    verb_lemma: re.Pattern[str] | None = None
    question: bool = False
    locales: frozenset[str] = frozenset()
    not_locales: frozenset[str] = frozenset()
    open_forms: tuple[str, ...] = ()
    outside_quotes: bool = False
    level: str | None = None
    examples: tuple[str, ...] = ()

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Rule:
        language = data["id"].split(".")[0]
        exact = data.get("case", "fold") == "exact"

        def norm(word: str) -> str:
            return word.replace("’", "'") if exact else fold(word, language)

        def folded(name: str) -> frozenset[str]:
            return frozenset(fold(w, language) for w in data.get(name, []))

        flags = 0 if exact else re.IGNORECASE
        words = [norm(w) for w in data.get("words", [])]
        return cls(
            id=data["id"],
            language=language,
            register=data["register"],
            strength=data.get("strength", "strong"),
            words=frozenset(w for w in words if " " not in w),
            phrases=tuple(tuple(w.split()) for w in words if " " in w),
            pattern=re.compile(data["pattern"], flags) if data.get("pattern") else None,
            lemmas=frozenset(data.get("lemmas", [])),
            final=bool(data.get("final", False)),
            exact=exact,
            position=data.get("position", "any"),
            pos=tuple(data.get("pos", [])),
            skip_pos=tuple(data.get("skip_pos", [])),
            exceptions=frozenset(data.get("except", [])) | folded("except"),
            if_prev=folded("if_prev"),
            unless_prev=folded("unless_prev"),
            if_next=folded("if_next"),
            unless_next=folded("unless_next"),
            if_next_pattern=re.compile(data["if_next_pattern"], flags)
            if data.get("if_next_pattern")
            else None,
            unless_next_pattern=re.compile(data["unless_next_pattern"], flags)
            if data.get("unless_next_pattern")
            else None,
            if_prev_pattern=re.compile(data["if_prev_pattern"], flags)
            if data.get("if_prev_pattern")
            else None,
            unless_prev_pattern=re.compile(data["unless_prev_pattern"], flags)
            if data.get("unless_prev_pattern")
            else None,
            unless_later_pattern=re.compile(data["unless_later_pattern"], flags)
            if data.get("unless_later_pattern")
            else None,
            unless_earlier=folded("unless_earlier"),
            verb=bool(data.get("verb", False)),
            verb_pair_suffix=str(data.get("verb_pair_suffix", "")),
            verb_lemma=re.compile(data["verb_lemma"]) if data.get("verb_lemma") else None,
            question=bool(data.get("question", False)),
            locales=frozenset(data.get("locales", [])),
            not_locales=frozenset(data.get("not_locales", [])),
            open_forms=tuple(data.get("open_forms", [])),
            outside_quotes=bool(data.get("outside_quotes", False)),
            level=data.get("level"),
            examples=tuple(data.get("examples", [])),
        )

    @classmethod
    def brand(cls, language: str, register: str, words: Iterable[str], tag: str) -> Rule:
        """A rule for the extra marker words a locale profile (or brand config) lists."""
        return cls.from_data(
            {
                "id": f"{language}.{tag.lower()}-{register}-markers",
                "register": register,
                "words": list(words),
            }
        )


@dataclass(frozen=True)
class LanguageRules:
    """All rules for one language plus the labels used in findings."""

    language: str
    rules: tuple[Rule, ...]
    formal_address: str = "formal address"
    informal_address: str = "informal address"
    formal_hint: str | None = None
    informal_hint: str | None = None
    lemma_tables: tuple[str, ...] = ()
    verb_lemma_pattern: str = ".+"

    def for_locale(self, tag: str) -> tuple[Rule, ...]:
        """The rules that apply to one locale (rules without `locales` apply to all)."""
        return tuple(
            r
            for r in self.rules
            if (not r.locales or tag in r.locales) and tag not in r.not_locales
        )


@functools.lru_cache(maxsize=16)
def _lemma_tables(language: str, tables: tuple[str, ...]) -> tuple[Any, ...]:
    """spacy-lookups-data tables (installed with workbench; read from disk, no download).
    The tables key strings by hash, so they are queried with .get(word), in order."""
    from spacy.lookups import load_lookups

    lookups = load_lookups(language, list(tables), strict=False)
    return tuple(lookups.get_table(n) for n in tables if lookups.has_table(n))


@dataclass(frozen=True)
class VerbLexicon:
    """Is a word a verb form? From the lemma tables and what the verb lemmas look like."""

    language: str
    tables: tuple[str, ...]
    lemma_pattern: re.Pattern[str]

    def lemma(self, word: str) -> str | None:
        tables = _lemma_tables(self.language, self.tables)
        hit = next((hit for t in tables if (hit := t.get(word))), None)
        return str(hit).casefold() if hit else None

    def is_verb(
        self, folded: str, pair_suffix: str = "", lemma_pattern: re.Pattern[str] | None = None
    ) -> bool:
        """A verb form; with pair_suffix, also its twin without that ending ("achas" and
        "acha") must be a form of the same verb — the lemma tables map some plural nouns to
        unrelated verbs ("suas" -> suar), never both the plural and the singular."""
        if not self.tables:
            return False
        word = folded.split("-", 1)[0]  # pt enclitics: "ajudar-te", "aconselhamos-lhe"
        lemma = self.lemma(word)
        if lemma is None or not (lemma_pattern or self.lemma_pattern).fullmatch(lemma):
            return False
        if pair_suffix:
            if not word.endswith(pair_suffix) or len(word) <= len(pair_suffix) + 1:
                return False
            return self.lemma(word[: -len(pair_suffix)]) == lemma
        return True


@dataclass(frozen=True)
class _Tok:
    """The bits of a spaCy token the matcher needs, precomputed once per token."""

    text: str
    folded: str
    lemma: str
    norm: str
    tag: str
    start: int
    end: int
    initial: bool
    is_word: bool
    form: str = ""  # conjugation form where the tokenizer gives one (Japanese: 連用形-一般)


def _inflection_form(tok: Token) -> str:
    """'連用形-一般' from Sudachi's 'Inflection=助動詞-ダ;連用形-一般' (empty elsewhere)."""
    values = tok.morph.get("Inflection", [])
    return values[0].split(";")[-1] if values else ""


def _tokens(doc: Doc, language: str) -> list[list[_Tok]]:
    """Sentences as lists of non-space tokens, marking which word starts a sentence or line.

    A line break also ends a sentence: greeting lines, list items and Japanese lines without
    a final 。 are judged on their own.
    """
    sentences: list[list[_Tok]] = []
    for sent in doc.sents:
        toks: list[_Tok] = []
        prev: Token | None = None
        for tok in sent:
            if tok.is_space:
                if "\n" in tok.text and toks:
                    sentences.append(toks)
                    toks, prev = [], None
                continue
            initial = prev is None or (
                prev.text in _OPENERS or (prev.is_punct and prev.text[-1:] in _OPENERS)
            )
            if not toks or all(not t.is_word for t in toks):
                initial = True
            is_word = any(ch.isalpha() for ch in tok.text)
            toks.append(
                _Tok(
                    tok.text,
                    fold(tok.text, language),
                    tok.lemma_,
                    tok.norm_,
                    tok.tag_,
                    tok.idx,
                    tok.idx + len(tok.text),
                    initial and is_word,
                    is_word,
                    _inflection_form(tok) if language == "ja" else "",
                )
            )
            prev = tok
        if toks:
            sentences.append(toks)
    return sentences


def _neighbour(toks: list[_Tok], i: int) -> _Tok | None:
    return toks[i] if 0 <= i < len(toks) else None


def _context_ok(
    rule: Rule, toks: list[_Tok], start: int, end: int, verbs: VerbLexicon | None = None
) -> bool:
    first = toks[start]
    if rule.verb and not (
        verbs and verbs.is_verb(first.folded, rule.verb_pair_suffix, rule.verb_lemma)
    ):
        return False
    if rule.question and not _is_question(toks):
        return False
    if rule.unless_earlier and any(t.folded in rule.unless_earlier for t in toks[:start]):
        return False
    if rule.position == "initial" and not first.initial:
        return False
    if rule.position == "medial" and first.initial:
        return False
    prev, nxt = _neighbour(toks, start - 1), _neighbour(toks, end)
    prev_word = prev.folded if prev else ""
    next_word = nxt.folded if nxt else ""
    next_text = nxt.text if nxt else ""
    if rule.if_prev_pattern and not rule.if_prev_pattern.fullmatch(prev.text if prev else ""):
        return False
    if rule.unless_prev_pattern and prev and rule.unless_prev_pattern.fullmatch(prev_word):
        return False
    if rule.if_prev and prev_word not in rule.if_prev:
        return False
    if rule.unless_prev and prev_word in rule.unless_prev:
        return False
    if rule.if_next and next_word not in rule.if_next:
        return False
    if rule.unless_next and next_word in rule.unless_next:
        return False
    if rule.if_next_pattern and not rule.if_next_pattern.fullmatch(next_text):  # case as written
        return False
    if rule.unless_later_pattern and any(
        rule.unless_later_pattern.fullmatch(t.folded) for t in toks[end:]
    ):
        return False
    return not (rule.unless_next_pattern and rule.unless_next_pattern.fullmatch(next_text))


def _token_matches(rule: Rule, tok: _Tok) -> bool:
    if not tok.is_word:
        return False
    if rule.pos and not tok.tag.startswith(rule.pos):
        return False
    key = tok.text.replace("’", "'") if rule.exact else tok.folded
    if key in rule.exceptions:
        return False
    if rule.words and key in rule.words:
        return True
    if rule.pattern is not None and rule.pattern.fullmatch(key):
        return True
    return bool(rule.lemmas) and (tok.lemma in rule.lemmas or tok.norm in rule.lemmas)


def _final_chain(rule: Rule, toks: list[_Tok]) -> tuple[int, int] | None:
    """The sentence's closing predicate (token index range) when no token in it is excepted.

    Used for Japanese plain endings: skip trailing punctuation and sentence-final particles
    (skip_pos), then collect the verbs/adjectives/auxiliaries (pos) that close the sentence.
    """
    i = len(toks) - 1
    while rule.skip_pos and i >= 0 and toks[i].tag.startswith(rule.skip_pos):
        i -= 1
    end = i + 1
    while i >= 0 and toks[i].tag.startswith(rule.pos):
        i -= 1
    start = i + 1
    if start >= end:
        return None
    chain = toks[start:end]
    if any(
        t.lemma in rule.exceptions or t.norm in rule.exceptions or t.text in rule.exceptions
        for t in chain
    ):
        return None
    if rule.question and not _is_question(toks):
        return None
    last = chain[-1]
    # a sentence-final particle (ね, よ, か) closes an open form, and so does an exclamation
    # mark after a て-form: 待ってね, 楽しんで！ are casual requests, not clauses cut off
    closed = any(t.tag.startswith("助詞-終助詞") for t in toks[end:]) or (
        last.tag.startswith("助詞-接続助詞") and any(t.text in ("!", "！") for t in toks[end:])
    )
    if rule.open_forms and not closed and last.form.startswith(rule.open_forms):
        return None
    if rule.open_forms and not closed and last.tag.startswith(rule.open_forms):
        return None
    if rule.outside_quotes and (_is_list_item(toks) or _closes_a_quote(toks, end)):
        return None
    return start, end


# Opening and closing quotation marks: quoted speech keeps the register of its speaker.
_QUOTE_PAIRS = {"「": "」", "『": "』", "“": "”", "＂": "＂"}
_CLOSING_QUOTES = set(_QUOTE_PAIRS.values())
_BULLET = re.compile(r"[・•\-*‐－●○■□◆◇※▶►✓✔]|[0-9０-９]+[.)．）]|[①-⑳]")


def _is_question(toks: list[_Tok]) -> bool:
    return any("?" in t.text or "？" in t.text for t in toks[-2:])


def _is_list_item(toks: list[_Tok]) -> bool:
    """A line that starts with a bullet or a number: list items are often plain forms."""
    return bool(toks) and bool(_BULLET.fullmatch(toks[0].text))


def _closes_a_quote(toks: list[_Tok], end: int) -> bool:
    """The closing chain is followed by a closing quotation mark (「…違う」と言う)."""
    return any(t.text in _CLOSING_QUOTES for t in toks[end:])


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Character spans inside quotation marks (「…」, 『…』, “…”), nesting allowed; an
    unclosed quotation runs to the end of the text."""
    spans: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    for i, ch in enumerate(text):
        if stack and ch == _QUOTE_PAIRS[stack[-1][0]]:
            opener, start = stack.pop()
            if not stack:
                spans.append((start, i))
        elif ch in _QUOTE_PAIRS:
            stack.append((ch, i))
    if stack:
        spans.append((stack[0][1], len(text)))
    return spans


def _inside(span: tuple[int, int], regions: list[tuple[int, int]]) -> bool:
    return any(a < span[0] and span[1] <= b for a, b in regions)


@dataclass(frozen=True)
class _Index:
    """Which rules can match a token, so a token is tested against a handful of rules, not all."""

    rules: tuple[Rule, ...]
    # folded word (or the first word of a phrase) -> positions of the rules listing it
    by_folded: dict[str, tuple[int, ...]]
    by_exact: dict[str, tuple[int, ...]]  # the same for case-exact rules
    always: tuple[int, ...]  # pattern and lemma rules: tested on every token
    final: tuple[int, ...]  # sentence-final chain rules


_INDEXES: dict[tuple[int, ...], tuple[tuple[Rule, ...], _Index]] = {}


def _index(rules: tuple[Rule, ...]) -> _Index:
    key = tuple(id(r) for r in rules)
    cached = _INDEXES.get(key)
    if cached is not None and cached[0] == rules:
        return cached[1]
    folded: dict[str, list[int]] = {}
    exact: dict[str, list[int]] = {}
    always: list[int] = []
    final: list[int] = []
    for n, rule in enumerate(rules):
        if rule.final:
            final.append(n)
            continue
        table = exact if rule.exact else folded
        for word in {*rule.words, *(p[0] for p in rule.phrases)}:
            table.setdefault(word, []).append(n)
        if rule.pattern is not None or rule.lemmas:
            always.append(n)
    index = _Index(
        rules,
        {k: tuple(v) for k, v in folded.items()},
        {k: tuple(v) for k, v in exact.items()},
        tuple(always),
        tuple(final),
    )
    if len(_INDEXES) > 256:  # brand rules are rebuilt per scorer: keep the cache bounded
        _INDEXES.clear()
    _INDEXES[key] = (rules, index)  # keeps the rules alive, so their ids stay unique
    return index


def find_markers(
    doc: Doc, rules: LanguageRules, extra: Sequence[Rule] = (), locale: str | None = None
) -> list[Marker]:
    """Every register marker in a parsed text, in text order, with character spans.

    A token marks at most once: the first rule in file order that matches it wins, so narrow
    disambiguating rules are listed before broad ones in the data files. With a locale tag,
    rules limited to other locales are left out.
    """
    base = rules.for_locale(locale) if locale else rules.rules
    index = _index((*base, *extra))
    verbs = _verbs(rules)
    quoted = quoted_spans(doc.text) if any(r.outside_quotes for r in index.rules) else []
    markers: list[Marker] = []
    for toks in _tokens(doc, rules.language):
        taken: set[int] = set()
        for i, tok in enumerate(toks):
            if i in taken or not tok.is_word:
                continue
            candidates = sorted(
                {
                    *index.by_folded.get(tok.folded, ()),
                    *index.by_exact.get(tok.text.replace("’", "'"), ()),
                    *index.always,
                }
            )
            for n in candidates:
                rule = index.rules[n]
                end = _match_at(rule, toks, i)
                if (
                    end
                    and not taken.intersection(range(i, end))
                    and _context_ok(rule, toks, i, end, verbs)
                    and not (
                        rule.outside_quotes and _inside((toks[i].start, toks[end - 1].end), quoted)
                    )
                ):
                    taken.update(range(i, end))
                    markers.append(_marker(rule, toks, i, end, doc.text))
                    break
        for n in index.final:
            rule = index.rules[n]
            found = _final_chain(rule, toks)
            if found and rule.outside_quotes:
                chain_span = (toks[found[0]].start, toks[found[1] - 1].end)
                if _inside(chain_span, quoted):
                    found = None
            if found and not taken.intersection(range(*found)):
                taken.update(range(*found))
                markers.append(_marker(index.rules[n], toks, *found, doc.text))
    markers.sort(key=lambda m: m.span)
    return markers


def _verbs(rules: LanguageRules) -> VerbLexicon:
    return _lexicon(rules.language, rules.lemma_tables, rules.verb_lemma_pattern)


@functools.lru_cache(maxsize=32)
def _lexicon(language: str, tables: tuple[str, ...], pattern: str) -> VerbLexicon:
    return VerbLexicon(language, tables, re.compile(pattern))


def _match_at(rule: Rule, toks: list[_Tok], i: int) -> int:
    """End index (exclusive) of a match starting at token i, or 0."""
    for phrase in rule.phrases:
        n = len(phrase)
        window = toks[i : i + n]
        if len(window) == n and all(
            (t.text if rule.exact else t.folded) == w for t, w in zip(window, phrase, strict=True)
        ):
            return i + n
    return i + 1 if _token_matches(rule, toks[i]) else 0


def _marker(rule: Rule, toks: list[_Tok], start: int, end: int, text: str) -> Marker:
    span = (toks[start].start, toks[end - 1].end)
    return Marker(rule.id, rule.register, rule.strength, span, text[span[0] : span[1]], rule.level)


def classify(markers: Sequence[Marker]) -> str:
    """formal | informal | mixed | neutral from the markers of one text.

    Strong markers decide; weak ones ("su" = your/his, sentence-initial "Sie" = you/she) only
    decide when no strong marker is present, and never make a text mixed on their own.
    """
    strong = {m.register for m in markers if m.strength == "strong"}
    if len(strong) == 2:
        return "mixed"
    if strong:
        return next(iter(strong))
    weak_formal = sum(1 for m in markers if m.register == "formal")
    weak_informal = sum(1 for m in markers if m.register == "informal")
    if weak_formal > weak_informal:
        return "formal"
    if weak_informal > weak_formal:
        return "informal"
    return "neutral"


def effective_markers(markers: Sequence[Marker], register: str) -> list[Marker]:
    """The markers of `register` that count: strong ones if any, else the weak ones."""
    mine = [m for m in markers if m.register == register]
    strong = [m for m in mine if m.strength == "strong"]
    return strong or mine


@functools.lru_cache(maxsize=8)
def _load(extra_paths: tuple[str, ...]) -> tuple[dict[str, LanguageRules], dict[str, str]]:
    entries, versions = load_valid(KIND, validate_entry, entry_key, extra_paths)
    metas: dict[str, dict[str, Any]] = {}
    for path in glossary_files(KIND, extra_paths):
        meta = read_glossary_file(Path(path), KIND).meta
        if isinstance(meta.get("language"), str):
            metas.setdefault(meta["language"], {}).update(meta)
    by_language: dict[str, list[Rule]] = {lang: [] for lang in metas}
    for entry in entries:
        rule = Rule.from_data(entry.data)
        by_language.setdefault(rule.language, []).append(rule)
    out = {}
    for lang, rules in by_language.items():
        meta = metas.get(lang, {})
        out[lang] = LanguageRules(
            language=lang,
            rules=tuple(rules),
            formal_address=str(meta.get("formal_address", "formal address")),
            informal_address=str(meta.get("informal_address", "informal address")),
            formal_hint=meta.get("formal_hint"),
            informal_hint=meta.get("informal_hint"),
            lemma_tables=tuple(meta.get("lemma_tables", ())),
            verb_lemma_pattern=str(meta.get("verb_lemma_pattern", ".+")),
        )
    return out, versions


def load_register_rules(extra_paths: Iterable[str] = ()) -> dict[str, LanguageRules]:
    """Rules per language: bundled glossaries/register/*.toml, then user files (cached)."""
    return _load(tuple(extra_paths))[0]


def register_glossary_versions(extra_paths: Iterable[str] = ()) -> dict[str, str]:
    return _load(tuple(extra_paths))[1]


def clear_cache() -> None:
    _load.cache_clear()
