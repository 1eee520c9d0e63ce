"""`workbench submit`: assess messages and put the risky ones in the review queue."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from workbench.cli import main
from workbench.cli.common import (
    db_option,
    echo_json,
    get_config,
    handle_errors,
    say_waiting,
    show_progress,
    table_or_json,
)
from workbench.errors import UsageError
from workbench.exit_codes import ExitCode
from workbench.models import Message
from workbench.terminal_text import visible_line

if TYPE_CHECKING:
    from workbench.corpus.limits import ReadLimits
    from workbench.corpus.types import Corpus
    from workbench.models import SubmitResult

# Files with these suffixes go through the template-library readers (csv, po, xliff, …).
_PLAIN_SUFFIXES = {"", ".txt", ".text", ".md"}


def read_submission(source: str, source_lang: str, limits: ReadLimits | None = None) -> Corpus:
    """Messages from FILE or '-' (standard input): JSON Lines or plain-text paragraphs.

    Input whose first non-blank character is '{' is JSON Lines: one object per line with
    "text" and optionally "id", "source_lang", "target", "translation", "tags", "ignore",
    "customer". Anything else is plain text: one message per paragraph (paragraphs are
    separated by blank lines), with id "<file name>:<line>". Library files (.csv, .json,
    .yaml, .po, .xliff) are read by the template-library readers. A bad line or an over-long
    message is a problem of its own: the other messages are still returned.
    """
    from workbench.corpus.limits import DEFAULT_LIMITS, check_file, read_capped
    from workbench.corpus.reader import read_corpus, within_limits
    from workbench.corpus.types import Corpus, ReadError

    limits = limits or DEFAULT_LIMITS
    try:
        if source == "-":
            raw = read_capped(sys.stdin.buffer, limits, "standard input")
            name = "stdin"
        else:
            path = Path(source)
            if not path.exists():
                raise UsageError(f"{source} does not exist; give a file, a folder or -")
            if path.is_dir():
                return read_corpus([path], source_lang, limits)
            if path.suffix.lower() not in _PLAIN_SUFFIXES and path.suffix.lower() != ".jsonl":
                return read_corpus([path], source_lang, limits)
            check_file(path, limits)
            raw = path.read_bytes()
            name = str(path)
    except ReadError as exc:
        raise UsageError(f"{source}: {exc.reason}") from None
    except OSError as exc:
        raise UsageError(f"{source}: cannot read: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{name} is not valid UTF-8 (byte {exc.start})") from None
    if text.lstrip().startswith("{"):
        corpus = _read_jsonl(text, name, source_lang)
    else:
        corpus = Corpus(_read_paragraphs(text, name, source_lang), [], 1)
    return within_limits(corpus, limits)


def _read_jsonl(text: str, name: str, source_lang: str) -> Corpus:
    from workbench.corpus.records import record_to_message
    from workbench.corpus.types import Corpus, CorpusProblem, ReadError

    corpus = Corpus(files=1)
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            corpus.messages.append(
                record_to_message(
                    record,
                    default_id=f"{Path(name).name}:{n}",
                    source_lang=source_lang,
                    origin=name,
                    line=n,
                )
            )
        except json.JSONDecodeError as exc:
            corpus.problems.append(CorpusProblem(name, f"not valid JSON ({exc.msg})", n))
        except RecursionError:
            corpus.problems.append(CorpusProblem(name, "JSON nested too deeply", n))
        except ValueError as exc:  # an integer of more than 4,300 digits
            corpus.problems.append(CorpusProblem(name, f"not valid JSON ({exc})", n))
        except ReadError as exc:
            corpus.problems.append(CorpusProblem(name, exc.reason, n))
    return corpus


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
@click.argument("source", metavar="FILE|FOLDER|-")
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
    help="Replace e-mail addresses, phone numbers, card numbers, IBANs and order ids before "
    "anything is translated or stored (default: review.redact from config, on).",
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
    "<file name>:<line>". .csv, .json, .yaml, .po and .xliff files, and folders, are read
    like template libraries. A file or line that cannot be read is reported on its own line
    and the rest is still submitted (exit 2 at the end).

    Messages at or above risk.queue_level, and every sensitive one, are queued. Each batch is
    saved as it finishes: a submit that was interrupted resumes where it stopped when run
    again, and pairs already assessed are skipped.
    """
    from workbench.corpus.limits import ReadLimits
    from workbench.lang import parse_locale, parse_locales
    from workbench.service import Service

    config = get_config(ctx)
    if db:
        config.db = str(Path(db).expanduser().resolve())
    lang = parse_locale(source_lang).language if source_lang else config.source_lang
    read = read_submission(source, lang, ReadLimits.from_config(config))
    messages = read.messages
    if not messages:
        if read.problems:
            more = f" (and {len(read.problems) - 1} more)" if len(read.problems) > 1 else ""
            raise UsageError(f"{read.problems[0]}{more}")
        raise UsageError(f"{source} holds no messages")
    locales = [loc.tag for loc in parse_locales(targets)] if targets else None
    service = Service(config, on_lock_wait=say_waiting)
    try:
        with progress_bar("assessing") as progress:
            result = service.submit(messages, locales, progress=progress, redact=redact)
    finally:
        service.close()
    for problem in read.problems:
        shown = visible_line(str(problem))
        click.echo(f"error: {shown} (skipped; the other messages were stored)", err=True)
    if fmt == "json":
        echo_json(result.to_dict())
    else:
        _summary(result)
    if read.problems:
        ctx.exit(int(ExitCode.USAGE))


def _summary(result: SubmitResult) -> None:
    levels = ", ".join(f"{k} {v}" for k, v in sorted(result.by_level.items()))
    click.echo(
        f"run {result.run_id}: assessed {result.assessed}"
        + (f" ({levels})" if levels else "")
        + f", queued {result.queued}, skipped {result.skipped} already assessed"
        + (f", redacted {result.redacted}" if result.redacted else "")
    )
    for direction, n in sorted(result.missing_engines.items()):
        click.echo(
            f"no MT engine for {direction}: {n} assessment{'' if n == 1 else 's'} could not be "
            "fully checked "
            "(see `workbench models list` for how to install one)",
            err=True,
        )
