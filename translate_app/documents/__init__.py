"""Documents (DESIGN §3): ``ingest`` stores a document's segments and, for a new
revision, keeps, moves, outdates or retires them (``ingesting``)."""

from __future__ import annotations

from translate_app.documents.ingesting import IngestReport, ingest

__all__ = ["IngestReport", "ingest"]
