"""Numbers, times and dates in a locale's conventions, each with every value it may stand for."""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

SPACES = "\u00a0\u202f\u2009\u2007"  # no-break, narrow no-break, thin and figure spaces
UNSPACED_LANGUAGES = frozenset({"ja", "zh", "th", "lo", "km", "my"})


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


def strip_ordinals(text: str) -> str:
    # Same length out as in, so spans stay valid: "22nd" -> "22  ".
    return _ORDINAL_SUFFIX.sub(lambda m: " " * len(m.group()), text)
