"""The reader cases of the bad-input matrix: each a small library with a bad file or record.

A case is submitted with `workbench submit` (a file or a folder). `stored` lists the template
ids that must reach the database anyway; `mentions` what the error lines must name (file and
line where the format has lines).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

GOOD_CSV = "id,text\ngood-1,Thank you for your order.\ngood-2,Your parcel is on its way.\n"
GOOD_JSONL = (
    json.dumps({"id": "good-1", "text": "Thank you for your order."})
    + "\n"
    + json.dumps({"id": "good-2", "text": "Your parcel is on its way."})
    + "\n"
)
GOOD = {"good-1", "good-2"}
BIG = "Your order is on its way. " * 40_000  # ~1 MB: over the message limit
BOMB_YAML = "\n".join(
    [
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
        *(
            f"{b}: &{b} [{', '.join(['*' + a] * 9)}]"
            for a, b in zip("abcdefgh", "bcdefghi", strict=True)
        ),
    ]
)


@dataclass(frozen=True)
class Case:
    name: str
    files: dict[str, bytes | str]
    submit: str  # the file or folder given to `workbench submit`
    mentions: tuple[str, ...] = ()
    stored: frozenset[str] = frozenset()
    code: int = 2
    config: str = ""
    texts: dict[str, str] = field(default_factory=dict)  # id -> exact stored text
    absent: tuple[str, ...] = ()  # text no stored message may contain


def _jsonl(*records: object) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


def csv_cases() -> list[Case]:
    g = "id,text\ngood-1,Thank you for your order.\n"
    rows = [
        ("unterminated_quote", g + 'bad,"never closed\ngood-2,lost\n', ("bad.csv:3",), {"good-1"}),
        (
            "cell_over_128k",
            g + "huge," + "x" * 140_000 + "\n" + "good-2,ok\n",
            ("bad.csv:3",),
            {"good-1", "good-2"},
        ),
        ("extra_cells", g + "bad,hello,extra\ngood-2,ok\n", ("bad.csv:3",), {"good-1", "good-2"}),
        ("no_text_column", "id,body\na,hello\n", ("bad.csv:1", "'text' column"), set()),
        ("empty_file", "", ("bad.csv",), set()),
        ("header_only", "id,text\n", ("holds no messages",), set()),
        ("unknown_language", g + "bad,Hi,klingon\n".replace(",klingon", ""), (), {"good-1"}),
        (
            "target_unknown",
            "id,text,target\ngood-1,Hi,de\nbad,Hi,klingon\n",
            ("bad.csv:3",),
            {"good-1"},
        ),
        (
            "translation_without_target",
            "id,text,translation\ngood-1,Hi,\nbad,Hi,Hallo\n",
            ("bad.csv:3", "needs a 'target'"),
            {"good-1"},
        ),
        ("unknown_column", "id,text,colour\ngood-1,Hi,\nbad,Hi,red\n", ("bad.csv:3",), {"good-1"}),
        ("message_over_limit", g + "big," + BIG + "\n", ("bad.csv:3", "limit"), {"good-1"}),
        ("empty_text_cell", g + "bad,\ngood-2,ok\n", ("bad.csv:3",), {"good-1", "good-2"}),
        ("nul_byte", g + "bad,a\x00b\ngood-2,ok\n", (), {"good-1", "good-2"}),
        ("only_quotes", '"""""""\n', ("bad.csv",), set()),
        ("mixed_newlines", "id,text\r\ngood-1,Hi\rgood-2,There\n", (), set()),
    ]
    cases = []
    for name, text, mentions, stored in rows:
        code = 0 if not mentions else 2
        cases.append(
            Case(f"csv-{name}", {"bad.csv": text}, "bad.csv", mentions, frozenset(stored), code)
        )
    # line breaks and BOMs that must be kept or skipped, not errors
    cases.append(
        Case(
            "csv-two_line_cell_keeps_break",
            {"ok.csv": 'id,text\ngood-1,"Dear customer,\nthanks."\ngood-2,ok\n'},
            "ok.csv",
            (),
            frozenset(GOOD),
            0,
            texts={"good-1": "Dear customer,\nthanks."},
        )
    )
    cases.append(Case("csv-bom", {"ok.csv": "\ufeff" + GOOD_CSV}, "ok.csv", (), frozenset(GOOD), 0))
    cases.append(
        Case(
            "csv-not_utf8",
            {"bad.csv": "id,text\nx,caf\xe9\n".encode("latin-1")},
            "bad.csv",
            ("bad.csv", "UTF-8"),
        )
    )
    return [c for c in cases if c.name != "csv-unknown_language"] + [
        Case(
            "csv-random_bytes",
            {"bad.csv": bytes(range(256)) * 4},
            "bad.csv",
            ("bad.csv",),
        )
    ]


def jsonl_cases() -> list[Case]:
    good1 = {"id": "good-1", "text": "Thank you for your order."}
    good2 = {"id": "good-2", "text": "Your parcel is on its way."}
    bad = [
        ("broken_line", "{broken", ("bad.jsonl:2",)),
        ("deep_nesting", '{"text": ' + "[" * 50_000 + "]" * 50_000 + "}", ("bad.jsonl:2",)),
        ("record_is_list", "[1, 2]", ("bad.jsonl:2",)),
        ("missing_text", {"id": "x"}, ("bad.jsonl:2", "'text'")),
        ("text_is_number", {"id": "x", "text": 5}, ("bad.jsonl:2",)),
        ("text_is_null", {"id": "x", "text": None}, ("bad.jsonl:2",)),
        ("unknown_field", {"id": "x", "text": "Hi", "colour": "red"}, ("bad.jsonl:2", "colour")),
        ("bad_source_lang", {"id": "x", "text": "Hi", "source_lang": "zz-top"}, ("bad.jsonl:2",)),
        ("bad_target", {"id": "x", "text": "Hi", "target": "klingon"}, ("bad.jsonl:2",)),
        ("tags_is_object", {"id": "x", "text": "Hi", "tags": {"a": 1}}, ("bad.jsonl:2",)),
        ("translation_is_list", {"id": "x", "text": "Hi", "translation": ["a"]}, ("bad.jsonl:2",)),
        (
            "translation_no_target",
            {"id": "x", "text": "Hi", "translation": "Hola"},
            ("bad.jsonl:2",),
        ),
        ("message_over_limit", {"id": "big", "text": BIG}, ("bad.jsonl:2", "limit")),
        (
            "translation_over_limit",
            {"id": "big", "text": "Hi", "target": "de", "translation": BIG},
            ("bad.jsonl:2", "limit"),
        ),
        ("lone_surrogate", '{"id": "x", "text": "Hi \\ud800 there"}', ("bad.jsonl:2", "surrogate")),
        ("surrogate_in_id", '{"id": "\\udfff", "text": "Hi"}', ("bad.jsonl:2", "surrogate")),
        ("huge_integer", '{"id": ' + "9" * 5000 + ', "text": "Hi"}', ("bad.jsonl:2",)),
        ("nan_text", '{"id": "x", "text": NaN}', ("bad.jsonl:2",)),
        ("whitespace_text", {"id": "x", "text": " \t\n "}, ("bad.jsonl:2",)),
        (
            "many_unknown_fields",
            {f"k{i}": i for i in range(500)} | {"text": "Hi"},
            ("bad.jsonl:2",),
        ),
        ("long_field_name", {"x" * 10_000: 1, "text": "Hi"}, ("bad.jsonl:2",)),
        ("control_chars_in_key", {"\x1b[2Jboom\n": 1, "text": "Hi"}, ("bad.jsonl:2",)),
    ]
    cases = [
        Case(
            f"jsonl-{name}",
            {"bad.jsonl": _jsonl(good1, record, good2)},
            "bad.jsonl",
            mentions,
            frozenset(GOOD),
        )
        for name, record, mentions in bad
    ]
    cases += [
        Case("jsonl-not_utf8", {"bad.jsonl": b'{"text": "caf\xe9"}\n'}, "bad.jsonl", ("UTF-8",)),
        Case("jsonl-only_blank_lines", {"bad.jsonl": "\n \n\t\n"}, "bad.jsonl", ("no messages",)),
        Case(
            "jsonl-every_line_bad",
            {"bad.jsonl": "{a\n{b\n{c\n"},
            "bad.jsonl",
            ("bad.jsonl:1", "2 more"),
        ),
        Case("jsonl-bom", {"ok.jsonl": "\ufeff" + GOOD_JSONL}, "ok.jsonl", (), frozenset(GOOD), 0),
        Case(
            "jsonl-crlf",
            {"ok.jsonl": GOOD_JSONL.replace("\n", "\r\n")},
            "ok.jsonl",
            (),
            frozenset(GOOD),
            0,
        ),
    ]
    return cases


def json_cases() -> list[Case]:
    good = [{"id": "good-1", "text": "Thank you for your order."}]
    docs = [
        ("deep_nesting", "[" * 100_000 + "]" * 100_000, ("bad.json", "nested")),
        ("invalid", '{"messages": [', ("bad.json:1", "invalid JSON")),
        ("top_level_number", "42", ("bad.json", "unrecognised")),
        ("top_level_string", '"hello"', ("bad.json", "unrecognised")),
        ("messages_not_list", '{"messages": {"text": "Hi"}}', ("bad.json",)),
        ("huge_integer", '{"messages": [{"id": ' + "1" * 5000 + ', "text": "Hi"}]}', ("bad.json",)),
        ("empty", "", ("bad.json",)),
        ("zendesk_actions_not_list", '{"macros": [{"id": 1, "actions": 5}]}', ("bad.json",)),
        ("zendesk_macro_not_object", '{"macros": [7]}', ("bad.json", "macro 1")),
    ]
    cases = [
        Case(
            f"json-{name}",
            {"lib/bad.json": text, "lib/ok.json": json.dumps(good)},
            "lib",
            mentions,
            frozenset({"good-1"}),
        )
        for name, text, mentions in docs
    ]
    cases.append(
        Case(
            "json-one_bad_record",
            {"bad.json": json.dumps([*good, {"id": "x"}, {"id": "good-2", "text": "Fine."}])},
            "bad.json",
            ("bad.json", "'text'"),
            frozenset(GOOD),
        )
    )
    cases.append(
        Case(
            "json-zendesk_mixed",
            {
                "bad.json": json.dumps(
                    {
                        "macros": [
                            {
                                "id": "good-1",
                                "actions": [{"field": "comment_value", "value": "Thanks!"}],
                            },
                            {"id": 2, "actions": "oops"},
                            {
                                "id": "good-2",
                                "actions": [
                                    {
                                        "field": "comment_value_html",
                                        "value": ["channel:all", "Bye."],
                                    }
                                ],
                            },
                        ]
                    }
                )
            },
            "bad.json",
            ("bad.json", "macro 2"),
            frozenset(GOOD),
        )
    )
    return cases


def yaml_cases() -> list[Case]:
    good = "- id: good-1\n  text: Thank you for your order.\n"
    docs = [
        ("alias_bomb", BOMB_YAML, ("bad.yaml:2", "alias")),
        ("merge_key_alias", "base: &b {text: hi}\nt:\n  <<: *b\n", ("bad.yaml:3", "alias")),
        ("deep_nesting", "[" * 10_000 + "]" * 10_000, ("bad.yaml",)),
        ("python_object", "- !!python/object/apply:os.system ['echo pwned']\n", ("bad.yaml",)),
        ("scalar", "just text\n", ("bad.yaml", "list of templates")),
        ("tab_indent", "- id: a\n\ttext: b\n", ("bad.yaml",)),
        ("multi_document", "- text: a\n---\n- text: b\n", ("bad.yaml",)),
        ("unhashable_key", "? [a, b]\n: c\n", ("bad.yaml",)),
        ("templates_mapping", "templates: {text: hi}\n", ("bad.yaml",)),
        ("not_utf8", b"- text: caf\xe9\n", ("bad.yaml", "UTF-8")),
    ]
    cases = [
        Case(
            f"yaml-{name}",
            {"lib/bad.yaml": text, "lib/ok.yaml": good},
            "lib",
            mentions,
            frozenset({"good-1"}),
        )
        for name, text, mentions in docs
    ]
    records = [
        ("timestamp_text", "  text: 2024-01-01\n"),
        ("binary_text", "  text: !!binary aGVsbG8=\n"),
        ("list_text", "  text: [a, b]\n"),
        ("empty_text", "  text: ''\n"),
    ]
    cases += [
        Case(
            f"yaml-record_{name}",
            {"bad.yaml": good + "- id: bad\n" + line + "- id: good-2\n  text: Fine.\n"},
            "bad.yaml",
            ("bad.yaml",),
            frozenset(GOOD),
        )
        for name, line in records
    ]
    return cases


def front_matter_cases() -> list[Case]:
    good = {"lib/good-1.md": "---\nid: good-1\n---\nThank you for your order.\n"}
    bodies = [
        ("tags_number", "---\ntags: 5\n---\nBody\n", ("bad.md:1", "tags")),
        ("tags_mapping", "---\ntags: {a: 1}\n---\nBody\n", ("bad.md:1", "tags")),
        ("ignore_number", "---\nignore: 5\n---\nBody\n", ("bad.md:1", "ignore")),
        ("id_list", "---\nid: [1, 2]\n---\nBody\n", ("bad.md:1", "'id'")),
        ("locale_number", "---\nlocale: 5\n---\nBody\n", ("bad.md",)),
        ("locale_unknown", "---\nlocale: klingon\n---\nBody\n", ("bad.md",)),
        ("unknown_key", "---\nlocal: en\n---\nBody\n", ("bad.md:1", "local")),
        ("never_ends", "---\nid: x\nBody\n", ("bad.md:1", "never ends")),
        ("invalid_yaml", "---\nid: [unclosed\n---\nBody\n", ("bad.md:3",)),
        ("alias_bomb", "---\n" + BOMB_YAML + "\n---\nBody\n", ("bad.md", "alias")),
        ("deep_yaml", "---\nid: " + "[" * 5000 + "]" * 5000 + "\n---\nBody\n", ("bad.md",)),
        ("a_list", "---\n- a\n- b\n---\nBody\n", ("bad.md:1", "mapping")),
        ("empty_body", "---\nid: x\n---\n\n\n", ("bad.md", "empty")),
        ("only_dashes", "---\n---\n", ("bad.md", "empty")),
        ("empty_file", "", ("bad.md", "empty")),
        ("not_utf8", "---\nid: x\n---\ncaf\xe9\n".encode("latin-1"), ("bad.md", "UTF-8")),
        ("body_over_limit", "---\nid: big\n---\n" + BIG, ("bad.md", "limit")),
        ("python_tag", "---\nid: !!python/name:os.system\n---\nBody\n", ("bad.md",)),
    ]
    cases = [
        Case(
            f"frontmatter-{name}",
            {**good, "lib/bad.md": text},
            "lib",
            mentions,
            frozenset({"good-1"}),
        )
        for name, text, mentions in bodies
    ]
    cases += [
        Case(
            "frontmatter-bom_before_front_matter",
            {**good, "lib/bom.md": "\ufeff---\nid: good-2\ntags: [a]\n---\nHello there.\n"},
            "lib",
            (),
            frozenset(GOOD),
            0,
            texts={"good-2": "Hello there."},
        ),
        Case(
            "frontmatter-crlf",
            {**good, "lib/crlf.md": "---\r\nid: good-2\r\n---\r\nHello there.\r\n"},
            "lib",
            (),
            frozenset(GOOD),
            0,
            texts={"good-2": "Hello there."},
        ),
        Case(
            "frontmatter-paired_translation_bad",
            {
                "lib/en/good-1.md": "Thank you for your order.\n",
                "lib/de/good-1.md": "---\ntags: 5\n---\nDanke.\n",
                "lib/en/good-2.md": "---\ntags: {x: 1}\n---\nBye.\n",
            },
            "lib",
            ("de/good-1.md:1", "en/good-2.md:1"),
            frozenset({"good-1"}),
        ),
        Case(
            "folder-unsupported_file_is_ignored",
            {**good, "lib/notes.docx": b"PK\x03\x04"},
            "lib",
            (),
            frozenset({"good-1"}),
            0,
        ),
        Case(
            "file-unsupported_suffix",
            {"bad.docx": b"PK\x03\x04"},
            "bad.docx",
            ("bad.docx", "unsupported file type"),
        ),
        Case(
            "folder-file_over_size_limit",
            {**good, "lib/big.md": "---\nid: big\n---\n" + "word " * 600},
            "lib",
            ("big.md", "limit"),
            frozenset({"good-1"}),
            config="[input]\nmax_file_mb = 0.002\n",
        ),
        Case(
            "folder-message_limit_configured",
            {**good, "lib/long.md": "---\nid: long\n---\n" + "word " * 100},
            "lib",
            ("long.md", "100 limit"),
            frozenset({"good-1"}),
            config="[input]\nmax_message_chars = 100\n",
        ),
    ]
    return cases


PO_HEADER = 'msgid ""\nmsgstr ""\n"Language: de\\n"\n\n'
PO_GOOD = "good-1"  # a .po unit whose msgctxt no other entry shares has that msgctxt as its id


def catalog_cases() -> list[Case]:
    """.po, XLIFF and i18next: their readers are being reworked; the contract is the same."""
    po_good = 'msgid ""\nmsgstr ""\n"Language: de\\n"\n\nmsgctxt "good-1"\nmsgid "Thanks."\nmsgstr "Danke."\n'
    xlf = (
        '<?xml version="1.0"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        '<file source-language="en" target-language="de" datatype="plaintext" original="x">'
        "<body>{units}</body></file></xliff>\n"
    )
    unit = '<trans-unit id="{id}"><source>{src}</source><target>{tgt}</target></trans-unit>'
    good_unit = unit.format(id="good-1", src="Thanks.", tgt="Danke.")
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "lol">'
        + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
        + ']>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file '
        'source-language="en" target-language="de" datatype="plaintext" original="x"><body>'
        '<trans-unit id="b"><source>&i;</source></trans-unit></body></file></xliff>\n'
    )
    xxe = (
        '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file '
        'source-language="en" target-language="de" datatype="plaintext" original="x"><body>'
        '<trans-unit id="x"><source>&e;</source></trans-unit></body></file></xliff>\n'
    )
    cases = [
        Case(
            "po-garbage",
            {"lib/bad.po": "this is not a catalogue\x00\x01", "lib/ok.po": po_good},
            "lib",
            ("bad.po",),
            frozenset({PO_GOOD}),
        ),
        Case(
            "po-not_utf8",
            {"lib/bad.po": 'msgid "caf\xe9"\nmsgstr ""\n'.encode("latin-1"), "lib/ok.po": po_good},
            "lib",
            ("bad.po",),
            frozenset({PO_GOOD}),
        ),
        Case(
            "po-msgid_over_limit",
            {"lib/bad.po": PO_HEADER + f'msgid "{BIG}"\nmsgstr "Zu lang."\n', "lib/ok.po": po_good},
            "lib",
            ("bad.po", "limit"),
            frozenset({PO_GOOD}),
        ),
        Case(
            "xliff-malformed",
            {"lib/bad.xlf": "<xliff><unclosed>", "lib/ok.xlf": xlf.format(units=good_unit)},
            "lib",
            ("bad.xlf",),
            frozenset({"good-1"}),
        ),
        Case(
            "xliff-not_xliff",
            {"lib/bad.xlf": "<html><body/></html>", "lib/ok.xlf": xlf.format(units=good_unit)},
            "lib",
            ("bad.xlf",),
            frozenset({"good-1"}),
        ),
        Case(
            "xliff-billion_laughs",
            {"lib/bad.xlf": bomb, "lib/ok.xlf": xlf.format(units=good_unit)},
            "lib",
            ("bad.xlf",),
            frozenset({"good-1"}),
        ),
        Case(
            "xliff-xxe",
            {"lib/bad.xlf": xxe, "lib/ok.xlf": xlf.format(units=good_unit)},
            "lib",
            (),
            frozenset({"good-1"}),
            0,
            absent=("root:",),  # the external entity is never resolved: nothing of it stored
        ),
        Case(
            "xliff-deep_nesting",
            {
                "lib/bad.xlf": xlf.format(
                    units=unit.format(
                        id="d", src="<g id='1'>" * 3000 + "x" + "</g>" * 3000, tgt="y"
                    )
                ),
                "lib/ok.xlf": xlf.format(units=good_unit),
            },
            "lib",
            ("bad.xlf",),
            frozenset({"good-1"}),
        ),
        Case(
            "xliff-comment_in_source",
            {
                "lib/bad.xlf": xlf.format(
                    units=unit.format(id="c", src="Hi <!-- note --> there", tgt="Hallo")
                ),
                "lib/ok.xlf": xlf.format(units=good_unit),
            },
            "lib",
            (),
            frozenset({"good-1", "c"}),
            0,
        ),
        Case(
            "xliff-pi_in_target",
            {
                "lib/bad.xlf": xlf.format(units=unit.format(id="p", src="Hi", tgt="Hal<?pi x?>lo")),
                "lib/ok.xlf": xlf.format(units=good_unit),
            },
            "lib",
            (),
            frozenset({"good-1", "p"}),
            0,
        ),
        Case(
            "xliff-entity_ref_in_source",
            {
                "lib/bad.xlf": '<?xml version="1.0"?>\n'
                '<!DOCTYPE x [<!ENTITY brand "Acme">]>\n'
                + xlf.split("\n", 1)[1].format(
                    units=unit.format(id="e", src="Hi &brand;", tgt="Hallo")
                ),
                "lib/ok.xlf": xlf.format(units=good_unit),
            },
            "lib",
            (),
            frozenset({"good-1", "e"}),
            0,
        ),
        Case(
            "i18next-deep_nesting",
            {
                "loc/en.json": '{"a": ' + '{"b": ' * 5000 + '"x"' + "}" * 5000 + "}",
                "ok.jsonl": GOOD_JSONL,
            },
            "loc",
            ("en.json",),
        ),
        Case(
            "i18next-invalid_json",
            {"loc/en.json": "{oops", "loc/de.json": "{}"},
            "loc",
            ("en.json",),
        ),
        Case(
            "i18next-no_source",
            {"loc/de.json": '{"a": "Hallo"}'},
            "loc",
            ("loc", "source language 'en'"),
        ),
        Case(
            "i18next-value_over_limit",
            {"loc/en.json": json.dumps({"good-1": "Thanks.", "big": BIG})},
            "loc",
            ("en.json", "limit"),
            frozenset({"good-1"}),
        ),
    ]
    return cases


def all_cases() -> list[Case]:
    return [
        *csv_cases(),
        *jsonl_cases(),
        *json_cases(),
        *yaml_cases(),
        *front_matter_cases(),
        *catalog_cases(),
    ]
