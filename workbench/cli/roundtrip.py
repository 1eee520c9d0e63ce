"""`workbench roundtrip`: one draft through MT and back, with every score."""

from __future__ import annotations

import click

from workbench.cli import main
from workbench.cli.common import echo_json, get_config, handle_errors, read_text_arg
from workbench.errors import UsageError
from workbench.lang import parse_locale, parse_locales


@main.command()
@click.argument("text")
@click.option("--to", "targets", required=True, help="Target locales, comma-separated: es,pt-BR,fr.")
@click.option("--from", "source", default="en", show_default=True, help="Language of TEXT.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people, json for machines.",
)
@click.pass_context
@handle_errors
def roundtrip(ctx: click.Context, text: str, targets: str, source: str, fmt: str) -> None:
    """Translate TEXT into each target and back, and score the result.

    TEXT is the draft reply; use - to read it from standard input.
    """
    from workbench.service import Service

    draft = read_text_arg(text)
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
        return
    from workbench.report_text import render_roundtrip

    render_roundtrip(assessments)
