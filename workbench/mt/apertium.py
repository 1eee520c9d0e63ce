"""Apertium backend: rule-based MT through the `apertium` command, many texts per process."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Sequence
from typing import ClassVar

from workbench.config import Config
from workbench.errors import ModelUnavailableError

# Apertium names languages with ISO 639-3 (newer pairs) or 639-1 (older pairs) codes.
ISO3_TO_ISO1 = {
    "eng": "en", "spa": "es", "por": "pt", "fra": "fr", "cat": "ca", "glg": "gl", "ita": "it",
    "deu": "de", "nld": "nl", "oci": "oc", "ron": "ro", "arg": "an", "ast": "ast", "eus": "eu",
    "swe": "sv", "dan": "da", "nob": "nb", "nno": "nn", "pol": "pl", "rus": "ru", "ukr": "uk",
    "tur": "tr", "ara": "ar", "epo": "eo", "isl": "is", "mlt": "mt", "cym": "cy", "bre": "br",
}  # fmt: skip

INSTALL_HINT = (
    "install Apertium and its language pairs, e.g. "
    "`sudo apt-get install apertium apertium-eng-spa apertium-es-pt apertium-fr-es`"
)

# Between two texts in one batch: a line apertium copies unchanged, with blank lines around it
# so no sentence or paragraph runs across it. Checked against every installed pair.
_SEPARATOR_WORD = "WBSEPX"
# Limits per apertium process: big enough to amortise start-up (~0.2 s), small enough that a
# timeout or a failure costs little.
MAX_CHARS_PER_CALL = 200_000
MAX_TEXTS_PER_CALL = 2_000
_MODE = re.compile(r"^([a-z]{2,3})-([a-z]{2,3})$")
_VARIANT = re.compile(r"^([a-z]{2,3})-([a-z]{2,3})_([A-Z]{2})$")  # es-pt_BR, spa-eng_US
_SPACE_RUN = re.compile(r"(?<=\S) {2,}(?=\S)")


def iso1(code: str) -> str:
    return ISO3_TO_ISO1.get(code, code)


class ApertiumTranslator:
    """Translates with the Debian/Ubuntu `apertium` command and its installed language pairs."""

    name: ClassVar[str] = "apertium"
    # Accepts a regional target ("pt-BR") and then uses the regional mode (es-pt_BR) if any.
    regional: ClassVar[bool] = True

    def __init__(self, config: Config | None = None) -> None:
        self.binary = config.mt.apertium_path if config else "apertium"
        self._modes: dict[tuple[str, str], str] | None = None
        self._variants: dict[tuple[str, str, str], str] = {}
        self._versions: dict[str, str] | None = None

    # -- discovery ----------------------------------------------------------------------------
    def installed(self) -> bool:
        return shutil.which(self.binary) is not None

    def modes(self) -> dict[tuple[str, str], str]:
        """(source, target) ISO 639-1 codes -> apertium mode name, for direct modes only."""
        if self._modes is None:
            self._modes = {}
            if self.installed():
                try:
                    listing = subprocess.run(
                        [self.binary, "-l"], capture_output=True, text=True, timeout=30
                    ).stdout
                except (OSError, subprocess.TimeoutExpired):
                    listing = ""
                for line in listing.split():
                    # The plain mode is the pair's reference translation; regional variants
                    # (es-pt_BR) serve targets that name the region; chained ones are skipped.
                    m = _MODE.match(line.strip())
                    if m:
                        self._modes.setdefault((iso1(m.group(1)), iso1(m.group(2))), line.strip())
                    v = _VARIANT.match(line.strip())
                    if v:
                        key = (iso1(v.group(1)), iso1(v.group(2)), v.group(3))
                        self._variants.setdefault(key, line.strip())
        return self._modes

    def pairs(self) -> list[tuple[str, str]]:
        return sorted(self.modes())

    def mode(self, source: str, target: str) -> str:
        """The apertium mode for a pair, or ModelUnavailableError saying what to install.

        A regional target ("pt-BR") picks the regional mode (es-pt_BR) when one is installed.
        """
        target, _, region = target.partition("-")
        if region:
            self.modes()
            variant = self._variants.get((source, target, region.upper()))
            if variant:
                return variant
        if not self.installed():
            raise ModelUnavailableError(
                f"apertium is not installed ({self.binary!r} not found); {INSTALL_HINT}"
            )
        mode = self.modes().get((source, target))
        if mode is None:
            have = ", ".join(f"{s}-{t}" for s, t in self.pairs()) or "none"
            raise ModelUnavailableError(
                f"apertium has no {source}-{target} pair (installed: {have}); "
                f"look for it with `apt-cache search apertium-` and install the package"
            )
        return mode

    def model_id(self, source: str, target: str) -> str:
        mode = self.mode(source, target)
        version = self._package_version(mode)
        return f"apertium:{mode}@{version}" if version else f"apertium:{mode}"

    def _package_version(self, mode: str) -> str | None:
        # One dpkg-query for all apertium packages; the pair package is named after either
        # direction (apertium-eng-spa serves both eng-spa and spa-eng).
        if self._versions is None:
            self._versions = {}
            if shutil.which("dpkg-query"):
                try:
                    out = subprocess.run(
                        ["dpkg-query", "-W", "-f", "${Package} ${Version}\n", "apertium-*"],
                        capture_output=True, text=True, timeout=30,
                    ).stdout  # fmt: skip
                except (OSError, subprocess.TimeoutExpired):
                    out = ""
                for line in out.splitlines():
                    package, _, version = line.partition(" ")
                    if version.strip():
                        self._versions[package] = version.strip()
        a, _, b = mode.partition("-")
        b = b.split("_")[0]  # a regional mode (es-pt_BR) ships in its pair's package
        return self._versions.get(f"apertium-{a}-{b}") or self._versions.get(f"apertium-{b}-{a}")

    # -- translation --------------------------------------------------------------------------
    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        """Translate many texts with few apertium processes; one output per input, in order."""
        mode = self.mode(source, target)
        out = list(texts)
        todo = [i for i, t in enumerate(texts) if t.strip()]  # blank text needs no engine
        for chunk in _chunks(todo, texts):
            for i, translated in zip(
                chunk, self._translate_chunk([texts[i] for i in chunk], mode), strict=True
            ):
                out[i] = translated
        return out

    def _translate_chunk(self, texts: list[str], mode: str) -> list[str]:
        # NUL is apertium's flush signal; it is dropped from output anyway, so drop it first.
        clean = [t.replace("\x00", "") for t in texts]
        separator = _separator_for(clean)
        output = self._run(mode, separator.join(clean))
        parts = output.split(separator)
        if len(parts) == len(clean):
            return [_keep_edges(src, out) for src, out in zip(clean, parts, strict=True)]
        # The engine disturbed a separator (never seen with the installed pairs, but a pair
        # could): split the batch until each text comes back on its own.
        if len(clean) == 1:
            return [_keep_edges(clean[0], output)]
        half = len(clean) // 2
        return self._translate_chunk(clean[:half], mode) + self._translate_chunk(clean[half:], mode)

    def _run(self, mode: str, text: str) -> str:
        timeout = 60 + len(text) / 2_000  # seconds: apertium does well over 2,000 chars/s
        try:
            done = subprocess.run(
                [self.binary, "-u", mode],
                input=text.encode("utf-8", "replace"),
                capture_output=True,
                timeout=timeout,
            )
        except FileNotFoundError:
            raise ModelUnavailableError(
                f"apertium is not installed ({self.binary!r} not found); {INSTALL_HINT}"
            ) from None
        except subprocess.TimeoutExpired:
            raise ModelUnavailableError(
                f"apertium {mode} did not finish within {timeout:.0f} s"
            ) from None
        if done.returncode != 0:
            lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
            why = lines[-1] if lines else "no message"
            raise ModelUnavailableError(f"apertium {mode} failed (exit {done.returncode}): {why}")
        return done.stdout.decode("utf-8", "replace")


def _keep_edges(source: str, translated: str) -> str:
    """Drop spaces a deleted word left behind ("Lo siento" -> " Sento" in es-pt, "I'll" -> "")."""
    if not source[:1].isspace():
        translated = translated.lstrip(" ")
    if not source[-1:].isspace():
        translated = translated.rstrip(" ")
    if "  " not in source:
        translated = _SPACE_RUN.sub(" ", translated)
    return translated


def _separator_for(texts: Sequence[str]) -> str:
    """A separator line that occurs in none of the texts."""
    n = 0
    while any(f"{_SEPARATOR_WORD}{n}" in t for t in texts):
        n += 1
    return f"\n\n{_SEPARATOR_WORD}{n}\n\n"


def _chunks(indices: list[int], texts: Sequence[str]) -> list[list[int]]:
    chunks: list[list[int]] = []
    current: list[int] = []
    size = 0
    for i in indices:
        if current and (
            size + len(texts[i]) > MAX_CHARS_PER_CALL or len(current) >= MAX_TEXTS_PER_CALL
        ):
            chunks.append(current)
            current, size = [], 0
        current.append(i)
        size += len(texts[i])
    if current:
        chunks.append(current)
    return chunks
