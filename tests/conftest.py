"""Shared fixtures: every test runs offline and never touches the user's real data folders."""

from __future__ import annotations

import os

import pytest

# Never let a library reach for a model hub during tests.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point the default database and user data folders at a temporary place."""
    base = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("WORKBENCH_DB", str(base / "workbench.db"))
    monkeypatch.setenv("XDG_DATA_HOME", str(base / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(base / "cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(base / "config"))
