"""Benchmark: `score` on a generated library, cold (fresh database) against warm (same database).

    .venv/bin/python bench/batch.py [--templates 2000] [--to es] [--seed 7] [--profile]

Builds a library of N templates by recombining sentences of the English sample corpus
(corpora/sample/en, same topic per template, fixed seed) in a temporary folder, then scores it
through the Service API three times:

  cold       a fresh database: every message is machine-translated both ways and scored;
  warm       the same database and library with the per-process embedding cache emptied:
             what a second `workbench score` run gets (MT and embeddings from the database);
  warm-proc  the same again with the embedding cache kept, as in a long-lived process (the TUI).

Engines and models are loaded once before the timed runs (on a small separate library with
its own database), so the runs compare work, not start-up; start-up is printed on its own.
Every run's time is split into reading, round trip (MT, Pipeline.round_trip), scoring
(Pipeline.score, per scorer) and storing, by timing those calls on the run's own objects.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from workbench import embeddings  # noqa: E402
from workbench.config import Config, load_config  # noqa: E402
from workbench.corpus import read_corpus  # noqa: E402
from workbench.mt.router import MTRouter  # noqa: E402
from workbench.pipeline import Pipeline  # noqa: E402
from workbench.scoring.base import ScoringContext  # noqa: E402
from workbench.service import Service  # noqa: E402
from workbench.store import Store  # noqa: E402

SAMPLE = ROOT / "corpora" / "sample" / "en"
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])")


def sentence_pools(sample: Path) -> dict[str, tuple[list[str], list[str]]]:
    """Per topic folder: (opening sentences, all other sentences) of the sample templates."""
    pools: dict[str, tuple[list[str], list[str]]] = {}
    for message in read_corpus([sample]).messages:
        topic = Path(message.origin).parent.name
        openers, rest = pools.setdefault(topic, ([], []))
        sentences = [s.strip() for s in SENTENCE_END.split(message.text) if s.strip()]
        openers.append(sentences[0])
        rest.extend(sentences[1:])
    return pools


def generate_library(folder: Path, n: int, seed: int) -> int:
    """Write n distinct templates of 1-6 sentences (one topic each) as .md files; return n."""
    rng = random.Random(seed)
    pools = sentence_pools(SAMPLE)
    topics = sorted(pools)
    seen: set[str] = set()
    while len(seen) < n:
        topic = rng.choice(topics)
        openers, rest = pools[topic]
        k = min(len(rest), rng.choice((0, 1, 1, 2, 2, 3, 4, 5)))
        text = " ".join([rng.choice(openers), *rng.sample(rest, k)])
        if text in seen:
            continue
        seen.add(text)
        path = folder / topic / f"gen-{len(seen):05d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f"---\nid: {topic}.gen-{len(seen):05d}\ntags: [{topic}, generated]\n---\n{text}\n",
            encoding="utf-8",
        )
    return n


class Stopwatch:
    """Seconds spent per stage, collected by wrapping bound methods of one run's objects."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self._wrapped: list[tuple[Any, str]] = []

    def wrap(self, obj: Any, method: str, stage: str) -> None:
        inner: Callable[..., Any] = getattr(obj, method)

        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return inner(*args, **kwargs)
            finally:
                self.seconds[stage] += time.perf_counter() - start

        setattr(obj, method, timed)
        self._wrapped.append((obj, method))

    def unwrap(self) -> None:
        """Put the original methods back."""
        for obj, method in self._wrapped:
            delattr(obj, method)
        self._wrapped.clear()


def bind_context(shared: dict[str, Any], store: Store) -> ScoringContext:
    """A scoring context for one run's store that reuses the start-up's loaded objects.

    Encoders persist vectors in the store they were built with, so each one is re-wrapped
    around the already loaded model with this run's store; everything else (glossaries,
    detectors, spaCy pipelines) is shared as it is.
    """
    context = ScoringContext(shared["config"], store=store)
    for key, value in shared["context"].cache.items():
        if isinstance(value, embeddings.CachedEncoder):
            loaded = value.inner
            value = embeddings.CachedEncoder(
                lambda loaded=loaded: loaded, value.name, embeddings._CACHE, store, value.languages
            )
        context.cache[key] = value
    return context


def run(
    config: Config,
    db: Path,
    library: Path,
    targets: list[str],
    shared: dict[str, Any],
    profile: Path | None = None,
) -> tuple[float, int, Stopwatch]:
    """Score the library once with a new Service on `db`; engines and models come from `shared`."""
    store = Store(db)
    router = MTRouter(config, store=store, backends=shared["backends"])
    pipeline = Pipeline(config, store=store, router=router, context=bind_context(shared, store))
    service = Service(config, store=store, pipeline=pipeline)
    watch = Stopwatch()
    watch.wrap(pipeline, "round_trip", "round trip (MT)")
    watch.wrap(pipeline, "score", "scoring")
    watch.wrap(store, "save_assessments", "storing")
    for scorer in pipeline.scorers:
        watch.wrap(scorer, "score", f"  scorer {scorer.name}")
    profiler = cProfile.Profile() if profile else None
    cpu = time.process_time()
    start = time.perf_counter()
    if profiler:
        profiler.enable()
    result = service.score_library([str(library)], targets, store=True)
    if profiler:
        profiler.disable()
        profiler.dump_stats(str(profile))
    seconds = time.perf_counter() - start
    watch.seconds["cpu"] = time.process_time() - cpu
    watch.unwrap()
    service.close()
    if result.problems:
        raise SystemExit(f"the generated library has read problems: {result.problems[:3]}")
    # A signal that could not be computed would make a run look faster than it is: say so.
    unavailable = Counter(key for a in result.assessments for key in a.unavailable)
    if unavailable:
        print(f"warning: signals unavailable in this run: {dict(unavailable)}")
    return seconds, len(result.assessments), watch


def report(label: str, seconds: float, assessed: int, templates: int, watch: Stopwatch) -> None:
    cpu = watch.seconds.pop("cpu", 0.0)
    print(
        f"\n{label}: {seconds:8.2f} s  {templates / seconds:8.1f} templates/s  "
        f"({assessed} assessments; {cpu:.2f} s CPU in this process)"
    )
    accounted = 0.0
    for stage in ("round trip (MT)", "scoring", "storing"):
        accounted += watch.seconds.get(stage, 0.0)
    rows = [(s, t) for s, t in watch.seconds.items()]
    rows.append(("other (reading, batching, risk)", max(0.0, seconds - accounted)))
    for stage, t in rows:
        print(f"  {stage:34s} {t:8.2f} s  {100 * t / seconds:5.1f} %")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--templates", type=int, default=2000, help="library size (default 2000)")
    parser.add_argument("--to", default="es", help="target locales, comma-separated (default es)")
    parser.add_argument("--seed", type=int, default=7, help="generator seed (default 7)")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="profile both warm runs with cProfile and print the top functions",
    )
    args = parser.parse_args()
    targets = [t.strip() for t in args.to.split(",") if t.strip()]

    with tempfile.TemporaryDirectory(prefix="workbench-bench-batch-") as tmp:
        tmpdir = Path(tmp)
        library = tmpdir / "library"
        generate_library(library, args.templates, args.seed)
        config = load_config(search_from=tmpdir)  # defaults; no project config is picked up
        print(f"library: {args.templates} generated templates (seed {args.seed}) -> {targets}")

        # Start-up: engines, models and glossaries, on a small library with its own database.
        start = time.perf_counter()
        warmup = tmpdir / "warmup"
        generate_library(warmup, 10, args.seed + 1)
        store = Store(tmpdir / "warmup.db")
        pipeline = Pipeline(config, store=store)
        Service(config, store=store, pipeline=pipeline).score_library([str(warmup)], targets)
        shared = {
            "config": config,
            "backends": pipeline.router.backends,
            "context": pipeline.context,
        }
        store.close()
        print(f"start-up (load engines, models, glossaries): {time.perf_counter() - start:.1f} s")

        db = tmpdir / "bench.db"
        embeddings.clear_cache()
        cold = run(config, db, library, targets, shared)
        embeddings.clear_cache()
        profile = tmpdir / "warm.prof" if args.profile else None
        warm = run(config, db, library, targets, shared, profile)
        if profile is not None:
            print("\nprofile of the warm run (cumulative time):")
            pstats.Stats(str(profile)).sort_stats("cumulative").print_stats(30)
            profile = tmpdir / "warm-proc.prof"
        warm_proc = run(config, db, library, targets, shared, profile)
        if profile is not None:
            print("\nprofile of the warm-proc run (own time):")
            pstats.Stats(str(profile)).sort_stats("tottime").print_stats(25)

    report("cold (fresh database)", cold[0], cold[1], args.templates, cold[2])
    report(
        "warm (same database, embedding cache emptied)", warm[0], warm[1], args.templates, warm[2]
    )
    report(
        "warm-proc (same database and process caches)",
        warm_proc[0],
        warm_proc[1],
        args.templates,
        warm_proc[2],
    )
    mt = cold[2].seconds.get("round trip (MT)", 0.0)
    scoring = cold[2].seconds.get("scoring", 0.0)
    print(
        f"\ncold time in MT: {100 * mt / cold[0]:.1f} %, scoring: {100 * scoring / cold[0]:.1f} %"
    )
    print(f"warm speed-up over cold:      {cold[0] / warm[0]:6.1f}x")
    print(f"warm-proc speed-up over cold: {cold[0] / warm_proc[0]:6.1f}x")
    print("(wall-clock times; on a shared machine compare the CPU seconds too)")


if __name__ == "__main__":
    main()
