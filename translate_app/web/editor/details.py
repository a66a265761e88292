"""What the details panel of a segment shows: suggestions, glossary, history, comments."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from translate_app import workflow
from translate_app.store.models import Document, Segment
from translate_app.web import assist


def details_context(session: Session, doc: Document, segment: Segment, lang: str) -> dict[str, Any]:
    """Template values for the details of ``segment`` in ``lang``."""
    translation = workflow.get_translation(session, segment, lang)
    return {
        "segment": segment,
        "version": translation.version,
        "events": workflow.history(session, segment, lang),
        "comments": workflow.comments(session, segment, lang),
        "suggestions": assist.suggestions(session, segment, lang),
        "glossary": assist.glossary_hits(session, segment, lang),
    }
