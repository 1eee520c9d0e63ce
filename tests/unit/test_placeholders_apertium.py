"""Real Apertium output (en -> es, masked by the router) raises no false number or link alarms."""

from __future__ import annotations

import shutil

import pytest

from workbench.config import Config
from workbench.models import Message, PipelineItem
from workbench.mt.apertium import ApertiumTranslator
from workbench.mt.router import MTRouter
from workbench.scoring.acronyms import AcronymScorer
from workbench.scoring.base import ScoringContext
from workbench.scoring.placeholders import PlaceholderScorer

pytestmark = pytest.mark.integration

DRAFTS = [
    "Your refund of $49.99 will be issued within 5-7 business days.",
    "Please drop the parcel at any DHL point by 11/30/2026.",
    "Your order #12345 ships via UPS on Monday at 2 PM.",
    "We sell in the EU and all prices include VAT.",
    "Hi {{name}}, your tracking number is 1Z999AA10123456784.",
    "Orders over $1,000 qualify for free shipping to the USA.",
    "Please write to help@example.com or visit https://example.com/returns?id=7.",
    "Your parcel weighs 2.5 kg and costs 12.90 EUR to ship.",
    "<p>Hello <b>%s</b>, your code is {code}.</p>",
    "You have {count, plural, one {# parcel} other {# parcels}} waiting at the pickup point.",
    'Click <x id="START_LINK"/>here<x id="CLOSE_LINK"/> to track <g id="1">your order</g>.',
    "Your refund of %0.2f EUR for %lu items was sent to %(name)s; 100%% of it arrives by %1.",
    "Hi {{name}}, see $t(common:returns) and <1>our policy</1>.",
    "{gender, select, female {She} male {He} other {They}} will call you at {time, time, short}.",
]


def test_real_translations_keep_numbers_links_and_acronyms() -> None:
    if shutil.which("apertium") is None:
        pytest.fail("apertium is not installed (apt-get install apertium apertium-eng-spa)")
    router = MTRouter(Config(), backends={"apertium": ApertiumTranslator(Config())})
    results = router.translate(DRAFTS, "en", "es")
    items = [
        PipelineItem(Message(str(i), text), "es-ES", r.text, None, mt_findings=r.findings)
        for i, (text, r) in enumerate(zip(DRAFTS, results, strict=True))
    ]
    context = ScoringContext(Config())
    for scorer in (PlaceholderScorer(context), AcronymScorer(context)):
        for item, result in zip(items, scorer.score(items), strict=True):
            translation_side = [f for f in result.findings if f.field == "translation"]
            assert translation_side == [], (item.source, item.translation, translation_side)


def test_text_inside_icu_branches_and_tags_is_translated() -> None:
    """Only the syntax is masked: the words in a plural branch or between tags reach the engine
    as words of their own ("<b>here</b>" is sent as "ZXQ0Q here ZXQ1Q")."""
    if shutil.which("apertium") is None:
        pytest.fail("apertium is not installed (apt-get install apertium apertium-eng-spa)")
    router = MTRouter(Config(), backends={"apertium": ApertiumTranslator(Config())})
    plural, tags = router.translate(
        ["{count, plural, one {# parcel} other {# parcels}}", "Click <b>here</b> now."], "en", "es"
    )
    expected = "{count, plural, one {# paquete} other {# paquetes}}"
    assert plural.text.casefold() == expected, plural.text  # "Paquete": it starts the text
    assert "<b>aquí</b>" in tags.text, tags.text
    assert plural.findings == () and tags.findings == ()
