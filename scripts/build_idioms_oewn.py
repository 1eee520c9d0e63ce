"""Build glossaries/idioms/en-oewn.toml from Open English WordNet (CC BY 4.0).

Usage: .venv/bin/python scripts/build_idioms_oewn.py OEWN [--out glossaries/idioms/en-oewn.toml]

OEWN is the public repository globalwordnet/english-wordnet: a work tree, or a bare git directory
(its src/yaml files are read with `git show`). The glossary is generated data: edit this script's
rules, not the output, and say in the commit which OEWN commit it came from.

Which multiword lemmas count as idioms (the rules were tuned on the *dev* half of the EPIE corpus
only, see bench/eval_idioms_epie.py):
- verbs, adverbs and adjectives of two or more words, and nouns of three or more words with a
  linking word (of, in, and, ...) from abstract lexicographer files (acts, states,
  communication, ...) — no species, places, parts or medical terms;
- non-compositional: at least one content word of the phrase (beyond the head verb) does not
  appear in its own definition ("spill the beans": "divulge confidential information" has no
  "beans"); compositional phrases ("ice cream maker") translate word by word without harm;
- verb + particle pairs are left to the hand-graded phrasal-verb file (en-phrasal.toml);
- at least one content word is not among the most frequent English words (wordfreq Zipf
  frequency below RARE_ZIPF): "a lot", "of course", "in fact", "kind of" are grammar that every
  MT engine handles, while "at bay", "spill the beans", "hit the roof" carry an image;
- entries already in another idiom file are skipped (the hand-written one wins).
wordfreq (Apache-2.0 code, CC BY-SA 4.0 data) is needed only to build, not to run workbench.
Each entry keeps WordNet's definition as the meaning and rewrite, and severity "info": these are
general-English idioms, not support jargon, so they inform the reviewer without raising risk alone.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IDIOMS = ROOT / "glossaries" / "idioms"
OUT = IDIOMS / "en-oewn.toml"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that carry no image of their own.
FUNCTION = _words(
    """a an the of to in on at by for with from up down out off over under into onto about away
    back around round through across along after before again all as and or but not no so it its
    be is are have has do get go make take put give come keep set let one one's oneself someone
    something somebody somewhere his her their my your our them him us me you"""
    # number words: "two hundred", "thousand times" are counts, not images
    """ two three four five six seven eight nine ten hundred hundreds thousand thousands million
    millions billion times"""
)
PARTICLES = _words(
    """up down out off over in on away back around round through across along about by aside
    apart ahead forward together"""
)
ABSTRACT_NOUNS = {
    "noun.act",
    "noun.attribute",
    "noun.cognition",
    "noun.communication",
    "noun.event",
    "noun.feeling",
    "noun.motive",
    "noun.state",
    "noun.time",
}
# Idiomatic noun phrases are built with these ("blessing in disguise"); terms are not.
LINKS = {"of", "in", "on", "and", "or", "at", "to", "for", "with", "from", "out"}
POS_OK = {"v", "r", "a", "s", "n"}
RARE_ZIPF = 5.0  # Zipf 5 = once per 100,000 words: "bay" 4.7, "doubt" 4.9, "course" 5.4
_WORD = re.compile(r"^[a-z][a-z' -]*[a-z]$")


def _yaml_sources(root: Path) -> dict[str, str]:
    """name -> text of every src/yaml file, from a work tree or a bare git directory."""
    tree = root / "src" / "yaml"
    if tree.is_dir():
        return {p.name: p.read_text(encoding="utf-8") for p in sorted(tree.glob("*.yaml"))}
    names = subprocess.run(
        ["git", "-C", str(root), "ls-tree", "--name-only", "HEAD", "src/yaml/"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return {
        Path(n).name: subprocess.run(
            ["git", "-C", str(root), "show", f"HEAD:{n}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in names
        if n.endswith(".yaml")
    }


def _existing_keys() -> set[str]:
    keys = set()
    for path in IDIOMS.glob("*.toml"):
        if path == OUT:
            continue
        for entry in tomllib.loads(path.read_text(encoding="utf-8")).get("idiom", []):
            for phrase in [entry["phrase"], *entry.get("variants", [])]:
                keys.add(_norm(phrase))
    return keys


def _norm(phrase: str) -> str:
    phrase = re.sub(r"\{[^}]*\}", " ", phrase.lower().replace("-", " "))
    return " ".join(w for w in phrase.split() if w not in {"a", "an", "the"})


def _pattern(lemma: str) -> str:
    """OEWN's lemma as a glossary pattern: one's -> {possessive}, someone -> {someone}."""
    words = []
    for word in lemma.split():
        if word in {"one's", "someone's", "somebody's"}:
            words.append("{possessive}")
        elif word in {"someone", "somebody"}:
            words.append("{someone}")
        elif word in {"something", "sth"}:
            words.append("{...}")
        else:
            words.append(word)
    return " ".join(words)


def is_idiom(lemma: str, pos: str, definition: str, lexfile: str) -> bool:
    words = lemma.split()
    if len(words) < 2 or not _WORD.match(lemma) or pos not in POS_OK:
        return False
    if pos == "n" and (
        len(words) < 3 or lexfile not in ABSTRACT_NOUNS or not LINKS.intersection(words)
    ):
        return False  # "piece of cake", "storm in a teacup"; not "abdominal aortic aneurysm"
    if pos == "v" and len(words) == 2 and words[1] in PARTICLES:
        return False
    content = [w for w in words if w not in FUNCTION and len(w) > 2]
    if pos == "v" and content and content[0] == words[0]:
        content = content[1:]
    if not content:
        return False
    defined = definition.lower()
    if not any(w[:5] not in defined for w in content):
        return False
    from wordfreq import zipf_frequency

    return any(zipf_frequency(w, "en") < RARE_ZIPF for w in content)


def build(root: Path) -> list[dict[str, str]]:
    import yaml

    sources = _yaml_sources(root)
    synsets: dict[str, tuple[str, str]] = {}  # id -> (definition, lexfile)
    entries: dict[str, dict] = {}
    for name, text in sources.items():
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        if name.startswith("entries-"):
            entries.update(data)
        elif name != "frames.yaml":
            lexfile = name.removesuffix(".yaml")
            for sid, synset in data.items():
                synsets[sid] = ((synset.get("definition") or [""])[0], lexfile)
    existing = _existing_keys()
    out: dict[str, dict[str, str]] = {}
    for lemma, by_pos in entries.items():
        if lemma != lemma.lower():
            continue  # proper names and acronyms
        for pos, body in by_pos.items():
            senses = body.get("sense") or []
            if not senses:
                continue
            definition, lexfile = synsets.get(senses[0]["synset"], ("", ""))
            if not definition or not is_idiom(lemma, pos, definition, lexfile):
                continue
            phrase = _pattern(lemma)
            key = _norm(phrase)
            if key in existing or key in out or _norm(definition) == key:
                continue
            out[key] = {"phrase": phrase, "meaning": definition, "rewrite": definition}
            break
    return sorted(out.values(), key=lambda e: e["phrase"])


def render(entries: list[dict[str, str]], commit: str) -> str:
    lines = [
        "# GENERATED by scripts/build_idioms_oewn.py from Open English WordNet: do not edit.",
        '# Format: glossaries/README.md (section "idioms"). Check with: workbench glossary lint',
        "",
        "[meta]",
        f'version = "oewn-{commit[:12]}"',
        'language = "en"',
        'description = "General-English multiword idioms from Open English WordNet (info level)"',
        "sources = [",
        '  "Open English WordNet, globalwordnet/english-wordnet, commit '
        f'{commit}; CC BY 4.0; derived from Princeton WordNet 3.0 (WordNet License)",',
        "]",
        "",
    ]
    for entry in entries:
        lines += [
            "[[idiom]]",
            f"phrase = {_toml(entry['phrase'])}",
            f"meaning = {_toml(entry['meaning'])}",
            f"rewrite = {_toml(entry['rewrite'])}",
            'severity = "info"',
            'tags = ["general"]',
            "",
        ]
    return "\n".join(lines)


def _toml(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("oewn", type=Path, help="OEWN work tree or bare git directory")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    if not args.oewn.exists():
        sys.exit(f"build_idioms_oewn: {args.oewn} not found")
    commit = (
        subprocess.run(
            ["git", "-C", str(args.oewn), "rev-parse", "HEAD"], capture_output=True, text=True
        ).stdout.strip()
        or "unknown"
    )
    entries = build(args.oewn)
    args.out.write_text(render(entries, commit), encoding="utf-8")
    print(f"build_idioms_oewn: wrote {len(entries)} idioms to {args.out}")


if __name__ == "__main__":
    main()
