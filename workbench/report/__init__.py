"""Reports of a batch run: json, jsonl, csv, md, html for people; junit, sarif, github for CI."""

from workbench.report.render import CHECK_FORMATS, SCORE_FORMATS, render

__all__ = ["CHECK_FORMATS", "SCORE_FORMATS", "render"]
