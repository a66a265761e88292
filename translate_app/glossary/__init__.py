"""The glossary (DESIGN §5): terms per language with notes, forbidden variants and two flags.

- *do not translate*: the term stays as it is (names, titles);
- *do not send*: the term is masked before any text goes to a machine-translation
  engine (:func:`do_not_send_terms`).

:func:`hits` finds terms in a source sentence (shown per segment, used by the
checks); CSV and TBX import and export are the catalog's
(:mod:`translate_app.catalog.glossary_exchange`).
"""

from __future__ import annotations

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
    "Hit",
    "add_term",
    "delete_term",
    "do_not_send_terms",
    "hits",
    "matcher",
    "terms",
    "update_term",
]
