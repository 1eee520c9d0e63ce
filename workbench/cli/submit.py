"""`workbench submit`: assess messages and put the risky ones in the review queue."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from workbench.cli import main
from workbench.cli.common import (
    db_option,
    echo_json,
    get_config,
    handle_errors,
    show_progress,
    table_or_json,
)
from workbench.errors import UsageError
from workbench.models import Message

# Files with these suffixes go through the template-library readers (csv, po, xliff, …).
_PLAIN_SUFFIXES = {"", ".txt", ".text", ".md"}


def read_submission(source: str, source_lang: str) -> list[Message]:
    """Messages from FILE or '-' (standard input): JSON Lines or plain-text paragraphs.

    Input whose first non-blank character is '{' is JSON Lines: one object per line with
    "text" and optionally "id", "source_lang", "target", "translation", "tags", "ignore",
    "customer". Anything else is plain text: one message per paragraph (paragraphs are
    separated by blank lines), with id "<file name>:<line>". Library files (.csv, .json,
    .yaml, .po, .xliff) are read by the template-library readers.
    """
    if source == "-":
        raw = sys.stdin.buffer.read()
        name = "stdin"
    else:
        path = Path(source)
        if not path.is_file():
            raise UsageError(f"{source} is not a file; give a file or - for standard input")
        if path.suffix.lower() not in _PLAIN_SUFFIXES and path.suffix.lower() != ".jsonl":
            return _read_library(path, source_lang)
        raw = path.read_bytes()
        name = str(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{name} is not valid UTF-8 (byte {exc.start})") from None
    if text.lstrip().startswith("{"):
        return _read_jsonl(text, name, source_lang)
    return _read_paragraphs(text, name, source_lang)


def _read_jsonl(text: str, name: str, source_lang: str) -> list[Message]:
    from workbench.corpus.records import record_to_message
    from workbench.corpus.types import ReadError

    messages = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            messages.append(
                record_to_message(
                    record,
                    default_id=f"{Path(name).name}:{n}",
                    source_lang=source_lang,
                    origin=name,
                    line=n,
                )
            )
        except json.JSONDecodeError as exc:
            raise UsageError(f"{name}:{n}: not valid JSON ({exc.msg})") from None
        except ReadError as exc:
            raise UsageError(f"{name}:{n}: {exc.reason}") from None
    return messages


def _read_paragraphs(text: str, name: str, source_lang: str) -> list[Message]:
    messages: list[Message] = []
    lines: list[str] = []
    start = 0
    for n, line in enumerate([*text.splitlines(), ""], 1):
        if line.strip():
            if not lines:
                start = n
            lines.append(line)
        elif lines:
            messages.append(
                Message(
                    id=f"{Path(name).name}:{start}",
                    text="\n".join(lines).strip(),
                    source_lang=source_lang,
                    origin=name,
                    line=start,
                )
            )
            lines = []
    return messages


def _read_library(path: Path, source_lang: str) -> list[Message]:
    from workbench.corpus.reader import read_corpus

    corpus = read_corpus([path], source_lang)
    if corpus.problems:
        more = f" (and {len(corpus.problems) - 1} more)" if len(corpus.problems) > 1 else ""
        raise UsageError(f"{corpus.problems[0]}{more}")
    return corpus.messages


@contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int, str], None] | None]:
    """A progress bar on stderr when it is a terminal (and CI is unset); else nothing."""
    if not show_progress():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int, stage: str) -> None:
            bar.update(task, completed=done, total=total, description=f"{label}: {stage}")

        yield update


@main.command()
@click.argument("source", metavar="FILE|-")
@click.option(
    "--to",
    "targets",
    default=None,
    help="Target locales, comma-separated (default: config targets); a message's own "
    '"target" wins.',
)
@click.option(
    "--from",
    "source_lang",
    default=None,
    help="Language of the messages (default: config source_lang).",
)
@click.option(
    "--redact/--no-redact",
    default=None,
    help="Replace e-mail addresses, phone numbers and order ids before anything is "
    "translated or stored (default: review.redact from config).",
)
@db_option
@table_or_json
@click.pass_context
@handle_errors
def submit(
    ctx: click.Context,
    source: str,
    targets: str | None,
    source_lang: str | None,
    redact: bool | None,
    db: str | None,
    fmt: str,
) -> None:
    """Assess messages and queue the risky ones for review.

    FILE (or - for standard input) is JSON Lines — one object per line such as
    {"id": "refund-1", "text": "...", "target": "de-DE", "translation": "...", "customer": "C-17"}
    — or plain text, where each paragraph (separated by a blank line) is one message with id
    "<file name>:<line>". .csv, .json, .yaml, .po and .xliff files are read like template
    libraries.

    Messages at or above risk.queue_level, and every sensitive one, are queued. Each batch is
    saved as it finishes: a submit that was interrupted resumes where it stopped when run
    again, and pairs already assessed are skipped.
    """
    from workbench.lang import parse_locale, parse_locales
    from workbench.service import Service

    config = get_config(ctx)
    if db:
        config.db = str(Path(db).expanduser().resolve())
    lang = parse_locale(source_lang).language if source_lang else config.source_lang
    messages = read_submission(source, lang)
    if not messages:
        raise UsageError(f"{source} holds no messages")
    locales = [loc.tag for loc in parse_locales(targets)] if targets else None
    service = Service(config)
    try:
        with progress_bar("assessing") as progress:
            result = service.submit(messages, locales, progress=progress, redact=redact)
    finally:
        service.close()
    if fmt == "json":
        echo_json(result.to_dict())
        return
    levels = ", ".join(f"{k} {v}" for k, v in sorted(result.by_level.items()))
    click.echo(
        f"run {result.run_id}: assessed {result.assessed}"
        + (f" ({levels})" if levels else "")
        + f", queued {result.queued}, skipped {result.skipped} already assessed"
        + (f", redacted {result.redacted}" if result.redacted else "")
    )
    for direction, n in sorted(result.missing_engines.items()):
        click.echo(
            f"no MT engine for {direction}: {n} assessments could not be fully checked "
            "(see `workbench models list` for how to install one)",
            err=True,
        )
