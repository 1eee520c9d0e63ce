"""Shared CLI plumbing: config loading, error reporting, output formats, progress."""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from workbench.config import Config, load_config
from workbench.errors import WorkbenchError
from workbench.exit_codes import ExitCode
from workbench.terminal_text import escape_json_controls, visible, visible_line

F = TypeVar("F", bound=Callable[..., Any])

# SQLite integers are signed 64-bit: a bigger number is a usage error at the option, not an
# OverflowError deep in a query.
SQLITE_MAX_INT = 2**63 - 1
ITEM_ID = click.IntRange(1, SQLITE_MAX_INT)


class Seconds(click.FloatRange):
    """A positive number of seconds, at most `most` (FloatRange alone lets NaN through)."""

    name = "seconds"

    def __init__(self, most: float) -> None:
        super().__init__(0, most, min_open=True)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = super().convert(value, param, ctx)
        if number != number:  # NaN compares unequal to itself
            self.fail(f"{value!r} is not a number of seconds", param, ctx)
        return number


def handle_errors(fn: F) -> F:
    """Turn WorkbenchError into one line on stderr and its exit code; Ctrl-C into 130."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        debug = bool(ctx.find_root().params.get("debug"))
        try:
            return fn(*args, **kwargs)
        except WorkbenchError as exc:
            if debug:
                raise
            # Messages may quote file names, ids or template text: one line, no live controls.
            click.echo(f"error: {visible_line(str(exc))}", err=True)
            ctx.exit(int(exc.exit_code))
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(int(ExitCode.INTERRUPTED))

    return wrapper  # type: ignore[return-value]


def get_config(ctx: click.Context) -> Config:
    """The config for this invocation (from --config or discovery), loaded once."""
    root = ctx.find_root()
    root.ensure_object(dict)
    if "config" not in root.obj:
        root.obj["config"] = load_config(root.params.get("config"))
    return root.obj["config"]


def show_progress() -> bool:
    """Progress bars on a terminal only: quiet when piped or when CI is set."""
    return sys.stderr.isatty() and not os.environ.get("CI")


def echo_json(data: Any) -> None:
    click.echo(escape_json_controls(json.dumps(data, ensure_ascii=False, indent=2)))


def write_output(text: str, out: str | None = None, *, kind: str = "data") -> None:
    """Write a command's output to the file `out`, or to standard output.

    kind "terminal": text made for people (tables, check's text, annotations): control
    characters are always shown as pictures, because logs and pagers interpret them too.
    kind "json": C1 and bidi controls escaped (the same JSON data), wherever it goes.
    kind "data" (csv, po, markdown, html, xml): exact bytes into files and pipes; on a
    terminal the control characters are shown as pictures.
    """
    if kind == "json":
        text = escape_json_controls(text)
    elif kind == "terminal" or (out is None and sys.stdout.isatty()):
        text = visible(text)
    if out:
        from pathlib import Path

        Path(out).write_text(text, encoding="utf-8")
        click.echo(f"wrote {out}", err=True)
    else:
        sys.stdout.write(text)


def read_text_arg(text: str) -> str:
    """TEXT, or standard input when TEXT is '-' (invalid UTF-8 is a usage error)."""
    if text != "-":
        return text
    from workbench.corpus.limits import read_capped
    from workbench.corpus.types import ReadError
    from workbench.errors import UsageError

    try:
        raw = read_capped(sys.stdin.buffer, name="standard input")
    except ReadError as exc:
        raise UsageError(exc.reason) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(f"standard input is not valid UTF-8 (byte {exc.start})") from None


def db_option(fn: F) -> F:
    """--db PATH, the database a command works on."""
    return click.option(
        "--db",
        type=click.Path(dir_okay=False),
        default=None,
        help="Database (default: the configured one, $WORKBENCH_DB, or the user data folder).",
    )(fn)


def format_option(choices: list[str], help: str) -> Callable[[F], F]:
    """--format with the given choices (the first is the default), stored as `fmt`."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=choices[0],
        show_default=True,
        help=help,
    )


table_or_json = format_option(["table", "json"], "table for people, json for machines.")


def require_database(config: Config) -> None:
    """Commands that read the queue must not create an empty database at a mistyped path."""
    from workbench.errors import UsageError

    path = config.db_path()
    if not path.is_file():
        raise UsageError(
            f"no workbench database at {path}; create one with `workbench score` or "
            "`workbench submit`, or pass --db with the right path"
        )


def check_writable(out: str | None, option: str = "--out") -> None:
    """Fail before the work, not after it, when the output file cannot be written."""
    import os
    from pathlib import Path

    from workbench.errors import UsageError

    if not out:
        return
    path = Path(out).expanduser()
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"{option} {out}: folder {folder} does not exist")
    if path.is_dir():
        raise UsageError(f"{option} {out} is a folder; give a file name")
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise UsageError(f"{option} {out}: permission denied")


def say_waiting(message: str) -> None:
    """Tell the person at the terminal what a command waits for (the database lock)."""
    click.echo(message, err=True)
