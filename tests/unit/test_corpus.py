"""Template-library readers: every supported format, pairing, and broken files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbench.corpus import read_corpus
from workbench.errors import UsageError


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_folder_with_front_matter(tmp_path: Path) -> None:
    write(
        tmp_path / "lib/refund.md",
        "---\nid: refund-ok\ntags: [refund, money]\nignore: [idioms]\n---\n\nYour refund is on its way.\n",
    )
    write(tmp_path / "lib/shipping/delay.txt", "Hang tight, your parcel is delayed.")
    corpus = read_corpus([tmp_path / "lib"])
    assert corpus.problems == []
    by_id = {m.id: m for m in corpus.messages}
    assert set(by_id) == {"refund-ok", "shipping/delay"}
    refund = by_id["refund-ok"]
    assert refund.text == "Your refund is on its way."
    assert refund.tags == ("refund", "money") and refund.ignore == ("idioms",)
    assert refund.line == 7 and refund.origin.endswith("refund.md")
    assert by_id["shipping/delay"].line == 1


def test_bodies_are_trimmed_and_lines_still_point_at_the_text(tmp_path: Path) -> None:
    write(tmp_path / "lib/en/a.md", "\n\nHello there.\n\n")
    write(tmp_path / "lib/de/a.md", "Hallo.\n")
    corpus = read_corpus([tmp_path / "lib"])
    source = next(m for m in corpus.messages if m.target is None)
    given = next(m for m in corpus.messages if m.target)
    assert (source.text, source.line) == ("Hello there.", 3)
    assert given.translation == "Hallo."


def test_locale_subfolders_pair_source_and_translations(tmp_path: Path) -> None:
    write(tmp_path / "lib/en/refund.md", "Your refund is on its way.")
    write(tmp_path / "lib/de/refund.md", "Ihre Rückerstattung ist unterwegs.")
    write(tmp_path / "lib/es/refund.md", "Su reembolso está en camino.")
    write(tmp_path / "lib/en/other.md", "No translation yet.")
    corpus = read_corpus([tmp_path / "lib"])
    pairs = sorted((m.id, m.target or "", m.translation or "") for m in corpus.messages)
    assert pairs == [
        ("other", "", ""),
        ("refund", "", ""),
        ("refund", "de-DE", "Ihre Rückerstattung ist unterwegs."),
        ("refund", "es-ES", "Su reembolso está en camino."),
    ]


def test_csv_jsonl_yaml_json(tmp_path: Path) -> None:
    write(
        tmp_path / "a.csv", "id,text,target,translation\nc1,Hello there.,,\nc2,Thanks!,de,Danke!\n"
    )
    write(
        tmp_path / "b.jsonl",
        json.dumps({"id": "j1", "text": "Hi", "target": "pt-BR", "translation": "Oi"}) + "\n\n",
    )
    write(tmp_path / "c.yaml", "templates:\n  - id: y1\n    text: Reach out any time.\n")
    write(tmp_path / "d.json", json.dumps([{"id": "js1", "text": "See you."}]))
    corpus = read_corpus(sorted(tmp_path.iterdir()))
    assert corpus.problems == []
    got = {(m.id, m.target, m.translation) for m in corpus.messages}
    assert got == {
        ("c1", None, None),
        ("c2", "de-DE", "Danke!"),
        ("j1", "pt-BR", "Oi"),
        ("y1", None, None),
        ("js1", None, None),
    }
    assert next(m for m in corpus.messages if m.id == "c2").line == 3


def test_po_and_pot(tmp_path: Path) -> None:
    write(
        tmp_path / "de.po",
        'msgid ""\nmsgstr ""\n"Language: de\\n"\n\nmsgctxt "greet"\nmsgid "Hello {name}!"\nmsgstr "Hallo {name}!"\n\nmsgid "Untranslated"\nmsgstr ""\n',
    )
    write(tmp_path / "x.pot", 'msgid ""\nmsgstr ""\n\nmsgid "Draft"\nmsgstr ""\n')
    corpus = read_corpus([tmp_path / "de.po", tmp_path / "x.pot"])
    assert [(m.id, m.target, m.translation) for m in corpus.messages] == [
        ("greet", "de-DE", "Hallo {name}!"),
        ("Draft", None, None),  # a template: its drafts go to the configured targets
    ]
    assert corpus.messages[0].line is not None
    assert corpus.messages[0].notes == ("context: greet",)
    # the catalogue's untranslated entry is counted, never sent to other languages
    assert [(s.unit, s.reason) for s in corpus.skipped] == [("Untranslated", "not translated yet")]


def test_xliff_12_and_20(tmp_path: Path) -> None:
    write(
        tmp_path / "a.xlf",
        """<?xml version="1.0"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file source-language="en" target-language="es-ES" datatype="plaintext" original="x">
  <body>
   <trans-unit id="t1"><source>Hello <g id="1">there</g>.</source><target>Hola <g id="1">allí</g>.</target></trans-unit>
   <trans-unit id="t2"><source>No target</source></trans-unit>
  </body>
 </file>
</xliff>""",
    )
    write(
        tmp_path / "b.xliff",
        """<?xml version="1.0"?>
<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="en" trgLang="fr">
 <file id="f1"><unit id="u1"><segment><source>Thanks.</source><target>Merci.</target></segment></unit></file>
</xliff>""",
    )
    corpus = read_corpus([tmp_path / "a.xlf", tmp_path / "b.xliff"])
    assert corpus.problems == []
    assert [(m.id, m.text, m.target, m.translation) for m in corpus.messages] == [
        ("t1", 'Hello <g id="1">there</g>.', "es-ES", 'Hola <g id="1">allí</g>.'),
        ("u1", "Thanks.", "fr-FR", "Merci."),
    ]
    assert [(s.unit, s.reason) for s in corpus.skipped] == [("t2", "not translated yet")]


def test_i18next_locale_files(tmp_path: Path) -> None:
    write(
        tmp_path / "locales/en.json",
        json.dumps({"order": {"shipped": "It shipped!", "late": "It is late."}}),
    )
    write(tmp_path / "locales/de.json", json.dumps({"order": {"shipped": "Versandt!"}}))
    corpus = read_corpus([tmp_path / "locales"])
    # the library's locales are its targets: nothing is sent to the configured ones
    assert [(m.id, m.target, m.translation) for m in corpus.messages] == [
        ("order.shipped", "de-DE", "Versandt!")
    ]
    assert [(s.unit, s.reason) for s in corpus.skipped] == [
        ("order.late", "missing from this locale (not translated yet)")
    ]


def test_i18next_source_alone_is_a_draft_library(tmp_path: Path) -> None:
    write(tmp_path / "locales/en.json", json.dumps({"a": "Hello.", "b": ["One.", "Two."]}))
    corpus = read_corpus([tmp_path / "locales"])
    assert [(m.id, m.target) for m in corpus.messages] == [
        ("a", None),
        ("b[0]", None),
        ("b[1]", None),
    ]


def test_zendesk_macros(tmp_path: Path) -> None:
    write(
        tmp_path / "macros.json",
        json.dumps(
            {
                "macros": [
                    {
                        "id": 1,
                        "title": "Refund",
                        "actions": [{"field": "comment_value", "value": "Your refund is done."}],
                    },
                    {
                        "id": 2,
                        "title": "Close",
                        "actions": [{"field": "status", "value": "solved"}],
                    },
                ]
            }
        ),
    )
    corpus = read_corpus([tmp_path / "macros.json"])
    assert [(m.id, m.text) for m in corpus.messages] == [("1", "Your refund is done.")]


def test_broken_files_are_reported_and_the_rest_is_read(tmp_path: Path) -> None:
    write(tmp_path / "lib/good.md", "Fine template.")
    write(tmp_path / "lib/bad.json", "{not json")
    write(tmp_path / "lib/bad.jsonl", '{"text": "ok"}\n{broken\n{"id": "x"}\n')
    write(tmp_path / "lib/bad.xlf", "<xliff><unclosed>")
    write(tmp_path / "lib/front.md", "---\nid: [unclosed\n---\nBody")
    write(tmp_path / "lib/unknown.md", "---\nlocal: en\n---\nBody")
    write(tmp_path / "lib/lang.csv", "text,target\nHi,klingon\n")
    (tmp_path / "lib/latin1.txt").write_bytes("caf\xe9".encode("latin-1"))
    corpus = read_corpus([tmp_path / "lib"])
    assert {m.text for m in corpus.messages} == {"Fine template.", "ok"}
    reasons = "\n".join(str(p) for p in corpus.problems)
    for expected in [
        "bad.json:1: invalid JSON",
        "bad.jsonl:2: invalid JSON",
        "bad.jsonl:3: missing or empty 'text'",
        "bad.xlf:1: invalid XML",
        "front.md:3: invalid front matter",
        "unknown front matter key(s) local",
        "lang.csv:2: unknown language code 'klingon'",
        "latin1.txt: not valid UTF-8",
    ]:
        assert expected in reasons


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="does not exist"):
        read_corpus([tmp_path / "nope"])
