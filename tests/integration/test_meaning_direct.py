"""Meaning checked without a back-translation: correct replies into languages no engine here
translates back (de, ja, nl, it) are not queued for it, and broken ones are named.

Through the service with the real multilingual encoder, lingua, spaCy and SudachiPy.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.config import Config
from workbench.models import Message
from workbench.service import Service
from workbench.store import Store

pytestmark = pytest.mark.integration

DRAFT = (
    "Thank you for contacting us. Your refund of 25 euros was approved on 12/03/2026. "
    "The money will not reach your account before Friday."
)
CORRECT = {
    "de-DE": "Vielen Dank für Ihre Nachricht. Ihre Rückerstattung von 25 Euro wurde am "
    "12.03.2026 genehmigt. Das Geld wird nicht vor Freitag auf Ihrem Konto eingehen.",
    "ja-JP": "お問い合わせいただきありがとうございます。25ユーロの返金は2026/03/12に承認されました。"
    "金曜日より前にお客様の口座に入金されることはありません。",
    "nl-NL": "Bedankt voor uw bericht. Uw terugbetaling van 25 euro is op 12-03-2026 "
    "goedgekeurd. Het geld staat niet vóór vrijdag op uw rekening.",
    "it-IT": "Grazie per averci contattato. Il suo rimborso di 25 euro è stato approvato il "
    "12/03/2026. Il denaro non arriverà sul suo conto prima di venerdì.",
}
BROKEN = {
    # the negation is gone: the customer is told the opposite
    ("de-DE", "meaning.negation"): "Vielen Dank für Ihre Nachricht. Ihre Rückerstattung von 25 "
    "Euro wurde am 12.03.2026 genehmigt. Das Geld wird vor Freitag auf Ihrem Konto eingehen.",
    # the sentence with the amount is gone
    ("ja-JP", "meaning.sentence_omitted"): "お問い合わせいただきありがとうございます。"
    "金曜日より前にお客様の口座に入金されることはありません。",
    # a sentence nobody wrote
    ("nl-NL", "meaning.sentence_added"): "Bedankt voor uw bericht. Uw terugbetaling van 25 euro "
    "is op 12-03-2026 goedgekeurd. Ons magazijn is in het weekend gesloten en wij verzenden "
    "geen pakketten. Het geld staat niet vóór vrijdag op uw rekening.",
    # the amount changed
    ("it-IT", "numbers.mismatch"): "Grazie per averci contattato. Il suo rimborso di 52 euro è "
    "stato approvato il 12/03/2026. Il denaro non arriverà sul suo conto prima di venerdì.",
}


@pytest.fixture
def service(tmp_path: Path) -> Service:
    svc = Service(Config(), Store(tmp_path / "w.db"))
    yield svc
    svc.close()


def test_correct_replies_are_not_queued_for_unverified_meaning(service: Service) -> None:
    messages = [
        Message(f"refund-{t}", DRAFT, target=t, translation=tr) for t, tr in CORRECT.items()
    ]
    result = service.submit(messages)
    assert result.assessed == 4
    # no engine translates back from these languages on this machine
    assert set(result.missing_engines) == {"de->en", "ja->en", "nl->en", "it->en"}
    # the refund topic is sensitive and queues every one of them for a person, but not
    # for want of a back-translation: that reason is gone, the direct check is named instead
    rows = service.list_queue(status=None)
    assert len(rows) == 4
    for row in rows:
        item = service.get_item(row.id)
        risk = item.assessment.risk
        assert risk is not None
        assert not any("not verified" in r for r in risk.reasons), risk.reasons
        assert any("checked against the draft directly" in r for r in risk.reasons)
        assert not [f for f in item.assessment.findings if f.rule_id.startswith("meaning.")]


def test_correct_replies_without_a_sensitive_topic_are_not_queued(service: Service) -> None:
    draft = "Thank you for contacting us. Your parcel will not arrive before Friday."
    translations = {
        "de-DE": "Vielen Dank für Ihre Nachricht. Ihr Paket wird nicht vor Freitag ankommen.",
        "ja-JP": "お問い合わせいただきありがとうございます。お荷物は金曜日より前には届きません。",
        "nl-NL": "Bedankt voor uw bericht. Uw pakket komt niet vóór vrijdag aan.",
        "it-IT": "Grazie per averci contattato. Il suo pacco non arriverà prima di venerdì.",
    }
    messages = [
        Message(f"p-{t}", draft, target=t, translation=tr) for t, tr in translations.items()
    ]
    result = service.submit(messages)
    assert result.assessed == 4
    assert result.queued == 0, [
        service.get_item(r.id).assessment.risk for r in service.list_queue(status=None)
    ]


def test_broken_replies_are_queued_with_the_problem_named(service: Service) -> None:
    messages = [
        Message(f"broken-{t}", DRAFT, target=t, translation=tr) for (t, _), tr in BROKEN.items()
    ]
    service.submit(messages)
    by_target = {}
    for row in service.list_queue(status=None):
        item = service.get_item(row.id)
        by_target[row.target] = {f.rule_id for f in item.assessment.findings}
    for target, rule in BROKEN:
        assert rule in by_target[target], (target, by_target[target])


def test_a_pivoted_back_translation_is_blamed_not_the_correct_translation(
    service: Service,
) -> None:
    """pt-BR comes back through Spanish ("Our squad answers … in until an useful day"): the
    translation agrees with the draft directly, so the engine is named and nothing is queued."""
    message = Message(
        "hours",
        "Our team answers every message within one business day.",
        target="pt-BR",
        translation="Nossa equipe responde a todas as mensagens em até um dia útil.",
    )
    assert service.submit([message]).queued == 0
    assessment = service.store.load_assessment(1)
    assert assessment.item.back_translation  # the round trip ran, through the pivot
    assert assessment.risk is not None and assessment.risk.level == "low"
    assert "the back-translation (apertium:pt-es" in assessment.risk.reasons[0]
    assert "likely cause" in assessment.risk.reasons[0]
