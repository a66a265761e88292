"""Help for the translator beside the text field: memory suggestions and glossary hits.

Both come from services of their own (``translate_app.memory``,
``translate_app.glossary``); this module turns their answers into what the
editor shows, and shows nothing while a service is not installed.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from translate_app.models import Segment


@dataclass(frozen=True)
class Suggestion:
    """A translation offered for the segment (memory or machine)."""

    text: str
    score: float
    """Match in percent (100: the same source)."""
    source: str
    """The source sentence the suggestion translates."""
    origin: str
    """Where it came from (``tm``, an engine name, a document)."""
    diff_source: str = ""
    """How that source differs from this segment's (for fuzzy matches), as plain text."""


@dataclass(frozen=True)
class GlossaryHit:
    """A glossary term found in the source."""

    term: str
    translation: str
    note: str = ""
    do_not_translate: bool = False
    forbidden: tuple[str, ...] = ()


def suggestions(session: Session, segment: Segment, lang: str) -> list[Suggestion]:
    """Translation-memory suggestions for ``segment``, best first."""
    return []


def glossary_hits(session: Session, segment: Segment, lang: str) -> list[GlossaryHit]:
    """Glossary terms that occur in ``segment``'s source."""
    return []
