"""ICU MessageFormat compared by structure: arguments by name, plural/select branches one by one."""

from __future__ import annotations

import functools
from typing import Any

from workbench.models import Finding
from workbench.mt.syntax import icu_arguments, icu_candidates

_BRANCHING = ("plural", "selectordinal", "select")


@functools.lru_cache(maxsize=64)
def plural_categories(language: str, ordinal: bool = False) -> frozenset[str]:
    """CLDR plural categories of a language ("de" -> one, other); empty when babel has none."""
    from babel import Locale
    from babel.core import UnknownLocaleError

    try:
        locale = Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return frozenset()
    form = locale.ordinal_form if ordinal else locale.plural_form
    return frozenset(form.tags) | {"other"}


@functools.lru_cache(maxsize=64)
def single_number_categories(language: str) -> frozenset[str]:
    """Plural categories that hold one number only (German "one" is 1; Russian "one" is also
    21, 31…): their branch may spell the number out ("one {ein Artikel}") instead of "#"."""
    from babel import Locale
    from babel.core import UnknownLocaleError

    try:
        form = Locale.parse(language.replace("-", "_")).plural_form
    except (UnknownLocaleError, ValueError):
        return frozenset()
    members: dict[str, int] = {}
    for n in range(0, 1001):
        category = form(n)
        members[category] = members.get(category, 0) + 1
    return frozenset(c for c, count in members.items() if count == 1)


def _describe(node: dict[str, Any]) -> str:
    if node.get("hash"):
        return "'#' (the number)"
    kind = node.get("type")
    return f"{{{node['name']}, {kind}}}" if kind else f"{{{node['name']}}}"


def _key(node: dict[str, Any]) -> tuple[str, str]:
    return ("#", "") if node.get("hash") else (node["name"], node.get("type", ""))


def _arguments(parts: list[Any]) -> list[dict[str, Any]]:
    """The arguments directly inside one message or branch (not those of nested branches)."""
    return [p for p in parts if isinstance(p, dict)]


class _Comparison:
    """Findings for one source/translation pair; offsets turn node indices into text spans."""

    def __init__(self, target: str) -> None:
        self.language = target.split("-")[0].lower()
        self.findings: list[Finding] = []

    def add(self, rule: str, message: str, span: tuple[int, int], field: str, severity: str,
            suggestion: str | None = None) -> None:  # fmt: skip
        self.findings.append(Finding(rule, message, span, field, severity, suggestion))  # type: ignore[arg-type]

    def arguments(
        self,
        source: list[tuple[int, dict[str, Any]]],
        target: list[tuple[int, dict[str, Any]]],
        where: str,
        branch: str | None = None,
    ) -> None:
        """Pair arguments by name and type; what is left over was renamed, dropped or added."""
        left = list(target)
        unpaired: list[tuple[int, dict[str, Any]]] = []
        for s_off, s in source:
            match = next((t for t in left if _key(t[1]) == _key(s)), None)
            if match is None:
                unpaired.append((s_off, s))
                continue
            left.remove(match)
            self.branches(s_off, s, match[0], match[1])
        for s_off, s in unpaired:
            s_span = (s_off + s["start"], s_off + s["end"])
            renamed = next(
                (t for t in left if not s.get("hash") and not t[1].get("hash")
                 and t[1].get("type", "") == s.get("type", "")),
                None,
            )  # fmt: skip
            if renamed is not None:
                left.remove(renamed)
                t_off, t = renamed
                self.add(
                    "placeholders.changed",
                    f"ICU argument {{{s['name']}}} was renamed {{{t['name']}}} in the translation"
                    + where,
                    (t_off + t["start"], t_off + t["end"]),
                    "translation",
                    "error",
                    s["name"],
                )
                self.branches(s_off, s, t_off, t)
                continue
            spelled_out = branch is not None and (
                branch.startswith("=") or branch in single_number_categories(self.language)
            )
            if s.get("hash") and spelled_out:
                continue  # "=0 {no items}", "one {ein Artikel}": the branch names its number
            self.add(
                "placeholders.missing",
                f"ICU {_describe(s)} is missing from the translation{where}",
                s_span,
                "source",
                "error",
                _describe(s),
            )
        for t_off, t in left:
            self.add(
                "placeholders.extra",
                f"the translation has ICU {_describe(t)} that the source does not{where}",
                (t_off + t["start"], t_off + t["end"]),
                "translation",
                "warning",
            )

    def branches(self, s_off: int, s: dict[str, Any], t_off: int, t: dict[str, Any]) -> None:
        """Each branch of a plural/select is checked against the source's branch of that key."""
        if s.get("type") not in _BRANCHING or "options" not in t:
            return
        s_opts, t_opts = s["options"], t["options"]
        name = s["name"]
        t_span = (t_off + t["start"], t_off + t["end"])
        if s["type"] == "select":
            for key in s_opts.keys() - t_opts.keys():
                self.add(
                    "placeholders.branches",
                    f"the select on {{{name}}} has no {key!r} branch in the translation "
                    "(its 'other' branch shows instead)",
                    t_span, "translation", "warning", key,
                )  # fmt: skip
            for key in t_opts.keys() - s_opts.keys():
                self.add(
                    "placeholders.branches",
                    f"the select on {{{name}}} has a {key!r} branch the source does not",
                    t_span, "translation", "warning",
                )  # fmt: skip
        else:
            categories = plural_categories(self.language, s["type"] == "selectordinal")
            # A source key kept in a language without that category is dead but harmless
            # ("one" in Korean); a new unknown key is a typo or a translated keyword.
            unknown = [
                key
                for key in t_opts
                if categories and not key.startswith("=") and key not in categories | s_opts.keys()
            ]
            lost_other = "other" in s_opts and "other" not in t_opts
            if unknown or lost_other:
                what = (
                    [
                        f"{', '.join(map(repr, unknown))} not a plural category of {self.language}"
                        f" (it has {', '.join(sorted(categories))})"
                    ]
                    if unknown
                    else []
                )
                what += ["no 'other' branch, which ICU requires"] if lost_other else []
                self.add(
                    "placeholders.branches",
                    f"the plural on {{{name}}} in the translation has " + " and ".join(what)
                    + ": a translated or mistyped keyword?",
                    t_span, "translation", "error",
                )  # fmt: skip
            for key in s_opts:
                if key.startswith("=") and key not in t_opts:
                    self.add(
                        "placeholders.branches",
                        f"the plural on {{{name}}} has no {key!r} branch in the translation",
                        t_span, "translation", "warning", key,
                    )  # fmt: skip
        for key, t_parts in t_opts.items():
            s_parts = s_opts.get(key, s_opts.get("other", []))
            self.arguments(
                [(s_off, a) for a in _arguments(s_parts)],
                [(t_off, a) for a in _arguments(t_parts)],
                f" (in the {key!r} branch of {{{name}}})",
                branch=key,
            )


def compare_icu(source: str, translation: str, target: str) -> list[Finding]:
    """Findings for ICU arguments with a type ({n, plural, …}, {g, select, …}, {d, date}).

    Arguments are paired by name and type; plural and select branches are each compared with
    the source's branch of the same key (or its "other"). Branch keywords and branch texts are
    not placeholders: "one {# item}" -> "one {# artículo}" is clean.
    """
    src = icu_arguments(source)
    tgt = icu_arguments(translation)
    comparison = _Comparison(target)
    if src:
        # A source that itself holds something ICU-like that does not parse ("{a, number" in
        # prose) excuses as many in the translation.
        for start, end in icu_candidates(translation)[len(icu_candidates(source)) :]:
            comparison.add(
                "placeholders.icu_syntax",
                "the translation's ICU message does not parse (a brace or a comma is missing "
                "or extra, or the argument type was translated)",
                (start, end),
                "translation",
                "error",
            )
    if not src and not tgt:
        return comparison.findings
    if src and not tgt and comparison.findings:
        return comparison.findings  # one syntax finding says it; no cascade of "missing"
    comparison.arguments(
        [(start, node) for start, _end, node in src],
        [(start, node) for start, _end, node in tgt],
        "",
    )
    return comparison.findings
