"""Extract CoCoA-MT's *train* split into labelled register files, split into dev and held-out.

Usage: .venv/bin/python bench/cocoa_extract.py /path/to/contrastive-controlled-mt[.git]

Reads the git snapshot of amazon-science/contrastive-controlled-mt (a bare git directory or a
checkout) with `git show`, so nothing is downloaded. Only CoCoA-MT/train/ is read: the test
split is held out for acceptance and must never be used to build or tune rules.

Every source segment has a formal and an informal reference. A reference is labelled with its
register when the translators annotated formality markers in it ([F]...[/F]); a reference with
no marker (the train split has segments whose two references are identical) is labelled
neutral. A segment goes to dev or held-out by a hash of its id (language, domain, line), fixed
before any rule was tuned, so both references of one segment always land on the same side.

Output: bench/data/formality/cocoa/{dev,heldout}/<lang>.jsonl with one line per reference:
{"id": "es:telephony:17:formal", "text": ..., "label": "formal|informal|neutral",
 "markers": ["Puede", ...]}.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
from pathlib import Path

OUT = Path(__file__).parent / "data" / "formality" / "cocoa"
DOMAINS = ("telephony", "topical_chat")
# language -> (folder, file stem infix, suffix of the reference files)
LANGUAGES = {
    "de": ("en-de", "en-de", ".de"),
    "es": ("en-es", "en-es", ".es"),
    "fr": ("en-fr", "en-fr", ".fr"),
    "it": ("en-it", "en-it", ".it"),
    "ja": ("en-ja", "en-ja", ""),
    "nl": ("en-nl", "en-nl", ".nl"),
    "pt": ("en-pt", "en-ptpt", ".pt"),
}
_MARKER = re.compile(r"\[F\](.*?)\[/F\]")


def split_of(segment_id: str) -> str:
    """'heldout' for half of the segments, 'dev' for the other half, by a stable hash."""
    digest = hashlib.sha256(segment_id.encode("utf-8")).digest()
    return "heldout" if digest[0] % 2 else "dev"


def _show(repo: Path, path: str) -> list[str]:
    out = subprocess.run(
        ["git", f"--git-dir={repo}", "show", f"HEAD:{path}"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return out.splitlines()


def _git_dir(repo: Path) -> Path:
    return repo / ".git" if (repo / ".git").is_dir() else repo


def extract(repo: Path) -> dict[str, dict[str, list[dict]]]:
    """{split: {lang: rows}} from the train files of the snapshot."""
    git_dir = _git_dir(repo)
    out: dict[str, dict[str, list[dict]]] = {"dev": {}, "heldout": {}}
    for lang, (folder, infix, suffix) in LANGUAGES.items():
        for domain in DOMAINS:
            base = f"CoCoA-MT/train/{folder}/formality-control.train.{domain}.{infix}"
            for register in ("formal", "informal"):
                plain = _show(git_dir, f"{base}.{register}{suffix}")
                annotated = _show(git_dir, f"{base}.{register}.annotated{suffix}")
                if len(plain) != len(annotated):
                    raise ValueError(f"{base}.{register}: plain and annotated differ in length")
                for n, (text, marked) in enumerate(zip(plain, annotated, strict=True), 1):
                    segment = f"{lang}:{domain}:{n}"
                    markers = _MARKER.findall(marked)
                    row = {
                        "id": f"{segment}:{register}",
                        "text": text.strip(),
                        "label": register if markers else "neutral",
                        "markers": markers,
                    }
                    out[split_of(segment)].setdefault(lang, []).append(row)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo", type=Path, help="git snapshot of contrastive-controlled-mt")
    args = parser.parse_args()
    for split, by_lang in extract(args.repo).items():
        folder = OUT / split
        folder.mkdir(parents=True, exist_ok=True)
        for lang, rows in sorted(by_lang.items()):
            with (folder / f"{lang}.jsonl").open("w", encoding="utf-8") as fh:
                for row in rows:
                    fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            labels = {
                k: sum(r["label"] == k for r in rows) for k in ("formal", "informal", "neutral")
            }
            print(f"{split:<8}{lang:<4}{len(rows):>6} {labels}")


if __name__ == "__main__":
    main()
