"""WorkbenchError family: each error says what was wrong and what would be valid."""

from __future__ import annotations

from workbench.exit_codes import ExitCode


class WorkbenchError(Exception):
    """Base error; its message is one plain sentence shown to the user."""

    exit_code: ExitCode = ExitCode.USAGE


class UsageError(WorkbenchError):
    """Bad arguments or input data."""


class UnknownLanguageError(UsageError):
    """A language code the tool does not know."""


class ConfigError(WorkbenchError):
    """Invalid configuration file or setting."""


class GlossaryError(WorkbenchError):
    """Invalid glossary data (carries file and line in the message)."""


class ModelUnavailableError(WorkbenchError):
    """A required MT engine, pair or embedding model is not installed."""

    exit_code = ExitCode.MODEL_UNAVAILABLE


class EngineLoadError(ModelUnavailableError):
    """An installed engine or model that is there but cannot be loaded (the router falls back)."""


class PackageError(UsageError):
    """A corrupt, malicious or unreadable model package."""


class StoreError(WorkbenchError):
    """The database could not be read or written."""
