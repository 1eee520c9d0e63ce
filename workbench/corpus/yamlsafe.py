"""YAML for untrusted template files: plain data only, no aliases, bounded nesting.

safe_load already refuses Python objects, but not the "billion laughs" of YAML: nine anchors
that each alias the previous one ten times describe 10^9 strings in 400 bytes, and anything
that walks the result (str(), json.dumps, a record check) expands them. Template data never
needs aliases, so an alias is an error; libyaml (when present) also caps nesting depth.
"""

from __future__ import annotations

from typing import Any

import yaml

from workbench.corpus.types import ReadError

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """Parse `text` as YAML data; ReadError (with a 1-based line) when it is not acceptable."""
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            if isinstance(event, yaml.AliasEvent):
                raise ReadError(
                    f"YAML alias *{event.anchor} is not allowed (aliases can expand into "
                    "gigabytes); write the value out",
                    event.start_mark.line + 1 if event.start_mark else None,
                )
        return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise ReadError(problem, mark.line + 1 if mark else None) from None
    except RecursionError:
        raise ReadError("YAML nested too deeply") from None
