"""Readers for template libraries: folders, CSV, JSON(L), YAML, gettext, XLIFF, i18next, Zendesk."""

from workbench.corpus.reader import Corpus, CorpusProblem, read_corpus

__all__ = ["Corpus", "CorpusProblem", "read_corpus"]
