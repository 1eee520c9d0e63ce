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
