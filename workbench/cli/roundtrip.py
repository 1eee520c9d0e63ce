"""`workbench roundtrip`: one draft through MT and back, with every score."""

from __future__ import annotations

from pathlib import Path

import click

from workbench.cli import main
from workbench.cli.common import (
    echo_json,
    format_option,
    get_config,
    handle_errors,
    read_text_arg,
)
from workbench.errors import ModelUnavailableError, UsageError
from workbench.lang import parse_locale, parse_locales


@main.command()
@click.argument("text")
@click.option(
    "--to",
    "targets",
    required=True,
    help="Target locales, comma-separated: es,pt-BR,fr (a bare code takes its usual region).",
)
@click.option(
    "--from", "source", default="en", show_default=True, help="Language of TEXT, e.g. en or es."
)
@format_option(
    ["text", "json"],
    "text for people, json for machines (a list with one object per target).",
)
@click.pass_context
@handle_errors
def roundtrip(ctx: click.Context, text: str, targets: str, source: str, fmt: str) -> None:
    """Translate TEXT into each target and back, and score the result.

    TEXT is the draft reply; use - to read it from standard input (UTF-8). Placeholders such
    as {{name}}, %s, URLs and order numbers are protected from machine translation. Nothing
    is queued for review. A target without an installed engine is still reported, with the
    signals that could not be computed and how to install the engine.

    \b
    Exit codes:
      0  every target was translated (whatever the risk; use `workbench check` to gate)
      2  bad arguments or input: empty text, unknown language, invalid UTF-8
      3  no target could be translated (no engine installed for any of them)
    """
    from workbench.service import Service

    if text != "-" and " " not in text and Path(text).is_file():
        # a path typed where the reply goes would be translated as text, silently
        raise UsageError(
            f"{text} is a file, but roundtrip takes the reply text itself: use "
            f"'- < {text}' to read it, or 'workbench score {text}' for a template library"
        )
    draft = read_text_arg(text)
    if _has_surrogates(draft):
        raise UsageError("TEXT is not valid UTF-8; pass the draft as UTF-8 text or with -")
    if not draft.strip():
        raise UsageError("the draft is empty; give the reply text (or - for standard input)")
    source_lang = parse_locale(source).language
    locales = [loc.tag for loc in parse_locales(targets)]
    service = Service(get_config(ctx))
    try:
        assessments = service.roundtrip(draft, locales, source_lang=source_lang)
    finally:
        service.close()
    if fmt == "json":
        echo_json([a.to_dict() for a in assessments])
    else:
        from workbench.report_text import render_roundtrip

        render_roundtrip(assessments)
    if assessments and all(a.item.translation is None for a in assessments):
        pairs = ", ".join(f"{a.item.message.source_lang}->{a.item.target}" for a in assessments)
        raise ModelUnavailableError(
            f"no target could be translated ({pairs}); the report above says what to install"
        )


def _has_surrogates(text: str) -> bool:
    # Arguments that were not valid UTF-8 reach Python as lone surrogates (surrogateescape).
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
