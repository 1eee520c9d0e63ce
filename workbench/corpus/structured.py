"""Record files: CSV, JSON (list, i18next locale files, Zendesk macros), JSONL and YAML."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from workbench.corpus.records import record_to_message
from workbench.corpus.types import Corpus, CorpusProblem, ReadError
from workbench.corpus.yamlsafe import load_yaml
from workbench.errors import UnknownLanguageError
from workbench.lang import parse_locale
from workbench.models import Message


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReadError(f"not valid UTF-8 (byte {exc.start})") from None


def _records(path: Path, records: Sequence[tuple[Any, int | None]], source_lang: str) -> Corpus:
    corpus = Corpus(files=1)
    for n, (record, line) in enumerate(records, 1):
        try:
            corpus.messages.append(
                record_to_message(
                    record,
                    default_id=f"{path.stem}:{n}",
                    source_lang=source_lang,
                    origin=str(path),
                    line=line,
                )
            )
        except ReadError as exc:
            corpus.problems.append(CorpusProblem(str(path), exc.reason, exc.line or line))
    return corpus


def read_csv(path: Path, source_lang: str) -> Corpus:
    text = _text(path)
    # The reader's file size limit already bounds a cell; csv's own 128 KiB cap would end the
    # whole file with "field larger than field limit" (a long cell is refused per message).
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    # newline="" keeps a quoted cell's line breaks; strict makes an unterminated quote an
    # error instead of swallowing every following row into one cell.
    rows = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    try:
        fieldnames = rows.fieldnames
    except csv.Error as exc:
        raise ReadError(f"invalid CSV header: {exc}", 1) from None
    if not fieldnames or "text" not in fieldnames:
        raise ReadError("a CSV library needs a header row with at least a 'text' column", 1)
    records: list[tuple[Any, int | None]] = []
    problems: list[CorpusProblem] = []
    start = rows.line_num + 1  # the line the next record starts on
    while True:
        try:
            row = next(rows)
        except StopIteration:
            break
        except csv.Error as exc:
            reason = (
                'unterminated quoted cell (a " that is never closed); '
                "the rest of the file was not read"
                if "end of data" in str(exc) or "EOF" in str(exc)
                else f"invalid CSV: {exc}"
            )
            problems.append(CorpusProblem(str(path), reason, start))
            break
        if None in row:  # more cells than columns
            problems.append(
                CorpusProblem(
                    str(path), f"{len(row[None])} more cell(s) than the header has columns", start
                )
            )
        else:
            records.append(({k: v for k, v in row.items() if v not in (None, "")}, start))
        start = rows.line_num + 1
    corpus = _records(path, records, source_lang)
    corpus.problems.extend(problems)
    return corpus


def _loads(raw: str) -> Any:
    try:
        return json.loads(raw)
    except RecursionError:
        raise ReadError("JSON nested too deeply") from None
    except json.JSONDecodeError:
        raise
    except ValueError as exc:  # an integer of more than 4,300 digits
        raise ReadError(f"invalid JSON: {exc}") from None


def read_jsonl(path: Path, source_lang: str) -> Corpus:
    corpus = Corpus(files=1)
    records = []
    for n, raw in enumerate(_text(path).splitlines(), 1):
        if not raw.strip():
            continue
        try:
            records.append((_loads(raw), n))
        except json.JSONDecodeError as exc:
            corpus.problems.append(CorpusProblem(str(path), f"invalid JSON: {exc.msg}", n))
        except ReadError as exc:
            corpus.problems.append(CorpusProblem(str(path), exc.reason, n))
    read = _records(path, records, source_lang)
    read.problems[:0] = corpus.problems
    return read


def read_yaml(path: Path, source_lang: str) -> Corpus:
    try:
        data = load_yaml(_text(path))
    except ReadError as exc:
        raise ReadError(f"invalid YAML: {exc.reason}", exc.line) from None
    if isinstance(data, dict) and isinstance(data.get("templates"), list):
        data = data["templates"]
    if not isinstance(data, list):
        raise ReadError("a YAML library is a list of templates (or a 'templates:' list)")
    return _records(path, [(r, None) for r in data], source_lang)


def read_json(path: Path, source_lang: str) -> Corpus:
    try:
        data = _loads(_text(path))
    except json.JSONDecodeError as exc:
        raise ReadError(f"invalid JSON: {exc.msg}", exc.lineno) from None
    if isinstance(data, dict) and isinstance(data.get("macros"), list):
        return read_zendesk(path, data["macros"], source_lang)
    if isinstance(data, dict) and isinstance(data.get("messages"), list):
        data = data["messages"]
    if isinstance(data, list):
        return _records(path, [(r, None) for r in data], source_lang)
    if isinstance(data, dict) and _is_locale_file(path):
        return Corpus(files=1)  # i18next locale files are read as a set by read_i18next
    raise ReadError(
        'unrecognised JSON library: expected a list of templates, {"messages": [...]}, '
        "a Zendesk macros export, or i18next locale files named like en.json"
    )


def _is_locale_file(path: Path) -> bool:
    try:
        parse_locale(path.stem)
        return True
    except UnknownLanguageError:
        return False


def read_zendesk(path: Path, macros: list[Any], source_lang: str) -> Corpus:
    """A Zendesk macros export: the comment text of each macro is a template."""
    corpus = Corpus(files=1)
    for n, macro in enumerate(macros, 1):
        if not isinstance(macro, dict):
            corpus.problems.append(CorpusProblem(str(path), f"macro {n} is not an object"))
            continue
        actions = macro.get("actions", [])
        if not isinstance(actions, list):
            corpus.problems.append(CorpusProblem(str(path), f"macro {n}: 'actions' is not a list"))
            continue
        comment = next(
            (
                a.get("value")
                for a in actions
                if isinstance(a, dict) and a.get("field") in ("comment_value", "comment_value_html")
            ),
            None,
        )
        if isinstance(comment, list):  # ["channel:all", "text"] form
            comment = comment[-1] if comment else None
        if not isinstance(comment, str) or not comment.strip():
            continue  # macros that only set fields have no reply text
        corpus.messages.append(
            Message(str(macro.get("id") or n), comment.strip(), source_lang, origin=str(path))
        )
    return corpus
