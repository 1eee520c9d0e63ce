"""Screens of the review terminal UI; each talks only to workbench.service."""
