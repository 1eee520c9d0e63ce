"""False-alarm rate and planted-error recall of the qa.* checks, with pofilter beside them.

Usage: .venv/bin/python bench/eval_qa.py [--fit] [--no-pofilter] [--show N]

Data (all real catalogs, nobody on this project wrote them; see bench/data/qa_catalogs/SOURCE.md):
  development  Django 5.2.19 core, admin and auth .po catalogs for de es fr ja pt_BR it nl pl ru
  held out     django-allauth 65.22.1 .po catalogs for the same languages (never used for tuning)
  realfiles    tests/realfiles (.po, XLIFF 1.1/1.2/2.0, i18next from other packages), read by
               workbench's own readers; its Django admin files are also in the development split
  sample       the bundled corpora/sample library: its known-good translations, and the planted
               errors of corpora/EXPECTED.md that are the qa checks' business (a broken brace)

Every translated, non-fuzzy singular entry of a released catalog is taken as correct text, so
each qa finding on it counts as a false alarm (a few may be real slips: the rate is an upper
bound). Planted errors: for each check, one mechanical mutation of the kind it exists to catch
(a dropped closing mark, a doubled word, a lost ¿, a truncated text, ...) is applied to every
correct pair where it can be; "found" counts mutated pairs on which that check fires and did
not on the original. The library checks plant a duplicate entry translated differently and a
translation copied onto an unrelated source.

The pofilter comparison runs translate-toolkit's own `pofilter --language=xx` (every default
test) on .po files holding the same correct and mutated pairs, and counts pairs it flags, beside
pairs on which workbench's checks (qa.* plus placeholders/numbers/links/tags) raise a specific
finding. Planted placeholder and number errors (a dropped `{name}`, a changed number) join the
comparison set so that it covers what the issue's comparison covered.

--fit prints the median length ratio per language on the development catalogs: the expansion
factors in glossaries/qa/languages.toml come from it.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polib

from workbench.config import Config
from workbench.corpus import read_corpus
from workbench.glossary.qa import load_qa_data
from workbench.models import Finding, Message, PipelineItem
from workbench.scoring.base import ScoringContext
from workbench.scoring.placeholders import PlaceholderScorer
from workbench.scoring.qa import RULES, QAScorer
from workbench.scoring.qa.consistency import Unit, library_findings
from workbench.scoring.rules import BY_ID

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data" / "qa_catalogs"
LANGUAGES = ("de", "es", "fr", "ja", "pt_BR", "it", "nl", "pl", "ru")
OTHER_SPECIFIC = ("placeholders.", "numbers.", "links.", "tags.")


@dataclass(frozen=True)
class Pair:
    library: str  # the catalog file: consistency is judged within one library
    ident: str
    source: str
    translation: str
    target: str


def _tag(code: str) -> str:
    return code.replace("_", "-")


def catalog_pairs(split: str) -> list[Pair]:
    if split == "dev":
        files = [f for lang in LANGUAGES for f in sorted((DATA / "dev/django" / lang).glob("*.po"))]
    else:
        files = [DATA / "heldout" / "allauth" / f"{lang}.po" for lang in LANGUAGES]
    pairs = []
    for path in files:
        lang = path.parent.name if split == "dev" else path.stem
        for entry in polib.pofile(str(path)):
            if entry.obsolete or "fuzzy" in entry.flags or entry.msgid_plural:
                continue
            if not entry.msgstr or not entry.msgid.strip():
                continue
            ident = f"{path.relative_to(DATA)}:{entry.linenum}"
            pairs.append(Pair(str(path), ident, entry.msgid, entry.msgstr, _tag(lang)))
    return pairs


def realfile_pairs() -> list[Pair]:
    """tests/realfiles (.po, XLIFF, i18next from other packages) through workbench's readers."""
    folder = ROOT / "tests" / "realfiles"
    if not folder.is_dir():
        return []
    pairs = []
    for kind in ("gettext", "xliff", "i18next"):
        for m in read_corpus([folder / kind], "en").messages:
            if m.translation is not None and m.target and m.origin:
                where = f"{Path(m.origin).relative_to(folder)}:{m.line}"
                pairs.append(Pair(m.origin, where, m.text, m.translation, m.target))
    return pairs


def _expected_rows(section: str) -> list[str]:
    text = (ROOT / "corpora" / "EXPECTED.md").read_text(encoding="utf-8")
    part = text.split(f"## {section}", 1)[1].split("\n## ", 1)[0]
    return [m.group(1) for m in re.finditer(r"^\| ((?:es|de|catalogs)/\S+) \|", part, re.M)]


def sample_pairs() -> tuple[list[Pair], list[Pair]]:
    """(known-good pairs, planted pairs whose defect is a broken bracket) of corpora/sample."""
    corpus = read_corpus([ROOT / "corpora" / "sample"], "en")
    good_files = set(_expected_rows("Known-good translations"))
    planted = _expected_rows("Deliberately wrong translations")
    good, broken = [], []
    text = (ROOT / "corpora" / "EXPECTED.md").read_text(encoding="utf-8")
    brace_rows = {
        m.group(1) for m in re.finditer(r"^\| (\S+) \| placeholder \| .*broken", text, re.M)
    }
    for m in corpus.messages:
        if m.translation is None or m.target is None:
            continue
        rel = str(Path(m.origin or "").relative_to(ROOT / "corpora" / "sample")) if m.origin else ""
        if Path(m.origin or "").is_absolute() is False and m.origin:
            rel = m.origin.split("corpora/sample/", 1)[-1]
        key = f"{rel}#{m.id}" if rel.startswith("catalogs/") else rel
        pair = Pair("sample/" + m.target, key, m.text, m.translation, m.target)
        if rel in good_files:
            good.append(pair)
        elif key in brace_rows or rel in brace_rows:
            broken.append(pair)
    assert planted, "EXPECTED.md table not found"
    return good, broken


# -- running the checks ----------------------------------------------------------------------
def workbench_findings(pairs: Sequence[Pair], with_others: bool = False) -> list[list[Finding]]:
    """Findings per pair: the qa scorer, the library pass per catalog, optionally the
    placeholder scorer (placeholders/numbers/links/tags) for the pofilter comparison."""
    context = ScoringContext(Config())
    items = [
        PipelineItem(Message(p.ident, p.source, target=p.target), p.target, p.translation, None)
        for p in pairs
    ]
    qa = QAScorer(context).score(items)
    out = [list(r.findings) for r in qa]
    if with_others:
        for i, r in enumerate(PlaceholderScorer(context).score(items)):
            out[i].extend(r.findings)
    data = load_qa_data()
    units = [
        Unit(i, p.ident, p.ident, p.source, p.translation, p.target) for i, p in enumerate(pairs)
    ]
    by_library: dict[str, list[Unit]] = defaultdict(list)
    for u, p in zip(units, pairs, strict=True):
        by_library[p.library].append(u)
    for group in by_library.values():
        for key, found in library_findings(group, data).items():
            out[key].extend(found)
    return out


def pofilter_flags(pairs: Sequence[Pair]) -> list[list[str]]:
    """The pofilter tests that fail per pair, from translate-toolkit's pofilter command."""
    out: list[list[str]] = [[] for _ in pairs]
    by_lang: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(pairs):
        by_lang[p.target].append(i)
    pofilter = Path(sys.executable).parent / "pofilter"
    with tempfile.TemporaryDirectory() as tmp:
        for target, indices in by_lang.items():
            catalog = polib.POFile()
            catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": target}
            for i in indices:
                catalog.append(
                    polib.POEntry(
                        msgctxt=str(i), msgid=pairs[i].source, msgstr=pairs[i].translation
                    )
                )
            src, dst = Path(tmp) / f"{target}.po", Path(tmp) / f"{target}.out.po"
            catalog.save(str(src))
            subprocess.run(
                [
                    str(pofilter),
                    f"--language={target.split('-')[0]}",
                    "--progress=none",
                    str(src),
                    str(dst),
                ],
                check=True,
                capture_output=True,
            )
            if not dst.exists():
                continue
            for entry in polib.pofile(str(dst)):
                if entry.msgctxt is None:
                    continue
                tests = re.findall(r"\(pofilter\) (\w+):", entry.comment + "\n" + entry.tcomment)
                out[int(entry.msgctxt)] = tests
    return out


# -- planted errors ----------------------------------------------------------------------------
Mutation = Callable[[Pair, random.Random], str | None]


def _words(text: str) -> list[re.Match[str]]:
    return [m for m in re.finditer(r"[^\W\d_]{4,}", text)]


def _plain(text: str) -> bool:
    """No markup, placeholder or URL: mutations there would test other scorers."""
    return not re.search(r"[{}<>%$]|https?://|\\", text)


def m_trailing_space(p: Pair, r: random.Random) -> str | None:
    return (
        p.translation + " "
        if p.translation == p.translation.rstrip() and p.source == p.source.rstrip()
        else None
    )


def m_double_space(p: Pair, r: random.Random) -> str | None:
    spaces = [m.start() for m in re.finditer(r"(?<=\w) (?=\w)", p.translation)]
    if not spaces or "  " in p.source:
        return None
    i = r.choice(spaces)
    return p.translation[:i] + "  " + p.translation[i + 1 :]


def m_repeat_word(p: Pair, r: random.Random) -> str | None:
    words = _words(p.translation)
    if not words:
        return None
    w = r.choice(words)
    return p.translation[: w.end()] + " " + w.group() + p.translation[w.end() :]


def m_drop_end_mark(p: Pair, r: random.Random) -> str | None:
    t = p.translation.rstrip()
    if not p.source.rstrip().endswith((".", "?", "!")) or not t or t[-1] not in ".?!。？！":
        return None
    return t[:-1]


def m_ascii_full_stop(p: Pair, r: random.Random) -> str | None:
    t = p.translation.rstrip()
    return t[:-1] + "." if p.target.startswith(("ja", "zh")) and t.endswith("。") else None


def m_drop_inverted(p: Pair, r: random.Random) -> str | None:
    if not p.target.startswith("es") or not re.search("[¿¡]", p.translation):
        return None
    return re.sub("[¿¡]", "", p.translation, count=1)


def m_fr_no_space(p: Pair, r: random.Random) -> str | None:
    if not p.target.startswith("fr"):
        return None
    m = re.search(r"[\u00a0\u202f ]([?!:;])", p.translation)
    if m is None:
        return None
    return p.translation[: m.start()] + m.group(1) + p.translation[m.end() :]


def m_drop_bracket(p: Pair, r: random.Random) -> str | None:
    i = p.translation.rfind(")")
    if i < 0 or not _plain(p.translation):
        return None
    return p.translation[:i] + p.translation[i + 1 :]


def m_drop_quote(p: Pair, r: random.Random) -> str | None:
    closers = [m.start() for m in re.finditer('["”»“」]', p.translation)]
    if len(closers) < 2:
        return None
    i = closers[-1]
    return p.translation[:i] + p.translation[i + 1 :]


def m_drop_newline(p: Pair, r: random.Random) -> str | None:
    if "\n" not in p.translation:
        return None
    return p.translation.replace("\n", " ", 1)


def m_escape(p: Pair, r: random.Random) -> str | None:
    spaces = [m.start() for m in re.finditer(r"(?<=[.!?]) ", p.translation)]
    if not spaces or "\\" in p.source:
        return None
    i = spaces[0]
    return p.translation[:i] + "\\n" + p.translation[i + 1 :]


def m_caps(p: Pair, r: random.Random) -> str | None:
    words = [w for w in _words(p.translation) if not w.group().isupper()]
    if not words or any(w.group().isupper() for w in _words(p.source)):
        return None
    w = r.choice(words)
    return p.translation[: w.start()] + w.group().upper() + p.translation[w.end() :]


def m_truncate(p: Pair, r: random.Random) -> str | None:
    if len(p.source) < 40 or not _plain(p.translation):
        return None
    cut = p.translation[: max(1, len(p.translation) // 4)]
    return cut.rsplit(" ", 1)[0] if " " in cut else cut


def m_typo(p: Pair, r: random.Random) -> str | None:
    words = [w for w in _words(p.translation) if len(w.group()) >= 6 and w.group().islower()]
    if not words:
        return None
    w = r.choice(words)
    s = w.group()
    i = r.randrange(1, len(s) - 2)
    typo = s[:i] + s[i + 1] + s[i] + s[i + 2 :]
    return None if typo == s else p.translation[: w.start()] + typo + p.translation[w.end() :]


def m_accelerator(p: Pair, r: random.Random) -> str | None:
    return None  # replaced by the synthetic accelerator pairs below (Django has none)


MUTATIONS: dict[str, list[Mutation]] = {
    "qa.whitespace": [m_trailing_space],
    "qa.double_space": [m_double_space],
    "qa.repeated_word": [m_repeat_word],
    "qa.end_punctuation": [m_drop_end_mark, m_ascii_full_stop],
    "qa.inverted_marks": [m_drop_inverted],
    "qa.punctuation_spacing": [m_fr_no_space],
    "qa.brackets": [m_drop_bracket],
    "qa.quotes": [m_drop_quote],
    "qa.newlines": [m_drop_newline],
    "qa.escapes": [m_escape],
    "qa.all_caps": [m_caps],
    "qa.length_ratio": [m_truncate],
    "qa.spelling": [m_typo],
}


# Mutations outside qa.*, for the pofilter comparison (the placeholder scorer's business).
def m_drop_placeholder(p: Pair, r: random.Random) -> str | None:
    m = re.search(r"%\(\w+\)[sd]|\{\w+\}", p.translation)
    return p.translation[: m.start()] + p.translation[m.end() :] if m else None


def m_change_number(p: Pair, r: random.Random) -> str | None:
    # only a number the source has too: an example localized on purpose (+1 -> +49) is not one
    source_numbers = set(re.findall(r"(?<![\w%])\d+(?![\w%])", p.source))
    m = next(
        (
            m
            for m in re.finditer(r"(?<![\w%{])\d+(?![\w%}])", p.translation)
            if m.group() in source_numbers
        ),
        None,
    )
    if m is None:
        return None
    return p.translation[: m.start()] + str(int(m.group()) + 1) + p.translation[m.end() :]


OTHER_MUTATIONS: dict[str, Mutation] = {
    "placeholders (dropped)": m_drop_placeholder,
    "numbers (changed)": m_change_number,
}


def library_plants(
    pairs: Sequence[Pair], r: random.Random
) -> tuple[list[Pair], dict[str, list[int]]]:
    """The pairs plus planted library errors, and the indices of the planted ones per rule."""
    out = list(pairs)
    planted: dict[str, list[int]] = {
        "qa.inconsistent_translation": [],
        "qa.inconsistent_source": [],
    }
    by_library: dict[str, list[Pair]] = defaultdict(list)
    for p in pairs:
        by_library[p.library].append(p)
    for library, group in by_library.items():
        long = [p for p in group if len(p.source.split()) >= 3]
        if len(long) < 4:
            continue
        for _ in range(3):
            a, b = r.sample(long, 2)
            # the same source again, translated as another entry was
            out.append(Pair(library, a.ident + "+dup", a.source, b.translation, a.target))
            planted["qa.inconsistent_translation"].append(len(out) - 1)
            # an unrelated source given a's translation
            out.append(Pair(library, b.ident + "+copy", b.source, a.translation, a.target))
            planted["qa.inconsistent_source"].append(len(out) - 1)
    return out, planted


def accelerator_pairs() -> list[tuple[Pair, str]]:
    """Menu labels with accelerators (none occur in the catalogs): (correct pair, broken one)."""
    rows = [
        ("&File", "&Datei", "Datei", "de"),
        ("Save &As…", "Speichern &unter…", "Speichern unter…", "de"),
        ("&Open", "&Abrir", "Abrir", "es"),
        ("&Help", "&Aide", "Aide", "fr"),
        ("E&xit", "&Quitter", "Qui&&tter", "fr"),
        ("&Edit", "&Modifica", "Modifica", "it"),
    ]
    return [
        (Pair("acc", f"acc{i}", s, good, lang), bad) for i, (s, good, bad, lang) in enumerate(rows)
    ]


# -- reporting -----------------------------------------------------------------------------------
@dataclass
class Tally:
    fa: Counter[str] = field(default_factory=Counter)
    fa_error: Counter[str] = field(default_factory=Counter)
    pairs: int = 0
    planted: Counter[str] = field(default_factory=Counter)
    found: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)


def evaluate(pairs: list[Pair], seed: int, show: int) -> Tally:
    tally = Tally(pairs=len(pairs))
    base = workbench_findings(pairs)
    for p, found in zip(pairs, base, strict=True):
        for rule in {f.rule_id for f in found}:
            tally.fa[rule] += 1
            if len(tally.examples.setdefault(rule, [])) < show:
                f = next(f for f in found if f.rule_id == rule)
                tally.examples[rule].append(
                    f"{p.ident}: {f.message} | {p.source[:60]!r} -> {p.translation[:60]!r}"
                )
        if any(f.severity == "error" for f in found):
            for rule in {f.rule_id for f in found if f.severity == "error"}:
                tally.fa_error[rule] += 1
    r = random.Random(seed)
    for rule, mutations in MUTATIONS.items():
        mutated: list[Pair] = []
        before: list[int] = []
        for i, p in enumerate(pairs):
            for mutation in mutations:
                bad = mutation(p, r)
                if bad is not None and bad != p.translation:
                    mutated.append(Pair(p.library + "#m", p.ident, p.source, bad, p.target))
                    before.append(i)
                    break
        if not mutated:
            continue
        after = workbench_findings(mutated)
        tally.planted[rule] += len(mutated)
        for i, found in zip(before, after, strict=True):
            # a finding the original did not have (the same rule may fire on both for
            # different reasons: an ordinary space before '?' there, none at all here)
            had = Counter((f.rule_id, f.message) for f in base[i] if f.rule_id == rule)
            if Counter((f.rule_id, f.message) for f in found if f.rule_id == rule) - had:
                tally.found[rule] += 1
    with_plants, planted = library_plants(pairs, r)
    library = workbench_findings(with_plants)
    for rule, indices in planted.items():
        tally.planted[rule] += len(indices)
        tally.found[rule] += sum(any(f.rule_id == rule for f in library[i]) for i in indices)
    acc = accelerator_pairs()
    good = workbench_findings([p for p, _ in acc])
    bad = workbench_findings([Pair(p.library, p.ident, p.source, b, p.target) for p, b in acc])
    tally.planted["qa.accelerators"] += len(acc)
    tally.found["qa.accelerators"] += sum(
        any(f.rule_id == "qa.accelerators" for f in fs) for fs in bad
    )
    tally.fa["qa.accelerators (menu labels)"] += sum(
        any(f.rule_id == "qa.accelerators" for f in fs) for fs in good
    )
    return tally


def _rate(t: Tally, rule: str) -> str:
    return f"{t.fa[rule]:>4} {100 * t.fa[rule] / t.pairs:5.2f}%"


def _found(t: Tally, rule: str) -> str:
    if not t.planted[rule]:
        return f"{'n/a':>13}"
    share = 100 * t.found[rule] / t.planted[rule]
    return f"{t.found[rule]:>4}/{t.planted[rule]:<4} {share:3.0f}%"


def print_table(dev: Tally, held: Tally) -> None:
    print(
        f"{'check':28} {'sev':7} | {'dev FA':>13} {'held-out FA':>13} | {'dev found':>13} {'held found':>13}"
    )
    print("-" * 100)
    for rule in RULES:
        print(
            f"{rule:28} {BY_ID[rule].level:7} | {_rate(dev, rule)} {_rate(held, rule)} | "
            f"{_found(dev, rule)} {_found(held, rule)}"
        )
    for t, name in ((dev, "dev"), (held, "held-out")):
        any_fa = sum(t.fa[r] for r in RULES)
        errors = sum(t.fa_error.values())
        print(
            f"{name}: {t.pairs} correct pairs, {any_fa} qa findings; error-level: {errors}; "
            f"accelerator FA on correct menu labels: {t.fa['qa.accelerators (menu labels)']}/6"
        )


def compare_pofilter(pairs: list[Pair], seed: int) -> None:
    r = random.Random(seed)
    correct = pairs
    planted: list[tuple[str, Pair]] = []
    for rule, mutations in {**MUTATIONS, **{k: [v] for k, v in OTHER_MUTATIONS.items()}}.items():
        candidates = list(range(len(pairs)))
        r.shuffle(candidates)
        taken = 0
        for i in candidates:
            p = pairs[i]
            for mutation in mutations:
                bad = mutation(p, r)
                if bad is not None and bad != p.translation:
                    planted.append((rule, Pair(p.library, p.ident, p.source, bad, p.target)))
                    taken += 1
                    break
            if taken >= 10:
                break
    for p, bad in accelerator_pairs():
        planted.append(("qa.accelerators", Pair(p.library, p.ident, p.source, bad, p.target)))
    everything = correct + [p for _, p in planted]
    wb = workbench_findings(everything, with_others=True)
    pf = pofilter_flags(everything)
    n = len(correct)

    def specific(fs: list[Finding]) -> bool:
        return any(f.rule_id.startswith(("qa.", *OTHER_SPECIFIC)) for f in fs)

    print(
        f"\ncorrect pairs: {n}; pofilter flags {sum(bool(x) for x in pf[:n])} "
        f"({100 * sum(bool(x) for x in pf[:n]) / n:.1f}%), workbench {sum(specific(x) for x in wb[:n])} "
        f"({100 * sum(specific(x) for x in wb[:n]) / n:.1f}%)"
    )
    no_spell_pf = sum(bool(set(x) - {"spellcheck"}) for x in pf[:n])
    no_spell_wb = sum(any(f.rule_id != "qa.spelling" and specific([f]) for f in x) for x in wb[:n])
    print(
        f"without spelling: pofilter {no_spell_pf} ({100 * no_spell_pf / n:.1f}%), "
        f"workbench {no_spell_wb} ({100 * no_spell_wb / n:.1f}%)"
    )
    qa_only = sum(any(f.rule_id.startswith("qa.") for f in x) for x in wb[:n])
    print(f"qa.* alone: {qa_only} ({100 * qa_only / n:.1f}%)")
    print(
        "pofilter tests firing on correct pairs:",
        dict(Counter(t for x in pf[:n] for t in set(x)).most_common(12)),
    )
    # a planted error counts as caught when the tool says something new about the pair
    base_wb = {p.ident: wb[i] for i, p in enumerate(correct)}
    base_pf = {p.ident: pf[i] for i, p in enumerate(correct)}
    per_rule: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for k, (rule, p) in enumerate(planted):
        i = n + k
        new_pf = set(pf[i]) - set(base_pf.get(p.ident, []))
        old_wb = Counter((f.rule_id, f.message) for f in base_wb.get(p.ident, []))
        new_wb = [r_ for r_, _ in Counter((f.rule_id, f.message) for f in wb[i]) - old_wb]
        per_rule[rule][0] += 1
        per_rule[rule][1] += bool(new_pf)
        per_rule[rule][2] += any(r_.startswith(("qa.", *OTHER_SPECIFIC)) for r_ in new_wb)
    print(f"planted errors: {len(planted)}")
    print(f"{'planted defect':28} {'pairs':>5} {'pofilter':>9} {'workbench':>9}")
    for rule, (count, pfc, wbc) in per_rule.items():
        print(f"{rule:28} {count:>5} {pfc:>9} {wbc:>9}")
    tot = [sum(v[j] for v in per_rule.values()) for j in range(3)]
    print(f"{'total':28} {tot[0]:>5} {tot[1]:>9} {tot[2]:>9}")


def fit() -> None:
    print("median translation/source length (sources >= 20 chars), development catalogs:")
    pairs = catalog_pairs("dev")
    ratios: dict[str, list[float]] = defaultdict(list)
    for p in pairs:
        if len(p.source) >= 20:
            ratios[p.target].append(len(p.translation) / len(p.source))
    for target, values in ratios.items():
        print(f"  {target:6} {statistics.median(values):.2f}  over {len(values)} pairs")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fit", action="store_true", help="print the expansion factors and stop")
    parser.add_argument("--no-pofilter", action="store_true", help="skip the pofilter comparison")
    parser.add_argument("--show", type=int, default=0, help="example false alarms per check")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if args.fit:
        fit()
        return
    dev_pairs, held_pairs = catalog_pairs("dev"), catalog_pairs("heldout")
    dev = evaluate(dev_pairs, args.seed, args.show)
    held = evaluate(held_pairs, args.seed, args.show)
    print_table(dev, held)
    if args.show:
        for name, t in (("dev", dev), ("held-out", held)):
            for rule, lines in t.examples.items():
                for line in lines:
                    print(f"  [{name}] {rule}: {line}")
    real = realfile_pairs()
    if real:
        found = workbench_findings(real)
        flagged = Counter(f.rule_id for fs in found for f in {x.rule_id: x for x in fs}.values())
        errors = [
            f"{p.ident} {f.rule_id}"
            for p, fs in zip(real, found, strict=True)
            for f in fs
            if f.severity == "error"
        ]
        print(
            f"\ntests/realfiles (read by workbench's readers; its django-admin files are also in dev): {len(real)} pairs; "
            f"pairs flagged per check: {dict(flagged.most_common())}; error-level: {errors}"
        )
    good, broken = sample_pairs()
    fs = workbench_findings(good)
    print(
        f"\nsample corpus: {len(good)} known-good translations, "
        f"{sum(any(f.rule_id.startswith('qa.') for f in x) for x in fs)} with a qa finding "
        f"({', '.join(sorted({f.rule_id for x in fs for f in x})) or 'none'})"
    )
    bf = workbench_findings(broken)
    print(
        f"sample corpus: planted broken-brace placeholders found by qa.brackets: "
        f"{sum(any(f.rule_id == 'qa.brackets' for f in x) for x in bf)}/{len(broken)}"
    )
    if not args.no_pofilter:
        print("\n== pofilter comparison, development catalogs")
        compare_pofilter(dev_pairs, args.seed)
        print("\n== pofilter comparison, held-out catalogs")
        compare_pofilter(held_pairs, args.seed)


if __name__ == "__main__":
    main()
