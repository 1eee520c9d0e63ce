"""Localization files read by the real readers and checked by the placeholders scorer: correct
units with inline codes, ICU plurals, i18next interpolation and printf raise nothing, planted
changes are found."""

from __future__ import annotations

import json
from pathlib import Path

from workbench.config import Config
from workbench.corpus import read_corpus
from workbench.models import PipelineItem
from workbench.scoring.base import ScoringContext
from workbench.scoring.placeholders import PlaceholderScorer

# An Angular `ng extract-i18n` file translated to Spanish: interpolations and links become
# <x id="…"/> codes; the last unit drops one of them.
ANGULAR_XLF = """<?xml version="1.0" encoding="UTF-8" ?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file source-language="en-US" target-language="es" datatype="plaintext" original="ng2.template">
    <body>
      <trans-unit id="greeting" datatype="html">
        <source>Hello <x id="INTERPOLATION" equiv-text="{{ name }}"/>, you have <x id="INTERPOLATION_1" equiv-text="{{ count }}"/> new messages.</source>
        <target state="translated">Hola <x id="INTERPOLATION" equiv-text="{{ name }}"/>, tiene <x id="INTERPOLATION_1" equiv-text="{{ count }}"/> mensajes nuevos.</target>
      </trans-unit>
      <trans-unit id="link" datatype="html">
        <source>Read the <x id="START_LINK" ctype="x-a" equiv-text="&lt;a&gt;"/>FAQ<x id="CLOSE_LINK" ctype="x-a" equiv-text="&lt;/a&gt;"/> first.</source>
        <target state="translated">Lea primero las <x id="START_LINK" ctype="x-a" equiv-text="&lt;a&gt;"/>preguntas frecuentes<x id="CLOSE_LINK" ctype="x-a" equiv-text="&lt;/a&gt;"/>.</target>
      </trans-unit>
      <trans-unit id="items" datatype="html">
        <source>{VAR_PLURAL, plural, =0 {no items} one {one item} other {<x id="INTERPOLATION"/> items}}</source>
        <target state="translated">{VAR_PLURAL, plural, =0 {ningún artículo} one {un artículo} other {<x id="INTERPOLATION"/> artículos}}</target>
      </trans-unit>
      <trans-unit id="count" datatype="html">
        <source>{count, plural, one {# item} other {# items}}</source>
        <target state="translated">{count, plural, one {# artículo} other {# artículos}}</target>
      </trans-unit>
      <trans-unit id="dropped" datatype="html">
        <source>Order <x id="INTERPOLATION"/> ships on <x id="INTERPOLATION_1"/>.</source>
        <target state="translated">El pedido se envía el <x id="INTERPOLATION_1"/>.</target>
      </trans-unit>
      <trans-unit id="renamed" datatype="html">
        <source>{count, plural, one {# item} other {# items}}</source>
        <target state="translated">{cuenta, plural, one {# artículo} other {# artículos}}</target>
      </trans-unit>
    </body>
  </file>
</xliff>
"""  # noqa: E501

I18NEXT_EN = {
    "welcome": "Welcome back, {{name}}!",
    "items_one": "{{count}} item in your cart",
    "items_other": "{{count}} items in your cart",
    "due": "Due {{date, datetime}}",
    "more": "See $t(common:help) for details",
    "trans": "Please <1>sign in</1> to continue.",
    "renamed": "Hi {{name}}",
}
I18NEXT_ES = {
    "welcome": "¡Bienvenido de nuevo, {{name}}!",
    "items_one": "{{count}} artículo en su carrito",
    "items_many": "{{count}} de artículos en su carrito",
    "items_other": "{{count}} artículos en su carrito",
    "due": "Vence {{date, datetime}}",
    "more": "Consulte $t(common:help) para más detalles",
    "trans": "<1>Inicie sesión</1> para continuar.",
    "renamed": "Hola {{nombre}}",
}

PO = r"""msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Language: de\n"

#, python-format
msgid "Dear %(name)s, %(pct)d%% of your order ships today."
msgstr "Sehr geehrte(r) %(name)s, %(pct)d%% Ihrer Bestellung werden heute versandt."

#, c-format
msgid "Upload took %0.2fms for %lu files"
msgstr "Das Hochladen von %lu Dateien dauerte %0.2fms"

#, c-format
msgid "Showing %'d results"
msgstr "%'d Ergebnisse"

msgid "Press <no view> to skip"
msgstr "Drücken Sie <keine Ansicht>, um zu überspringen"

#, c-format
msgid "Only %s left"
msgstr "Nur noch %%s übrig"
"""


def findings_by_unit(paths: list[Path]) -> dict[str, list[str]]:
    corpus = read_corpus(paths)
    assert corpus.problems == []
    messages = [m for m in corpus.messages if m.translation is not None]
    assert messages
    items = [PipelineItem(m, m.target or "", m.translation, None) for m in messages]
    results = PlaceholderScorer(ScoringContext(Config())).score(items)
    return {m.id: [f.rule_id for f in r.findings] for m, r in zip(messages, results, strict=True)}


def test_angular_xliff_inline_codes_and_icu(tmp_path: Path) -> None:
    path = tmp_path / "messages.es.xlf"
    path.write_text(ANGULAR_XLF, encoding="utf-8")
    assert findings_by_unit([path]) == {
        "greeting": [],
        "link": [],
        "items": [],
        "count": [],
        "dropped": ["tags.inline_missing"],
        "renamed": ["placeholders.changed"],
    }


def test_i18next_interpolation_nesting_and_trans_tags(tmp_path: Path) -> None:
    for lang, data in (("en", I18NEXT_EN), ("es", I18NEXT_ES)):
        folder = tmp_path / "locales" / lang
        folder.mkdir(parents=True)
        (folder / "common.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    found = findings_by_unit([tmp_path / "locales"])
    assert found.pop("common:renamed") == ["placeholders.changed"]
    assert len(found) == 7 and all(rules == [] for rules in found.values()), found


def test_gettext_printf_flags_escapes_and_prose_angles(tmp_path: Path) -> None:
    path = tmp_path / "locale" / "de" / "LC_MESSAGES" / "django.po"
    path.parent.mkdir(parents=True)
    path.write_text(PO, encoding="utf-8")
    found = findings_by_unit([path])
    escaped = found.pop("Only %s left")
    assert escaped == ["placeholders.missing"]  # "%%s" is a literal percent sign and an "s"
    assert len(found) == 4 and all(rules == [] for rules in found.values()), found
