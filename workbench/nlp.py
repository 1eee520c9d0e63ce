"""The one place that builds and caches spaCy pipelines per language (all offline)."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy loads torch through thinc: import it only when a pipeline is built
    from spacy.language import Language


@functools.cache
def blank(lang: str) -> Language:
    """A blank spaCy pipeline for `lang` with the rule-based sentencizer (no downloads)."""
    import spacy

    try:
        nlp = spacy.blank(lang)
    except (ImportError, KeyError, ValueError):
        nlp = spacy.blank("xx")  # multi-language tokenizer for languages spaCy lacks
    nlp.add_pipe("sentencizer")
    return nlp


def sentence_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """Character spans of the sentences in `text` (whitespace between them excluded)."""
    if not text.strip():
        return []
    doc = blank(lang)(text)
    return [(s.start_char, s.end_char) for s in doc.sents if s.text.strip()]


def split_sentences(texts: list[str], lang: str) -> list[list[str]]:
    """Sentences of many texts at once (nlp.pipe batches the work)."""
    nlp = blank(lang)
    return [[s.text for s in doc.sents if s.text.strip()] for doc in nlp.pipe(texts)]
