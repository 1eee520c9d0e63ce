"""`review --serve` pages load every asset from the workbench server itself."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
import pytest
import textual_serve  # the serve extra: make test installs it, so this never skips

from workbench.app import write_local_page
from workbench.errors import UsageError

PACKAGE = Path(textual_serve.__file__).parent
STATIC = "http://127.0.0.1:8000/static/"


def rendered(templates: Path) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(templates), autoescape=True)
    return env.get_template("app_index.html").render(
        config={"static": {"url": STATIC}},
        font_size=16,
        app_websocket_url="ws://127.0.0.1:8000/ws",
        application={"name": "workbench review"},
    )


def test_the_page_fetches_only_from_its_own_server(tmp_path: Path) -> None:
    original = (PACKAGE / "templates" / "app_index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis.com" in original  # what this guards against
    write_local_page(PACKAGE, tmp_path)
    page = rendered(tmp_path)
    fetched = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)|url\(\s*["']?([^"')]+)""", page)
    urls = [u for pair in fetched for u in pair if u]
    assert urls, "the page references its script, styles and fonts"
    assert all(u.startswith(STATIC) for u in urls), urls
    for url in urls:  # each one is a file textual-serve serves from its static folder
        assert (PACKAGE / "static" / url.removeprefix(STATIC)).is_file(), url


def test_a_page_that_still_loads_from_elsewhere_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "pkg"
    (fake / "templates").mkdir(parents=True)
    (fake / "static" / "fonts").mkdir(parents=True)
    (fake / "templates" / "app_index.html").write_text(
        '<script src="https://cdn.example.com/x.js"></script>', encoding="utf-8"
    )
    with pytest.raises(UsageError, match="cdn.example.com"):
        write_local_page(fake, tmp_path)
