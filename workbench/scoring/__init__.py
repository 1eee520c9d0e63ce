"""Scorers and the one table that registers them."""

from __future__ import annotations

from workbench.scoring.registry import SCORERS, build_scorers

__all__ = ["SCORERS", "build_scorers"]
