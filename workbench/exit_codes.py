"""Process exit codes: a contract for CI scripts."""

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    RISK_FOUND = 1  # findings exceed the gate
    USAGE = 2  # bad arguments, bad config, bad input data
    MODEL_UNAVAILABLE = 3  # a required MT engine or model is missing
    INTERRUPTED = 130
