"""Redact personal data before a message is translated, scored or stored.

Each kind is replaced by a format placeholder ({email}, {phone}, {card}, {iban}, {order_id}):
placeholder masking carries such tokens through MT unchanged, so the scorers still see a
well-formed sentence and the placeholder check still guards the slot.

What counts as each kind (the whole list):

- email: RFC 5322 "dot-atom" addresses as people write them: local@domain.tld.
- card: 13-19 digits, alone or in groups separated by single spaces or dashes (one kind of
  separator), starting 2-6 (the card networks' ranges) and passing the Luhn checksum
  (4111 1111 1111 1111, 5500-0000-0000-0004).
- iban: a country code, two check digits and the account part, with or without spaces, that
  passes the IBAN checksum and the country's format (python-stdnum).
- order_id: "#" and 4+ digits (#10234); Amazon style 3-7-7 digit groups (112-1234567-1234567);
  capitals, a dash and a digit-led code with 4+ digits (ORD-2024-0001, INV-7731); and any
  token with 4+ digits or 6+ capitals/digits that follows an order keyword (order, invoice,
  ticket, case, tracking, reference, ref, RMA, confirmation) with an optional "number", "no.",
  "id", "code", "#" or ":".
- phone: numbers libphonenumber accepts as valid for one of the regions (review.phone_regions,
  default US and GB, plus the region of every target locale: "(030) 1234567" for DE), in any
  national or international format; North American numbers written 555-867-5309 or
  (555) 867-5309 even in ranges libphonenumber calls unassigned; and any "+" and 8-15 digits
  in groups (international format, e.g. fictional ranges such as +44 7700 900123).

Not redacted: names, street addresses, postcodes, dates, times, prices and amounts, plain
numbers and codes without an order keyword (SKUs, quantities), and national phone formats of
regions that are neither configured nor a target. Dates (04.12.2026, 2026-11-22) and amounts
next to a currency are never taken for phone numbers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import phonenumbers
from stdnum import iban as stdnum_iban
from stdnum import luhn

from workbench.models import Message

EMAIL_TOKEN = "{email}"
PHONE_TOKEN = "{phone}"
ORDER_TOKEN = "{order_id}"
CARD_TOKEN = "{card}"
IBAN_TOKEN = "{iban}"

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
# North American layout: 3-3-4 digits with an area code in brackets or dashes/dots/spaces.
_NANP_PHONE = re.compile(r"(?<![\w.-])(?:\(\d{3}\)\s?|\d{3}[-. ])\d{3}[-. ]\d{4}(?![\w-])")
_NANP_REGIONS = frozenset({"US", "CA"})
# A date or a time is not a phone number, whatever a region's numbering plan allows.
_DATE = re.compile(r"^(?:\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}[:.]\d{2}(?::\d{2})?)$")
_CURRENCY_BEFORE = re.compile(r"[$€£¥₹₽₩¢]\s?$|\b[A-Z]{3}\s$")
_CURRENCY_AFTER = re.compile(r"^\s?(?:[$€£¥₹₽₩¢]|[A-Z]{3}\b)")

# Card candidates: 13-19 digits, optionally in groups split by one space or one dash.
# Not the account part of an IBAN ("DE89 3704 …"), even one whose checksum fails.
_CARD = re.compile(r"(?<![\w.,-])(?<![A-Z]{2}\d{2} )\d(?:[ -]?\d){12,18}(?![\w-]|[.,]\d)")
# IBAN candidates: country, check digits, then groups of up to 4 letters/digits.
_IBAN = re.compile(r"(?<![\w-])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{1,4}){3,8}(?![\w-])")


@dataclass(frozen=True, slots=True)
class Redaction:
    """One replaced stretch: its kind and character span in the original text."""

    kind: str  # "email", "phone", "card", "iban", "order_id"
    start: int
    end: int


def find_personal_data(text: str, regions: Iterable[str] = DEFAULT_REGIONS) -> list[Redaction]:
    """Every stretch of `text` to redact, non-overlapping, in order (earlier kinds win ties)."""
    found: list[Redaction] = [Redaction("email", m.start(), m.end()) for m in _EMAIL.finditer(text)]
    found.extend(_cards(text))
    found.extend(_ibans(text))
    for pattern in _ORDER_PATTERNS:
        found.extend(
            Redaction("order_id", m.start("id"), m.end("id"))
            for m in pattern.finditer(text)
            if not _DATE.match(m.group("id"))  # "ref 2024-11-30" names a day, not an order
        )
    found.extend(_phones(text, regions))
    return _non_overlapping(found)


def _cards(text: str) -> list[Redaction]:
    out = []
    for m in _CARD.finditer(text):
        raw = m.group()
        separators = set(re.sub(r"\d", "", raw))
        digits = re.sub(r"\D", "", raw)
        groups = [len(g) for g in re.split(r"[ -]", raw)]
        if (
            len(separators) <= 1
            and _card_layout(groups)
            and digits[0] in "23456"
            and luhn.is_valid(digits)
        ):
            out.append(Redaction("card", m.start(), m.end()))
    return out


def _card_layout(groups: list[int]) -> bool:
    """How cards are written: unbroken, in fours (the last group shorter), or Amex/Diners 4-6-x."""
    if len(groups) == 1:
        return True
    if groups[:2] == [4, 6] and len(groups) == 3:
        return groups[2] in (4, 5)
    return all(g == 4 for g in groups[:-1]) and 1 <= groups[-1] <= 4


def _ibans(text: str) -> list[Redaction]:
    out = []
    for m in _IBAN.finditer(text):
        groups = m.group().split(" ")
        # The pattern may run into a following capitalised word: shorten group by group.
        while len(groups) >= 1:
            candidate = " ".join(groups)
            if len(candidate.replace(" ", "")) >= 15 and stdnum_iban.is_valid(candidate):
                out.append(Redaction("iban", m.start(), m.start() + len(candidate)))
                break
            groups.pop()
    return out


def _phones(text: str, regions: Iterable[str]) -> list[Redaction]:
    spans: list[tuple[int, int]] = []
    wanted = list(dict.fromkeys(r.upper() for r in regions if r))
    for region in wanted:
        try:
            matches = phonenumbers.PhoneNumberMatcher(
                text, region, leniency=phonenumbers.Leniency.VALID
            )
            spans.extend((m.start, m.end) for m in matches)
        except Exception:  # noqa: BLE001 - an unknown region must not stop redaction
            continue
    if _NANP_REGIONS.intersection(wanted):
        spans.extend(m.span() for m in _NANP_PHONE.finditer(text))
    for m in _INTERNATIONAL_PHONE.finditer(text):
        digits = sum(ch.isdigit() for ch in m.group())
        if 8 <= digits <= 15:
            spans.append(m.span())
    return [Redaction("phone", s, e) for s, e in spans if _looks_like_phone(text, s, e)]


def _looks_like_phone(text: str, start: int, end: int) -> bool:
    """False for dates, times and amounts that a numbering plan happens to allow."""
    raw = text[start:end]
    if _DATE.match(raw):
        return False
    return not (
        _CURRENCY_BEFORE.search(text[max(0, start - 4) : start])
        or _CURRENCY_AFTER.match(text[end : end + 4])
    )


def _non_overlapping(found: list[Redaction]) -> list[Redaction]:
    # Earliest start first; at the same start the longest; a stretch inside a kept one is dropped.
    order = {"email": 0, "card": 1, "iban": 2, "order_id": 3, "phone": 4}
    kept: list[Redaction] = []
    for r in sorted(found, key=lambda r: (r.start, -(r.end - r.start), order[r.kind])):
        if kept and r.start < kept[-1].end:
            continue
        kept.append(r)
    return kept


_TOKENS = {
    "email": EMAIL_TOKEN,
    "phone": PHONE_TOKEN,
    "card": CARD_TOKEN,
    "iban": IBAN_TOKEN,
    "order_id": ORDER_TOKEN,
}


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


def regions_for(targets: Sequence[str], base: Iterable[str] = DEFAULT_REGIONS) -> tuple[str, ...]:
    """`base` regions (review.phone_regions) plus those of target locale tags ("pt-BR" -> "BR")."""
    regions = [r.upper() for r in base]
    for tag in targets:
        parts = tag.replace("_", "-").split("-")
        if len(parts) > 1 and len(parts[1]) == 2:
            regions.append(parts[1].upper())
    return tuple(dict.fromkeys(regions))


def redact_messages(
    messages: Sequence[Message], regions: Iterable[str] = DEFAULT_REGIONS
) -> tuple[list[Message], int]:
    """The one redaction step every entry point uses before MT, scoring and storing: each
    message's text and given translation with personal data replaced, and how many changed."""
    regions = tuple(regions)
    out: list[Message] = []
    changed = 0
    for message in messages:
        text, found = redact(message.text, regions)
        translation, found_t = (
            redact(message.translation, regions)
            if message.translation
            else (message.translation, [])
        )
        if found or found_t:
            changed += 1
            message = replace(message, text=text, translation=translation)
        out.append(message)
    return out, changed
