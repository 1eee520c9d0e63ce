"""Which rules report: select / extend-select / ignore / per-file-ignores and inline suppressions."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.config import Config, load_config, select_rules
from workbench.corpus import read_corpus
from workbench.corpus.suppress import inline_ignores
from workbench.errors import ConfigError


def test_most_specific_selector_wins_like_ruff() -> None:
    config = Config(select=["meaning"], ignore=["meaning.entity"])
    assert config.rule_enabled("meaning.number")
    assert not config.rule_enabled("meaning.entity")
    assert not config.rule_enabled("idioms.idiom")  # not selected
    config = Config(select=["idioms.idiom"], ignore=["idioms"])
    assert config.rule_enabled("idioms.idiom")
    config = Config(extend_select=["tags"], select=["placeholders"])
    assert config.rule_enabled("tags.mismatch") and config.rule_enabled("placeholders.changed")
    assert not config.rule_enabled("numbers.mismatch")
    # empty select = everything; disabled_rules still works
    config = Config(disabled_rules=["policy.emoji"])
    assert config.rule_enabled("policy.blame") and not config.rule_enabled("policy.emoji")
    # a prefix only matches whole dotted parts
    assert Config(ignore=["meaning.num"]).rule_enabled("meaning.number")


def test_per_file_ignores_from_a_config_file(tmp_path: Path) -> None:
    (tmp_path / "workbench.toml").write_text(
        'extend-select = ["tags"]\n'
        "[per-file-ignores]\n"
        '"legacy/**" = ["formality"]\n'
        '"*.po" = ["placeholders.changed"]\n',
        encoding="utf-8",
    )
    config = load_config(search_from=tmp_path)
    old = str(tmp_path / "legacy" / "de" / "refund.md")
    assert not config.rule_enabled("formality.informal", old)
    assert config.rule_enabled("formality.informal", str(tmp_path / "new" / "refund.md"))
    assert config.rule_enabled("placeholders.changed", str(tmp_path / "x.xlf"))
    assert not config.rule_enabled("placeholders.changed", str(tmp_path / "locale" / "de.po"))
    assert config.rule_enabled("placeholders.missing", str(tmp_path / "locale" / "de.po"))
    assert config.rule_enabled("formality.informal")  # no file: no per-file ignores


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('select = ["idoms"]', r"workbench\.select: unknown rule 'idoms'"),
        ('extend-select = ["nope.x"]', r"extend-select: unknown rule 'nope\.x'"),
        ('[per-file-ignores]\n"*.po" = "idioms"', r"must be a list of rule ids"),
        ('[per-file-ignores]\n"*.po" = ["idoms"]', r"unknown rule 'idoms'"),
    ],
)
def test_bad_selectors_are_config_errors(tmp_path: Path, toml: str, message: str) -> None:
    file = tmp_path / "workbench.toml"
    file.write_text(toml + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_config(file)


def test_command_line_select_replaces_and_ignore_adds() -> None:
    config = Config(select=["idioms"], extend_select=["tags"], ignore=["meaning"])
    select_rules(config, "placeholders,numbers", "numbers.mismatch")
    assert config.select == ["placeholders", "numbers"] and config.extend_select == []
    assert config.ignore == ["meaning", "numbers.mismatch"]
    assert config.rule_enabled("placeholders.changed")
    assert not config.rule_enabled("numbers.mismatch") and not config.rule_enabled("tags.mismatch")
    with pytest.raises(ConfigError, match="--select: unknown rule 'placeholder'"):
        select_rules(Config(), "placeholder", None)


def test_inline_directive_syntax() -> None:
    assert inline_ignores(["workbench: ignore=placeholders.changed"]) == ("placeholders.changed",)
    assert inline_ignores(["Context for translators.\nworkbench: ignore = tags, numbers"]) == (
        "tags",
        "numbers",
    )
    assert inline_ignores([None, "no directive here", "workbench ignore=tags"]) == ()


def test_po_comments_and_xliff_notes_suppress(tmp_path: Path) -> None:
    po = tmp_path / "es.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: es\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        "#. workbench: ignore=placeholders.changed\n"
        'msgid "Hello {name}"\nmsgstr "Hola {nombre}"\n\n'
        "# workbench: ignore=numbers\n"
        'msgid "50 days"\nmsgstr "40 días"\n\n'
        'msgid "Thanks"\nmsgstr "Gracias"\n',
        encoding="utf-8",
    )
    xlf = tmp_path / "m.xlf"
    xlf.write_text(
        '<?xml version="1.0"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        '<file source-language="en" target-language="es" datatype="plaintext" original="x"><body>'
        '<trans-unit id="a"><source>Hi <x id="1"/></source><target>Hola</target>'
        "<note>workbench: ignore=tags.mismatch</note></trans-unit>"
        '<trans-unit id="b"><source>Bye</source><target>Adiós</target></trans-unit>'
        "</body></file></xliff>\n",
        encoding="utf-8",
    )
    x20 = tmp_path / "m20.xlf"
    x20.write_text(
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" '
        'trgLang="es"><file id="f"><unit id="u"><notes><note>workbench: ignore=idioms</note>'
        "</notes><segment><source>Hang tight</source><target>Espere</target></segment></unit>"
        "</file></xliff>\n",
        encoding="utf-8",
    )
    corpus = read_corpus([po, xlf, x20], "en")
    ignores = {m.text: m.ignore for m in corpus.messages}
    assert ignores["Hello {name}"] == ("placeholders.changed",)
    assert ignores["50 days"] == ("numbers",)
    assert ignores["Thanks"] == ()
    assert ignores["Bye"] == ()
    assert ignores["Hang tight"] == ("idioms",)
    assert next(v for k, v in ignores.items() if k.startswith("Hi")) == ("tags.mismatch",)
