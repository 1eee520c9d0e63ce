"""Benchmark: batched MT backends against one-message-at-a-time baselines, measured in one run.

    .venv/bin/python bench/mt.py [--messages 500] [--baseline-messages 60]

(a) argostranslate's own translate(), one message at a time (how it is usually called, with
    its default threads), and (a1) the same on one thread per translation, vs
(b) workbench's ArgosTranslator, all messages in one batched call, on the same package: a
    random-weight OPUS-MT-sized Marian model (6+6 layers, d_model 512, 8k vocabulary) built
    offline with the test fixture's builder; (b0) is the same with the translation of each
    distinct sentence once switched off, to show what batching alone gives;
(c) Apertium en->es, one `apertium` process per message vs workbench's ApertiumTranslator batched.

Both Argos runs use the same CTranslate2 settings where argostranslate lets us choose them
(int8 weights, beam size, CPU); argostranslate caps output at CTranslate2's default 256
tokens, ArgosTranslator at about twice the input ("same words" below shows if a cap cut). Random weights would decode until the length cap; a bias on the
end-of-sentence logit makes outputs about as long as real translations (the mean output length
of both runs is printed). The slow baselines run on the first --baseline-messages messages;
rates (messages/s) are compared, so the sizes need not match. Everything runs offline.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # the package builder lives with the test fixtures

NAMES = ["Anna", "Ben", "Carla", "Deepak", "Elif", "Femi", "Greta", "Hiro", "Ines", "Jonas"]
AGENTS = ["Sam", "Alex", "Priya", "Marco", "Lena"]
PRODUCTS = [
    "blender",
    "router",
    "headset",
    "coffee maker",
    "smart watch",
    "e-reader",
    "vacuum cleaner",
    "desk lamp",
    "printer",
    "phone case",
    "air fryer",
    "keyboard",
]
TEAMS = ["billing", "shipping", "warranty", "engineering", "returns", "account security"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
MONTHS = ["January", "March", "May", "July", "September", "November"]
ISSUES = [
    "a cracked screen",
    "a missing power cable",
    "a late delivery",
    "a double charge",
    "a login problem",
    "a wrong size",
    "a faulty battery",
    "a damaged box",
]
GREETINGS = ["Hi {name},", "Hello {name},", "Dear {name},", "Hey {name}!"]
# Bodies vary in products, issues, teams, dates and numbers, as agents' replies do; greetings,
# closings and sign-offs repeat, as they do in real support mail.
OPENERS = [
    "Thanks for reaching out about your {product}.",
    "Thank you for your patience while we looked into {issue}.",
    "I'm sorry to hear about {issue} with your {product}.",
    "Thanks for getting back to me so quickly about order {order}.",
    "I understand how frustrating {issue} must be, {name}.",
]
BODIES = [
    "Your {product} (order {order}) has shipped and should arrive by {weekday}.",
    "I have issued a refund of ${amount} for the {product} to your original payment method.",
    "The refund for order {order} usually takes {days} business days to show on your statement.",
    "Please reset your password using the link we sent to you on {weekday}.",
    "Could you send the {team} team a photo of {issue} so we can process the claim?",
    "I have escalated {issue} to our {team} team and they will reply by {weekday}.",
    "You can return the {product} within {days} weeks from the order page for order {order}.",
    "The replacement {product} is on back order until {month} {date}.",
    "I've applied a {percent}% discount of ${amount} to your next invoice as a thank-you.",
    "Your account was unlocked at {hour}:{minute} and you should be able to sign in again.",
    "The tracking number for your {product} is {tracking}; the carrier updates it every few hours.",
    "If the {product} keeps restarting, please hold the power button for {days} seconds.",
    "Your warranty covers {issue} for {days} years from the purchase date in {month}.",
    "Let me check with the {team} team about the {product} and get back to you by {weekday}.",
    "The invoice for order {order} over ${amount} is attached to this message.",
    "We have credited {points} loyalty points to your account for {issue}.",
]  # fmt: skip
CLOSINGS = [
    "Let me know if there is anything else I can help you with.",
    "Feel free to reply to this email if you have any other questions.",
    "Have a great day!",
    "Thanks again for your patience.",
]
SIGNOFFS = ["Best regards,\n{agent}", "Kind regards,\n{agent}", "Cheers,\n{agent}"]


def support_messages(n: int, seed: int = 0) -> list[str]:
    """`n` support replies: greeting, 2-4 sentences, a closing line and a sign-off."""
    rng = random.Random(seed)
    messages = []
    for _ in range(n):
        fill = {
            "name": rng.choice(NAMES),
            "agent": rng.choice(AGENTS),
            "product": rng.choice(PRODUCTS),
            "team": rng.choice(TEAMS),
            "issue": rng.choice(ISSUES),
            "weekday": rng.choice(WEEKDAYS),
            "month": rng.choice(MONTHS),
            "date": rng.randint(1, 28),
            "order": f"#{rng.randint(10000, 99999)}",
            "tracking": f"1Z{rng.randint(10**9, 10**10 - 1)}",
            "days": rng.randint(2, 14),
            "amount": f"{rng.randint(5, 300)}.{rng.randint(0, 99):02d}",
            "percent": rng.choice([10, 15, 20, 25]),
            "points": rng.randint(1, 50) * 10,
            "hour": rng.randint(7, 22),
            "minute": f"{rng.randint(0, 59):02d}",
        }
        body = [rng.choice(OPENERS), *rng.sample(BODIES, rng.randint(1, 3))]
        parts = [
            rng.choice(GREETINGS),
            " ".join(body),
            rng.choice(CLOSINGS),
            rng.choice(SIGNOFFS),
        ]
        messages.append("\n\n".join(parts).format(**fill))
    return messages


def _cpu() -> float:
    t = os.times()  # this process (all threads) and the child processes it waited for
    return t.user + t.system + t.children_user + t.children_system


def timed(fn: Callable[[], object]) -> tuple[object, tuple[float, float]]:
    """Result, wall-clock seconds and CPU seconds (wall time suffers when others share the CPU)."""
    wall, cpu = time.perf_counter(), _cpu()
    result = fn()
    return result, (time.perf_counter() - wall, _cpu() - cpu)


def report(label: str, count: int, secs: tuple[float, float]) -> tuple[float, float]:
    """Print and return messages per wall second and per CPU second."""
    wall, cpu = secs
    print(
        f"  {label:<54} {count:>4} msgs  wall {wall:7.2f} s {count / wall:7.2f} msgs/s"
        f"  cpu {cpu:7.2f} s {count / cpu:7.2f} msgs/cpu-s"
    )
    return count / wall, count / cpu


def speedup(label: str, ours: tuple[float, float], base: tuple[float, float]) -> float:
    wall, cpu = ours[0] / base[0], ours[1] / base[1]
    print(f"  speed-up {label}: {wall:.1f}x wall-clock, {cpu:.1f}x CPU time")
    return wall


def prepare_argos_env(work: Path, beam: int) -> Path:
    """Point argostranslate at temporary folders and an offline sentence splitter."""
    packages = work / "argos-packages"
    os.environ.update(
        {
            "ARGOS_PACKAGES_DIR": str(packages),
            "XDG_DATA_HOME": str(work / "data"),
            "XDG_CONFIG_HOME": str(work / "config"),
            "XDG_CACHE_HOME": str(work / "cache"),
            # argostranslate's default splitter (MiniSBD) downloads a model; SPACY loads a
            # cached spaCy pipeline and adds the rule-based sentencizer, as workbench does.
            "ARGOS_CHUNK_TYPE": "SPACY",
            "ARGOS_BEAM_SIZE": str(beam),
            "ARGOS_COMPUTE_TYPE": "int8",
            "ARGOS_DEVICE_TYPE": "cpu",
            "HF_HUB_OFFLINE": "1",
            "TRANSFORMERS_OFFLINE": "1",
        }
    )
    import spacy

    # argostranslate looks for its cached xx_sent_ud_sm at <cache>/spacy and downloads it when
    # <cache>/spacy/senter/model is missing. A blank multi-language pipeline stands in (the
    # sentencizer argostranslate adds does the splitting); the marker stops the download.
    cache = work / "cache" / "argos-translate" / "spacy"
    cache.parent.mkdir(parents=True, exist_ok=True)
    spacy.blank("xx").to_disk(cache)
    (cache / "senter").mkdir(parents=True, exist_ok=True)
    (cache / "senter" / "model").write_text("")
    packages.mkdir(parents=True, exist_ok=True)
    return packages


def build_model(work: Path, messages: Sequence[str], eos_bias: float) -> Path:
    from fixtures.tiny_argos import OPUS_MT_LIKE, _quiet_transformers, build_package

    from workbench.nlp import split_sentences

    _quiet_transformers()
    lines = [line for m in messages for line in m.splitlines() if line.strip()]
    sentences = sorted({s for group in split_sentences(lines, "en") for s in group})
    return build_package(
        work / "archives", "en", "es", size=OPUS_MT_LIKE, sentences=sentences, eos_bias=eos_bias
    )


def argos_one_thread(messages: Sequence[str]) -> list[str]:
    """argostranslate.translate() per message, its CTranslate2 translator on one thread."""
    from argostranslate import settings as argos_settings
    from argostranslate import translate as argos_translate

    cached = argos_translate.get_translation_from_codes("en", "es")
    saved = argos_settings.intra_threads
    argos_settings.intra_threads = 1
    cached.underlying.translator = None  # rebuilt on the next call with the setting above
    cached.cache = {}
    argos_translate.translate(messages[0], "en", "es")  # load before the first timed message
    try:
        return [argos_translate.translate(m, "en", "es") for m in messages]
    finally:
        argos_settings.intra_threads = saved


def bench_argos(args: argparse.Namespace, work: Path, messages: list[str]) -> float:
    packages = prepare_argos_env(work, args.beam)
    print("Argos: building an OPUS-MT-sized random-weight en->es package ...", flush=True)
    archive, secs = timed(lambda: build_model(work, messages, args.eos_bias))
    from workbench.mt.packages import install_package

    install_package(archive, packages)  # type: ignore[arg-type]
    print(f"  built and installed in {secs[0]:.1f} s", flush=True)

    from argostranslate import settings as argos_settings
    from argostranslate import translate as argos_translate

    from workbench.config import Config
    from workbench.mt.argos import ArgosTranslator, worker_count

    config = Config()
    config.mt.argos_packages_dir = str(packages)
    config.mt.beam_size = args.beam
    ours = ArgosTranslator(config)
    # Load models and sentence splitters before timing: both sides pay that once.
    argos_translate.translate(messages[0], "en", "es")
    ours.translate(messages[:1], "en", "es")

    subset = messages[: args.baseline_messages]
    baseline_out, base_secs = timed(
        lambda: [argos_translate.translate(m, "en", "es") for m in subset]
    )
    # The same with one thread per translation, as each of our workers runs: how much of the
    # speed-up comes from threading rather than batching.
    base_threads = (argos_settings.inter_threads, argos_settings.intra_threads)
    one_thread_out, one_thread_secs = timed(lambda: argos_one_thread(subset))
    batched_out, ours_secs = timed(lambda: ours.translate(messages, "en", "es"))
    # The same without translating repeated sentences once: what batching alone gives.
    ours.dedupe = False
    plain_out, plain_secs = timed(lambda: ours.translate(messages, "en", "es"))
    assert isinstance(baseline_out, list) and isinstance(batched_out, list)
    assert isinstance(plain_out, list)

    print(
        f"Argos en->es, beam {args.beam} on both sides, int8, CPU ({os.cpu_count()} cores); "
        f"argostranslate: its defaults inter_threads={base_threads[0]}, "
        f"intra_threads={base_threads[1]} (0 = CTranslate2's default); "
        f"ArgosTranslator: {worker_count()} workers of 1 thread:"
    )
    base_rate = report(
        "(a) argostranslate.translate(), one message per call", len(subset), base_secs
    )
    one_rate = report("(a1) the same with intra_threads=1", len(subset), one_thread_secs)
    plain_rate = report(
        "(b0) ArgosTranslator, batched, no de-duplication", len(messages), plain_secs
    )
    ours_rate = report("(b) ArgosTranslator.translate(), batched", len(messages), ours_secs)
    speedup("(b0)/(a), batching alone", plain_rate, base_rate)
    speedup("(b0)/(a1), batching alone vs one-thread argostranslate", plain_rate, one_rate)
    # argostranslate glues a paragraph's sentences together without spaces; compare the words.
    same = sum(a.split() == b.split() for a, b in zip(baseline_out, batched_out, strict=False))
    ratio = speedup("(b)/(a), batching and de-duplication", ours_rate, base_rate)
    print(
        f"  mean output chars per message: (a) {statistics.mean(map(len, baseline_out)):.0f}, "
        f"(b) {statistics.mean(map(len, batched_out[: len(subset)])):.0f}; "
        f"same words on the shared messages: {same}/{len(subset)}; "
        f"(b0) = (b) on {sum(a == b for a, b in zip(plain_out, batched_out, strict=True))}"
        f"/{len(messages)}; (a1) = (a) on "
        f"{sum(a == b for a, b in zip(one_thread_out, baseline_out, strict=True))}/{len(subset)}"
    )
    return ratio


def bench_apertium(args: argparse.Namespace, messages: list[str]) -> float | None:
    from workbench.errors import ModelUnavailableError
    from workbench.mt.apertium import ApertiumTranslator

    apertium = ApertiumTranslator()
    try:
        apertium.mode("en", "es")
    except ModelUnavailableError as exc:
        print(f"Apertium: skipped ({exc})")
        return None
    subset = messages[: args.baseline_messages]
    apertium.translate(messages[:1], "en", "es")  # warm the disk cache for both sides

    def one_process_each() -> list[str]:
        # The same translator, called once per message: one apertium process each.
        return [apertium.translate([m], "en", "es")[0] for m in subset]

    _, base_secs = timed(one_process_each)
    _, ours_secs = timed(lambda: apertium.translate(messages, "en", "es"))
    print("Apertium en->es:")
    base_rate = report("(c1) one apertium process per message", len(subset), base_secs)
    ours_rate = report("(c2) ApertiumTranslator.translate(), batched", len(messages), ours_secs)
    return speedup("(c2)/(c1)", ours_rate, base_rate)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=500, help="messages for the batched runs")
    parser.add_argument(
        "--baseline-messages", type=int, default=100, help="messages for the one-at-a-time runs"
    )
    parser.add_argument("--beam", type=int, default=2, help="beam size for both Argos runs")
    parser.add_argument(
        "--eos-bias", type=float, default=3.0, help="end-of-sentence logit bias of the model"
    )
    parser.add_argument("--skip-apertium", action="store_true", help="only run the Argos part")
    parser.add_argument("--skip-argos", action="store_true", help="only run the Apertium part")
    args = parser.parse_args()
    args.baseline_messages = min(args.baseline_messages, args.messages)
    messages = support_messages(args.messages)
    from workbench.mt.argos import _segment

    segments = [s for layout in _segment(messages, "en") for s in layout[1::2]]
    print(
        f"{len(messages)} support replies: {len(segments)} sentences and greeting/sign-off lines, "
        f"{len(set(segments))} distinct"
    )
    with tempfile.TemporaryDirectory(prefix="bench-mt-") as tmp:
        if not args.skip_argos:
            bench_argos(args, Path(tmp), messages)
        if not args.skip_apertium:
            bench_apertium(args, messages)


if __name__ == "__main__":
    main()
