"""`workbench queue …`: list, claim, decide, export and purge the review queue."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from workbench.cli import main
from workbench.cli.common import (
    ITEM_ID,
    SQLITE_MAX_INT,
    check_writable,
    db_option,
    echo_json,
    get_config,
    handle_errors,
    require_database,
    say_waiting,
    table_or_json,
    write_output,
)
from workbench.errors import UsageError
from workbench.terminal_text import middle, visible, visible_line

if TYPE_CHECKING:
    from workbench.models import QueueRow, ReviewItem
    from workbench.service import Service

TEMPLATE_WIDTH = 32  # characters of a template id in `queue list`
_DURATION = re.compile(r"^\s*(\d+)\s*([smhdw])\s*$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_duration(text: str) -> timedelta:
    """'30d', '12h', '2w', '45m', '90s' -> timedelta."""
    match = _DURATION.match(text)
    if not match:
        raise UsageError(
            f"cannot read duration {text!r}; use a number and a unit: s, m, h, d or w (e.g. 30d)"
        )
    try:
        return timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})
    except OverflowError:
        raise UsageError(
            f"duration {text.strip()!r} is too long; at most {timedelta.max.days:,} days"
        ) from None


@main.group()
def queue() -> None:
    """Work the review queue: list, show, claim, approve, reject, escalate, export, purge.

    Every decision is stored with the reviewer's name and time and is never overwritten.
    """


def _common(fn: Callable[..., Any]) -> Callable[..., Any]:
    """--db and --format on every queue command; the service is opened and closed here."""

    @db_option
    @table_or_json
    @click.pass_context
    @handle_errors
    @functools.wraps(fn)
    def wrapper(ctx: click.Context, db: str | None, fmt: str, **kwargs: Any) -> Any:
        with _service(ctx, db) as service:
            return fn(service=service, fmt=fmt, **kwargs)

    return wrapper


_reviewer_option = click.option(
    "--reviewer",
    default=None,
    help="Name stored with the decision (default: review.reviewer from config, else login name).",
)


@contextmanager
def _service(ctx: click.Context, db: str | None) -> Iterator[Service]:
    from workbench.service import Service

    config = get_config(ctx)
    if db:
        config.db = str(Path(db).expanduser().resolve())
    require_database(config)
    service = Service(config, on_lock_wait=say_waiting)
    try:
        yield service
    finally:
        service.close()


def _who(service: Service, reviewer: str | None) -> str:
    from workbench.service import default_reviewer

    return reviewer or default_reviewer(service.config)


# -- output ---------------------------------------------------------------------------------------
def _console():  # type: ignore[no-untyped-def]
    from rich.console import Console

    # Customer text is data: never read as markup, never highlighted.
    return Console(markup=False, highlight=False, emoji=False, soft_wrap=False)


def _print_rows(rows: list[QueueRow]) -> None:
    from rich.table import Table
    from rich.text import Text

    if not rows:
        click.echo("no items match")
        return
    # id, level, score, status and target always show in full; a template id longer than
    # TEMPLATE_WIDTH is cut in the middle (similar ids stay distinct); message and reason share
    # what is left of the terminal, wrapped, so no long value squeezes the others out.
    cells = []
    for r in rows:
        status = f"{r.status} ({middle(r.claimed_by, 24)})" if r.claimed_by else r.status
        level = r.level + (" !" if r.sensitive else "")
        fixed = (str(r.id), level, f"{r.score:.2f}", status, r.target)
        template = middle(visible_line(r.template_id), TEMPLATE_WIDTH)
        cells.append([*(visible_line(v) for v in fixed), template, r.first_line, r.top_reason])
    names = ["id", "level", "score", "status", "target", "template", "message", "reason"]
    widths = [max(len(names[i]), *(len(c[i]) for c in cells)) for i in range(6)]
    console = _console()
    free = console.width - sum(widths[:5]) - 2 * (len(names) - 1)  # after the fixed columns
    widths[5] = min(widths[5], max(8, free - 30))  # the template gives way first
    for row in cells:
        row[5] = middle(row[5], widths[5])
    room = max(free - widths[5], 10)
    text_widths = [max(room * 3 // 5, 5), max(room - room * 3 // 5, 5)]
    table = Table(box=None, pad_edge=False)
    for name, width in zip(names[:6], widths, strict=True):
        table.add_column(name, no_wrap=True, overflow="ellipsis", width=width)
    for name, width in zip(names[6:], text_widths, strict=True):  # wrapped, long words folded
        table.add_column(name, overflow="fold", width=width)
    for row in cells:
        table.add_row(*(Text(v) for v in row[:6]), *(Text(_cut(visible_line(v))) for v in row[6:]))
    console.print(table)


def _cut(text: str, most: int = 160) -> str:
    """A message or reason in the list: enough to recognise it (queue show has it all)."""
    return text if len(text) <= most else text[: most - 1] + "…"


def _print_item(item: ReviewItem) -> None:
    from rich.text import Text

    a = item.assessment
    risk = a.risk
    lines = [
        f"item {item.id}  {item.status}"
        + (f" by {item.claimed_by} until {item.claim_expires}" if item.claimed_by else ""),
        f"template {a.item.message.id}  {a.item.message.source_lang} -> {a.item.target}",
        f"risk {risk.level} {risk.score:.2f}" if risk else "risk not assessed",
    ]
    if risk:
        lines += [f"  - {reason}" for reason in risk.reasons]
    lines += [
        "source:",
        f"  {a.item.message.text}",
        "translation:",
        f"  {a.item.translation if a.item.translation is not None else '(none: no engine)'}",
        "back-translation:",
        f"  {a.item.back_translation if a.item.back_translation is not None else '(none)'}",
    ]
    if a.findings:
        lines.append("findings:")
        lines += [
            f"  {f.severity:7} {f.rule_id}: {f.message} [{f.field} {f.span[0]}-{f.span[1]}]"
            for f in a.findings
        ]
    if item.decisions:
        lines.append("history:")
        for d in item.decisions:
            extra = f": {d.note}" if d.note else ""
            if d.after is not None:
                extra += f" -> {d.after!r}"
            lines.append(f"  {d.at}  {d.reviewer}  {d.action}{extra}")
    console = _console()
    for line in lines:
        console.print(Text(visible(line)))


def _show(item: ReviewItem | None, fmt: str, empty: str = "nothing to claim") -> None:
    if fmt == "json":
        echo_json(item.to_dict() if item else None)
    elif item is None:
        click.echo(empty)
    else:
        _print_item(item)


# -- commands -------------------------------------------------------------------------------------
@queue.command("list")
@click.option("--language", default=None, help="Target language (es) or locale (es-MX).")
@click.option("--level", default=None, help="Risk levels, comma-separated: low, medium, high.")
@click.option(
    "--status",
    default="open",
    show_default=True,
    help="open (queued, released, claimed), all, or one of queued, claimed, approved, "
    "rejected, escalated, released (comma-separated).",
)
@click.option("--template", default=None, help="Template id; * and ? are wildcards.")
@click.option("--search", default=None, help="Text that the message, translation or id contains.")
@click.option(
    "--sort",
    type=click.Choice(["risk", "age"]),
    default="risk",
    show_default=True,
    help="risk: highest first; age: oldest first.",
)
@click.option(
    "--limit",
    type=click.IntRange(1, SQLITE_MAX_INT),
    default=50,
    show_default=True,
    help="Rows to show.",
)
@click.option(
    "--offset",
    type=click.IntRange(0, SQLITE_MAX_INT),
    default=0,
    show_default=True,
    help="Rows to skip (for paging).",
)
@_common
def list_(service: Service, fmt: str, **filters: Any) -> None:
    """List queue items, highest risk first."""
    rows = service.list_queue(**filters)
    if fmt == "json":
        echo_json([r.to_dict() for r in rows])
    else:
        _print_rows(rows)


@queue.command()
@click.argument("item_id", type=ITEM_ID)
@_common
def show(service: Service, fmt: str, item_id: int) -> None:
    """Show ITEM_ID: texts, risk, findings and the whole decision history."""
    _show(service.get_item(item_id), fmt)


@queue.command()
@click.argument("item_id", type=ITEM_ID, required=False)
@_reviewer_option
@_common
def claim(service: Service, fmt: str, item_id: int | None, reviewer: str | None) -> None:
    """Claim ITEM_ID, or the highest-risk open item, for review.claim_minutes."""
    _show(service.claim(_who(service, reviewer), item_id), fmt)


@queue.command()
@click.argument("item_id", type=ITEM_ID)
@_reviewer_option
@_common
def release(service: Service, fmt: str, item_id: int, reviewer: str | None) -> None:
    """Hand a claimed item back to the queue."""
    _show(service.release(item_id, _who(service, reviewer)), fmt)


@queue.command()
@click.argument("item_id", type=ITEM_ID)
@click.option(
    "--edit",
    "edited",
    default=None,
    help="Approve this translation instead (it is back-translated and rescored first).",
)
@click.option(
    "--edit-file",
    type=click.File("rb"),
    default=None,
    help="Read the edited translation from this file (- for standard input).",
)
@click.option("--note", default=None, help="A note stored with the approval.")
@_reviewer_option
@_common
def approve(
    service: Service,
    fmt: str,
    item_id: int,
    edited: str | None,
    edit_file: Any,
    note: str | None,
    reviewer: str | None,
) -> None:
    """Approve ITEM_ID's translation, or an edited one."""
    if edited is not None and edit_file is not None:
        raise UsageError("give --edit or --edit-file, not both")
    if edit_file is not None:
        raw = edit_file.read()
        try:
            edited = raw.decode("utf-8").strip("\n")
        except UnicodeDecodeError as exc:
            raise UsageError(
                f"--edit-file {getattr(edit_file, 'name', '-')}: not valid UTF-8 (byte {exc.start})"
            ) from None
    if edited is not None and not edited.strip():
        raise UsageError("the edited translation is empty")
    _show(service.approve(item_id, _who(service, reviewer), edited, note), fmt)


@queue.command()
@click.argument("item_id", type=ITEM_ID)
@click.option("--reason", required=True, help="Why it must not be sent (stored with the decision).")
@_reviewer_option
@_common
def reject(service: Service, fmt: str, item_id: int, reason: str, reviewer: str | None) -> None:
    """Reject ITEM_ID: the translation must not be sent."""
    _show(service.reject(item_id, _who(service, reviewer), reason), fmt)


@queue.command()
@click.argument("item_id", type=ITEM_ID)
@click.option("--reason", required=True, help="What a senior reviewer should look at.")
@_reviewer_option
@_common
def escalate(service: Service, fmt: str, item_id: int, reason: str, reviewer: str | None) -> None:
    """Escalate ITEM_ID to a senior reviewer."""
    _show(service.escalate(item_id, _who(service, reviewer), reason), fmt)


@queue.command()
@click.argument("item_id", type=ITEM_ID)
@click.argument("text")
@_reviewer_option
@_common
def note(service: Service, fmt: str, item_id: int, text: str, reviewer: str | None) -> None:
    """Add a note to ITEM_ID's history (its status does not change)."""
    _show(service.note(item_id, _who(service, reviewer), text), fmt)


@queue.command()
@click.option(
    "--language", default=None, help="Target language (es) or locale (es-MX); .po needs one."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "csv", "po"]),
    default="json",
    show_default=True,
    help="json or csv rows, or a gettext .po catalog.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write to this file instead of standard output.",
)
@db_option
@click.pass_context
@handle_errors
def export(
    ctx: click.Context, language: str | None, fmt: str, out: str | None, db: str | None
) -> None:
    """Export approved translations (a reviewer's edit where there was one)."""
    check_writable(out)
    with _service(ctx, db) as service:
        text = service.export(language, fmt)
    write_output(text, out, kind="json" if fmt == "json" else "data")


@queue.command()
@_common
def stats(service: Service, fmt: str) -> None:
    """Counts by status, level, language and reviewer."""
    s = service.stats()
    if fmt == "json":
        echo_json(s.to_dict())
        return

    def line(title: str, counts: dict[str, int]) -> str:
        shown = "  ".join(f"{visible_line(k)} {v}" for k, v in counts.items())
        return f"{title:<10} " + (shown or "-")

    click.echo(f"{'items':<10} {s.total} in queue, {s.assessments} assessments, {s.runs} runs")
    click.echo(line("status", s.by_status))
    click.echo(line("open", s.by_level))
    click.echo(line("languages", s.by_language))
    click.echo(line("decided", s.decisions_by_reviewer))
    click.echo(f"{'oldest':<10} {s.oldest_open or '-'}")


@queue.command()
@click.option(
    "--older-than",
    "older_than",
    default=None,
    help="Delete messages older than this: a number and s, m, h, d or w (e.g. 30d).",
)
@click.option(
    "--customer",
    default=None,
    help="Delete everything of this customer (the id or e-mail given at submit; an "
    "e-mail also matches unredacted text).",
)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@_common
def purge(
    service: Service, fmt: str, older_than: str | None, customer: str | None, yes: bool
) -> None:
    """Delete stored messages and all that was derived from them (GDPR/LGPD retention and
    erasure), and report what was deleted. The purge itself is recorded."""
    age = parse_duration(older_than) if older_than else None
    if age is None and not customer:
        raise UsageError("purge needs --older-than or --customer (or both)")
    if not yes:
        click.confirm(
            "Delete these messages and their review history for good?", abort=True, err=True
        )
    report = service.purge(age, customer)
    if fmt == "json":
        echo_json(report.to_dict())
        return
    click.echo(
        f"purged ({report.criteria}): {report.messages} messages, {report.assessments} "
        f"assessments, {report.findings} findings, {report.queue_items} queue items, "
        f"{report.decisions} decisions, {report.translations} cached translations, "
        f"{report.derived} cached embeddings and scores"
    )
