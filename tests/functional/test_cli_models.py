"""`workbench models list|install` through click's CliRunner: outputs and exit codes."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from fixtures.tiny_argos import TinyArgos

from workbench.cli import main


def write_config(tmp_path: Path, packages_dir: Path) -> Path:
    config = tmp_path / "workbench.toml"
    config.write_text(f'[mt]\nargos_packages_dir = "{packages_dir}"\n', encoding="utf-8")
    return config


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args))


@pytest.mark.parametrize("args", [["models"], ["models", "list"], ["models", "install"]])
def test_help_for_every_command(args: list[str]) -> None:
    result = run(*args, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.output
    assert "--format" in result.output or args == ["models"]


@pytest.mark.integration
def test_list_json_shows_argos_pairs_and_model_ids(tiny_argos: TinyArgos, tmp_path: Path) -> None:
    config = write_config(tmp_path, tiny_argos.packages_dir)
    result = run("--config", str(config), "models", "list", "--format", "json")
    assert result.exit_code == 0, result.output
    backends = {b["name"]: b for b in json.loads(result.output)["backends"]}
    argos = backends["argos"]
    assert argos["available"] is True
    assert argos["location"] == str(tiny_argos.packages_dir)
    assert {(p["source"], p["target"], p["model_id"]) for p in argos["pairs"]} == {
        ("en", "de", "argos:translate-en_de-0_0_1"),
        ("de", "en", "argos:translate-de_en-0_0_1"),
        ("en", "fr", "argos:translate-en_fr-0_0_1"),
    }
    assert "apertium" in backends  # listed whether or not the engine is installed


def test_list_table_with_no_packages(tmp_path: Path) -> None:
    config = write_config(tmp_path, tmp_path / "empty")
    result = run("--config", str(config), "models", "list")
    assert result.exit_code == 0
    assert "argos (unavailable)" in result.output
    assert "no Argos packages installed" in result.output


@pytest.mark.integration
def test_install_a_built_package_then_list_it(tiny_argos: TinyArgos, tmp_path: Path) -> None:
    dest = tmp_path / "packages"
    config = write_config(tmp_path, dest)
    archive = tiny_argos.archives[("en", "de")]
    result = run("--config", str(config), "models", "install", str(archive))
    assert result.exit_code == 0, result.output
    assert f"installed en-de (translate-en_de-0_0_1) into {dest}" in result.output
    listed = run("--config", str(config), "models", "list", "--format", "json")
    argos = json.loads(listed.output)["backends"][0]
    assert [(p["source"], p["target"]) for p in argos["pairs"]] == [("en", "de")]


def test_install_bad_package_exits_2_with_one_line(tmp_path: Path) -> None:
    config = write_config(tmp_path, tmp_path / "packages")
    evil = tmp_path / "evil.argosmodel"
    with zipfile.ZipFile(evil, "w") as zf:
        zf.writestr("translate-en_de-1_0/metadata.json", '{"from_code": "en", "to_code": "de"}')
        zf.writestr("../../outside.txt", "boom")
    result = CliRunner().invoke(main, ["--config", str(config), "models", "install", str(evil)])
    assert result.exit_code == 2
    assert result.output.startswith("error: evil.argosmodel contains")
    assert len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "packages").exists()


def test_install_missing_file_exits_2(tmp_path: Path) -> None:
    result = run("models", "install", str(tmp_path / "nope.argosmodel"))
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_install_pair_offline_exits_3(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from argostranslate import settings

    monkeypatch.setattr(settings, "local_package_index", tmp_path / "index.json")
    monkeypatch.setattr(settings, "remote_package_index", "http://127.0.0.1:9/index.json")
    config = write_config(tmp_path, tmp_path / "packages")
    result = run("--config", str(config), "models", "install", "en-de", "--timeout", "2")
    assert result.exit_code == 3
    assert "could not reach the Argos package index" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_install_nonsense_target_exits_2() -> None:
    result = run("models", "install", "not a pair")
    assert result.exit_code == 2
    assert "not a language pair" in result.output
