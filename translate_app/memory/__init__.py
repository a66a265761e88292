"""The translation memory (DESIGN §5): every translated and approved sentence, across documents.

- :func:`lookup`: fuzzy matches with a score and a word diff (fast at 1M units);
- :func:`exact`: units for the same normalized source;
- :func:`remember` / :func:`demote`: kept up to date by the workflow (``after_write``);
- TMX import and export are the catalog's (``catalog.tmx_exchange``);
- filling empty segments from exact matches is drafting's (``drafting.exact_matches``).
"""

from __future__ import annotations

from translate_app.memory.store import (
    DEFAULT_SOURCE_LANG,
    DiffPiece,
    Match,
    after_write,
    before_write,
    demote,
    diff,
    exact,
    lookup,
    remember,
    source_hash,
    source_language,
)

__all__ = [
    "DEFAULT_SOURCE_LANG",
    "DiffPiece",
    "Match",
    "after_write",
    "before_write",
    "demote",
    "diff",
    "exact",
    "lookup",
    "remember",
    "source_hash",
    "source_language",
]
