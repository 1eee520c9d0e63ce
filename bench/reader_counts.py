"""Units per real catalogue (tests/realfiles): the reference library's count, read, skipped.

python bench/reader_counts.py   — prints one row per file and a total per format. The
reference is polib for gettext, translate-toolkit for XLIFF (its XLIFF 2 parser refuses the
wagtail file, which misspells its namespace; the <unit> elements are counted instead) and
translate-toolkit's JSON leaves for i18next locale files.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

import polib
from lxml import etree
from translate.storage import jsonl10n, poxliff, xliff

from workbench.corpus import read_corpus
from workbench.corpus.i18next import MISSING

REAL = Path(__file__).resolve().parents[1] / "tests" / "realfiles"


def reference(path: Path) -> tuple[int, str]:
    if path.suffix in (".po", ".pot"):
        return len(polib.pofile(str(path))), "polib entries"
    if path.suffix == ".poxliff":
        store = poxliff.PoXliffFile.parsefile(str(path))
        forms = sum(len(u.source.strings) - 1 for u in store.units if u.hasplural())
        return len(store.units) + forms, "translate-toolkit units (+1 per extra plural form)"
    if path.suffix in (".xlf", ".xliff"):
        try:
            return len(xliff.xlifffile.parsefile(str(path)).units), "translate-toolkit units"
        except Exception:  # noqa: BLE001 - refused by translate-toolkit
            units = etree.parse(str(path)).getroot().findall(".//unit")
            return len(units), "<unit> elements (translate-toolkit refuses the file)"
    return len(jsonl10n.JsonFile.parsefile(str(path)).units), "translate-toolkit JSON leaves"


def main() -> None:
    totals: dict[str, Counter[str]] = defaultdict(Counter)
    reasons: dict[str, Counter[str]] = defaultdict(Counter)
    print(f"{'file':58} {'true':>5} {'read':>5} {'skip':>5}  reference")
    for path in sorted(p for p in REAL.rglob("*") if p.is_file() and p.suffix != ".md"):
        kind = path.relative_to(REAL).parts[0]
        corpus = read_corpus([path])
        if kind == "i18next" and path.stem == "en" and len(list(path.parent.glob("*.json"))) > 1:
            continue  # the source of a pair: its keys are counted in each locale
        mine = [m for m in corpus.messages if m.origin == str(path)]
        # a gettext plural entry is one unit however many msgstr[n] messages it gives
        units_read = len({m.line for m in mine}) if kind == "gettext" else len(mine)
        skipped = [s for s in corpus.skipped if s.path == str(path)]
        missing = [s for s in skipped if s.reason == MISSING]
        in_file = [s for s in skipped if s.reason != MISSING]
        true, how = reference(path)
        print(
            f"{path.relative_to(REAL).as_posix():58} {true:5} {units_read:5} {len(in_file):5}  {how}"
        )
        totals[kind].update(true=true, read=units_read, skipped=len(in_file), missing=len(missing))
        reasons[kind].update(s.reason for s in skipped)
    print()
    for kind, t in totals.items():
        print(
            f"{kind}: true {t['true']}, read {t['read']}, skipped {t['skipped']}"
            + (f" (+{t['missing']} keys missing from a locale)" if t["missing"] else "")
        )
        for reason, n in reasons[kind].most_common():
            print(f"    {n:4}  {reason}")


if __name__ == "__main__":
    main()
