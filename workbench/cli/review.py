"""`workbench review`: the reviewer's terminal UI (or the same UI in a browser with --serve)."""

from __future__ import annotations

import contextlib
import os
import shlex
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from workbench.cli import main
from workbench.cli.common import get_config, handle_errors, require_database
from workbench.terminal_text import check_name

if TYPE_CHECKING:
    from workbench.service import Service


@main.command()
@click.option(
    "--db",
    "db",
    type=click.Path(dir_okay=False),
    default=None,
    help="Database to review (default: the configured one, $WORKBENCH_DB, or the user data"
    " folder).",
)
@click.option(
    "--reviewer",
    default=None,
    help="Name stored with every decision (default: review.reviewer from config, else login name).",
)
@click.option("--serve", is_flag=True, help="Serve the UI to a web browser (textual-serve).")
@click.option(
    "--host", default="localhost", show_default=True, help="Host to serve on with --serve."
)
@click.option(
    "--port", default=8000, show_default=True, type=int, help="Port to serve on with --serve."
)
@click.pass_context
@handle_errors
def review(
    ctx: click.Context,
    db: str | None,
    reviewer: str | None,
    serve: bool,
    host: str,
    port: int,
) -> None:
    """Open the review queue: read each risky message with its findings, then decide.

    Keys are shown in the footer; ? lists them all, Ctrl+P opens the command palette.
    """
    if reviewer is not None:
        # The name is shown in the status bar and stored with every decision: checked first.
        reviewer = check_name(reviewer)
    config = get_config(ctx)
    if db:
        config.db = str(Path(db).expanduser().resolve())
    require_database(config)
    if serve:
        _serve(ctx, config.db or None, reviewer, host, port)
        return
    # Textual is imported here, not at module level: the core and other commands stay light.
    from workbench.app import WorkbenchApp
    from workbench.service import Service, default_reviewer

    service = Service(config)
    service.store  # noqa: B018 - open the database now: a bad file is a one-line error, not a UI
    _release_claims_on_hangup(service)
    try:
        app = WorkbenchApp(service, reviewer or default_reviewer(config))
        app.run()
    finally:
        service.close()


def _release_claims_on_hangup(service: Service) -> None:
    """When the reviewer's terminal closes (SIGHUP) or the process is told to stop (SIGTERM:
    a closed browser tab under --serve), hand back the claims held, then exit at once: with
    no terminal left there is nothing to draw or restore."""

    def hang_up(signum: int, _frame: object) -> None:
        with contextlib.suppress(Exception):
            service.release_held_claims()
        os._exit(128 + signum)

    for sig in (signal.SIGHUP, signal.SIGTERM):
        signal.signal(sig, hang_up)


def _serve(ctx: click.Context, db: str | None, reviewer: str | None, host: str, port: int) -> None:
    from workbench.app import serve_in_browser

    # Each browser session runs its own `workbench review` process in a pseudo-terminal.
    command = [sys.executable, "-c", "from workbench.cli import main; main()"]
    root = ctx.find_root().params
    if root.get("config"):
        command += ["--config", str(Path(root["config"]).resolve())]
    command.append("review")
    if db:
        command += ["--db", db]
    if reviewer:
        command += ["--reviewer", reviewer]
    serve_in_browser(shlex.join(command), host, port)
