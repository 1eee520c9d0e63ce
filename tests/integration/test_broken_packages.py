"""A package that does not load is never installed, and at run time the router falls back."""

from __future__ import annotations

import json
import logging
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from fixtures.tiny_argos import TinyArgos

from workbench.cli import main
from workbench.config import Config
from workbench.errors import PackageError
from workbench.mt.packages import install_package
from workbench.mt.router import MTRouter

pytestmark = pytest.mark.integration

GARBAGE = b"\x00\x01not a ctranslate2 model at all, just seventy bytes of junk!!\xff\xfe\x00"


def rewrite(archive: Path, out: Path, replace: dict[str, bytes]) -> Path:
    """A copy of a real package archive with some files (by name suffix) replaced."""
    with zipfile.ZipFile(archive) as src, zipfile.ZipFile(out, "w") as dst:
        for entry in src.infolist():
            data = src.read(entry.filename)
            for suffix, new in replace.items():
                if entry.filename.endswith(suffix):
                    data = new
            dst.writestr(entry, data)
    return out


@pytest.mark.parametrize(
    ("suffix", "reason"),
    [("/model/model.bin", "model"), ("/sentencepiece.model", "sentencepiece.model")],
)
def test_install_refuses_a_package_that_does_not_load(
    tiny_argos: TinyArgos, tmp_path: Path, suffix: str, reason: str
) -> None:
    bad = rewrite(tiny_argos.archives[("en", "de")], tmp_path / "bad.argosmodel", {suffix: GARBAGE})
    dest = tmp_path / "packages"
    with pytest.raises(PackageError) as caught:
        install_package(bad, dest)
    message = str(caught.value)
    assert message.startswith("bad.argosmodel was not installed: it does not load")
    assert reason in message and "\n" not in message and "workbench-package-" not in message
    assert not dest.exists() or not any(dest.iterdir())


def test_cli_install_of_garbage_weights_exits_2_and_installs_nothing(
    tiny_argos: TinyArgos, tmp_path: Path
) -> None:
    bad = rewrite(
        tiny_argos.archives[("en", "de")],
        tmp_path / "translate-en_de.argosmodel",
        {"/model/model.bin": GARBAGE},
    )
    dest = tmp_path / "packages"
    config = tmp_path / "workbench.toml"
    config.write_text(f'[mt]\nargos_packages_dir = "{dest}"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["--config", str(config), "models", "install", str(bad)])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: translate-en_de.argosmodel was not installed")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output
    assert not dest.exists() or not any(dest.iterdir())
    listed = CliRunner().invoke(
        main, ["--config", str(config), "models", "list", "--format", "json"]
    )
    assert json.loads(listed.stdout)["backends"][0]["pairs"] == []


def broken_en_es(tiny_argos: TinyArgos, where: Path) -> Path:
    """An installed-looking en->es Argos package whose model.bin is garbage (as if copied in
    by hand or damaged on disk after installing)."""
    source = next(tiny_argos.packages_dir.glob("translate-en_de-*"))
    folder = where / "translate-en_es-1_0"
    shutil.copytree(source, folder)
    meta = json.loads((folder / "metadata.json").read_text())
    meta.update(to_code="es", to_name="Spanish", package_version="1.0")
    (folder / "metadata.json").write_text(json.dumps(meta))
    (folder / "model" / "model.bin").write_bytes(GARBAGE)
    return folder


def test_router_falls_back_to_apertium_and_warns_once(
    tiny_argos: TinyArgos, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    packages = tmp_path / "packages"
    packages.mkdir()
    broken_en_es(tiny_argos, packages)
    good = next(tiny_argos.packages_dir.glob("translate-en_de-*"))
    shutil.copytree(good, packages / good.name)
    config = Config()
    config.mt.argos_packages_dir = str(packages)
    router = MTRouter(config)
    # Argos is preferred while the package looks installed...
    assert router.route("en", "es")[0][0].name == "argos"
    with caplog.at_level(logging.WARNING, logger="workbench.mt.router"):
        first = router.translate(["Thank you for your message."], "en", "es")
        second = router.translate(["Your order has shipped."], "en", "es-MX")
    # ...but it does not load, so Apertium translates, and the problem is reported once.
    assert first[0].info is not None and first[0].info.backend == "apertium"
    assert second[0].info is not None and second[0].info.backend == "apertium"
    assert first[0].text and "Gracias" in first[0].text
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "translate-en_es-1_0" in warnings[0] and "cannot be loaded" in warnings[0]
    assert "translating en->es without it" in warnings[0]
    # Other Argos pairs still work.
    assert router.translate(["Hello."], "en", "de")[0].info.backend == "argos"


def test_roundtrip_falls_back_with_exit_0(tiny_argos: TinyArgos, tmp_path: Path) -> None:
    packages = tmp_path / "packages"
    packages.mkdir()
    broken_en_es(tiny_argos, packages)
    config = tmp_path / "workbench.toml"
    config.write_text(f'[mt]\nargos_packages_dir = "{packages}"\n', encoding="utf-8")
    result = CliRunner().invoke(
        main,
        [
            "--config",
            str(config),
            "roundtrip",
            "Thanks for waiting.",
            "--to",
            "es",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    [item] = json.loads(result.stdout)
    assert item["mt"]["forward"].startswith("apertium:")
