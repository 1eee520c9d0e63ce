"""`workbench roundtrip` end to end: real Apertium, the real pipeline, exit codes, output."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner, Result

from workbench.cli import main
from workbench.exit_codes import ExitCode


def run(*args: str, input: str | bytes | None = None) -> Result:
    return CliRunner().invoke(main, ["roundtrip", *args], input=input)


def one_line_error(result: Result) -> str:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


def test_help_documents_stdin_and_exit_codes() -> None:
    result = CliRunner().invoke(main, ["roundtrip", "--help"])
    assert result.exit_code == 0
    assert "standard input" in result.output
    for code in ("0", "2", "3"):
        assert f"  {code}  " in result.output


@pytest.mark.parametrize(
    ("args", "stdin", "expected"),
    [
        (["", "--to", "es"], None, "the draft is empty"),
        (["  \n\t ", "--to", "es"], None, "the draft is empty"),
        (["-", "--to", "es"], "   \n", "the draft is empty"),
        (["-", "--to", "es"], b"Hola \xff\xfe mundo", "not valid UTF-8"),
        (["Hello", "--to", "xx"], None, "unknown language code 'xx': expected a BCP 47 language tag"),
        (["Hello", "--to", "es,klingon"], None, "unknown language code 'klingon'"),
        (["Hello", "--to", "es", "--from", "zz"], None, "unknown language code 'zz'"),
        (["Hello", "--to", " , "], None, "no target language given"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    args: list[str], stdin: str | bytes | None, expected: str
) -> None:
    result = run(*args, input=stdin)
    assert result.exit_code == ExitCode.USAGE
    assert expected in one_line_error(result)


@pytest.mark.integration
def test_round_trip_into_spanish_as_json() -> None:
    draft = "Hi {{name}}, your package is at the house. See https://example.com/t/12 for details."
    result = run(draft, "--to", "es", "--format", "json")
    assert result.exit_code == ExitCode.OK, result.output + result.stderr
    [item] = json.loads(result.stdout)
    assert item["target"] == "es-ES" and item["text"] == draft
    assert "casa" in item["translation"] and "house" in item["back_translation"]
    for placeholder in ("{{name}}", "https://example.com/t/12"):
        assert placeholder in item["translation"] and placeholder in item["back_translation"]
    assert item["mt"]["forward"].startswith("apertium:eng-spa")
    assert item["mt"]["backward"].startswith("apertium:spa-eng")
    assert item["risk"]["level"] in ("low", "medium", "high")


@pytest.mark.integration
def test_text_report_from_stdin_with_pivots_and_an_unavailable_target() -> None:
    draft = "Thank you for your patience. Your order #12345 ships tomorrow.\nПривет, 日本語 ok."
    result = run("-", "--to", "pt-BR,fr,ja", input=draft)
    assert result.exit_code == ExitCode.OK, result.output + result.stderr
    out = result.stdout
    assert "Traceback" not in out + result.stderr
    for head in ("en → pt-BR", "en → fr-FR", "en → ja-JP"):
        assert head in out
    assert "apertium:eng-spa@" in out and "+apertium:es-pt_BR@" in out and "+apertium:es-fr@" in out
    # review.redact is on by default: the order number is replaced before MT (the MT cache is
    # in the database) and its placeholder survives both pivots.
    assert "#12345" not in out and "{order_id}" in out and "日本語" in out
    # the Japanese block says what could not be computed and how to get an engine
    ja = out[out.index("en → ja-JP") :]
    assert "not translated" in ja and "not computed:" in ja
    assert "no machine translation for en->ja" in ja
    assert "workbench models install en-ja" in " ".join(ja.split())


@pytest.mark.integration
def test_no_target_translatable_exits_3_with_the_report() -> None:
    result = run("Thanks for waiting.", "--to", "ja,ko", "--format", "json")
    assert result.exit_code == ExitCode.MODEL_UNAVAILABLE
    items = json.loads(result.stdout)
    assert [i["target"] for i in items] == ["ja-JP", "ko-KR"]
    assert all(i["translation"] is None and "translation" in i["unavailable"] for i in items)
    assert "no target could be translated (en->ja-JP, en->ko-KR)" in one_line_error(result)


@pytest.mark.integration
def test_a_draft_at_the_length_limit_is_translated_and_a_longer_one_refused() -> None:
    paragraph = "Your package will arrive tomorrow, {{name}}. We are sorry for the delay.\n"
    too_long = paragraph * (100_000 // len(paragraph) + 1)
    refused = run("-", "--to", "es", "--format", "json", input=too_long)
    assert refused.exit_code == ExitCode.USAGE
    assert "over the 20,000 limit (input.max_message_chars)" in one_line_error(refused)
    draft = paragraph * (19_900 // len(paragraph))
    result = run("-", "--to", "es", "--format", "json", input=draft)
    assert result.exit_code == ExitCode.OK, result.stderr
    [item] = json.loads(result.stdout)
    assert item["translation"].count("{{name}}") == draft.count("{{name}}")
    assert item["translation"].count("\n") == draft.count("\n")
    assert "mañana" in item["translation"]


def test_a_file_path_given_as_the_draft_is_refused_with_a_hint(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "reply.po"
    path.write_text('msgid "Hello"\nmsgstr ""\n', encoding="utf-8")
    result = run(str(path), "--to", "es")
    assert result.exit_code == ExitCode.USAGE
    error = one_line_error(result)
    assert "is a file, but roundtrip takes the reply text itself" in error
    assert f"workbench score {path}" in error
