"""The review queue: every queued item, riskiest first, filtered and searched in pages."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Header, Input, Select, Static
from textual.worker import get_current_worker

from workbench.messages import QueueChanged, RunFinished
from workbench.models import LEVELS, QUEUE_STATUSES, QueueRow
from workbench.terminal_text import middle
from workbench.widgets.highlight import level_text, visible
from workbench.widgets.status import StatusBar

PAGE_SIZE = 200  # rows per query; more pages load as the cursor nears the end
PREFETCH = 40  # rows before the end at which the next page is fetched
SEARCH_DELAY = 0.25  # seconds of quiet typing before the search runs
ID_WIDTH = 20  # template ids longer than this are cut in the middle
LETTER_ACTIONS = ("search", "sort", "compose", "run_file", "reload", "quit")  # keys type text
STATUS_STYLES = {
    "queued": "",
    "released": "",
    "claimed": "cyan",
    "approved": "green",
    "rejected": "red",
    "escalated": "magenta",
}


def age(created: str, now: datetime) -> str:
    """How long ago `created` (ISO 8601) was at `now`, in the largest whole unit: 5m, 3h, 2d."""
    try:
        then = datetime.fromisoformat(created)
    except ValueError:
        return "?"
    if then.tzinfo is None:
        then = then.replace(tzinfo=UTC)
    seconds = max(0, int((now - then).total_seconds()))
    for size, unit in ((86400, "d"), (3600, "h"), (60, "m")):
        if seconds >= size:
            return f"{seconds // size}{unit}"
    return "now"


def row_cells(row: QueueRow, now: datetime) -> tuple[Any, ...]:
    """The table cells of one queue row at `now` (the service clock, so ages are reproducible);
    template text is data, so it is never markup."""
    status = Text(row.status, STATUS_STYLES.get(row.status, ""))
    if row.claimed_by and row.status == "claimed":
        status.append(f" {visible(row.claimed_by)}", "dim")
    level = level_text(row.level)
    if row.sensitive:
        level.append(" !", "bold magenta")  # a sensitive topic: always reviewed
    return (
        level,
        f"{row.score:.2f}",
        Text(visible(row.target)),  # DataTable reads plain strings as markup
        Text(middle(visible(row.template_id), ID_WIDTH)),
        Text(visible(row.first_line)),
        Text(visible(row.top_reason)),
        status,
        age(row.created, now),
    )


class QueueScreen(Screen[None]):
    """The start screen: it reads the store only, so it shows before any model loads."""

    SUB_TITLE = "Review queue"
    BINDINGS = [
        Binding("enter", "open", "Open", priority=True),
        Binding("slash", "search", "Search", key_display="/"),
        Binding("o", "sort", "Sort", tooltip="Sort by risk or by age"),
        Binding("c", "compose", "Compose"),
        Binding("f", "run_file", "Run file", tooltip="Score a file of messages into the queue"),
        Binding("g", "reload", "Reload"),
        Binding("escape", "leave_search", "Back to the table"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[QueueRow] = []
        self.exhausted = False
        self.fetching = False  # not `loading`: Screen.loading would cover the screen and drop focus
        self.sort = "risk"
        self._search_timer: Timer | None = None
        self.query_generation = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield StatusBar()
        with Horizontal(id="filters"):
            yield Select[str]([], prompt="language", id="f-language", compact=True)
            yield Select[str](
                [(level, level) for level in reversed(LEVELS)],
                prompt="level",
                id="f-level",
                compact=True,
            )
            yield Select[str](
                [("open", "open"), ("all", "all")] + [(s, s) for s in QUEUE_STATUSES],
                value="open",
                allow_blank=False,
                id="f-status",
                compact=True,
            )
            yield Input(placeholder="/ search text, id or reason", id="search", compact=True)
        yield DataTable(id="queue", cursor_type="row", zebra_stripes=True)
        yield Static(id="queue-info")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        table = self.query_one("#queue", DataTable)
        # Fixed widths that fit 120 columns; at 80 the table scrolls sideways.
        for label, key, width in (
            ("level", "level", 8),
            ("score", "score", 5),
            ("lang", "lang", 5),
            ("message", "message", ID_WIDTH),
            ("first line", "first", 30),
            ("top reason", "reason", 20),
            ("status", "status", 9),
            ("age", "age", 4),
        ):
            table.add_column(label, key=key, width=width)
        table.focus()
        self.app.update_status(self)  # type: ignore[attr-defined]
        self.reload()
        self.load_languages()

    def on_screen_resume(self) -> None:
        self.app.update_status(self)  # type: ignore[attr-defined]
        if self.rows:  # a decision may have changed statuses while another screen was open
            self.reload(keep_cursor=True)

    # -- loading in pages ----------------------------------------------------------------------
    def filters(self) -> dict[str, Any]:
        def value(selector: str) -> str | None:
            v = self.query_one(selector, Select).value
            return None if v is Select.NULL else str(v)

        search = self.query_one("#search", Input).value.strip()
        return {
            "language": value("#f-language"),
            "level": value("#f-level"),
            "status": value("#f-status"),
            "search": search or None,
            "sort": self.sort,
        }

    def reload(self, keep_cursor: bool = False) -> None:
        """Start again from the first page with the current filters."""
        self.query_generation += 1
        self._cursor_after_reload = (
            self.query_one("#queue", DataTable).cursor_row if keep_cursor else 0
        )
        self.exhausted = False
        self._load(self.query_generation, 0, self.filters(), reset=True)

    def _load(self, generation: int, offset: int, filters: dict[str, Any], reset: bool) -> None:
        self.fetching = True
        self._info(loading=True)
        self.fetch_page(generation, offset, filters, reset)

    @work(thread=True, exclusive=True, group="queue-page", exit_on_error=False)
    def fetch_page(
        self, generation: int, offset: int, filters: dict[str, Any], reset: bool
    ) -> None:
        service = self.app.service  # type: ignore[attr-defined]
        try:
            # One row more than a page: whether another page exists is known, not guessed
            # (a queue of exactly PAGE_SIZE items is not "200+").
            rows = service.list_queue(limit=PAGE_SIZE + 1, offset=offset, **filters)
            message = RunFinished("page", result=(generation, offset, rows, reset))
        except Exception as exc:  # noqa: BLE001 - e.g. database busy: shown, the UI carries on
            message = RunFinished("page", result=(generation, offset, [], reset), error=str(exc))
        if not get_current_worker().is_cancelled:
            self.post_message(message)

    @on(RunFinished)
    def _page(self, event: RunFinished) -> None:
        if event.kind == "languages":
            self._languages(event)
            return
        if event.kind != "page":
            return
        generation, offset, rows, reset = event.result
        if generation != self.query_generation:
            return  # an older query finished after a newer one started
        self.fetching = False
        if not event.ok:
            self.app.notify(f"Cannot read the queue: {event.error}", severity="error", timeout=8)
            self._info()
            return
        table = self.query_one("#queue", DataTable)
        if reset:
            self.rows = []
            table.clear()
        self.exhausted = len(rows) <= PAGE_SIZE
        rows = rows[:PAGE_SIZE]
        self.rows.extend(rows)
        now = self.app.service.now()  # type: ignore[attr-defined]
        table.add_rows([row_cells(r, now) for r in rows])
        if reset and self._cursor_after_reload and table.row_count:
            table.move_cursor(row=min(self._cursor_after_reload, table.row_count - 1))
        self._info()

    def _info(self, loading: bool = False) -> None:
        text = Text()
        text.append(f"{len(self.rows)}{'' if self.exhausted else '+'} items", "bold")
        text.append(f"  sorted by {self.sort}", "dim")
        if loading:
            text.append("  loading…", "italic yellow")
        elif not self.rows:
            text.append("  nothing matches — change the filters, or score a file with f", "dim")
        self.query_one("#queue-info", Static).update(text)

    @on(DataTable.RowHighlighted, "#queue")
    def _near_end(self, event: DataTable.RowHighlighted) -> None:
        if self.exhausted or self.fetching:
            return
        if event.cursor_row >= len(self.rows) - PREFETCH:
            self._load(self.query_generation, len(self.rows), self.filters(), reset=False)

    @work(thread=True, exclusive=True, group="queue-languages", exit_on_error=False)
    def load_languages(self) -> None:
        try:
            stats = self.app.service.stats()  # type: ignore[attr-defined]
            self.post_message(RunFinished("languages", result=sorted(stats.by_language)))
        except Exception as exc:  # noqa: BLE001
            self.post_message(RunFinished("languages", error=str(exc)))

    def _languages(self, event: RunFinished) -> None:
        if event.ok:
            select = self.query_one("#f-language", Select)
            select.set_options([(lang, lang) for lang in event.result])

    # -- filters and search --------------------------------------------------------------------
    @on(Select.Changed)
    def _filter(self) -> None:
        self.reload()

    @on(Input.Changed, "#search")
    def _typed(self) -> None:
        # Incremental: wait for a short pause in typing, then query in a worker.
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(SEARCH_DELAY, self.reload)

    @on(Input.Submitted, "#search")
    def _search_done(self) -> None:
        # Enter runs the search now (no need to wait for the typing pause) and goes to the table.
        if self._search_timer is not None:
            self._search_timer.stop()
            self._search_timer = None
            self.reload()
        self.query_one("#queue", DataTable).focus()

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_leave_search(self) -> None:
        """Esc in the search box cancels the search: the box is cleared, the table refilled."""
        search = self.query_one("#search", Input)
        if search.value:
            search.value = ""  # its Changed event reloads the table
        self.query_one("#queue", DataTable).focus()

    def action_sort(self) -> None:
        self.sort = "age" if self.sort == "risk" else "risk"
        self.reload()

    def action_reload(self) -> None:
        self.reload(keep_cursor=True)
        self.load_languages()
        self.app.refresh_counts()  # type: ignore[attr-defined]

    # -- opening -----------------------------------------------------------------------------
    @on(DataTable.RowSelected, "#queue")
    def _selected(self, event: DataTable.RowSelected) -> None:
        self._open(event.cursor_row)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Enter opens an item from the table; in the search box or a filter it keeps its own job.
        if action == "open":
            return self.focused is None or isinstance(self.focused, DataTable)
        # While typing a search, letters are text: the footer offers only Esc back to the table.
        typing = isinstance(self.focused, Input)
        if action == "leave_search":
            return typing
        if action in LETTER_ACTIONS:
            return not typing
        return True

    async def action_quit(self) -> None:
        await self.app.action_quit()  # type: ignore[attr-defined]

    def action_open(self) -> None:
        self._open(self.query_one("#queue", DataTable).cursor_row)

    def _open(self, index: int) -> None:
        if not (0 <= index < len(self.rows)):
            return
        from workbench.screens.review import ReviewScreen

        # More pages may exist: the review screen says it walks only the rows loaded so far.
        self.app.push_screen(ReviewScreen([r.id for r in self.rows], index, self.exhausted))

    def action_compose(self) -> None:
        from workbench.screens.compose import ComposeScreen

        self.app.push_screen(ComposeScreen())

    def action_run_file(self) -> None:
        from workbench.screens.run import RunScreen

        self.app.push_screen(RunScreen())

    def on_queue_changed(self, _: QueueChanged) -> None:
        self.reload(keep_cursor=True)
