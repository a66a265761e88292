"""Progress per document and language: segments and words per state.

Obsolete segments are left out; a segment without a translation row counts
as EMPTY.  Two grouped queries, whatever the size of the documents.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from translate_app.errors import NotFoundError
from translate_app.store.models import Document, Language, Segment, Translation
from translate_app.store.states import State


@dataclass(frozen=True)
class LanguageStatus:
    """Progress of one document in one language."""

    code: str
    """Language code."""
    segments: dict[State, int]
    """Segments per state (every state present, EMPTY included)."""
    words: dict[State, int]
    """Source words per state."""

    @property
    def total(self) -> int:
        """Segments in the document (not obsolete)."""
        return sum(self.segments.values())

    def percent(self, least: State) -> float:
        """Share of segments at ``least`` or above, in percent (0 for an empty document)."""
        total = self.total
        done = sum(n for state, n in self.segments.items() if state >= least)
        return round(100 * done / total, 1) if total else 0.0

    @property
    def percent_translated(self) -> float:
        """Segments translated or approved, in percent."""
        return self.percent(State.TRANSLATED)

    @property
    def percent_approved(self) -> float:
        """Segments approved, in percent."""
        return self.percent(State.APPROVED)

    def as_dict(self) -> dict[str, Any]:
        """Plain data for JSON (``status --json``, the API)."""
        return {
            "language": self.code,
            "segments": {state.label: n for state, n in self.segments.items()},
            "words": {state.label: n for state, n in self.words.items()},
            "percent_translated": self.percent_translated,
            "percent_approved": self.percent_approved,
        }


@dataclass(frozen=True)
class DocumentStatus:
    """Progress of one document in every enabled language."""

    slug: str
    title: str
    revision: int
    segments: int
    """Segments in the document (not obsolete)."""
    words: int
    """Source words (placeholders left out)."""
    languages: list[LanguageStatus] = field(default_factory=list)
    """One entry per enabled language, by code."""

    def language(self, code: str) -> LanguageStatus:
        """The entry for ``code``."""
        for entry in self.languages:
            if entry.code == code:
                return entry
        raise NotFoundError(f"language {code!r} is not enabled")

    def as_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "slug": self.slug,
            "title": self.title,
            "revision": self.revision,
            "segments": self.segments,
            "words": self.words,
            "languages": [entry.as_dict() for entry in self.languages],
        }


def status(session: Session, slug: str | None = None) -> list[DocumentStatus]:
    """Progress of every document (or of ``slug``) in every enabled language."""
    query = select(Document).order_by(Document.slug)
    if slug is not None:
        query = query.where(Document.slug == slug)
    documents = list(session.scalars(query))
    if slug is not None and not documents:
        raise NotFoundError(f"no document {slug!r} (ingest it first)")
    ids = [d.id for d in documents]
    codes = list(
        session.scalars(select(Language.code).where(Language.enabled).order_by(Language.code))
    )
    live = Segment.obsolete.is_(False)
    totals = {
        doc_id: (count, words or 0)
        for doc_id, count, words in session.execute(
            select(Segment.document_id, func.count(Segment.id), func.sum(Segment.words))
            .where(Segment.document_id.in_(ids), live)
            .group_by(Segment.document_id)
        )
    }
    done: dict[tuple[int, str, State], tuple[int, int]] = {}
    rows = session.execute(
        select(
            Segment.document_id,
            Translation.language_code,
            Translation.state,
            func.count(Translation.id),
            func.sum(Segment.words),
        )
        .join(Segment, Translation.segment_id == Segment.id)
        .where(Segment.document_id.in_(ids), live, Translation.state != State.EMPTY)
        .group_by(Segment.document_id, Translation.language_code, Translation.state)
    )
    for doc_id, code, state, count, words in rows:
        done[doc_id, code, State(state)] = (count, words or 0)
    result = []
    for document in documents:
        total, total_words = totals.get(document.id, (0, 0))
        languages = []
        for code in codes:
            segments = {s: done.get((document.id, code, s), (0, 0))[0] for s in State}
            counted = {s: done.get((document.id, code, s), (0, 0))[1] for s in State}
            segments[State.EMPTY] = total - sum(segments.values())
            counted[State.EMPTY] = total_words - sum(counted.values())
            languages.append(LanguageStatus(code=code, segments=segments, words=counted))
        result.append(
            DocumentStatus(
                slug=document.slug,
                title=document.title,
                revision=document.revision,
                segments=total,
                words=total_words,
                languages=languages,
            )
        )
    return result
