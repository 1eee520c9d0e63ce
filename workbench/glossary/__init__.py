"""Curated knowledge from glossaries/: idioms, acronyms, terms, locales, sensitive topics."""
