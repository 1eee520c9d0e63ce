"""Shared fixtures: every test runs offline and never touches the user's real data folders."""

from __future__ import annotations

import os

import pytest

# Session fixture `tiny_argos`: real tiny Argos packages built offline. Imported as `fixtures.…`
# (tests/ is on sys.path) because argostranslate ships its own top-level `tests` package.
from fixtures.tiny_argos import tiny_argos  # noqa: F401

# Never let a library reach for a model hub during tests.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture(autouse=True)
def _isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Point the default database and user data folders at a temporary place."""
    base = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("WORKBENCH_DB", str(base / "workbench.db"))
    monkeypatch.setenv("XDG_DATA_HOME", str(base / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(base / "cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(base / "config"))
