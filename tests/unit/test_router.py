"""Routing per pair, pivots, masking around hops and the translation cache, with real engines."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from fixtures.tiny_argos import TinyArgos, build_tiny_argos

from workbench.config import Config
from workbench.errors import ConfigError, ModelUnavailableError
from workbench.mt.apertium import ApertiumTranslator
from workbench.mt.argos import ArgosTranslator
from workbench.mt.base import Translator
from workbench.mt.router import MANGLED_RULE, MTRouter
from workbench.store import Store

pytestmark = pytest.mark.integration


class Counting:
    """Wraps a real backend and records every batch that reaches it."""

    def __init__(self, inner: Translator) -> None:
        self.inner = inner
        self.name = inner.name
        self.calls: list[tuple[str, str, list[str]]] = []

    def pairs(self) -> list[tuple[str, str]]:
        return self.inner.pairs()

    def model_id(self, source: str, target: str) -> str:
        return self.inner.model_id(source, target)

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        self.calls.append((source, target, list(texts)))
        return self.inner.translate(texts, source, target)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> TinyArgos:
    """Real (random-weight) Argos packages: en->de, de->en, en->fr."""
    return build_tiny_argos(tmp_path_factory.mktemp("router_argos"))


def apertium_router(
    config: Config | None = None, store: Store | None = None
) -> tuple[MTRouter, Counting]:
    config = config or Config()
    counting = Counting(ApertiumTranslator(config))
    return MTRouter(config, store=store, backends={"apertium": counting}), counting


def with_argos(tiny: TinyArgos, config: Config | None = None) -> MTRouter:
    config = config or Config()
    config.mt.argos_packages_dir = str(tiny.packages_dir)
    return MTRouter(
        config, backends={"argos": ArgosTranslator(config), "apertium": ApertiumTranslator(config)}
    )


def hops(router: MTRouter, source: str, target: str) -> list[tuple[str, str, str]]:
    return [(backend.name, s, t) for backend, s, t in router.route(source, target)]


def test_direct_and_pivot_routes_with_apertium() -> None:
    router, _ = apertium_router()
    assert hops(router, "en", "es") == [("apertium", "en", "es")]
    assert hops(router, "en", "pt") == [("apertium", "en", "es"), ("apertium", "es", "pt")]
    assert hops(router, "fr", "en") == [("apertium", "fr", "es"), ("apertium", "es", "en")]
    assert hops(router, "fr", "pt") == [("apertium", "fr", "es"), ("apertium", "es", "pt")]
    assert hops(router, "en-US", "pt-BR") == hops(router, "en", "pt")  # regions do not matter
    assert hops(router, "es", "es-MX") == []


def test_same_language_is_returned_as_is_without_an_engine() -> None:
    router, counting = apertium_router()
    [result] = router.translate(["Hola {{name}}"], "es", "es-MX")
    assert result.text == "Hola {{name}}" and counting.calls == []


def test_unavailable_pair_names_the_pair_and_how_to_install() -> None:
    router, _ = apertium_router()
    with pytest.raises(ModelUnavailableError) as err:
        router.translate(["Hello"], "en", "ja")
    message = str(err.value)
    assert "en->ja" in message
    assert "workbench models install en-ja" in message
    assert "apt-cache search apertium-" in message  # apertium itself is installed here


def test_without_apertium_the_hint_names_the_apt_packages() -> None:
    config = Config()
    config.mt.apertium_path = "/nonexistent/bin/apertium"
    router, _ = apertium_router(config)
    assert router.available() == {"apertium": []}
    with pytest.raises(ModelUnavailableError, match="sudo apt-get install apertium apertium-"):
        router.translate(["Hello"], "en", "es")


def test_unknown_configured_backend_is_a_config_error() -> None:
    config = Config()
    config.mt.pairs = {"en-es": "deepl"}
    router, _ = apertium_router(config)
    with pytest.raises(ConfigError, match="valid: auto, apertium"):
        router.route("en", "es")


def test_blank_texts_pass_through_without_an_engine_call() -> None:
    router, counting = apertium_router()
    results = router.translate(["", "  \n ", "The house is big."], "en", "es")
    assert [r.text for r in results[:2]] == ["", "  \n "]
    assert results[0].info is None
    assert "casa" in results[2].text.lower()
    assert counting.calls == [("en", "es", ["The house is big."])]


def test_masks_are_applied_once_and_carried_through_every_hop() -> None:
    router, counting = apertium_router()
    [result] = router.translate(["Hi {{name}}, order #12345 is at the house."], "en", "pt")
    # the engines only ever saw tokens, never the placeholders
    assert [c[:2] for c in counting.calls] == [("en", "es"), ("es", "pt")]
    for _, _, texts in counting.calls:
        assert "{{name}}" not in texts[0] and "#12345" not in texts[0]
    assert "{{name}}" in result.text and "#12345" in result.text and "casa" in result.text
    assert result.info is not None and result.info.backend == "apertium"
    assert (
        result.info.model.startswith("apertium:eng-spa") and "+apertium:es-pt" in result.info.model
    )


def test_repeated_round_trip_does_no_mt(tmp_path: Path) -> None:
    texts = ["The house is big.", "Hi {{name}}, thanks for waiting.", "The house is big."]
    store = Store(tmp_path / "cache.db")
    first, counting = apertium_router(store=store)
    out1 = first.translate(texts, "en", "pt")
    # one engine call per hop, and the repeated text is sent once
    assert [(s, t, len(x)) for s, t, x in counting.calls] == [("en", "es", 2), ("es", "pt", 2)]

    second, counting2 = apertium_router(store=store)  # a new run over the same database
    out2 = second.translate(texts, "en", "pt")
    assert counting2.calls == []
    assert [r.text for r in out2] == [r.text for r in out1]
    assert second.cache.hits == 4 and second.cache.misses == 0

    # the cache is per hop: en->es alone is already known
    third, counting3 = apertium_router(store=store)
    third.translate(texts[:2], "en", "es")
    assert counting3.calls == []


def test_cache_can_be_switched_off(tmp_path: Path) -> None:
    store = Store(tmp_path / "cache.db")
    config = Config()
    config.mt.cache = False
    for _ in range(2):
        router, counting = apertium_router(config, store=store)
        router.translate(["The house is big."], "en", "es")
        assert len(counting.calls) == 1


def test_signature_and_available() -> None:
    config = Config()
    config.targets = ["es-ES", "pt-BR", "ja-JP"]
    router, _ = apertium_router(config)
    signature = router.signature()
    assert signature["en-es"].startswith("apertium:eng-spa")
    assert (
        signature["pt-en"].startswith("apertium:pt-es")
        and "+apertium:spa-eng" in signature["pt-en"]
    )
    assert signature["en-ja"] == "unavailable"
    assert ("en", "es") in router.available()["apertium"]


def test_argos_is_preferred_when_a_package_gives_a_direct_path(tiny: TinyArgos) -> None:
    router = with_argos(tiny)
    assert hops(router, "en", "fr") == [("argos", "en", "fr")]
    assert hops(router, "en", "de") == [("argos", "en", "de")]
    assert hops(router, "en", "es") == [("apertium", "en", "es")]  # argos has no en-es
    # German to French: Argos pivots through English
    assert hops(router, "de", "fr") == [("argos", "de", "en"), ("argos", "en", "fr")]
    # German to Spanish: no single backend can, so the chain mixes them
    assert hops(router, "de", "es") == [("argos", "de", "en"), ("apertium", "en", "es")]
    assert router.available()["argos"] == [("de", "en"), ("en", "de"), ("en", "fr")]


def test_configured_backend_wins_over_auto(tiny: TinyArgos) -> None:
    config = Config()
    config.mt.pairs = {"en-fr": "apertium"}
    router = with_argos(tiny, config)
    assert hops(router, "en", "fr") == [("apertium", "en", "es"), ("apertium", "es", "fr")]
    config = Config()
    config.mt.backend = "argos"
    router = with_argos(tiny, config)
    with pytest.raises(ModelUnavailableError, match="en->es"):
        router.route("en", "es")  # no mixing when one backend is required


def test_mangled_placeholders_become_error_findings(tiny: TinyArgos) -> None:
    # A random-weight model cannot copy the tokens: every placeholder is lost, and said so.
    router = with_argos(tiny)
    [result] = router.translate(["Hi {{name}}, your order #12345 has shipped."], "en", "fr")
    assert result.info is not None and result.info.backend == "argos"
    assert result.findings
    originals = set()
    for finding in result.findings:
        assert finding.rule_id == MANGLED_RULE
        assert finding.severity == "error" and finding.field == "translation"
        assert 0 <= finding.span[0] <= finding.span[1] <= len(result.text)
        originals.add(finding.message)
    assert any("{{name}}" in m for m in originals)
