"""Turn a plain record (dict from CSV/JSON/JSONL/YAML) into a Message, with clear errors."""

from __future__ import annotations

from typing import Any

from workbench.corpus.types import ReadError
from workbench.errors import UnknownLanguageError
from workbench.lang import parse_locale
from workbench.models import Message

FIELDS = {"id", "text", "source_lang", "target", "translation", "tags", "ignore", "customer"}


def _as_tuple(value: Any) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        return tuple(v.strip() for v in value.replace(";", ",").split(",") if v.strip())
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    raise ReadError(f"expected a list or a comma-separated string, got {_shown(value)}")


def _shown(value: Any, keep: int = 40) -> str:
    """A value for an error message: one short line, however big or odd the input."""
    text = repr(value)
    return text if len(text) <= keep else text[: keep - 1] + "…"


def _name(key: Any) -> str:
    """A field name as written when it is a short plain word, else its shortened repr."""
    text = str(key)
    return text if len(text) <= 40 and text.isprintable() else _shown(text)


def record_to_message(
    record: Any, *, default_id: str, source_lang: str, origin: str, line: int | None
) -> Message:
    """Validate one record; unknown fields and bad language codes are errors, not surprises."""
    if not isinstance(record, dict):
        raise ReadError(f"expected an object with 'text', got {type(record).__name__}", line)
    unknown = set(record) - FIELDS
    if unknown:
        names = ", ".join(sorted(_name(k) for k in unknown)[:5])
        raise ReadError(
            f"unknown field(s) {names}; valid: {', '.join(sorted(FIELDS))}",
            line,
        )
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ReadError("missing or empty 'text'", line)
    translation = record.get("translation")
    if translation is not None and not isinstance(translation, str):
        raise ReadError("'translation' must be a string", line)
    try:
        src = parse_locale(str(record.get("source_lang") or source_lang)).language
        target = record.get("target") or None
        if target is not None:
            target = parse_locale(str(target)).with_default_region().tag
    except UnknownLanguageError as exc:
        raise ReadError(str(exc), line) from None
    if translation is not None and target is None:
        raise ReadError("a 'translation' needs a 'target' locale", line)
    return Message(
        id=str(record.get("id") or default_id),
        text=text,
        source_lang=src,
        target=target,
        translation=translation if translation else None,
        origin=origin,
        line=line,
        tags=_as_tuple(record.get("tags")),
        ignore=_as_tuple(record.get("ignore")),
        customer=str(record["customer"]) if record.get("customer") else None,
    )
