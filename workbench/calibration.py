"""Risk calibration: weights fitted on human error annotations, read from glossaries/calibration/.

bench/calibrate_risk.py writes glossaries/calibration/risk.toml (with the data set and date it
came from); RiskPolicy reads it here. Values in [risk] of workbench.toml still override.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.errors import GlossaryError
from workbench.paths import bundled_glossaries

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Calibration:
    """Fitted risk parameters; see bench/calibrate_risk.py for what each one means."""

    weights: Mapping[str, float] = field(default_factory=dict)  # "family/severity" -> weight
    crosslingual_weight: float = 0.0  # weight of draft/translation dissimilarity
    crosslingual_top: float = 1.0  # cosine at or above which a pair counts as similar
    crosslingual_bottom: float = 0.0  # cosine at or below which it counts as fully dissimilar
    per_word: float = 0.0  # chance of an error per word of the draft (the length prior)
    source: str = ""  # what the parameters were fitted on

    def finding_weight(self, rule_id: str, severity: str, default: float) -> float:
        return self.weights.get(f"{rule_id.split('.')[0]}/{severity}", default)

    def dissimilarity(self, cosine: float) -> float:
        """0 for a pair as similar as a typical correct one, 1 at the bottom of the range."""
        span = self.crosslingual_top - self.crosslingual_bottom
        if span <= 0:
            return 0.0
        return min(1.0, max(0.0, (self.crosslingual_top - cosine) / span))

    def length_prior(self, words: int) -> float:
        return 1.0 - (1.0 - self.per_word) ** max(0, words)


def calibration_path() -> Path:
    return bundled_glossaries() / "calibration" / "risk.toml"


@functools.lru_cache(maxsize=4)
def load_calibration(path: Path | None = None) -> Calibration:
    """The fitted parameters; no file means no calibration (the policy's own defaults)."""
    path = path or calibration_path()
    if not path.exists():
        return Calibration()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise GlossaryError(f"{path}: cannot read the risk calibration: {exc}") from exc
    return _parse(data, path)


def _parse(data: Mapping[str, Any], path: Path) -> Calibration:
    def number(table: str, key: str, low: float, high: float) -> float:
        value = data.get(table, {}).get(key, 0.0)
        if not isinstance(value, (int, float)) or not low <= value <= high:
            raise GlossaryError(f"{path}: [{table}] {key} must be a number in [{low}, {high}]")
        return float(value)

    weights = {}
    for key, value in data.get("weights", {}).items():
        fam, _, severity = key.partition("/")
        if not fam or severity not in SEVERITIES:
            raise GlossaryError(f"{path}: weight key {key!r} must be 'family/severity'")
        if not isinstance(value, (int, float)) or not 0 <= value < 1:
            raise GlossaryError(f"{path}: weight {key!r} must be a number in [0, 1)")
        weights[key] = float(value)
    meta = data.get("meta", {})
    return Calibration(
        weights=weights,
        crosslingual_weight=number("crosslingual", "weight", 0, 1),
        crosslingual_top=number("crosslingual", "top", -1, 1),
        crosslingual_bottom=number("crosslingual", "bottom", -1, 1),
        per_word=number("prior", "per_word", 0, 0.5),
        source=f"{meta.get('dataset', '?')}, fitted {meta.get('fitted', '?')}",
    )
