"""Placeholder detection, masking and unmasking (engine-independent cases)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.mt.masking import PROTECTED_PATTERNS, find_protected, mask, mask_token, unmask


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("Hi {{name}}, thanks!", "template", "{{name}}"),
        ("Hi {{ customer.first_name }}!", "template", "{{ customer.first_name }}"),
        ("{% if vip %}Welcome back{% endif %}", "template", "{% if vip %}"),
        ("Hi {name}, welcome", "format", "{name}"),
        ("You have {0} items", "format", "{0}"),
        ("Total: {amount:.2f} EUR", "format", "{amount:.2f}"),
        ("Hello %s, welcome", "printf", "%s"),
        ("You have %d new messages", "printf", "%d"),
        ("Dear %(name)s,", "printf", "%(name)s"),
        ("Item %1$s shipped", "printf", "%1$s"),
        ("Hi ${firstName}!", "shell", "${firstName}"),
        ("Hi :name, your parcel left", "colon", ":name"),
        (
            "Visit https://shop.example.com/orders?id=42.",
            "url",
            "https://shop.example.com/orders?id=42",
        ),
        ("or www.example.com/help!", "url", "www.example.com/help"),
        ("Write to support@example.co.uk today", "email", "support@example.co.uk"),
        ("Your order #12345 shipped", "order_id", "#12345"),
        ("Reference ORD-2024-0001 please", "order_id", "ORD-2024-0001"),
        ("Tracking 1Z999AA10123456784 is live", "order_id", "1Z999AA10123456784"),
        ('Click <a href="/x">here</a>', "html", '<a href="/x">'),
        ("line<br/>break", "html", "<br/>"),
    ],
)
def test_each_placeholder_syntax_is_found(text: str, kind: str, expected: str) -> None:
    found = find_protected(text)
    assert any(p.kind == kind and p.text == expected for p in found), found
    for p in found:
        assert text[p.start : p.end] == p.text


@pytest.mark.parametrize(
    "text",
    [
        "Note: we will call you",
        "Your slot is at 10:30 tomorrow",
        "Get 50% off today",
        "We are 100% sure of it",
        "Thanks :smile: see you",
        "Room 12 on floor 3",
        "Use USB or PDF files",
        "Contact us via e-mail or phone",
        "Prices start at $10",
    ],
)
def test_ordinary_prose_is_not_protected(text: str) -> None:
    assert find_protected(text) == []


def test_protected_stretches_do_not_overlap_and_prefer_the_longest() -> None:
    text = "See https://x.example.com/o/{id}?ref=#12345 and {{name}} or {name}"
    found = find_protected(text)
    assert [p.kind for p in found] == ["url", "template", "format"]
    for a, b in zip(found, found[1:], strict=False):
        assert a.end <= b.start


def test_patterns_are_ordered_kind_regex_pairs() -> None:
    kinds = [kind for kind, _ in PROTECTED_PATTERNS]
    assert kinds[0] == "url"
    assert {"template", "format", "printf", "shell", "colon", "order_id", "html", "email"} <= set(
        kinds
    )


def test_mask_then_unmask_round_trips_exactly() -> None:
    text = "Hi {{name}}, order #12345 ships to %s. See https://ex.com/t?o={0} or mail a@b.io"
    masked = mask(text)
    assert "{{" not in masked.text and "#12345" not in masked.text and "https" not in masked.text
    assert len(masked.tokens) == len(masked.originals) == 5
    result = unmask(masked.text, masked)
    assert result.text == text
    assert result.problems == ()


def test_text_without_placeholders_is_unchanged() -> None:
    masked = mask("Thank you for your patience.")
    assert masked.is_identity and masked.text == "Thank you for your patience."
    assert unmask("Gracias por su paciencia.", masked).text == "Gracias por su paciencia."


def test_case_and_space_changes_are_restored_silently() -> None:
    masked = mask("Hi {{name}}, your order ORD-77 is late")
    engine_output = f"Hola {mask_token(0).lower()}, su pedido ZXQ 1Q llega tarde"
    result = unmask(engine_output, masked)
    assert result.text == "Hola {{name}}, su pedido ORD-77 llega tarde"
    assert result.problems == ()


def test_digit_after_placeholder_is_not_read_as_index() -> None:
    masked = mask("{{n}}5 and {a}{b}")
    assert unmask(masked.text, masked).text == "{{n}}5 and {a}{b}"


def test_dropped_duplicated_and_mangled_tokens_are_reported() -> None:
    masked = mask("Hi {{name}}, code {0}, link https://ex.com")
    t0, t1, t2 = masked.tokens
    result = unmask(f"Hola {t0} {t0}, código, enlace {t2} ZXQ9Q y zxq", masked)
    kinds = sorted((p.kind, p.original) for p in result.problems)
    assert ("dropped", "{0}") in kinds
    assert ("duplicated", "{{name}}") in kinds
    assert [k for k, _ in kinds].count("mangled") == 2
    # every restorable token is back; the broken ones stay visible, never silently replaced
    assert result.text.startswith("Hola {{name}} {{name}}, código, enlace https://ex.com ZXQ9Q")
    for p in result.problems:
        if p.kind == "duplicated":
            assert result.text[p.span[0] : p.span[1]] == "{{name}}"
        if p.kind == "mangled":
            assert result.text[p.span[0] : p.span[1]].lower().startswith("zxq")


def test_token_like_text_written_by_the_author_survives() -> None:
    text = "Product ZXQ1Q and {{name}}"
    masked = mask(text)
    result = unmask(masked.text, masked)
    assert result.text == text and result.problems == ()


@given(st.text(alphabet=st.sampled_from(list("ab {}%s:#1<>/@.ZXQzxq-_\n")), max_size=60))
def test_mask_unmask_is_lossless_for_any_text(text: str) -> None:
    masked = mask(text)
    result = unmask(masked.text, masked)
    assert result.text == text
    assert result.problems == ()
