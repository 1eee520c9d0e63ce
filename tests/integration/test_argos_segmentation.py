"""How ArgosTranslator cuts texts into sentences and keeps the whitespace between them."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.mt.argos import MAX_DECODING_LENGTH, _segment, decoding_cap


def test_sentences_and_gaps() -> None:
    (layout,) = _segment(["  Hi Anna,\n\nThanks for waiting. It ships today!\n"], "en")
    assert layout[1::2] == ["Hi Anna,", "Thanks for waiting.", "It ships today!"]
    assert layout[0::2] == ["  ", "\n\n", " ", "\n"]


def test_blank_texts_are_one_gap() -> None:
    assert _segment(["", " \n "], "en") == [[""], [" \n "]]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from("ab .!?\n\t,"), max_size=60), max_size=5))
def test_layout_always_rebuilds_the_text(texts: list[str]) -> None:
    layouts = _segment(texts, "en")
    assert ["".join(layout) for layout in layouts] == texts
    for layout in layouts:
        assert len(layout) % 2 == 1
        assert all(s.strip() and s == s.strip() and "\n" not in s for s in layout[1::2])
        assert all(not g.strip() for g in layout[0::2])


def test_decoding_cap_grows_with_the_input_in_steps() -> None:
    assert decoding_cap(1) == 64
    assert decoding_cap(24) == 64
    assert decoding_cap(25) == 128
    assert decoding_cap(10_000) == MAX_DECODING_LENGTH
