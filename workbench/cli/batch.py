"""`workbench score` and `workbench check`: whole template libraries, for people and for CI."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from workbench.cli import main
from workbench.cli.common import (
    check_writable,
    format_option,
    get_config,
    handle_errors,
    say_waiting,
    show_progress,
    write_output,
)
from workbench.exit_codes import ExitCode
from workbench.lang import parse_locale, parse_locales


def _targets(config_targets: list[str], to: str | None) -> list[str]:
    return [loc.with_default_region().tag for loc in parse_locales(to or config_targets)]


@contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int, str], None] | None]:
    """A rich progress bar on stderr when it is a terminal (and CI is unset); else nothing."""
    if not show_progress():
        yield None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        transient=True,
        console=_stderr_console(),
    ) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int, stage: str) -> None:
            bar.update(task, completed=done, total=total, description=f"{label} ({stage})")

        yield update


def _stderr_console():  # type: ignore[no-untyped-def]
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def _program() -> str:
    """How the user called us (".venv/bin/workbench" after make demo), for copyable hints."""
    called = sys.argv[0] if sys.argv else ""
    return called if Path(called).name == "workbench" else "workbench"


# How each report format treats control characters in template text (see write_output).
_OUTPUT_KIND = {"json": "json", "jsonl": "json", "sarif": "json", "text": "terminal"}
_OUTPUT_KIND["github"] = "terminal"  # workflow logs render escape sequences


def _write(text: str, out: str | None, fmt: str) -> None:
    write_output(text, out, kind=_OUTPUT_KIND.get(fmt, "data"))


def rule_options(fn: Callable) -> Callable:
    """--select / --ignore, like ruff's: which rules report findings in this run."""
    fn = click.option(
        "--ignore",
        "ignore",
        metavar="RULES",
        help="Comma-separated rule ids or prefixes to switch off, added to the config's ignore "
        "(e.g. idioms,meaning.entity).",
    )(fn)
    return click.option(
        "--select",
        "select",
        metavar="RULES",
        help="Comma-separated rule ids or prefixes to report, replacing the config's select "
        "and extend-select (e.g. placeholders,numbers,tags).",
    )(fn)


def _run(  # type: ignore[no-untyped-def]
    ctx: click.Context,
    paths: tuple[str, ...],
    to: str | None,
    store: bool,
    select: str | None = None,
    ignore: str | None = None,
    source_lang: str | None = None,
    target_lang: str | None = None,
):
    from workbench.config import select_rules
    from workbench.service import Service

    config = select_rules(get_config(ctx), select, ignore)
    targets = _targets(config.targets, to)
    source = parse_locale(source_lang).language if source_lang else None
    target = parse_locale(target_lang).with_default_region().tag if target_lang else None
    service = Service(config, on_lock_wait=say_waiting)
    with progress_bar("scoring") as progress:
        result = service.score_library(
            list(paths),
            targets,
            progress=progress,
            store=store,
            source_lang=source,
            target_lang=target,
        )
    return service, result


def language_options(fn):  # type: ignore[no-untyped-def]
    """--source-lang / --target-lang: override what catalogues (.po, XLIFF) declare."""
    fn = click.option(
        "--target-lang",
        metavar="TAG",
        help="Language of the translations in .po and XLIFF files, replacing what they "
        "declare (their header, target-language/trgLang, or their path), e.g. de-CH.",
    )(fn)
    return click.option(
        "--source-lang",
        metavar="TAG",
        help="Language of the drafts (default: config source_lang); also replaces the source "
        "language XLIFF files declare.",
    )(fn)


def _report_reading(result) -> None:  # type: ignore[no-untyped-def]
    """Skipped units and unreadable files, one line each kind, on stderr."""
    if result.skipped:
        reasons = ", ".join(f"{n} {why}" for why, n in result.skipped_by_reason().items())
        click.echo(f"skipped {len(result.skipped)} units: {reasons}", err=True)
    if result.problems:
        click.echo(f"{len(result.problems)} files could not be read", err=True)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option(
    "--to",
    help="Target locales, comma-separated (default: config targets), e.g. de-DE,ja-JP,pt-BR.",
)
@format_option(
    ["table", "json", "jsonl", "csv", "md", "html"],
    "Output: a summary table for people, or a report format.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False),
    help="Write the report to this file instead of standard output.",
)
@click.option(
    "--db",
    type=click.Path(dir_okay=False),
    help="Database to store results in "
    "(default: config db, $WORKBENCH_DB, or the user data folder).",
)
@click.option(
    "--no-store",
    is_flag=True,
    help="Do not store results in the database (by default the TUI can open them).",
)
@rule_options
@language_options
@click.pass_context
@handle_errors
def score(
    ctx: click.Context,
    paths: tuple[str, ...],
    to: str | None,
    fmt: str,
    out: str | None,
    db: str | None,
    no_store: bool,
    select: str | None,
    ignore: str | None,
    source_lang: str | None,
    target_lang: str | None,
) -> None:
    """Score a template library: folders, CSV, JSON(L), YAML, .po, XLIFF, i18next, Zendesk.

    Every template is round-tripped into each target (or its existing translation is checked),
    scored and stored so reviewers can open the results in `workbench review`. A catalogue's
    own language is its target; its untranslated units are counted, never sent elsewhere.
    Exits 2 when no input could be read.
    """
    from workbench.report import render

    check_writable(out)
    if db:
        get_config(ctx).db = str(Path(db).expanduser().resolve())
    service, result = _run(ctx, paths, to, not no_store, select, ignore, source_lang, target_lang)
    try:
        if fmt == "table":
            from workbench.report_text import render_summary

            render_summary(result)
        else:
            _write(render(fmt, result), out, fmt)
        if result.run_id is not None:
            db_path = service.config.db_path()
            click.echo(
                f"stored as run {result.run_id} in {db_path}; "
                f"review with: {_program()} review --db {db_path}",
                err=True,
            )
    finally:
        service.close()
    if fmt != "table":
        _report_reading(result)
    if result.all_unreadable:
        click.echo("error: no input could be read", err=True)
        ctx.exit(int(ExitCode.USAGE))


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option(
    "--to",
    help="Target locales to machine-translate into (default: config targets); "
    "given translations are always checked.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["medium", "high"]),
    default="high",
    show_default=True,
    help="Fail when a translation alone reaches this risk level.",
)
@click.option(
    "--max-drift",
    type=click.FloatRange(0, 1),
    default=None,
    help="Also fail when round-trip drift exceeds this (default: config risk.max_drift).",
)
@click.option(
    "--baseline",
    type=click.Path(dir_okay=False),
    help="Ignore findings recorded in this baseline file.",
)
@click.option(
    "--write-baseline",
    type=click.Path(dir_okay=False),
    help="Record every current finding in this file and exit 0 (adopt the gate on an old library).",
)
@format_option(
    ["text", "github", "junit", "sarif", "json"],
    "Report format: github prints workflow annotations.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False),
    help="Write the report to this file instead of standard output.",
)
@click.option(
    "--allow-missing-engines",
    is_flag=True,
    help="Do not exit 3 when a direction has no MT engine (the unchecked translations are "
    "still listed).",
)
@click.option(
    "--changed",
    is_flag=True,
    help="PATHS are changed files (as pre-commit passes them): check the whole template "
    "library each belongs to, so a translation is read with its source; other files are "
    "left alone.",
)
@click.option(
    "--allow-unreadable",
    is_flag=True,
    help="Do not exit 2 when some files could not be read (they are still listed).",
)
@rule_options
@language_options
@click.pass_context
@handle_errors
def check(
    ctx: click.Context,
    paths: tuple[str, ...],
    to: str | None,
    fail_on: str,
    max_drift: float | None,
    baseline: str | None,
    write_baseline: str | None,
    fmt: str,
    out: str | None,
    allow_missing_engines: bool,
    changed: bool,
    allow_unreadable: bool,
    select: str | None,
    ignore: str | None,
    source_lang: str | None,
    target_lang: str | None,
) -> None:
    """Gate reply templates in CI.

    Exit codes: 0 clean; 1 translations over the gate; 2 usage, config or unreadable
    templates (unless --allow-unreadable); 3 a required MT engine is missing, so some
    translations could not be produced or their meaning not checked (given translations are
    back-translated).
    """
    from workbench.gate import evaluate_gate, load_baseline
    from workbench.gate import write_baseline as save_baseline
    from workbench.report import render

    check_writable(out)
    check_writable(write_baseline, "--write-baseline")
    if changed:
        from workbench.libraries import libraries

        roots, _ = libraries(paths, get_config(ctx).source_lang)
        if not roots:
            click.echo("workbench check: no template files among the changed files", err=True)
            return
        click.echo(f"checking {', '.join(str(r) for r in roots)}", err=True)
        paths = tuple(str(r) for r in roots)
    service, result = _run(ctx, paths, to, False, select, ignore, source_lang, target_lang)
    try:
        if write_baseline:
            n = save_baseline(write_baseline, result.assessments)
            click.echo(f"wrote {n} fingerprints to {write_baseline}", err=True)
            return
        config = service.config
        gate = evaluate_gate(
            result.assessments,
            service.pipeline.risk_policy,
            fail_on=fail_on,
            max_drift=max_drift if max_drift is not None else config.risk.max_drift,
            baseline=load_baseline(baseline) if baseline else None,
        )
        _write(render(fmt, result, gate), out, fmt)
    finally:
        service.close()
    if fmt != "text":
        _report_reading(result)
    if not gate.passed:
        ctx.exit(int(ExitCode.RISK_FOUND))
    if gate.missing_engines and not allow_missing_engines:
        ctx.exit(int(ExitCode.MODEL_UNAVAILABLE))
    if result.problems and not allow_unreadable:
        ctx.exit(int(ExitCode.USAGE))
