"""Chooses an engine (or a pivot chain) per language pair, masks placeholders, caches hops."""

from __future__ import annotations

import logging
import shutil
import threading
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workbench.config import Config
from workbench.errors import ConfigError, EngineLoadError, ModelUnavailableError
from workbench.models import Finding, MTInfo
from workbench.mt.base import Translator
from workbench.mt.cache import TranslationCache
from workbench.mt.masking import mask, unmask

if TYPE_CHECKING:
    from workbench.store import Store

log = logging.getLogger(__name__)

Hop = tuple[Translator, str, str]

# Each backend's natural pivot: Argos packages are trained to and from English, Apertium's
# best-kept pairs all go through Spanish.
PIVOTS = {"argos": "en", "apertium": "es"}
# Preference when nothing is configured: neural first, rule-based second.
AUTO_ORDER = ("argos", "apertium")
MANGLED_RULE = "placeholders.mt_mangled"


@dataclass(frozen=True, slots=True)
class MTResult:
    """One translated text, the engines that made it, and what went wrong with placeholders."""

    text: str | None
    info: MTInfo | None  # backend + model id; for pivots e.g. "apertium:eng-spa+apertium:spa-por"
    findings: tuple[Finding, ...] = ()  # field="translation"; spans into `text`


def default_backends(config: Config) -> dict[str, Translator]:
    """Apertium always (it reports itself missing); Argos when its module can be imported."""
    from workbench.mt.apertium import ApertiumTranslator

    backends: dict[str, Translator] = {}
    try:
        from workbench.mt.argos import ArgosTranslator

        backends["argos"] = ArgosTranslator(config)
    except (ImportError, OSError) as exc:  # argostranslate missing, or its folders unusable
        log.debug("Argos backend unavailable: %s", exc)
    backends["apertium"] = ApertiumTranslator(config)
    return backends


def _lang(code: str) -> str:
    return code.split("-")[0].split("_")[0].lower()


class MTRouter:
    """Routes each language pair to a backend, directly or through a pivot language."""

    def __init__(
        self,
        config: Config,
        store: Store | None = None,
        backends: dict[str, Translator] | None = None,
    ) -> None:
        self.config = config
        self._backends = dict(backends) if backends is not None else None
        self.cache = TranslationCache(store, enabled=config.mt.cache)
        self._pairs: dict[str, set[tuple[str, str]]] | None = None
        self._routes: dict[tuple[str, str], list[Hop]] = {}
        # (backend, source, target) whose engine failed to load: routed around from then on.
        self._broken: dict[tuple[str, str, str], str] = {}
        self._lock = threading.RLock()

    @property
    def backends(self) -> dict[str, Translator]:
        with self._lock:
            if self._backends is None:
                self._backends = default_backends(self.config)
            return self._backends

    # -- what is installed ---------------------------------------------------------------------
    def _direct(self) -> dict[str, set[tuple[str, str]]]:
        # Built once under a lock and published whole: the pipeline translates in a worker
        # thread and the TUI runs several workers, so no thread may see it half-built.
        with self._lock:
            if self._pairs is None:
                pairs: dict[str, set[tuple[str, str]]] = {}
                for name, backend in self.backends.items():
                    try:
                        pairs[name] = {
                            (s, t) for s, t in backend.pairs() if (name, s, t) not in self._broken
                        }
                        for s, t in pairs[name]:
                            backend.model_id(s, t)  # backends load their own lookups here, once
                    except ModelUnavailableError as exc:
                        log.debug("%s has no pairs: %s", name, exc)
                        pairs[name] = set()
                self._pairs = pairs
        return self._pairs

    def available(self) -> dict[str, list[tuple[str, str]]]:
        """Direct pairs per backend (pivots not included)."""
        return {name: sorted(pairs) for name, pairs in self._direct().items()}

    # -- routing ---------------------------------------------------------------------------------
    def route(self, source: str, target: str) -> list[Hop]:
        """The hops for a pair: (backend, from, to) each; [] when source and target are one."""
        source, target = _lang(source), _lang(target)
        if source == target:
            return []
        key = (source, target)
        with self._lock:
            if key not in self._routes:
                self._routes[key] = self._choose(source, target)
            return self._routes[key]

    def _choose(self, source: str, target: str) -> list[Hop]:
        direct = self._direct()
        wanted: str | None = (
            self.config.mt.pairs.get(f"{source}-{target}") or self.config.mt.backend
        )
        if wanted == "auto":
            wanted = None
        if wanted is not None:
            if wanted not in self.backends:
                raise ConfigError(
                    f"unknown MT backend {wanted!r} for {source}-{target}; "
                    f"valid: auto, {', '.join(sorted(self.backends))}"
                )
            names: Sequence[str] = (wanted,)
        else:
            names = [n for n in AUTO_ORDER if n in self.backends] + [
                n for n in self.backends if n not in AUTO_ORDER
            ]
        # 1. a direct pair, in order of preference
        for name in names:
            if (source, target) in direct[name]:
                return [(self.backends[name], source, target)]
        # 2. each backend's own pivot language
        for name in names:
            pivot = PIVOTS.get(name)
            pairs = direct[name]
            if pivot and (source, pivot) in pairs and (pivot, target) in pairs:
                return [(self.backends[name], source, pivot), (self.backends[name], pivot, target)]
        # 3. the shortest chain within one backend, then across backends
        for name in names:
            path = _shortest(source, target, {name: direct[name]})
            if path:
                return [(self.backends[n], s, t) for n, s, t in path]
        if wanted is None:
            path = _shortest(source, target, direct)
            if path:
                return [(self.backends[n], s, t) for n, s, t in path]
        raise ModelUnavailableError(self._missing(source, target, names))

    def _missing(self, source: str, target: str, names: Sequence[str]) -> str:
        have = "; ".join(
            f"{n}: {', '.join(f'{s}-{t}' for s, t in sorted(self._direct()[n])) or 'none'}"
            for n in names
        )
        if shutil.which(self.config.mt.apertium_path):
            apertium = "`apt-cache search apertium-` lists the Apertium pairs to install"
        else:
            apertium = (
                "or install Apertium with `sudo apt-get install apertium apertium-eng-spa "
                "apertium-es-pt apertium-fr-es` (`apt-cache search apertium-` lists more pairs)"
            )
        return (
            f"no machine translation for {source}->{target} (installed {have}); "
            f"install an Argos package with `workbench models install {source}-{target}`; "
            f"{apertium}"
        )

    # -- translation -----------------------------------------------------------------------------
    def translate(self, texts: Sequence[str], source: str, target: str) -> list[MTResult]:
        """Translate many texts source -> target, one result per text, in order.

        Placeholders are masked once, carried through every hop and restored at the end;
        blank texts pass through without an engine call.
        """
        regional_target = target.replace("_", "-")
        source, target = _lang(source), _lang(target)
        hops = self.route(source, target)
        if hops and "-" in regional_target and getattr(hops[-1][0], "regional", False):
            # the last hop can aim at the region itself (apertium es-pt_BR for pt-BR)
            backend, s, _ = hops[-1]
            hops = [*hops[:-1], (backend, s, regional_target)]
        if not hops:
            return [MTResult(t, MTInfo("identity", "identity")) for t in texts]
        todo = [i for i, t in enumerate(texts) if t.strip()]
        masked = {i: mask(texts[i]) for i in todo}
        hops, current = self._run_hops(hops, [masked[i].text for i in todo], regional_target)
        info = self._info(hops)
        results: list[MTResult] = [MTResult(t, None) for t in texts]
        for i, translated in zip(todo, current, strict=True):
            restored = unmask(translated, masked[i])
            findings = tuple(
                Finding(
                    rule_id=MANGLED_RULE,
                    message=problem.describe(),
                    span=problem.span,
                    field="translation",
                    severity="error",
                    suggestion=f"check that {problem.original!r} is in the translation"
                    if problem.original
                    else None,
                )
                for problem in restored.problems
            )
            results[i] = MTResult(restored.text, info, findings)
        return results

    def _run_hops(
        self, hops: list[Hop], texts: list[str], regional_target: str
    ) -> tuple[list[Hop], list[str]]:
        """Translate through `hops`; an engine that fails to load is reported once and the
        pair is routed again without it (e.g. a broken Argos package falls back to Apertium)."""
        source, target = hops[0][1], _lang(hops[-1][2])
        failed: set[tuple[str, str, str]] = set()
        while True:
            current = texts
            try:
                for backend, s, t in hops:
                    current = self.cache.translate(backend, current, s, t) if current else current
                return hops, current
            except EngineLoadError as exc:
                key = (backend.name, _lang(s), _lang(t))
                if key in failed:  # routed around already, and it came back: give up
                    raise
                failed.add(key)
                self._set_aside(key, exc)
                hops = self.route(source, target)  # raises when nothing else can translate
                if hops and "-" in regional_target and getattr(hops[-1][0], "regional", False):
                    backend, s, _ = hops[-1]
                    hops = [*hops[:-1], (backend, s, regional_target)]

    def _set_aside(self, key: tuple[str, str, str], exc: Exception) -> None:
        """Stop routing through a (backend, source, target) whose engine failed to load; the
        first thread to find out warns, once."""
        with self._lock:
            if key in self._broken:
                return
            self._broken[key] = str(exc)
            self._pairs = None  # rebuilt without the broken pair
            self._routes.clear()
        log.warning("warning: %s; translating %s->%s without it", exc, key[1], key[2])

    def _info(self, hops: Sequence[Hop]) -> MTInfo:
        names = list(dict.fromkeys(backend.name for backend, _, _ in hops))
        model = "+".join(backend.model_id(s, t) for backend, s, t in hops)
        return MTInfo("+".join(names), model)

    def signature(self, pairs: Sequence[tuple[str, str]] | None = None) -> dict[str, str]:
        """ "en-es" -> model id (or why there is none) for each pair, both directions by default."""
        if pairs is None:
            src = _lang(self.config.source_lang)
            targets = list(dict.fromkeys(_lang(t) for t in self.config.targets))
            pairs = [p for t in targets if t != src for p in ((src, t), (t, src))]
        out: dict[str, str] = {}
        for s, t in pairs:
            try:
                out[f"{s}-{t}"] = self._info(self.route(s, t)).model if s != t else "identity"
            except ModelUnavailableError:
                out[f"{s}-{t}"] = "unavailable"
        return out


def _shortest(
    source: str, target: str, pairs: dict[str, set[tuple[str, str]]]
) -> list[tuple[str, str, str]] | None:
    """Fewest hops from source to target over the given backends' direct pairs (BFS)."""
    edges: dict[str, list[tuple[str, str]]] = {}
    for name, direct in pairs.items():
        for s, t in sorted(direct):
            edges.setdefault(s, []).append((name, t))
    previous: dict[str, tuple[str, str] | None] = {source: None}
    queue = deque([source])
    while queue:
        lang = queue.popleft()
        if lang == target:
            path: list[tuple[str, str, str]] = []
            while previous[lang] is not None:
                name, before = previous[lang]  # type: ignore[misc]
                path.append((name, before, lang))
                lang = before
            return path[::-1]
        for name, nxt in edges.get(lang, []):
            if nxt not in previous:
                previous[nxt] = (name, lang)
                queue.append(nxt)
    return None
