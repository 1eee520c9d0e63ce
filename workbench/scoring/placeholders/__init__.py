"""Placeholders, numbers, dates, links and tags that differ between source and translation."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import ClassVar

from workbench.models import Finding, PipelineItem, ScoreResult
from workbench.mt.syntax import Protected, find_protected, glued_printf
from workbench.scoring.base import ScoringContext
from workbench.scoring.placeholders.currency import (
    attach_currencies,
    currency_table,
    mentions_currency,
)
from workbench.scoring.placeholders.icu import compare_icu
from workbench.scoring.placeholders.markup import compare_inline, key_link, key_tag
from workbench.scoring.placeholders.numbers import (
    UNSPACED_LANGUAGES,
    NumberFormat,
    match_tokens,
    number_format,
    number_tokens,
    parse_number,
    strip_ordinals,
)

# The names other modules and tests import from here.
__all__ = [
    "UNSPACED_LANGUAGES", "NumberFormat", "PlaceholderScorer", "compare", "compare_numbers",
    "digit_names", "number_format", "parse_number",
]  # fmt: skip

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
    kept: frozenset[str] = frozenset(),
) -> list[Finding]:
    """Findings for protected items the translation lost or gained; a lost one paired with a
    gained one of the same kind was changed (`missing` and `extra` are consumed). A lost repeat
    of an item the translation still has (`kept`) is a warning: translators often name a
    variable once where English repeats it ("The {name}" ... "it")."""
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
        repeat = m.text in kept
        findings.append(
            Finding(
                missing_rule,
                f"{_describe(m.kind)} {m.text!r} appears fewer times in the translation than in "
                "the source"
                if repeat
                else f"{_describe(m.kind)} {m.text!r} is missing from the translation",
                (m.start, m.end),
                "source",
                "warning" if repeat else "error",
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
        kept=frozenset(p.text for p in of(tgt_prot, PLACEHOLDER_KINDS)),
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
    src_tokens = number_tokens(strip_ordinals(source), [src_fmt], src_skip)
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
        elif not t.currency and not mentions_currency(
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
        # 0 and 1 are the numbers translators write as words ("1 signal" -> "einem Signal",
        # "0 of" -> "ひとつも"): without a digit left over to compare, a person should look.
        as_word = s.text in ("0", "1") and not s.currency
        findings.append(
            Finding(
                "numbers.mismatch",
                f"{s.text!r} is not in the translation as a digit (it may be written as a word)"
                if as_word
                else f"{s.text!r} is missing from the translation",
                s.span,
                "source",
                "warning" if as_word else "error",
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
