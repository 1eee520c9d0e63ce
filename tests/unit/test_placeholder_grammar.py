"""The placeholder grammar, one syntax at a time: what it must find and what it must leave alone."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.mt.masking import mask, mask_token, unmask
from workbench.mt.syntax import find_protected, icu_arguments
from workbench.scoring.placeholders import compare


def protected(text: str) -> list[tuple[str, str]]:
    found = find_protected(text)
    for p in found:
        assert text[p.start : p.end] == p.text
    return [(p.kind, p.text) for p in found]


# -- true positives, per syntax --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # printf: flags (including the thousands flag '), width, precision, length, position
        ("Took %0.2fms", [("printf", "%0.2f")]),
        ("Read %lu bytes", [("printf", "%lu")]),
        ("Read %llu of %zd", [("printf", "%llu"), ("printf", "%zd")]),
        ("Total %'d items", [("printf", "%'d")]),
        ("Name: %-5s|", [("printf", "%-5s")]),
        ("Width %*d and %.*f", [("printf", "%*d"), ("printf", "%.*f")]),
        ("%2$s sent %1$s", [("printf", "%2$s"), ("printf", "%1$s")]),
        ("Hello %@, %1$@", [("printf", "%@"), ("printf", "%1$@")]),
        ("%d%% done", [("printf", "%d")]),
        # Python
        ("Dear %(name)s, %(amount).2f due", [("printf", "%(name)s"), ("printf", "%(amount).2f")]),
        ("%(name)-10s|", [("printf", "%(name)-10s")]),
        ("Hi {name!r:>10}", [("format", "{name!r:>10}")]),
        ("Hi {0} and {user.name}", [("format", "{0}"), ("format", "{user.name}")]),
        # Qt
        ("File %1 of %2", [("qt", "%1"), ("qt", "%2")]),
        ("Size %L1, page %99", [("qt", "%L1"), ("qt", "%99")]),
        # i18next
        ("Hi {{name}}", [("template", "{{name}}")]),
        ("Due {{date, datetime}}", [("template", "{{date, datetime}}")]),
        ("See $t(common:more)", [("nesting", "$t(common:more)")]),
        ('See $t(key, {"count": 2})', [("nesting", '$t(key, {"count": 2})')]),
        ("<1>Click</1> or <0/>", [("html", "<1>"), ("html", "</1>"), ("html", "<0/>")]),
        # HTML / XML tags
        ("a<br>b", [("html", "<br>")]),
        ("a<br />b", [("html", "<br />")]),
        (
            "<a href=https://x.example/a>go</a>",
            [("html", "<a href=https://x.example/a>"), ("html", "</a>")],
        ),  # fmt: skip
        ("bold</b>", [("html", "</b>")]),
        ("<custom-tag>x</custom-tag>", [("html", "<custom-tag>"), ("html", "</custom-tag>")]),
        ('<span class="x">y</span>', [("html", '<span class="x">'), ("html", "</span>")]),
        # XLIFF inline codes as the readers render them
        ('Hi <x id="INTERPOLATION"/>!', [("inline", '<x id="INTERPOLATION"/>')]),
        ('<g id="1">bold</g>', [("inline", '<g id="1">'), ("inline", "</g>")]),
        ('<bx id="2"/>a<ex id="2"/>', [("inline", '<bx id="2"/>'), ("inline", '<ex id="2"/>')]),
        ('<bpt id="3"/>a<ept id="3"/>', [("inline", '<bpt id="3"/>'), ("inline", '<ept id="3"/>')]),
        ('x<ph id="4"/>y', [("inline", '<ph id="4"/>')]),
        ('<pc id="5">a</pc>', [("inline", '<pc id="5">'), ("inline", "</pc>")]),
        ('<sc id="6"/>a<ec id="6"/>', [("inline", '<sc id="6"/>'), ("inline", '<ec id="6"/>')]),
        ('<mrk id="7">a</mrk>', [("inline", '<mrk id="7">'), ("inline", "</mrk>")]),
        # ICU: the syntax is protected, the branch texts are not
        (
            "{count, plural, one {# item} other {# items}}",
            [("icu", "{count, plural, one {#"), ("icu", "} other {#"), ("icu", "}}")],
        ),
        ("{n, number, ::currency/EUR}", [("icu", "{n, number, ::currency/EUR}")]),
        (
            "{g, select, male {He} other {They}} wrote",
            [("icu", "{g, select, male {"), ("icu", "} other {"), ("icu", "}}")],
        ),
        (
            "{n, plural, =0 {none for <b>{who}</b>} other {#}}",
            [
                ("icu", "{n, plural, =0 {"),
                ("html", "<b>"),
                ("icu", "{who}"),
                ("html", "</b>"),
                ("icu", "} other {#}}"),
            ],
        ),  # fmt: skip
    ],
)
def test_each_syntax_is_found(text: str, expected: list[tuple[str, str]]) -> None:
    assert protected(text) == expected


# -- must not match --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "100%% sure",  # an escaped percent sign
        "literal %%s here",  # "%%s" is "%" then "s"
        "literal %%d and %%1",
        "It is 50%off today",  # a bare conversion glued to a word is prose
        "We are 100%sure",
        "Get 50% off",
        "Save 20%-30% now",
        "This is <no view> text",  # not a tag: unknown name, no attributes, no partner
        "if a <b and c> d",
        "x < y and y > z",
        "the <a few words> here",
        "HH:MM[:ss[.uuuuuu]]",  # a time mask, not a :name placeholder
        "at 10:30 or 'x':n",
        "{ not json }",
        "{count plural}",  # not ICU: no commas
        "price: $5",
        "I <3 it",
    ],
)
def test_prose_is_left_alone(text: str) -> None:
    assert protected(text) == []


def test_icu_branch_keywords_and_offsets_are_syntax_not_text() -> None:
    (start, end, node), = icu_arguments("You have {n, plural, offset:1 =0 {none} one {# x} other {# y}}.")  # fmt: skip
    assert (start, node["name"], node["type"], node["offset"]) == (9, "n", "plural", 1)
    assert set(node["options"]) == {"=0", "one", "other"}
    assert end == len("You have {n, plural, offset:1 =0 {none} one {# x} other {# y}}")


# -- comparing: the false failures of the issue are gone, real changes are found -------------


def rules(source: str, translation: str, target: str = "es-ES") -> list[tuple[str, str]]:
    out = []
    for f in compare(source, translation, target):
        text = source if f.field == "source" else translation
        assert 0 <= f.span[0] <= f.span[1] <= len(text)
        out.append((f.rule_id, f.severity))
    return out


@pytest.mark.parametrize(
    ("source", "translation", "target"),
    [
        (
            "{count, plural, one {# item} other {# items}}",
            "{count, plural, one {# artículo} other {# artículos}}",
            "es-ES",
        ),
        (
            "{count, plural, one {one item} other {{count} items}}",
            "{count, plural, one {un artículo} other {{count} artículos}}",
            "es-ES",
        ),
        ("{count, plural, one {# item} other {# items}}", "{count, plural, other {#件}}", "ja-JP"),
        (
            "{n, plural, one {# file} other {# files}}",
            "{n, plural, one {# plik} few {# pliki} many {# plików} other {# pliku}}",
            "pl-PL",
        ),
        (
            "{count, plural, =0 {No items} one {# item} other {# items}}",
            "{count, plural, =0 {Keine Artikel} one {ein Artikel} other {# Artikel}}",
            "de-DE",
        ),
        (
            "{g, select, male {He} female {She} other {They}} replied on {d, date, short}",
            "{g, select, male {Él} female {Ella} other {Elle}} respondió el {d, date, short}",
            "es-ES",
        ),
        (
            'Angular <x id="INTERPOLATION"/> of <x id="INTERPOLATION_1"/>',
            'Angular <x id="INTERPOLATION_1"/> de <x id="INTERPOLATION"/>',
            "es-ES",
        ),
        ('<g id="1">Click</g> here', 'Haga <g id="1">clic</g> aquí', "es-ES"),
        (  # XLIFF 2: paired codes as start/end codes, markers, startRef on end codes
            '<pc id="1">Bold</pc> <sc id="2"/>x<ec startRef="2"/> <sm id="m1"/>y<em startRef="m1"/>',
            '<sm id="m1"/>y<em startRef="m1"/> <pc id="1">Negrita</pc> <sc id="2"/>x<ec startRef="2"/>',
            "es-ES",
        ),
        (  # a source key kept in a language without that category is dead code, not an error
            "{count, plural, one {# file} other {# files}}",
            "{count, plural, one {# 파일} other {# 파일}}",
            "ko-KR",
        ),
        ("Took %0.2fms", "Tardó %0.2fms", "es-ES"),
        ("%d%% done", "%d %% hecho", "es-ES"),
        ("Save 50% now", "Şimdi %50 tasarruf edin", "tr-TR"),  # Turkish writes the sign first
        ("File %1 of %2", "Datei %1 von %2", "de-DE"),
        ("File %1 of %2", "%2 中的第 %1 个文件", "zh-CN"),
        ("Select %s", "Elekti %sn", "eo"),  # a suffix glued to the placeholder
        ("See $t(common:more) and <1>this</1>", "Ver <1>esto</1> y $t(common:more)", "es-ES"),
        ("This is <no view>", "Esto es <sin vista>", "es-ES"),
        ("{{count}} items, {{val, number}}", "{{count}} artículos, {{val, number}}", "es-ES"),
    ],
)
def test_correct_translations_raise_nothing(source: str, translation: str, target: str) -> None:
    assert rules(source, translation, target) == []


@pytest.mark.parametrize(
    ("source", "translation", "expected"),
    [
        (  # a renamed ICU argument
            "{count, plural, one {# item} other {# items}}",
            "{cuenta, plural, one {# artículo} other {# artículos}}",
            [("placeholders.changed", "error")],
        ),
        (  # a renamed simple argument
            "You have {count} items",
            "Tiene {cuenta} artículos",
            [("placeholders.changed", "error")],
        ),
        (  # '#' dropped from the 'other' branch
            "{count, plural, one {# item} other {# items}}",
            "{count, plural, one {# artículo} other {artículos}}",
            [("placeholders.missing", "error")],
        ),
        (  # a nested argument dropped from one branch
            "{n, plural, one {# file by {who}} other {# files by {who}}}",
            "{n, plural, one {# archivo de {who}} other {# archivos}}",
            [("placeholders.missing", "error")],
        ),
        (  # translated keywords: one finding names them
            "{count, plural, one {# item} other {# items}}",
            "{count, plural, uno {# artículo} otro {# artículos}}",
            [("placeholders.branches", "error")],
        ),
        (  # a brace lost: the message no longer parses
            "{count, plural, one {# item} other {# items}}",
            "{count, plural, one {# artículo} other {# artículos}",
            [("placeholders.icu_syntax", "error")],
        ),
        (  # a category Spanish does not have
            "{count, plural, one {# item} other {# items}}",
            "{count, plural, one {# artículo} few {# artículos} other {# artículos}}",
            [("placeholders.branches", "error")],
        ),
        (  # a select branch lost
            "{g, select, male {He} female {She} other {They}}",
            "{g, select, male {Él} other {Elle}}",
            [("placeholders.branches", "warning")],
        ),
        (
            'Angular <x id="INTERPOLATION"/> of <x id="INTERPOLATION_1"/>',
            'Angular <x id="INTERPOLATION"/> de',
            [("tags.inline_missing", "error")],
        ),
        (
            '<g id="1">Click</g> here',
            '<g id="2">Haga clic</g> aquí',
            [("tags.inline_missing", "error"), ("tags.inline_extra", "error")],
        ),
        (
            '<sc id="2"/>x<ec startRef="2"/>',
            '<sc id="2"/>x<ec startRef="3"/>',
            [("tags.inline_missing", "error"), ("tags.inline_extra", "error")],
        ),
        ("Took %0.2fms", "Tardó %0.3fms", [("placeholders.changed", "error")]),
        ("Read %lu bytes", "Leídos bytes", [("placeholders.missing", "error")]),
        ("Total %'d", "Total %d", [("placeholders.changed", "error")]),
        ("File %1 of %2", "Datei %1 von %3", [("placeholders.changed", "error")]),
        ("100%% of %s", "100%% de %%s", [("placeholders.missing", "error")]),
        ("See $t(common:more)", "Ver $t(common:mas)", [("placeholders.changed", "error")]),
        (
            "<1>Click</1> here",
            "Haga clic aquí",
            [("tags.mismatch", "warning"), ("tags.mismatch", "warning")],
        ),
    ],
)
def test_changes_are_found(source: str, translation: str, expected: list[tuple[str, str]]) -> None:
    assert rules(source, translation) == expected


# -- masking round trip over the grammar -----------------------------------------------------

# One example of each syntax; every character they use that prose here never does is listed in
# _SYNTAX_CHARS, so a masked text holding one of them has let syntax through to the engine.
_PIECES = [
    "%s", "%d", "%0.2f", "%lu", "%'d", "%-5s", "%1$s", "%(name)s", "%(n).2f", "{name!r:>10}",
    "{0}", "{user.name}", "%1", "%L2", "{{name}}", "{{val, number}}", "$t(common:more)",
    "${x}", "<1>", "</1>", "<0/>", "<br>", "<b>", "</b>", '<a href="https://e.x/a">',
    '<x id="INTERPOLATION"/>', '<g id="1">', "</g>", '<bpt id="2"/>', '<ept id="2"/>',
    '<ph id="3"/>', '<pc id="4">', "</pc>", '<mrk id="m">', "</mrk>", "https://e.x/a?b=1",
    "a@b.co", "#12345", "ORD-2024-0001", "%%", "100%%",
]  # fmt: skip
_SYNTAX_CHARS = set("%{}<>$#@/:=\"'")
_WORDS = st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzñé ÄÉ.,!?-0123456789"),
                 min_size=1, max_size=12)  # fmt: skip


@st.composite
def _icu(draw: st.DrawFn) -> str:
    words = [draw(_WORDS).strip() or "x" for _ in range(3)]
    kind = draw(st.sampled_from(["plural", "select"]))
    if kind == "plural":
        return f"{{n, plural, one {{# {words[0]}}} other {{# {words[1]} {{who}}}}}}"
    return f"{{g, select, male {{{words[0]}}} female {{{words[1]}}} other {{{words[2]}}}}}"


_GRAMMAR = st.lists(st.one_of(st.sampled_from(_PIECES), _WORDS, _icu()), max_size=10)


@settings(max_examples=300, deadline=None)
@given(_GRAMMAR)
def test_masking_round_trips_and_hides_every_piece_of_syntax(parts: list[str]) -> None:
    text = " ".join(parts)
    masked = mask(text)
    result = unmask(masked.text, masked)
    assert result.text == text and result.problems == ()
    bare = masked.text
    for token in masked.tokens:
        bare = bare.replace(token, " ")
    assert not (_SYNTAX_CHARS & set(bare)), (text, masked.text)


@settings(max_examples=300, deadline=None)
@given(_GRAMMAR)
def test_masking_round_trips_pieces_glued_to_words(parts: list[str]) -> None:
    """Glued together ("%sabc{{x}}<b>word") pieces may read differently, but whatever is
    masked comes back exactly, including the spaces added around glued tokens."""
    text = "".join(parts)
    masked = mask(text)
    result = unmask(masked.text, masked)
    assert result.text == text and result.problems == ()


@settings(max_examples=200, deadline=None)
@given(_GRAMMAR, st.randoms(use_true_random=False))
def test_reordered_tokens_still_round_trip(parts: list[str], rnd: object) -> None:
    """An engine moves placeholders with the word order; every one comes back, none twice."""
    text = " ".join(parts)
    masked = mask(text)
    tokens = list(masked.tokens)
    rnd.shuffle(tokens)  # type: ignore[attr-defined]
    result = unmask(" ".join(tokens), masked)
    assert result.problems == ()
    assert sorted(p.text for p in masked.originals) == sorted(
        p.text for p in masked.originals if p.text in result.text
    )


def test_escaped_percent_signs_are_text_to_the_checks_but_masked_for_the_engine() -> None:
    assert protected("100%% of %s") == [("printf", "%s")]
    masked = mask("100%% of %s")
    assert "%" not in masked.text
    assert unmask(masked.text, masked).text == "100%% of %s"


def test_icu_branch_text_reaches_the_engine() -> None:
    masked = mask("{count, plural, one {# item} other {# items}}")
    assert "item" in masked.text and "plural" not in masked.text and "#" not in masked.text
    engine = masked.text.replace("items", "artículos").replace("item", "artículo")
    assert unmask(engine, masked).text == "{count, plural, one {# artículo} other {# artículos}}"
    assert mask_token(0) in masked.text
