"""Round-trip semantic drift: embeddings of draft vs back-translation, localised to a sentence."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import sacrebleu

from workbench.embeddings import Encoder, multilingual_encoder, roundtrip_encoder
from workbench.errors import ModelUnavailableError
from workbench.models import Finding, PipelineItem, ScoreResult
from workbench.nlp import sentence_spans
from workbench.risk import ALIGNMENT_SIGNAL
from workbench.scoring.base import ScoringContext

# Calibrated on bench/data/drift_eval.jsonl by bench/eval_drift.py: with the explicit meaning
# checks beside it, flagging round trips whose cosine (English model alone) is below this gives
# the best accuracy. Re-run the bench and update the numbers together.
CALIBRATED_COSINE = 0.70
# Drift at the calibrated cosine: the same number as the risk policy's default max_drift, so the
# default limit there is the calibrated one (for the blend below as well).
CALIBRATED_MAX_DRIFT = 0.35
# The round trip is also embedded with the multilingual encoder (already loaded for cross-lingual
# similarity) when it covers the draft's language, and the two cosines are blended with this
# weight on the multilingual one. Chosen on the dev split of the eval set (bench/eval_drift.py):
# MiniLM alone ranks kept vs changed round trips much worse than the blend (ROC AUC 0.652 vs
# 0.783 on dev; then 0.649 vs 0.775 on test and 0.643 vs 0.686 on the held-out set).
BLEND_WEIGHT = 0.9
# The blended cosine at which drift equals CALIBRATED_MAX_DRIFT (best combined accuracy on dev).
CALIBRATED_COSINE_BLEND = 0.876
# Cosine at which drift reaches 1 for the English model alone; drift is linear in cosine.
COS_FULL_DRIFT = 1.0 - (1.0 - CALIBRATED_COSINE) / CALIBRATED_MAX_DRIFT
# Blended cosine at which drift reaches 1. Blended cosines crowd near 1, so a straight line
# through the calibrated point would push many round trips to "high" on drift alone; beyond the
# calibrated point drift rises more slowly, so that on dev no more kept round trips reach drift
# 0.72 (high by drift alone at weight 0.9) than with MiniLM alone (1 of 71).
COS_FULL_DRIFT_BLEND = 0.40
# A sentence whose own drift is above this gets a "drift.sentence" finding.
SENTENCE_MAX_DRIFT = CALIBRATED_MAX_DRIFT

# Cross-lingual sentence alignment of draft and translation (multilingual encoder): each
# sentence of one side is matched to one or two of the other (a merge costs MERGE_COST more) or
# to none at all (SKIP_COST): the cheapest alignment shows an omitted or added sentence, and a
# matched pair whose cosine is below MOVED_COSINE no longer says the same. Chosen on the dev
# split of bench/eval_meaning.py (Django catalogs; held-out: Sphinx catalogs) by a grid over the
# three: 0.7% of correct entries get a sentence finding, 89% of dropped or added sentences are
# found. Merge 0.4 found 93% on the catalogs but called a translator's split of one sentence into
# two an added sentence (corpora/sample damaged-replacement-sent, de); skip 0.45: 76%.
SKIP_COST = 0.35
MERGE_COST = 0.3
MOVED_COSINE = 0.2
# Sentences with fewer letters ("Thanks!", "Hi Ana,") embed too unreliably to be judged alone.
MIN_SENTENCE_LETTERS = 12

SIGNALS = (
    "drift",
    "cosine_roundtrip",
    "cosine_roundtrip_multilingual",
    "cosine_crosslingual",
    "chrf",
    "drift_sentence_max",
    ALIGNMENT_SIGNAL,
)
# The signals that need the English round-trip model.
_MODEL_SIGNALS = ("drift", "cosine_roundtrip", "drift_sentence_max")
_BLEND_SIGNAL = "cosine_roundtrip_multilingual"


def drift_from_cosine(
    cosine: float, calibrated: float = CALIBRATED_COSINE, full: float = COS_FULL_DRIFT
) -> float:
    """Map a cosine similarity to drift in [0, 1] (0 = same meaning).

    Piecewise linear and decreasing in cosine: 0 at 1, CALIBRATED_MAX_DRIFT at `calibrated`, 1 at
    `full` (the cosines calibrated for the encoder or blend that produced it). With the English
    model's defaults the two pieces lie on one line.
    """
    if cosine >= calibrated:
        drift = (1.0 - cosine) * CALIBRATED_MAX_DRIFT / (1.0 - calibrated)
    else:
        drift = CALIBRATED_MAX_DRIFT + (calibrated - cosine) * (1.0 - CALIBRATED_MAX_DRIFT) / (
            calibrated - full
        )
    return float(np.clip(drift, 0.0, 1.0))


@dataclass(frozen=True)
class RoundTrip:
    """Drift of one draft against its back-translation."""

    cosine: float  # whole texts (blended when a partner encoder took part)
    sentence_drifts: list[float]  # per source sentence, after alignment
    sentence_spans: list[tuple[int, int]]  # source sentence spans, same order
    sentence_match: list[int | None]  # index of the aligned back-translation sentence
    back_spans: list[tuple[int, int]]
    # cosines where drift = CALIBRATED_MAX_DRIFT and where it reaches 1
    calibration: tuple[float, float] = (CALIBRATED_COSINE, COS_FULL_DRIFT)
    cosine_main: float | None = None  # whole texts, the English model alone
    cosine_partner: float | None = None  # whole texts, the partner (multilingual) encoder alone

    @property
    def drift(self) -> float:
        return drift_from_cosine(self.cosine, *self.calibration)

    @property
    def sentence_max(self) -> float:
        return max(self.sentence_drifts, default=self.drift)


def align_sentences(sim: np.ndarray) -> list[int | None]:
    """For each source sentence, the back-translation sentence it corresponds to.

    A one-to-one assignment maximising total cosine (Hungarian); a source sentence left over
    because MT merged sentences takes its most similar back-translation sentence.
    """
    if sim.size == 0:
        return [None] * sim.shape[0]
    from scipy.optimize import linear_sum_assignment  # 0.3-1 s to import; only on a cache miss

    rows, cols = linear_sum_assignment(-sim)
    match: list[int | None] = [None] * sim.shape[0]
    for r, c in zip(rows, cols, strict=True):
        match[r] = int(c)
    return [m if m is not None else int(np.argmax(sim[i])) for i, m in enumerate(match)]


def _similarities(
    sources: Sequence[str],
    backs: Sequence[str],
    src_spans: list[list[tuple[int, int]]],
    back_spans: list[list[tuple[int, int]]],
    encoder: Encoder,
) -> list[tuple[float, np.ndarray]]:
    """Per pair: whole-text cosine and the sentence-by-sentence cosine matrix (one encode)."""
    texts: list[str] = list(sources) + list(backs)
    for s, spans in zip(sources, src_spans, strict=True):
        texts += [s[a:b] for a, b in spans]
    for b, spans in zip(backs, back_spans, strict=True):
        texts += [b[x:y] for x, y in spans]
    unique = list(dict.fromkeys(texts))
    vectors = encoder.encode(unique)
    row = {t: i for i, t in enumerate(unique)}

    def vec(text: str) -> np.ndarray:
        return vectors[row[text]]

    out = []
    for s, b, ss, bs in zip(sources, backs, src_spans, back_spans, strict=True):
        cosine = float(vec(s) @ vec(b)) if b.strip() else 0.0
        if ss and bs:
            sim = np.stack([vec(s[x:y]) for x, y in ss]) @ np.stack([vec(b[x:y]) for x, y in bs]).T
        else:
            sim = np.zeros((len(ss), len(bs)), np.float32)
        out.append((cosine, sim))
    return out


def round_trips(
    sources: Sequence[str],
    backs: Sequence[str],
    encoder: Encoder,
    lang: str = "en",
    partner: Encoder | None = None,
    weight: float = BLEND_WEIGHT,
) -> list[RoundTrip]:
    """Whole-text and per-sentence drift for many pairs, with one call per encoder.

    With a `partner` encoder, every cosine is (1 - weight) * encoder's + weight * partner's and
    drift uses the blend's calibration.
    """
    src_spans = [sentence_spans(s, lang) for s in sources]
    back_spans = [sentence_spans(b, lang) for b in backs]
    main = _similarities(sources, backs, src_spans, back_spans, encoder)
    other = (
        _similarities(sources, backs, src_spans, back_spans, partner)
        if partner is not None
        else [None] * len(main)
    )
    calibration = (
        (CALIBRATED_COSINE_BLEND, COS_FULL_DRIFT_BLEND)
        if partner is not None
        else (CALIBRATED_COSINE, COS_FULL_DRIFT)
    )
    out = []
    for (cos_main, sim_main), extra, ss, bs in zip(main, other, src_spans, back_spans, strict=True):
        cosine, sim, cos_partner = cos_main, sim_main, None
        if extra is not None:
            cos_partner = extra[0]
            cosine = (1.0 - weight) * cos_main + weight * cos_partner
            sim = (1.0 - weight) * sim_main + weight * extra[1]
        if ss and bs:
            match = align_sentences(sim)
            drifts = [
                drift_from_cosine(float(sim[i, m]), *calibration)
                for i, m in enumerate(match)
                if m is not None
            ]
        else:
            match, drifts = [None] * len(ss), [1.0] * len(ss)  # nothing came back
        out.append(RoundTrip(cosine, drifts, ss, match, bs, calibration, cos_main, cos_partner))
    return out


@dataclass(frozen=True)
class Bead:
    """One step of a cross-lingual alignment: sentences of the draft and of the translation
    that say the same thing (either side may be empty: an omitted or an added sentence)."""

    source: tuple[int, ...]
    target: tuple[int, ...]
    cosine: float | None  # None for an omitted or added sentence


# Beads an alignment may use: (draft sentences, translation sentences). MT and translators merge
# or split up to three sentences; longer runs are rare enough to be worth a look.
BEADS = ((1, 0), (0, 1), (1, 1), (2, 1), (1, 2), (3, 1), (1, 3))


def align_crosslingual(
    n: int,
    m: int,
    cosine: Callable[[int, int, int, int], float],
    skip: float = SKIP_COST,
    merge: float = MERGE_COST,
) -> list[Bead]:
    """The cheapest monotone alignment of n draft and m translation sentences.

    `cosine(i, a, j, b)` is the similarity of draft sentences i..i+a-1 (joined) with
    translation sentences j..j+b-1. A bead of a and b sentences costs 1 - cosine, plus `merge`
    for each sentence beyond one a side; a sentence left alone costs `skip` (the shape of
    Vecalign, Thompson & Koehn 2019).
    """
    inf = float("inf")
    cost = np.full((n + 1, m + 1), inf)
    step: dict[tuple[int, int], tuple[int, int, float | None]] = {}
    cost[0, 0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            best: tuple[float, int, int, float | None] | None = None
            for a, b in BEADS:
                if a > i or b > j or cost[i - a, j - b] == inf:
                    continue
                if a == 0 or b == 0:
                    c, total = None, cost[i - a, j - b] + skip
                else:
                    c = cosine(i - a, a, j - b, b)
                    total = cost[i - a, j - b] + 1 - c + merge * (a + b - 2)
                if best is None or total < best[0]:
                    best = (total, a, b, c)
            if best is not None:
                cost[i, j] = best[0]
                step[(i, j)] = best[1:]
    beads: list[Bead] = []
    i, j = n, m
    while i or j:
        a, b, c = step[(i, j)]
        beads.append(Bead(tuple(range(i - a, i)), tuple(range(j - b, j)), c))
        i, j = i - a, j - b
    return beads[::-1]


def chrf(source: str, back: str) -> float:
    """chrF of the back-translation against the draft, sacrebleu's 0-100 scale."""
    return float(sacrebleu.sentence_chrf(back, [source]).score)


class DriftScorer:
    """Semantic drift of the round trip, plus cross-lingual similarity and sentence alignment
    of the translation against the draft."""

    name = "drift"

    def __init__(self, context: ScoringContext, align: bool = True) -> None:
        self.context = context
        # Sentence alignment of draft and translation; off only to measure what the round trip
        # alone finds (bench/eval_meaning.py). The costs are attributes so the bench can fit them.
        self.align = align
        self.skip_cost, self.merge_cost, self.moved_cosine = SKIP_COST, MERGE_COST, MOVED_COSINE

    def _encoder(self, key: str, load: Callable[[ScoringContext], Encoder]) -> Encoder | str:
        """The encoder, or why it cannot be had (remembered, so a missing model is tried once)."""

        def build() -> Encoder | str:
            try:
                return load(self.context)
            except ModelUnavailableError as exc:
                return str(exc)

        cfg = self.context.config.embeddings
        return self.context.get(f"drift:{key}:{cfg.model}:{cfg.multilingual}", build)

    def score(self, items: Sequence[PipelineItem]) -> list[ScoreResult]:
        signals: list[dict[str, Any]] = [{} for _ in items]
        findings: list[list[Finding]] = [[] for _ in items]
        unavailable: list[dict[str, str]] = [{} for _ in items]
        self._round_trip(items, signals, findings, unavailable)
        self._cross_lingual(items, signals, findings, unavailable)
        return [
            ScoreResult(signals=s, findings=tuple(f), unavailable=u)
            for s, f, u in zip(signals, findings, unavailable, strict=True)
        ]

    def _round_trip(
        self,
        items: Sequence[PipelineItem],
        signals: list[dict[str, Any]],
        findings: list[list[Finding]],
        unavailable: list[dict[str, str]],
    ) -> None:
        todo: list[int] = []
        for i, item in enumerate(items):
            why = None
            if item.back_translation is None:
                why = "no back-translation (no engine for the way back, or the translation failed)"
            elif not item.source.strip():
                why = "the draft is empty"
            if why:
                for name in (*_MODEL_SIGNALS, "chrf", _BLEND_SIGNAL):
                    unavailable[i][name] = why
            else:
                todo.append(i)
        if not todo:
            return
        encoder = self._encoder("roundtrip", roundtrip_encoder)
        for i in todo:
            item = items[i]
            signals[i]["chrf"] = round(chrf(item.source, item.back_translation or ""), 2)
        if isinstance(encoder, str):
            for i in todo:
                for name in (*_MODEL_SIGNALS, _BLEND_SIGNAL):
                    unavailable[i][name] = encoder
            return
        partner = self._partner()
        for lang, group in _by_language(items, todo).items():
            blend: Encoder | None = None
            if isinstance(partner, str):
                why_not = partner
            elif lang not in (getattr(partner, "languages", None) or {lang}):
                why_not = f"{partner.name} does not cover {lang!r}"
            else:
                blend, why_not = partner, ""
            sources = [items[i].source for i in group]
            backs = [items[i].back_translation or "" for i in group]
            try:
                try:
                    trips = round_trips(sources, backs, encoder, lang, blend)
                except Exception as exc:  # the partner failing leaves the English model's drift
                    if blend is None:
                        raise
                    blend, why_not = None, f"embedding failed: {exc}"
                    trips = round_trips(sources, backs, encoder, lang)
            except Exception as exc:  # a model failure must not lose the other scorers' work
                for i in group:
                    for name in (*_MODEL_SIGNALS, _BLEND_SIGNAL):
                        unavailable[i][name] = f"embedding failed: {exc}"
                continue
            for i, trip in zip(group, trips, strict=True):
                signals[i]["drift"] = round(trip.drift, 4)
                signals[i]["cosine_roundtrip"] = round(
                    trip.cosine if trip.cosine_main is None else trip.cosine_main, 4
                )
                signals[i]["drift_sentence_max"] = round(trip.sentence_max, 4)
                if trip.cosine_partner is not None:
                    signals[i][_BLEND_SIGNAL] = round(trip.cosine_partner, 4)
                else:
                    unavailable[i][_BLEND_SIGNAL] = (
                        f"{why_not}; drift is from the English model alone"
                    )
                if finding := self._sentence_finding(items[i], trip):
                    findings[i].append(finding)

    def _partner(self) -> Encoder | str:
        """The multilingual encoder to blend into round-trip drift, or why there is none."""
        cfg = self.context.config.embeddings
        if not cfg.multilingual:
            return "disabled (embeddings.multilingual is empty)"
        if cfg.multilingual == cfg.model:
            return "embeddings.multilingual is the same model as embeddings.model"
        return self._encoder("multilingual", multilingual_encoder)

    def _sentence_finding(self, item: PipelineItem, trip: RoundTrip) -> Finding | None:
        if not trip.sentence_drifts:
            return None
        worst = int(np.argmax(trip.sentence_drifts))
        drift = trip.sentence_drifts[worst]
        if drift <= SENTENCE_MAX_DRIFT:
            return None
        m = trip.sentence_match[worst]
        back = item.back_translation or ""
        came_back = (
            f"came back as {back[trip.back_spans[m][0] : trip.back_spans[m][1]]!r}"
            if m is not None
            else "did not come back"
        )
        return Finding(
            "drift.sentence",
            f"this sentence {came_back} (drift {drift:.2f}): the translation may not say the same",
            trip.sentence_spans[worst],
            "source",
            "warning",
        )

    def _cross_lingual(
        self,
        items: Sequence[PipelineItem],
        signals: list[dict[str, Any]],
        findings: list[list[Finding]],
        unavailable: list[dict[str, str]],
    ) -> None:
        setting = self.context.config.embeddings.multilingual
        todo: list[int] = []

        def skip(i: int, why: str) -> None:
            unavailable[i]["cosine_crosslingual"] = unavailable[i][ALIGNMENT_SIGNAL] = why

        for i, item in enumerate(items):
            if not setting:
                skip(i, "disabled (embeddings.multilingual is empty)")
            elif item.translation is None or not item.translation.strip():
                skip(i, "no translation")
            elif not item.source.strip():
                skip(i, "the draft is empty")
            else:
                todo.append(i)
        if not todo:
            return
        encoder = self._encoder("multilingual", multilingual_encoder)
        if isinstance(encoder, str):
            for i in todo:
                skip(i, encoder)
            return
        languages = getattr(encoder, "languages", None)
        if languages:
            for i in list(todo):
                lang = items[i].target_language
                source_lang = items[i].message.source_lang.split("-")[0]
                missing = next((x for x in (lang, source_lang) if x not in languages), None)
                if missing is not None:
                    skip(
                        i,
                        f"{encoder.name} does not cover {missing!r}; set embeddings.multilingual "
                        "to a model that does",
                    )
                    todo.remove(i)
        if not todo:
            return
        try:
            vectors = encoder.encode(
                [items[i].source for i in todo] + [items[i].translation or "" for i in todo]
            )
            alignments = self._alignments([items[i] for i in todo], encoder) if self.align else None
        except Exception as exc:  # one model failure must not stop the run
            for i in todo:
                skip(i, f"embedding failed: {exc}")
            return
        n = len(todo)
        for k, i in enumerate(todo):
            signals[i]["cosine_crosslingual"] = round(float(vectors[k] @ vectors[n + k]), 4)
            if alignments is None:
                unavailable[i][ALIGNMENT_SIGNAL] = "sentence alignment switched off"
                continue
            found, lowest = alignments[k]
            findings[i].extend(found)
            signals[i][ALIGNMENT_SIGNAL] = round(lowest, 4)

    def _alignments(
        self, items: Sequence[PipelineItem], encoder: Encoder
    ) -> list[tuple[list[Finding], float]]:
        """Per item: sentence findings of the cross-lingual alignment and its lowest cosine."""
        layouts = []
        texts: list[str] = []
        for item in items:
            translation = item.translation or ""
            ss = sentence_spans(item.source, item.message.source_lang.split("-")[0])
            ts = sentence_spans(translation, item.target_language)
            src = _runs(item.source, ss)
            tgt = _runs(translation, ts)
            layouts.append((ss, ts, src, tgt))
            texts += list(src.values()) + list(tgt.values())
        unique = list(dict.fromkeys(texts))
        vectors = encoder.encode(unique) if unique else np.zeros((0, 0), np.float32)
        row = {t: k for k, t in enumerate(unique)}
        out = []
        for item, (ss, ts, src, tgt) in zip(items, layouts, strict=True):

            def cosine(i: int, a: int, j: int, b: int, src=src, tgt=tgt) -> float:
                return float(vectors[row[src[(i, a)]]] @ vectors[row[tgt[(j, b)]]])

            beads = align_crosslingual(len(ss), len(ts), cosine, self.skip_cost, self.merge_cost)
            out.append(_alignment_findings(item, beads, ss, ts, self.moved_cosine))
        return out


def _runs(text: str, spans: list[tuple[int, int]]) -> dict[tuple[int, int], str]:
    """(first sentence, how many) -> the text of one to three consecutive sentences."""
    return {
        (k, a): text[spans[k][0] : spans[k + a - 1][1]]
        for a in (1, 2, 3)
        for k in range(len(spans) - a + 1)
    }


def _letters(text: str) -> int:
    return sum(c.isalpha() for c in text)


def _alignment_findings(
    item: PipelineItem,
    beads: list[Bead],
    src_spans: list[tuple[int, int]],
    tgt_spans: list[tuple[int, int]],
    moved_cosine: float = MOVED_COSINE,
) -> tuple[list[Finding], float]:
    """Findings for omitted, added and moved sentences, and the lowest matched cosine."""
    translation = item.translation or ""
    findings: list[Finding] = []
    cosines = [b.cosine for b in beads if b.cosine is not None]
    for bead in beads:
        if bead.cosine is None and bead.source:
            (k,) = bead.source
            a, b = src_spans[k]
            if _letters(item.source[a:b]) >= MIN_SENTENCE_LETTERS:
                findings.append(
                    Finding(
                        "meaning.sentence_omitted",
                        "no sentence of the translation says what this sentence of the draft "
                        "says: it may have been left out",
                        (a, b),
                        "source",
                        "error",
                    )
                )
        elif bead.cosine is None:
            (k,) = bead.target
            a, b = tgt_spans[k]
            if _letters(translation[a:b]) >= MIN_SENTENCE_LETTERS:
                findings.append(
                    Finding(
                        "meaning.sentence_added",
                        "this sentence of the translation matches nothing in the draft: it may "
                        "have been added",
                        (a, b),
                        "translation",
                        "error",
                    )
                )
        elif bead.cosine < moved_cosine:
            a, b = tgt_spans[bead.target[0]][0], tgt_spans[bead.target[-1]][1]
            src_a, src_b = src_spans[bead.source[0]][0], src_spans[bead.source[-1]][1]
            if min(_letters(item.source[src_a:src_b]), _letters(translation[a:b])) >= (
                MIN_SENTENCE_LETTERS
            ):
                findings.append(
                    Finding(
                        "meaning.sentence_moved",
                        f"this sentence matches {item.source[src_a:src_b]!r} of the draft only "
                        f"weakly (cross-lingual similarity {bead.cosine:.2f}): its meaning may "
                        "have changed",
                        (a, b),
                        "translation",
                        "warning",
                    )
                )
    return findings, min(cosines, default=0.0)


def _by_language(items: Sequence[PipelineItem], indices: list[int]) -> dict[str, list[int]]:
    groups: dict[str, list[int]] = {}
    for i in indices:
        groups.setdefault(items[i].message.source_lang.split("-")[0], []).append(i)
    return groups
