"""Placeholders, numbers, currencies, dates, links and tags between source and translation."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.config import Config
from workbench.models import Message, PipelineItem
from workbench.scoring.base import ScoringContext
from workbench.scoring.placeholders import (
    PlaceholderScorer,
    compare,
    number_format,
    parse_number,
)


def found(source: str, translation: str, target: str) -> list[tuple[str, str, str]]:
    """(rule id, field, the text the span points at) for each finding."""
    out = []
    for f in compare(source, translation, target):
        text = source if f.field == "source" else translation
        assert 0 <= f.span[0] <= f.span[1] <= len(text)
        out.append((f.rule_id, f.field, text[f.span[0] : f.span[1]]))
    return out


# Locale-aware formats, ordinals, times and dates that must NOT raise a finding.
@pytest.mark.parametrize(
    ("source", "translation", "target"),
    [
        (
            "Your refund of $1,250.50 arrives by 11/22/2026.",
            "Ihre Rückerstattung von 1.250,50 $ kommt bis zum 22.11.2026 an.",
            "de-DE",
        ),
        ("Total: 1,234.56 USD", "Total : 1\u202f234,56 USD", "fr-FR"),
        ("Total: 1,234.56 USD", "Total : 1 234,56 USD", "fr-FR"),
        ("Total: 1,234.56 USD", "Totale: 1.234,56 USD", "it-IT"),
        ("Total: CHF 1,234.50", "Total: CHF 1'234.50", "de-CH"),
        ("Orders over $1,000 ship free.", "Pedidos acima de US$ 1.000 têm frete grátis.", "pt-BR"),
        (
            "Orders over $1,000 ship free.",
            "Los pedidos de más de 1000 $ se envían gratis.",
            "es-ES",
        ),
        ("It weighs 2.5 kg.", "Es pesa 2,5 kg.", "es-ES"),
        ("It weighs 2.5 kg.", "Es pesa 2.5 kg.", "es-ES"),  # the source format kept as it was
        (
            "You have 14 days, starting March 3rd.",
            "Sie haben 14 Tage Zeit, ab dem 3. März.",
            "de-DE",
        ),
        ("Your 2nd parcel arrives on the 22nd.", "Ihr 2. Paket kommt am 22. an.", "de-DE"),
        ("We open at 9:30 am.", "Wir öffnen um 9:30 Uhr.", "de-DE"),
        ("We open at 9:30 am.", "Abrimos a las 9:30 a. m.", "es-ES"),
        ("Between 10 AM and 2 PM.", "Entre 10h et 14h.", "fr-FR"),
        ("Between 10 AM and 2 PM.", "午前10時から午後2時まで。", "ja-JP"),
        ("Between 10:00 and 14:00.", "Entre 10h00 et 14h00.", "fr-FR"),
        ("Issued on 03/11/2026.", "Émis le 11/03/2026.", "fr-FR"),
        ("Issued on 2026-11-22.", "2026年11月22日に発行されました。", "ja-JP"),
        ("Save 15% today.", "Économisez 15 % aujourd'hui.", "fr-FR"),
        ("Delivery in 3-5 business days.", "Lieferung in 3–5 Werktagen.", "de-DE"),
        (
            "Call +1 (800) 555-0199 or 1 800 555 0199.",
            "Appelez le +1 (800) 555-0199 ou 1 800 555 0199.",
            "fr-FR",
        ),
        ("Version 2.1.3 fixes it.", "La versión 2.1.3 lo soluciona.", "es-ES"),
        ("Your order 12345 from 2026", "ご注文12345（2026年）", "ja-JP"),
        ("Refund of R$ 50,00", "Reembolso de R$ 50,00", "pt-BR"),
        ("The price is $20.", "Le prix est de 20 $.", "fr-FR"),
        ("The price is $20.", "El precio es de 20 dólares.", "es-ES"),
        ("Total: €25", "合計：25ユーロ", "ja-JP"),
        (
            "Hi {{ name }}, order #12345: https://shop.example.com/Returns or help@example.com",
            "Hallo {{name}}, Bestellung #12345: https://SHOP.example.com/Returns/ oder "
            "Help@Example.com",
            "de-DE",
        ),
        (
            "<p>Hi <b>{name}</b>, 50% off with %s</p>",
            "<p>Hola <b>{name}</b>, 50 % con %s</p>",
            "es-ES",
        ),
        ("🎉 3 items for €9.99 🎉", "🎉 3 Artikel für 9,99 € 🎉", "de-DE"),
    ],
)
def test_equivalent_translations_raise_nothing(source: str, translation: str, target: str) -> None:
    assert found(source, translation, target) == []


@pytest.mark.parametrize(
    ("source", "translation", "target", "expected"),
    [
        (
            "Hi {{name}}!",
            "Hola {{nombre}}!",
            "es-ES",
            [("placeholders.changed", "translation", "{{nombre}}")],
        ),
        (
            "Hi {{name}}, order {order_id}.",
            "Hola, pedido {order_id}.",
            "es-ES",
            [("placeholders.missing", "source", "{{name}}")],
        ),
        ("Hi %s.", "Hallo %s, %d.", "de-DE", [("placeholders.extra", "translation", "%d")]),
        (
            "Quote ORD-2024-0001.",
            "Nennen Sie ORD-2024-0010.",
            "de-DE",
            [("placeholders.changed", "translation", "ORD-2024-0010")],
        ),
        (
            "See https://x.example/returns.",
            "Siehe https://x.example/retouren.",
            "de-DE",
            [("links.mismatch", "translation", "https://x.example/retouren")],
        ),
        (
            "Mail help@example.com.",
            "Schreiben Sie uns.",
            "de-DE",
            [("links.mismatch", "source", "help@example.com")],
        ),
        (
            'Click <a href="https://x.example/a">here</a>.',
            "Klicken Sie hier.",
            "de-DE",
            [
                ("tags.mismatch", "source", '<a href="https://x.example/a">'),
                ("tags.mismatch", "source", "</a>"),
            ],
        ),
        (
            "It weighs 2.5 kg.",
            "Es pesa 25 kg.",
            "es-ES",
            [("numbers.mismatch", "translation", "25")],
        ),
        (
            "Return within 14 days.",
            "Rücksendung innerhalb von 7 Tagen.",
            "de-DE",
            [("numbers.mismatch", "translation", "7")],
        ),
        (
            "Return within 14 days.",
            "Rücksendung innerhalb von zwei Wochen.",
            "de-DE",
            [("numbers.mismatch", "source", "14")],
        ),
        (
            "Your refund is ready.",
            "Ihre Rückerstattung von 20 € ist bereit.",
            "de-DE",
            [("numbers.mismatch", "translation", "20")],
        ),
        (
            "Refund of $1,250.50.",
            "Rückerstattung von 1.520,50 $.",
            "de-DE",
            [("numbers.mismatch", "translation", "1.520,50")],
        ),
        (
            "Refund of $1,250.50.",
            "Rückerstattung von 1.250,50 €.",
            "de-DE",
            [("numbers.mismatch", "translation", "1.250,50")],
        ),
        (
            "Delivered on 11/22/2026.",
            "Entregado el 23/11/2026.",
            "es-ES",
            [("numbers.mismatch", "translation", "23/11/2026")],
        ),
        (
            "We call at 2 PM.",
            "Llamamos a las 16:00.",
            "es-ES",
            [("numbers.mismatch", "translation", "16:00")],
        ),
    ],
)
def test_differences_are_found(source: str, translation: str, target: str, expected: list) -> None:
    assert found(source, translation, target) == expected


def test_severities() -> None:
    by_rule = {f.rule_id: f for f in compare("Hi {{a}} 5", "Hola {{b}} 6 %d", "es-ES")}
    assert by_rule["placeholders.changed"].severity == "error"
    assert by_rule["placeholders.extra"].severity == "warning"
    assert by_rule["numbers.mismatch"].severity == "error"
    assert by_rule["placeholders.changed"].suggestion == "{{a}}"


@pytest.mark.parametrize(
    ("raw", "locale", "value"),
    [
        ("1,000.50", "en", Decimal("1000.5")),
        ("1.000,50", "de-DE", Decimal("1000.5")),
        ("1\u202f000,50", "fr-FR", Decimal("1000.5")),
        ("1'000.50", "de-CH", Decimal("1000.5")),
        ("1.000", "en", Decimal("1")),
        ("1,5", "en", None),
        ("12,34,567", "en", None),
    ],
)
def test_parse_number_follows_the_locale(raw: str, locale: str, value: Decimal | None) -> None:
    assert parse_number(raw, number_format(locale)) == value


def test_scorer_batches_and_reports_unavailable() -> None:
    scorer = PlaceholderScorer(ScoringContext(Config()))
    items = [
        PipelineItem(
            Message("a", "Pay {amount} by 5 PM."), "de-DE", "Zahlen Sie {betrag} bis 17 Uhr.", None
        ),
        PipelineItem(Message("b", "Pay {amount}."), "ja-JP", None, None),
    ]
    first, second = scorer.score(items)
    assert [f.rule_id for f in first.findings] == ["placeholders.changed"]
    assert first.signals == {"placeholder_issues": 1}
    assert second.findings == () and "placeholders" in second.unavailable
    assert scorer.score([]) == []


_PIECES = [
    "{{name}}",
    "{0}",
    "%s",
    "%(n)d",
    "${x}",
    "<b>",
    "</b>",
    "https://e.x/a?b=1",
    "a@b.co",
    "#12345",
    "ORD-1-2",
    "1,000.50",
    "1.000,50",
    "14.",
    "2 PM",
    "11/22/2026",
    "$5",
    "€",
    "🎉",
    "日本",
    "\x00",
    "\x1b[31m",
    "\n",
    " ",
    "x",
    "٣",
    "１２",
]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    source=st.lists(st.sampled_from(_PIECES), max_size=12).map("".join),
    translation=st.one_of(
        st.text(max_size=40), st.lists(st.sampled_from(_PIECES), max_size=12).map("".join)
    ),
    target=st.sampled_from(["de-DE", "fr-FR", "ja-JP", "pt-BR", "ar-SA", "ko-KR"]),
)
def test_never_crashes_and_spans_stay_inside(source: str, translation: str, target: str) -> None:
    for f in compare(source, translation, target):
        text = source if f.field == "source" else translation
        assert 0 <= f.span[0] <= f.span[1] <= len(text)
    # A text compared with itself has nothing to report.
    assert compare(source, source, target) == []


def test_huge_line() -> None:
    source = "Pay $1,000.50 by {{date}} at https://x.example/p. " * 3000
    translation = "Zahlen Sie 1.000,50 $ bis {{date}} unter https://x.example/p. " * 3000
    assert compare(source, translation, "de-DE") == []


def test_a_placeholder_the_mt_step_reported_as_dropped_is_not_counted_twice() -> None:
    from workbench.models import Finding

    dropped = Finding(
        "placeholders.mt_mangled",
        "machine translation dropped placeholder '{{name}}'",
        (0, 0),
        "translation",
        "error",
        "check that '{{name}}' is in the translation",
    )
    message = Message("a", "Hi {{name}}, see {link}.")
    reported = PipelineItem(message, "es-ES", "Hola, mira.", None, mt_findings=(dropped,))
    plain = PipelineItem(message, "es-ES", "Hola, mira.", None)
    scorer = PlaceholderScorer(ScoringContext(Config()))
    with_mt, without_mt = scorer.score([reported, plain])
    assert [f.suggestion for f in with_mt.findings] == ["{link}"]
    assert [f.suggestion for f in without_mt.findings] == ["{{name}}", "{link}"]


def test_acronyms_written_with_digits_are_not_numbers() -> None:
    scorer = PlaceholderScorer(ScoringContext(Config()))
    item = PipelineItem(
        Message("a", "Turn on 2FA, ship via a 3PL and fill in form CN22 within 3 days."),
        "de-DE",
        "Aktivieren Sie die Zwei-Faktor-Authentifizierung, versenden Sie über einen "
        "Logistikdienstleister und füllen Sie das Formular CN22 innerhalb von 3 Tagen aus.",
        None,
    )
    assert scorer.score([item])[0].findings == ()
    # without the glossary the digits of "2FA" and "3PL" would count as missing numbers
    assert len(compare(item.source, item.translation or "", "de-DE")) == 2


def test_a_repeated_placeholder_said_once_is_a_warning_and_a_lost_one_an_error() -> None:
    from workbench.scoring.placeholders import compare

    once = compare("The {name} was changed. The {name} is saved.", "{name} wurde geändert und gespeichert.", "de-DE")
    assert [(f.rule_id, f.severity) for f in once] == [("placeholders.missing", "warning")]
    assert "fewer times" in once[0].message
    lost = compare("The {name} was changed.", "Es wurde geändert.", "de-DE")
    assert [(f.rule_id, f.severity) for f in lost] == [("placeholders.missing", "error")]


def test_a_one_or_zero_written_as_a_word_is_a_warning_other_lost_numbers_errors() -> None:
    from workbench.scoring.placeholders import compare

    word = compare("%(n)d receiver of 1 signal", "%(n)d Empfänger von einem Signal", "de-DE")
    assert [(f.rule_id, f.severity) for f in word] == [("numbers.mismatch", "warning")]
    lost = compare("Returns within 14 days.", "Rücksendungen innerhalb von Tagen.", "de-DE")
    assert [(f.rule_id, f.severity) for f in lost] == [("numbers.mismatch", "error")]
