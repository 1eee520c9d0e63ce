"""The reviewer's terminal UI: a small Textual App; the screens own their handlers."""

from __future__ import annotations

import re
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import Input, TextArea
from textual.worker import get_current_worker

from workbench.errors import UsageError
from workbench.service import Service
from workbench.terminal_text import check_name, visible
from workbench.widgets.status import StatusBar

if TYPE_CHECKING:
    from workbench.screens.review import ReviewScreen

T = TypeVar("T")


class WorkbenchApp(App[None]):
    """Review queue, review, compose and run screens over one Service."""

    CSS_PATH = "workbench.tcss"
    TITLE = "workbench"
    BINDINGS = [
        Binding("question_mark", "help", "Help", key_display="?"),
        # In a text field "?" is text, so the footer offers F1 there instead.
        Binding("f1", "help_while_typing", "Help", key_display="F1"),
        Binding("ctrl+t", "toggle_dark", "Dark/light theme", show=False),
    ]

    def __init__(self, service: Service, reviewer: str, database: str | None = None) -> None:
        super().__init__()
        self.service = service
        self.reviewer = check_name(reviewer)  # shown in the status bar and stored with decisions
        self.database = database or str(service.config.db_path())
        self.counts: dict[str, int] | None = None
        # The pipeline builds its MT router and models lazily and is not safe to enter from two
        # threads at once; workers take turns on it while queue reads go straight to the store.
        self._pipeline_lock = threading.Lock()
        self._asking_to_quit = False

    def get_default_screen(self) -> Screen:
        from workbench.screens.queue import QueueScreen

        return QueueScreen()

    def on_mount(self) -> None:
        self.refresh_counts()

    def with_pipeline(self, fn: Callable[[], T]) -> T:
        """Run `fn` (which uses MT or scorers) while no other worker is inside the pipeline."""
        with self._pipeline_lock:
            return fn()

    # -- queue counts in the status bar ----------------------------------------------------------
    @work(thread=True, exclusive=True, group="counts")
    def refresh_counts(self) -> None:
        """Count the queue off the UI thread; a busy database only delays the numbers."""
        try:
            counts = self.service.queue_counts()
        except Exception as exc:  # noqa: BLE001 - any failure is shown, never raised into the UI
            self.call_from_thread(self.notify, f"Cannot count the queue: {exc}", severity="error")
            return
        if not get_current_worker().is_cancelled:
            self.call_from_thread(self._set_counts, counts)

    def _set_counts(self, counts: dict[str, int]) -> None:
        self.counts = counts
        self.update_status(self.screen)

    def update_status(self, screen: Screen) -> None:
        for bar in screen.query(StatusBar):
            bar.show(self.database, self.reviewer, self.counts)

    # -- actions -----------------------------------------------------------------------------
    async def action_quit(self) -> None:
        """Quit (every quit key and command ends here), asking first if an edit would be lost."""
        from workbench.screens.dialogs import ConfirmDialog
        from workbench.screens.review import ReviewScreen

        reviews = [s for s in self.screen_stack if isinstance(s, ReviewScreen)]
        unsaved = [(s, lost) for s in reviews if (lost := s.unsaved()) is not None]
        if not unsaved:
            self._quit(reviews)
            return
        if self._asking_to_quit:  # a second quit key while the question is up
            return
        self._asking_to_quit = True

        def answered(discard: bool | None) -> None:
            self._asking_to_quit = False
            if discard:
                self._quit(reviews)
            elif isinstance(self.screen, ReviewScreen):
                self.screen.resume_editing()

        lost = "; ".join(f"{what} of #{screen.item_id}" for screen, what in unsaved)
        self.push_screen(
            ConfirmDialog(
                f"Discard {lost}?",
                yes="discard it and quit",
                no="keep editing",
                detail="Nothing is saved until you decide (a approves the edit).",
            ),
            answered,
        )

    def _quit(self, reviews: list[ReviewScreen]) -> None:
        """Hand back every claim still held without a decision, then exit."""
        for screen in reviews:
            screen.release_now()
        self.exit()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        typing = isinstance(self.focused, (Input, TextArea))
        if action == "help":
            return not typing
        if action == "help_while_typing":
            return typing
        return True

    def action_help_while_typing(self) -> None:
        self.action_help()

    def action_help(self) -> None:
        from workbench.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.screen))

    def action_toggle_dark(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every key action of the current screen is also a command-palette entry."""
        yield from super().get_system_commands(screen)
        seen = {"command_palette", "quit", "help_quit", "help_while_typing"}
        for active in screen.active_bindings.values():
            binding = active.binding
            if not binding.description or binding.action in seen:
                continue
            seen.add(binding.action)
            key = self.get_key_display(binding)
            yield SystemCommand(
                binding.description,
                f"{binding.tooltip or binding.description} (key: {key})",
                _runner(self, active.node, binding.action),
            )

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Notifications often quote template text or error messages: never read them as markup."""
        super().notify(
            visible(message), title=visible(title), severity=severity, timeout=timeout, markup=False
        )


def _runner(app: App[None], node: object, action: str):  # noqa: ANN202 - zero-arg callback
    async def run() -> None:
        await app.run_action(action, node)  # type: ignore[arg-type]

    return run


def serve_in_browser(command: str, host: str, port: int) -> None:
    """Serve `command` (a `workbench review` invocation) to web browsers with textual-serve."""
    try:
        import textual_serve
        from textual_serve.server import Server
    except ImportError:
        raise UsageError("--serve needs textual-serve: pip install 'workbench[serve]'") from None
    with tempfile.TemporaryDirectory(prefix="workbench-serve-") as templates:
        write_local_page(Path(textual_serve.__file__).parent, Path(templates))
        print(f"Serving the review UI on http://{host}:{port} (Ctrl+C stops)", file=sys.stderr)
        Server(
            command, host=host, port=port, title="workbench review", templates_path=templates
        ).serve()


# textual-serve's page takes its font from Google's CDN; it ships the same font in its static
# folder, so the page is served with that copy and the browser fetches nothing from outside.
_REMOTE_FONT = re.compile(r"<link[^>]*href=\"https://fonts\.googleapis\.com/[^\"]*\"[^>]*>")
_LOCAL_FONT = """<style>
      @font-face {
        font-family: "Roboto Mono"; font-style: normal;
        src: url("{{ config.static.url }}fonts/RobotoMono-VariableFont_wght.ttf");
      }
      @font-face {
        font-family: "Roboto Mono"; font-style: italic;
        src: url("{{ config.static.url }}fonts/RobotoMono-Italic-VariableFont_wght.ttf");
      }
    </style>"""
# Anything a browser would fetch: src/href attributes, CSS url() and @import.
_FETCHED = re.compile(
    r"""(?:src|href)\s*=\s*["']([^"']+)|url\(\s*["']?([^"')]+)|@import\s+["']([^"']+)"""
)


def write_local_page(package_dir: Path, dest: Path) -> Path:
    """Write textual-serve's page template into `dest` with every asset served locally.

    UsageError when the page (e.g. of a newer textual-serve) still loads something from
    another site: reviewers' browsers must not reach out to third parties.
    """
    page = (package_dir / "templates" / "app_index.html").read_text(encoding="utf-8")
    page = _REMOTE_FONT.sub(_LOCAL_FONT, page)
    remote = [
        url
        for match in _FETCHED.finditer(page)
        for url in match.groups()
        if url and re.match(r"(?:https?:)?//", url)
    ]
    if remote:
        raise UsageError(
            f"textual-serve's page loads {remote[0]} from another site and --serve serves "
            "only local assets; use textual-serve 1.1, which workbench is tested with"
        )
    for font in ("RobotoMono-VariableFont_wght.ttf", "RobotoMono-Italic-VariableFont_wght.ttf"):
        if not (package_dir / "static" / "fonts" / font).is_file():
            raise UsageError(f"textual-serve lacks its font {font}; reinstall workbench[serve]")
    out = dest / "app_index.html"
    out.write_text(page, encoding="utf-8")
    return out
