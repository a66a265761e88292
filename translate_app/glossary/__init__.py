"""The glossary (DESIGN §5): terms per language with notes, forbidden variants and two flags.

- *do not translate*: the term stays as it is (names, titles);
- *do not send*: the term is masked before any text goes to a machine-translation
  engine (:func:`do_not_send_terms`).

:func:`hits` finds terms in a source sentence (shown per segment, used by the
checks); CSV and TBX import and export in :mod:`translate_app.glossary.exchange`.
"""

from __future__ import annotations

from translate_app.glossary.exchange import GlossaryReport, export_glossary, import_glossary
from translate_app.glossary.terms import (
    GlossaryError,
    GlossaryMatcher,
    Hit,
    add_term,
    delete_term,
    do_not_send_terms,
    hits,
    matcher,
    terms,
    update_term,
)

__all__ = [
    "GlossaryError",
    "GlossaryMatcher",
    "GlossaryReport",
    "Hit",
    "add_term",
    "delete_term",
    "do_not_send_terms",
    "export_glossary",
    "hits",
    "import_glossary",
    "matcher",
    "terms",
    "update_term",
]
