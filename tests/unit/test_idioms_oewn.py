"""The rules that pick general-English idioms out of Open English WordNet, and their output."""

import importlib.util
from pathlib import Path

import pytest

from workbench.glossary.idioms import IdiomMatcher, load_idioms

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location(
    "build_idioms_oewn", ROOT / "scripts" / "build_idioms_oewn.py"
)
build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build)


@pytest.mark.parametrize(
    ("lemma", "pos", "definition", "lexfile", "expected"),
    [
        (
            "spill the beans",
            "v",
            "divulge confidential information or secrets",
            "verb.communication",
            True,
        ),
        ("smell a rat", "v", "sense that something is wrong", "verb.perception", True),
        # frequent words only ("large" is common): left out, though idiomatic
        ("by and large", "r", "usually; as a rule", "adv.all", False),
        ("under the weather", "s", "somewhat ill or prone to illness", "adj.all", True),
        ("piece of cake", "n", "any undertaking that is easy to do", "noun.act", True),
        # compositional: every content word is in the definition
        ("wash the dishes", "v", "wash the dishes after a meal", "verb.contact", False),
        # verb + particle pairs are left to the hand-graded phrasal-verb file
        ("give up", "v", "stop trying", "verb.social", False),
        # nouns must be abstract and of three words or more
        ("red fox", "n", "the common fox", "noun.animal", False),
        ("abdominal aortic aneurysm", "n", "an aneurysm of the aorta", "noun.state", False),
        # grammar every engine handles: no rare content word
        ("of course", "r", "as might be expected", "adv.all", False),
        ("a lot", "r", "to a very great degree", "adv.all", False),
        # counts are not images
        ("two hundred", "s", "being ten more than one hundred ninety", "adj.all", False),
    ],
)
def test_idiom_rules(lemma, pos, definition, lexfile, expected):
    assert build.is_idiom(lemma, pos, definition, lexfile) is expected


def test_pattern_slots():
    assert build._pattern("lose one's temper") == "lose {possessive} temper"
    assert build._pattern("keep someone posted") == "keep {someone} posted"
    assert build._pattern("make something up") == "make {...} up"


def test_generated_file_loads_and_matches_inflected_forms():
    idioms, versions = load_idioms()
    oewn = [i for i in idioms if "general" in i.tags]
    assert len(oewn) > 1000
    assert any(v.startswith("oewn-") for v in versions.values())
    assert all(i.severity == "info" for i in oewn)
    matcher = IdiomMatcher([i for i in oewn if i.phrase in {"blow a fuse", "hit the roof"}])
    found = matcher.find(
        ["He blew a fuse when the refund failed.", "A fuse blew, so we checked the roof."]
    )
    assert [m.idiom.phrase for m in found[0]] == ["blow a fuse"]
    assert found[1] == []
