"""Help for the translator beside the text field: memory suggestions and glossary hits.

Both come from services of their own (``translate_app.memory.lookup``,
``translate_app.glossary.hits``); this module turns their answers into what the
editor shows.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from translate_app import glossary, memory
from translate_app.store.models import Document, Segment

SUGGESTIONS = 5
"""Memory suggestions shown per segment (keys Ctrl+Shift+1 to 5)."""
THRESHOLD = 70
"""Least match, in percent, worth showing."""


@dataclass(frozen=True)
class Suggestion:
    """A translation offered for the segment by the translation memory."""

    text: str
    score: float
    """Match in percent (100: the same source)."""
    source: str
    """The source sentence the suggestion translates."""
    origin: str
    """Where it came from (``human:<name>``, ``import:<file>``, ...)."""
    approved: bool
    """The remembered translation had been approved."""
    diff: tuple[tuple[str, str], ...] = ()
    """``(op, text)`` runs of that source against this segment's: ``equal``, ``delete``
    (only in the remembered source), ``insert`` (only in this one)."""


@dataclass(frozen=True)
class GlossaryHit:
    """A glossary term found in the source."""

    term: str
    translation: str
    note: str = ""
    do_not_translate: bool = False
    forbidden: tuple[str, ...] = ()


def suggestions(session: Session, segment: Segment, lang: str) -> list[Suggestion]:
    """Translation-memory suggestions for ``segment``, best first (not its own text)."""
    document = session.get(Document, segment.document_id)
    own = (document.slug if document else "", segment.key)
    found = memory.lookup(session, segment.source, memory.source_language(session), lang,
                          limit=SUGGESTIONS + 1, threshold=THRESHOLD)  # fmt: skip
    result = []
    for match in found:
        if (match.document_slug, match.segment_key) == own:
            continue  # this segment's own translation, remembered: nothing new
        result.append(Suggestion(
            text=match.target, score=match.score, source=match.source, origin=match.origin,
            approved=match.quality >= 30, diff=tuple((p.op, p.text) for p in match.diff),
        ))  # fmt: skip
    return result[:SUGGESTIONS]


def glossary_hits(session: Session, segment: Segment, lang: str) -> list[GlossaryHit]:
    """Glossary terms that occur in ``segment``'s source, each once."""
    seen: set[int] = set()
    result = []
    for hit in glossary.hits(session, segment.source, lang):
        term = hit.term
        if term.id in seen:
            continue
        seen.add(term.id)
        result.append(GlossaryHit(
            term=term.source_term, translation=term.target_term, note=term.note,
            do_not_translate=term.do_not_translate, forbidden=tuple(term.forbidden),
        ))  # fmt: skip
    return result
