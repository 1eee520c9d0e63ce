"""Install Argos .argosmodel packages safely: validate first; download only on request."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import socket
import stat
import tempfile
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from workbench.errors import ModelUnavailableError, PackageError, UsageError

# Real packages are 30-300 MB; anything far beyond is not a translation package.
MAX_ARCHIVE_BYTES = 2 * 1024**3
MAX_UNPACKED_BYTES = 4 * 1024**3
MAX_ENTRIES = 10_000
# Weights compress poorly; a far higher ratio means a zip bomb.
MAX_COMPRESSION_RATIO = 100
INDEX_TIMEOUT_SECONDS = 5.0

_CODE = re.compile(r"^[a-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})?$")
_PAIR = re.compile(r"^([a-z]{2,3})[-_:>]([a-z]{2,3})$")
_install_lock = threading.Lock()


@dataclass(frozen=True)
class PackageInfo:
    """What a valid package archive holds."""

    folder: str  # the one top-level folder, e.g. "translate-en_de-1_9"
    from_code: str
    to_code: str
    package_version: str
    metadata: dict


@dataclass(frozen=True)
class InstalledPackage:
    """A package that was installed, and where."""

    info: PackageInfo
    path: Path


def validate_package(path: str | Path) -> PackageInfo:
    """Check that `path` is a well-formed, safe .argosmodel archive; PackageError says why not."""
    file = Path(path)
    if not file.is_file():
        raise PackageError(f"{file} does not exist or is not a file")
    size = file.stat().st_size
    if size > MAX_ARCHIVE_BYTES:
        raise PackageError(f"{file.name} is {size // 1024**2} MB, larger than any Argos package")
    if not zipfile.is_zipfile(file):
        raise PackageError(f"{file.name} is not an Argos package: it is not a zip archive")
    try:
        with zipfile.ZipFile(file) as zf:
            entries = zf.infolist()
            folder = _check_entries(file.name, entries)
            metadata = _read_metadata(file.name, zf, folder)
            names = {e.filename.rstrip("/") for e in entries}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as exc:
        raise PackageError(f"{file.name} is a damaged zip archive ({exc})") from None
    if f"{folder}/model/model.bin" not in names:
        raise PackageError(f"{file.name} has no model/model.bin: it holds no CTranslate2 model")
    if not {f"{folder}/sentencepiece.model", f"{folder}/bpe.model"} & names:
        raise PackageError(f"{file.name} has neither sentencepiece.model nor bpe.model")
    return PackageInfo(
        folder=folder,
        from_code=metadata["from_code"],
        to_code=metadata["to_code"],
        package_version=str(metadata.get("package_version", "")),
        metadata=metadata,
    )


def _check_entries(name: str, entries: list[zipfile.ZipInfo]) -> str:
    """Reject unsafe entries (absolute, `..`, symlinks, bombs); return the one top-level folder."""
    if not entries:
        raise PackageError(f"{name} is an empty zip archive")
    if len(entries) > MAX_ENTRIES:
        raise PackageError(f"{name} has {len(entries)} files, more than any Argos package")
    tops: set[str] = set()
    unpacked = 0
    packed = 0
    for entry in entries:
        entry_name = entry.filename
        parts = PurePosixPath(entry_name.replace("\\", "/")).parts
        if (
            entry_name.startswith(("/", "\\"))
            or re.match(r"^[A-Za-z]:", entry_name)
            or "\\" in entry_name
        ):
            raise PackageError(f"{name} contains an absolute or non-portable path {entry_name!r}")
        if ".." in parts or "\x00" in entry_name:
            raise PackageError(f"{name} contains {entry_name!r}, which would escape its folder")
        mode = entry.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise PackageError(f"{name} contains a symbolic link {entry_name!r}")
        if not parts or parts[0] in (".", ""):
            raise PackageError(f"{name} contains an unnamed entry {entry_name!r}")
        tops.add(parts[0])
        if len(parts) == 1 and not entry.is_dir():
            raise PackageError(
                f"{name} has {entry_name!r} at its top level; a package holds one folder"
            )
        unpacked += entry.file_size
        packed += entry.compress_size
    if len(tops) != 1:
        raise PackageError(
            f"{name} must hold exactly one top-level folder, found {len(tops)}: "
            + ", ".join(sorted(tops)[:5])
        )
    if unpacked > MAX_UNPACKED_BYTES:
        raise PackageError(f"{name} unpacks to {unpacked // 1024**2} MB, too large to install")
    if unpacked > 10 * 1024**2 and unpacked > MAX_COMPRESSION_RATIO * max(packed, 1):
        raise PackageError(f"{name} compresses {unpacked // max(packed, 1)}:1, like a zip bomb")
    return tops.pop()


def _read_metadata(name: str, zf: zipfile.ZipFile, folder: str) -> dict:
    try:
        raw = zf.read(f"{folder}/metadata.json")
    except KeyError:
        raise PackageError(f"{name} has no {folder}/metadata.json") from None
    if len(raw) > 1024**2:
        raise PackageError(f"{name}: metadata.json is larger than 1 MB")
    try:
        metadata = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PackageError(f"{name}: metadata.json is not valid JSON ({exc})") from None
    if not isinstance(metadata, dict):
        raise PackageError(f"{name}: metadata.json must be a JSON object")
    kind = metadata.get("type", "translate")
    if kind != "translate":
        raise PackageError(f"{name} is a {kind!r} package; only 'translate' packages are used")
    for key in ("from_code", "to_code"):
        code = metadata.get(key)
        if not isinstance(code, str) or not _CODE.match(code):
            raise PackageError(
                f"{name}: metadata.json needs {key} as a language code like 'en', got {code!r}"
            )
    return metadata


@contextlib.contextmanager
def _argos_dir(packages_dir: Path | None) -> Iterator[Path]:
    """argostranslate installs into settings.package_data_dir; point it at `packages_dir`."""
    from argostranslate import settings

    with _install_lock:
        previous = settings.package_data_dir
        if packages_dir is not None:
            settings.package_data_dir = Path(packages_dir)
        try:
            yield Path(settings.package_data_dir)
        finally:
            settings.package_data_dir = previous


def install_package(path: str | Path, packages_dir: str | Path | None = None) -> InstalledPackage:
    """Validate a .argosmodel file, then install it with argostranslate.

    packages_dir: the Argos package folder to install into (default: argostranslate's own).
    """
    from argostranslate import package as argos_package

    info = validate_package(path)
    check_loads(path, info)
    target_dir = Path(packages_dir) if packages_dir is not None else None
    if target_dir is not None:
        target_dir.mkdir(parents=True, exist_ok=True)
    with _argos_dir(target_dir) as where:
        try:
            argos_package.install_from_path(Path(path))
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise PackageError(f"{Path(path).name} could not be unpacked ({exc})") from None
    return InstalledPackage(info=info, path=where / info.folder)


def check_loads(path: str | Path, info: PackageInfo) -> None:
    """Unpack a validated archive into a scratch folder and load-test it there (the model,
    the tokenizer, one sentence translated); PackageError when it fails, nothing installed."""
    from workbench.mt.argos import load_test

    name = Path(path).name
    with tempfile.TemporaryDirectory(prefix="workbench-package-") as scratch:
        try:
            with zipfile.ZipFile(path) as zf:
                zf.extractall(scratch)  # every entry was checked by validate_package
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise PackageError(f"{name} could not be unpacked ({exc})") from None
        try:
            load_test(Path(scratch) / info.folder)
        except ModelUnavailableError as exc:
            # Said of the archive, not of the scratch folder it was tried in.
            reason = str(exc).split("; reinstall")[0].replace(f" at {scratch}/{info.folder}", "")
            reason = reason.replace(f"{scratch}{os.sep}", "")
            raise PackageError(
                f"{name} was not installed: it does not load as a translation model: {reason}"
            ) from None


def parse_pair(pair: str) -> tuple[str, str]:
    """Split a pair like en-de into ("en", "de"); UsageError for anything else."""
    m = _PAIR.match(pair.strip().lower())
    if not m:
        raise UsageError(f"{pair!r} is not a language pair; write it like en-de")
    return m.group(1), m.group(2)


@contextlib.contextmanager
def _socket_timeout(seconds: float) -> Iterator[None]:
    # argostranslate's urllib calls pass no timeout; the default one bounds every socket.
    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(seconds)
    try:
        yield
    finally:
        socket.setdefaulttimeout(previous)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(_plain_reason(record.getMessage()))


def _plain_reason(message: str) -> str:
    # argostranslate logs str(args) of the exception: "(URLError(gaierror(-2, 'Name ...')),)"
    found = re.findall(r"'([^']+)'", message)
    return found[-1] if found else message.strip("(),")


@contextlib.contextmanager
def _argos_errors() -> Iterator[list[str]]:
    """Collect argostranslate's logged errors (for our message) instead of printing them."""
    logger = logging.getLogger("argostranslate.utils")
    handler = _Collect()
    logger.addHandler(handler)
    propagate, logger.propagate = logger.propagate, False
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def install_from_index(
    pair: str,
    packages_dir: str | Path | None = None,
    timeout: float = INDEX_TIMEOUT_SECONDS,
) -> InstalledPackage:
    """Download the package for `pair` from the Argos index and install it (explicit request only).

    Fails within about `timeout` seconds per network step with ModelUnavailableError when the
    index cannot be reached.
    """
    from argostranslate import package as argos_package
    from argostranslate import settings

    source, target = parse_pair(pair)
    index = Path(settings.local_package_index)
    before = index.stat().st_mtime_ns if index.exists() else None
    with _socket_timeout(timeout), _argos_errors() as problems:
        argos_package.update_package_index()  # logs and returns on network errors
    after = index.stat().st_mtime_ns if index.exists() else None
    if after is None or after == before:
        why = f" ({problems[-1]})" if problems else ""
        raise ModelUnavailableError(
            f"could not reach the Argos package index at {settings.remote_package_index}{why} "
            f"within {timeout:g} s; download translate-{source}_{target}*.argosmodel "
            "elsewhere and run `workbench models install FILE`"
        )
    try:
        available = argos_package.get_available_packages()
    except (OSError, ValueError) as exc:
        raise ModelUnavailableError(f"the Argos package index is unreadable ({exc})") from None
    match = [p for p in available if p.from_code == source and p.to_code == target]
    if not match:
        pairs = sorted({f"{p.from_code}-{p.to_code}" for p in available if p.from_code})
        raise ModelUnavailableError(
            f"the Argos index has no {source}-{target} package; it has: {', '.join(pairs)}"
        )
    try:
        with _socket_timeout(max(timeout, 60.0)):  # packages are large; a stall still ends
            archive = match[0].download()
    except Exception as exc:  # argostranslate raises bare Exception on failed downloads
        raise ModelUnavailableError(
            f"downloading the {source}-{target} package failed ({exc})"
        ) from None
    return install_package(archive, packages_dir)
