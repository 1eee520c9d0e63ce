"""Every known apertium mistranslation still happens: its examples run through the real engine
(with the pivot the router picks for pt and fr) and the output shows the listed error."""

from __future__ import annotations

import pytest

from workbench.config import Config
from workbench.models import Message, PipelineItem
from workbench.mt.router import MTRouter
from workbench.scoring.engine_errors import check_engine_errors, load_engine_errors

# apertium is installed by scripts/setup.sh (make test): a missing engine fails, never skips.
pytestmark = [pytest.mark.integration]
TARGETS = {"es": "es-ES", "pt": "pt-BR", "fr": "fr-FR"}


@pytest.fixture(scope="module")
def router() -> MTRouter:
    config = Config()
    config.mt.backend = "apertium"
    config.mt.cache = False
    return MTRouter(config)


def test_every_listed_error_is_what_the_engine_does(router: MTRouter) -> None:
    entries = load_engine_errors("apertium")
    assert entries
    for lang, target in TARGETS.items():
        cases = [(e, x) for e in entries if lang in e.translation for x in e.examples]
        results = router.translate([x for _, x in cases], "en", target)
        for (entry, example), result in zip(cases, results, strict=True):
            assert result.text and entry.translation[lang].search(result.text), (
                f"{entry.route} {example!r} -> {result.text!r} (into {target})"
            )
            item = PipelineItem(Message("m", example), target, result.text, None, result.info)
            assert any(entry.message in f.message for f in check_engine_errors(item))
