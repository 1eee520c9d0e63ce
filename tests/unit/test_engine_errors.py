"""Known mistranslations per MT engine: the bundled list loads, and names what it knows."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.errors import GlossaryError
from workbench.models import Message, MTInfo, PipelineItem
from workbench.scoring.engine_errors import check_engine_errors, load_engine_errors


def found(source: str, translation: str, target: str, model: str, backend: str = "apertium"):
    item = PipelineItem(Message("m", source), target, translation, None, MTInfo(backend, model))
    out = []
    for f in check_engine_errors(item):
        assert f.field == "translation" and f.severity == "error"
        out.append((translation[f.span[0] : f.span[1]], f.suggestion))
    return out


def test_bundled_list_has_the_please_entry() -> None:
    entries = load_engine_errors("apertium")
    assert len(entries) >= 5
    assert any(
        e.source.search("Please wait") and e.translation["es"].search("Complacer") for e in entries
    )
    assert load_engine_errors("no-such-engine") == ()


@pytest.mark.parametrize(
    ("source", "translation", "target", "model", "expected"),
    [
        (
            "Please check your settings.",
            "Complacer comprobar vuestros encuadres.",
            "es-ES",
            "apertium:eng-spa@0.7.2",
            [("Complacer", "por favor"), ("encuadres", "configuración")],
        ),
        # the pivot keeps the first hop's error
        (
            "Your order has shipped.",
            "Vossa ordem tem embarcado.",
            "pt-BR",
            "apertium:eng-spa@0.7.2+apertium:es-pt_BR@2.0",
            [("ordem", "pedido"), ("embarcado", "enviado")],
        ),
        # the right words: nothing to say
        (
            "Please check your settings.",
            "Por favor, revise su configuración.",
            "es-ES",
            "apertium:eng-spa",
            [],
        ),
        # another engine's output is not judged by apertium's list
        (
            "Please check your settings.",
            "Complacer comprobar.",
            "es-ES",
            "argos:translate-en_es-1_9",
            [],
        ),
        # the source must have the word that goes wrong
        ("We complained.", "Complacer.", "es-ES", "apertium:eng-spa", []),
    ],
)
def test_known_errors_are_named(source, translation, target, model, expected) -> None:
    backend = model.split(":")[0]
    assert found(source, translation, target, model, backend) == expected


def test_a_broken_entry_is_a_glossary_error(tmp_path: Path) -> None:
    (tmp_path / "apertium.toml").write_text(
        '[[mistranslation]]\nroute = "apertium:eng-spa"\nsource = "(unclosed"\n'
        'translation = { es = "x" }\nmessage = "m"\nexamples = ["x"]\n',
        encoding="utf-8",
    )
    with pytest.raises(GlossaryError, match="source is not a valid regular expression"):
        load_engine_errors.__wrapped__("apertium", str(tmp_path))
