"""Finding what a URL names (document, segment, language), or a 404."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from translate_app.errors import NotFoundError
from translate_app.models import Document, Language, Segment
from translate_app.policy import enabled_language


def document(session: Session, slug: str) -> Document:
    """The document ``slug``."""
    found = session.scalar(select(Document).where(Document.slug == slug))
    if found is None:
        raise NotFoundError(f"no document {slug!r}")
    return found


def segment(session: Session, doc: Document, key: str) -> Segment:
    """The segment ``key`` of ``doc`` (obsolete ones too: their history stays readable)."""
    found = session.scalar(
        select(Segment).where(Segment.document_id == doc.id, Segment.key == key)
    )
    if found is None:
        raise NotFoundError(f"no segment {key!r} in {doc.slug}")
    return found


def language(session: Session, code: str) -> Language:
    """The enabled language ``code``."""
    return enabled_language(session, code)
