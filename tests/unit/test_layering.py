"""The core never imports the UI toolkit: the CLI and pipeline stay usable without a terminal UI."""

from __future__ import annotations

import subprocess
import sys

CORE_MODULES = [
    "workbench.config", "workbench.models", "workbench.pipeline", "workbench.service",
    "workbench.store", "workbench.risk", "workbench.scoring.registry", "workbench.cli",
]


def test_core_does_not_import_textual() -> None:
    code = (
        "import importlib, sys\n"
        f"for m in {CORE_MODULES!r}: importlib.import_module(m)\n"
        "from workbench.scoring.registry import SCORERS, scorer_class\n"
        "for n in SCORERS: scorer_class(n)\n"
        "print('textual' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
