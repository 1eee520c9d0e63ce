"""Machine translation: backends, routing per language pair, placeholder masking, caching."""
