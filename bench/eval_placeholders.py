"""False-alarm rate and recall of the placeholders scorer on the bundled sample library.

Usage: .venv/bin/python bench/eval_placeholders.py [--corpus corpora/sample] [--show]

Every existing translation in the library (the es/ and de/ folders, the .po and .xlf
catalogues) is compared with its source by `workbench.scoring.placeholders.compare`. The answer
key (corpora/EXPECTED.md) says which pairs carry a planted defect. Per rule family it prints:
  false alarms = pairs without a planted defect of that family that get a finding of it
  recall       = pairs with a planted defect of that family that get a finding of it
Families: placeholders (placeholders.*, tags.*, links.*) and numbers (numbers.*).
The es/ folder is the development split; de/ and the catalogues are held out.

With --catalogs DIR it also reads every gettext catalogue under DIR (for example the .po files
inside the Django wheel: `pip download django --no-deps`, unzip), compares each translated,
non-fuzzy singular entry and prints the share of entries with a placeholders/tags/links finding.
Those catalogues are reviewed upstream and compiled with format checks, so nearly every finding
there is a false alarm. es and de are the development split, every other language is held out.
"""

from __future__ import annotations

import argparse
import re
from collections import defaultdict
from pathlib import Path

from workbench.corpus import read_corpus
from workbench.scoring.placeholders import compare

ROOT = Path(__file__).resolve().parents[1]
FAMILIES = {
    "placeholder": ("placeholders.", "tags.", "links."),
    "number": ("numbers.",),
}


def answer_key(path: Path) -> dict[str, str]:
    """Deliberately wrong pair -> defect kind, from the answer key's first table."""
    wrong: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if (m := re.fullmatch(r"\| (\S+) \| (\w+) \| .* \|", line)) and m.group(1) != "file":
            wrong[m.group(1)] = m.group(2)
    return wrong


def key_of(origin: str, ident: str, sample: Path) -> str:
    rel = Path(origin).resolve().relative_to(sample.resolve()).as_posix()
    return f"{rel}#{ident}" if rel.startswith("catalogs/") else rel


def split_of(key: str) -> str:
    return "dev (es/)" if key.startswith("es/") else "held-out (de/, catalogs/)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpora" / "sample")
    parser.add_argument("--key", type=Path, default=ROOT / "corpora" / "EXPECTED.md")
    parser.add_argument("--show", action="store_true", help="print every false alarm")
    parser.add_argument("--catalogs", type=Path, help="also measure on every .po file under DIR")
    args = parser.parse_args()

    wrong = answer_key(args.key)
    corpus = read_corpus([args.corpus])
    # split -> family -> [clean pairs, false alarms, defect pairs, found]
    counts: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0] * 4))
    alarms: list[str] = []
    for message in corpus.messages:
        if message.translation is None or message.target is None:
            continue
        key = key_of(message.origin or "", message.id, args.corpus)
        findings = compare(message.text, message.translation, message.target, message.source_lang)
        for split in (split_of(key), "all"):
            for family, prefixes in FAMILIES.items():
                hit = [f for f in findings if f.rule_id.startswith(prefixes)]
                row = counts[split][family]
                if wrong.get(key) == family:
                    row[2] += 1
                    row[3] += bool(hit)
                else:
                    row[0] += 1
                    row[1] += bool(hit)
                    if hit and split == "all":
                        alarms += [f"  {key}: {f.rule_id}: {f.message}" for f in hit]
    print(f"{'split':<28}{'family':<13}{'false alarms':>16}{'rate':>8}{'recall':>12}")
    for split in sorted(counts, key=lambda s: (s == "all", s)):
        for family, (clean, false, defects, found) in counts[split].items():
            rate = false / clean if clean else 0.0
            recall = f"{found}/{defects}" if defects else "-"
            print(f"{split:<28}{family:<13}{f'{false}/{clean}':>16}{rate:>8.1%}{recall:>12}")
    if args.show and alarms:
        print("false alarms:")
        print("\n".join(alarms))
    if args.catalogs:
        catalog_alarms(args.catalogs, args.show)


def catalog_alarms(root: Path, show: bool) -> None:
    """Share of real catalogue entries that get a placeholders/tags/links finding."""
    import polib

    # split -> [entries, flagged]
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    shown: list[str] = []
    for path in sorted(root.rglob("*.po")):
        lang = path.parent.parent.name
        target = lang.replace("_", "-")
        split = "dev (es, de)" if lang in ("es", "de") else "held-out (other languages)"
        for entry in polib.pofile(str(path)):
            if entry.obsolete or entry.fuzzy or entry.msgid_plural or not entry.msgstr:
                continue
            findings = compare(entry.msgid, entry.msgstr, target)
            hit = [f for f in findings if f.rule_id.startswith(FAMILIES["placeholder"])]
            for name in (split, "all"):
                counts[name][0] += 1
                counts[name][1] += bool(hit)
            if hit and show and len(shown) < 60:
                shown.append(
                    f"  {path.relative_to(root)} {entry.msgid!r} -> {entry.msgstr!r}: "
                    + "; ".join(f.message for f in hit)
                )
    print(f"\ncatalogues under {root}")
    print(f"{'split':<30}{'entries flagged':>18}{'rate':>8}")
    for name in sorted(counts, key=lambda s: (s == "all", s)):
        total, flagged = counts[name]
        print(f"{name:<30}{f'{flagged}/{total}':>18}{flagged / max(total, 1):>8.2%}")
    if shown:
        print("first flagged entries:")
        print("\n".join(shown))


if __name__ == "__main__":
    main()
