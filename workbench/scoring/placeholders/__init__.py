"""Placeholders, numbers, dates, links and tags that differ between source and translation."""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import ClassVar

from workbench.models import Finding, PipelineItem, ScoreResult
from workbench.mt.syntax import Protected, find_protected, glued_printf
from workbench.scoring.base import ScoringContext
from workbench.scoring.placeholders.icu import compare_icu
from workbench.scoring.placeholders.markup import compare_inline, key_link, key_tag

# Rule id of the router's own report on masks an engine lost (workbench/mt/router.py).
MT_MANGLED_RULE = "placeholders.mt_mangled"

# How find_protected kinds are compared: as placeholders, as links, as markup, as XLIFF inline
# codes (by element and id) or as ICU MessageFormat (by structure, in icu.py).
PLACEHOLDER_KINDS = frozenset(
    {"template", "format", "printf", "qt", "nesting", "shell", "colon", "order_id"}
)
LINK_KINDS = frozenset({"url", "email"})
TAG_KINDS = frozenset({"html"})
INLINE_KINDS = frozenset({"inline"})

SPACES = "\u00a0\u202f\u2009\u2007"  # no-break, narrow no-break, thin and figure spaces
UNSPACED_LANGUAGES = frozenset({"ja", "zh", "th", "lo", "km", "my"})

# Locales whose currency symbols are collected: "$" is USD in en-US, MXN in es-MX, CAD in en-CA…
_SYMBOL_LOCALES = (
    "en",
    "en_US",
    "en_GB",
    "en_CA",
    "en_AU",
    "en_NZ",
    "en_IN",
    "en_SG",
    "es",
    "es_MX",
    "es_AR",
    "es_CO",
    "es_CL",
    "pt_BR",
    "pt_PT",
    "fr",
    "fr_CA",
    "fr_CH",
    "de",
    "de_CH",
    "it",
    "nl",
    "pl",
    "tr",
    "ru",
    "ja",
    "ar",
    "ar_SA",
    "ca",
    "gl",
    "sv",
    "da",
    "fi",
    "zh",
    "zh_Hant_HK",
    "ko",
)


# -- locale number conventions ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NumberFormat:
    """Which characters group thousands and which one marks decimals in a locale."""

    group: frozenset[str]
    decimal: str


@functools.lru_cache(maxsize=64)
def number_format(locale: str) -> NumberFormat:
    """CLDR symbols for a locale tag ("de-DE" -> '.' groups, ',' decimals); English if unknown."""
    import babel.numbers
    from babel.core import UnknownLocaleError

    tag = locale.replace("-", "_")
    try:
        group = babel.numbers.get_group_symbol(tag)
        decimal = babel.numbers.get_decimal_symbol(tag)
    except (UnknownLocaleError, ValueError):
        group, decimal = ",", "."
    # Spaces of every width and apostrophes group digits wherever they appear between them.
    groups = {group, *SPACES, "'", "\u2019"}
    if group.isspace() or group in SPACES:
        groups.add(" ")
    groups.discard(decimal)
    return NumberFormat(frozenset(groups), decimal)


def parse_number(raw: str, fmt: NumberFormat) -> Decimal | None:
    """The value of a numeral under one convention, or None when it does not fit it."""
    integer, sep, fraction = raw.rpartition(fmt.decimal) if fmt.decimal in raw else (raw, "", "")
    if sep and (not fraction.isdigit() or not integer or fmt.decimal in integer):
        return None
    parts = re.split("[" + re.escape("".join(fmt.group)) + "]", integer)
    if len(parts) > 1 and (not 1 <= len(parts[0]) <= 3 or any(len(p) != 3 for p in parts[1:])):
        return None
    digits = "".join(parts)
    if not digits.isdigit():
        return None
    try:
        return Decimal(digits + ("." + fraction if sep else "")).normalize()
    except InvalidOperation:
        return None


# -- tokens ----------------------------------------------------------------------------------

# Numbers glued to Latin letters belong to a word or code ("MP3", "v2"); glued to CJK they do not.
_LATIN = r"\dA-Za-z_\u00C0-\u024F"
_DATE = re.compile(
    rf"(?<![{_LATIN}.,/-])(\d{{1,4}})([./-])(\d{{1,2}})\2(\d{{1,4}})(?![{_LATIN}/-]|[.,]\d)"
)
_AMPM = r"\s?(?P<ampm{n}>[aApP])\.?\s?[mM]\.?(?!\w)"
_SUFFIX = r"\s?(?P<suffix{n}>Uhr|h|hrs)(?!\w)"
# 14:30, 2:30 pm, 14.30 Uhr, 14h30, 2 PM, 2 p. m., 14 Uhr, 14h
_TIME = re.compile(
    rf"(?<![{_LATIN}.,:])(?P<hour>\d{{1,2}})(?:"
    rf":(?P<minute1>\d{{2}})(?!\d)(?:{_AMPM.format(n=1)}|{_SUFFIX.format(n=1)})?"
    rf"|\.(?P<minute2>\d{{2}}){_SUFFIX.format(n=2)}"
    r"|h(?P<minute3>\d{2})(?!\d)"
    rf"|{_AMPM.format(n=2)}"
    rf"|{_SUFFIX.format(n=3)}"
    r")"
)
_NUMBER = re.compile(
    rf"(?<![{_LATIN}.,])[-\u2212]?\d+(?:(?:[.,'\u2019{SPACES}]|(?: (?=\d{{3}}(?!\d))))\d+)*"
)
# English ordinal endings are dropped ("22nd" -> 22): other languages write "22." or "22º".
_ORDINAL_SUFFIX = re.compile(r"(?<=\d)(?:st|nd|rd|th)(?![a-zA-Z])")


@dataclass
class NumToken:
    """A number, time or date with every value it may stand for."""

    span: tuple[int, int]
    text: str
    readings: set[Hashable]
    parts: list[Decimal] = field(default_factory=list)  # the numerals it is written with
    currency: frozenset[str] = frozenset()  # ISO codes its currency marker may mean


def _date_readings(a: str, b: str, c: str) -> set[Hashable]:
    x, y, z = int(a), int(b), int(c)
    out: set[Hashable] = set()

    def add(year: int, month: int, day: int) -> None:
        if year < 100:
            year += 2000
        if 1 <= month <= 12 and 1 <= day <= 31:
            out.add(("date", year, month, day))

    if len(a) == 4:
        add(x, y, z)  # ISO / East Asian: 2026-11-22, 2026/11/22
    else:
        add(z, x, y)  # US: 11/22/2026
        add(z, y, x)  # most of the world: 22/11/2026, 22.11.2026
    return out


def _time_readings(hour: int, minute: int, ampm: str | None, clock24: bool) -> set[Hashable]:
    if minute > 59 or hour > 24:
        return set()
    if ampm:
        if not 1 <= hour <= 12:
            return set()
        h = hour % 12 + (12 if ampm.lower() == "p" else 0)
        return {("time", h * 60 + minute)}
    if clock24 or hour > 12:
        return {("time", hour % 24 * 60 + minute)}
    # "2:30" alone may be morning or afternoon.
    return {("time", hour * 60 + minute), ("time", (hour + 12) % 24 * 60 + minute)}


def number_tokens(
    text: str, formats: Sequence[NumberFormat], blanked: Iterable[tuple[int, int]] = ()
) -> list[NumToken]:
    """Dates, times and numbers in `text` outside the `blanked` spans, each with its readings."""
    chars = list(text)
    for start, end in blanked:
        chars[start:end] = " " * (end - start)
    work = "".join(chars)
    tokens: list[NumToken] = []

    def take(start: int, end: int) -> None:
        nonlocal work
        work = work[:start] + " " * (end - start) + work[end:]

    for m in _DATE.finditer(work):
        date_readings = _date_readings(m.group(1), m.group(3), m.group(4))
        if date_readings:
            parts = [Decimal(m.group(i)) for i in (1, 3, 4)]
            tokens.append(NumToken(m.span(), m.group(), date_readings, parts))
    for token in tokens:
        take(*token.span)

    time_tokens = []
    for m in _TIME.finditer(work):
        groups = m.groupdict()
        minute_text = groups["minute1"] or groups["minute2"] or groups["minute3"]
        ampm = groups["ampm1"] or groups["ampm2"]
        clock24 = bool(
            groups["suffix1"] or groups["suffix2"] or groups["suffix3"] or groups["minute3"]
        )
        hour, minute = int(m.group("hour")), int(minute_text or 0)
        time_readings = _time_readings(hour, minute, ampm, clock24)
        if time_readings:
            parts = [Decimal(hour)] + ([Decimal(minute)] if minute_text else [])
            time_tokens.append(NumToken(m.span(), m.group(), time_readings, parts))
    for token in time_tokens:
        take(*token.span)
    tokens.extend(time_tokens)

    for m in _NUMBER.finditer(work):
        raw = m.group().replace("\u2212", "-")
        negative = raw.startswith("-")
        body = raw.lstrip("-")
        readings: set[Hashable] = set()
        for fmt in formats:
            value = parse_number(body, fmt)
            if value is not None:
                readings.add(("num", -value if negative else value))
        parts = [Decimal(p) for p in re.findall(r"\d+", body)]
        if not readings:
            # "1.2.3" or "12,5,7": compare the numerals it is made of.
            readings = {("lit", tuple(parts))}
        tokens.append(NumToken(m.span(), m.group(), readings, parts))
    tokens.sort(key=lambda t: t.span)
    return tokens


# -- currencies ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CurrencyTable:
    """Currency symbols, ISO codes and names -> the ISO codes they may mean."""

    markers: dict[str, frozenset[str]]  # exact marker (case-sensitive) -> codes
    words: dict[str, frozenset[str]]  # lower-case words of names (per language) -> codes
    symbols: tuple[tuple[str, frozenset[str]], ...] = ()  # non-letter markers, longest first
    by_code: dict[str, tuple[str, ...]] = field(default_factory=dict)  # code -> its markers


@functools.lru_cache(maxsize=32)
def currency_table(language: str) -> CurrencyTable:
    """Markers for English sources and for one target language (from CLDR via babel)."""
    import babel.numbers
    from babel import Locale
    from babel.core import UnknownLocaleError

    markers: dict[str, set[str]] = defaultdict(set)
    words: dict[str, set[str]] = defaultdict(set)
    codes = babel.numbers.list_currencies()
    for tag in _SYMBOL_LOCALES:
        loc = Locale.parse(tag)
        for code, symbol in loc.currency_symbols.items():
            if code in codes and symbol and not symbol.isdigit():
                markers[symbol].add(code)
    for code in codes:
        markers[code].add(code)
    for tag in {"en", language}:
        try:
            loc = Locale.parse(tag)
        except (UnknownLocaleError, ValueError):
            continue
        for code in codes:
            for count in (1, 2):
                name = babel.numbers.get_currency_name(code, count=count, locale=loc)
                if name and name != code and "(" not in name:
                    markers[name].add(code)
                    for word in re.split(r"[\s\-]+", name):
                        if len(word) >= 3:
                            words[word.casefold()].add(code)
    by_code: dict[str, list[str]] = defaultdict(list)
    for marker, marker_codes in markers.items():
        for code in marker_codes:
            by_code[code].append(marker)
    symbols = tuple(
        (m, frozenset(markers[m]))
        for m in sorted(markers, key=len, reverse=True)
        if not m.replace(" ", "").isalpha()
    )
    return CurrencyTable(
        {k: frozenset(v) for k, v in markers.items()},
        {k: frozenset(v) for k, v in words.items()},
        symbols,
        {k: tuple(v) for k, v in by_code.items()},
    )


_BEFORE = re.compile(rf"([^\s\d{SPACES}]+)[\s{SPACES}]?$")
_AFTER = re.compile(rf"^[\s{SPACES}]?([^\s\d{SPACES}.,;:!?)]+)")


def _marker_codes(word: str, table: CurrencyTable, *, side: str) -> frozenset[str]:
    """Codes of a currency marker written right before or after a number ("$", "EUR", "euros")."""
    if word in table.markers:
        return table.markers[word]
    # A symbol glued to other characters: "US$", "R$", "€25" or "25€)".
    for marker, codes in table.symbols:
        if word.endswith(marker) if side == "before" else word.startswith(marker):
            return codes
    return frozenset()


def attach_currencies(text: str, tokens: list[NumToken], table: CurrencyTable) -> None:
    """Give each number the currency written next to it (at most one space away)."""
    for token in tokens:
        if not any(isinstance(r, tuple) and r[0] == "num" for r in token.readings):
            continue
        before = _BEFORE.search(text, max(0, token.span[0] - 12), token.span[0])
        after = _AFTER.search(text[token.span[1] : token.span[1] + 30])
        codes: frozenset[str] = frozenset()
        if before:
            codes = _marker_codes(before.group(1), table, side="before")
        if not codes and after:
            word = after.group(1)
            codes = _marker_codes(word, table, side="after")
            if not codes:
                # Multi-word names ("US dollars", "reales brasileños"): try two words.
                two = re.match(
                    rf"^[\s{SPACES}]?(\S+[\s{SPACES}]\S+)", text[token.span[1] : token.span[1] + 40]
                )
                if two and two.group(1).rstrip(".,;:!?)") in table.markers:
                    codes = table.markers[two.group(1).rstrip(".,;:!?)")]
        token.currency = codes


def _mentions_currency(
    text: str, token: NumToken, codes: frozenset[str], table: CurrencyTable, language: str
) -> bool:
    """Whether the translation names one of `codes` next to a number (any marker or name word)."""
    if token.currency & codes:
        return True
    window_start, window_end = max(0, token.span[0] - 25), token.span[1] + 30
    window = text[window_start:window_end]
    markers = {m for code in codes for m in table.by_code.get(code, ())}
    if language in UNSPACED_LANGUAGES:
        # "25円" for 日本円, "25ドル" for 米ドル: the end of a name written after the number.
        after = text[token.span[1] : token.span[1] + 6].lstrip()
        if any(after.startswith(m[i:]) for m in markers for i in range(len(m))):
            return True
    if any(m in window for m in markers):
        return True
    return any(
        w.casefold() in table.words and table.words[w.casefold()] & codes
        for w in re.findall(r"\w{3,}", window)
    )


# -- comparing -------------------------------------------------------------------------------


def match_tokens(
    source: list[NumToken], target: list[NumToken]
) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Pair source and target tokens that share a reading; then retry leftovers by numerals.

    Returns (pairs, unmatched source indices, unmatched target indices).
    """
    index: dict[Hashable, list[int]] = defaultdict(list)
    for j, token in enumerate(target):
        for reading in token.readings:
            index[reading].append(j)
    used: set[int] = set()
    pairs: list[tuple[int, int]] = []
    # Tokens with one reading first, so an ambiguous one does not take another's only partner.
    order = sorted(range(len(source)), key=lambda i: len(source[i].readings))
    left_source: list[int] = []
    for i in order:
        partner = None
        for reading in sorted(source[i].readings, key=str):
            candidates = index.get(reading, [])
            while candidates and candidates[0] in used:
                candidates.pop(0)
            if candidates:
                partner = candidates.pop(0)
                break
        if partner is None:
            left_source.append(i)
        else:
            used.add(partner)
            pairs.append((i, partner))
    left_target = [j for j in range(len(target)) if j not in used]

    # A time written as "2 PM" may come back as "14 Uhr" or "午後2時"; a date may be split into
    # words; a French "800 555" may be two numbers: compare what is left numeral by numeral.
    src_parts = Counter(p for i in left_source for p in source[i].parts)
    tgt_parts = Counter(p for j in left_target for p in target[j].parts)
    common = src_parts & tgt_parts
    still_source = [i for i in left_source if not _consume(source[i].parts, common, src_parts)]
    common = src_parts & tgt_parts  # recomputed: _consume only decremented the source side
    still_target = [j for j in left_target if not _consume(target[j].parts, common, tgt_parts)]
    return pairs, sorted(still_source), sorted(still_target)


def _consume(parts: list[Decimal], common: Counter[Decimal], pool: Counter[Decimal]) -> bool:
    """True when every numeral of a token is shared with the other side (and take them)."""
    need = Counter(parts)
    if parts and all(common[p] >= n for p, n in need.items()):
        for p, n in need.items():
            common[p] -= n
        return True
    return False


def _key_placeholder(p: Protected) -> str:
    return re.sub(r"\s+", "", p.text)


def _diff(
    source: list[Protected], target: list[Protected], key: Callable[[Protected], str]
) -> tuple[list[Protected], list[Protected]]:
    """Source items with no equal in the target, and target items with none in the source."""
    pool: dict[str, list[Protected]] = defaultdict(list)
    for p in target:
        pool[key(p)].append(p)
    missing = []
    for p in source:
        bucket = pool.get(key(p))
        if bucket:
            bucket.pop(0)
        else:
            missing.append(p)
    extra = sorted((p for bucket in pool.values() for p in bucket), key=lambda p: p.start)
    return missing, extra


def _describe(kind: str) -> str:
    return {
        "url": "link",
        "email": "e-mail address",
        "order_id": "order number or code",
        "html": "tag",
    }.get(kind, "placeholder")


def _differences(
    missing: list[Protected],
    extra: list[Protected],
    changed_rule: str,
    missing_rule: str,
    extra_rule: str,
    changed: str,
) -> list[Finding]:
    """Findings for protected items the translation lost or gained; a lost one paired with a
    gained one of the same kind was changed (`missing` and `extra` are consumed)."""
    findings = []
    for m in list(missing):
        partner = next((e for e in extra if e.kind == m.kind), None)
        if partner is not None:
            missing.remove(m)
            extra.remove(partner)
            message = changed.format(what=_describe(m.kind), old=m.text, new=partner.text)
            findings.append(
                Finding(
                    changed_rule,
                    message,
                    (partner.start, partner.end),
                    "translation",
                    "error",
                    m.text,
                )
            )
    for m in missing:
        findings.append(
            Finding(
                missing_rule,
                f"{_describe(m.kind)} {m.text!r} is missing from the translation",
                (m.start, m.end),
                "source",
                "error",
                m.text,
            )
        )
    for e in extra:
        findings.append(
            Finding(
                extra_rule,
                f"the translation has {_describe(e.kind)} {e.text!r} that the source does not",
                (e.start, e.end),
                "translation",
                "warning",
                None,
            )
        )
    return findings


def compare(
    source: str,
    translation: str,
    target: str,
    source_lang: str = "en",
    names: re.Pattern[str] | None = None,
) -> list[Finding]:
    """Every placeholder, link, tag and number difference between a source and its translation.

    `names` finds words whose digits are not numbers ("2FA", "3PL", "CN22"); see `digit_names`.
    """
    findings: list[Finding] = []
    src_prot, tgt_prot = find_protected(source), find_protected(translation)
    if not any(p.kind == "qt" for p in src_prot):
        # "%1" is a Qt placeholder only in a Qt message; in Turkish "%50" is fifty percent.
        tgt_prot = [p for p in tgt_prot if p.kind != "qt"]
    # "%sn" in Esperanto is "%s" + "n" when the message uses "%s" elsewhere (on either side).
    bare = {p.text for p in src_prot + tgt_prot if p.kind == "printf" and len(p.text) == 2}
    src_prot = sorted(src_prot + glued_printf(source, bare, src_prot), key=lambda p: p.start)
    tgt_prot = sorted(tgt_prot + glued_printf(translation, bare, tgt_prot), key=lambda p: p.start)

    def of(items: list[Protected], kinds: frozenset[str]) -> list[Protected]:
        return [p for p in items if p.kind in kinds]

    # Placeholders: a missing one paired with an extra one of the same syntax was changed.
    missing, extra = _diff(
        of(src_prot, PLACEHOLDER_KINDS), of(tgt_prot, PLACEHOLDER_KINDS), _key_placeholder
    )
    findings += _differences(
        missing,
        extra,
        "placeholders.changed",
        "placeholders.missing",
        "placeholders.extra",
        changed="{what} {old!r} was changed to {new!r} in the translation",
    )
    # Links and e-mail addresses must come through unchanged.
    findings += compare_icu(source, translation, target)
    missing, extra = _diff(of(src_prot, LINK_KINDS), of(tgt_prot, LINK_KINDS), key_link)
    findings += _differences(
        missing,
        extra,
        "links.mismatch",
        "links.mismatch",
        "links.mismatch",
        changed="{what} {old!r} became {new!r}",
    )

    # Markup: the same tags (names and link targets; order may change with word order).
    findings += compare_inline(of(src_prot, INLINE_KINDS), of(tgt_prot, INLINE_KINDS))
    missing, extra = _diff(of(src_prot, TAG_KINDS), of(tgt_prot, TAG_KINDS), key_tag)
    for m in missing:
        findings.append(
            Finding(
                "tags.mismatch",
                f"tag {m.text!r} is missing or altered in the translation",
                (m.start, m.end),
                "source",
                "warning",
                m.text,
            )
        )
    for e in extra:
        findings.append(
            Finding(
                "tags.mismatch",
                f"the translation has tag {e.text!r} that the source does not",
                (e.start, e.end),
                "translation",
                "warning",
                None,
            )
        )

    findings.extend(
        compare_numbers(source, translation, target, source_lang, src_prot, tgt_prot, names)
    )
    return findings


def compare_numbers(
    source: str,
    translation: str,
    target: str,
    source_lang: str = "en",
    src_prot: list[Protected] | None = None,
    tgt_prot: list[Protected] | None = None,
    names: re.Pattern[str] | None = None,
) -> list[Finding]:
    """Numbers, amounts, currencies, dates and times that differ (locale-aware formats)."""
    src_prot = find_protected(source) if src_prot is None else src_prot
    tgt_prot = find_protected(translation) if tgt_prot is None else tgt_prot
    src_skip = [(p.start, p.end) for p in src_prot]
    tgt_skip = [(p.start, p.end) for p in tgt_prot]
    if names is not None:
        src_skip += [m.span() for m in names.finditer(source)]
        tgt_skip += [m.span() for m in names.finditer(translation)]
    src_fmt, tgt_fmt = number_format(source_lang), number_format(target)
    language = target.split("-")[0].lower()
    src_tokens = number_tokens(_strip_ordinals(source), [src_fmt], src_skip)
    # A translation may keep the source's format ("1,000.50" left as it was) or use its own.
    tgt_tokens = number_tokens(translation, [tgt_fmt, src_fmt], tgt_skip)
    src_table, tgt_table = currency_table(source_lang), currency_table(language)
    attach_currencies(source, src_tokens, src_table)
    attach_currencies(translation, tgt_tokens, tgt_table)

    pairs, left_source, left_target = match_tokens(src_tokens, tgt_tokens)
    findings: list[Finding] = []
    for i, j in pairs:
        s, t = src_tokens[i], tgt_tokens[j]
        if not s.currency:
            continue
        if t.currency and not (t.currency & s.currency):
            findings.append(
                Finding(
                    "numbers.mismatch",
                    f"amount {s.text} has another currency in the translation ({t.text} next to "
                    "a different currency)",
                    t.span,
                    "translation",
                    "error",
                    None,
                )
            )
        elif not t.currency and not _mentions_currency(
            translation, t, s.currency, tgt_table, language
        ):
            findings.append(
                Finding(
                    "numbers.mismatch",
                    f"the currency of {s.text} ({', '.join(sorted(s.currency)[:3])}) is missing "
                    "next to "
                    f"{t.text} in the translation",
                    t.span,
                    "translation",
                    "warning",
                    None,
                )
            )
    # Leftovers on both sides are most likely the same number written differently: changed.
    for i, j in zip(left_source, left_target, strict=False):
        s, t = src_tokens[i], tgt_tokens[j]
        findings.append(
            Finding(
                "numbers.mismatch",
                f"{s.text!r} in the source became {t.text!r} in the translation",
                t.span,
                "translation",
                "error",
                s.text,
            )
        )
    for i in left_source[len(left_target) :]:
        s = src_tokens[i]
        findings.append(
            Finding(
                "numbers.mismatch",
                f"{s.text!r} is missing from the translation",
                s.span,
                "source",
                "error",
                s.text,
            )
        )
    for j in left_target[len(left_source) :]:
        t = tgt_tokens[j]
        findings.append(
            Finding(
                "numbers.mismatch",
                f"the translation has {t.text!r} that the source does not",
                t.span,
                "translation",
                "warning",
                None,
            )
        )
    return findings


def digit_names(forms: Iterable[str]) -> re.Pattern[str] | None:
    """A pattern for acronyms written with digits ("2FA", "3PL", "CN22"): they are not numbers."""
    from workbench.glossary.acronyms import TOKEN_CHAR

    with_digits = sorted((f for f in forms if any(c.isdigit() for c in f)), key=len, reverse=True)
    if not with_digits:
        return None
    alternation = "|".join(re.escape(f) for f in with_digits)
    return re.compile(rf"(?<![{TOKEN_CHAR}])(?:{alternation})s?(?![{TOKEN_CHAR}])")


def _strip_ordinals(text: str) -> str:
    # Same length out as in, so spans stay valid: "22nd" -> "22  ".
    return _ORDINAL_SUFFIX.sub(lambda m: " " * len(m.group()), text)


class PlaceholderScorer:
    """Placeholders, numbers, links and tags compared between source and translation."""

    name: ClassVar[str] = "placeholders"

    def __init__(self, context: ScoringContext) -> None:
        self.context = context

    def _digit_names(self) -> re.Pattern[str] | None:
        from workbench.glossary.acronyms import load_acronyms

        glossary = self.context.get("acronyms.glossary", lambda: load_acronyms(self.context.config))
        return digit_names(glossary.by_form)

    def score(self, items: Sequence[PipelineItem]) -> list[ScoreResult]:
        if not items:
            return []
        names = self.context.get("placeholders.digit_names", self._digit_names)
        results = []
        for item in items:
            if item.translation is None:
                results.append(
                    ScoreResult(unavailable={"placeholders": "no translation to compare"})
                )
                continue
            try:
                findings = compare(
                    item.source, item.translation, item.target, item.message.source_lang, names
                )
            except Exception as exc:  # one odd text must not stop the batch
                results.append(ScoreResult(unavailable={"placeholders": f"check failed: {exc}"}))
                continue
            findings = _without_mt_duplicates(findings, item)
            signals = {"placeholder_issues": len(findings)}
            results.append(ScoreResult(signals, tuple(findings)))
        return results


def _without_mt_duplicates(findings: list[Finding], item: PipelineItem) -> list[Finding]:
    """Drop a 'missing' finding the MT step already reported as a dropped placeholder.

    The router restores masked placeholders and reports the ones an engine lost
    (placeholders.mt_mangled, naming the original); counting the same loss twice would
    double its weight in the risk score.
    """
    reported = " ".join(f.message for f in item.mt_findings if f.rule_id == MT_MANGLED_RULE)
    if not reported:
        return findings
    return [
        f
        for f in findings
        if not (f.rule_id == "placeholders.missing" and repr(f.suggestion) in reported)
    ]
