"""Redaction: personal data out, ordinary text (dates, amounts, placeholders, names) left alone."""

from __future__ import annotations

import pytest

from workbench.redact import redact, regions_for


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Write to ana.lopez+shop@example.co.uk today.", "Write to {email} today."),
        ("Call +1 415-555-2671 or (212) 736-5000.", "Call {phone} or {phone}."),
        ("Ring 020 7946 0958 any time.", "Ring {phone} any time."),
        ("Our line: +44 7700 900123.", "Our line: {phone}."),  # fictional range, international form
        ("Order #10234 has shipped.", "Order {order_id} has shipped."),
        ("Amazon order 112-1234567-1234567 is late.", "Amazon order {order_id} is late."),
        ("See ORD-2024-0001 and invoice INV-7731.", "See {order_id} and invoice {order_id}."),
        ("Your order number: A1B2C3D4 is ready.", "Your order number: {order_id} is ready."),
        ("ticket 48213 was closed", "ticket {order_id} was closed"),
    ],
)
def test_personal_data_is_replaced(text: str, expected: str) -> None:
    assert redact(text, regions_for(["es-ES"]))[0] == expected


@pytest.mark.parametrize(
    "text",
    [
        "We ship on 2026-11-22 for 1,234.56 EUR.",
        "COVID-19 rules and ISO-639 codes apply.",
        "Hi {name}, use code SAVE20 before 10:30.",
        "case 12 of 40 items",
        "Your refund of $49.99 is on its way.",
    ],
)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert redact(text, regions_for(["es-ES"])) == (text, [])


def test_spans_point_into_the_original_text() -> None:
    text = "Mail a@b.io or call +34 912 345 678."
    _, found = redact(text, regions_for(["es-ES"]))
    assert [(r.kind, text[r.start : r.end]) for r in found] == [
        ("email", "a@b.io"),
        ("phone", "+34 912 345 678"),
    ]


def test_target_regions_recognise_national_numbers() -> None:
    assert regions_for(["pt-BR", "es"]) == ("US", "GB", "BR")
    assert redact("Ligue (11) 98765-4321.", regions_for(["pt-BR"]))[0] == "Ligue {phone}."


# -- cards, IBANs and national phone formats ------------------------------------------------------
REGIONS_DE_US = regions_for(["de-DE"], ["US"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Card 4111 1111 1111 1111 was charged.", "Card {card} was charged."),
        ("Card 5500-0000-0000-0004.", "Card {card}."),
        ("Paid with 4111111111111111 today", "Paid with {card} today"),
        ("Amex 3782 822463 10005 on file", "Amex {card} on file"),
        ("IBAN DE89 3704 0044 0532 0130 00 for the refund", "IBAN {iban} for the refund"),
        ("Send it to GB82WEST12345698765432 please", "Send it to {iban} please"),
        ("IBAN DE89 3704 0044 0532 0130 00 AND NOTHING ELSE", "IBAN {iban} AND NOTHING ELSE"),
        ("Rufen Sie (030) 1234567 an.", "Rufen Sie {phone} an."),
        ("Mobil 0171 2345678", "Mobil {phone}"),
        ("Call 555-867-5309 tonight.", "Call {phone} tonight."),
        ("or (555) 867-5309", "or {phone}"),
    ],
)
def test_cards_ibans_and_national_phones_are_replaced(text: str, expected: str) -> None:
    assert redact(text, REGIONS_DE_US)[0] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Card 4111 1111 1111 1112 fails the Luhn check.",  # one digit off
        "IBAN DE89 3704 0044 0532 0130 01 has a wrong checksum",
        "We ship on 04.12.2026 at 10:30.",  # a German date is a valid-looking DE number
        "Delivered 2026-11-22, refund 1.234,56 € or 1,234.56 EUR.",
        "Total 12345678 items, SKU 4006381333931, 10 000 units, version 1.2.3.4",
        "Prices: € 1234567 and 1 000 000 EUR",
        "postcode 10115 Berlin, between 1990-2020",
        "See ref 2024-11-30 for the day it happened.",
    ],
)
def test_dates_prices_and_numbers_are_not_redacted(text: str) -> None:
    assert redact(text, REGIONS_DE_US) == (text, [])


def test_order_numbers_stay_order_ids_not_cards_or_phones() -> None:
    text = "Order #10234 and order 112-1234567-1234567, ticket 48213, INV-7731."
    _, found = redact(text, REGIONS_DE_US)
    assert {r.kind for r in found} == {"order_id"}
    assert len(found) == 4


def test_phone_regions_come_from_targets_and_config() -> None:
    # "(030) 1234567" is a Berlin number only when DE is a target or configured.
    assert redact("Ruf an: (030) 1234567", regions_for(["es-ES"], ["GB"]))[0] == (
        "Ruf an: (030) 1234567"
    )
    assert redact("Ruf an: (030) 1234567", regions_for(["es-ES"], ["DE"]))[0] == "Ruf an: {phone}"
    # 555-867-5309 is read as North American only with US (or CA) among the regions.
    assert redact("Call 555-867-5309", regions_for(["de-DE"], []))[0] == "Call 555-867-5309"
