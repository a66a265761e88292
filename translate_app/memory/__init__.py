"""The translation memory (DESIGN §5): every translated and approved sentence, across documents.

- :func:`lookup`: fuzzy matches with a score and a word diff (fast at 1M units);
- :func:`exact`: units for the same normalized source;
- :func:`remember` / :func:`demote`: kept up to date by the workflow (``after_write``);
- :func:`export_tmx` / :func:`import_tmx`: TMX 1.4;
- filling empty segments from exact matches is drafting's (``drafting.exact_matches``).
"""

from __future__ import annotations

from translate_app.memory.exchange import TmxReport, export_tmx, import_tmx
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
    "TmxReport",
    "after_write",
    "before_write",
    "demote",
    "diff",
    "exact",
    "export_tmx",
    "import_tmx",
    "lookup",
    "remember",
    "source_hash",
    "source_language",
]
