"""The fitted risk calibration: the bundled file, what each parameter does, bad files."""

from pathlib import Path

import pytest

from workbench.calibration import Calibration, calibration_path, load_calibration
from workbench.config import Config, load_config
from workbench.errors import GlossaryError
from workbench.models import Finding, Message, PipelineItem
from workbench.risk import RiskPolicy

# The direct checks ran and agree (so "meaning not verified" does not set the level).
DIRECT = {"meaning_direct_issues": 0, "crosslingual_sentence_min": 0.9}


def item(text: str) -> PipelineItem:
    return PipelineItem(Message(id="m", text=text, target="de-DE"), "de-DE", "Text.", None)


def test_bundled_calibration_has_provenance_and_sane_values() -> None:
    path = calibration_path()
    assert path.exists()
    text = path.read_text(encoding="utf-8")
    assert "wmt-mqm-human-evaluation" in text and "fitted =" in text
    cal = load_calibration()
    assert cal.weights and all(0 <= w < 1 for w in cal.weights.values())
    assert 0 < cal.per_word < 0.1
    assert cal.crosslingual_bottom < cal.crosslingual_top
    assert "MQM" in cal.source


def test_length_prior_orders_but_does_not_queue() -> None:
    policy = RiskPolicy(calibration=Calibration(per_word=0.02))
    short = policy.evaluate(item("Thanks."), DIRECT, [])
    long = policy.evaluate(item(" ".join(["word"] * 80)), DIRECT, [])
    assert long.score > short.score > 0
    assert long.level == short.level == "low"


def test_crosslingual_dissimilarity_adds_a_reason_and_weight() -> None:
    cal = Calibration(crosslingual_weight=0.5, crosslingual_top=0.8, crosslingual_bottom=0.4)
    policy = RiskPolicy(calibration=cal)
    near = policy.evaluate(item("Hi."), {"cosine_crosslingual": 0.85}, [])
    far = policy.evaluate(item("Hi."), {"cosine_crosslingual": 0.40}, [])
    assert near.score == 0
    assert far.score == pytest.approx(0.5)
    assert any("cross-lingual similarity 0.40" in r for r in far.reasons)


def test_fitted_weight_replaces_the_severity_default_and_config_overrides_it() -> None:
    finding = Finding("idioms.idiom", "m", (0, 1), "source", "warning")
    cal = Calibration(weights={"idioms/warning": 0.3})
    assert RiskPolicy(calibration=cal).evaluate(item("x"), {}, [finding]).score == 0.3
    config = Config()
    config.risk.weights = {"idioms": 0.05}
    assert RiskPolicy(config.risk, calibration=cal).evaluate(item("x"), {}, [finding]).score == 0.05


def test_bad_calibration_file_is_one_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "risk.toml"
    bad.write_text('[weights]\n"idioms" = 0.3\n', encoding="utf-8")
    with pytest.raises(GlossaryError, match="family/severity"):
        load_calibration(bad)
    bad.write_text("[prior]\nper_word = 2\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match=r"per_word must be a number in \[0, 0.5\]"):
        load_calibration(bad)


def test_config_can_switch_calibration_off(tmp_path: Path) -> None:
    (tmp_path / "workbench.toml").write_text("[risk]\ncalibrated = false\n", encoding="utf-8")
    config = load_config(tmp_path / "workbench.toml")
    assert config.risk.calibrated is False
    assert RiskPolicy.from_config(config).calibration == Calibration()
