"""Light commands stay light: `--help`, `queue list` and `glossary lint` load no model library.

Each command runs in a fresh interpreter; the test fails when a module-level import of spaCy,
torch, scipy, an embedding or MT library, or Textual creeps back into their import path.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from queue_factory import make_assessment

from workbench.store import Store

HEAVY = (
    "spacy", "thinc", "torch", "scipy", "sklearn", "sentence_transformers", "transformers",
    "lingua", "ctranslate2", "argostranslate", "textual",
)  # fmt: skip

RUN = (
    "import json, sys\n"
    "from workbench.cli import main\n"
    "sys.argv = ['workbench', *json.loads(sys.argv[1])]\n"
    "try:\n"
    "    main()\n"
    "except SystemExit as exc:\n"
    "    code = exc.code\n"
    "else:\n"
    "    code = 0\n"
    f"heavy = sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r}))\n"
    "print('\\nLOADED ' + json.dumps([code, heavy]))\n"
)


def loaded(args: list[str]) -> tuple[int, list[str]]:
    """Exit code of `workbench ARGS` and the heavy packages it imported."""
    out = subprocess.run(
        [sys.executable, "-c", RUN, json.dumps(args)], capture_output=True, text=True, check=True
    )
    code, heavy = json.loads(out.stdout.rpartition("\nLOADED ")[2])
    return code, heavy


@pytest.fixture(scope="module")
def small_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("weight") / "queue.db"
    store = Store(path)
    run = store.start_run("test", ["es-ES"], {})
    store.save_assessments(run, [make_assessment(n) for n in range(5)])
    store.close()
    return path


def test_help_loads_no_heavy_module() -> None:
    assert loaded(["--help"]) == (0, [])


def test_queue_list_loads_no_heavy_module(small_db: Path) -> None:
    assert loaded(["queue", "list", "--db", str(small_db)]) == (0, [])


def test_glossary_lint_loads_no_heavy_module() -> None:
    # the lint still checks every bundled file, the meaning lexicons included
    assert loaded(["glossary", "lint"]) == (0, [])
