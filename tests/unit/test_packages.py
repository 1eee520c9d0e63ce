"""Validating and installing .argosmodel archives; the package index fails fast when offline."""

from __future__ import annotations

import json
import socket
import stat
import threading
import time
import zipfile
from pathlib import Path

import pytest

from workbench.errors import ModelUnavailableError, PackageError, UsageError
from workbench.exit_codes import ExitCode
from workbench.mt import packages
from workbench.mt.packages import install_from_index, install_package, parse_pair, validate_package

FOLDER = "translate-en_de-1_0"
METADATA = {"from_code": "en", "to_code": "de", "package_version": "1.0", "type": "translate"}


def make_archive(path: Path, entries: dict[str, bytes | str] | None = None, **extra: bytes) -> Path:
    """A structurally complete package (placeholder weights), with entries added or replaced."""
    files: dict[str, bytes | str] = {
        f"{FOLDER}/metadata.json": json.dumps(METADATA),
        f"{FOLDER}/sentencepiece.model": b"sp",
        f"{FOLDER}/model/model.bin": b"weights",
        f"{FOLDER}/model/config.json": "{}",
    }
    files.update(entries or {})
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in files.items():
            if data is not None:
                zf.writestr(name, data)
    return path


def test_a_complete_archive_is_valid(tmp_path: Path) -> None:
    info = validate_package(make_archive(tmp_path / "ok.argosmodel"))
    assert (info.folder, info.from_code, info.to_code, info.package_version) == (
        FOLDER,
        "en",
        "de",
        "1.0",
    )


def test_not_a_zip(tmp_path: Path) -> None:
    bad = tmp_path / "bad.argosmodel"
    bad.write_bytes(b"this is not a zip file at all")
    with pytest.raises(PackageError, match="not a zip archive"):
        validate_package(bad)


def test_truncated_zip_is_rejected(tmp_path: Path) -> None:
    good = make_archive(tmp_path / "good.argosmodel")
    data = good.read_bytes()
    cut = tmp_path / "cut.argosmodel"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(PackageError, match="not a zip archive|damaged"):
        validate_package(cut)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(PackageError, match="does not exist"):
        validate_package(tmp_path / "nope.argosmodel")


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (f"{FOLDER}/../../evil.py", "escape its folder"),
        ("../evil.py", "escape its folder"),
        ("/etc/cron.d/evil", "absolute"),
        ("C:/Windows/evil.dll", "absolute"),
        (f"{FOLDER}\\..\\evil.py", "absolute or non-portable"),
    ],
)
def test_zip_slip_and_absolute_paths_are_rejected(tmp_path: Path, entry: str, message: str) -> None:
    archive = tmp_path / "evil.argosmodel"
    make_archive(archive)
    with zipfile.ZipFile(archive, "a") as zf:
        zf.writestr(zipfile.ZipInfo(entry), b"boom")
    with pytest.raises(PackageError, match=message):
        validate_package(archive)


def test_symlinks_are_rejected(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "link.argosmodel")
    link = zipfile.ZipInfo(f"{FOLDER}/model/shortcut")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    with zipfile.ZipFile(archive, "a") as zf:
        zf.writestr(link, "/etc/passwd")
    with pytest.raises(PackageError, match="symbolic link"):
        validate_package(archive)


def test_missing_metadata(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "m.argosmodel", {f"{FOLDER}/metadata.json": None})  # type: ignore[dict-item]
    with pytest.raises(PackageError, match="no translate-en_de-1_0/metadata.json"):
        validate_package(archive)


@pytest.mark.parametrize(
    ("metadata", "message"),
    [
        ({"to_code": "de"}, "needs from_code"),
        ({"from_code": "en"}, "needs to_code"),
        ({"from_code": "", "to_code": "de"}, "needs from_code"),
        ({"from_code": "en", "to_code": "../de"}, "needs to_code"),
        ({"from_code": "en", "to_code": "de", "type": "sbd"}, "'sbd' package"),
        ([1, 2], "JSON object"),
    ],
)
def test_bad_metadata(tmp_path: Path, metadata: object, message: str) -> None:
    archive = make_archive(
        tmp_path / "m.argosmodel", {f"{FOLDER}/metadata.json": json.dumps(metadata)}
    )
    with pytest.raises(PackageError, match=message):
        validate_package(archive)


def test_metadata_that_is_not_json(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "m.argosmodel", {f"{FOLDER}/metadata.json": "{from_code: en"})
    with pytest.raises(PackageError, match="not valid JSON"):
        validate_package(archive)


def test_files_outside_one_top_folder_are_rejected(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "two.argosmodel", {"other/readme.txt": "hi"})
    with pytest.raises(PackageError, match="exactly one top-level folder"):
        validate_package(archive)
    loose = make_archive(tmp_path / "loose.argosmodel", {"metadata.json": "{}"})
    with pytest.raises(PackageError, match="top level"):
        validate_package(loose)


def test_model_and_tokenizer_are_required(tmp_path: Path) -> None:
    no_model = make_archive(tmp_path / "a.argosmodel", {f"{FOLDER}/model/model.bin": None})  # type: ignore[dict-item]
    with pytest.raises(PackageError, match="model/model.bin"):
        validate_package(no_model)
    no_sp = make_archive(tmp_path / "b.argosmodel", {f"{FOLDER}/sentencepiece.model": None})  # type: ignore[dict-item]
    with pytest.raises(PackageError, match="sentencepiece.model nor bpe.model"):
        validate_package(no_sp)


def test_zip_bomb_ratio_is_rejected(tmp_path: Path) -> None:
    archive = tmp_path / "bomb.argosmodel"
    make_archive(archive)
    with zipfile.ZipFile(archive, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(f"{FOLDER}/model/zeros.bin", b"\0" * (20 * 1024**2))
    with pytest.raises(PackageError, match="zip bomb"):
        validate_package(archive)


def test_package_errors_are_usage_errors() -> None:
    assert PackageError("x").exit_code == ExitCode.USAGE


@pytest.mark.integration
def test_install_unpacks_into_the_given_folder(tiny_argos, tmp_path: Path) -> None:  # noqa: ANN001
    # A real (tiny) package: install load-tests the model before anything is unpacked.
    archive = tiny_argos.archives[("en", "de")]
    dest = tmp_path / "argos-packages"
    installed = install_package(archive, dest)
    folder = installed.info.folder
    assert installed.path == dest / folder
    with zipfile.ZipFile(archive) as zf:
        assert (dest / folder / "model" / "model.bin").read_bytes() == zf.read(
            f"{folder}/model/model.bin"
        )
    assert json.loads((dest / folder / "metadata.json").read_text())["to_code"] == "de"


def test_install_of_placeholder_weights_is_refused(tmp_path: Path) -> None:
    dest = tmp_path / "argos-packages"
    with pytest.raises(PackageError, match="ok.argosmodel was not installed: it does not load"):
        install_package(make_archive(tmp_path / "ok.argosmodel"), dest)
    assert not dest.exists() or not any(dest.iterdir())


def test_install_of_a_bad_archive_writes_nothing(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "evil.argosmodel")
    with zipfile.ZipFile(archive, "a") as zf:
        zf.writestr("../escaped.txt", b"boom")
    dest = tmp_path / "argos-packages"
    with pytest.raises(PackageError):
        install_package(archive, dest)
    assert not (tmp_path / "escaped.txt").exists()
    assert not dest.exists() or not any(dest.iterdir())


def test_parse_pair() -> None:
    assert parse_pair("en-de") == ("en", "de")
    assert parse_pair("EN_de") == ("en", "de")
    with pytest.raises(UsageError, match="like en-de"):
        parse_pair("english to german")


@pytest.fixture
def local_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from argostranslate import settings

    index = tmp_path / "index.json"
    monkeypatch.setattr(settings, "local_package_index", index)
    return index


def test_index_unreachable_fails_fast(local_index: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from argostranslate import settings

    # Port 9 (discard) on localhost: nothing listens, the connection is refused at once.
    monkeypatch.setattr(settings, "remote_package_index", "http://127.0.0.1:9/index.json")
    with pytest.raises(
        ModelUnavailableError, match="could not reach the Argos package index"
    ) as info:
        install_from_index("en-de", local_index.parent / "pk", timeout=2)
    assert "models install FILE" in str(info.value)
    assert info.value.exit_code == ExitCode.MODEL_UNAVAILABLE
    assert not local_index.exists()


def test_index_that_never_answers_times_out(
    local_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from argostranslate import settings

    # A server that accepts the connection and then says nothing: only a timeout ends the wait.
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    accepted: list[socket.socket] = []
    threading.Thread(target=lambda: accepted.append(server.accept()[0]), daemon=True).start()
    port = server.getsockname()[1]
    monkeypatch.setattr(settings, "remote_package_index", f"http://127.0.0.1:{port}/index.json")
    start = time.monotonic()
    try:
        with pytest.raises(ModelUnavailableError, match="timed out"):
            install_from_index("en-de", local_index.parent / "pk", timeout=0.5)
    finally:
        server.close()
        for conn in accepted:
            conn.close()
    assert time.monotonic() - start < 30  # bounded, not a hang (no timing precision asserted)
    assert socket.getdefaulttimeout() is None  # the process-wide default is restored


def test_pair_missing_from_the_index(local_index: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from argostranslate import package as argos_package

    def fake_update() -> None:  # the index was fetched: write what a real one holds
        local_index.write_text(
            json.dumps([{**METADATA, "from_code": "en", "to_code": "fr", "links": []}])
        )

    monkeypatch.setattr(argos_package, "update_package_index", fake_update)
    with pytest.raises(ModelUnavailableError, match="has no en-ja package; it has: en-fr"):
        install_from_index("en-ja", local_index.parent / "pk")
    assert packages.INDEX_TIMEOUT_SECONDS <= 10
