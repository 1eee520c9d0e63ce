"""Table-driven tests of the explicit meaning checks (negation, numbers, names, opposites)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from workbench.config import Config
from workbench.errors import GlossaryError
from workbench.models import Message, PipelineItem
from workbench.nlp import blank
from workbench.scoring.base import ScoringContext
from workbench.scoring.meaning import (
    MeaningScorer,
    digit_numbers,
    load_lexicon,
    quantities,
)


def _score(source: str, back: str | None, translation: str | None = None) -> list[tuple[str, str]]:
    item = PipelineItem(Message("m", source), "es-ES", translation, back)
    scorer = MeaningScorer(ScoringContext(Config()), translation_numbers=True)
    result = scorer.score([item])[0]
    for f in result.findings:  # every span points inside the text it names
        text = item.text_of(f.field)
        assert text is not None and 0 <= f.span[0] < f.span[1] <= len(text)
    return [(f.rule_id, f.field) for f in result.findings]


ROUND_TRIPS = [
    # (draft, back-translation, expected (rule, field) findings)
    ("We don't charge a fee.", "We charge a fee.", [("meaning.negation", "source")]),
    ("We can't ship to Canada.", "We are not able to send it to Canada.", []),
    ("We cannot cancel shipped orders.", "We can not cancel shipped orders.", []),
    (
        "Your order shipped.",
        "Your order never shipped.",
        [("meaning.negation", "back_translation")],
    ),
    ("No worries, we will fix it.", "Don't worry, we will fix it.", []),
    # apertium's round trip of "Don't worry" (no se preocupa): not an added negation
    ("Don't worry, we will fix it.", "It does not concern, we will fix it.", []),
    ("Please don't worry.", "Please does not concern.", []),
    # list numbering glued to a word is not a product code; the next word starts a sentence
    ("Open the settings.2 Choose the plan.", "Open the configuration.2 Choose the plan.", []),
    # anonymisation tokens are placeholders, not names
    ("Hi #PRS_ORG#, thanks for writing to #PRS_ORG#.", "Hello, thanks for writing.", []),
    ("We send a new one at no cost.", "We send a new one for free.", []),
    ("Return unused items.", "Return items that were not used.", []),
    (
        "First sentence is fine. We won't refund it.",
        "First sentence is fine. We refund it.",
        [("meaning.negation", "source")],
    ),
    ("Returns within 14 days.", "Returns within 40 days.", [("meaning.number", "source")]),
    ("Returns within two weeks.", "Returns within 14 days.", []),
    ("It takes twenty-one days.", "It takes 21 days.", []),
    ("A refund of $1,000.50 was sent.", "A refund of 1000.50 dollars was sent.", []),
    ("One of our agents calls in a week.", "An agent calls in 7 days.", []),
    ("It arrives in 48 hours.", "It arrives in 2 days.", []),
    ("Your 3 items ship today.", "Your 13 items ship today.", [("meaning.number", "source")]),
    (
        "Your items ship today.",
        "Your 3 items ship today.",
        [("meaning.number", "back_translation")],
    ),
    (
        "The X200 works with Acme Cloud.",
        "The vacuum works with the cloud.",
        [("meaning.entity", "source"), ("meaning.entity", "source")],
    ),
    ("My colleague Maria will call.", "My colleague will call.", [("meaning.entity", "source")]),
    ("My colleague Maria will call.", "My pal Maria will call.", []),
    ("The refund of 49.99 EUR was sent.", "The refund of 49.99 euros was sent.", []),
    ("Your request was approved.", "Your request was rejected.", [("meaning.opposite", "source")]),
    (
        "Orders before 2 pm ship today.",
        "Orders after 2 pm ship today.",
        [("meaning.opposite", "source")],
    ),
    (
        "Return unused items for a refund.",
        "Return used items for a refund.",
        [("meaning.negation", "source"), ("meaning.opposite", "source")],
    ),
    (
        "If you have already paid for the blue jacket, please ignore this payment reminder.",
        "Please ignore it.",
        [("meaning.omission", "source")],
    ),
    ("Thanks!", "Thank you!", []),
    # capitalised common words, acronyms and currency codes are not names
    (
        "Thank you, we have received your payment of %s. Your order is now being prepared.",
        "Thank you, we have received his payment of %s. His request Is preparing.",
        [],
    ),
    ("We ship within the EU and the UK.", "We ship inside the European Union.", []),
    ("Please bring a photo ID and your IBAN.", "Please bring a photo GO and his account.", []),
    ("Just reply YES and we will do it.", "Just response HIMSELF and will do it.", []),
    ("The fee is 5 USD.", "The fee is 5 dollars.", []),
    ("Call Acme Support today.", "Call the support today.", [("meaning.entity", "source")]),
    # prepositions are not opposites: MT swaps "to" and "from" all the time
    ("To return an item, log in.", "From returning an item, initiate session.", []),
    # apertium renders "ninguna/nadie/nada" back as polarity items: the negation survived
    ("If this was you, no action is needed.", "If this were, any action is needed.", []),
    (
        "The courier came but nobody was at home.",
        "The courier came but anybody was home.",
        [],
    ),
    ("Nothing was charged.", "At all it was charged.", []),
    # ... but a polarity item the draft already had does not hide a lost negation
    (
        "We don't have any stock of this item.",
        "Have any stock of this article.",
        [("meaning.negation", "source")],
    ),
    (
        "We cannot refund this order.",
        "We can reembolsar this request.",
        [("meaning.negation", "source")],
    ),
    ("We did not receive anything.", "We do not receive anything.", []),
]


@pytest.mark.parametrize(("source", "back", "expected"), ROUND_TRIPS)
def test_round_trip_checks(source: str, back: str, expected: list[tuple[str, str]]) -> None:
    assert sorted(_score(source, back)) == sorted(expected)


TRANSLATIONS = [
    # (draft, translation, expected findings): digits compared whatever the script
    ("Refund within 14 days.", "Reembolso en 14 días.", []),
    (
        "Refund within 14 days.",
        "Reembolso en 40 días.",
        [("meaning.number", "source"), ("meaning.number", "translation")],
    ),
    ("It costs 1,000 dollars.", "Es kostet 1.000 Dollar.", []),
    ("Delivery in fourteen days.", "Lieferung in 14 Tagen.", []),
    ("Refund within 14 days.", "返金は１４日以内です。", []),
    ("Order 12345 shipped.", "Der Auftrag wurde versandt.", [("meaning.number", "source")]),
]


@pytest.mark.parametrize(("source", "translation", "expected"), TRANSLATIONS)
def test_translation_numbers(
    source: str, translation: str, expected: list[tuple[str, str]]
) -> None:
    assert sorted(_score(source, None, translation)) == sorted(expected)


def test_translation_digits_are_left_to_the_placeholders_scorer_when_registered() -> None:
    item = PipelineItem(
        Message("m", "Refund within 14 days."), "es-ES", "Reembolso en 40 días.", None
    )
    assert MeaningScorer(ScoringContext(Config())).translation_numbers is False
    assert MeaningScorer(ScoringContext(Config())).score([item])[0].findings == ()


def test_no_back_translation_is_reported_unavailable() -> None:
    item = PipelineItem(
        Message("m", "We don't charge 5 dollars."), "es-ES", "No cobramos 5 dólares.", None
    )
    result = MeaningScorer(ScoringContext(Config())).score([item])[0]
    assert "meaning_issues" in result.unavailable
    assert result.findings == ()


def test_unknown_source_language_is_unavailable_not_an_error() -> None:
    item = PipelineItem(Message("m", "Hej", source_lang="sv"), "es-ES", "Hola", "Hej")
    result = MeaningScorer(ScoringContext(Config())).score([item])[0]
    assert "glossaries/meaning/sv.toml" in result.unavailable["meaning_issues"]


def test_signal_counts_round_trip_issues() -> None:
    item = PipelineItem(Message("m", "We don't ship 3 items."), "es-ES", None, "We ship 30 items.")
    result = MeaningScorer(ScoringContext(Config())).score([item])[0]
    assert result.signals["meaning_issues"] == 2


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("two hundred and fifty", [250.0]),
        ("a dozen", [12.0]),
        ("three thousand five hundred", [3500.0]),
        ("the third of May", [3.0]),
        ("at 3:30pm on 12/05/2024", [3.0, 30.0, 12.0, 5.0, 2024.0]),
        ("a 14-day window", [14.0]),
        ("a fortnight", [14.0]),
        ("the X200 model", []),
        ("one of them", []),  # 1 alone is ignored: "one of" vs "an" is common and harmless
    ],
)
def test_quantities(text: str, values: list[float]) -> None:
    lex = load_lexicon("en")
    assert lex is not None
    assert [q.value for q in quantities(blank("en")(text), lex)] == values


def test_digit_numbers_ignore_group_separators() -> None:
    assert [v for v, _ in digit_numbers("1.000,50 € / 1,000.50 $ / 1 000")] == [
        1000,
        50,
        1000,
        50,
        1000,
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[negation]\nwords = 'not'\n", "negation.words must be a list"),
        ("[numbers]\nwords = { one = 'x' }\n", "numbers.words must be a table"),
        ("[antonyms]\npairs = [['a']]\n", "antonyms.pairs entries must be two words"),
        ("[colours]\nred = 1\n", "unknown section"),
        ("[negation\n", "invalid TOML"),
    ],
)
def test_broken_word_lists_fail_with_the_file_named(
    tmp_path: Path, content: str, message: str
) -> None:
    (tmp_path / "xx.toml").write_text(content, encoding="utf-8")
    with pytest.raises(GlossaryError, match=message) as exc:
        load_lexicon("xx", str(tmp_path))
    assert "xx.toml" in str(exc.value)


@pytest.mark.integration
def test_real_apertium_round_trips_keep_spanish_negative_words() -> None:
    if shutil.which("apertium") is None:
        pytest.fail("apertium is not installed (apt-get install apertium apertium-eng-spa)")

    def apertium(pair: str, text: str) -> str:
        run = subprocess.run(["apertium", "-u", pair], input=text, capture_output=True, text=True)
        return run.stdout.strip()

    faithful = [
        "If this was you, no action is needed.",
        "The rest of the order was delivered complete, so no further refund is due.",
        "The courier tried to deliver your parcel today but nobody was at home.",
        "We will never share your password.",
    ]
    for draft in faithful:
        back = apertium("spa-eng", apertium("eng-spa", draft))
        assert _score(draft, back) == [], (draft, back)
    # a Spanish translation that really lost the "no" is still caught
    back = apertium("spa-eng", "Podemos reembolsar este pedido.")
    assert _score("We cannot refund this order.", back) == [("meaning.negation", "source")]


def test_bundled_word_lists_load() -> None:
    lex = load_lexicon("en")
    assert lex is not None
    assert {"not", "n't", "never", "without"} <= lex.negations
    assert lex.duration_units["week"] == 7
    assert load_lexicon("zz") is None


def test_a_strong_negation_lost_beside_a_weak_one_is_found() -> None:
    """'Without one, we are unable to' -> 'Sin ella, podemos': 'sin' pairs with 'without', and
    'unable' is what the translation lost (planted in corpora/sample)."""
    item = PipelineItem(
        Message("m", "Without one, we are unable to issue a refund."),
        "es-ES",
        "Sin ella, podemos emitir un reembolso.",
        None,
    )
    found = MeaningScorer(ScoringContext(Config())).score([item])[0].findings
    negations = [f for f in found if f.rule_id == "meaning.negation"]
    assert [item.source[f.span[0] : f.span[1]] for f in negations] == ["unable"]
    # a weak marker on each side is a match, not a loss
    same = PipelineItem(
        Message("m", "Without one, we are unable to issue a refund."),
        "es-ES",
        "Sin ella, no podemos emitir un reembolso.",
        None,
    )
    assert not [
        f
        for f in MeaningScorer(ScoringContext(Config())).score([same])[0].findings
        if f.rule_id == "meaning.negation"
    ]


def test_n_importe_is_not_a_negation() -> None:
    """'n'importe quel' is 'any': only the real 'n'expire pas' pairs with 'does not expire'."""
    item = PipelineItem(
        Message("m", "You can use any mandate; it does not expire.", target="fr-FR"),
        "fr-FR",
        "Vous pouvez utiliser n'importe quel mandat ; il n'expire pas.",
        None,
    )
    found = MeaningScorer(ScoringContext(Config())).score([item])[0].findings
    assert not [f for f in found if f.rule_id == "meaning.negation"]
