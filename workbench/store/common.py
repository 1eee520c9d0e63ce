"""Errors, content hashes and timestamps shared by every part of the store."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

from workbench.errors import UsageError
from workbench.models import Message


class QueueError(UsageError):
    """A queue action the item's state does not allow (claimed by another reviewer, decided)."""


class ItemNotFoundError(UsageError):
    """No queue item with that id."""


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def iso(moment: datetime) -> str:
    """UTC, whole seconds: every stored time has this one form, so text order is time order."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def message_hash(message: Message) -> str:
    """Content identity of a message: its language, text and any given translation."""
    return text_hash(
        json.dumps([message.source_lang, message.text, message.translation], ensure_ascii=False)
    )


def customer_hash(customer: str) -> str:
    """Customers are stored only as this hash: enough to find their data, not to read it."""
    return text_hash("customer:" + customer.strip().lower())
