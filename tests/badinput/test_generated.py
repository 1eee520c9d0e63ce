"""Generated near-miss files for every reader this suite owns (hypothesis).

Properties: reading never raises; every problem is one line naming its file; every message
read has text within the limits; and through the CLI a batch with a broken file exits 0 or
2 with one line per problem and no traceback, storing what was readable.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))
from cases import GOOD, GOOD_JSONL  # noqa: E402
from conftest import stored_ids  # noqa: E402
from strategies import FORMATS  # noqa: E402

from workbench.corpus import read_corpus  # noqa: E402
from workbench.corpus.limits import DEFAULT_LIMITS  # noqa: E402

FAST = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.mark.parametrize("suffix", sorted(FORMATS))
def test_reading_never_raises_and_problems_are_one_line(suffix: str) -> None:
    @FAST
    @given(content=FORMATS[suffix], as_bytes=st.booleans())
    def check(content: str, as_bytes: bool) -> None:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"input{suffix}"
            data = content.encode("utf-8", "surrogatepass")
            path.write_bytes(data if not as_bytes else data[::-1])
            corpus = read_corpus([folder])
            for problem in corpus.problems:
                assert "\n" not in str(problem) and "\r" not in str(problem), problem
                assert problem.path.startswith(folder), problem
            for message in corpus.messages:
                assert message.text.strip()
                assert len(message.text) <= DEFAULT_LIMITS.max_message_chars
                message.text.encode("utf-8")  # storable

    check()


@pytest.mark.parametrize("suffix", sorted(FORMATS))
def test_submitting_a_generated_file_beside_good_ones(suffix: str, run) -> None:  # type: ignore[no-untyped-def]
    @settings(
        max_examples=6,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(content=FORMATS[suffix])
    def check(content: str) -> None:
        with tempfile.TemporaryDirectory() as folder:
            lib = Path(folder) / "lib"
            lib.mkdir()
            (lib / "good.jsonl").write_text(GOOD_JSONL, encoding="utf-8")
            (lib / f"fuzzed{suffix}").write_bytes(content.encode("utf-8", "surrogatepass"))
            db = Path(folder) / "g.db"
            outcome = run("submit", str(lib), "--to", "ja", "--db", str(db))
            assert "Traceback" not in outcome.stderr
            assert outcome.code in (0, 2), outcome.stderr
            if outcome.code == 2:
                assert outcome.errors and all("fuzzed" in e for e in outcome.errors)
            assert stored_ids(db) >= GOOD

    check()
