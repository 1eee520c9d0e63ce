"""Register in pro-drop languages and Japanese: must-flag and must-not-flag sentences per language.

Each case: (locale, text, expected register_detected). The sentences are written for these tests
(none is taken from the CoCoA-MT data the rules were measured on).
"""

from __future__ import annotations

import pytest

from workbench.config import Config
from workbench.models import Message, PipelineItem
from workbench.scoring.base import ScoringContext
from workbench.scoring.formality import FormalityScorer
from workbench.scoring.register_rules import _lexicon

CASES = [
    # es: tú verb morphology without a pronoun; plural nouns are not verbs
    ("es-ES", "¿Qué opinas de la nueva tarifa?", "informal"),
    ("es-ES", "Si compras dos, el envío es gratis.", "informal"),
    ("es-ES", "¿De pequeño jugabas con piezas de Lego?", "informal"),
    ("es-ES", "Dame un momento y lo compruebo.", "neutral"),
    ("es-ES", "Las cosas llegaron bien y las cajas están hechas en China.", "neutral"),
    ("es-ES", "Los valores y los dólares no cambian.", "neutral"),
    # es: usted in 3rd-person questions, fillers and clitics
    ("es-ES", "¿Qué opina sobre eso?", "formal"),
    ("es-ES", "¿La ha visto?", "formal"),
    ("es-ES", "Para vivir bien, ya sabe lo que digo.", "formal"),
    ("es-ES", "Deme un momento, por favor, y revise su correo.", "formal"),
    ("es-ES", "¿Él juega al fútbol?", "neutral"),
    # pt-PT: tu morphology and enclitic te; consigo / para si; enclitic object pronouns are not 'you'
    ("pt-PT", "O que achas do novo plano?", "informal"),
    ("pt-PT", "Podemos ajudar-te com isso.", "informal"),
    ("pt-PT", "Alguma vez viste a série?", "informal"),
    ("pt-PT", "Foi um prazer falar consigo!", "formal"),
    ("pt-PT", "Aconselhamos-lhe que aguarde dois dias.", "formal"),
    ("pt-PT", "Lembra-se quando comprou o telemóvel?", "formal"),
    ("pt-PT", "Não consigo imaginar isso.", "neutral"),
    ("pt-PT", "Vamos enviá-la amanhã por correio.", "neutral"),
    ("pt-PT", "As suas encomendas e as contas ficam prontas.", "formal"),
    # pt-BR keeps its own usage: para si is reflexive there
    ("pt-BR", "Ele comprou um presente para si.", "neutral"),
    ("pt-BR", "Você pode acompanhar o pedido pelo aplicativo.", "formal"),
]


_SCORER = FormalityScorer(ScoringContext(Config()))


def _detect(locale: str, text: str) -> str:
    scorer = _SCORER
    item = PipelineItem(Message("m", "", target=locale), locale, text, None)
    return scorer.score([item])[0].signals["register_detected"]


@pytest.mark.parametrize(("locale", "text", "expected"), CASES)
def test_register_detected(locale: str, text: str, expected: str) -> None:
    assert _detect(locale, text) == expected


def test_verb_lexicon_pairs_second_person_with_third() -> None:
    es = _lexicon("es", ("lemma_lookup",), ".+[aeií]r")
    assert es.is_verb("piensas", "s") and es.is_verb("sabías", "s")
    assert not es.is_verb("dólares", "s")
    assert not es.is_verb("cosa_inexistente", "s")


IT_CASES = [
    # it: tu morphology without a pronoun; sei "six" is a number; Lei questions and imperatives
    ("it-IT", "Ehi, conosci Steven Spielberg?", "informal"),
    ("it-IT", "Cosa ne pensi?", "informal"),
    ("it-IT", "Ci giocavi da piccolo?", "informal"),
    ("it-IT", "Goditi il fine settimana!", "informal"),
    ("it-IT", "Sei sicuro di voler annullare?", "informal"),
    ("it-IT", "Il rimborso arriva entro sei giorni lavorativi.", "neutral"),
    ("it-IT", "Abbiamo spedito sei pacchi e tre buste.", "neutral"),
    ("it-IT", "Vorrei tornare indietro e visitare i paesi europei.", "neutral"),
    ("it-IT", "Cosa ne pensa di questa offerta?", "formal"),
    ("it-IT", "Le piace il nuovo modello?", "formal"),
    ("it-IT", "Mi racconti del viaggio che ha fatto.", "formal"),
    ("it-IT", "Si goda il fine settimana!", "formal"),
    ("it-IT", "Quando ci sono questi prezzi così bassi, sa.", "formal"),
    ("it-IT", "Ti è piaciuto La Bella e la Bestia?", "informal"),
]


@pytest.mark.parametrize(("locale", "text", "expected"), IT_CASES)
def test_italian_register_detected(locale: str, text: str, expected: str) -> None:
    assert _detect(locale, text) == expected


JA_CASES = [
    # plain endings are casual; open clauses, quotations and list items are not plain endings
    ("ja-JP", "商品は明日届くよ。", "informal"),
    ("ja-JP", "分かるでしょ？", "informal"),
    ("ja-JP", "あなたは何が好き?", "informal"),
    ("ja-JP", "私は馬アレルギーなの。", "informal"),
    ("ja-JP", "週末を楽しんで!", "informal"),
    ("ja-JP", "在庫を確認しましたので、本日発送いたしますので", "formal"),
    ("ja-JP", "ご迷惑をおかけしたのです。", "formal"),
    ("ja-JP", "担当者は「すぐに送る」と言っておりました。", "formal"),
    ("ja-JP", "お客様が「なぜ届かないの？」とおっしゃいました。", "formal"),
    ("ja-JP", "手順は次のとおりです。\n・アプリを開く\n・注文履歴を選ぶ", "formal"),
    ("ja-JP", "お届けが遅れているようです。まるで先月のように。", "formal"),
    ("ja-JP", "ご確認ください。", "formal"),
    ("ja-JP", "早く寝なさい。", "informal"),
]


@pytest.mark.parametrize(("locale", "text", "expected"), JA_CASES)
def test_japanese_register_detected(locale: str, text: str, expected: str) -> None:
    assert _detect(locale, text) == expected


@pytest.mark.parametrize(
    ("text", "levels"),
    [
        ("先ほどおっしゃった件ですね。", "sonkeigo,teineigo"),
        ("担当者より改めてご連絡いたします。", "kenjogo,teineigo"),
        ("在庫がございます。", "teineigo"),
    ],
)
def test_japanese_keigo_levels_are_reported(text: str, levels: str) -> None:
    item = PipelineItem(Message("m", "", target="ja-JP"), "ja-JP", text, None)
    assert _SCORER.score([item])[0].signals["register_levels"] == levels


MORE_CASES = [
    ("pt-PT", "Então tem de arranjar um certo equilíbrio.", "formal"),
    ("pt-PT", "Tem um cartão de cliente?", "formal"),
    ("pt-PT", "Não sabia até me contares!", "informal"),
    ("pt-PT", "Vocês tiveram uma boa temporada.", "neutral"),
    ("pt-PT", "Os valores das mulheres e dos homens.", "neutral"),
    ("it-IT", "Onestamente, vada a letto presto. Le auguro una buona notte.", "formal"),
    # a rating, not "you crash" (estrellar): found in the sample corpus's review request
    ("es-ES", "Si le ha gustado, déjenos una reseña de 5 estrellas.", "formal"),
    (
        "es-ES",
        "Cuando mezcla culturas, espera que la más fuerte no aplaste a la más débil.",
        "formal",
    ),
]


@pytest.mark.parametrize(("locale", "text", "expected"), MORE_CASES)
def test_more_register_detected(locale: str, text: str, expected: str) -> None:
    assert _detect(locale, text) == expected
