"""The `workbench` command line: a thin layer over workbench.service."""

from __future__ import annotations

from typing import Any

import click

from workbench import __version__


class _UsageLine(click.ClickException):
    """A bad option or argument, shown as one line on stderr (exit 2) like every other error."""

    exit_code = 2

    def __init__(self, error: click.UsageError) -> None:
        where = error.ctx.command_path if error.ctx else "workbench"
        super().__init__(f"{error.format_message()} (see {where} --help)")

    def show(self, file: object = None) -> None:
        from workbench.terminal_text import visible_line

        message = " ".join(self.format_message().split())  # click may wrap a hint over lines
        click.echo(f"error: {visible_line(message)}", err=True)  # it may quote an argument


class WorkbenchGroup(click.Group):
    """The command group: usage errors of any subcommand become one-line errors."""

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        try:
            return super().make_context(*args, **kwargs)
        except click.UsageError as exc:
            raise _UsageLine(exc) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            raise _UsageLine(exc) from None


@click.group(
    cls=WorkbenchGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option(
    "--config",
    type=click.Path(dir_okay=False),
    default=None,
    help="Config file (default: nearest workbench.toml or [tool.workbench] in pyproject.toml).",
)
@click.option("--debug", is_flag=True, help="Show full tracebacks instead of one-line errors.")
@click.version_option(__version__, prog_name="workbench")
@click.pass_context
def main(ctx: click.Context, config: str | None, debug: bool) -> None:
    """Check customer-support replies before machine translation reaches the customer.

    Round-trips drafts through machine translation, scores meaning drift and register,
    flags idioms, acronyms, placeholders and policy problems, and queues risky
    messages for a human reviewer.
    """
    ctx.ensure_object(dict)
    if ctx.invoked_subcommand is None:
        if _open_review(ctx):
            return
        click.echo(ctx.get_help())


def _open_review(ctx: click.Context) -> bool:
    """Bare `workbench` on a terminal opens the review UI when a database exists."""
    import sys

    from workbench.cli.common import get_config

    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return False
    if not get_config(ctx).db_path().exists():
        return False
    from workbench.cli.review import review

    ctx.invoke(review)
    return True


def _register() -> None:
    # Each face module adds its commands to `main`; heavy imports stay inside the commands.
    from workbench.cli import (
        batch,  # noqa: F401
        glossary,  # noqa: F401
        models,  # noqa: F401
        queue,  # noqa: F401
        review,  # noqa: F401
        roundtrip,  # noqa: F401
        submit,  # noqa: F401
    )


_register()
