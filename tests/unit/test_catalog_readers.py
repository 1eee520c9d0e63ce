"""gettext, XLIFF and i18next readers: every unit read or counted as skipped with its reason."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from workbench.corpus import read_corpus
from workbench.corpus.types import skipped_by_reason


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


PO_HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset={charset}\\n"\n{extra}\n'


def po(entries: str, charset: str = "UTF-8", extra: str = "") -> str:
    return PO_HEADER.format(charset=charset, extra=extra) + "\n" + entries


# -- gettext ---------------------------------------------------------------------------------
def test_po_plural_forms_follow_cldr_categories(tmp_path: Path) -> None:
    entries = (
        'msgid "%(n)d order"\nmsgid_plural "%(n)d orders"\n'
        'msgstr[0] "%(n)d заказ"\nmsgstr[1] "%(n)d заказа"\nmsgstr[2] "%(n)d заказов"\n'
    )
    plural = '"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"'
    write(tmp_path / "ru.po", po(entries, extra=plural))
    messages = read_corpus([tmp_path / "ru.po"]).messages
    assert [(m.id, m.text, m.translation) for m in messages] == [
        ("%(n)d order[0]", "%(n)d order", "%(n)d заказ"),  # one: 1, 21, 31 … -> msgid
        ("%(n)d order[1]", "%(n)d orders", "%(n)d заказа"),  # few -> msgid_plural
        ("%(n)d order[2]", "%(n)d orders", "%(n)d заказов"),  # many -> msgid_plural
    ]
    assert messages[1].notes == ("plural form msgstr[1] (few), checked against msgid_plural",)
    assert {m.target for m in messages} == {"ru-RU"}


def test_po_single_plural_form_language_is_checked_against_the_plural(tmp_path: Path) -> None:
    entries = 'msgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] "%d 個のファイル"\n'
    write(tmp_path / "ja.po", po(entries, extra='"Plural-Forms: nplurals=1; plural=0;\\n"'))
    [message] = read_corpus([tmp_path / "ja.po"]).messages
    assert (message.text, message.translation) == ("%d files", "%d 個のファイル")


def test_po_msgctxt_keeps_ids_apart(tmp_path: Path) -> None:
    entries = (
        'msgctxt "abbrev. month"\nmsgid "May"\nmsgstr "Mai"\n\n'
        'msgctxt "abbrev. month"\nmsgid "Jun."\nmsgstr "Juni"\n\n'
        'msgctxt "order.shipped"\nmsgid "May"\nmsgstr "Darf"\n\n'
        'msgid "May"\nmsgstr "Mai"\n'
    )
    write(tmp_path / "de.po", po(entries))
    ids = [m.id for m in read_corpus([tmp_path / "de.po"]).messages]
    # a context used once is the key; a shared one is joined with the msgid
    assert ids == ["abbrev. month::May", "abbrev. month::Jun.", "order.shipped", "May"]


def test_po_declared_charset_is_honoured(tmp_path: Path) -> None:
    entries = 'msgid "Price"\nmsgstr "Preis für Größe"\n'
    write(tmp_path / "de.po", po(entries, charset="ISO-8859-1"), encoding="latin-1")
    corpus = read_corpus([tmp_path / "de.po"])
    assert corpus.problems == []
    assert [m.translation for m in corpus.messages] == ["Preis für Größe"]


def test_po_fuzzy_obsolete_untranslated_are_counted(tmp_path: Path) -> None:
    entries = (
        'msgid "Done"\nmsgstr "Fertig"\n\n'
        '#, fuzzy\nmsgid "Late"\nmsgstr "Spät"\n\n'
        'msgid "Open"\nmsgstr ""\n\n'
        '#~ msgid "Gone"\n#~ msgstr "Weg"\n'
    )
    write(tmp_path / "de.po", po(entries))
    corpus = read_corpus([tmp_path / "de.po"])
    assert [m.translation for m in corpus.messages] == ["Fertig"]
    assert skipped_by_reason(corpus.skipped) == {
        "fuzzy (needs review by the translator)": 1,
        "not translated yet": 1,
        "obsolete entry": 1,
    }


@pytest.mark.parametrize(
    ("relative", "target"),
    [
        ("locale/de/LC_MESSAGES/django.po", "de-DE"),
        ("po/de.po", "de-DE"),
        ("po/messages.pt_BR.po", "pt-BR"),
        ("af/messages.po", "af-ZA"),  # any CLDR language, not only those with locale data
    ],
)
def test_po_locale_from_the_path_without_a_language_header(
    tmp_path: Path, relative: str, target: str
) -> None:
    write(tmp_path / relative, po('msgid "Yes"\nmsgstr "Ja"\n'))
    [message] = read_corpus([tmp_path / relative]).messages
    assert message.target == target


def test_po_without_any_language_says_so(tmp_path: Path) -> None:
    write(tmp_path / "messages.po", po('msgid "Yes"\nmsgstr "Ja"\n'))
    corpus = read_corpus([tmp_path / "messages.po"])
    assert corpus.messages == []
    assert [s.reason for s in corpus.skipped] == [
        "target language unknown (not in the file or its path; give --target-lang)"
    ]
    given = read_corpus([tmp_path / "messages.po"], target_lang="nl-BE")
    assert [m.target for m in given.messages] == ["nl-BE"]


# -- XLIFF -----------------------------------------------------------------------------------
XLIFF12 = """<?xml version="1.0"?>
<xliff version="{version}" xmlns="urn:oasis:names:tc:xliff:document:{version}">
 <file source-language="en" target-language="de" datatype="plaintext" original="x">
  <body>{units}</body>
 </file>
</xliff>"""


@pytest.mark.parametrize("version", ["1.1", "1.2"])
def test_xliff_1x_inline_codes_keep_their_identity(tmp_path: Path, version: str) -> None:
    unit = (
        '<trans-unit id="a"><source>Hi <x id="1"/>, see <g id="2">this</g><bx id="3"/>'
        '<ex id="3"/> <bpt id="4">&lt;b&gt;</bpt>now<ept id="4">&lt;/b&gt;</ept>'
        ' <ph id="5">{{{{n}}}}</ph> <it id="6" pos="open">&lt;i&gt;</it> <mrk mid="7" mtype="term">x</mrk>'
        '</source><target>Hallo <x id="1"/></target></trans-unit>'
    )
    write(tmp_path / "a.xlf", XLIFF12.format(version=version, units=unit))
    [message] = read_corpus([tmp_path / "a.xlf"]).messages
    assert message.text == (
        'Hi <x id="1"/>, see <g id="2">this</g><bx id="3"/><ex id="3"/> <bpt id="4"/>now'
        '<ept id="4"/> <ph id="5"/> <it id="6"/> <mrk id="7">x</mrk>'
    )
    assert message.translation == 'Hallo <x id="1"/>'


def test_xliff_comments_processing_instructions_and_entities_do_not_abort(tmp_path: Path) -> None:
    unit = (
        '<trans-unit id="a"><source>Hello <!-- c --><?pi x?>&ent; world</source>'
        "<target>Hallo <!-- c -->Welt</target></trans-unit>"
    )
    text = XLIFF12.format(version="1.2", units=unit).replace(
        '<?xml version="1.0"?>', '<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY ent "big">]>'
    )
    write(tmp_path / "a.xlf", text)
    corpus = read_corpus([tmp_path / "a.xlf"])
    assert corpus.problems == []
    [message] = corpus.messages
    assert message.text == "Hello &ent; world"  # an entity is never expanded
    assert message.translation == "Hallo Welt"


def test_xliff_12_state_translate_no_and_notes(tmp_path: Path) -> None:
    units = (
        '<trans-unit id="new"><source>One</source><target state="new">One</target></trans-unit>'
        '<trans-unit id="copy"><source>Two</source><target state="needs-translation">Two</target></trans-unit>'
        '<trans-unit id="review"><source>Three</source><target state="needs-review-translation">Drei</target></trans-unit>'
        '<trans-unit id="rejected"><source>Four</source><target state="translated" state-qualifier="rejected-inaccurate">Fünf</target></trans-unit>'
        '<group translate="no"><trans-unit id="brand"><source>Acme</source><target>Acme</target></trans-unit></group>'
        '<trans-unit id="noted"><source>Five</source><target>Fünf</target><note from="dev">Shown on the invoice</note></trans-unit>'
    )
    write(tmp_path / "a.xlf", XLIFF12.format(version="1.2", units=units))
    corpus = read_corpus([tmp_path / "a.xlf"])
    assert [m.id for m in corpus.messages] == ["review", "noted"]
    assert corpus.messages[1].notes == ("dev: Shown on the invoice",)
    assert Counter((s.unit, s.reason.split(" (")[0].split(":")[0]) for s in corpus.skipped) == {
        ("new", "not translated yet"): 1,
        ("copy", "not translated yet"): 1,
        ("rejected", "translation rejected"): 1,
        ("brand", "marked translate=no"): 1,
    }


XLIFF2 = """<?xml version="1.0"?>
<xliff version="{version}" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="en" trgLang="fr">
 <file id="f">{units}</file>
</xliff>"""


@pytest.mark.parametrize("version", ["2.0", "2.1", "2.2"])
def test_xliff_2x_segments_keep_the_whitespace_between_them(tmp_path: Path, version: str) -> None:
    units = (
        '<unit id="u"><notes><note category="context">Order page</note></notes>'
        "<segment><source>First sentence.</source><target>Première phrase.</target></segment>"
        "<ignorable><source> </source></ignorable>"
        '<segment state="translated"><source>Code <ph id="1"/> and <pc id="2">bold</pc>'
        '<sc id="3"/>x<ec startRef="3"/>.</source><target>Code <ph id="1"/> et <pc id="2">gras</pc>'
        '<sc id="3"/>x<ec startRef="3"/>.</target></segment></unit>'
        '<unit id="todo"><segment state="initial"><source>Later.</source><target>Later.</target></segment></unit>'
        '<unit id="half"><segment><source>A.</source><target>A.</target></segment>'
        "<segment><source>B.</source></segment></unit>"
        '<unit id="keep" translate="no"><segment><source>ACME</source></segment></unit>'
    )
    write(tmp_path / "b.xliff", XLIFF2.format(version=version, units=units))
    corpus = read_corpus([tmp_path / "b.xliff"])
    assert corpus.problems == []
    [message] = corpus.messages
    assert message.text == (
        'First sentence. Code <ph id="1"/> and <pc id="2">bold</pc><sc id="3"/>x<ec startRef="3"/>.'
    )
    assert message.translation.startswith("Première phrase. Code")
    assert message.target == "fr-FR" and message.notes == ("context: Order page",)
    assert sorted((s.unit, s.reason) for s in corpus.skipped) == [
        ("half", "not translated yet"),
        ("keep", "marked translate=no"),
        ("todo", "not translated yet (state=initial)"),
    ]


def test_xliff_languages_can_be_overridden(tmp_path: Path) -> None:
    text = XLIFF2.format(
        version="2.0",
        units='<unit id="u"><segment><source>Yes</source><target>Oui</target></segment></unit>',
    )
    write(tmp_path / "b.xliff", text.replace(' trgLang="fr"', ""))
    assert (
        read_corpus([tmp_path / "b.xliff"]).skipped[0].reason.startswith("target language unknown")
    )
    [message] = read_corpus([tmp_path / "b.xliff"], "en", target_lang="fr-CA").messages
    assert message.target == "fr-CA"


def test_xliff_template_without_target_language_is_a_draft_library(tmp_path: Path) -> None:
    text = XLIFF2.format(
        version="2.0", units='<unit id="u"><segment><source>Yes</source></segment></unit>'
    )
    write(tmp_path / "messages.xlf", text.replace(' trgLang="fr"', ""))
    [message] = read_corpus([tmp_path / "messages.xlf"]).messages
    assert (message.target, message.translation) == (None, None)


# -- i18next ---------------------------------------------------------------------------------
def test_i18next_v4_plurals_pair_by_category(tmp_path: Path) -> None:
    write(
        tmp_path / "l/en.json",
        json.dumps({"item_one": "{{count}} item", "item_other": "{{count}} items"}),
    )
    write(
        tmp_path / "l/ru.json",
        json.dumps(
            {
                "item_one": "{{count}} товар",
                "item_few": "{{count}} товара",
                "item_many": "{{count}} товаров",
            }
        ),
    )
    write(
        tmp_path / "l/de.json",
        json.dumps({"item_one": "{{count}} Artikel", "item_other": "{{count}} Artikel"}),
    )
    corpus = read_corpus([tmp_path / "l"])
    got = sorted((m.target, m.id, m.text) for m in corpus.messages)
    assert got == [
        ("de-DE", "item_one", "{{count}} item"),
        ("de-DE", "item_other", "{{count}} items"),
        ("ru-RU", "item_few", "{{count}} items"),
        ("ru-RU", "item_many", "{{count}} items"),
        ("ru-RU", "item_one", "{{count}} item"),
    ]
    # Russian's own 'other' (fractions) is missing; German has no 'few': nothing else skipped
    assert [(s.path.endswith("ru.json"), s.unit) for s in corpus.skipped] == [(True, "item_other")]


def test_i18next_v3_plurals(tmp_path: Path) -> None:
    write(
        tmp_path / "l/en.json",
        json.dumps({"apple": "an apple", "apple_plural": "{{count}} apples"}),
    )
    write(
        tmp_path / "l/de.json",
        json.dumps({"apple": "ein Apfel", "apple_plural": "{{count}} Äpfel"}),
    )
    write(
        tmp_path / "l/pl.json",
        json.dumps(
            {"apple_0": "jabłko", "apple_1": "{{count}} jabłka", "apple_2": "{{count}} jabłek"}
        ),
    )
    corpus = read_corpus([tmp_path / "l"])
    got = sorted((m.target, m.id, m.text) for m in corpus.messages)
    assert got == [
        ("de-DE", "apple", "an apple"),
        ("de-DE", "apple_plural", "{{count}} apples"),
        ("pl-PL", "apple_0", "an apple"),
        ("pl-PL", "apple_1", "{{count}} apples"),
        ("pl-PL", "apple_2", "{{count}} apples"),
    ]
    assert corpus.skipped == []


def test_i18next_namespaced_layout_arrays_and_nesting(tmp_path: Path) -> None:
    write(
        tmp_path / "locales/en/common.json",
        json.dumps({"nav": {"home": "Home"}, "steps": ["Pack it.", "Ship it."], "n": 3}),
    )
    write(
        tmp_path / "locales/de/common.json",
        json.dumps({"nav": {"home": "Start"}, "steps": ["Einpacken.", ""]}),
    )
    write(
        tmp_path / "locales/en/emails.json", json.dumps({"hi": "Hi {{name}}, $t(common:nav.home)"})
    )
    write(
        tmp_path / "locales/de/emails.json",
        json.dumps({"hi": "Hallo {{name}}, $t(common:nav.home)"}),
    )
    corpus = read_corpus([tmp_path / "locales"])
    assert corpus.problems == []
    assert sorted((m.id, m.translation) for m in corpus.messages) == [
        ("common:nav.home", "Start"),
        ("common:steps[0]", "Einpacken."),
        ("emails:hi", "Hallo {{name}}, $t(common:nav.home)"),
    ]
    assert sorted((s.unit, s.reason) for s in corpus.skipped) == [
        ("common:steps[1]", "not translated yet"),
        ("n", "not a text value (number, boolean or null)"),
    ]


def test_i18next_deep_nesting_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    deep: object = "x"
    for _ in range(200):
        deep = {"k": deep}
    write(tmp_path / "l/en.json", json.dumps({"a": "Hello"}))
    write(tmp_path / "l/de.json", json.dumps(deep))
    corpus = read_corpus([tmp_path / "l"])
    assert ["nested more than" in p.reason for p in corpus.problems] == [True]
