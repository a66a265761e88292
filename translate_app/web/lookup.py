"""Finding what a URL names (document, segment, language), or a 404."""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, defer

from translate_app.errors import NotFoundError
from translate_app.store.models import Document, Language, Segment
from translate_app.workflow.policy import enabled_language

# Built once: every request of the editor and the review looks its document up, every save
# its segment.
_DOCUMENT = (
    select(Document)
    .where(Document.slug == bindparam("slug"))
    .options(defer(Document.source_text))  # the whole source: read when used (previews)
)
_SEGMENT = select(Segment).where(
    Segment.document_id == bindparam("document"), Segment.key == bindparam("key")
)


def document(session: Session, slug: str) -> Document:
    """The document ``slug``."""
    found = session.scalar(_DOCUMENT, {"slug": slug})
    if found is None:
        raise NotFoundError(f"no document {slug!r}")
    return found


def segment(session: Session, doc: Document, key: str) -> Segment:
    """The segment ``key`` of ``doc`` (obsolete ones too: their history stays readable)."""
    found = session.scalar(_SEGMENT, {"document": doc.id, "key": key})
    if found is None:
        raise NotFoundError(f"no segment {key!r} in {doc.slug}")
    return found


def language(session: Session, code: str) -> Language:
    """The enabled language ``code``."""
    return enabled_language(session, code)
