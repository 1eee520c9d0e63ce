"""`workbench glossary`: lint glossary files and show what a glossary holds."""

from __future__ import annotations

import json

import click

from workbench.cli import main
from workbench.cli.common import echo_json, format_option, handle_errors
from workbench.exit_codes import ExitCode
from workbench.terminal_text import visible_line


@main.group()
def glossary() -> None:
    """Check and inspect the glossaries (idioms, acronyms, terms, locales, policy, ...)."""


@glossary.command("lint")
@click.argument("paths", nargs=-1, type=click.Path())
@format_option(
    ["text", "json"],
    "text: one 'file:line: severity: message' line per problem; json: a report object.",
)
@handle_errors
def lint_command(paths: tuple[str, ...], fmt: str) -> None:
    """Report every problem in glossary files, with file and line.

    PATHS are glossary files or folders (a kind folder such as idioms/, or a tree laid out
    like glossaries/); without PATHS the bundled glossaries are checked. Exits 2 when any
    error is found, 0 when there are none (warnings alone do not fail).
    """
    from workbench.glossary.lint import lint

    report = lint(list(paths))
    if fmt == "json":
        echo_json(report.to_dict())
    else:
        for problem in report.problems:
            click.echo(visible_line(str(problem)))
        click.echo(
            f"{len(report.files)} files, {report.entries} entries: "
            f"{len(report.errors)} errors, {len(report.warnings)} warnings",
            err=bool(report.problems),
        )
    if report.errors:
        click.get_current_context().exit(int(ExitCode.USAGE))


@glossary.command("show")
@click.argument("kind")
@click.argument("paths", nargs=-1, type=click.Path())
@format_option(
    ["text", "json"],
    "text: one line per entry (key and file:line); json: every entry with all its fields.",
)
@handle_errors
def show_command(kind: str, paths: tuple[str, ...], fmt: str) -> None:
    """List the entries of one glossary KIND (bundled, or in PATHS), e.g. `show idioms`."""
    from workbench.errors import UsageError
    from workbench.glossary.base import read_glossary_file
    from workbench.glossary.lint import VALIDATORS, discover, table

    if kind not in VALIDATORS:
        raise UsageError(f"unknown glossary kind {kind!r}; valid: {', '.join(VALIDATORS)}")
    rows = []
    for file_kind, path in discover(list(paths)):
        if file_kind != kind:
            continue
        for entry in read_glossary_file(path, table(kind)).entries:
            rows.append({"path": entry.path, "line": entry.line, **entry.data})
    if fmt == "json":
        # TOML may hold dates and times, which JSON has no type for: give them as text.
        echo_json(json.loads(json.dumps(rows, default=str)))
        return
    for row in rows:
        head = next((str(v) for k, v in row.items() if k not in ("path", "line")), "")
        detail = row.get("meaning") or row.get("expansion") or row.get("label") or ""
        where = f"{row['path']}:{row['line']}"
        click.echo("\t".join(visible_line(str(part)) for part in (head, detail, where)))
