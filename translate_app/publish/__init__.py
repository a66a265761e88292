"""Editions for readers: Markdown today (HTML and PDF to come)."""
