"""Idiom detection on a public corpus nobody here wrote: EPIE (Saxena & Paul, 2020/2021).

Usage: .venv/bin/python bench/eval_idioms_epie.py [--epie DIR] [--per-type 3] [--show 10]

EPIE is not redistributed here (its repository states no licence); fetch the public repository
prateeksaxena2809/EPIE_Corpus and pass its work tree or bare git directory with --epie. It holds
- Formal_Idioms_Corpus: 3,136 BNC sentences with a candidate idiom, labelled idiomatic (1) or
  literal (0), and for each a literal paraphrase (translated_sentences.txt);
- Static_Idioms_Corpus: 21,891 BNC sentences holding one of 358 fixed idioms.

The corpus is split by idiom TYPE (a hash of the normalised idiom), so the held-out half measures
idioms whose sentences were never looked at while the glossary or its guards were tuned. The split
rule was fixed before any tuning. Measured, per split, for the glossary as it was at --before
(default: the commit before the EPIE work) and for the current glossary, in one run:
- recall: idiomatic sentences with an idiom finding (any severity; also: warning or above),
- false positives on the literal paraphrases of idiomatic sentences (the MT-safe rewrite),
- false positives on sentences whose candidate idiom is used literally (Formal, label 0).
The idioms found per sentence come from the real IdiomMatcher over real glossary files.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbench.glossary.base import read_glossary_file
from workbench.glossary.idioms import IdiomMatcher, to_idiom, validate_entry

DEFAULT_EPIE = Path("/work/.mirror/prateeksaxena2809+EPIE_Corpus/repo")
BEFORE = "390db22"  # main before the EPIE work: the release the issue measured


@dataclass
class Sentence:
    text: str
    idiom: str  # EPIE's idiom type
    kind: str  # "idiomatic" | "paraphrase" | "literal"
    split: str  # "dev" | "heldout"
    idiom_words: frozenset[str] = frozenset()  # the tokens EPIE tags as the idiom (B/I-IDIOM)


def split_of(idiom: str) -> str:
    """dev or heldout by a stable hash of the idiom type (fixed before tuning)."""
    digest = hashlib.sha1(" ".join(idiom.lower().split()).encode()).digest()
    return "dev" if digest[0] % 2 == 0 else "heldout"


def _reader(root: Path):
    if (root / "Formal_idioms.txt").exists():
        return lambda rel: (root / rel).read_text(encoding="utf-8").splitlines()

    def show(rel: str) -> list[str]:
        out = subprocess.run(
            ["git", "-C", str(root), "show", f"HEAD:{rel}"], capture_output=True, text=True
        )
        if out.returncode:
            sys.exit(f"eval_idioms_epie: cannot read {rel} from {root}: {out.stderr.strip()}")
        return out.stdout.splitlines()

    return show


def detok(text: str) -> str:
    """EPIE is tokenised BNC text ("keeps an eye on him , ' said"): undo the common spacing."""
    for a, b in ((" ,", ","), (" .", "."), (" ;", ";"), (" :", ":"), (" ?", "?"), (" !", "!")):
        text = text.replace(a, b)
    return text.replace(" n't", "n't").replace(" 's", "'s").replace(" 're", "'re").strip()


def tagged_words(text: str, tags: str) -> frozenset[str]:
    """Lower-cased tokens tagged B-IDIOM/I-IDIOM (EPIE's tokens are space-separated)."""
    return frozenset(
        w.lower() for w, t in zip(text.split(), tags.split(), strict=False) if t.endswith("IDIOM")
    )


def load_epie(root: Path, per_type: int) -> list[Sentence]:
    read = _reader(root)
    out: list[Sentence] = []
    base = "Formal_Idioms_Corpus/Formal_Idioms_"
    words, cands, labels = (
        read(base + "Words.txt"),
        read(base + "Candidates.txt"),
        read(base + "Labels.txt"),
    )
    tags = read(base + "Tags.txt")
    paraphrases = read("Formal_Idioms_Corpus/translated_sentences.txt")
    for i, (text, cand, label, tag) in enumerate(zip(words, cands, labels, tags, strict=False)):
        split = split_of(cand)
        own = tagged_words(text, tag)
        if label.strip() == "1":
            out.append(Sentence(detok(text), cand, "idiomatic", split, own))
            if i < len(paraphrases) and paraphrases[i].strip():
                out.append(Sentence(detok(paraphrases[i]), cand, "paraphrase", split, own))
        else:
            out.append(Sentence(detok(text), cand, "literal", split, own))
    seen: dict[str, int] = {}
    static = zip(
        read("Static_Idioms_Corpus/Static_Idioms_Words.txt"),
        read("Static_Idioms_Corpus/Static_Idioms_Candidates.txt"),
        read("Static_Idioms_Corpus/Static_Idioms_Tags.txt"),
        strict=False,
    )
    for text, cand, tag in static:
        if seen.get(cand, 0) >= per_type:
            continue
        seen[cand] = seen.get(cand, 0) + 1
        out.append(
            Sentence(detok(text), cand, "idiomatic", split_of(cand), tagged_words(text, tag))
        )
    return out


def glossary_at(commit: str, into: Path) -> Path:
    """The glossaries/idioms files as they were at `commit`, written under `into`."""
    names = subprocess.run(
        ["git", "ls-tree", "--name-only", f"{commit}:glossaries/idioms"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    for name in names:
        if name.endswith(".toml"):
            text = subprocess.run(
                ["git", "show", f"{commit}:glossaries/idioms/{name}"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            (into / name).write_text(text, encoding="utf-8")
    return into


def matcher_for(folder: Path) -> IdiomMatcher:
    idioms = []
    for path in sorted(folder.glob("*.toml")):
        for entry in read_glossary_file(path, "idiom").entries:
            if not validate_entry(entry):
                idioms.append(to_idiom(entry))
    return IdiomMatcher(idioms)


# Words too common to tie a finding to EPIE's tagged idiom ("the", "a", "to" are in every span).
_GLUE = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "be",
        "is",
        "was",
        "have",
        "has",
        "do",
        "it",
        "'s",
    ]
)


def on_idiom(row: Sentence, match: Any) -> bool:
    """Does the finding cover the idiom EPIE tagged (a shared content word)?"""
    words = {w.lower().strip(".,;:!?'\"") for w in match.text.split()}
    return bool((words & row.idiom_words) - _GLUE)


def measure(rows: Sequence[Sentence], found: Sequence[list[Any]]) -> dict[str, dict[str, float]]:
    """Per split: recall on idiomatic sentences, false-alarm rates on paraphrases and literals.

    recall_span counts a sentence only when a finding covers EPIE's tagged idiom (a finding
    elsewhere in the sentence is a different idiom); recall_any counts any finding, as a
    sentence-level `workbench score` consumer would. A literal use is a false alarm when a
    finding covers the candidate idiom's words; a paraphrase is one when it has any finding.
    """
    table: dict[str, dict[str, float]] = {}
    for split in ("dev", "heldout"):
        pairs = [(r, f) for r, f in zip(rows, found, strict=True) if r.split == split]
        idiomatic = [(r, f) for r, f in pairs if r.kind == "idiomatic"]
        para = [f for r, f in pairs if r.kind == "paraphrase"]
        literal = [(r, f) for r, f in pairs if r.kind == "literal"]
        n = max(1, len(idiomatic))
        table[split] = {
            "n": len(idiomatic),
            "n_para": len(para),
            "n_literal": len(literal),
            "recall_span": sum(1 for r, f in idiomatic if any(on_idiom(r, m) for m in f)) / n,
            "recall_warn": sum(
                1 for r, f in idiomatic if any(on_idiom(r, m) and m.severity != "info" for m in f)
            )
            / n,
            "recall_any": sum(1 for _, f in idiomatic if f) / n,
            "fp_para": sum(1 for f in para if f) / max(1, len(para)),
            "fp_para_warn": sum(1 for f in para if any(m.severity != "info" for m in f))
            / max(1, len(para)),
            "fp_literal": sum(1 for r, f in literal if any(on_idiom(r, m) for m in f))
            / max(1, len(literal)),
        }
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epie", type=Path, default=DEFAULT_EPIE)
    parser.add_argument("--per-type", type=int, default=3, help="Static sentences per idiom")
    parser.add_argument("--before", default=BEFORE, help="commit of the 'before' glossary")
    parser.add_argument("--show", type=int, default=0, help="print N misses and false alarms")
    args = parser.parse_args()
    if not args.epie.exists():
        sys.exit(f"eval_idioms_epie: {args.epie} not found; fetch prateeksaxena2809/EPIE_Corpus")
    rows = load_epie(args.epie, args.per_type)
    texts = [r.text for r in rows]
    now = Path(__file__).resolve().parents[1] / "glossaries" / "idioms"
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, folder in (("before", glossary_at(args.before, Path(tmp))), ("after", now)):
            matcher = matcher_for(folder)
            matches = matcher.find(texts)
            results[name] = matches
            if name == "after" and args.show:
                _show(rows, matches, args.show)
    types = {r.split: set() for r in rows}
    for r in rows:
        types[r.split].add(r.idiom)
    print(
        f"EPIE: {len(rows)} sentences; idiom types dev {len(types['dev'])}, "
        f"held-out {len(types['heldout'])}"
    )
    print(
        f"{'':7} {'split':8} {'recall':>7} {'rec>=warn':>9} {'rec(any)':>8} "
        f"{'FP para':>8} {'FPpara>=warn':>12} {'FP literal':>10}"
    )
    for name, found in results.items():
        for split, row in measure(rows, found).items():
            print(
                f"{name:7} {split:8} {row['recall_span']:7.3f} {row['recall_warn']:9.3f} "
                f"{row['recall_any']:8.3f} {row['fp_para']:8.3f} {row['fp_para_warn']:12.3f} "
                f"{row['fp_literal']:10.3f}   (n={row['n']}/{row['n_para']}/{row['n_literal']})"
            )


def _show(rows: Sequence[Sentence], matches, n: int) -> None:
    misses = [r for r, m in zip(rows, matches, strict=True) if r.kind == "idiomatic" and not m]
    alarms = [
        (r, [x.idiom.phrase for x in m])
        for r, m in zip(rows, matches, strict=True)
        if r.kind != "idiomatic" and m
    ]
    print("-- misses")
    for r in misses[:n]:
        print(f"  [{r.idiom}] {r.text[:140]}")
    print("-- false alarms")
    for r, names in alarms[:n]:
        print(f"  {r.kind} {names} {r.text[:140]}")


if __name__ == "__main__":
    main()
