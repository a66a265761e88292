"""Stored segments read back as the segmenter's model: ``Segment`` rows -> ``ParsedSegment``.

The one conversion from the store to ``segment.model``, for the publish gate (a whole
document, read as plain rows) and the editor's paragraph preview (a block's ORM rows).
The segmenter never imports the store; this module sits above both.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Text, cast, select
from sqlalchemy.orm import Session

from translate_app.errors import NotFoundError
from translate_app.segment.model import (
    Code,
    CodeKind,
    ParsedDocument,
    ParsedSegment,
    Syntax,
    quick_segment,
)
from translate_app.store.models import Document, Segment

SEGMENT_COLUMNS = (
    Segment.key, Segment.source, Segment.start, Segment.end, Segment.line, Segment.kind,
    Segment.block, Segment.syntax, cast(Segment.codes, Text), Segment.context,
    Segment.occurrence, Segment.group_hash,
)  # fmt: skip
"""A stored segment's columns, in the order :func:`parsed_segment` reads their values.

The codes come as JSON text, decoded only when there are some (most segments have none)."""

_SYNTAX = {str(member): member for member in Syntax}


def parsed_segment(values: Sequence[Any], *, offset: int = 0) -> ParsedSegment:
    """The segment model of a stored segment's values (:data:`SEGMENT_COLUMNS` order).

    ``values`` come from a query of :data:`SEGMENT_COLUMNS` (codes as JSON text) or
    from :func:`row_values` (codes as stored: a list).  ``offset`` moves the span back,
    for a model of a slice of the source that starts there.  The segment is made
    without dataclass ``__init__`` (``quick_segment``): a 40,000-sentence document is
    read in a third of the time.
    """
    key, source, start, end, line, kind, block, form, codes, context, occurrence, group = values
    if isinstance(codes, str):
        codes = json.loads(codes) if codes != "[]" else ()
    decoded = (
        tuple(Code(c["id"], CodeKind(c["kind"]), c["markup"], c["label"]) for c in codes)
        if codes
        else ()
    )
    return quick_segment(key, source, start - offset, end - offset, line, kind, block,
                         _SYNTAX[form], decoded, context, occurrence, group)  # fmt: skip


def row_values(row: Segment) -> tuple[Any, ...]:
    """A ``Segment`` row's values in :data:`SEGMENT_COLUMNS` order, for :func:`parsed_segment`."""
    return (
        row.key, row.source, row.start, row.end, row.line, row.kind, row.block, row.syntax,
        row.codes, row.context, row.occurrence, row.group_hash,
    )  # fmt: skip


def document_row(session: Session, slug: str) -> Document:
    """The stored document ``slug``, its pending changes flushed (plain reads may follow)."""
    row = session.scalar(select(Document).where(Document.slug == slug))
    if row is None:
        raise NotFoundError(f"no document {slug!r}; ingest it first (translate-app ingest PATH)")
    session.flush()  # the bulk reads that follow go to the connection (plain rows, no ORM)
    return row


def stored_document(session: Session, slug: str) -> tuple[Document, ParsedDocument]:
    """The stored document and its segment model (spans into the stored source text)."""
    row = document_row(session, slug)
    found = session.connection().execute(
        select(*SEGMENT_COLUMNS)
        .where(Segment.document_id == row.id, Segment.obsolete.is_(False))
        .order_by(Segment.position)
    )
    segments = [parsed_segment(values) for values in found]
    return row, ParsedDocument(
        slug=row.slug, path=row.path, text=row.source_text, segments=segments
    )
