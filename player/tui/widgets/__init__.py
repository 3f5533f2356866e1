"""Textual widgets, one per file."""
