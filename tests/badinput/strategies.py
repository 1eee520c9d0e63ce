"""Hypothesis strategies for broken template files: near-misses of each format's syntax."""

from __future__ import annotations

import json

from hypothesis import strategies as st

# Characters that matter to the parsers, plus ordinary and odd text.
SYNTAX = "-:[]{}&*!|>'\"\n\r\t #%@,;=\\<>/?`~\ufeff\x00\x1b"
TEXTISH = st.text(
    alphabet=st.one_of(st.sampled_from(SYNTAX), st.characters(codec="utf-8")), max_size=200
)
WORDS = st.sampled_from(
    [
        "id",
        "text",
        "target",
        "translation",
        "tags",
        "ignore",
        "locale",
        "de",
        "en",
        "ja",
        "Thanks!",
        "{{name}}",
        "&a",
        "*a",
        "<<",
        "---",
        "...",
        "null",
        "5",
        "[",
        "]",
        '"',
    ]
)
FIELD_KEYS = st.sampled_from(
    ["id", "text", "source_lang", "target", "translation", "tags", "ignore", "customer", "x"]
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | TEXTISH,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.one_of(FIELD_KEYS, TEXTISH), children, max_size=4)
    ),
    max_leaves=20,
)
records = st.dictionaries(FIELD_KEYS, json_values, max_size=6)


@st.composite
def jsonl_text(draw: st.DrawFn) -> str:
    lines = draw(
        st.lists(
            st.one_of(records.map(json.dumps), json_values.map(json.dumps), TEXTISH), max_size=8
        )
    )
    return "\n".join(lines)


@st.composite
def csv_text(draw: st.DrawFn) -> str:
    header = draw(st.lists(st.one_of(FIELD_KEYS, TEXTISH), min_size=1, max_size=4))
    rows = draw(st.lists(st.lists(st.one_of(WORDS, TEXTISH), max_size=5), max_size=6))
    sep = draw(st.sampled_from([",", ";", '","', '"', "\t"]))
    return "\n".join(sep.join(r) for r in [header, *rows])


@st.composite
def yaml_text(draw: st.DrawFn) -> str:
    parts = draw(
        st.lists(st.one_of(WORDS, TEXTISH, st.sampled_from(["\n- ", ": ", "\n  "])), max_size=30)
    )
    return "".join(parts)


@st.composite
def front_matter_text(draw: st.DrawFn) -> str:
    opening = draw(st.sampled_from(["---\n", "\ufeff---\n", "---\r\n", "--- \n", ""]))
    closing = draw(st.sampled_from(["\n---\n", "\n...\n", "\n", "\n---"]))
    return opening + draw(yaml_text()) + closing + draw(TEXTISH)


FORMATS = {
    ".jsonl": jsonl_text(),
    ".json": st.one_of(json_values.map(json.dumps), TEXTISH),
    ".csv": csv_text(),
    ".yaml": yaml_text(),
    ".md": front_matter_text(),
}
