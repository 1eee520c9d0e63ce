"""ArgosTranslator on real (tiny, random-weight) Argos packages: structure, batching, errors."""

from __future__ import annotations

import pytest
from fixtures.tiny_argos import TinyArgos

from workbench.config import Config
from workbench.errors import ModelUnavailableError
from workbench.mt import argos as argos_module
from workbench.mt.argos import ArgosTranslator
from workbench.mt.base import Translator

pytestmark = pytest.mark.integration

TEXTS = [
    "Thanks for reaching out. Your order has shipped!",
    "Please reset your password.",
    "Hi Anna,\n\nWe have issued a full refund. It takes 3 days.\n\nBest,\nSam",
    "Could you send us a screenshot?",
]


@pytest.fixture
def translator(tiny_argos: TinyArgos) -> ArgosTranslator:
    config = Config()
    config.mt.argos_packages_dir = str(tiny_argos.packages_dir)
    return ArgosTranslator(config)


def test_is_a_translator_with_the_installed_pairs(translator: ArgosTranslator) -> None:
    assert isinstance(translator, Translator)
    assert translator.name == "argos"
    assert translator.pairs() == [("de", "en"), ("en", "de"), ("en", "fr")]
    assert translator.model_id("en", "de") == "argos:translate-en_de-0_0_1"
    assert translator.model_id("de", "en") == "argos:translate-de_en-0_0_1"


def test_one_output_per_input_in_order(translator: ArgosTranslator) -> None:
    out = translator.translate(TEXTS, "en", "de")
    assert len(out) == len(TEXTS)
    assert all(isinstance(t, str) and t.strip() for t in out)
    # Different inputs give different (random-model) outputs, so order is observable.
    reversed_out = translator.translate(list(reversed(TEXTS)), "en", "de")
    assert reversed_out == list(reversed(out))
    assert len(set(out)) > 1


def test_batched_equals_one_by_one(translator: ArgosTranslator) -> None:
    batched = translator.translate(TEXTS, "en", "de")
    single = [translator.translate([t], "en", "de")[0] for t in TEXTS]
    assert batched == single


def test_empty_and_whitespace_texts_come_back_unchanged(translator: ArgosTranslator) -> None:
    out = translator.translate(["", "   ", "Thanks!", "\n\t"], "en", "de")
    assert out[0] == "" and out[1] == "   " and out[3] == "\n\t"
    assert out[2].strip()
    assert translator.translate([], "en", "de") == []


def test_layout_between_sentences_is_kept(translator: ArgosTranslator) -> None:
    text = "  Hi Anna,\n\nWe have issued a refund.  It takes 3 days.\nBest,\nSam \n"
    (out,) = translator.translate([text], "en", "de")
    assert out.startswith("  ") and out.endswith(" \n")
    assert out.count("\n") == text.count("\n")
    assert "\n\n" in out


def test_many_sentences_in_one_call(translator: ArgosTranslator, monkeypatch) -> None:
    calls = []
    model = translator._model(translator.package_for("en", "de"))
    real = model.translator.translate_batch

    def counting(batch, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(len(batch))
        return real(batch, **kwargs)

    monkeypatch.setattr(
        model, "translator", type("T", (), {"translate_batch": staticmethod(counting)})()
    )
    text = " ".join(f"Sentence number {i} is here." for i in range(60))
    out = translator.translate([text, "Short one."], "en", "de")
    assert len(out) == 2 and out[0].strip()
    assert sum(calls) == 61  # every sentence of every text, in a few engine calls
    assert len(calls) <= 3


def test_repeated_sentences_are_translated_once(translator: ArgosTranslator, monkeypatch) -> None:
    model = translator._model(translator.package_for("en", "de"))
    seen: list[list[str]] = []
    real = model.encode

    def recording(sentences):  # type: ignore[no-untyped-def]
        seen.append(list(sentences))
        return real(sentences)

    monkeypatch.setattr(model, "encode", recording)
    out = translator.translate(["Thanks!", "Thanks! Bye.", "Bye.\n\nThanks!"], "en", "de")
    assert seen == [["Thanks!", "Bye."]]
    thanks, bye = translator.translate(["Thanks!", "Bye."], "en", "de")
    assert out == [thanks, f"{thanks} {bye}", f"{bye}\n\n{thanks}"]


def test_each_model_is_loaded_once(tiny_argos: TinyArgos, monkeypatch) -> None:
    opened = []
    real_open = argos_module._open_model

    def counting_open(pkg):  # type: ignore[no-untyped-def]
        opened.append(pkg.package_path.name)
        return real_open(pkg)

    monkeypatch.setattr(argos_module, "_open_model", counting_open)
    config = Config()
    config.mt.argos_packages_dir = str(tiny_argos.packages_dir)
    translator = ArgosTranslator(config)
    for _ in range(3):
        translator.translate(["Hello there."], "en", "de")
        translator.translate(["Hallo."], "de", "en")
    assert sorted(opened) == ["translate-de_en-0_0_1", "translate-en_de-0_0_1"]


def test_round_trip_through_both_directions(translator: ArgosTranslator) -> None:
    forward = translator.translate(TEXTS, "en", "de")
    back = translator.translate(forward, "de", "en")
    assert len(back) == len(TEXTS)


def test_unknown_pair_is_a_clear_model_unavailable_error(translator: ArgosTranslator) -> None:
    with pytest.raises(ModelUnavailableError, match=r"no Argos package for en-ja.*en-de") as info:
        translator.translate(["Hello"], "en", "ja")
    assert "workbench models install en-ja" in str(info.value)
    with pytest.raises(ModelUnavailableError):
        translator.model_id("fr", "en")  # only en-fr is installed: pivoting is the router's job


def test_empty_or_missing_package_folder_has_no_pairs(tmp_path) -> None:
    config = Config()
    config.mt.argos_packages_dir = str(tmp_path / "nowhere")
    translator = ArgosTranslator(config)
    assert translator.pairs() == []
    with pytest.raises(ModelUnavailableError, match="installed: none"):
        translator.translate(["Hi"], "en", "de")


def test_a_broken_package_folder_is_skipped(tiny_argos: TinyArgos, tmp_path) -> None:
    import shutil

    dest = tmp_path / "packages"
    shutil.copytree(
        tiny_argos.packages_dir / "translate-en_de-0_0_1", dest / "translate-en_de-0_0_1"
    )
    (dest / "half-installed").mkdir()  # no metadata.json
    config = Config()
    config.mt.argos_packages_dir = str(dest)
    assert ArgosTranslator(config).pairs() == [("en", "de")]


def test_newest_package_version_wins(tiny_argos: TinyArgos, tmp_path) -> None:
    import json
    import shutil

    dest = tmp_path / "packages"
    for version in ("0.9", "1.10"):
        folder = dest / f"translate-en_de-{version}"
        shutil.copytree(tiny_argos.packages_dir / "translate-en_de-0_0_1", folder)
        meta = json.loads((folder / "metadata.json").read_text())
        meta["package_version"] = version
        (folder / "metadata.json").write_text(json.dumps(meta))
    config = Config()
    config.mt.argos_packages_dir = str(dest)
    assert ArgosTranslator(config).model_id("en", "de") == "argos:translate-en_de-1_10"
