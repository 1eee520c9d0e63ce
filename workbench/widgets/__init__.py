"""Reusable widgets of the review terminal UI."""
