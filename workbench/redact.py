"""Redact e-mail addresses, phone numbers and order ids before a message is translated or stored.

Each kind of personal data is replaced by a format placeholder ({email}, {phone}, {order_id}):
placeholder masking carries such tokens through MT unchanged, so the scorers still see a
well-formed sentence and the placeholder check still guards the slot.

What counts as each kind (the patterns below are the whole list, in the order applied):

- email: RFC 5322 "dot-atom" addresses as people write them: local@domain.tld.
- order_id: "#" and 4+ digits (#10234); Amazon style 3-7-7 digit groups (112-1234567-1234567);
  capitals, a dash and a digit-led code with 4+ digits (ORD-2024-0001, INV-7731); and any
  token with 4+ digits or 6+ capitals/digits that follows an order keyword (order, invoice,
  ticket, case, tracking, reference, ref, RMA, confirmation) with an optional "number", "no.",
  "id", "code", "#" or ":".
- phone: numbers libphonenumber accepts as valid for the default regions (US, GB) or for the
  regions of the run's targets, in any national or international format; plus any "+" and
  8–15 digits in groups (international format), which libphonenumber may reject for
  fictional ranges such as +44 7700 900123.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import phonenumbers

EMAIL_TOKEN = "{email}"
PHONE_TOKEN = "{phone}"
ORDER_TOKEN = "{order_id}"

DEFAULT_REGIONS: tuple[str, ...] = ("US", "GB")

_EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,}\b"
)

_ORDER_KEYWORDS = r"(?:order|invoice|ticket|case|tracking|reference|ref|rma|confirmation)"
_ORDER_PATTERNS: tuple[re.Pattern[str], ...] = (
    # After a keyword: "order number: A1B2C3D4", "ticket #48213", "ref 99887766".
    re.compile(
        rf"(?i:\b{_ORDER_KEYWORDS}\b(?:\s+(?:number|no\.?|id|code))?\s*[:#]?\s*)"
        r"(?P<id>(?=[A-Za-z0-9-]*\d[A-Za-z0-9-]*\d[A-Za-z0-9-]*\d[A-Za-z0-9-]*\d)[A-Za-z0-9][A-Za-z0-9-]{3,30}"
        r"|[A-Z0-9]{6,30})\b"
    ),
    re.compile(r"(?<![\w&#])(?P<id>#\d{4,})\b"),
    re.compile(r"\b(?P<id>\d{3}-\d{7}-\d{7})\b"),
    # 4+ digits so that names such as COVID-19 or ISO-639 stay.
    re.compile(
        r"\b(?P<id>(?=[A-Z]{2,6}-(?:[A-Z0-9-]*\d){4})[A-Z]{2,6}-\d[A-Z0-9]*(?:-[A-Z0-9]+)*)\b"
    ),
)

# International format: "+", country code, then groups; 8-15 digits in all (E.164 allows 15).
_INTERNATIONAL_PHONE = re.compile(r"(?<![\w+])\+\d[\d\s().-]{6,20}\d(?!\w)")


@dataclass(frozen=True, slots=True)
class Redaction:
    """One replaced stretch: its kind and character span in the original text."""

    kind: str  # "email", "phone", "order_id"
    start: int
    end: int


def find_personal_data(text: str, regions: Iterable[str] = DEFAULT_REGIONS) -> list[Redaction]:
    """Every stretch of `text` to redact, non-overlapping, in order (earlier kinds win ties)."""
    found: list[Redaction] = [Redaction("email", m.start(), m.end()) for m in _EMAIL.finditer(text)]
    for pattern in _ORDER_PATTERNS:
        found.extend(
            Redaction("order_id", m.start("id"), m.end("id")) for m in pattern.finditer(text)
        )
    for region in dict.fromkeys(r.upper() for r in regions if r):
        try:
            matches = phonenumbers.PhoneNumberMatcher(
                text, region, leniency=phonenumbers.Leniency.VALID
            )
            found.extend(Redaction("phone", m.start, m.end) for m in matches)
        except Exception:  # noqa: BLE001 - an unknown region must not stop redaction
            continue
    for m in _INTERNATIONAL_PHONE.finditer(text):
        digits = sum(ch.isdigit() for ch in m.group())
        if 8 <= digits <= 15:
            found.append(Redaction("phone", m.start(), m.end()))
    return _non_overlapping(found)


def _non_overlapping(found: list[Redaction]) -> list[Redaction]:
    # Earliest start first; at the same start the longest; a stretch inside a kept one is dropped.
    order = {"email": 0, "order_id": 1, "phone": 2}
    kept: list[Redaction] = []
    for r in sorted(found, key=lambda r: (r.start, -(r.end - r.start), order[r.kind])):
        if kept and r.start < kept[-1].end:
            continue
        kept.append(r)
    return kept


_TOKENS = {"email": EMAIL_TOKEN, "phone": PHONE_TOKEN, "order_id": ORDER_TOKEN}


def redact(text: str, regions: Iterable[str] = DEFAULT_REGIONS) -> tuple[str, list[Redaction]]:
    """`text` with personal data replaced by placeholders, and what was replaced."""
    found = find_personal_data(text, regions)
    if not found:
        return text, []
    parts: list[str] = []
    last = 0
    for r in found:
        parts.append(text[last : r.start])
        parts.append(_TOKENS[r.kind])
        last = r.end
    parts.append(text[last:])
    return "".join(parts), found


def regions_for(targets: Sequence[str]) -> tuple[str, ...]:
    """Default regions plus those of target locale tags ("pt-BR" -> "BR")."""
    regions = list(DEFAULT_REGIONS)
    for tag in targets:
        parts = tag.replace("_", "-").split("-")
        if len(parts) > 1 and len(parts[1]) == 2:
            regions.append(parts[1].upper())
    return tuple(dict.fromkeys(regions))
