"""Idiom glossary entries, the lemma matcher and the idiom scorer."""

from __future__ import annotations

import pytest

from workbench.config import Config
from workbench.glossary.base import RawEntry
from workbench.glossary.idioms import (
    Idiom,
    IdiomMatcher,
    entry_key,
    load_idioms,
    to_idiom,
    validate_entry,
)
from workbench.models import Message, PipelineItem
from workbench.scoring.base import ScoringContext
from workbench.scoring.idioms import RULE_ID, IdiomScorer
from workbench.scoring.registry import SCORERS, scorer_class


@pytest.fixture(scope="module")
def bundled() -> IdiomMatcher:
    idioms, _ = load_idioms()
    return IdiomMatcher(idioms)


def found(matcher: IdiomMatcher, text: str) -> list[tuple[str, str, str]]:
    return [(m.idiom.key, m.text, m.severity) for m in matcher.find([text])[0]]


# (text, glossary key, matched text): inflected, split, hyphenated and slotted forms
IDIOMATIC = [
    ("I'll get back to you tomorrow.", "get back to {someone}", "get back to you"),
    ("We got back to Maria this morning.", "get back to {someone}", "got back to Maria"),
    ("Getting back to him now.", "get back to {someone}", "Getting back to him"),
    ("Thanks for reaching out!", "reach out", "reaching out"),
    ("She reached out to us twice.", "reach out", "reached out"),
    ("We sorted it out yesterday.", "sort out", "sorted it out"),
    ("We're sorting the refund out.", "sort out", "sorting the refund out"),
    ("Just a heads-up: we close early.", "heads up", "heads-up"),
    ("Quick heads up about the price.", "heads up", "heads up"),
    ("Keep us posted!", "keep {pronoun} posted", "Keep us posted"),
    ("We dropped the ball on this.", "drop the ball", "dropped the ball"),
    ("Your ticket fell through the cracks.", "fall through the cracks", "fell through the cracks"),
    ("Let me walk you through the setup.", "walk {pronoun} through", "walk you through"),
    ("It isn't rocket science.", "it's not rocket science", "isn't rocket science"),
    ("The staff were laid off last year.", "lay off", "laid off"),
    # missed in the sample library
    (
        "Import fees are set by customs and are out of our hands.",
        "out of {possessive} hands",
        "out of our hands",
    ),
    ("If that doesn't do the trick, write to us.", "do the trick", "do the trick"),
    ("We'll make it right, no questions asked.", "no questions asked", "no questions asked"),
]

LITERAL = [
    "I will get back to the office at noon.",
    "Please reach the top shelf.",
    "She heads up the support team.",
    "Put the ice tray in the freezer and break the ice into cubes.",
    "The player dropped the ball during the game.",
    "Look into the camera and smile.",
    "Walk through the door on your left.",
    "I ate a piece of cake at the birthday party.",
    "The files are sorted alphabetically.",
    "It may take up to 48 hours for the change to take effect.",
    "The phone slipped out of my hands.",
]


@pytest.mark.parametrize(("text", "key", "surface"), IDIOMATIC)
def test_bundled_glossary_finds_inflected_and_split_forms(
    bundled: IdiomMatcher, text: str, key: str, surface: str
) -> None:
    matches = bundled.find([text])[0]
    hits = [m for m in matches if m.idiom.key == key]
    assert hits, f"{key!r} not found in {text!r}: {found(bundled, text)}"
    start, end = hits[0].span
    assert text[start:end] == surface == hits[0].text


@pytest.mark.parametrize("text", LITERAL)
def test_bundled_glossary_leaves_literal_uses_alone(bundled: IdiomMatcher, text: str) -> None:
    assert found(bundled, text) == []


def test_ambiguous_entry_is_info_without_idiomatic_context() -> None:
    follow = Idiom("follow up", "check back later", "contact you again", ambiguous=True,
                   idiomatic_context=frozenset({"with"}))
    matcher = IdiomMatcher([follow])
    assert found(matcher, "We'll follow up with you on Monday.") == [
        ("follow up", "follow up", "warning")
    ]
    assert found(matcher, "Expect a follow-up email.") == [("follow up", "follow-up", "info")]


def test_literal_guards_before_after_and_in_the_sentence() -> None:
    heads = Idiom("heads up", "advance warning", "advance notice",
                  literal_before=frozenset({"she"}))
    hold = Idiom("hold on", "wait", "wait a moment", literal_after=frozenset({"to"}))
    ice = Idiom("break the ice", "ease a first conversation", "start the conversation",
                literal_context=frozenset({"freezer"}))
    matcher = IdiomMatcher([heads, hold, ice])
    assert found(matcher, "She heads up sales.") == []
    assert found(matcher, "Hold on to the rail.") == []
    assert found(matcher, "Hold on a moment.") == [("hold on", "Hold on", "warning")]
    assert found(matcher, "Break the ice in the freezer.") == []
    assert found(matcher, "A joke can break the ice.") == [
        ("break the ice", "break the ice", "warning")
    ]


def test_words_inside_a_split_match_count_as_context() -> None:
    roll = Idiom("roll out", "introduce gradually", "introduce", separable=True,
                 literal_context=frozenset({"rug"}))
    matcher = IdiomMatcher([roll])
    assert found(matcher, "Roll the rug out on the floor.") == []
    assert found(matcher, "We roll the update out today.") == [
        ("roll out", "roll the update out", "warning")
    ]


def test_auxiliaries_in_a_pattern_match_any_tense() -> None:
    matcher = IdiomMatcher([Idiom("our hands are tied", "unable to act", "we cannot act")])
    assert found(matcher, "Our hands were tied.") == [
        ("our hands are tied", "Our hands were tied", "warning")
    ]


def test_inflected_pattern_word_matches_only_that_form() -> None:
    # "heads" written inflected must not match the verb "head up".
    matcher = IdiomMatcher([Idiom("heads up", "advance warning", "advance notice")])
    assert found(matcher, "Who will head up the team?") == []


def test_overlap_goes_to_the_idiom_with_more_of_its_own_words() -> None:
    take_on = Idiom("take on", "accept work", "accept", separable=True)
    rain = Idiom("rain check", "postponement", "another time", variants=("take a rain check",))
    matcher = IdiomMatcher([take_on, rain])
    keys = [k for k, _, _ in found(matcher, "We'll take a rain check on the demo.")]
    assert keys == ["rain check"]


def test_severity_override_and_identical_texts_analysed_once() -> None:
    matcher = IdiomMatcher([Idiom("no worries", "it is fine", "that is fine", severity="info")])
    results = matcher.find(["No worries!", "Fine.", "No worries!"])
    assert [[m.severity for m in r] for r in results] == [["info"], [], ["info"]]


def entry(**data: object) -> RawEntry:
    return RawEntry(dict(data), "idioms/test.toml", 7)


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({"phrase": "reach out", "meaning": "contact"}, "missing field 'rewrite'"),
        ({"phrase": "reach out", "meaning": "contact", "rewrite": " "}, "field 'rewrite' is empty"),
        ({"phrase": "reach out", "meaning": "m", "rewrite": "contact", "colour": "x"},
         "unknown field 'colour'"),
        ({"phrase": "reach out", "meaning": "m", "rewrite": "Reach-out"},
         "rewrite repeats the idiom"),
        ({"phrase": "get back to {person}", "meaning": "m", "rewrite": "reply"}, "unknown slot"),
        ({"phrase": "reach out", "meaning": "m", "rewrite": "contact", "severity": "fatal"},
         "severity 'fatal'"),
        ({"phrase": "reach out", "meaning": "m", "rewrite": "contact", "variants": ["reach-out"]},
         "repeats the phrase"),
        ({"phrase": "reach out", "meaning": "m", "rewrite": "contact", "tags": ["Support Team"]},
         "tag 'Support Team'"),
        ({"phrase": "hiccup", "meaning": "m", "rewrite": "problem", "separable": True},
         "separable needs"),
        ({"phrase": "{pronoun}", "meaning": "m", "rewrite": "you"}, "no words"),
    ],
)
def test_validate_entry_explains_each_problem(data: dict, problem: str) -> None:
    messages = validate_entry(entry(**data))
    assert any(problem in m for m in messages), messages


def test_valid_entry_round_trips_to_an_idiom() -> None:
    raw = entry(phrase="Touch-Base", meaning="make brief contact", rewrite="contact you briefly",
                variants=["touch base with {someone}"], ambiguous=True, tags=["support"],
                literal_context=["Baseball"])
    assert validate_entry(raw) == []
    assert entry_key(raw) == "touch base"
    idiom = to_idiom(raw)
    assert idiom.literal_context == frozenset({"baseball"}) and idiom.ambiguous
    assert idiom.title == "Touch-Base"
    assert to_idiom(entry(phrase="get back to {someone}", meaning="m", rewrite="r")).title == (
        "get back to someone"
    )


def test_bundled_glossary_is_large_and_valid() -> None:
    idioms, versions = load_idioms()
    assert len(idioms) >= 600
    assert len({i.key for i in idioms}) == len(idioms)
    assert all(i.rewrite and i.meaning for i in idioms)
    assert all(v != "unversioned" for v in versions.values())


def test_user_glossary_overrides_and_extends(tmp_path) -> None:
    folder = tmp_path / "idioms"
    folder.mkdir()
    (folder / "team.toml").write_text(
        '[meta]\nversion = "1"\nlanguage = "en"\n\n'
        '[[idiom]]\nphrase = "reach out"\nmeaning = "contact"\nrewrite = "write to"\n'
        'severity = "error"\n\n'
        '[[idiom]]\nphrase = "ship it"\nmeaning = "release it"\nrewrite = "release it"\n',
        encoding="utf-8",
    )
    idioms, versions = load_idioms(Config(glossaries=[str(tmp_path)]))
    by_key = {i.key: i for i in idioms}
    assert by_key["reach out"].severity == "error" and by_key["reach out"].rewrite == "write to"
    assert "ship it" in by_key and versions["team.toml"] == "1"


# -- scorer -----------------------------------------------------------------------------------


def item(text: str, target: str = "de-DE", lang: str = "en", mid: str = "m") -> PipelineItem:
    return PipelineItem(Message(mid, text, source_lang=lang), target, None, None)


def test_scorer_is_registered() -> None:
    assert SCORERS["idioms"] == "workbench.scoring.idioms:IdiomScorer"
    assert scorer_class("idioms") is IdiomScorer


def test_scorer_findings_point_at_the_source_and_suggest_the_rewrite() -> None:
    context = ScoringContext(Config())
    scorer = IdiomScorer(context)
    text = "Hi Ana, thanks for reaching out. We'll get back to you soon!"
    results = scorer.score([item(text), item(text, "fr-FR"), item("Your order has shipped.")])
    assert len(results) == 3
    first, second, plain = results
    assert first.findings == second.findings  # same source, analysed once, same answer
    assert first.signals == {"idioms": 2}
    assert plain.findings == () and plain.signals == {"idioms": 0}
    reach, back = first.findings
    assert reach.rule_id == RULE_ID and reach.field == "source" and reach.severity == "warning"
    assert text[slice(*reach.span)] == "reaching out"
    assert "reach out" in reach.message and "contact someone" in reach.message
    assert reach.suggestion == "contact"
    assert text[slice(*back.span)] == "get back to you" and back.suggestion == "reply to you"
    assert "idioms.matcher" in context.cache  # built once, reused by later calls


def test_scorer_marks_other_source_languages_unavailable() -> None:
    scorer = IdiomScorer(ScoringContext(Config()))
    result = scorer.score([item("Wir melden uns bald.", lang="de")])[0]
    assert result.findings == () and "idioms" in result.unavailable
