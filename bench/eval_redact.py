"""False positives of redaction on real text that holds no personal data.

Released .po catalogs (bench/data/qa_catalogs: Django in the development split, django-allauth
held out) are full of dates, times, amounts, version numbers, format strings and example
values; CoCoA-MT's conversations (bench/data/formality/cocoa, its own dev/heldout split of the
train set) are people talking about orders, prices, dates and times. Neither holds anyone's
e-mail, phone, card or IBAN. Every stretch redacted there is a false
positive, except the catalogs' own example addresses (e.g. "you@example.com"), which are
counted apart. Regions: US and GB (the default) plus each catalog's language region.

Run: .venv/bin/python bench/eval_redact.py
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import phonenumbers
import polib

from workbench.redact import find_personal_data, regions_for

_DIGITS = re.compile(r"\d(?:[ -]?\d){12,18}")


def naive(text: str, regions: tuple[str, ...]) -> int:
    """Baseline: any number libphonenumber finds possible, any 13-19 digit run as a card."""
    found = len(_DIGITS.findall(text))
    for region in regions:
        found += sum(1 for _ in phonenumbers.PhoneNumberMatcher(text, region, leniency=0))
    return found


DATA = Path(__file__).parent / "data" / "qa_catalogs"
COCOA = Path(__file__).parent / "data" / "formality" / "cocoa"
REGION = {"de": "de-DE", "es": "es-ES", "fr": "fr-FR", "ja": "ja-JP", "pt_BR": "pt-BR"}
REGION |= {"it": "it-IT", "nl": "nl-NL", "pl": "pl-PL", "ru": "ru-RU"}


def language_of(path: Path) -> str:
    return path.parent.name if path.parent.name in REGION else path.stem


def sources(split: str) -> list[tuple[str, str]]:
    """(text, locale) of every string of the split."""
    out: list[tuple[str, str]] = []
    for path in sorted((DATA / split).rglob("*.po")):
        locale = REGION.get(language_of(path), "en-US")
        for entry in polib.pofile(str(path)):
            for text in (entry.msgid, entry.msgstr, *entry.msgstr_plural.values()):
                if text:
                    out.append((text, locale))
    for path in sorted((COCOA / split).glob("*.jsonl")):
        locale = REGION.get(path.stem, "en-US")
        for line in path.read_text(encoding="utf-8").splitlines():
            out.append((json.loads(line)["text"], locale))
    return out


def evaluate(split: str) -> None:
    texts = 0
    with_digits = 0
    baseline = 0
    flagged: Counter[str] = Counter()
    examples: dict[str, Counter[str]] = {}
    for text, locale in sources(split):
        regions = regions_for([locale])
        texts += 1
        with_digits += any(ch.isdigit() for ch in text)
        baseline += naive(text, regions)
        for r in find_personal_data(text, regions):
            kind = r.kind
            snippet = text[r.start : r.end]
            if kind == "email" and snippet.split("@")[1].startswith("example."):
                kind = "email (example.* address)"
            flagged[kind] += 1
            examples.setdefault(kind, Counter())[snippet] += 1
    total = sum(n for k, n in flagged.items() if not k.startswith("email (example"))
    print(
        f"{split}: {texts} strings ({with_digits} with digits): {total} false positives "
        f"({total / max(texts, 1):.4%}); baseline (possible phones, bare digit runs): {baseline}"
    )
    for kind, n in flagged.most_common():
        shown = ", ".join(f"{s!r}×{c}" for s, c in examples[kind].most_common(5))
        print(f"  {kind:28} {n:5}  {shown}")


if __name__ == "__main__":
    evaluate("dev")
    evaluate("heldout")
