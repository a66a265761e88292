"""Pre-translation from exact matches: fill untranslated segments from the translation memory
(``translate-app tm propagate``).  Not to be confused with the propagation of a
translation to identical segments of a document, which the workflow does on every save."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from translate_app import workflow
from translate_app.errors import NotFoundError
from translate_app.memory.store import exact, source_language
from translate_app.store.models import Document, Segment, Translation
from translate_app.store.states import State

ORIGIN = "tm:100"
"""Origin of a translation filled from an exact match (a draft until a person confirms it)."""


def fill_from_memory(session: Session, slug: str, lang: str) -> int:
    """Fill every empty segment of ``slug`` in ``lang`` that has an exact match in the memory.

    The best unit (approved before translated, then the newest) is saved as
    a draft with origin ``tm:100``; a translator confirms it.  Returns the
    number of segments filled (the caller commits).
    """
    doc = session.scalar(select(Document).where(Document.slug == slug))
    if doc is None:
        raise NotFoundError(f"no document {slug!r}")
    src = source_language(session)
    translated = select(Translation.segment_id).where(
        Translation.language_code == lang, Translation.state > State.EMPTY
    )
    segments = session.scalars(
        select(Segment)
        .where(
            Segment.document_id == doc.id,
            Segment.obsolete.is_(False),
            Segment.id.not_in(translated),
        )
        .order_by(Segment.position)
    )
    filled = 0
    for segment in segments:
        tr = workflow.get_translation(session, segment, lang)
        if tr.text:  # filled by propagation from an identical segment meanwhile
            continue
        found = exact(session, segment.source, src, lang, limit=1)
        if not found:
            continue
        workflow.save(
            session, segment, lang, found[0].target, user=None, base_version=tr.version,
            state=State.DRAFT, origin=ORIGIN, action="draft",
            note=f"exact match from the memory ({found[0].document_slug or found[0].origin})",
        )  # fmt: skip
        filled += 1
    return filled
