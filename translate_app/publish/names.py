"""The author's name as an edition writes it: one form on the cover, in the metadata and the text.

The source's front matter names the author once (``author: Jade McGlynn``);
an edition in another script needs the form its translators use in the text
(the biography at the end reads «Джейд Макґлінн»).  The form for language
``uk`` is, in this order:

1. a front matter key ``author_uk`` (``author_pt_BR``, then ``author_pt``);
2. an ``authors:`` mapping in the front matter (``authors: {uk: …, de: …}``);
3. the glossary's translation of the name, for the language or for every
   language (a term marked do-not-translate keeps the name as it is);
4. the name as the source writes it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from translate_app.store.models import GlossaryTerm


def _keys(lang: str) -> list[str]:
    base = lang.replace("-", "_")
    return list(dict.fromkeys([base, base.lower(), base.split("_", maxsplit=1)[0]]))


def author_name(front: Mapping[str, Any], lang: str, terms: Sequence[GlossaryTerm] = ()) -> str:
    """The author's name for an edition in ``lang`` ("" when the source names nobody)."""
    author = front.get("author")
    if not isinstance(author, str) or not author.strip():
        return "" if author is None else str(author).strip()
    author = " ".join(author.split())
    authors = front.get("authors")
    for key in _keys(lang):
        own = front.get(f"author_{key}")
        if isinstance(own, str) and own.strip():
            return own.strip()
    if isinstance(authors, Mapping):
        for key in _keys(lang):
            value = authors.get(key)
            if isinstance(value, str) and value.strip():
                return value.strip()
    found = [t for t in terms if _names(t, author)]
    found.sort(key=lambda t: t.language_code is None)  # the language's own term first
    for term in found:
        if term.do_not_translate:
            return author
        if term.target_term.strip():
            return term.target_term.strip()
    return author


def _names(term: GlossaryTerm, author: str) -> bool:
    source = " ".join(term.source_term.split())
    return source == author if term.case_sensitive else source.casefold() == author.casefold()
