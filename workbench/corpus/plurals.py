"""CLDR plural categories for catalogue plural forms (gettext msgstr[n], i18next _one/_few)."""

from __future__ import annotations

import gettext
from functools import cache

# Counts tried when mapping a gettext plural index to the CLDR categories it serves; 0..199
# covers every rule CLDR has for integers (they depend on n % 100 at most).
_SAMPLES = range(200)


@cache
def categories(language: str) -> tuple[str, ...]:
    """The CLDR plural categories of a language, in CLDR order (af: one, other)."""
    from babel import Locale

    order = ("zero", "one", "two", "few", "many", "other")
    try:
        tags = Locale.parse(language.replace("-", "_")).plural_form.tags
    except (ValueError, LookupError):
        tags = frozenset({"one"})
    return tuple(c for c in order if c in tags or c == "other")


def category_of(language: str, n: int) -> str:
    from babel import Locale

    try:
        return str(Locale.parse(language.replace("-", "_")).plural_form(n))
    except (ValueError, LookupError):
        return "one" if n == 1 else "other"


@cache
def gettext_forms(
    language: str, plural_forms: str | None, count: int
) -> tuple[tuple[str, bool], ...]:
    """For each msgstr[i]: (its CLDR categories joined by '/', whether it is the singular).

    The index -> count mapping comes from the catalogue's Plural-Forms header (else babel's
    rule for the language); each index is labelled with the CLDR categories of the counts that
    land on it, so msgstr[0] of a Russian catalogue is 'one' (1, 21, 31…) and is checked
    against msgid, while 'few' and 'many' are checked against msgid_plural.
    """
    rule = _rule(language, plural_forms)
    seen: dict[int, list[str]] = {i: [] for i in range(count)}
    counts: dict[int, list[int]] = {i: [] for i in range(count)}
    for n in _SAMPLES:
        try:
            index = int(rule(n)) if rule else (0 if n == 1 else 1)
        except (ArithmeticError, ValueError):
            continue
        if index in seen:
            cat = category_of(language, n)
            if cat not in seen[index]:
                seen[index].append(cat)
            counts[index].append(n)
    forms = []
    for i in range(count):
        cats = seen[i] or ["other"]
        singular = bool(counts[i]) and set(cats) <= {"one", "zero"} and 1 in counts[i]
        forms.append(("/".join(cats), singular))
    return tuple(forms)


def _rule(language: str, plural_forms: str | None):  # type: ignore[no-untyped-def]
    expr = None
    if plural_forms and "plural=" in plural_forms:
        expr = plural_forms.split("plural=", 1)[1].strip().rstrip(";").strip()
    if not expr:
        try:
            from babel.messages.plurals import get_plural

            expr = get_plural(language.replace("-", "_")).plural_expr
        except (ValueError, LookupError):
            return None
    try:
        return gettext.c2py(expr)
    except (ValueError, SyntaxError):
        return None
