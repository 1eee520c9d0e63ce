"""False-alarm rate and recall of the placeholders scorer on the bundled sample library.

Usage: .venv/bin/python bench/eval_placeholders.py [--corpus corpora/sample] [--show]

Every existing translation in the library (the es/ and de/ folders, the .po and .xlf
catalogues) is compared with its source by `workbench.scoring.placeholders.compare`. The answer
key (corpora/EXPECTED.md) says which pairs carry a planted defect. Per rule family it prints:
  false alarms = pairs without a planted defect of that family that get a finding of it
  recall       = pairs with a planted defect of that family that get a finding of it
Families: placeholders (placeholders.*, tags.*, links.*) and numbers (numbers.*).
The es/ folder is the development split; de/ and the catalogues are held out.

Real catalogues (reviewed upstream, so nearly every finding there is a false alarm) are
measured with, any of them repeatable:
  --catalogs DIR    every gettext .po under DIR, e.g. the Django wheel's
                    (`pip download django --no-deps`, unzip)
  --json DIR        i18next-style folders DIR/<lng>/<ns>.json against DIR/en/<ns>.json, e.g.
                    zod-i18n-map's locales/ (`npm pack zod-i18n-map`); plural keys (_one, _few)
                    are compared with the source's key of that category, else its _other
  --jed DIR         gettext catalogues compiled to Jed JSON (<lng>/LC_MESSAGES/<domain>.json:
                    {"": header, msgid: [msgstr]}), e.g. the JupyterLab language packs on PyPI
                    (Qt-style %1 placeholders); singular entries only
  --react-intl DIR  react-intl/FormatJS ICU messages: DIR/src/i18n/messages/<lng>.json against
                    the defaultMessage texts in DIR/src, e.g. @openedx/paragon's package
It prints the share of translated entries with a placeholders/tags/links finding; es and de are
the development split, every other language is held out.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
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
    # a .po unit id is msgctxt::msgid; the sample's msgctxt is the template id
    return f"{rel}#{ident.split('::')[0]}" if rel.startswith("catalogs/") else rel


def split_of(key: str) -> str:
    return "dev (es/)" if key.startswith("es/") else "held-out (de/, catalogs/)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpora" / "sample")
    parser.add_argument("--key", type=Path, default=ROOT / "corpora" / "EXPECTED.md")
    parser.add_argument("--show", action="store_true", help="print every false alarm")
    for option, what in (
        ("--catalogs", "every gettext .po file under DIR"),
        ("--json", "i18next folders DIR/<lng>/<ns>.json against DIR/en/"),
        ("--jed", "Jed JSON catalogues DIR/<lng>/LC_MESSAGES/<domain>.json"),
        ("--react-intl", "react-intl messages of the package in DIR"),
    ):
        parser.add_argument(option, type=Path, action="append", default=[], help=what)
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
    for root in args.catalogs:
        report(f"gettext catalogues under {root}", po_pairs(root), args.show)
    for root in args.json:
        report(f"i18next JSON under {root}", i18next_pairs(root), args.show)
    for root in args.jed:
        report(f"Jed JSON catalogues under {root}", jed_pairs(root), args.show)
    for root in args.react_intl:
        report(f"react-intl ICU messages under {root}", react_intl_pairs(root), args.show)


Pair = tuple[str, str, str, str]  # (language, source, translation, where)


def po_pairs(root: Path) -> Iterator[Pair]:
    """Translated, non-fuzzy singular entries of every .po file (locale/<lng>/LC_MESSAGES/)."""
    import polib

    for path in sorted(root.rglob("*.po")):
        lang = path.parent.parent.name
        for entry in polib.pofile(str(path)):
            if entry.obsolete or entry.fuzzy or entry.msgid_plural or not entry.msgstr:
                continue
            yield lang, entry.msgid, entry.msgstr, str(path.relative_to(root))


def jed_pairs(root: Path) -> Iterator[Pair]:
    """Singular entries of Jed JSON catalogues (<lng>/LC_MESSAGES/<domain>.json)."""
    for path in sorted(root.rglob("LC_MESSAGES/*.json")):
        lang = path.parent.parent.name
        for msgid, forms in json.loads(path.read_text(encoding="utf-8")).items():
            if msgid and isinstance(forms, list) and len(forms) == 1 and forms[0]:
                source = msgid.rpartition("\x04")[2]  # msgctxt EOT msgid
                yield lang, source, forms[0], f"{path.relative_to(root)}#{source[:40]}"


_PLURAL_SUFFIX = re.compile(r"_(zero|one|two|few|many|other)$")


def _flatten(data: object, prefix: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _flatten(value, f"{prefix}{key}.")
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _flatten(value, f"{prefix}{i}.")
    elif isinstance(data, str):
        yield prefix.rstrip("."), data


def i18next_pairs(root: Path) -> Iterator[Pair]:
    """DIR/<lng>/<ns>.json paired key by key with DIR/en/<ns>.json."""
    for source_file in sorted((root / "en").glob("*.json")):
        source = dict(_flatten(json.loads(source_file.read_text(encoding="utf-8"))))
        for path in sorted(root.glob(f"*/{source_file.name}")):
            lang = path.parent.name
            if lang == "en":
                continue
            for key, text in _flatten(json.loads(path.read_text(encoding="utf-8"))):
                original = source.get(key) or source.get(_PLURAL_SUFFIX.sub("_other", key))
                if original and text:
                    yield lang, original, text, f"{path.relative_to(root)}#{key}"


_DEFAULT_MESSAGE = re.compile(
    r"""id[:=]\s*\{?\s*(['"`])(?P<id>[^'"`]+)\1\s*\}?\s*,?\s*"""
    r"""defaultMessage[:=]\s*\{?\s*(?P<q>['"`])(?P<msg>(?:\\.|(?!(?P=q)).)*)(?P=q)""",
    re.DOTALL,
)


def react_intl_pairs(root: Path) -> Iterator[Pair]:
    """src/i18n/messages/<lng>.json paired by id with the defaultMessage texts in src/."""
    source: dict[str, str] = {}
    for path in sorted((root / "src").rglob("*")):
        if path.suffix in (".js", ".jsx", ".ts", ".tsx") and ".test." not in path.name:
            for m in _DEFAULT_MESSAGE.finditer(path.read_text(encoding="utf-8", errors="replace")):
                source[m.group("id")] = re.sub(r"\\(['\"`])", r"\1", m.group("msg"))
    for path in sorted((root / "src" / "i18n" / "messages").glob("*.json")):
        lang = path.stem.replace("_", "-")
        for key, text in json.loads(path.read_text(encoding="utf-8")).items():
            if key in source and text:
                yield lang, source[key], text, f"{path.name}#{key}"


def report(title: str, pairs: Iterable[Pair], show: bool) -> None:
    """Share of real catalogue entries that get a placeholders/tags/links finding."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # split -> [entries, flagged]
    shown: list[str] = []
    for lang, source, translation, where in pairs:
        base = lang.split("-")[0].split("_")[0]
        split = "dev (es, de)" if base in ("es", "de") else "held-out (other languages)"
        findings = compare(source, translation, lang.replace("_", "-"))
        hit = [f for f in findings if f.rule_id.startswith(FAMILIES["placeholder"])]
        for name in (split, "all"):
            counts[name][0] += 1
            counts[name][1] += bool(hit)
        if hit and show:
            shown.append(
                f"  {where} {source!r} -> {translation!r}: " + "; ".join(f.message for f in hit)
            )
    print(f"\n{title}")
    print(f"{'split':<30}{'entries flagged':>18}{'rate':>8}")
    for name in sorted(counts, key=lambda s: (s == "all", s)):
        total, flagged = counts[name]
        print(f"{name:<30}{f'{flagged}/{total}':>18}{flagged / max(total, 1):>8.2%}")
    if shown:
        print("flagged entries:")
        print("\n".join(shown))


if __name__ == "__main__":
    main()
